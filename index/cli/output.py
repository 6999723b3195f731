"""How the headless commands print: stable JSON for scripts, plain lines down a pipe, or rich on a terminal.

JSON escapes every control, bidi and invisible code point of the untrusted
article text (`safe_text.json_dumps`). The terminal rendering (`terminal`,
with rich) is imported only when a command prints for a person at a
terminal: a script's `--json` run, or text piped to `less` or a file
(`plain`), never loads rich, and is never padded or hard-wrapped to 80 columns.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import datetime
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

from index.entities.extent import read_length, read_note
from index.models import (
    ArticleSummary,
    Count,
    Extraction,
    Highlights,
    Hit,
    IndexReport,
    Progress,
    SearchResult,
    Stats,
    StoredArticle,
)
from index.text.safe_text import json_dumps, one_line

from . import formats
from .formats import SCRIPT_FORMATS
from .where import Where

if TYPE_CHECKING:
    from index.grouping import GroupedResult


def is_terminal(stream: IO[str]) -> bool:
    """Whether `stream` is a terminal, as rich decides it (TTY_COMPATIBLE and FORCE_COLOR force it)."""
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def _renderer(stream: IO[str] | None = None) -> ModuleType:
    """The rendering for `stream` (stdout by default): rich on a terminal, plain lines otherwise."""
    if is_terminal(sys.stdout if stream is None else stream):
        from index.cli import terminal

        return terminal
    from index.cli import plain

    return plain


def error(message: str) -> None:
    _renderer(sys.stderr).error(message)


def info(message: str) -> None:
    """A line for the person at the terminal, on stderr: never mixed into what a script reads."""
    _renderer(sys.stderr).info(message)


def notes(warnings: Sequence[str]) -> None:
    """What the query parser repaired or capped (an unbalanced bracket, an unknown field): on stderr."""
    for warning in warnings:
        info(f"note: {warning}")


def _place(where: Where) -> dict[str, str]:
    return {"archive": str(where.archive), "index": str(where.index)}


@contextlib.contextmanager
def progress(enabled: bool) -> Iterator[Callable[[Progress], None]]:
    """A progress bar on a terminal; nothing otherwise (the summary follows)."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _p: None
        return
    from index.cli import terminal

    with terminal.progress() as tick:
        yield tick


def _print_json(data: Any) -> None:
    sys.stdout.write(json_dumps(data, indent=2) + "\n")


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# -- index -----------------------------------------------------------------


def index_report(report: IndexReport, where: Where, *, as_json: bool, quiet: bool) -> None:
    if as_json:
        data = asdict(report)
        data["skipped"] = [{"path": s.path, "reason": s.reason} for s in report.skipped]
        _print_json({**data, **_place(where)})
        return
    _renderer(sys.stderr).index_report(report, where.index, where.archive, quiet=quiet)


def stats(s: Stats, where: Where, *, as_json: bool) -> None:
    if as_json:
        data = asdict(s)
        for key in ("first_date", "last_date", "last_update"):
            data[key] = _iso(getattr(s, key))
        data["sections"] = {c.value: c.count for c in s.sections}
        data["sources"] = {c.value: c.count for c in s.sources}
        data["top_entities"] = {g: {c.value: c.count for c in cs} for g, cs in s.top_entities.items()}
        _print_json({**data, **_place(where)})
        return
    _renderer().stats(s)


def article_list(items: Iterable[ArticleSummary], where: Where, *, fmt: str) -> None:
    """JSON lines, a script format (`formats`), or the text: id, date, section, title, tab-separated."""
    if fmt in SCRIPT_FORMATS:
        formats.articles(items, fmt, where.archive)
        return
    as_json = fmt == "json"
    write = sys.stdout.write
    for a in items:
        if as_json:
            write(
                json_dumps(
                    {
                        "id": a.id,
                        "path": a.path,
                        "title": a.title,
                        "date": _iso(a.date),
                        "section": a.section,
                    }
                )
                + "\n"
            )
        else:
            write("\t".join(one_line(x) for x in (a.id, _date(a.date), a.section, a.title)) + "\n")


def entities(rows: Sequence[tuple[str, Count]], *, as_json: bool) -> None:
    if as_json:
        _print_json([{"name": c.value, "group": g, "documents": c.count} for g, c in rows])
        return
    _renderer().entities(rows)


