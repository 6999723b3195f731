"""The only place that opens Whoosh indexes for writing, and opens them safely for reading.

Bulk writes use Whoosh's multiprocess writer (two processes, one segment each)
and are then optimized into a single segment: about twice as fast as one
process, and a single segment keeps highlighting and facet maps fast.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index

from . import whoosh_patches  # noqa: F401 - applied on import
from .errors import CorruptIndexError
from .models import Progress
from .schema import build_schema

LIMIT_MB = 256


def open_whoosh(gen: Path) -> Index:
    """Open a generation, turning every way a damaged index fails into one clear error."""
    try:
        ix = whoosh_index.open_dir(str(gen))
        ix.doc_count()  # touches the TOC and segment list
        return ix
    except Exception as exc:
        raise CorruptIndexError(
            f"The index at {gen.parent} is damaged ({type(exc).__name__}: {exc}). "
            "Run `morgue index --rebuild`."
        ) from exc


def doc_count(gen: Path) -> int:
    return int(open_whoosh(gen).doc_count())


def commit_documents(
    gen: Path,
    docs: Iterable[dict[str, Any]],
    *,
    total: int,
    create: bool,
    delete_hashes: Iterable[str] = (),
    tick: Callable[[Progress], None] = lambda _p: None,
) -> None:
    """Delete the documents of the given duplicate groups, add `docs`, commit once."""
    ix = whoosh_index.create_in(str(gen), build_schema()) if create else open_whoosh(gen)
    try:
        writer = ix.writer(limitmb=LIMIT_MB)
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
    except BaseException:
        _abandon(ix, writer)
        raise
    try:
        writer.commit()
    except BaseException:
        _abandon(ix, writer)
        raise


def _abandon(ix: Index, writer: Any) -> None:
    """After a failed write (a full disk): give the space back and the lock up.

    Deletes the writer's temporary files and the files of the segment that never
    made it into the TOC; the TOC in effect and its segments stay as they were.
    """
    steps = (
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
