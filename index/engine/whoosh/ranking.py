"""One pass over the postings for the top page, the exact total and the facets.

Whoosh's `search(limit=N)` gives the top N, but its total is either estimated
or recomputed by running the query again (`len(results)`, `results.docs()`),
and its block-quality skipping scored every hit of broad queries anyway here.
`CountingTopCollector` keeps the top N *and* every matching document number
in the same pass. It must not use quality skipping or matcher replacement:
both drop documents that cannot reach the top N, which is fine for ranking but
under-counts the total (163 instead of 222 for `election` on the BBC).

Date sorts need no scores at all: the matching set, ordered by the date
column.
"""

from __future__ import annotations

from heapq import nlargest, nsmallest
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector
from whoosh.searching import Searcher

from index.engine.whoosh.block_scoring import best_first, block_scores


class CountingTopCollector(TopCollector):  # type: ignore[misc]
    matcher: Any  # the current segment's, set by `set_subsearcher`

    def __init__(self, limit: int) -> None:
        super().__init__(limit=max(1, limit), usequality=False, replace=0)
        self.docnums: list[int] = []

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        """The segment's matcher, with the parts that match nothing there dropped (`replace(0)`).

        A query's word absent from a segment (a title word no body has) leaves
        an inactive side in a union, stepped and scored with every match: a
        third of the time of a query matching a million records. Replacing with
        a minimum quality of 0 removes only such parts, never a document.
        """
        super().set_subsearcher(subsearcher, offset)
        self.matcher = self.matcher.replace(0)

    def collect_matches(self) -> None:
        """A segment's matches scored a block at a time where the matcher's shape allows
        (`block_scoring`, the same scores and order), else stepped one by one."""
        found = None if self.final_fn else block_scores(self.matcher, self.subsearcher.reader()._perdoc)
        if found is None:
            super().collect_matches()
            return
        ids, scores = found
        self.docnums.extend((ids + self.offset).tolist())
        push = TopCollector._collect
        for i in best_first(ids, scores, self.limit).tolist():
            push(self, self.offset + int(ids[i]), float(scores[i]))

    def _collect(self, global_docnum: int, score: float) -> Any:
        self.docnums.append(global_docnum)
        return super()._collect(global_docnum, score)


def top_by_score(searcher: Searcher, q: wq.Query, n: int) -> tuple[list[tuple[int, float]], list[int]]:
    """([(docnum, score)] best first, every matching docnum)."""
    collector = CountingTopCollector(n)
    searcher.search_with_collector(q, collector)
    ranked = sorted(collector.items, key=lambda item: (-item[0], -item[1]))[:n] if n else []
    return [(-neg_docnum, score) for score, neg_docnum in ranked], collector.docnums


UNDATED = (1 << 64) - 1  # what Whoosh's DATETIME column holds for a document without a date


def top_by_date(
    searcher: Searcher, q: wq.Query, n: int, *, newest: bool
) -> tuple[list[tuple[int, float]], list[int]]:
    """Matching documents ordered by date; undated articles come last either way."""
    docnums = list(searcher.docs_for_query(q))
    reader = searcher.reader()
    if not reader.has_column("date"):
        return [(d, 0.0) for d in docnums[:n]], docnums
    column = reader.column_reader("date", translate=False)
    dated = [(int(column[d] or 0), d) for d in docnums]
    # An undated article reads as the column's default, the largest value (so that it sorts last
    # ascending); it is no date at all, for newest first as for oldest first.
    with_date = [item for item in dated if 0 < item[0] < UNDATED]
    without = [d for v, d in dated if not 0 < v < UNDATED]
    best = nlargest(n, with_date, key=lambda item: (item[0], -item[1])) if newest else nsmallest(n, with_date)
    page = [d for _v, d in best] + without[: max(0, n - len(best))]
    return [(d, 0.0) for d in page], docnums
