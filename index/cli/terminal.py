"""How the headless commands print for a person: rich on a terminal.

Article text is untrusted: it is only ever put into `rich.text.Text` objects
(never parsed as markup) after `terminal_safe`, and JSON escapes every
control, bidi and invisible code point.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from index.entities.extent import read_note
from index.models import (
    GROUP_TITLES,
    Count,
    Highlights,
    Hit,
    IndexReport,
    Progress,
    SearchResult,
    Stats,
    StoredArticle,
)
from index.text.safe_text import one_line, terminal_safe

MATCH_STYLE = "bold black on yellow"


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def error(message: str) -> None:
    console = _console(stderr=True)
    console.print(Text("morgue: ", style="bold red") + Text(terminal_safe(message)))


def _date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


@contextlib.contextmanager
def progress() -> Iterator[Callable[[Progress], None]]:
    """A rich progress bar on stderr, a terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    class Rate(ProgressColumn):  # type: ignore[misc]
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:6.0f}/s" if task.speed else "      /s", style="cyan")

    labels = {
        "scan": "Scanning",
        "read": "Reading",
        "entities": "Entities",
        "write": "Writing",
        "commit": "Committing",
    }
    with Bar(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeRemainingColumn(),
        console=_console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def tick(p: Progress) -> None:
            if p.stage not in tasks:
                tasks[p.stage] = bar.add_task(labels.get(p.stage, p.stage), total=p.total)
            bar.update(tasks[p.stage], completed=p.done, total=p.total)

        yield tick


def index_report(report: IndexReport, index_dir: Path, *, quiet: bool) -> None:
    console = _console(stderr=True)
    for skip in report.skipped:
        if not quiet:
            console.print(Text(f"skipped {one_line(skip.path)}: {one_line(skip.reason)}", style="yellow"))
    if quiet:
        return
    verb = "Rebuilt" if report.rebuilt else "Updated"
    console.print(
        Text(
            f"{verb} {index_dir}: {report.docs} documents "
            f"({report.added} added, {report.updated} updated, {report.removed} removed, "
            f"{report.unchanged} unchanged, {len(report.skipped)} skipped) in {report.seconds:.2f} s"
        )
    )


# -- stats, list, entities ---------------------------------------------------


def stats(s: Stats) -> None:
    table = Table.grid(padding=(0, 2))
    rows = [
        ("Documents", str(s.docs)),
        (
            "Dates",
            f"{_date(s.first_date)} .. {_date(s.last_date)}" if s.first_date else "none stated",
        ),
        ("Sections", ", ".join(f"{c.value} ({c.count})" for c in s.sections) or "-"),
        ("Sources", ", ".join(f"{c.value} ({c.count})" for c in s.sources) or "-"),
        ("Index", f"{s.index_path} ({s.size_bytes / 1e6:.1f} MB)"),
        ("Archive", s.archive_path),
        ("Last update", s.last_update.strftime("%Y-%m-%d %H:%M:%S") if s.last_update else "-"),
        ("Schema", str(s.schema_version)),
        ("Entities", s.ner_engine or "not extracted"),
        ("Search engine", s.search_engine or "-"),
    ]
    for group, counts in s.top_entities.items():
        rows.append(
            (
                f"Top {GROUP_TITLES[group].lower()}",
                ", ".join(f"{c.value} ({c.count})" for c in counts[:8]) or "-",
            )
        )
    for name, value in rows:
        table.add_row(Text(name, style="bold"), Text(one_line(value)))
    _console().print(table)


def entities(rows: Sequence[tuple[str, Count]]) -> None:
    table = Table("Entity", "Group", "Documents", box=None)
    for group, c in rows:
        table.add_row(Text(one_line(c.value)), GROUP_TITLES[group], str(c.count))
    _console().print(table)


def _marked(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Text:
    out = Text(terminal_safe(text))
    for start, end in spans:
        out.stylize(style, start, end)
    return out


PRINT_PIECE = 1 << 16  # characters of a text that rich lays out; a longer one is written as it is


def _print_marked(console: Console, text: str, spans: Sequence[tuple[int, int]]) -> None:
    """`console.print(_marked(text, spans))`; a text over `PRINT_PIECE` characters written as it is.

    Rich wraps a text word by word and re-filters every line it cuts, about
    a microsecond a character: seconds for a huge article, minutes with many
    marks. A longer text is written with its lines as they are (the terminal
    wraps them), its matches styled the same way, when the console has colours.
    """
    if len(text) <= PRINT_PIECE:
        console.print(_marked(text, spans))
        return
    safe = terminal_safe(text)
    colours = console._color_system  # rich's own, for `Style.render`; None when not a terminal
    style = Style.parse(MATCH_STYLE)
    parts, pos = [], 0
    if colours is not None:
        for start, end in spans:
            parts += [safe[pos:start], style.render(safe[start:end], color_system=colours)]
            pos = end
    parts.append(safe[pos:])
    console.file.write("".join(parts) + "\n")
    console.file.flush()


def search_result(r: SearchResult) -> None:
    console = _console()
    for w in r.warnings:
        console.print(Text(f"note: {one_line(w)}", style="yellow"))
    table = Table("#", "Article", box=None, show_header=False, expand=True, padding=(0, 1, 1, 0))
    for n, h in enumerate(r.hits, r.offset + 1):
        cell = _marked(one_line(h.title), h.title_matches)
        cell.stylize("bold")
        meta = " · ".join(x for x in (_date(h.date), h.section, h.source, h.id) if x)
        cell.append("\n" + one_line(meta), style="dim")
        for f in h.fragments:
            cell.append("\n… ")
            cell.append_text(_marked(f.text, f.matches))
            cell.append(" …")
        table.add_row(Text(str(n), style="dim"), cell)
    if r.hits:
        console.print(table)
    summary = f"{r.total} result{'s' if r.total != 1 else ''} in {r.elapsed_ms:.0f} ms"
    if r.total > len(r.hits) + r.offset:
        summary += f" (showing {r.offset + 1}-{r.offset + len(r.hits)})"
    console.print(Text(summary, style="bold"))
    if r.suggestion:
        console.print(Text("Did you mean: ") + Text(one_line(r.suggestion), style="bold cyan") + Text("?"))


def article(a: StoredArticle, marks: Highlights | None) -> None:
    console = _console()
    console.print(
        _marked(one_line(a.title), marks.title if marks else (), MATCH_STYLE) + Text("", style="bold")
    )
    meta = " · ".join(x for x in (_date(a.date), a.section, a.source, a.author, a.url, a.id) if x)
    console.print(Text(one_line(meta), style="dim"))
    console.print()
    _print_marked(console, a.body, marks.body if marks else ())
    if marks is not None and marks.truncated:
        console.print(Text(f"Only the first {len(marks.body):,} matches are marked.", style="dim"))
    note = read_note(len(a.body), a.entities_read)
    if a.entities or note:
        console.print()
    if note:
        console.print(Text(note, style="dim"))
    if a.entities:
        by_group: dict[str, list[str]] = {}
        for e in a.entities:
            by_group.setdefault(GROUP_TITLES.get(e.group, "Other"), []).append(f"{e.name} ({e.count})")
        for title, names in by_group.items():
            console.print(Text(f"{title}: ", style="bold") + Text(one_line(", ".join(names))))
    if a.duplicates:
        console.print(Text("Also at: " + one_line(", ".join(a.duplicates)), style="dim"))


def related(hits: Sequence[Hit]) -> None:
    console = _console()
    for h in hits:
        console.print(Text(one_line(f"{h.id}  {_date(h.date)}  {h.title}")))
