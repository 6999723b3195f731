"""A query's matches counted by day, from the `date` column: what the timeline draws.

Like the facets (`facet_map`), counted over every match, from a column, never
from stored fields: from the facet map's day of each document when a
long-lived caller built it (a C-speed count over the matches), else from the
matched documents' own column values (a one-shot command).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from whoosh.reading import IndexReader

from index.engine.protocol import DayCounts

from .facet_map import FacetMap, _column_values, _when


def mapped_days(fmap: FacetMap, docnums: Collection[int]) -> DayCounts:
    """From the map: `fmap.days` holds each document's day ordinal, 0 for an undated one."""
    counter = Counter(map(fmap.days.__getitem__, docnums))
    undated = counter.pop(0, 0)
    return DayCounts(tuple(sorted(counter.items())), undated)


def matched_days(reader: IndexReader, docnums: Collection[int]) -> DayCounts:
    """From the matched documents' column values only (no map of the whole archive built)."""
    counter: Counter[int] = Counter()
    ordered = sorted(docnums)
    seen = 0
    if reader.has_column("date"):
        for raw in _column_values(reader, "date", ordered, translate=False):
            when = _when(raw)
            if when is not None:
                counter[when.toordinal()] += 1
                seen += 1
    return DayCounts(tuple(sorted(counter.items())), len(ordered) - seen)
