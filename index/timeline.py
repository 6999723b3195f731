"""When the results happened: a query's matches counted per day, week, month or year.

Counted over every match, like the facets, from the engine's date column
(`SearchEngine.day_counts`), then gathered into buckets here. The buckets run
without a gap from the first bucket with a dated match to the last, so that a
chart of them is a time axis; the undated matches are counted apart, and
`sum(bucket counts) + undated == total` always. A bucket's `query` is the
`date:` term that finds the same articles, and its `filter` the removable
date filter that drills into it.

The granularity, unless asked for, is the finest whose buckets over the span
number at most `MAX_AUTO_BUCKETS`: a few days are shown by day, a year by week
or month, decades by year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from index.models import Filter

if TYPE_CHECKING:
    from index.search import SearchIndex

GRANULARITIES = ("day", "week", "month", "year")
MAX_AUTO_BUCKETS = 40
BLOCKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Bucket:
    """One stretch of time: from `start` (included) to `end` (excluded), and its matches."""

    start: date
    end: date
    count: int
    by: str

    @property
    def label(self) -> str:
        """`1987`, `1987-03`, `1987-03-14`, or a week's Monday `1987-03-02`."""
        if self.by == "year":
            return f"{self.start.year:04d}"
        if self.by == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    @property
    def filter_value(self) -> str:
        """The date filter's value (`query.date_filter`): the label, or a week's first..last day."""
        if self.by == "week":
            return f"{self.start.isoformat()}..{(self.end - timedelta(days=1)).isoformat()}"
        return self.label

    @property
    def filter(self) -> Filter:
        return Filter("date", self.filter_value)

    @property
    def query(self) -> str:
        """The `date:` term that finds this bucket's articles."""
        if self.by == "week":
            return f"date:[{self.start.isoformat()} TO {(self.end - timedelta(days=1)).isoformat()}]"
        return f"date:{self.label}"


@dataclass(frozen=True)
class Timeline:
    """The results of one query over time."""

    query: str
    filters: tuple[Filter, ...]
    by: str
    buckets: tuple[Bucket, ...]
    undated: int
    total: int
    first_seen: date | None = None  # the earliest dated match's day
    last_seen: date | None = None  # the latest's

    @property
    def dated(self) -> int:
        return self.total - self.undated


def timeline(
    index: SearchIndex, query: str = "", filters: tuple[Filter, ...] = (), by: str | None = None
) -> Timeline:
    """The matches of `query` (and `filters`) by `by`, or by a granularity chosen from their span.

    An empty query with no filters is the whole archive. Raises `index.query.QueryError`
    (with a message for the user) for a query that cannot be run, ValueError for an unknown `by`.
    """
    if by is not None and by not in GRANULARITIES:
        raise ValueError(f"Unknown granularity {by!r}: use one of {', '.join(GRANULARITIES)}.")
    with index._lock:  # the engine's calls are serialised by the index that owns it
        node = index._expanded(query, filters) if query.strip() or filters else None
        counts = index.engine.day_counts(node)
    days = [(date.fromordinal(o), n) for o, n in counts.days]
    total = counts.undated + sum(n for _d, n in days)
    if by is None:
        by = choose_granularity(days[0][0], days[-1][0]) if days else "month"
    first, last = (days[0][0], days[-1][0]) if days else (None, None)
    return Timeline(query, filters, by, buckets(days, by), counts.undated, total, first, last)


def sparkline(counts: list[int]) -> str:
    """One block character a count, its height to scale with the largest; a blank for none."""
    top = max(counts, default=0)
    if top <= 0:
        return " " * len(counts)
    return "".join(
        " " if n <= 0 else BLOCKS[min(len(BLOCKS) - 1, (n * len(BLOCKS) - 1) // top)] for n in counts
    )


def zoomed(by: str, step: int) -> str:
    """The next finer (`step` -1: zoom in) or coarser (+1: zoom out) granularity, kept in range."""
    at = GRANULARITIES.index(by) + step
    return GRANULARITIES[max(0, min(len(GRANULARITIES) - 1, at))]


def choose_granularity(first: date, last: date) -> str:
    """The finest granularity giving at most `MAX_AUTO_BUCKETS` buckets from `first` to `last`."""
    for by in GRANULARITIES:
        if bucket_count(first, last, by) <= MAX_AUTO_BUCKETS:
            return by
    return "year"


def bucket_count(first: date, last: date, by: str) -> int:
    start, stop = bucket_start(first, by), bucket_start(last, by)
    if by == "day":
        return (stop - start).days + 1
    if by == "week":
        return (stop - start).days // 7 + 1
    if by == "month":
        return (stop.year - start.year) * 12 + stop.month - start.month + 1
    return stop.year - start.year + 1


def bucket_start(day: date, by: str) -> date:
    if by == "week":
        return day - timedelta(days=day.weekday())  # Monday, as ISO weeks start
    if by == "month":
        return day.replace(day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    return day


def next_start(start: date, by: str) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1) if start.year < date.max.year else date.max


def buckets(days: list[tuple[date, int]], by: str) -> tuple[Bucket, ...]:
    """Every bucket from the first dated day's to the last's, empty ones included."""
    if not days:
        return ()
    counts: Counter[date] = Counter()
    for day, n in days:
        counts[bucket_start(day, by)] += n
    out: list[Bucket] = []
    start, last = min(counts), max(counts)
    while start <= last:
        end = next_start(start, by)
        out.append(Bucket(start, end, counts.get(start, 0), by))
        if end <= start:  # the calendar's last year
            break
        start = end
    return tuple(out)


__all__ = [
    "GRANULARITIES",
    "Bucket",
    "Timeline",
    "choose_granularity",
    "sparkline",
    "timeline",
    "zoomed",
]
