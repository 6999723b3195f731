"""The line over the results: a query error, what the parser changed, no results, did-you-mean."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from index.models import UNDATED, SearchResult

from .. import text as tx
from ..session import Like


class Notice(Static):
    """Hidden (class -empty) when there is nothing to say; class -error for a query that could not run."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty")
        self._plain = ""

    def show_result(self, result: SearchResult, *, like: Like | None = None) -> None:
        """What to say over `result` (the articles most like `like`'s, if given)."""
        lines: list[Text] = []
        if result.error:
            lines.append(Text.assemble(("Query error: ", "bold"), tx.flat(result.error), end=""))
        lines.extend(Text.assemble(("Note: ", "bold"), tx.flat(w), end="") for w in result.warnings)
        undated = any(w.startswith(UNDATED) for w in result.warnings)  # the note says why: no dates
        if not result.error and not result.total and not undated:
            if like is not None:
                lines.append(Text("No other article is like this one.", end=""))
            else:
                lines.append(Text(f"No results for {tx.flat(result.query or 'these filters')!r}.", end=""))
        if result.suggestion:
            lines.append(
                Text.assemble(
                    "Did you mean ",
                    (tx.flat(result.suggestion), "bold"),
                    "?  Press ",
                    ("Ctrl+Y", "bold"),
                    " to search for it.",
                    end="",
                )
            )
        self._show(Text("\n", end="").join(lines))
        self.set_class(bool(result.error), "-error")

    def clear(self) -> None:
        self._show(Text(""))

    def _show(self, text: Text) -> None:
        if text.plain != self._plain:  # an unchanged notice costs no layout
            self._plain = text.plain
            self.update(text)
        self.set_class(not text.plain, "-empty")
