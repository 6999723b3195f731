"""The timeline strip: when the current results happened, a block a bucket, under the filter line.

It draws a `index.timeline.Timeline` computed off the UI thread; it counts
nothing itself. One line on a short screen (bars, the span and the undated
count); on a tall one four: bars two cells high, the axis labels under them,
and the bucket under the cursor. Focused (`t`), left/right (h/l) move between
buckets, Enter drills into one (a removable date filter), `+`/`-` zoom in and
out. Wider than the screen, it shows the stretch around the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from index.timeline import BLOCKS, Bucket, Timeline

from ..keys import KeysInOrder

FULL = "-full"  # the class of a strip drawn on four lines
MAX_CELL = 6  # the widest a bucket's bar is drawn, in cells


class TimelineStrip(KeysInOrder, Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Earlier", show=False, id="timeline_strip.earlier"),
        Binding("right,l", "step(1)", "Later", show=False, id="timeline_strip.later"),
        Binding("enter", "drill", "Filter to it", show=True, id="timeline_strip.filter_to_it"),
        Binding("plus,equals_sign", "zoom(-1)", "Zoom in", show=True, id="timeline_strip.zoom_in"),
        Binding("minus", "zoom(1)", "Zoom out", show=True, id="timeline_strip.zoom_out"),
    ]

    cursor: var[int] = var(0, init=False)

    @dataclass
    class BucketChosen(Message):
        """Enter on a bucket: narrow the results to it."""

        bucket: Bucket

    @dataclass
    class ZoomRequested(Message):
        """`+` (-1: finer) or `-` (+1: coarser): the screen recounts at the granularity next to `by`."""

        by: str
        step: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.timeline: Timeline | None = None

    def show(self, timeline: Timeline | None) -> None:
        """Draw `timeline` (None: hide the strip); the cursor goes to the last bucket with articles."""
        self.timeline = timeline
        # Hidden without a dated result: `t` says why in the status line (`undated_note`).
        self.set_class(timeline is None or not timeline.buckets, "-empty")
        buckets = timeline.buckets if timeline is not None else ()
        counted = [i for i, b in enumerate(buckets) if b.count]
        self.set_reactive(TimelineStrip.cursor, counted[-1] if counted else 0)
        self.refresh()

    @property
    def bucket(self) -> Bucket | None:
        buckets = self.timeline.buckets if self.timeline is not None else ()
        return buckets[self.cursor] if 0 <= self.cursor < len(buckets) else None

    def watch_cursor(self) -> None:
        self.refresh()

    def action_step(self, step: int) -> None:
        if self.timeline is not None and self.timeline.buckets:
            self.cursor = max(0, min(len(self.timeline.buckets) - 1, self.cursor + step))

    def action_drill(self) -> None:
        bucket = self.bucket
        if bucket is not None and bucket.count:
            self.post_message(self.BucketChosen(bucket))

    def action_zoom(self, step: int) -> None:
        if self.timeline is not None and self.timeline.buckets:
            self.post_message(self.ZoomRequested(self.timeline.by, step))

    # -- drawing ------------------------------------------------------------------------------

    def render(self) -> Text:
        t = self.timeline
        if t is None or t.total == 0:
            return Text("", end="")
        if not t.buckets:
            return Text(undated_note(t), style="dim italic", end="")
        width = max(1, self.size.width)
        full = self.has_class(FULL)
        tail = Text(f" · {t.undated:,} undated" if t.undated else "", style="dim", end="")
        span = self._span(t)
        room = max(1, width - tail.cell_len - (0 if full else span.cell_len))
        cell = max(1, min(MAX_CELL, room // len(t.buckets)))  # cells a bucket: wider when few
        first, cells = _window(len(t.buckets), self.cursor, room // cell)
        shown = t.buckets[first : first + cells]
        top = max(b.count for b in t.buckets)
        cursor_style = Style(reverse=True) if self.has_focus else Style(underline=True)
        rows = 2 if full else 1
        lines = [Text(end="") for _ in range(rows)]
        for i, bucket in enumerate(shown, first):
            style = cursor_style if i == self.cursor else Style()
            for row, char in enumerate(_column(bucket.count, top, rows)):
                lines[row].append(char * cell, style)
        if not full:
            return Text.assemble(lines[0], span, tail, end="")
        lines[-1].append_text(tail)
        axis = _axis(shown, cell, width)
        return Text("\n", end="").join([*lines, axis, self._status(t)])

    def _span(self, t: Timeline) -> Text:
        """The one-line strip's words: the span it covers, or, focused, the bucket under the cursor.

        Both are padded to one width, so that focusing or moving never resizes the bars.
        """
        top = max(b.count for b in t.buckets)
        label = max(len(b.label) for b in t.buckets)
        covered = f" {t.buckets[0].label}…{t.buckets[-1].label} by {t.by}"
        bucket = self.bucket
        here = f" {bucket.label}: {bucket.count:,} by {t.by}" if bucket else ""
        width = max(len(covered), label + len(f"{top:,}") + len(t.by) + 7)
        if self.has_focus and bucket is not None:
            return Text(here.ljust(width), style="bold", end="")
        return Text(covered.ljust(width), style="dim", end="")

    def _status(self, t: Timeline) -> Text:
        bucket = self.bucket
        out = Text(end="")
        if bucket is not None:
            out.append(f"{bucket.label}: {_results(bucket.count)}", "bold")
        keys = "  ←/→ move · Enter filter · +/- zoom" if self.has_focus else "  t: explore"
        out.append(f"  by {t.by}{keys}", "dim")
        return out

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def undated_note(t: Timeline) -> str:
    """What the strip would draw for results of which none is dated: said, not an empty chart."""
    if t.total == 1:
        return "the one result is undated: no timeline to draw"
    return f"all {t.total:,} results are undated: no timeline to draw"


def _results(n: int) -> str:
    return f"{n:,} result{'s' if n != 1 else ''}"


def _window(count: int, cursor: int, room: int) -> tuple[int, int]:
    """(first bucket shown, how many): all that fit, the cursor kept in view."""
    if count <= room:
        return 0, count
    first = max(0, min(cursor - room // 2, count - room))
    return first, room


def _column(count: int, top: int, rows: int) -> list[str]:
    """One bucket's bar, top row first: eighths of a cell, `rows` cells high; a blank for none."""
    if count <= 0 or top <= 0:
        return [" "] * rows
    eighths = max(1, (count * 8 * rows + top - 1) // top)  # at least the lowest block
    out = []
    for row in range(rows - 1, -1, -1):
        level = min(8, max(0, eighths - row * 8))
        out.append(BLOCKS[level - 1] if level else " ")
    return out


def _axis(shown: tuple[Bucket, ...], cell: int, width: int) -> Text:
    """Under the bars: the first and last buckets' labels, and between them those that fit apart."""
    line = [" "] * width
    if not shown:
        return Text(end="")
    last = len(shown) - 1
    right = shown[last].label
    right_at = max(0, min(width, len(shown) * cell) - len(right))  # ends under the last bar
    free = 0  # the first cell a label may start at
    every = max(1, 10 // cell)
    for i, bucket in enumerate(shown):
        label = bucket.label
        at = right_at if i == last else i * cell
        if 0 < i < last and i % every:
            continue
        if at < free or at + len(label) > width or (i < last and at + len(label) + 1 > right_at):
            continue
        line[at : at + len(label)] = label
        free = at + len(label) + 1
    return Text("".join(line).rstrip(), style="dim", end="")
