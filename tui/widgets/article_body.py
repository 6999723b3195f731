"""The reader's body: a line-API scroll view that wraps the text itself.

Wrapping here (rather than in a `Static`) means we know which screen line holds
every character offset, so `n`/`N` can scroll exactly to a match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.models import GROUPS, Mention

from .. import text as tx
from ..keys import KeysInOrder


class ArticleBody(KeysInOrder, ScrollView, can_focus=True):
    """The body of one article, with its matches and entity mentions styled (see app.tcss)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, id="article_body.down"),
        Binding("k", "scroll_up", "Up", show=False, id="article_body.up"),
        Binding("space", "page_down", "Page down", show=False, id="article_body.page_down"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "body--match",
        "body--current",
        *(f"body--{group}" for group in GROUPS),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = ""
        self._matches: Sequence[tuple[int, int]] = ()
        self._mentions: Sequence[Mention] = ()
        self._current: int | None = None
        self._text = Text("")
        self._lines: list[tuple[int, int]] = [(0, 0)]
        self._strips: dict[int, Strip] = {}
        self._width = 0

    @property
    def text(self) -> str:
        return self._body

    @property
    def lines(self) -> list[tuple[int, int]]:
        return self._lines

    @property
    def current(self) -> int | None:
        return self._current

    def show(self, body: str, matches: Sequence[tuple[int, int]], mentions: Sequence[Mention]) -> None:
        self._body, self._matches, self._mentions, self._current = body, matches, mentions, None
        self._restyle()
        self._layout(force=True)
        self.scroll_home(animate=False)

    def show_match(self, index: int) -> None:
        """Mark match `index` as the current one and scroll it into view."""
        if not self._matches:
            return
        self._current = index % len(self._matches)
        self._restyle()
        line = tx.line_of(self._lines, self._matches[self._current][0])
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 3), animate=False)

    def line_of_current(self) -> int | None:
        if self._current is None:
            return None
        return tx.line_of(self._lines, self._matches[self._current][0])

    def _styles(self) -> dict[str, Style]:
        def style(name: str) -> Style:
            return tx.component_style(self, f"body--{name}", background=name in ("match", "current"))

        return {name: style(name) for name in ("match", "current", *GROUPS)}

    def _restyle(self) -> None:
        self._text = tx.body_text(self._body, self._matches, self._mentions, self._styles(), self._current)
        self._strips.clear()
        self.refresh()

    def _layout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._width and not force):
            return
        self._width = width
        self._lines = tx.wrap(self._text.plain, width) if self._body else [(0, 0)]
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            start, end = self._lines[index]
            piece = self._text[start:end]
            segments = [Segment(s.text, s.style) for s in piece.render(self.app.console, end="") if s.text]
            strip = Strip(segments).apply_style(base)
            self._strips[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)
