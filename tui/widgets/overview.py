"""The archive overview, shown when there is no query; also the build progress and open errors."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import ProgressBar, Static

from index.models import GROUP_TITLES, Count, Progress, Stats

from .. import text as tx
from ..session import engine_note

STAGES = {
    "scan": "Scanning the archive",
    "read": "Reading articles",
    "entities": "Finding people, organisations and places",
    "write": "Writing the index",
    "commit": "Finishing",
}


class Overview(VerticalScroll, can_focus=False):
    """Article count, sections, date range, top entities, and the NER engine."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Opening the index…", end=""), id="overview-text")

    def show_progress(self, progress: Progress) -> None:
        """The build's progress; the bar is mounted on first use (most launches never need it)."""
        if not self.query(ProgressBar):
            self.mount(Static(id="build-stage"), ProgressBar(id="build-progress", show_eta=False))
        self.add_class("-building")
        stage = STAGES.get(progress.stage, progress.stage)
        self.query_one("#overview-text", Static).update(Text("Building the index (first use)…", style="bold"))
        detail = f"{stage} ({progress.done:,}" + (f" of {progress.total:,})" if progress.total else ")")
        self.query_one("#build-stage", Static).update(Text(detail, end=""))
        self.query_one(ProgressBar).update(total=progress.total or None, progress=progress.done)

    def show_error(self, message: str) -> None:
        self.remove_class("-building")
        self.query_one("#overview-text", Static).update(
            Text.assemble(("The index cannot be opened\n\n", "bold"), (tx.clean(message), ""), end="")
        )

    def show_stats(self, stats: Stats) -> None:
        self.remove_class("-building")
        self.query_one("#overview-text", Static).update(overview_table(stats))


def overview_table(stats: Stats) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    table.add_row("Articles", Text(f"{stats.docs:,}"))
    if stats.first_date or stats.last_date:
        table.add_row("Dates", Text(f"{tx.date_label(stats.first_date)} to {tx.date_label(stats.last_date)}"))
    else:
        table.add_row("Dates", Text("none stated", style="dim"))
    table.add_row("Sections", counts(stats.sections))
    if stats.sources:
        table.add_row("Sources", counts(stats.sources))
    for group in ("person", "org", "place"):
        table.add_row(f"Top {GROUP_TITLES[group].lower()}", counts(stats.top_entities.get(group, ())[:8]))
    engine = Text(tx.flat(stats.ner_engine) or "none", end="")
    note = engine_note(stats.ner_engine)
    if note:
        engine.append(f"\n{note}", style="italic")
    table.add_row("Entities", engine)
    table.add_row("", Text(""))
    table.add_row(
        "",
        Text("Type to search · F1 (or ? outside the search bar) for keys · Ctrl+P for commands", style="dim"),
    )
    return table


def counts(values: tuple[Count, ...]) -> Text:
    if not values:
        return Text("-", style="dim")
    return Text(", ", end="").join(tx.count_label(c.value, c.count) for c in values)
