"""A date stated in an article's path: `2005/03/14/council.txt`, `2005-03-14-slug.md`, `20050314_slug.txt`.

Whoever filed the article under a dated path stated its date, as a front
matter `date:` would; a file's own times (mtime, ctime) say when a copy was
made and are never read. Only whole, valid days count: `2005/03/` or a number
that is not a day (`20051399_x.txt`) gives no date.
"""

from __future__ import annotations

import re
from datetime import datetime

# Where the article's date comes from, per article (`Article.date_source`; `morgue stats`).
FRONT_MATTER = "front-matter"
JSON = "json"
HTML = "html"
PATH = "path"
DATE_SOURCES = (FRONT_MATTER, JSON, HTML, PATH)

_FOLDERS = re.compile(r"(?:^|/)((?:19|20)\d\d)/(\d\d)/(\d\d)/")
_NAME = re.compile(r"^((?:19|20)\d\d)([-_.]?)(\d\d)\2(\d\d)(?:[-_.\s]|$)")


def path_date(rel: str) -> datetime | None:
    """The day the archive-relative path states, at midnight; None when it states none."""
    name = rel.rsplit("/", 1)[-1]
    found = _NAME.match(name)
    if found is not None:
        return _day(found.group(1), found.group(3), found.group(4))
    folders = list(_FOLDERS.finditer(rel))
    if folders:
        last = folders[-1]
        return _day(last.group(1), last.group(2), last.group(3))
    return None


def _day(year: str, month: str, day: str) -> datetime | None:
    try:
        return datetime(int(year), int(month), int(day))
    except ValueError:
        return None


def reader_source(suffix: str) -> str:
    """The date source of a date a format reader found, by the file's suffix."""
    if suffix in (".json", ".jsonl"):
        return JSON
    if suffix in (".html", ".htm"):
        return HTML
    return FRONT_MATTER


__all__ = ["DATE_SOURCES", "FRONT_MATTER", "HTML", "JSON", "PATH", "path_date", "reader_source"]
