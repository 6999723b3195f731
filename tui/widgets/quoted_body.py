"""The reader's body with its quotations marked and each speaker's name beside them.

A quotation is styled (`body--quote`, under the matches and mentions); the
speaker's name sits in a gutter left of the line where the quotation starts
(`body--speaker`), so the body's text and offsets stay the article's own and
`n`/`N` still land on the matches. The gutter is there only for an article with
quotations, in a reader wide enough to spare it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip

from index.models import Mention, Quote

from .. import text as tx
from .article_body import ArticleBody

GUTTER = (8, 16)  # cells for a speaker's name and a space: a fifth of the reader, within these
GUTTER_FROM = 40  # the reader's width, in cells, from which the gutter is drawn
NO_SPEAKER = "?"
UNNAMED = "(unnamed)"


def speaker_label(quote: Quote) -> str:
    if quote.speaker:
        return quote.speaker
    return UNNAMED if quote.unnamed else NO_SPEAKER


class QuotedBody(ArticleBody):
    """`ArticleBody` that also marks an article's quotations (`StoredArticle.quotes`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*ArticleBody.COMPONENT_CLASSES, "body--quote", "body--speaker"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._quotes: tuple[Quote, ...] = ()
        self._gutter = 0
        self._speaker_lines: dict[int, str] = {}
        self._pending_quote: int | None = None  # scroll to this offset once the next body is laid out

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self._quotes

    @property
    def speaker_lines(self) -> dict[int, str]:
        """Screen line -> the speaker named beside it (empty when no gutter is drawn)."""
        return self._speaker_lines

    def show(
        self,
        body: str,
        matches: Sequence[tuple[int, int]],
        mentions: Sequence[Mention],
        quotes: Sequence[Quote] = (),
    ) -> None:
        self._quotes = tuple(q for q in quotes if 0 <= q.start < q.end <= len(body))
        pending, self._pending_quote = self._pending_quote, None
        super().show(body, matches, mentions)  # lays out (if it has a width) and scrolls home
        self._pending_quote = pending
        self._scroll_pending()

    def expect_quote(self, start: int) -> None:
        """Scroll to the quotation at `start` of the body shown next, once it is laid out.

        The reader may have no width yet when the article arrives (it is just being
        shown): the scroll then waits for the layout that its first resize brings.
        """
        self._pending_quote = start

    def _scroll_pending(self) -> None:
        if self._pending_quote is not None and self._width > 0 and self._body:
            start, self._pending_quote = self._pending_quote, None
            self.show_quote(start)

    def show_quote(self, start: int) -> None:
        """Scroll the quotation starting at `start` into view, a third of the way down."""
        line = tx.line_of(self.lines, start)
        # Forced: the scrollbars of a body laid out this moment do not yet allow scrolling.
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 3), animate=False, force=True)

    def _restyle(self) -> None:
        super()._restyle()
        if self._quotes:
            style = tx.component_style(self, "body--quote")
            for q in self._quotes:
                self._text.stylize_before(style, q.start, q.end)  # under mentions and matches

    def _layout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._width and not force):
            return
        self._width = width
        self._gutter = (
            max(GUTTER[0], min(GUTTER[1], width // 5)) if self._quotes and width >= GUTTER_FROM else 0
        )
        self._lines = tx.wrap(self._text.plain, width - self._gutter) if self._body else [(0, 0)]
        self._speaker_lines = {}
        if self._gutter:
            for q in self._quotes:
                self._speaker_lines.setdefault(tx.line_of(self._lines, q.start), speaker_label(q))
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()
        self._scroll_pending()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not self._gutter:
            return strip
        width = self.scrollable_content_region.width
        name = self._speaker_lines.get(self.scroll_offset.y + y, "")
        cell = _fitted(tx.flat(name), self._gutter - 1) + " "
        style = self.rich_style + tx.component_style(self, "body--speaker")
        gutter = Strip([Segment(cell, style)], self._gutter)
        return Strip.join([gutter, strip]).crop(0, width)


def _fitted(name: str, cells: int) -> str:
    """`name` in exactly `cells` cells: padded, or cut with an ellipsis."""
    if cell_len(name) <= cells:
        return set_cell_size(name, cells)
    return set_cell_size(name, cells - 1) + "\u2026"
