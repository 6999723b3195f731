"""Where the archive and its index live, with the overrides a user expects.

Precedence everywhere: command-line option, then environment variable
(`MORGUE_ARCHIVE`, `MORGUE_INDEX`), then the archive last named on a command
line (remembered in the user's state directory, so that a bare `morgue` goes
back to it), then the bundled `seeds/`. The default index is one directory per
archive under the user's data directory, so that two archives never share (or
clobber) an index.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LAST_USED = "last-archive.json"


@dataclass(frozen=True)
class Remembered:
    """The archive last named on a command line, and its index if one was named with it."""

    archive: Path
    index: Path | None


def state_file() -> Path:
    """The file remembering the archive last used (`~/.local/state/morgue/last-archive.json` on Linux)."""
    import platformdirs  # only when the archive last used matters

    return Path(platformdirs.user_state_dir("morgue")) / LAST_USED


def remembered() -> Remembered | None:
    """The archive last used, or None (none named yet, forgotten, or the file is unreadable)."""
    try:
        data = json.loads(state_file().read_text("utf-8"))
        archive = Path(data["archive"])
        index = Path(data["index"]) if data.get("index") else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Remembered(archive, index) if archive.is_absolute() else None


def remember(archive: Path, index: Path | None = None) -> None:
    """Best effort: a read-only home must not stop a search, so a failure to write is ignored."""
    path = state_file()
    data = {"archive": str(archive.resolve()), "index": str(index.resolve()) if index else None}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)  # two commands at once: one wins whole, neither is torn
    except (OSError, UnicodeError):
        with contextlib.suppress(OSError):
            tmp.unlink()


def forget() -> Remembered | None:
    """Forget the archive last used; what was forgotten (None if nothing was remembered)."""
    was = remembered()
    with contextlib.suppress(FileNotFoundError):
        state_file().unlink()
    return was


def default_archive() -> Path:
    env = os.environ.get("MORGUE_ARCHIVE")
    if env:
        return Path(env).expanduser()
    last = remembered()
    return last.archive if last else BUNDLED_SEEDS


def resolve_archive(archive: str | Path | None) -> Path:
    path = Path(archive).expanduser() if archive else default_archive()
    return path.resolve()


def default_index_for(archive: Path) -> Path:
    """A per-archive directory under the user's data dir, named so a person can tell which."""
    import platformdirs  # only when no index folder is given: a script's `--index DIR` never loads it

    from index.userdata import archive_key

    return Path(platformdirs.user_data_dir("morgue")) / "indexes" / archive_key(archive)


def remembered_index(archive: Path) -> Path | None:
    """The index named with `archive` when it was last used, if it was."""
    last = remembered()
    return last.index if last and last.index and last.archive == archive.resolve() else None


def resolve_index(index: str | Path | None, archive: Path) -> Path:
    if index:
        return Path(index).expanduser().resolve()
    env = os.environ.get("MORGUE_INDEX")
    if env:
        return Path(env).expanduser().resolve()
    return remembered_index(archive) or default_index_for(archive)
