"""The only place that opens Whoosh indexes for writing, and opens them safely for reading.

Bulk writes use Whoosh's multiprocess writer (two processes, one segment each)
and are then optimized into a single segment: about twice as fast as one
process, and a single segment keeps highlighting and facet maps fast.
"""

from __future__ import annotations

import contextlib
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
    writer = ix.writer(limitmb=LIMIT_MB)
    try:
        for chash in delete_hashes:
            writer.delete_by_term("content_hash", chash)
        for n, doc in enumerate(docs, 1):
            writer.add_document(**doc)
            if n % 100 == 0 or n == total:
                tick(Progress("write", n, total))
    except BaseException:
        writer.cancel()
        _drop_unlisted_files(ix)
        raise
    try:
        writer.commit()
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        _drop_unlisted_files(ix)
        raise


def _drop_unlisted_files(ix: Index) -> None:
    """After a failed write (a full disk), delete the files of the segment that never made it
    into the TOC, so that the space comes back; the TOC in effect and its segments stay."""
    with contextlib.suppress(Exception):
        toc = ix._read_toc()
        whoosh_index.clean_files(ix.storage, ix.indexname, toc.generation, toc.segments)
