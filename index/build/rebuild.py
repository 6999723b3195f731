"""A full rebuild: a fresh generation written beside the live one, swapped in when complete."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from index.engine import engine_writer
from index.failpoints import failpoint
from index.ingest import scan
from index.models import IndexReport, Progress
from index.overview import save_overview
from index.store.generations import (
    SCHEMA_VERSION,
    Meta,
    clean_stale,
    current_generation,
    new_generation_dir,
    publish_generation,
)
from index.store.manifest import Manifest
from index.store.names import merge_names
from index.store.versions import save_versions
from index.text.vocab import merge_vocabulary

from .copies import write_copies
from .documents import Documents
from .options import BuildOptions, ProgressFn
from .reading import read_files
from .resolution import write_resolution
from .versions import carried_versions

if TYPE_CHECKING:
    from index.entities.workers import ModelWorkers


def rebuild(archive: Path, index_dir: Path, options: BuildOptions, tick: ProgressFn) -> IndexReport:
    previous = current_generation(index_dir)
    clean_stale(index_dir, keep_previous=None)
    sources, scan_skips = scan(archive, follow_symlinks=options.follow_symlinks)
    tick(Progress("scan", len(sources), len(sources)))
    failpoint("rebuild.after-scan")
    workers = early_workers(index_dir, options, len(sources))  # they load the model while we read
    try:
        read = read_files(sources, tick)
        failpoint("rebuild.after-read")
        manifest = Manifest(files=read.entries)
        groups = manifest.hash_groups()
        winners = [read.articles[ids[0]] for ids in groups.values()]
        docs = Documents(winners, groups, index_dir, options, tick, workers, path="rebuild")
        tmp = new_generation_dir(index_dir)
        try:
            engine_writer(options.search_engine).write(
                tmp, docs, total=len(docs), create=True, procs=docs.writer_procs(), tick=tick
            )
            failpoint("rebuild.after-commit")
            merge_names(tmp, docs.names)
            failpoint("rebuild.after-names")
            merge_vocabulary(tmp, docs.words, fresh=True)
            failpoint("rebuild.after-vocabulary")
            write_copies(tmp, winners)
            failpoint("rebuild.after-copies")
            write_resolution(tmp, docs.entity_rows)
            failpoint("rebuild.after-resolution")
            save_versions(tmp, carried_versions(previous, index_dir, read.articles, time.time()))
            failpoint("rebuild.after-versions")
            manifest.save(tmp)
            failpoint("rebuild.after-manifest")
            now = time.time()
            engine = docs.engine
            Meta(SCHEMA_VERSION, str(archive), now, now, engine, options.search_engine).write(tmp)
            failpoint("rebuild.after-meta")
            tick(Progress("commit", 1, 1))
            failpoint("rebuild.before-publish")
            publish_generation(index_dir, tmp)
            failpoint("rebuild.after-publish")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)  # a failed build (a full disk) gives its space back
            raise
    finally:
        if workers is not None:
            workers.close()
    clean_stale(index_dir, keep_previous=previous)
    save_overview(index_dir)
    failpoint("rebuild.after-overview")
    return IndexReport(
        added=len(read.articles),
        skipped=tuple(scan_skips + read.skips),
        docs=len(winners),
        rebuilt=True,
        ner_engine=engine,
    )


def early_workers(index_dir: Path, options: BuildOptions, files: int) -> ModelWorkers | None:
    if not options.entities:
        return None
    from index.entities.stage import early_workers as start_workers  # spaCy stays out of no-entity builds

    return start_workers(index_dir, options.ner_model, options.procs, files)
