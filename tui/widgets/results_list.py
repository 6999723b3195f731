"""The results list: title, date · section, and a snippet with the matches highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.models import Hit

from .. import text as tx

SNIPPET_LINES = 2


class ResultsList(OptionList):
    """One option per hit; Enter opens it. Styles of matches and metadata come from app.tcss."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=True),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("backspace", "screen.remove_filter", "Unfilter", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--title",
        "results--match",
        "results--meta",
        "results--snippet",
    }

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
        """The cursor reached the last hit loaded and there are more."""

        offset: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._hits: tuple[Hit, ...] = ()
        self._total = 0
        self._width = 0

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self._hits

    def show(self, hits: tuple[Hit, ...], total: int, *, append: bool = False) -> None:
        """Show `hits` (or add them after the ones shown); keeps the cursor where it is when appending."""
        start = len(self._hits) if append else 0
        self._hits = (*self._hits, *hits) if append else hits
        self._total = total
        options = self._options_for(hits, start)
        if append:
            if options:
                self.add_options([None, *options])
            return
        self.set_options(options)
        self.highlighted = 0 if hits else None
        self.scroll_home(animate=False)

    def clear(self) -> None:
        self._hits, self._total = (), 0
        self.clear_options()

    def _options_for(self, hits: tuple[Hit, ...], start: int) -> list[Option | None]:
        """One option per hit, a separator line between them."""
        options: list[Option | None] = []
        for n, hit in enumerate(hits):
            if n:
                options.append(None)
            options.append(Option(self._prompt(hit), id=str(start + n)))
        return options

    def _prompt(self, hit: Hit) -> Text:
        match = tx.component_style(self, "results--match", background=True)
        title_style = tx.component_style(self, "results--title")
        meta_style = tx.component_style(self, "results--meta")
        title = tx.one_line(
            hit.title or "(untitled)", hit.title_matches if hit.title else (), match, title_style
        )
        meta = tx.joined(tx.date_label(hit.date), hit.section, hit.source) or hit.path
        lines = [title, Text(tx.flat(meta), style=meta_style, end="")]
        if hit.fragments:
            width = max(20, (self._width or self.size.width or 60) - 2)
            lines.append(tx.snippet(hit.fragments[0], SNIPPET_LINES * width - 4, match))
        return Text("\n", end="").join(lines)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self._rebuild()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._rebuild())

    def _rebuild(self) -> None:
        """Lay the prompts out again (a new width, or a new theme's colours)."""
        if not self._hits:
            return
        highlighted = self.highlighted
        self.set_options(self._options_for(self._hits, 0))
        self.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._hits):
            self.post_message(self.ArticleSelected(self._hits[event.option_index].id))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        if index < len(self._hits):
            self.post_message(self.ArticleHighlighted(self._hits[index].id))
        if index >= len(self._hits) - 3 and len(self._hits) < self._total:
            self.post_message(self.MoreWanted(len(self._hits)))
