"""What a saved search finds now that it did not find when it was last opened: over every result, not a page.

Why every result: "N new" counted over the first page said 0 for a search with
thousands of results whose new ones ranked low, and a journalist following a
story trusts that figure. The results come a page of `PAGE` at a time in the
search's order (`every_hit`, shared with the export), and what was seen is
kept per saved search and per scope ("cli", "tui"), so a script's `--new` and
the explorer's count do not consume each other's news.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from index.errors import UsageError
from index.models import Filter, Hit
from index.notebook.store import Notebook

if TYPE_CHECKING:
    from index.search import SearchIndex

PAGE = 1000  # `index.search.MAX_LIMIT`


def every_hit(
    index: SearchIndex, query: str, filters: tuple[Filter, ...] = (), sort: str = "relevance"
) -> Iterator[Hit]:
    """Every result of the search, in its order; a query that cannot run is a UsageError."""
    offset = 0
    while True:
        result = index.search(query, filters=filters, sort=sort, offset=offset, limit=PAGE, facets=False)
        if result.error:
            raise UsageError(result.error)
        yield from result.hits
        offset += len(result.hits)
        if not result.hits or offset >= result.total:
            return


def new_hits(
    index: SearchIndex,
    notebook: Notebook,
    name: str,
    scope: str,
    query: str,
    filters: tuple[Filter, ...],
    sort: str,
) -> tuple[list[Hit], list[str]]:
    """(the results not seen at the last `record_seen` of `name` in `scope`, every result's id)."""
    seen = notebook.seen(name, scope)
    every = list(every_hit(index, query, filters, sort))
    return [h for h in every if h.id not in seen], [h.id for h in every]
