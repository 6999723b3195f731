"""Building and updating the index: full rebuilds and incremental updates.

A rebuild writes a fresh generation beside the live one (see `storage`) and
swaps it in only once it is complete. An update works in place on the live
generation, through Whoosh's own atomic commit, and touches only the files
whose size/mtime changed *and* whose bytes changed.

Exact duplicates (same normalised title and body) are indexed once: the
article with the smallest id is kept, and the paths of the others are stored on
it. Every change recomputes the affected duplicate groups, so deleting the kept
copy promotes the next one.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from index.engine import DEFAULT_ENGINE, Indexed, engine_writer
from index.errors import IndexNotWritableError, UsageError
from index.files import open_regular
from index.ingest import SourceFile, path_of, read_source, scan
from index.models import Article, Extraction, IndexReport, Progress, Skip
from index.overview import save_overview
from index.store.generations import (
    SCHEMA_VERSION,
    Meta,
    clean_stale,
    current_generation,
    new_generation_dir,
    publish_generation,
    require_generation,
    writer_lock,
)
from index.store.manifest import FileEntry, Manifest
from index.store.names import display_names, merge_names
from index.text.vocab import document_words, merge_vocabulary

if TYPE_CHECKING:
    from index.entities.workers import ModelWorkers

ProgressFn = Callable[[Progress], None]


@dataclass(frozen=True)
class BuildOptions:
    procs: int = 2
    entities: bool = True
    ner_model: str | None = None
    follow_symlinks: bool = False
    wait: float = 0.0
    search_engine: str = DEFAULT_ENGINE


def update_index(
    archive: Path,
    index_dir: Path,
    *,
    paths: Sequence[Path] | None = None,
    rebuild: bool = False,
    options: BuildOptions = BuildOptions(),
    progress: ProgressFn | None = None,
) -> IndexReport:
    """Bring the index at `index_dir` in step with `archive` (or with `paths` inside it)."""
    started = time.perf_counter()
    tick = progress or (lambda _p: None)
    if not archive.exists():
        raise UsageError(f"Archive not found: {archive}")
    with writer_lock(index_dir, wait=options.wait):
        live = current_generation(index_dir)
        try:
            if live is None or rebuild:
                report = _rebuild(archive, index_dir, options, tick)
            else:
                require_generation(index_dir)
                report = _update(archive, live, paths, options, tick)
        except OSError as exc:
            raise IndexNotWritableError(
                f"Writing the index at {index_dir} failed: {exc.strerror or exc}. {_left(live, rebuild)}"
            ) from exc
        except IndexNotWritableError as exc:  # the engine's own (a writer process that failed)
            raise IndexNotWritableError(f"{exc.message} {_left(live, rebuild)}") from exc
    return _with_seconds(report, time.perf_counter() - started)


def _left(live: Path | None, rebuild: bool) -> str:
    """What a failed run left, truly: with no usable index before it, there is no "previous" one."""
    if live is None:
        return "There was no usable index before this run, and none was written."
    if rebuild:
        return "The previous index is unchanged."
    # An update may fail after its (atomic) Whoosh commit, in the files that follow it.
    return "The index is still usable; run `morgue index` again to finish the update."


def _with_seconds(report: IndexReport, seconds: float) -> IndexReport:
    return replace(report, seconds=round(seconds, 3))


# -- reading ---------------------------------------------------------------


@dataclass
class _Read:
    entries: dict[str, FileEntry]
    articles: dict[str, Article]
    skips: list[Skip]


def _read_files(sources: Sequence[SourceFile], tick: ProgressFn) -> _Read:
    entries: dict[str, FileEntry] = {}
    articles: dict[str, Article] = {}
    skips: list[Skip] = []
    total = len(sources)
    for n, src in enumerate(sources, 1):
        entry = FileEntry(size=src.size, mtime_ns=src.mtime_ns, sha1=_file_sha1(src.path))
        items = read_source(src)
        for item in items:
            if isinstance(item, Skip):
                if item.path == src.rel:
                    entry.skipped = item.reason
                else:
                    entry.record_skips.append((item.path, item.reason))
                skips.append(item)
            else:
                articles[item.id] = item
                entry.articles.append((item.id, item.content_hash))
        entries[src.rel] = entry
        if n % 50 == 0 or n == total:
            tick(Progress("read", n, total, src.rel))
    return _Read(entries, articles, skips)


def _file_sha1(path: Path) -> str:
    digest = hashlib.sha1()
    try:
        with open_regular(path, follow_symlinks=True) as fh:  # a file swapped for a FIFO never blocks
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def _manifest_skips(manifest: Manifest) -> list[Skip]:
    out: list[Skip] = []
    for rel, entry in manifest.files.items():
        if entry.skipped:
            out.append(Skip(rel, entry.skipped))
        out.extend(Skip(p, r) for p, r in entry.record_skips)
    return out


# -- the two paths -----------------------------------------------------------


def _rebuild(archive: Path, index_dir: Path, options: BuildOptions, tick: ProgressFn) -> IndexReport:
    previous = current_generation(index_dir)
    clean_stale(index_dir, keep_previous=None)
    sources, scan_skips = scan(archive, follow_symlinks=options.follow_symlinks)
    tick(Progress("scan", len(sources), len(sources)))
    workers = _early_workers(index_dir, options, len(sources))  # they load the model while we read
    try:
        read = _read_files(sources, tick)
        manifest = Manifest(files=read.entries)
        groups = manifest.hash_groups()
        winners = [read.articles[ids[0]] for ids in groups.values()]
        docs = _Documents(winners, groups, index_dir, options, tick, workers)
        tmp = new_generation_dir(index_dir)
        try:
            engine_writer(options.search_engine).write(
                tmp, docs, total=len(docs), create=True, procs=docs.writer_procs(), tick=tick
            )
            merge_names(tmp, docs.names)
            merge_vocabulary(tmp, docs.words, fresh=True)
            manifest.save(tmp)
            now = time.time()
            engine = docs.engine
            Meta(SCHEMA_VERSION, str(archive), now, now, engine, options.search_engine).write(tmp)
            tick(Progress("commit", 1, 1))
            publish_generation(index_dir, tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)  # a failed build (a full disk) gives its space back
            raise
    finally:
        if workers is not None:
            workers.close()
    clean_stale(index_dir, keep_previous=previous)
    save_overview(index_dir)
    return IndexReport(
        added=len(read.articles),
        skipped=tuple(scan_skips + read.skips),
        docs=len(winners),
        rebuilt=True,
        ner_engine=engine,
    )


def _early_workers(index_dir: Path, options: BuildOptions, files: int) -> ModelWorkers | None:
    if not options.entities:
        return None
    from index.entities.stage import early_workers  # spaCy stays out of no-entity builds

    return early_workers(index_dir, options.ner_model, options.procs, files)


def _update(
    archive: Path,
    gen: Path,
    paths: Sequence[Path] | None,
    options: BuildOptions,
    tick: ProgressFn,
) -> IndexReport:
    manifest = Manifest.load(gen)
    writer = engine_writer(Meta.read(gen).search_engine)
    sources, scan_skips = scan(archive, paths, follow_symlinks=options.follow_symlinks)
    tick(Progress("scan", len(sources), len(sources)))
    in_scope = _scope(archive, paths, manifest)
    found = {s.rel for s in sources}

    changed: list[SourceFile] = []
    for src in sources:
        old = manifest.files.get(src.rel)
        if old is not None and old.size == src.size and old.mtime_ns == src.mtime_ns:
            continue
        if old is not None and old.size == src.size and _file_sha1(src.path) == old.sha1:
            old.mtime_ns = src.mtime_ns  # touched, not changed
            continue
        changed.append(src)
    removed_files = [rel for rel in in_scope if rel not in found]

    old_articles = {
        aid: h
        for rel in [*removed_files, *(s.rel for s in changed)]
        for aid, h in (manifest.files[rel].articles if rel in manifest.files else [])
    }
    read = _read_files(changed, tick)
    for rel in removed_files:
        del manifest.files[rel]
    manifest.files.update(read.entries)
    new_articles = {aid: a.content_hash for aid, a in read.articles.items()}

    added = [a for a in new_articles if a not in old_articles]
    removed = [a for a in old_articles if a not in new_articles]
    updated = [a for a in new_articles if a in old_articles and old_articles[a] != new_articles[a]]
    affected = {old_articles[a] for a in removed + updated} | {new_articles[a] for a in added + updated}

    groups = manifest.hash_groups()
    winners = _winners(archive, affected, groups, read.articles, manifest)
    docs = _Documents(winners, groups, gen.parent, options, tick)
    if affected or changed or removed_files:
        writer.write(gen, docs, total=len(docs), create=False, delete_hashes=affected, tick=tick)
        merge_names(gen, docs.names)
        merge_vocabulary(gen, docs.words, fresh=False)
    engine = docs.engine
    manifest.save(gen)
    meta = Meta.read(gen)
    Meta(
        meta.schema_version,
        str(archive),
        meta.created,
        time.time(),
        engine or meta.ner_engine,
        meta.search_engine,
    ).write(gen)
    save_overview(gen.parent, unchanged=not (affected or changed or removed_files))
    total_articles = sum(len(e.articles) for e in manifest.files.values())
    return IndexReport(
        added=len(added),
        updated=len(updated),
        removed=len(removed),
        unchanged=total_articles - len(added) - len(updated),
        skipped=tuple(scan_skips + _manifest_skips(manifest)),
        docs=writer.doc_count(gen),
        ner_engine=engine or meta.ner_engine,
    )


def _scope(archive: Path, paths: Sequence[Path] | None, manifest: Manifest) -> list[str]:
    """Manifest files that this run is responsible for (all, or those under `paths`)."""
    if not paths:
        return list(manifest.files)
    prefixes: list[str] = []
    for p in paths:
        try:
            rel = p.resolve().relative_to(archive.resolve()).as_posix()
        except ValueError:
            continue
        prefixes.append("" if rel == "." else rel)
    return [
        rel
        for rel in manifest.files
        if any(pre == "" or rel == pre or rel.startswith(pre + "/") for pre in prefixes)
    ]


def _winners(
    archive: Path,
    affected: Iterable[str],
    groups: dict[str, list[str]],
    fresh: dict[str, Article],
    manifest: Manifest,
) -> list[Article]:
    """The kept article of every affected duplicate group, re-reading its file if unchanged."""
    file_of = manifest.file_of()
    winners: list[Article] = []
    for chash in affected:
        ids = groups.get(chash)
        if not ids:
            continue
        kept = fresh.get(ids[0]) or _reread(archive, file_of[ids[0]], ids[0], manifest)
        if kept is not None:
            winners.append(kept)
    return winners


def _reread(archive: Path, rel: str, article_id: str, manifest: Manifest) -> Article | None:
    entry = manifest.files[rel]
    src = SourceFile(path=path_of(archive, rel), rel=rel, size=entry.size, mtime_ns=entry.mtime_ns)
    for item in read_source(src):
        if isinstance(item, Article) and item.id == article_id:
            return item
    return None


class _Documents:
    """Whoosh documents for the kept articles, streamed as their entities arrive.

    Also gathers, on the way, what the sidecar files need (display names and
    word counts), so nothing has to walk the documents a second time.
    """

    def __init__(
        self,
        winners: list[Article],
        groups: dict[str, list[str]],
        index_dir: Path,
        options: BuildOptions,
        tick: ProgressFn,
        workers: ModelWorkers | None = None,
    ) -> None:
        self.winners = winners
        self.groups = groups
        self.options = options
        self.tick = tick
        self.stage = None
        if options.entities and winners:
            from index.entities.stage import EntityStage  # spaCy stays out of no-entity builds

            self.stage = EntityStage(index_dir, options.ner_model, options.procs, tick, workers)
        self.names: dict[str, str] = {}
        self.words: Counter[str] = Counter()
        self._body_keys: list[str] | None = None
        self._runs_model: bool | None = None
        if workers is not None and not self._model_runs():
            # Started on a guess (the cache looked cold), but the archive's bodies turned out
            # cached or too few: end them now, not when the stream gets past the cache.
            if self.stage is not None:
                self.stage.close_workers()  # the same workers: the stage forgets them too
            else:
                workers.close()

    @property
    def engine(self) -> str:
        return self.stage.engine if self.stage is not None else ""

    def writer_procs(self) -> int:
        """Writer processes: all of `procs`, unless the NER model's workers will be using the cores.

        Two writers on top of two model workers only add memory (~250 MB): the
        model is the slower stage, and one writer in the main process keeps up.
        """
        return 1 if self._model_runs() else self.options.procs

    def _model_runs(self) -> bool:
        """Whether the model will run on enough bodies to occupy every core (asked once)."""
        if self._runs_model is None:
            self._runs_model = self.stage is not None and self.stage.will_run_model(self._keys())
        return self._runs_model

    def _keys(self) -> list[str]:
        """Each body's cache key, hashed once for both the writer's choice and the stream."""
        if self._body_keys is None:
            from index.entities.stage import body_key

            self._body_keys = [body_key(a.body) for a in self.winners]
        return self._body_keys

    def __len__(self) -> int:
        return len(self.winners)

    def __iter__(self) -> Iterator[Indexed]:
        if self.stage is None:
            pairs: Iterable[tuple[int, Extraction]] = ((i, Extraction()) for i in range(len(self.winners)))
        else:
            pairs = self.stage.stream([a.body for a in self.winners], self._keys())
        for i, extraction in pairs:
            article = self.winners[i]
            dup_ids = tuple(self.groups.get(article.content_hash, [article.id])[1:])
            self.names.update(display_names(article.section, article.source, extraction.entities))
            self.words.update(document_words(article.title, article.body))
            yield Indexed(article, extraction, dup_ids)