def extractions(items: Sequence[tuple[str | None, Extraction, str]]) -> None:
    """Each text's extraction, as JSON; `note` says when only a huge text's prefix was read."""

    def shape(x: Extraction, text: str) -> dict[str, Any]:
        shaped: dict[str, Any] = {
            "mentions": [asdict(m) for m in x.mentions],
            "entities": [
                {"name": e.name, "label": e.label, "count": e.count, "group": e.group} for e in x.entities
            ],
            "quotes": _quotes(text, x),
        }
        note = read_note(len(text), read_length(text))
        if note:  # a huge text, read up to a bounded prefix
            shaped["note"] = note
        return shaped

    if (len(items) == 1 and items[0][0] is None) or len(items) == 1:
        _print_json(shape(items[0][1], items[0][2]))
    else:
        _print_json([{"file": name, **shape(x, text)} for name, x, text in items])


def _quotes(text: str, x: Extraction) -> list[dict[str, Any]]:
    """The quotations of an extracted text, as `morgue quotes --json` gives a quotation's part."""
    from index.cli.quote_json import quote_json
    from index.quotes.stage import article_quotes

    return [quote_json(q) for q in article_quotes(text, x.mentions)]


# -- search, show -------------------------------------------------------------


def hit_json(h: Hit) -> dict[str, Any]:
    return {
        "id": h.id,
        "title": h.title,
        "date": _iso(h.date),
        "source": h.source,
        "section": h.section,
        "score": h.score,
        "path": h.path,
        "title_matches": [list(m) for m in h.title_matches],
        "fragments": [
            {"text": f.text, "matches": [list(m) for m in f.matches], "start": f.start_in_body}
            for f in h.fragments
        ],
    }


def search_result(r: SearchResult, where: Where, *, fmt: str, grouped: GroupedResult | None = None) -> None:
    """`grouped`: the copies behind each hit, and whether the hits are groups or articles."""
    if fmt == "json":
        counted: dict[str, Any] = {}
        if grouped is not None:
            counted = {"counts": grouped.counts, "articles": r.total, "groups": grouped.groups}
        _print_json(
            {
                "query": r.query,
                "parsed": r.parsed,
                "total": r.total,
                **counted,
                "offset": r.offset,
                "sort": r.sort,
                "elapsed_ms": r.elapsed_ms,
                "suggestion": r.suggestion,
                "warnings": list(r.warnings),
                "hits": [_with_copies(hit_json(h), grouped) for h in r.hits],
                "facets": {
                    "entities": {g: {c.value: c.count for c in cs} for g, cs in r.facets.entities.items()},
                    "sections": {c.value: c.count for c in r.facets.sections},
                    "sources": {c.value: c.count for c in r.facets.sources},
                    "years": {c.value: c.count for c in r.facets.years},
                    "months": {c.value: c.count for c in r.facets.months},
                },
                **_place(where),
            }
        )
        return
    notes(r.warnings)
    if fmt in SCRIPT_FORMATS:
        formats.hits(r.hits, fmt, where.archive)
        if r.suggestion:
            info(f"Did you mean: {r.suggestion}?")
        return
    _renderer().search_result(r, grouped)


def _with_copies(data: dict[str, Any], grouped: GroupedResult | None) -> dict[str, Any]:
    if grouped is None:
        return data
    found = grouped.of(data["id"])
    return {**data, "copies": found.copies, "group": found.group}


def article(a: StoredArticle, marks: Highlights | None, where: Where, *, as_json: bool) -> None:
    if as_json:
        data = asdict(a)
        data["date"] = _iso(a.date)
        data["entities"] = [
            {"name": e.name, "label": e.label, "count": e.count, "group": e.group} for e in a.entities
        ]
        note = read_note(len(a.body), data.pop("entities_read"))
        if note:  # only a huge body's: every other article's JSON stays as it was
            data["entities_read"], data["entities_note"] = a.entities_read, note
        if marks is not None:
            data["matches"] = {
                "title": [list(m) for m in marks.title],
                "body": [list(m) for m in marks.body],
            }
            if marks.truncated:
                data["matches"]["truncated"] = True  # only the first ones: see `index.search.MAX_MARKS`
        _print_json({**data, **_place(where)})
        return
    _renderer().article(a, marks)


def related(hits: Sequence[Hit], where: Where, *, fmt: str) -> None:
    if fmt == "json":
        _print_json([hit_json(h) for h in hits])
    elif fmt in SCRIPT_FORMATS:
        formats.hits(hits, fmt, where.archive)
    else:
        _renderer().related(hits)
