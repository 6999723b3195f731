"""The search bar: search as you type after a short pause, and at once on Enter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from ..keys import KeysInOrder

# The longest that fits the bar is shown: an example is never cut in the middle.
PLACEHOLDERS = (
    'Search: words, "a phrase", person:"Tony Blair", section:sport, date:2005, -word, AND/OR …',
    'Search: words, "a phrase", person:"Tony Blair", section:sport, -word, AND/OR …',
    'Search: words, "a phrase", person:"Tony Blair", -word, AND/OR …',
    'Search: words, "a phrase", person:"Name", -word …',
    'Search: words, "a phrase" …',
    "Search",
)
PLACEHOLDER = PLACEHOLDERS[1]  # until the first resize says how wide the bar is


def printable(text: str) -> str:
    """A query as the terminal may echo it: no control, escape, bidi or invisible characters."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


class SearchBar(KeysInOrder, Input):
    """An `Input` that posts `QueryChanged` after `debounce` seconds of quiet; Enter is the screen's.

    Enter runs the screen's `submit_query` at once, in this widget's queue (see
    `tui.keys`): a key typed right after it goes where Enter sent the focus.

    Each change of the text also lays the screen out (`Input` sizes its virtual
    width to the text). Since the results list draws with the line API that
    layout costs ~1.5 ms a key on a 2-core machine: not worth overriding
    `Widget.refresh` to skip it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.history_forward", "Results", show=False, id="search_bar.to_results"),
        Binding("up", "screen.history_back", "History", show=False, id="search_bar.history_back"),
        Binding("enter", "screen.submit_query", "Search", show=False, id="search_bar.submit"),
    ]

    @dataclass
    class QueryChanged(Message):
        """The user changed the text (and paused typing, if there is a debounce)."""

        query: str

    def __init__(self, *, debounce: float = 0.0, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self.debounce = debounce
        self._timer: Timer | None = None

    def on_resize(self, event: events.Resize) -> None:
        room = self.scrollable_content_region.width - 1  # and a cell for the cursor
        self.placeholder = next((p for p in PLACEHOLDERS if cell_len(p) <= room), PLACEHOLDERS[-1])

    def set_query(self, query: str) -> None:
        """Replace the text without triggering search-as-you-type (the caller searches)."""
        query = printable(query)
        with self.prevent(Input.Changed):
            self.value = query
        self.cursor_position = len(query)
        self._cancel_timer()

    def commit(self) -> str:
        """The text now; a search-as-you-type still waiting for a pause is dropped (the caller searches)."""
        self._cancel_timer()
        return self.value

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        clean = printable(self.value)
        if clean != self.value:  # pasted escapes, bidi overrides: never echoed to the terminal
            self.set_query(clean)
        self._cancel_timer()
        # The text now, not the event's: keys typed in a burst are all in before their
        # `Changed` events are handled, and each of those must report the text as it is.
        if self.debounce <= 0:
            self.post_message(self.QueryChanged(self.value))
            return
        value = self.value
        self._timer = self.set_timer(self.debounce, lambda: self._fire(value))

    def _fire(self, value: str) -> None:
        self._timer = None
        if value == self.value:
            self.post_message(self.QueryChanged(value))
