"""The only place that opens Whoosh indexes for writing (`opening` opens them for reading).

A fresh generation of at least `PARALLEL_WRITE_MIN` documents is written by
Whoosh's multiprocess writer, one segment per process and no merge: the write
takes two thirds of the time on two processes. Merging the segments (`optimize`) would cost more than it saves, and two
segments cost searches little. The writer processes read the documents from
files the main process writes, so the main process keeps streaming them (and
the entity stage's results) meanwhile. Updates add their own small segment
with one writer, into a copy of the live generation whose segment files are
hard links (`immutable`): Whoosh writes a segment's files once and never again
(deleted documents are listed in the TOC, which is copied). Whoosh's
sub-writers are made to die with the main process (`patches`), and a
fresh generation is counted after its commit: a sub-writer that failed can
never leave documents silently missing.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from index.engine.protocol import Indexed
from index.errors import IndexNotWritableError
from index.models import Progress

from . import subwriters
from .documents import to_document
from .opening import open_whoosh
from .patches import start
from .schema import build_schema

# Each writer's posting pool, in MB, before it spills a sorted run to disk. One
# writer (a build that runs the model, an update) had 256: on a large archive
# that raised the build's peak, for no time (spilled runs are cheap, see `patches`).
WRITER_POOL_MB = 128
PARALLEL_WRITE_MIN = 1000  # documents; below this, starting writer processes costs more than it saves
# A segment's files (`MAIN_<segment id>.<ext>`: the compound `.seg`, or its parts), written once.
# Not the TOC (`_MAIN_<n>.toc`, which lists deletions) nor the lock (`MAIN_WRITELOCK`).
_SEGMENT_FILE = re.compile(r"MAIN_[a-z0-9]+\.[a-z0-9]+")


class WhooshWriter:
    """The Whoosh engine's side of `EngineWriter`."""

    name = "whoosh"

    def write(
        self,
        gen: Path,
        docs: Iterable[Indexed],
        *,
        total: int,
        create: bool,
        delete_hashes: Iterable[str] = (),
        procs: int = 1,
        tick: Callable[[Progress], None] = lambda _p: None,
    ) -> None:
        documents = (to_document(d.article, d.extraction, d.duplicates, d.quotes) for d in docs)
        commit_documents(
            gen, documents, total=total, create=create, delete_hashes=delete_hashes, procs=procs, tick=tick
        )

    def doc_count(self, gen: Path) -> int:
        return doc_count(gen)

    def immutable(self, filename: str) -> bool:
        return _SEGMENT_FILE.fullmatch(filename) is not None


def doc_count(gen: Path) -> int:
    return int(open_whoosh(gen).doc_count())


def commit_documents(
    gen: Path,
    docs: Iterable[dict[str, Any]],
    *,
    total: int,
    create: bool,
    delete_hashes: Iterable[str] = (),
    procs: int = 1,
    tick: Callable[[Progress], None] = lambda _p: None,
) -> None:
    """Delete the documents of the given duplicate groups, add `docs`, commit once."""
    start()
    ix = whoosh_index.create_in(str(gen), build_schema()) if create else open_whoosh(gen)
    parallel = create and procs > 1 and total >= PARALLEL_WRITE_MIN
    try:
        if parallel:
            writer = ix.writer(procs=procs, multisegment=True, limitmb=WRITER_POOL_MB)
            subwriters.guard(writer)
        else:
            writer = ix.writer(limitmb=WRITER_POOL_MB)
    except BaseException:  # it may have made its temp folder and first files already
        _abandon(ix, None)
        raise
    try:
        for chash in delete_hashes:
            writer.delete_by_term("content_hash", chash)
        for n, doc in enumerate(docs, 1):
            writer.add_document(**doc)
            if n % 100 == 0 or n == total:
                tick(Progress("write", n, total))
        writer.commit()
    except BaseException:
        _abandon(ix, writer)
        subwriters.raise_for_failures(gen, writer)  # a sub-writer's failure is the one to tell
        raise
    subwriters.raise_for_failures(gen, writer)
    if create:
        written = doc_count(gen)
        if written != total:  # a writer process died: never publish an index with articles missing
            raise IndexNotWritableError(
                f"Writing the index failed: {written:,} of {total:,} articles were written "
                f"({'a writer process ended early' if parallel else 'the writer lost some'})."
            )  # the caller says what was kept: only it knows whether there was an index before


def _abandon(ix: Index, writer: Any) -> None:
    """After a failed write (a full disk): give the space back and the lock up.

    Deletes the writer's temporary files and the files of the segment that never
    made it into the TOC; the TOC in effect and its segments stay as they were.
    """
    steps = (
        lambda: [task.terminate() for task in getattr(writer, "tasks", ())],  # sub-writers block otherwise
        lambda: writer.cancel(),
        lambda: writer.writelock.release(),
        lambda: shutil.rmtree(os.path.join(ix.storage.folder, f"{ix.indexname}.tmp")),
        lambda: whoosh_index.clean_files(
            ix.storage, ix.indexname, ix._read_toc().generation, ix._read_toc().segments
        ),
    )
    for step in steps:
        with contextlib.suppress(Exception):
            step()
