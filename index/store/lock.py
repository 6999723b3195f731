"""The index's single-writer lock: an `flock` on the index folder itself.

Why the folder and not a lock file: a lock on a file is a lock on its inode,
and a file's name can be unlinked while the lock is held. With `morgue.lock`
deleted mid-run, the next writer created a new file, locked it at once, and
ran beside the first: its clean-up deleted the first writer's generation in
progress. The folder cannot be unlinked while it holds the index, so every
writer locks the same inode. The lock is the kernel's: released when its
holder dies, so a killed run never leaves a stale lock behind.

`morgue.lock` remains, as a note of the holder's process id for the message
that names it (and the first proof that the folder can be written); it is
written after the lock is held, never followed if it is a link (nor blocked
on if it is a FIFO: either is replaced by a file), and deleting it changes
nothing. On a file system that cannot lock a
folder (NFS emulates `flock` with byte-range locks, which a folder opened for
reading cannot take) the lock falls back to `morgue.lock`, checking once it
holds the lock that the file it locked is still the one at that name.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from index.errors import IndexLockedError, IndexNotWritableError
from index.files import read_bounded

LOCK = "morgue.lock"
_BUSY = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)
_CANNOT_LOCK_FOLDERS = (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP)


@contextlib.contextmanager
def writer_lock(index_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's single-writer lock, or raise IndexLockedError.

    `wait` seconds are spent retrying before giving up, so cron jobs that
    overlap can queue instead of failing.
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise IndexNotWritableError(f"Cannot write the index at {index_dir}: {exc.strerror or exc}.") from exc
    try:
        deadline = time.monotonic() + wait
        try:
            _acquire(fd, index_dir, deadline)
        except OSError as exc:
            if exc.errno not in _CANNOT_LOCK_FOLDERS:
                raise IndexNotWritableError(f"Cannot lock {index_dir}: {exc}") from exc
            folder, fd = fd, -1
            os.close(folder)
            fd = _lock_file(index_dir, deadline)
        _note_holder(index_dir)
        yield
    finally:
        if fd >= 0:
            os.close(fd)


def _acquire(fd: int, index_dir: Path, deadline: float) -> None:
    """flock `fd`, retrying until `deadline`; IndexLockedError then. Other failures raise OSError."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in _BUSY:
                raise
            if time.monotonic() >= deadline:
                raise IndexLockedError(
                    f"Another `morgue index` is writing {index_dir}{_holder(index_dir)}. "
                    "Wait for it to finish, or pass --wait SECONDS."
                ) from None
            time.sleep(0.1)


def _lock_file(index_dir: Path, deadline: float) -> int:
    """The fallback: flock `morgue.lock`, and hold it only while it is still the file at that name."""
    path = index_dir / LOCK
    while True:
        try:
            _clear_odd_lock_file(path)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise IndexNotWritableError(
                f"Cannot write the index at {index_dir}: {exc.strerror or exc}."
            ) from exc
        try:
            _acquire(fd, index_dir, deadline)
            if _same_file(fd, path):
                return fd
        except OSError as exc:
            os.close(fd)
            raise IndexNotWritableError(f"Cannot lock {index_dir}: {exc}") from exc
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # unlinked or replaced between our open and our lock: lock the one there now


def _same_file(fd: int, path: Path) -> bool:
    try:
        held, named = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _clear_odd_lock_file(path: Path) -> None:
    """Remove a `morgue.lock` that is not a regular file (a link, a FIFO, a folder): Morgue wrote none."""
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(path).st_mode
        if stat.S_ISDIR(mode):
            os.rmdir(path)
        elif not stat.S_ISREG(mode):
            os.unlink(path)


def _note_holder(index_dir: Path) -> None:
    """Write this process's id into `morgue.lock`, for the message another writer gives.

    Also the early proof that the folder can be written at all: a read-only
    one is refused here, before a build has read the archive for nothing.
    """
    path = index_dir / LOCK
    try:
        _clear_odd_lock_file(path)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        finally:
            os.close(fd)
    except OSError as exc:
        raise IndexNotWritableError(f"Cannot write the index at {index_dir}: {exc.strerror or exc}.") from exc


def _holder(index_dir: Path) -> str:
    """The holder as the message names it, `(process N)`, from `morgue.lock`; "" if it names none."""
    try:
        pid = read_bounded(index_dir / LOCK, 32).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""
