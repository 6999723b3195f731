"""Which archive and index a command uses, how it says so, and what it remembers.

A bare `morgue` goes back to the archive last named on a command line, so a
command run without --archive may not use the archive its user thinks: every
such run says which one it used (a line on stderr, or `"archive"`/`"index"`
in its JSON). Advice in an error message (`morgue index --rebuild`) names the
archive and index, so that copying it never indexes another archive.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from index import config
from index.errors import IndexMissingError, IndexNotWritableError, MorgueError, UsageError

ArchiveFrom = Literal["command line", "$MORGUE_ARCHIVE", "index", "last used", "bundled"]
IndexFrom = Literal["command line", "$MORGUE_INDEX", "last used", "default"]

# The commands that read or write the archive itself, not only its index.
USES_ARCHIVE = ("index", "tui")

_ORIGIN = {
    "command line": "",
    "$MORGUE_ARCHIVE": " (from $MORGUE_ARCHIVE)",
    "index": " (the index's archive)",
    "last used": " (the archive last used; `morgue forget` forgets it)",
    "bundled": " (the bundled sample)",
}
# Advice to run `morgue index` ("Run `morgue index --rebuild`.", "Build it with `morgue index`", "run
# `morgue index` again"), not a mention of one ("Another `morgue index` is writing").
_ADVICE = re.compile(r"(?<=[Rr]un |ith )`morgue index((?: --rebuild)?)`")


@dataclass(frozen=True)
class Where:
    archive: Path
    index: Path
    archive_from: ArchiveFrom
    index_from: IndexFrom

    @property
    def obvious(self) -> bool:
        """The user named the archive or the index on this command line: no need to say which."""
        return "command line" in (self.archive_from, self.index_from)

    def describe(self) -> str:
        return f"archive: {self.archive}{_ORIGIN[self.archive_from]}  index: {self.index}"

    def index_command(self, rebuild: bool = False) -> str:
        """The `morgue index` command line that indexes this archive into this index."""
        parts = ["morgue", "index", *(["--rebuild"] if rebuild else []), "--archive", str(self.archive)]
        if self.index_from != "default":
            parts += ["--index", str(self.index)]
        return shlex.join(parts)

    def advise(self, error: MorgueError) -> str:
        """The error's message, its `morgue index` advice naming this archive and index."""
        if isinstance(error, IndexMissingError):
            return (
                f"No index of the archive {self.archive} yet (looked in {self.index}). "
                f"Build it with `{self.index_command()}`."
            )
        return _ADVICE.sub(lambda m: f"`{self.index_command(rebuild=bool(m.group(1)))}`", error.message)


def locate(archive: str | None, index: str | None, *, command: str) -> Where:
    """The archive and index a command uses; an archive that does not exist is a usage error.

    A read-only command given an index does not need an archive it was not
    given (it may be gone, its index kept): only then may the archive be missing.
    """
    where = _resolve(archive, index)
    given = where.archive_from in ("command line", "$MORGUE_ARCHIVE")
    needed = given or command in USES_ARCHIVE or where.index_from != "command line"
    if needed and not exists(where.archive):
        raise UsageError(_missing(where))
    return where


def exists(path: Path) -> bool:
    """Whether `path` exists; a name the system refuses (too long, a loop) does not."""
    try:
        return path.expanduser().exists()
    except (OSError, ValueError, RuntimeError):
        return False


def current_archive() -> Path:
    """The archive a command names no archive would use (for `morgue index DIR`: inside it or not)."""
    return _resolve(None, None).archive


def remember(where: Where) -> None:
    """A command that named its archive: the next bare `morgue` goes back to it (with its index)."""
    if where.archive_from == "command line":
        keep_index = where.index_from in ("command line", "last used")
        config.remember(where.archive, where.index if keep_index else None)


def _resolve(archive: str | None, index: str | None) -> Where:
    archive_from: ArchiveFrom
    env = os.environ.get("MORGUE_ARCHIVE")
    recorded = _recorded_archive(index) if index and not archive and not env else None
    last = config.remembered()
    if archive:
        path, archive_from = Path(archive).expanduser(), "command line"
    elif env:
        path, archive_from = Path(env).expanduser(), "$MORGUE_ARCHIVE"
    elif recorded is not None:
        path, archive_from = recorded, "index"
    elif last is not None:
        path, archive_from = last.archive, "last used"
    else:
        path, archive_from = config.BUNDLED_SEEDS, "bundled"
    path = path.resolve()
    index_from: IndexFrom
    if index:
        index_path, index_from = Path(index).expanduser().resolve(), "command line"
    elif os.environ.get("MORGUE_INDEX"):
        index_path, index_from = config.resolve_index(None, path), "$MORGUE_INDEX"
    elif (kept := config.remembered_index(path)) is not None:
        index_path, index_from = kept, "last used"
    else:
        index_path, index_from = config.default_index_for(path), "default"
    return Where(path, index_path, archive_from, index_from)


def _recorded_archive(index: str) -> Path | None:
    """The archive an existing index was built from, as its metadata says (no Whoosh needed)."""
    from index.store.generations import Meta, current_generation

    gen = current_generation(Path(index).expanduser())
    if gen is None:
        return None
    try:
        recorded = Meta.read(gen).archive
    except (OSError, ValueError):
        return None
    return Path(recorded) if recorded else None


def _missing(where: Where) -> str:
    archive = where.archive
    if where.archive_from == "$MORGUE_ARCHIVE":
        return f"No such archive: $MORGUE_ARCHIVE is {archive}, which does not exist."
    if where.archive_from == "last used":
        return (
            f"The archive last used, {archive}, no longer exists. Open another (`morgue DIR`, "
            "or --archive DIR), or run `morgue forget` to go back to the bundled sample."
        )
    if where.archive_from == "index":
        return f"The archive of the index {where.index}, {archive}, no longer exists; name one with --archive DIR."
    if where.archive_from == "bundled":  # an installed copy (`pipx install .`) has no seeds/ beside it
        return (
            "No archive yet: `morgue DIR` opens the archive in DIR (and remembers it), or use --archive DIR."
        )
    return f"No such archive: {archive} does not exist."


def check_openable(where: Where) -> None:
    """What the explorer would fail on, found before it takes the screen: the message, then exit.

    An index that is there must be readable, of this schema version; an index
    not built yet must be creatable (the explorer builds it on first use).
    Cheap checks only: no Whoosh is imported, so the first screen is not delayed.
    """
    from index.store.generations import CURRENT, require_generation

    if os.path.lexists(where.index / CURRENT):
        require_generation(where.index)
        return
    try:
        where.index.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexNotWritableError(
            f"Cannot create the index of {where.archive} at {where.index}: {exc.strerror or exc}."
        ) from exc
    if not os.access(where.index, os.W_OK | os.X_OK):
        raise IndexNotWritableError(f"Cannot write the index of {where.archive} at {where.index}.")
