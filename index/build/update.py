"""An incremental update: only the files whose size/mtime changed *and* whose bytes changed."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from index.engine import engine_writer
from index.failpoints import failpoint
from index.ingest import SourceFile, scan
from index.models import Article, IndexReport, Progress
from index.overview import save_overview
from index.store.generations import Meta
from index.store.manifest import Manifest
from index.store.names import merge_names
from index.text.vocab import merge_vocabulary

from .documents import Documents
from .options import BuildOptions, ProgressFn
from .reading import file_sha1, manifest_skips, read_files, reread


def update(
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
    failpoint("update.after-scan")
    in_scope = _scope(archive, paths, manifest)
    found = {s.rel for s in sources}

    changed: list[SourceFile] = []
    for src in sources:
        old = manifest.files.get(src.rel)
        if old is not None and old.size == src.size and old.mtime_ns == src.mtime_ns:
            continue
        if old is not None and old.size == src.size and file_sha1(src.path) == old.sha1:
            old.mtime_ns = src.mtime_ns  # touched, not changed
            continue
        changed.append(src)
    removed_files = [rel for rel in in_scope if rel not in found]

    old_articles = {
        aid: h
        for rel in [*removed_files, *(s.rel for s in changed)]
        for aid, h in (manifest.files[rel].articles if rel in manifest.files else [])
    }
    read = read_files(changed, tick)
    failpoint("update.after-read")
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
    docs = Documents(winners, groups, gen.parent, options, tick, path="update")
    if affected or changed or removed_files:
        writer.write(gen, docs, total=len(docs), create=False, delete_hashes=affected, tick=tick)
        failpoint("update.after-commit")
        merge_names(gen, docs.names)
        failpoint("update.after-names")
        merge_vocabulary(gen, docs.words, fresh=False)
        failpoint("update.after-vocabulary")
    engine = docs.engine
    manifest.save(gen)
    failpoint("update.after-manifest")
    meta = Meta.read(gen)
    Meta(
        meta.schema_version,
        str(archive),
        meta.created,
        time.time(),
        engine or meta.ner_engine,
        meta.search_engine,
    ).write(gen)
    failpoint("update.after-meta")
    save_overview(gen.parent, unchanged=not (affected or changed or removed_files))
    failpoint("update.after-overview")
    total_articles = sum(len(e.articles) for e in manifest.files.values())
    return IndexReport(
        added=len(added),
        updated=len(updated),
        removed=len(removed),
        unchanged=total_articles - len(added) - len(updated),
        skipped=tuple(scan_skips + manifest_skips(manifest)),
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
        kept = fresh.get(ids[0]) or reread(archive, file_of[ids[0]], ids[0], manifest)
        if kept is not None:
            winners.append(kept)
    return winners
