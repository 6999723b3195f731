"""Opening a Whoosh generation, and telling a damaged index from a bug in Morgue.

Whoosh keeps no checksums: damage shows as whatever exception its reader
meets first. An exception raised inside Whoosh's own code while it reads
Morgue's files means a damaged index, reported once with its cure; one raised
in Morgue's code stays what it is, a bug; a MemoryError is neither, and stays
what it is too (the front ends report it as the machine's state). A pickle the
guard will not load (`safe_pickle`: one naming code, or one that cannot be read)
is damage too.

Before Whoosh opens anything, every file of the generation must be a regular
file: Whoosh opens its TOC and segments with a plain `open`, which waits
forever on a FIFO and follows a link anywhere (`check_files`).
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import whoosh
from whoosh import index as whoosh_index
from whoosh.index import Index

from index.engine.whoosh import reads
from index.engine.whoosh.patches import start
from index.engine.whoosh.safe_pickle import IndexPickleError
from index.errors import CorruptIndexError, MorgueError
from index.store.generations import SIDECARS

_F = TypeVar("_F", bound=Callable[..., Any])
_WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep
# Code that stands in for Whoosh's own reading of its files (`reads.MemoryFile` for a `BytesIO`):
# what it raises on a damaged file, Whoosh's code raised before.
_STAND_INS = (reads.__file__,)


def damaged(where: Path, exc: BaseException) -> CorruptIndexError:
    detail = f": {exc.detail}" if isinstance(exc, IndexPickleError) else f" ({type(exc).__name__}: {exc})"
    return CorruptIndexError(f"The index at {where} is damaged{detail}. Run `morgue index --rebuild`.")


_SEGMENT_ID = re.compile(r"[a-z0-9]{1,64}")


def check_files(gen: Path) -> None:
    """CorruptIndexError unless every Whoosh file of the generation is a regular file.

    Morgue's own files beside them (`SIDECARS`) are its readers' to check:
    a damaged sidecar costs its extras, never the search.
    """
    try:
        entries = [e for e in os.scandir(gen) if e.name not in SIDECARS]
    except OSError as exc:
        raise damaged(gen.parent, exc) from exc
    for entry in entries:
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except FileNotFoundError:
            continue  # gone meanwhile (a writer's temporary file): Whoosh never reads it
        except OSError as exc:
            raise damaged(gen.parent, exc) from exc
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise CorruptIndexError(
                f"The index at {gen.parent} is damaged ({entry.name} is not a regular file). "
                "Run `morgue index --rebuild`."
            )


def open_whoosh(gen: Path) -> Index:
    """Open a generation, turning every way a damaged index fails into one clear error."""
    start()
    check_files(gen)
    try:
        ix = whoosh_index.open_dir(str(gen))
        check_segments(ix)
        ix.doc_count()  # touches the TOC and segment list
        return ix
    except CorruptIndexError:
        raise
    except MemoryError:
        raise  # the machine's state, not damage: the front ends say so (`index.errors.out_of_memory`)
    except Exception as exc:
        raise damaged(gen.parent, exc) from exc


def check_segments(ix: Index) -> None:
    """Refuse a TOC whose segments name files outside the generation.

    A segment's files are named from its id (`_MAIN_<id>.seg`): Whoosh writes
    ids of 16 letters and digits, but reads whatever the TOC says, so a planted
    id such as `../../x` would make it read files elsewhere. Nothing is run, but
    an index folder is data and must name nothing outside itself.
    """
    for segment in ix._read_toc().segments:
        segid = getattr(segment, "segid", None)
        name = getattr(segment, "indexname", ix.indexname)
        if not isinstance(segid, str) or not _SEGMENT_ID.fullmatch(segid) or name != ix.indexname:
            raise CorruptIndexError(
                f"The index at {Path(ix.storage.folder).parent} is damaged (a segment names files outside "
                "its folder). Run `morgue index --rebuild`."
            )


def raised_in_whoosh(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    filename = tb.tb_frame.f_code.co_filename
    return filename.startswith(_WHOOSH_DIR) or filename in _STAND_INS


def reads_index(method: _F) -> _F:
    """Whoosh failing to read its own files means a damaged index: say so, with the cure.

    For methods of an object with an `index_dir`. Only errors raised inside
    Whoosh become `CorruptIndexError`; a bug in Morgue's own code stays what it is.
    """

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except IndexPickleError as exc:  # says where, which the guard does not know
            raise damaged(self.index_dir, exc) from exc
        except (MorgueError, MemoryError):  # out of memory is the machine's state, not damage
            raise
        except Exception as exc:
            if not raised_in_whoosh(exc):
                raise
            raise damaged(self.index_dir, exc) from exc

    return cast(_F, wrapper)
