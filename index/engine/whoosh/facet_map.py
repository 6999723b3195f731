"""Facet counts over a whole result set: from the matched documents, or an in-memory map.

A one-shot command (`morgue search --json`) counts its one result set from
the matched documents' column values (`matched_facets`): its work follows the
matches, whatever the archive's size. A long-lived caller (the TUI, after
`warm_up`) counts every query from a map of the whole archive built once
(`FacetMap`), a few milliseconds a query however broad.

Whoosh's overlapping `groupedby` facets, and reading stored fields, cost
hundreds of milliseconds per query; a map from document number to small ints
counts any result set in a few (figures: tests/bench/RESULTS.md, "Measurements
behind the code"). The map is read, when a searcher opens, from a
per-document column written at index time (`facets`: every keyword value of
the document in one byte string): reading it from the keyword fields' posting
lists instead took one matcher per entity name, seconds on BBC. It is keyed to the reader it was built from, so it can never
drift from the searcher.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime, timedelta
from heapq import nlargest, nsmallest
from itertools import chain
from typing import Any

from whoosh.reading import IndexReader

from index.errors import CorruptIndexError
from index.fields import ENTITY_FIELDS, FACET_FIELDS, TOP_ENTITIES
from index.models import Count, Facets

_ITEM, _KV = "\x1e", "\x1f"  # record and unit separators: never in keyword values
_EPOCH = datetime(1, 1, 1)


class FacetMap:
    def __init__(self, reader: IndexReader, names: dict[str, str]) -> None:
        self.size = reader.doc_count_all()
        self.live: list[int] = list(reader.all_doc_ids())  # skips deleted documents
        self.values: dict[str, list[str]] = {f: [] for f in FACET_FIELDS}
        self.doc_ids: dict[str, list[tuple[int, ...]]] = {f: [()] * self.size for f in FACET_FIELDS}
        self._load(reader)
        self.display = names
        self.first_date: datetime | None = None
        self.last_date: datetime | None = None
        self.years: list[str | None] = [None] * self.size
        self.months: list[str | None] = [None] * self.size
        self.days: list[int] = [0] * self.size  # the day's proleptic ordinal (the timeline); 0: undated
        self._dates(reader)

    def _load(self, reader: IndexReader) -> None:
        if not reader.has_column("facets"):
            return
        column = reader.column_reader("facets")
        ids: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
        for docnum in self.live:
            raw = column[docnum]
            if not raw:
                continue
            grouped: dict[str, list[int]] = {}
            for field, value in _items(raw):
                known = ids.get(field)
                if known is None:
                    continue
                vid = known.get(value)
                if vid is None:
                    vid = known[value] = len(self.values[field])
                    self.values[field].append(value)
                grouped.setdefault(field, []).append(vid)
            for field, vids in grouped.items():
                self.doc_ids[field][docnum] = tuple(vids)

    def _dates(self, reader: IndexReader) -> None:
        if not reader.has_column("date"):
            return
        column = reader.column_reader("date", translate=False)
        for docnum in self.live:
            when = _when(column[docnum])
            if when is None:
                continue
            if self.first_date is None or when < self.first_date:
                self.first_date = when
            if self.last_date is None or when > self.last_date:
                self.last_date = when
            self.years[docnum] = f"{when.year:04d}"
            self.months[docnum] = f"{when.year:04d}-{when.month:02d}"
            self.days[docnum] = when.toordinal()

    def display_name(self, field: str, value: str) -> str:
        return self.display.get(f"{field}:{value}", value)

    def count(self, field: str, docnums: Iterable[int], limit: int | None = None) -> tuple[Count, ...]:
        ids = self.doc_ids[field]
        counter = Counter(chain.from_iterable(ids[d] for d in docnums))
        values = self.values[field]
        rank = lambda item: (-item[1], values[item[0]])  # noqa: E731 - ties in name order
        if limit is not None and limit <= 0:
            return ()
        if limit is None or len(counter) <= limit:
            top = sorted(counter.items(), key=rank)[:limit]
        else:
            top = _top(counter, values, limit, rank)
        return tuple(Count(self.display_name(field, values[v]), n) for v, n in top)

    def facets(self, docnums: Collection[int]) -> Facets:
        years: Counter[str | None] = Counter()
        months: Counter[str | None] = Counter()
        if self.first_date is not None:  # an archive with no dates has no date facets to count
            years.update(self.years[d] for d in docnums)
            months.update(self.months[d] for d in docnums)
        years.pop(None, None)
        months.pop(None, None)
        return Facets(
            entities={f: self.count(f, docnums, TOP_ENTITIES) for f in ENTITY_FIELDS},
            sections=self.count("section", docnums),
            sources=self.count("source", docnums),
            years=tuple(Count(str(k), v) for k, v in sorted(years.items())),
            months=tuple(Count(str(k), v) for k, v in sorted(months.items())),
        )


def _items(raw: bytes) -> Iterator[tuple[str, str]]:
    """(field, value) of each keyword value in one document's `facets` column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # Morgue writes UTF-8 here: other bytes are damage
        raise CorruptIndexError(
            "The index's facet data is damaged (undecodable bytes). Run `morgue index --rebuild`."
        ) from exc
    for item in text.split(_ITEM):
        field, _sep, value = item.partition(_KV)
        yield field, value


