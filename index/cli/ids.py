"""What names an article on the command line: its id, or the path of its file.

An id is the article's path in the archive (`politics/blair.md`), plus `#N`
for the N-th record of a multi-record file (`wire/feed.jsonl#3`). A user
looking at a file in a shell has its path instead, relative to where they
stand or absolute: `morgue show ~/clips/politics/blair.md` is the same
article. A path names an article only if the file is there and inside the
archive; anything else is taken as an id, as it was typed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from index.errors import NotFoundError

_RECORD = re.compile(r"(.+)(#\d+)")


def article_id(text: str, archive: Path) -> str:
    """The id `text` names: the archive-relative path of an existing file inside `archive`, or `text`."""
    candidates = [(text, "")]
    if m := _RECORD.fullmatch(text):
        candidates.append((m.group(1), m.group(2)))
    for path_text, record in candidates:
        path = _existing(path_text)
        if path is None:
            continue
        rel = _inside(path, archive)
        if rel is not None:
            return rel + record
        if Path(path_text).expanduser().is_absolute():
            raise NotFoundError(f"{text} is not inside the archive {archive}.")
    return text


def _existing(text: str) -> Path | None:
    try:
        path = Path(text).expanduser()
        return path if path.is_file() else None
    except (OSError, ValueError, RuntimeError):  # a NUL, a name too long, an unknown ~user
        return None


def _inside(path: Path, archive: Path) -> str | None:
    """`path` relative to the archive (posix), or None; symbolic links above it are followed too."""
    for root in {archive, archive.resolve()}:
        if root.is_file():
            if os.path.samefile(path, root):
                return root.name
            continue
        for candidate in (os.path.abspath(path), os.path.realpath(path)):
            rel = os.path.relpath(candidate, root)
            if rel != "." and rel != ".." and not rel.startswith(".." + os.sep):
                return Path(rel).as_posix()
    return None


def not_found(text: str, archive: Path) -> NotFoundError:
    return NotFoundError(
        f"No article with id {text!r} in the index of {archive}. An id is an article's path in the "
        "archive, as `morgue list` prints it (politics/blair.md; feed.jsonl#3 for a record); "
        "a path to the file works too."
    )
