"""The main screen's timeline: the strip of the current results, and the sidebar's entity over time.

A mixin of `MainScreen` (its first base): `t` focuses the strip; the counts
are asked of `index.timeline` (through the session) in thread workers,
after each answer is shown, and come back as messages. Enter on a bucket
adds a date filter, a chip removed like the others (`x`); `+`/`-` recount at
a finer or coarser granularity, kept until the next drill-down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.worker import get_current_worker

from index.errors import MorgueError
from index.models import Filter, SearchResult
from index.timeline import Timeline, zoomed

from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.entity_timeline import WIDTH as SPARK_WIDTH
from ..widgets.entity_timeline import EntityTimeline
from ..widgets.status_line import StatusLine
from ..widgets.timeline_strip import FULL, TimelineStrip, undated_note
from .searching import SearchingScreen

if TYPE_CHECKING:
    from index.timeline import Timeline

FULL_STRIP_ROWS = 40  # screens this tall and taller draw the strip on four lines, shorter on one


class TimelineActions(SearchingScreen):
    # Not in the footer: the strip says "t: explore" itself (and the footer row is full at 80 columns).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "focus_timeline", "Timeline", show=False, id="timeline.focus")
    ]

    @dataclass
    class TimelineCounted(Message):
        token: int
        timeline: Timeline | None

    @dataclass
    class EntityTimelineCounted(Message):
        entity: Filter
        timeline: Timeline | None

    _timeline_by: str | None = None  # the user's zoom; None: chosen from the span
    _timeline_token = 0

    def timeline_for(self, result: SearchResult | None) -> None:
        """Count the timeline of the results just shown (None: the overview, no strip)."""
        self._timeline_token += 1
        strip = self.query_one(TimelineStrip)
        if result is None or result.error or self.like is not None or self.session is None:
            strip.show(None)
            return
        self.count_timeline(self._timeline_token, self.query_text, self.filters, self._timeline_by)

    @work(thread=True, exclusive=True, group="timeline")
    def count_timeline(self, token: int, query: str, filters: tuple[Filter, ...], by: str | None) -> None:
        assert self.session is not None
        try:
            timeline = self.session.timeline(query, filters, by)
        except (MorgueError, ValueError):  # a query that cannot run (`QueryError`): no strip
            timeline = None
        if not get_current_worker().is_cancelled:
            self.post_message(self.TimelineCounted(token, timeline))

    @on(TimelineCounted)
    def _timeline_counted(self, message: TimelineCounted) -> None:
        if message.token == self._timeline_token:
            self.query_one(TimelineStrip).show(message.timeline)

    def action_focus_timeline(self) -> None:
        strip = self.query_one(TimelineStrip)
        if strip.timeline is not None and strip.timeline.buckets:
            self.set_focus(strip)
        else:
            note = undated_note(strip.timeline) if strip.timeline and strip.timeline.total else None
            self.query_one(StatusLine).note(note or "no results to draw a timeline of", seconds=4)

    @on(TimelineStrip.BucketChosen)
    def _bucket_chosen(self, message: TimelineStrip.BucketChosen) -> None:
        self._timeline_by = None  # inside the bucket, the span chooses again
        if message.bucket.filter not in self.filters:
            self.filters = (*self.filters, message.bucket.filter)

    @on(TimelineStrip.ZoomRequested)
    def _zoom_requested(self, message: TimelineStrip.ZoomRequested) -> None:
        by = zoomed(message.by, message.step)
        if by != message.by:
            self._timeline_by = by
            self._timeline_token += 1
            self.count_timeline(self._timeline_token, self.query_text, self.filters, by)

    def set_timeline_granularity(self, by: str) -> None:
        """From the command palette: count the strip by `by` (kept until the next drill-down)."""
        self._timeline_by = by
        if self.query_one(TimelineStrip).timeline is not None and self.session is not None:
            self._timeline_token += 1
            self.count_timeline(self._timeline_token, self.query_text, self.filters, by)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(TimelineStrip).set_class(event.size.height >= FULL_STRIP_ROWS, FULL)

    # -- an entity over time, in the sidebar ---------------------------------------------------

    @on(EntitySidebar.EntityHighlighted)
    def _entity_over_time(self, message: EntitySidebar.EntityHighlighted) -> None:
        if self.session is not None:
            self.count_entity_timeline(message.filter)

    @work(thread=True, exclusive=True, group="entity-timeline")
    def count_entity_timeline(self, entity: Filter) -> None:
        assert self.session is not None
        try:
            timeline: Timeline | None = self.session.entity_timeline(entity, SPARK_WIDTH)
        except (MorgueError, ValueError):  # a query that cannot run (`QueryError`): no strip
            timeline = None
        if not get_current_worker().is_cancelled:
            self.post_message(self.EntityTimelineCounted(entity, timeline))

    @on(EntityTimelineCounted)
    async def _entity_timeline_counted(self, message: EntityTimelineCounted) -> None:
        sidebar = self.query_one(EntitySidebar)
        if sidebar.entity_list.highlighted_entity != message.entity:
            return  # the cursor has moved on
        found = sidebar.query(EntityTimeline)
        panel = found.first() if found else EntityTimeline()
        if not found:
            await sidebar.mount(panel)
        panel.show(message.entity, message.timeline)
