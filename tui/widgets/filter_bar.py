"""The filter line: one removable chip per active filter (click it, or `x` removes the last).

"More like this" shows as a chip too: its results replace the query's until it is removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.widgets import Static

from index.models import GROUP_TITLES, Filter

from .. import text as tx
from ..session import Like

LIKE_TITLE = 40  # cells of the article's title shown on a "more like this" chip

FIELD_NAMES = {
    **GROUP_TITLES,
    "person": "Person",
    "org": "Organisation",
    "place": "Place",
    "section": "Section",
    "source": "Source",
    "date": "Date",
}


class FilterChip(Static):
    """`Person: Sar Kheng ✕`: the value is shown literally."""

    def __init__(self, entity: Filter) -> None:
        super().__init__(chip_text(entity), classes=f"chip -{entity.field}")
        self.filter = entity

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(FilterBar.FilterRemoved(self.filter))


class LikeChip(Static):
    """`Like: Brown sets out budget plans ✕`: "more like this" in place of the query's results."""

    def __init__(self, like: Like) -> None:
        super().__init__(like_text(like), classes="chip -like")

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(FilterBar.LikeRemoved())


class FilterBar(HorizontalScroll, can_focus=False):
    """Hidden while there are no filters."""

    @dataclass
    class FilterRemoved(Message):
        filter: Filter

    class LikeRemoved(Message):
        """The "more like this" chip was clicked: back to the query's results."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._cells = 0  # what the label and chips take, margins and padding included
        self._hint: Static | None = None

    def show(self, filters: tuple[Filter, ...], like: Like | None = None) -> None:
        self.remove_children()
        self._hint = None
        chips: list[Static] = [*map(FilterChip, filters), *([LikeChip(like)] if like else [])]
        if chips:
            label = Text("Filters", style="bold", end="")
            self.mount_all([Static(label, classes="label"), *chips])
            what = "“more like this”" if like else "the last filter"  # the last chip, as x removes it
            hint = Text(f"x removes {what}", style="dim", end="")
            self._hint = Static(hint, classes="hint")
            texts = [*map(chip_text, filters), *([like_text(like)] if like else [])]
            # A chip is its text, a cell of padding either side and one of margin after it.
            self._cells = label.cell_len + 1 + sum(t.cell_len + 3 for t in texts) + hint.cell_len
            self.mount(self._hint)
            self._fit_hint()
        self.set_class(not chips, "-empty")

    def on_resize(self, event: events.Resize) -> None:
        self._fit_hint()

    def _fit_hint(self) -> None:
        """The hint only where it fits whole: a cut "x removes the la" says nothing."""
        if self._hint is not None:
            self._hint.display = self._cells <= self.scrollable_content_region.width


def chip_text(entity: Filter) -> Text:
    name = FIELD_NAMES.get(entity.field, entity.field)
    return Text.assemble((f"{name}: ", "dim"), (tx.flat(entity.value), "bold"), (" ✕", ""), end="")


def like_text(like: Like) -> Text:
    title = Text(tx.flat(like.title) or "(untitled)", style="bold", end="")
    title.truncate(LIKE_TITLE, overflow="ellipsis")
    return Text.assemble(("More like: ", "dim"), title, (" ✕", ""), end="")
