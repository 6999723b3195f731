"""Reading a file that may not be what its name says: bounded, never blocking, regular files only.

Every file Morgue reads may be damaged or hostile: `CURRENT` a link to
/dev/zero (read whole, that takes the machine's memory), `meta.json` a FIFO
(opening it to read waits forever for a writer), a sidecar truncated up to a
terabyte by a broken disk. So the index folder's own files and the files
`morgue extract` is given are read through here: opened without blocking
(O_NONBLOCK) and, for the index's files, without following a link
(O_NOFOLLOW: Morgue never writes one there); refused unless the open file is
a regular file; and read up to a limit, past which they are refused unread.

A refusal is a `RefusedFile`, an `OSError`: every caller already treats an
unreadable file as damage (or as a skip), and a refused one is nothing else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class RefusedFile(OSError):
    """Not a regular file, or larger than its limit: not read."""


def size_text(limit: int) -> str:
    """A limit as people read it: "16 MiB", "64 KiB", "256 bytes"."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit} bytes"


def not_regular(path: Path | str) -> RefusedFile:
    return RefusedFile(errno.EINVAL, "not a regular file", str(path))


def too_large(path: Path | str, limit: int) -> RefusedFile:
    return RefusedFile(errno.EFBIG, f"larger than the {size_text(limit)} limit", str(path))


@contextlib.contextmanager
def open_regular(path: Path | str, *, follow_symlinks: bool = False) -> Iterator[BinaryIO]:
    """`path` opened for reading in binary, if it is a regular file; `RefusedFile` otherwise.

    A FIFO, a device, a socket or a folder is refused before a byte is read
    (opening never blocks), and with `follow_symlinks` False so is a link.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:  # the last component is a link
            raise not_regular(path) from exc
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular(path)
        yield fh


def read_bounded(path: Path | str, limit: int, *, follow_symlinks: bool = False) -> bytes:
    """The whole of a regular file of at most `limit` bytes; `RefusedFile` for anything else.

    The size is checked before reading and again by reading one byte past the
    limit, for a file that grows meanwhile.
    """
    with open_regular(path, follow_symlinks=follow_symlinks) as fh:
        if os.fstat(fh.fileno()).st_size > limit:
            raise too_large(path, limit)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise too_large(path, limit)
    return data


def read_stream(stream: BinaryIO, limit: int, name: str) -> bytes:
    """At most `limit` bytes of a stream (standard input), `RefusedFile` when there are more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(name, limit)
    return data
