"""The results list: title, date · section, and a snippet with the matches highlighted.

A line-API scroll view, not an `OptionList`: it lays each hit out once per
width (`result_entry`), turns only the lines on screen into strips, and keeps
them until the hits, the width or the theme change. With `OptionList` every
keystroke re-wrapped and re-rendered all twenty prompts as Rich renderables,
the largest cost in the frame that shows a keystroke's results.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.models import Hit

from .. import text as tx
from ..keys import KeysInOrder
from .result_entry import EntryStyles, entry_text

PADDING = 1  # cells left and right of an entry, inside its (cursor) background
FALLBACK_WIDTH = 60  # until the first resize tells us the real one


class ResultsList(KeysInOrder, ScrollView, can_focus=True):
    """One entry per hit, a rule between entries; Enter (or a click) opens the entry under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=True, id="results_list.open"),
        Binding("down,j", "cursor_down", "Down", show=False, id="results_list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="results_list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="results_list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="results_list.page_up"),
        Binding("home", "first", "First", show=False, id="results_list.first"),
        Binding("end", "last", "Last", show=False, id="results_list.last"),
        Binding("backspace", "screen.remove_filter", "Unfilter", show=False, id="results_list.unfilter"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--title",
        "results--match",
        "results--meta",
        "results--separator",
        "results--cursor",
    }

    highlighted: var[int | None] = var(None, init=False)

    @dataclass
    class ArticleSelected(Message):
        """Enter (or a click) on a hit: open it in the reader."""

        article_id: str

    @dataclass
    class ArticleHighlighted(Message):
        """The cursor moved onto a hit."""

        article_id: str

    @dataclass
    class MoreWanted(Message):
        """The cursor reached the last hits loaded and there are more (`everything`: End wants the last)."""

        offset: int
        everything: bool = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: tuple[Hit, ...] = ()
        self._total = 0
        self._width = 0
        self._entries: list[list[Text]] = []  # per hit, its lines at the current width
        self._starts: list[int] = []  # per hit, its first line in the list
        self._strips: dict[tuple[int, bool], Strip] = {}  # (line, under the cursor) -> strip
        self._after_paint: list[Callable[[], object]] = []
        self.badges: dict[str, str] = {}
        self._base = Style()  # the widget's own style and width, read once a frame (render_lines)
        self._line_width = 0
        self._to_end = False  # End was pressed before every hit was loaded: go to the last once they are

    # -- what it shows ---------------------------------------------------------------------

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self._hits

    def show(self, hits: tuple[Hit, ...], total: int, *, append: bool = False) -> None:
        """Show `hits` (or add them after the ones shown); keeps the cursor where it is when appending."""
        self._total = total
        if append:
            self._hits = (*self._hits, *hits)
            self._lay_out(len(self._hits) - len(hits))
            if self._to_end:
                self._to_end = False
                self._move_to(len(self._hits) - 1)
            return
        self._to_end = False
        self._hits = hits
        self._lay_out(0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.set_reactive(ResultsList.highlighted, 0 if hits else None)
        self._announce()

    def set_badges(self, badges: dict[str, str]) -> None:
        """The marks to show after each hit's title (by id); redrawn only when they changed."""
        if badges != self.badges:
            self.badges = badges
            self._lay_out(0)
            self.refresh()

    def clear(self) -> None:
        self._hits, self._total, self._to_end = (), 0, False
        self._lay_out(0)
        self.set_reactive(ResultsList.highlighted, None)

    def entry_text(self, index: int) -> Text:
        """Hit `index` as drawn, its lines joined (its spans are the highlighted words)."""
        return Text("\n", end="").join(self._entries[index])

    # -- layout ----------------------------------------------------------------------------

    def _content_width(self) -> int:
        return max(8, (self._width or FALLBACK_WIDTH) - 2 * PADDING)

    def _styles(self) -> EntryStyles:
        return EntryStyles(
            title=tx.component_style(self, "results--title"),
            meta=tx.component_style(self, "results--meta"),
            match=tx.component_style(self, "results--match", background=True),
        )

    def _lay_out(self, first: int) -> None:
        """Lay out hits from `first` on (all of them when 0), then size the scroll area."""
        width, styles = self._content_width(), self._styles()
        del self._entries[first:], self._starts[first:]
        line = self._starts[-1] + len(self._entries[-1]) + 1 if self._entries else 0
        for hit in self._hits[first:]:
            lines = entry_text(hit, width, styles)
            if badge := self.badges.get(hit.id):  # the user's marks (`index.notebook`), after the title
                lines[0] = Text.assemble(lines[0], " ", (badge, "bold"))
            self._entries.append(lines)
            self._starts.append(line)
            line += len(lines) + 1  # and the rule after it
        if first == 0:
            self._strips.clear()
        height = max(0, line - 1)
        size = Size(self._width or FALLBACK_WIDTH, height)
        if self.virtual_size != size:  # an unchanged size costs no layout
            self.virtual_size = size
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width and width != self._width:
            self._width = width
            self._lay_out(0)
        # Entries are taller or shorter at another width, and the cursor may have moved while the
        # list was hidden (the reader in its place): the offset scrolled to before is stale.
        self._scroll_to_cursor()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._lay_out(0))

    def on_focus(self, event: events.Focus) -> None:
        self._restyle_cursor()

    def on_blur(self, event: events.Blur) -> None:
        self._restyle_cursor()

    def _restyle_cursor(self) -> None:
        """The cursor's colours depend on focus (app.tcss)."""
        self._strips = {key: strip for key, strip in self._strips.items() if not key[1]}
        self.refresh()

    # -- painting ----------------------------------------------------------------------------

    def after_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the list has drawn lines in a frame (the next one that includes it)."""
        self._after_paint.append(callback)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Once a frame, not once a line: `rich_style` walks the ancestors (~0.2 ms a call).
        self._base = self.rich_style
        self._line_width = self.scrollable_content_region.width
        lines = super().render_lines(crop)
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:  # as messages: they run once this frame is on the screen
            self.call_later(callback)
        return lines

    def _entry_at(self, line: int) -> int | None:
        """The hit drawn on `line` of the list, or None (a rule, or past the end)."""
        index = bisect_right(self._starts, line) - 1
        if index < 0 or line - self._starts[index] >= len(self._entries[index]):
            return None
        return index

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        width, base = self._line_width, self._base
        if line >= self.virtual_size.height or not self._entries:
            return Strip.blank(width, base)
        index = self._entry_at(line)
        cursor = index is not None and index == self.highlighted
        strip = self._strips.get((line, cursor))
        if strip is None:
            strip = self._strips[(line, cursor)] = self._line_strip(line, index, cursor, width)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _line_strip(self, line: int, index: int | None, cursor: bool, width: int) -> Strip:
        """Line `line` of the list (of hit `index`, or a rule) as a strip `width` cells wide.

        Not `_render`: that is `Widget._render()`, which Textual calls itself (e.g. to copy a
        mouse selection with Ctrl+C), and a method of that name here made the copy crash.
        """
        base = self._base
        if index is None:  # the rule between two entries
            rule = self.get_component_rich_style("results--separator")
            return Strip([Segment("─" * width, base + rule)], width)
        text = self._entries[index][line - self._starts[index]]
        segments = [s for s in text.render(self.app.console, end="") if s.text]
        content = Strip(segments).crop_extend(0, width - 2 * PADDING, None)
        pad = Strip.blank(PADDING)
        strip = Strip.join([pad, content, pad])
        if cursor:
            strip = strip.apply_style(self.get_component_rich_style("results--cursor"))
        return strip.apply_style(base)

    # -- the cursor ---------------------------------------------------------------------------

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index < len(self._entries):
                self.refresh_lines(self._starts[index], len(self._entries[index]))
        self._scroll_to_cursor()
        self._announce()

    def _announce(self) -> None:
        index = self.highlighted
        if index is None or index >= len(self._hits):
            return
        self.post_message(self.ArticleHighlighted(self._hits[index].id))
        if index >= len(self._hits) - 3 and len(self._hits) < self._total:
            self.post_message(self.MoreWanted(len(self._hits)))

    def _scroll_to_cursor(self) -> None:
        index = self.highlighted
        if index is None or index >= len(self._entries):
            return
        top, height = self._starts[index], len(self._entries[index])
        view = self.scrollable_content_region.height
        if view <= 0:
            return  # hidden: done when it is shown (`on_resize`)
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + height > self.scroll_y + view:  # its end in view, but never its title out of it
            self.scroll_to(y=min(top, top + height - view), animate=False, immediate=True)

    def _move_to(self, index: int) -> None:
        if self._hits:
            self.highlighted = max(0, min(len(self._hits) - 1, index))

    def action_cursor_down(self) -> None:
        self._move_to(0 if self.highlighted is None else self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self._move_to(0 if self.highlighted is None else self.highlighted - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        """The last result, not the last loaded: the rest are fetched, and the cursor goes there when they come."""
        if len(self._hits) < self._total:
            self._to_end = True
            self.post_message(self.MoreWanted(len(self._hits), everything=True))
        self._move_to(len(self._hits) - 1)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        """Move the cursor by a screenful of lines, to the entry found there."""
        if self.highlighted is None or not self._starts:
            self._move_to(0)
            return
        target = self._starts[self.highlighted] + direction * self.scrollable_content_region.height
        index = max(0, bisect_right(self._starts, max(0, target)) - 1)
        if index == self.highlighted:
            index += direction
        self._move_to(index)

    def action_select(self) -> None:
        if self.highlighted is not None and self.highlighted < len(self._hits):
            self.post_message(self.ArticleSelected(self._hits[self.highlighted].id))

    def on_click(self, event: events.Click) -> None:
        index = self._entry_at(self.scroll_offset.y + event.y)
        if index is not None:
            event.stop()
            self.highlighted = index
            self.action_select()
