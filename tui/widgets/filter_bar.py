"""The filter line: one removable chip per active filter (click it, or `x` removes the last)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.containers import HorizontalScroll
from textual.message import Message
from textual.widgets import Static

from index.models import GROUP_TITLES, Filter

from .. import text as tx

FIELD_NAMES = {
    **GROUP_TITLES,
    "person": "Person",
    "org": "Organisation",
    "place": "Place",
    "section": "Section",
    "source": "Source",
}


class FilterChip(Static):
    """`Person: Sar Kheng ✕`: the value is shown literally."""

    def __init__(self, entity: Filter) -> None:
        super().__init__(chip_text(entity), classes=f"chip -{entity.field}")
        self.filter = entity

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(FilterBar.FilterRemoved(self.filter))


class FilterBar(HorizontalScroll, can_focus=False):
    """Hidden while there are no filters."""

    @dataclass
    class FilterRemoved(Message):
        filter: Filter

    def show(self, filters: tuple[Filter, ...]) -> None:
        self.remove_children()
        if filters:
            self.mount_all(
                [Static(Text("Filters", style="bold", end=""), classes="label"), *map(FilterChip, filters)]
            )
            self.mount(Static(Text("x removes the last", style="dim", end=""), classes="hint"))
        self.set_class(not filters, "-empty")


def chip_text(entity: Filter) -> Text:
    name = FIELD_NAMES.get(entity.field, entity.field)
    return Text.assemble((f"{name}: ", "dim"), (tx.flat(entity.value), "bold"), (" ✕", ""), end="")
