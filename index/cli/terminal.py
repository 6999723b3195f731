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
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from index.entities.extent import read_note
from index.models import (
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

from . import plain

if TYPE_CHECKING:
    from index.grouping import GroupedResult

MATCH_STYLE = "bold black on yellow"


class _Console(Console):  # type: ignore[misc]
    def on_broken_pipe(self) -> None:
        """The reader left (`| head`): rich would exit 1, "nothing found"; the command's edge exits 0."""
        self.quiet = True
        raise BrokenPipeError


def _console(stderr: bool = False) -> Console:
    return _Console(stderr=stderr, highlight=False, soft_wrap=False)


def error(message: str) -> None:
    """One line, soft-wrapped by the terminal itself: never broken mid-sentence."""
    line = Text("morgue: ", style="bold red")
    line.append(one_line(message))
    _console(stderr=True).print(line, soft_wrap=True)


def info(message: str) -> None:
    _console(stderr=True).print(Text(one_line(message), style="dim"), soft_wrap=True)


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


def index_report(report: IndexReport, index_dir: Path, archive: Path, *, quiet: bool) -> None:
    if quiet:
        return
    console = _console(stderr=True)
    for skip in report.skipped:
        console.print(Text(f"skipped {one_line(skip.path)}: {one_line(skip.reason)}", style="yellow"))
    console.print(Text(one_line(plain.report_line(report, index_dir, archive))))


# -- stats, list, entities ---------------------------------------------------


def stats(s: Stats) -> None:
    table = Table.grid(padding=(0, 2))
    for name, value in plain.stats_rows(s):
        table.add_row(Text(name, style="bold"), Text(one_line(value)))
    _console().print(table)


def entities(rows: Sequence[tuple[str, Count]]) -> None:
    table = Table("Entity", "Group", "Documents", box=None)
    for group, c in rows:
        table.add_row(Text(one_line(c.value)), group, str(c.count))
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


def search_result(r: SearchResult, grouped: GroupedResult | None = None) -> None:
    console = _console()
    table = Table("#", "Article", box=None, show_header=False, expand=True, padding=(0, 1, 1, 0))
    for n, h in enumerate(r.hits, r.offset + 1):
        cell = _marked(one_line(h.title), h.title_matches)
        cell.stylize("bold")
        cell.append("\n" + one_line(plain.hit_meta(h)), style="dim")
        cell.append(plain.copies_note(h, grouped), style="bold")
        for f in h.fragments:
            cell.append("\n… ")
            cell.append_text(_marked(f.text, f.matches))
            cell.append(" …")
        table.add_row(Text(str(n), style="dim"), cell)
    if r.hits:
        console.print(table)
    console.print(Text(plain.grouped_summary(r, grouped), style="bold"))
    if r.suggestion:
        console.print(Text("Did you mean: ") + Text(one_line(r.suggestion), style="bold cyan") + Text("?"))


def article(a: StoredArticle, marks: Highlights | None) -> None:
    console = _console()
    console.print(
        _marked(one_line(a.title), marks.title if marks else (), MATCH_STYLE) + Text("", style="bold")
    )
    console.print(Text(one_line(plain.article_meta(a)), style="dim"))
    console.print()
    _print_marked(console, a.body, marks.body if marks else ())
    if marks is not None and marks.truncated:
        console.print(Text(f"Only the first {len(marks.body):,} matches are marked.", style="dim"))
    note = read_note(len(a.body), a.entities_read)
    lines = plain.entity_lines(a)
    if lines or note:
        console.print()
    if note:
        console.print(Text(note, style="dim"))
    for title, names in lines:
        console.print(Text(f"{title}: ", style="bold") + Text(one_line(names)))
    if a.duplicates:
        console.print(Text("Also at: " + one_line(", ".join(a.duplicates)), style="dim"))


def related(hits: Sequence[Hit]) -> None:
    console = _console()
    for h in hits:
        console.print(Text(one_line(f"{h.id}  {_date(h.date)}  {h.title}")))
