"""The search bar: search as you type after a short pause, and at once on Enter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

PLACEHOLDER = 'Search: words, "a phrase", person:"Tony Blair", section:sport, -word, AND/OR …'


def printable(text: str) -> str:
    """A query as the terminal may echo it: no control, escape, bidi or invisible characters."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


class SearchBar(Input):
    """An `Input` that posts `QueryChanged` after `debounce` seconds of quiet and `QuerySubmitted` on Enter.

    Each change of the text also lays the screen out (`Input` sizes its virtual
    width to the text). Since the results list draws with the line API that
    layout costs ~1.5 ms a key on a 2-core machine: not worth overriding
    `Widget.refresh` to skip it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.focus_results", "Results", show=False),
    ]

    @dataclass
    class QueryChanged(Message):
        """The user paused typing."""

        query: str

    @dataclass
    class QuerySubmitted(Message):
        """The user pressed Enter."""

        query: str

    def __init__(self, *, debounce: float = 0.0, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
        self.debounce = debounce
        self._timer: Timer | None = None

    def set_query(self, query: str) -> None:
        """Replace the text without triggering search-as-you-type (the caller searches)."""
        query = printable(query)
        with self.prevent(Input.Changed):
            self.value = query
        self.cursor_position = len(query)
        self._cancel_timer()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        clean = printable(event.value)
        if clean != event.value:  # pasted escapes, bidi overrides: never echoed to the terminal
            self.set_query(clean)
            event = Input.Changed(self, clean)
        self._cancel_timer()
        if self.debounce <= 0:
            self.post_message(self.QueryChanged(event.value))
            return
        value = event.value
        self._timer = self.set_timer(self.debounce, lambda: self._fire(value))

    def _fire(self, value: str) -> None:
        self._timer = None
        if value == self.value:
            self.post_message(self.QueryChanged(value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._cancel_timer()
        self.post_message(self.QuerySubmitted(event.value))
