"""The status line: how many results, how fast, the sort, the filters; and transient notes."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from index.models import SearchResult


class StatusLine(Static):
    """One line above the footer. `timings=False` hides the milliseconds (for stable snapshots)."""

    def __init__(self, *, timings: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timings = timings
        self._main = Text("")
        self._note = Text("")
        self._timer: Timer | None = None
        self._folded = False

    def show_result(self, result: SearchResult, shown: int) -> None:
        parts = [f"{result.total:,} result{'s' if result.total != 1 else ''}"]
        # Folded copies: the list's entries are stories, the total counts articles. A later page
        # (offset > 0: more loaded) may hold no folded story itself; the list still does.
        folded = any(h.copies for h in result.hits) or (result.offset > 0 and self._folded)
        self._folded = folded
        if folded:
            parts = [f"{result.total:,} articles", f"{shown:,} stories listed, copies folded (C: all)"]
        elif result.total > shown:
            parts[0] += f" ({shown} loaded)"
        if self.timings:
            parts.append(f"{result.elapsed_ms:.0f} ms")
        parts.append(f"sort: {result.sort}")
        if result.filters:
            parts.append(f"{len(result.filters)} filter{'s' if len(result.filters) != 1 else ''}")
        self._main = Text(" · ".join(parts), end="")
        self._draw()

    def show_text(self, message: str) -> None:
        self._main = Text(message, end="")
        self._draw()

    def note(self, message: str, *, seconds: float = 5.0) -> None:
        """A short note on the right (e.g. "index updated") for a few seconds."""
        self._note = Text(message, style="italic", end="")
        self._draw()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, self.clear_note)

    def clear_note(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._note = Text("")
        self._timer = None
        self._draw()

    def _draw(self) -> None:
        line = self._main.copy()
        if self._note:
            line.append("  ·  ")
            line.append_text(self._note)
        self.update(line, layout=False)
