"""Output for scripts: `--format ids|paths|tsv` (and `json`, elsewhere) of `search`, `list`, `related`.

One convention for every format: a record a line, fields separated by a tab.
`ids` prints each article's id, exactly as `morgue show` takes it back; `paths`
the absolute path of each article's file, once (a multi-record file holds
several articles). An id is one printable line by construction: a file name's
backslash, tab, newline or control character is already escaped in it
(`ingest.clean.safe_name`), and its path is written the same way.
`tsv` prints a header line and then the fields, each escaped so that it never
breaks its row or column: a backslash, tab, newline and carriage return are
written `\\\\`, `\\t`, `\\n`, `\\r`, and any other control, bidirectional or
invisible code point `\\uXXXX` (the JSON escapes): unescaped, each field is exact.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from index.models import ArticleSummary, Hit
from index.text.safe_text import terminal_safe

FORMATS = ("text", "ids", "paths", "tsv", "json")
SCRIPT_FORMATS = ("ids", "paths", "tsv")

ARTICLE_COLUMNS = ("id", "path", "title", "date", "section")
HIT_COLUMNS = (*ARTICLE_COLUMNS, "source", "score")

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def field(value: str) -> str:
    """One field, escaped so that it stays on its line and in its column."""
    safe = terminal_safe(value)
    if safe == value and not any(c in value for c in _ESCAPES):
        return value
    return "".join(
        _ESCAPES.get(c) or (f"\\u{ord(c):04x}" if c != s else c) for c, s in zip(value, safe, strict=True)
    )


def _row(values: Iterable[str]) -> None:
    sys.stdout.write("\t".join(field(v) for v in values) + "\n")


def _line(value: str) -> None:
    sys.stdout.write(value + "\n")


def _date(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _path(archive: Path, rel: str) -> str:
    return str(archive if archive.is_file() else archive / rel)


def hits(items: Iterable[Hit], fmt: str, archive: Path) -> None:
    """Search results or related articles, in one of `SCRIPT_FORMATS`."""
    _emit(
        (
            (h.id, h.path, [h.id, h.path, h.title, _date(h.date), h.section, h.source, f"{h.score:.4f}"])
            for h in items
        ),
        fmt,
        archive,
        HIT_COLUMNS,
    )


def articles(items: Iterable[ArticleSummary], fmt: str, archive: Path) -> None:
    """`morgue list` in one of `SCRIPT_FORMATS`."""
    _emit(
        ((a.id, a.path, [a.id, a.path, a.title, _date(a.date), a.section]) for a in items),
        fmt,
        archive,
        ARTICLE_COLUMNS,
    )


def _emit(
    rows: Iterable[tuple[str, str, list[str]]], fmt: str, archive: Path, columns: Sequence[str]
) -> None:
    """(id, path, tsv row) of each item: its id, its file's path once, or its row under `columns`."""
    if fmt == "tsv":
        _row(columns)
    seen: set[str] = set()
    for item_id, rel, row in rows:
        if fmt == "ids":
            _line(item_id)
        elif fmt == "paths":
            path = _path(archive, rel)
            if path not in seen:
                seen.add(path)
                _line(path)
        else:
            _row(row)
