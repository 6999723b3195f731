"""Exporting a search's results, all of them (not a page), with the user's marks: CSV, JSON Lines, Markdown.

The results come in the search's order, a page of `MAX_LIMIT` at a time;
each row carries the article's first matching passage and its marks. The
columns, in order, are `COLUMNS` (documented in the README); JSON Lines
has the same keys, with `tags` a list and `starred` a boolean.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from index.errors import UsageError
from index.models import Filter, Hit
from index.notebook.model import Mark
from index.notebook.store import Notebook
from index.notebook.whats_new import PAGE, every_hit

if TYPE_CHECKING:
    from index.search import SearchIndex

FORMATS = ("csv", "jsonl", "md")
COLUMNS = (
    "id",
    "path",
    "title",
    "date",
    "source",
    "section",
    "url",
    "score",
    "passage",
    "starred",
    "state",
    "tags",
    "note",
)


@dataclass(frozen=True)
class Row:
    """One exported result: the hit, its first matching passage, and its marks."""

    hit: Hit
    passage: str
    mark: Mark

    def values(self) -> dict[str, object]:
        h, m = self.hit, self.mark
        return {
            "id": h.id,
            "path": h.path,
            "title": h.title,
            "date": h.date.date().isoformat() if h.date else "",
            "source": h.source,
            "section": h.section,
            "url": h.url,
            "score": h.score,
            "passage": self.passage,
            "starred": m.starred,
            "state": m.state,
            "tags": list(m.tags),
            "note": m.note,
        }


def rows(
    index: SearchIndex,
    notebook: Notebook,
    query: str,
    filters: tuple[Filter, ...] = (),
    sort: str = "relevance",
) -> Iterator[Row]:
    """Every result of the search, in its order, with its marks (a page of marks at a time);
    a query that cannot run is a UsageError."""
    page: list[Hit] = []
    for hit in every_hit(index, query, filters, sort):
        page.append(hit)
        if len(page) == PAGE:
            yield from _marked(notebook, page)
            page = []
    yield from _marked(notebook, page)


def _marked(notebook: Notebook, hits: list[Hit]) -> Iterator[Row]:
    marks = notebook.marks(h.id for h in hits) if hits else {}
    for hit in hits:
        passage = " ".join(hit.fragments[0].text.split()) if hit.fragments else ""
        yield Row(hit, passage, marks.get(hit.id) or Mark(hit.id))


def write(out: TextIO, fmt: str, items: Iterator[Row]) -> int:
    """Write the rows in a format; returns how many were written."""
    if fmt not in FORMATS:
        raise UsageError(f"Unknown export format {fmt!r}: use one of {', '.join(FORMATS)}.")
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in items:
            values = row.values()
            values["tags"] = ", ".join(row.mark.tags)
            values["starred"] = "yes" if row.mark.starred else ""
            writer.writerow([values[c] for c in COLUMNS])
            count += 1
    elif fmt == "jsonl":
        for row in items:
            out.write(json.dumps(row.values(), ensure_ascii=False) + "\n")
            count += 1
    else:
        for row in items:
            out.write(citation(row.hit, row.mark, row.passage, row.hit.url, md=True))
            out.write("\n")
            count += 1
    return count


def citation(hit: Hit, mark: Mark, passage: str, url: str = "", *, md: bool = False) -> str:
    """A citation of an article: title, source, date, id/path, url, passage, tags and note.

    As one Markdown list item (`md`), or as plain lines for the clipboard.
    """
    date = hit.date.date().isoformat() if hit.date else "undated"
    where = hit.id if hit.path in ("", hit.id) else f"{hit.id} ({hit.path})"
    head = ", ".join(p for p in (f"“{hit.title or hit.id}”", hit.source, date) if p)
    lines = [head, f"id: {where}"]
    if url:
        lines.append(f"url: {url}")
    if passage:
        lines.append(f"> {passage}")
    if mark.tags:
        lines.append("tags: " + ", ".join(mark.tags))
    if mark.note:
        lines.append("note: " + " ".join(mark.note.split()))
    if not md:
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    buffer.write(f"- **{_md(hit.title or hit.id)}**, {_md(', '.join(head.split(', ')[1:]))}\n")
    for line in lines[1:]:
        buffer.write(f"  > {_md(line[2:])}\n" if line.startswith("> ") else f"  {_md(line)}\n")
    return buffer.getvalue()


def _md(text: str) -> str:
    """Text that Markdown shows as typed (its punctuation escaped)."""
    return "".join(f"\\{ch}" if ch in "\\`*_[]<>#|" else ch for ch in text)


__all__ = ["COLUMNS", "FORMATS", "Row", "citation", "rows", "write"]
