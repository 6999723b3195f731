"""How the headless commands print when their output is not a terminal: plain lines.

Piped into `less`, `grep` or a file, text output is what a terminal would
show without its styles, its padding to 80 columns and its hard wrapping: a
line of output is a line of text, however long, and the reader's pager wraps
it. No rich is imported. Untrusted article text is still made inert
(`terminal_safe`): a pager shows it on a terminal in the end.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from index.models import GROUP_TITLES, Count, Highlights, Hit, IndexReport, SearchResult, Stats, StoredArticle
from index.text.safe_text import one_line, terminal_safe

if TYPE_CHECKING:
    from index.grouping import GroupedResult


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def error(message: str) -> None:
    """One line, never broken: a log or `grep` sees the whole message."""
    _err("morgue: " + one_line(message))


def info(message: str) -> None:
    _err(one_line(message))


def index_report(report: IndexReport, index_dir: Path, archive: Path, *, quiet: bool) -> None:
    if quiet:
        return
    for skip in report.skipped:
        _err(f"skipped {one_line(skip.path)}: {one_line(skip.reason)}")
    _err(one_line(report_line(report, index_dir, archive)))


def report_line(report: IndexReport, index_dir: Path, archive: Path) -> str:
    verb = "Rebuilt" if report.rebuilt else "Updated"
    return (
        f"{verb} {index_dir} from {archive}: {report.docs} documents "
        f"({report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped) in {report.seconds:.2f} s"
    )


def stats_rows(s: Stats) -> list[tuple[str, str]]:
    """The figures of `morgue stats`, as (name, value) rows: shared with the terminal rendering."""
    rows = [
        ("Documents", str(s.docs)),
        ("Dates", f"{_date(s.first_date)} .. {_date(s.last_date)}" if s.first_date else "none stated"),
        ("Dated", dated_text(s)),
        ("Sections", ", ".join(f"{c.value} ({c.count})" for c in s.sections) or "-"),
        ("Sources", ", ".join(f"{c.value} ({c.count})" for c in s.sources) or "-"),
        ("Index", f"{s.index_path} ({s.size_bytes / 1e6:.1f} MB)"),
        ("Archive", s.archive_path),
        ("Last update", s.last_update.strftime("%Y-%m-%d %H:%M:%S") if s.last_update else "-"),
        ("Schema", str(s.schema_version)),
        ("Entities", s.ner_engine or "not extracted"),
        ("Search engine", s.search_engine or "-"),
        ("Notebook", s.notebook_path or "-"),
        (
            "Corrections",
            (s.curation_path or "-") + (f" (ignored: {s.curation_error})" if s.curation_error else ""),
        ),
    ]
    for group, counts in s.top_entities.items():
        top = ", ".join(f"{c.value} ({c.count})" for c in counts[:8]) or "-"
        rows.append((f"Top {GROUP_TITLES[group].lower()}", top))
    return rows


def dated_text(s: Stats) -> str:
    """`1,200 of 2,000 (path 1,000, json 200)`: how many articles are dated, and by which source."""
    dated = sum(s.dated_by.values())
    by = ", ".join(f"{source} {n:,}" for source, n in sorted(s.dated_by.items(), key=lambda i: -i[1]))
    return f"{dated:,} of {s.docs:,}" + (f" ({by})" if by else "")


def stats(s: Stats) -> None:
    rows = stats_rows(s)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        _out(f"{name:<{width}}  {one_line(value)}")


def entities(rows: Sequence[tuple[str, Count]]) -> None:
    table = [("Entity", "Group", "Documents"), *((one_line(c.value), g, str(c.count)) for g, c in rows)]
    name_width = max(len(r[0]) for r in table)
    for name, group, count in table:
        _out(f"{name:<{name_width}}  {group:<6}  {count}".rstrip())


def hit_meta(h: Hit) -> str:
    return " · ".join(x for x in (_date(h.date), h.section, h.source, h.id) if x)


def copies_note(h: Hit, grouped: GroupedResult | None) -> str:
    """ " · +N copies" after a grouped hit's metadata ("" when it has none, or copies are expanded)."""
    if grouped is None or grouped.counts != "groups":
        return ""
    n = grouped.of(h.id).copies
    return f" · +{n} cop{'ies' if n != 1 else 'y'}" if n else ""


def grouped_summary(r: SearchResult, grouped: GroupedResult | None) -> str:
    """The summary line, saying plainly what it counts: articles, and the stories they are listed as."""
    if grouped is None:
        return summary(r)
    if grouped.counts == "articles":
        return summary(r) + "; every copy listed (articles)"
    n = len(r.hits)
    line = f"{r.total} result{'s' if r.total != 1 else ''} in {r.elapsed_ms:.0f} ms: articles"
    g = grouped.groups
    stories = "stories" if g is None else f"{g} {'story' if g == 1 else 'stories'}"
    line += f", listed as {stories}, copies folded"
    if n and (r.offset or grouped.groups is None or grouped.groups > n):
        line += f" (showing {r.offset + 1}-{r.offset + n})"
    return line + "; --expand-copies lists every article"


def summary(r: SearchResult) -> str:
    line = f"{r.total} result{'s' if r.total != 1 else ''} in {r.elapsed_ms:.0f} ms"
    if r.total > len(r.hits) + r.offset:
        line += f" (showing {r.offset + 1}-{r.offset + len(r.hits)})"
    return line


def search_result(r: SearchResult, grouped: GroupedResult | None = None) -> None:
    for n, h in enumerate(r.hits, r.offset + 1):
        _out(f"{n}. {one_line(h.title)}")
        _out(f"   {one_line(hit_meta(h))}{copies_note(h, grouped)}")
        for f in h.fragments:
            _out(f"   … {one_line(f.text)} …")
        _out()
    _out(grouped_summary(r, grouped))
    if r.suggestion:
        _out(f"Did you mean: {one_line(r.suggestion)}?")


def article_meta(a: StoredArticle) -> str:
    return " · ".join(x for x in (_date(a.date), a.section, a.source, a.author, a.url, a.id) if x)


def entity_lines(a: StoredArticle) -> list[tuple[str, str]]:
    """(group title, "Name (count), ...") per group, people first, as `show` prints them."""
    by_title: dict[str, list[str]] = {GROUP_TITLES[g]: [] for g in GROUP_TITLES}
    for e in a.entities:
        by_title[GROUP_TITLES.get(e.group, "Other")].append(f"{e.name} ({e.count})")
    return [(title, ", ".join(names)) for title, names in by_title.items() if names]


def article(a: StoredArticle, marks: Highlights | None) -> None:
    del marks  # matches are shown by style, and a pipe has none
    _out(one_line(a.title))
    _out(one_line(article_meta(a)))
    _out()
    _out(terminal_safe(a.body).rstrip("\n"))
    lines = entity_lines(a)
    if lines:
        _out()
        for title, names in lines:
            _out(f"{title}: {one_line(names)}")
    if a.duplicates:
        _out("Also at: " + one_line(", ".join(a.duplicates)))


def related(hits: Sequence[Hit]) -> None:
    for h in hits:
        _out(one_line(f"{h.id}  {_date(h.date)}  {h.title}"))
