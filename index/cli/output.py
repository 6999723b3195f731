"""How the headless commands print: stable JSON for scripts, or the terminal rendering.

JSON escapes every control, bidi and invisible code point of the untrusted
article text (`safe_text.json_dumps`). The terminal rendering (`terminal`,
with rich) is imported only when a command prints for a person: a script's
`--json` run never loads rich.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

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


def _terminal() -> ModuleType:
    from index.cli import terminal

    return terminal


def error(message: str) -> None:
    _terminal().error(message)


@contextlib.contextmanager
def progress(enabled: bool) -> Iterator[Callable[[Progress], None]]:
    """A progress bar on a terminal; nothing otherwise (the summary follows)."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _p: None
        return
    with _terminal().progress() as tick:
        yield tick


def _print_json(data: Any) -> None:
    sys.stdout.write(json_dumps(data, indent=2) + "\n")


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# -- index -----------------------------------------------------------------


def index_report(report: IndexReport, index_dir: Path, *, as_json: bool, quiet: bool) -> None:
    if as_json:
        data = asdict(report)
        data["skipped"] = [{"path": s.path, "reason": s.reason} for s in report.skipped]
        data["index"] = str(index_dir)
        _print_json(data)
        return
    _terminal().index_report(report, index_dir, quiet=quiet)


def stats(s: Stats, *, as_json: bool) -> None:
    if as_json:
        data = asdict(s)
        for key in ("first_date", "last_date", "last_update"):
            data[key] = _iso(getattr(s, key))
        data["sections"] = {c.value: c.count for c in s.sections}
        data["sources"] = {c.value: c.count for c in s.sources}
        data["top_entities"] = {g: {c.value: c.count for c in cs} for g, cs in s.top_entities.items()}
        _print_json(data)
        return
    _terminal().stats(s)


def article_list(items: Iterable[ArticleSummary], *, as_json: bool) -> None:
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
    _terminal().entities(rows)


def extractions(items: Sequence[tuple[str | None, Extraction, str]]) -> None:
    """Each text's extraction, as JSON; `note` says when only a huge text's prefix was read."""

    def shape(x: Extraction, text: str) -> dict[str, Any]:
        shaped: dict[str, Any] = {
            "mentions": [asdict(m) for m in x.mentions],
            "entities": [{"name": e.name, "label": e.label, "count": e.count} for e in x.entities],
        }
        note = read_note(len(text), read_length(text))
        if note:  # a huge text, read up to a bounded prefix
            shaped["note"] = note
        return shaped

    if (len(items) == 1 and items[0][0] is None) or len(items) == 1:
        _print_json(shape(items[0][1], items[0][2]))
    else:
        _print_json([{"file": name, **shape(x, text)} for name, x, text in items])


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


def search_result(r: SearchResult, *, as_json: bool) -> None:
    if as_json:
        _print_json(
            {
                "query": r.query,
                "parsed": r.parsed,
                "total": r.total,
                "offset": r.offset,
                "sort": r.sort,
                "elapsed_ms": r.elapsed_ms,
                "suggestion": r.suggestion,
                "warnings": list(r.warnings),
                "hits": [hit_json(h) for h in r.hits],
                "facets": {
                    "entities": {g: {c.value: c.count for c in cs} for g, cs in r.facets.entities.items()},
                    "sections": {c.value: c.count for c in r.facets.sections},
                    "sources": {c.value: c.count for c in r.facets.sources},
                    "years": {c.value: c.count for c in r.facets.years},
                    "months": {c.value: c.count for c in r.facets.months},
                },
            }
        )
        return
    _terminal().search_result(r)


def article(a: StoredArticle, marks: Highlights | None, *, as_json: bool) -> None:
    if as_json:
        data = asdict(a)
        data["date"] = _iso(a.date)
        data["entities"] = [{"name": e.name, "label": e.label, "count": e.count} for e in a.entities]
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
        _print_json(data)
        return
    _terminal().article(a, marks)


def related(hits: Sequence[Hit], *, as_json: bool) -> None:
    if as_json:
        _print_json([hit_json(h) for h in hits])
        return
    _terminal().related(hits)
