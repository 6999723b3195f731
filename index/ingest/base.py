"""What every format reader shares: the file found, the draft it reads, the limits.

Limits: .txt/.md/.html files over MAX_TEXT_BYTES (16 MiB) and .json files over
MAX_JSON_BYTES (256 MiB) are skipped unread; .jsonl is read line by line and a
line over MAX_TEXT_BYTES skips that record only.
"""

from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .clean import fold

MAX_TEXT_BYTES: int = 16 * 1024 * 1024
MAX_JSON_BYTES: int = 256 * 1024 * 1024
MAX_TITLE = 300  # a longer title (or first line standing in for one) is shortened


@dataclass(frozen=True)
class SourceFile:
    """A file found in the archive."""

    path: Path  # absolute
    rel: str  # archive-relative posix path, made safe (see the module docstring)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Draft:
    """One article's fields as a format reader found them, already cleaned."""

    title: str
    body: str
    record: int | None = None  # N of `rel#N` for a record of a multi-record file
    date: datetime | None = None
    source: str = ""
    section: str = ""
    url: str = ""
    author: str = ""


def limit_text(limit: int) -> str:
    return f"larger than {limit // (1024 * 1024)} MiB limit"


def content_hash(title: str, body: str) -> str:
    """sha1 hex of the whitespace-folded, casefolded title + body."""
    key = fold(title) + "\n" + fold(body)
    return hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()


# --- reading ------------------------------------------------------------------


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:-") + "…"


def os_reason(exc: OSError) -> str:
    """A short reason for an OSError met while reading or walking."""
    if isinstance(exc, PermissionError):
        return "unreadable: permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return f"unreadable: {exc.strerror or exc}".rstrip()


# --- scanning -----------------------------------------------------------------
