"""The diff view's text: a copy's words against the open article's, changes marked twice.

Each change is styled by colour (see app.tcss: `diff--added`, `diff--removed`)
and also bracketed by a symbol, as wdiff does (`[-removed-]`, `{+added+}`), so
it reads without colour (a monochrome terminal, a screen reader, a copy and
paste). The text is laid out and scrolled by `ArticleBody`; `]`/`[` step
through the changes as `n`/`N` step through matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text

from index.copies import Span

from .. import text as tx
from .article_body import ArticleBody

OPEN = {"added": "{+", "removed": "[-"}
CLOSE = {"added": "+}", "removed": "-]"}


def diff_text(spans: Sequence[Span]) -> tuple[str, list[tuple[int, int, str]]]:
    """The diff as one text, and each change's (start, end, kind) in it, symbols included."""
    parts: list[str] = []
    marks: list[tuple[int, int, str]] = []
    at = 0
    for span in spans:
        if span.kind == "kept":
            piece = span.text
        else:
            core = span.text.rstrip()
            piece = OPEN[span.kind] + core + CLOSE[span.kind] + span.text[len(core) :]
            marks.append((at, at + len(OPEN[span.kind]) + len(core) + len(CLOSE[span.kind]), span.kind))
        parts.append(piece)
        at += len(piece)
    return "".join(parts), marks


class DiffBody(ArticleBody):
    """An `ArticleBody` whose "matches" are the changes, styled by kind."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {*ArticleBody.COMPONENT_CLASSES, "diff--added", "diff--removed"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kinds: list[str] = []

    def show_diff(self, spans: Sequence[Span]) -> None:
        text, marks = diff_text(spans)
        self._kinds = [kind for _s, _e, kind in marks]
        self.show(text, [(s, e) for s, e, _k in marks], ())

    @property
    def changes(self) -> int:
        return len(self._kinds)

    def _restyle(self) -> None:
        out = Text(tx.clean(self.text), end="")
        styles = {kind: self._style(kind) for kind in ("added", "removed")}
        for (start, end), kind in zip(self._matches, self._kinds, strict=False):
            out.stylize(styles[kind], start, end)
        if self._current is not None and 0 <= self._current < len(self._matches):
            start, end = self._matches[self._current]
            out.stylize(tx.component_style(self, "body--current", background=True), start, end)
        self._text = out
        self._strips.clear()
        self.refresh()

    def _style(self, kind: str) -> Style:
        return tx.component_style(self, f"diff--{kind}", background=True)