def _when(raw: int | None) -> datetime | None:
    """A `date` column value (microseconds since year 1) as a datetime; None for none."""
    if not raw:
        return None
    try:
        return _EPOCH + timedelta(microseconds=int(raw))
    except (OverflowError, ValueError):  # the column's default for an undated article, or damage
        return None


def matched_facets(reader: IndexReader, docnums: Collection[int], names: dict[str, str]) -> Facets:
    """The facets of the matched documents, read from their own column values only.

    What `FacetMap.facets` counts, without building the map: a one-shot
    command counts one result set, and decoding every document of the archive
    for it cost more than the search (a million records: seconds and
    gigabytes). The counts, their order and the display names are the map's.
    """
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACET_FIELDS}
    ordered = sorted(docnums)
    for raw in _column_values(reader, "facets", ordered):
        if raw:
            for field, value in _items(raw):
                counter = counts.get(field)
                if counter is not None:
                    counter[value] += 1
    years: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for raw in _column_values(reader, "date", ordered, translate=False):
        when = _when(raw)
        if when is not None:
            years[f"{when.year:04d}"] += 1
            months[f"{when.year:04d}-{when.month:02d}"] += 1

    def ranked(field: str, limit: int | None = None) -> tuple[Count, ...]:
        top = sorted(counts[field].items(), key=lambda item: (-item[1], item[0]))[:limit]  # as `count`
        return tuple(Count(names.get(f"{field}:{value}", value), n) for value, n in top)

    return Facets(
        entities={f: ranked(f, TOP_ENTITIES) for f in ENTITY_FIELDS},
        sections=ranked("section"),
        sources=ranked("source"),
        years=tuple(Count(k, v) for k, v in sorted(years.items())),
        months=tuple(Count(k, v) for k, v in sorted(months.items())),
    )


def _column_values(reader: IndexReader, name: str, ordered: list[int], **options: Any) -> Iterator[Any]:
    """The column's value for each of the `ordered` documents, read from each segment's own column.

    A whole index's column finds each document's segment by bisection, a
    Python call a document; a segment without the column holds no value (as
    the whole index's column reads its documents: the default, which counts
    nothing).
    """
    leaves = reader.leaf_readers()
    ends = [offset for _leaf, offset in leaves[1:]] + [reader.doc_count_all()]
    first = 0
    for (leaf, offset), end in zip(leaves, ends, strict=True):
        last = bisect_left(ordered, end, first)
        if last > first and leaf.has_column(name):
            column = leaf.column_reader(name, **options)
            for docnum in ordered[first:last]:
                yield column[docnum - offset]
        first = last


def _top(counter: Counter[int], values: list[str], limit: int, rank: Any) -> list[tuple[int, int]]:
    """The `limit` largest counts, ties in name order, without a Python key call per value.

    A broad query counts thousands of distinct entities; ranking them all
    through `rank` cost more than counting them. Counts are compared in C
    first; only the values at the cut-off count are compared by name.
    """
    cutoff = nlargest(limit, counter.values())[-1]
    above = sorted(((v, n) for v, n in counter.items() if n > cutoff), key=rank)
    ties = nsmallest(limit - len(above), ((values[v], v) for v, n in counter.items() if n == cutoff))
    return above + [(v, cutoff) for _name, v in ties]


def facet_column(values: dict[str, list[str]]) -> bytes:
    """The `facets` column value of one document: its keyword values, lowercased like the fields."""
    items = [
        f"{field}{_KV}{value.lower()}" for field in FACET_FIELDS for value in values.get(field, ()) if value
    ]
    return _ITEM.join(items).encode("utf-8")
