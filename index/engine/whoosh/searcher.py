"""The Whoosh engine's side of the door: one generation, searched.

It keeps one Whoosh searcher (and, once warmed up, its facet map) open across
queries, and picks up a commit made in place (`refresh`); the generation itself is chosen
by the caller (`index.search.SearchIndex`), which opens a new engine when a
rebuild or an update swaps generations.

Each query runs twice over the postings, on purpose: once unscored for the
exact set of matching documents (the exact total and the facets, which must
cover every result), once scored for the top page only (`ranking`). Whoosh's
own `len(results)` and `results.docs()` would re-run the query anyway, and
`groupedby=` would score and sort every hit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from index.engine.protocol import DayCounts, Ranked, Record
from index.errors import CorruptIndexError, MorgueError
from index.models import Count, Facets, StoredArticle
from index.query.syntax import Node, Prefix, TermRange, Wildcard
from index.store.names import load_names

from .compile import to_whoosh
from .day_counts import mapped_days, matched_days
from .documents import stored_article
from .facet_map import FacetMap, matched_facets
from .opening import check_segments, damaged, open_whoosh, raised_in_whoosh, reads_index
from .patches import start
from .ranking import top_by_date, top_by_score


class WhooshEngine:
    """A `SearchEngine` over one Whoosh generation; the caller serialises calls."""

    def __init__(self, gen: Path, index_dir: Path) -> None:
        self.gen = gen
        self.index_dir = index_dir
        self.name = start()
        self._searcher: Searcher | None = open_whoosh(gen).searcher()
        self._facets: FacetMap | None = None
        # The last search's query and matches: its timeline, asked next, counts them without re-running it.
        self._last: tuple[Node, list[int]] | None = None

    # -- lifecycle -----------------------------------------------------------

    def refresh(self) -> bool:
        """Pick up an update committed in place; True when something new is served."""
        searcher = self._live()
        if searcher.up_to_date():
            return False
        check_segments(searcher._ix)
        self._searcher = searcher.refresh()
        self._facets = None
        self._last = None
        return True

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def _live(self) -> Searcher:
        if self._searcher is None:
            raise MorgueError("The index is closed.")
        return self._searcher

    @reads_index
    def facet_map(self) -> FacetMap:
        if self._facets is None:
            self._facets = FacetMap(self._live().reader(), load_names(self.gen))
        return self._facets

    @reads_index
    def warm_up(self, query: Node | None) -> None:
        """Load what the first search would: the facet map, and the readers a query needs."""
        self.facet_map()
        if query is not None:
            top_by_score(self._live(), to_whoosh(query), 1)

    # -- terms -----------------------------------------------------------------

    def expand(self, leaf: Prefix | Wildcard | TermRange) -> Iterator[str]:
        reader = self._live().reader()
        if leaf.field not in reader.schema:
            return
        try:
            for btext in to_whoosh(leaf)._btexts(reader):
                yield btext.decode("utf-8", "replace")
        except (MorgueError, MemoryError):
            raise
        except Exception as exc:
            if raised_in_whoosh(exc):
                raise damaged(self.index_dir, exc) from exc
            raise

    @reads_index
    def doc_frequency(self, field: str, word: str) -> int:
        return int(self._live().reader().doc_frequency(field, word))

    # -- searching ---------------------------------------------------------------

    @reads_index
    def search(self, query: Node, *, sort: str, limit: int, facets: bool = True) -> Ranked:
        searcher = self._live()
        q = to_whoosh(query)
        if sort == "relevance":
            page, docnums = top_by_score(searcher, q, limit)
        else:
            page, docnums = top_by_date(searcher, q, limit, newest=sort == "newest")
        self._last = (query, docnums)
        return Ranked(
            page=tuple((self._record(d), float(score or 0.0)) for d, score in page),
            total=len(docnums),
            facets=self._count_facets(docnums) if facets else Facets(),
        )

    def _count_facets(self, docnums: list[int]) -> Facets:
        """From the map when a long-lived caller built it (`warm_up`), else from the matches alone."""
        if self._facets is not None:
            return self._facets.facets(docnums)
        return matched_facets(self._live().reader(), docnums, load_names(self.gen))

    @reads_index
    def count(self, query: Node) -> int:
        return sum(1 for _ in self._live().docs_for_query(to_whoosh(query)))

    def counter(self, within: Node | None) -> Callable[[Node], int]:
        """Counts of nodes among `within`'s matches, which are found once, at the first count:
        corrected facets count a score of names again inside one search, and an intersection
        query per name re-ran that search each time."""
        among: list[tuple[Searcher, set[int]]] = []  # the searcher asked, within's document numbers there

        def count(node: Node) -> int:
            return self._count_among(within, among, node)

        return count

    @reads_index
    def _count_among(self, within: Node | None, among: list[tuple[Searcher, set[int]]], node: Node) -> int:
        searcher = self._live()
        docs = searcher.docs_for_query(to_whoosh(node))
        if within is None:
            return sum(1 for _ in docs)
        if not among or among[0][0] is not searcher:  # first asked, or a refresh since: numbers change
            among[:] = [(searcher, set(searcher.docs_for_query(to_whoosh(within))))]
        base = among[0][1]
        return sum(1 for d in docs if d in base)

    @reads_index
    def value_counts(self, query: Node | None, field: str, limit: int | None) -> tuple[Count, ...]:
        fmap = self.facet_map()
        docnums = fmap.live if query is None else list(self._live().docs_for_query(to_whoosh(query)))
        return fmap.count(field, docnums, limit)

    @reads_index
    def day_counts(self, query: Node | None) -> DayCounts:
        if query is None:
            return mapped_days(self.facet_map(), self.facet_map().live)
        if self._last is not None and self._last[0] == query:
            docnums = self._last[1]
        else:
            docnums = list(self._live().docs_for_query(to_whoosh(query)))
        if self._facets is not None:
            return mapped_days(self._facets, docnums)
        return matched_days(self._live().reader(), docnums)

    @reads_index
    def more_like(self, doc_id: str, limit: int) -> tuple[tuple[Record, float], ...] | None:
        searcher = self._live()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        results = searcher.more_like(docnum, "body", top=limit, numterms=25)
        return tuple((self._record(hit.docnum), float(hit.score or 0.0)) for hit in results)

    # -- articles --------------------------------------------------------------------

    @reads_index
    def article(self, doc_id: str) -> StoredArticle | None:
        fields = self._live().document(id=doc_id)
        return None if fields is None else stored_article(self._intact(fields))

    def iter_records(self) -> Iterator[Record]:
        for fields in sorted(self._stored_docs(), key=lambda f: str(f.get("id", ""))):
            yield _record(fields)

    @reads_index
    def _stored_docs(self) -> list[dict[str, Any]]:
        return [self._intact(fields) for _docnum, fields in self._live().reader().iter_docs()]

    @reads_index
    def doc_count(self) -> int:
        return int(self._live().doc_count())

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        fmap = self.facet_map()
        return fmap.first_date, fmap.last_date

    def _record(self, docnum: int) -> Record:
        return _record(self._intact(self._live().stored_fields(docnum)))

    def _intact(self, fields: dict[str, Any]) -> dict[str, Any]:
        """A document's stored fields, or CorruptIndexError for a record that lost its id.

        Whoosh keeps no checksums: a damaged record can read back as an empty or
        foreign dictionary instead of failing inside Whoosh.
        """
        if "id" not in fields:
            raise CorruptIndexError(
                f"The index at {self.index_dir} is damaged (an article's stored record has no id). "
                "Run `morgue index --rebuild`."
            )
        return fields


def _record(fields: dict[str, Any]) -> Record:
    date = fields.get("date")
    return Record(
        id=str(fields["id"]),
        title=str(fields.get("title", "")),
        body=str(fields.get("body", "")),
        date=date if isinstance(date, datetime) else None,
        source=str(fields.get("source_display", "")),
        section=str(fields.get("section_display", "")),
        path=str(fields.get("path", "")),
        url=str(fields.get("url", "") or ""),
    )
