"""An entity over time, in the sidebar: a sparkline of its articles, and when it was first and last seen.

Shown under "appears with" for the entity under the sidebar's cursor, while
the sidebar has the focus; the counts (`index.timeline`, over the whole
archive) come from a worker.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from index.models import Filter
from index.timeline import Timeline, sparkline

from .. import text as tx

WIDTH = 28  # the sparkline's most cells: the sidebar's width inside its border and padding


class EntityTimeline(Static):
    def __init__(self) -> None:
        super().__init__(id="entity-timeline", classes="-empty")
        self.entity: Filter | None = None

    def show(self, entity: Filter, timeline: Timeline | None) -> None:
        self.entity = entity
        if timeline is None or not timeline.buckets:  # no dated article: nothing to draw, no room taken
            self.update("")
            self.add_class("-empty")
            return
        head = Text.assemble((tx.flat(entity.value), "bold"), (" over time", "bold"), end="")
        counts = [b.count for b in timeline.buckets][-WIDTH:]  # the screen counts coarser past WIDTH
        body = Text(sparkline(counts), end="")
        body.append(f" by {timeline.by}", style="dim")
        first, last = timeline.first_seen, timeline.last_seen
        if first is not None and last is not None:
            body.append(f"\nfirst {first.isoformat()} · last {last.isoformat()}", style="dim")
        self.update(Text("\n", end="").join([head, body]))
        self.remove_class("-empty")

    def clear(self) -> None:
        self.entity = None
        self.update("")
        self.add_class("-empty")
