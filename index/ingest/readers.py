"""One file to Articles: the suffix picks the format reader, the rest is shared.

Each reader turns a file's bytes into Drafts (or Skips); `read_source` opens
the file safely (never blocking on a FIFO, never reading past the limit),
hands it to its reader, and finishes each Draft into an Article: debris
stripped, id, section and content hash set.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from typing import IO

from index.models import Article, Skip

from .base import (
    MAX_JSON_BYTES,
    MAX_TEXT_BYTES,
    MAX_TITLE,
    Draft,
    SourceFile,
    content_hash,
    limit_text,
    os_reason,
    shorten,
)
from .clean import tidy_body
from .debris import strip_debris
from .html import read_html
from .json_records import read_json, read_jsonl
from .path_dates import PATH, path_date, reader_source
from .text import read_text

BytesReader = Callable[[SourceFile, bytes], list[Draft | Skip]]


def _markdown(src: SourceFile, data: bytes) -> list[Draft | Skip]:
    return read_text(src, data, markdown=True)


def _plain(src: SourceFile, data: bytes) -> list[Draft | Skip]:
    return read_text(src, data, markdown=False)


# suffix -> (reader of the whole file's bytes, size limit); .jsonl is read line by line instead.
READERS: dict[str, tuple[BytesReader, int]] = {
    ".txt": (_plain, MAX_TEXT_BYTES),
    ".md": (_markdown, MAX_TEXT_BYTES),
    ".markdown": (_markdown, MAX_TEXT_BYTES),
    ".html": (read_html, MAX_TEXT_BYTES),
    ".htm": (read_html, MAX_TEXT_BYTES),
    ".json": (read_json, MAX_JSON_BYTES),
}
LINE_READERS: dict[str, Callable[[SourceFile, IO[bytes]], list[Draft | Skip]]] = {".jsonl": read_jsonl}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({*READERS, *LINE_READERS})


def read_source(src: SourceFile) -> list[Article | Skip]:
    """All articles of one file, or Skips saying why not. Never raises."""
    try:
        return [_finish(src, item) if isinstance(item, Draft) else item for item in _read(src)]
    except RecursionError:
        return [Skip(src.rel, "nested too deeply")]
    except MemoryError:
        return [Skip(src.rel, "too large to read into memory")]
    except Exception as exc:  # a reader bug must not stop an index run
        return [Skip(src.rel, f"could not be read: {type(exc).__name__}: {exc}")]


_DATE_PART = re.compile(r"\d{1,4}(?:[-_.]\d{1,2}){0,2}")


def folder_section(rel: str) -> str:
    """The section a file's folders give it: the nearest folder that is not part of a date.

    `politics/blair.txt` is in politics; so is `politics/2005/03/14/blair.txt`,
    and `2005/03/14/council.txt` is in none: a date folder says when, not what.
    """
    for folder in reversed(rel.split("/")[:-1]):
        if not _DATE_PART.fullmatch(folder):
            return folder
    return ""


def _read(src: SourceFile) -> list[Draft | Skip]:
    suffix = src.path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return [Skip(src.rel, f"unsupported file type {suffix or '(no suffix)'}")]
    try:
        fd = os.open(src.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return [Skip(src.rel, os_reason(exc))]
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            return [Skip(src.rel, "not a regular file")]
        line_reader = LINE_READERS.get(suffix)
        if line_reader is not None:
            return line_reader(src, f)
        reader, limit = READERS[suffix]
        if info.st_size > limit:
            return [Skip(src.rel, limit_text(limit))]
        data = f.read(limit + 1)
    if len(data) > limit:
        return [Skip(src.rel, limit_text(limit))]
    if not data.strip():
        return [Skip(src.rel, "empty file")]
    return reader(src, data)


def _finish(src: SourceFile, draft: Draft) -> Article | Skip:
    """An Article from a Draft: debris stripped, id, section and hash set.

    Without a title, the first line of the body stands in (kept in the body too).
    """
    ident = src.rel if draft.record is None else f"{src.rel}#{draft.record}"
    prefix = "" if draft.record is None else f"record {draft.record}: "
    title = draft.title
    body = strip_debris(tidy_body(draft.body))
    if not body:
        return Skip(ident, prefix + ("no body" if title else "no title and no body"))
    title = shorten(title or body.split("\n", 1)[0].strip(), MAX_TITLE)
    date, date_source = draft.date, reader_source(src.path.suffix.lower()) if draft.date else ""
    if date is None and (date := path_date(src.rel)) is not None:
        date_source = PATH
    return Article(
        id=ident,
        title=title,
        body=body,
        path=src.rel,
        content_hash=content_hash(title, body),
        date=date,
        date_source=date_source,
        source=draft.source,
        section=draft.section or folder_section(src.rel),
        url=draft.url,
        author=draft.author,
    )
