"""The TUI's one door into `index/`: every search, article, count and build goes through here.

Plain Python, no Textual: the screen calls these methods from thread workers.
`index.search` pulls in Whoosh (~0.2 s) and `index.build` may pull in spaCy, so
both are imported lazily, off the UI thread, never at module import time.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import MorgueError
from index.models import (
    Count,
    Facets,
    Filter,
    Highlights,
    Hit,
    IndexReport,
    Progress,
    SearchResult,
    Stats,
    StoredArticle,
)

if TYPE_CHECKING:
    from index.copy_view import CopiesOf, CopyDiff
    from index.grouping import CopyGroups
    from index.search import SearchIndex
    from index.timeline import Timeline


@dataclass(frozen=True)
class Reading:
    """An article opened in the reader, with every match of the query that found it."""

    article: StoredArticle
    highlights: Highlights


@dataclass(frozen=True)
class Like:
    """ "More like this": the results are the articles most like this one, not a query's."""

    article_id: str
    title: str


MORE_LIKE = 50  # articles shown as "more like this"


class Session:
    """A lazily opened `SearchIndex` on one index directory (and the archive it is built from)."""

    def __init__(self, index_dir: Path, archive: Path | None = None, *, entities: bool = True) -> None:
        self.index_dir = index_dir
        self.archive = archive
        self.entities = entities
        self._index: SearchIndex | None = None
        self._groups: CopyGroups | None = None
        self.expand_copies = False  # copies folded into one entry per story ("+N copies"), or all listed

    # -- lifecycle ---------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._index is not None

    def needs_build(self) -> bool:
        from index.store.generations import current_generation

        return current_generation(self.index_dir) is None

    def build(
        self, *, rebuild: bool = False, progress: Callable[[Progress], None] | None = None
    ) -> IndexReport:
        """Build (or rebuild) the index from the archive; raises MorgueError (e.g. locked)."""
        if self.archive is None:
            raise MorgueError(f"No index at {self.index_dir}, and no archive to build it from.")
        from index.build import BuildOptions, update_index

        options = BuildOptions(entities=self.entities)
        return update_index(self.archive, self.index_dir, rebuild=rebuild, options=options, progress=progress)

    def open(self) -> Stats:
        """Open the index (raises MorgueError with a message for the user) and return its figures."""
        from index.search import SearchIndex

        if self._index is None:
            self._index = SearchIndex(self.index_dir)
        stats = self.stats()
        self._warm_up()
        return stats

    def saved_stats(self) -> Stats | None:
        """The figures the last build saved (no Whoosh: a few small files), for the first frame."""
        from index.overview import read_overview

        return read_overview(self.index_dir)

    def refresh(self) -> bool:
        """True when a rebuilt or updated index is now being served."""
        if self._index is None or not self._index.refresh():
            return False
        gc.unfreeze()  # what the old generation held may be garbage now
        self._warm_up()
        return True

    def _warm_up(self) -> None:
        """Best effort: a search that fails here fails again, with its message, when the user runs one."""
        with contextlib.suppress(MorgueError, OSError):
            self.index.warm_up()
        _settle_garbage_collector()

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            raise MorgueError("The index is not open yet.")
        return self._index

    # -- queries -----------------------------------------------------------------

    def stats(self) -> Stats:
        from index.stats import index_stats

        return index_stats(self.index)

    def search(
        self,
        query: str,
        filters: tuple[Filter, ...],
        sort: str,
        offset: int = 0,
        limit: int = 50,
        *,
        facets: bool = True,
    ) -> SearchResult:
        """A page of hits; `facets=False` for more hits of a search whose facets are shown already.

        Copies are folded (one hit per copy group, `Hit.copies` behind it) unless `expand_copies`,
        when every article is listed and none says "+N copies" (they are all there).
        """
        result = (
            self.copy_groups()
            .search(
                query,
                expand=self.expand_copies,
                filters=filters,
                sort=sort,
                offset=offset,
                limit=limit,
                facets=facets,
            )
            .result
        )
        if self.expand_copies:
            result = replace(result, hits=tuple(replace(h, copies=0) for h in result.hits))
        return result

    def copy_groups(self) -> CopyGroups:
        from index.grouping import CopyGroups

        index = self.index
        if self._groups is None or self._groups.search_index is not index:
            self._groups = CopyGroups(index)
        return self._groups

    def copies_of(self, article_id: str) -> CopiesOf:
        """The article's other copies, with source, date and size of the change (`index.copy_view`)."""
        from index.copy_view import copies_of

        return copies_of(self.copy_groups(), article_id)

    def copy_diff(self, article_id: str, copy_id: str, version: int | None = None) -> CopyDiff:
        """The diff from the article to a copy, or from its earlier `version` to its text now."""
        from index.copy_view import diff_with, version_diff

        if version is not None:
            return version_diff(self.copy_groups(), article_id, version)
        return diff_with(self.copy_groups(), article_id, copy_id)

    def more_like(self, doc_id: str, sort: str, limit: int = MORE_LIKE) -> SearchResult:
        """The articles most like one article, as a result list (`SearchIndex.more_like`).

        Most alike first, or by date for the date sorts; the facets are the hits' sections and sources.
        """
        started = time.perf_counter()
        hits = self.index.more_like(doc_id, limit)
        if sort in ("newest", "oldest"):
            dated = sorted((h for h in hits if h.date), key=_date_of, reverse=sort == "newest")
            hits = (*dated, *(h for h in hits if not h.date))
        facets = Facets(sections=_counts(h.section for h in hits), sources=_counts(h.source for h in hits))
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        return SearchResult("", "", hits, len(hits), facets, None, elapsed, sort=sort)

    def read(self, doc_id: str, query: str, filters: tuple[Filter, ...]) -> Reading:
        index = self.index
        from index.entities.mention_marks import with_entity_mentions

        article = index.article(doc_id)
        marks = index.highlights(doc_id, query, filters, article=article)
        return Reading(article, with_entity_mentions(article, marks, query, filters))

    def timeline(self, query: str, filters: tuple[Filter, ...], by: str | None = None) -> Timeline:
        """The results over time (`index.timeline`): every match counted by day, week, month or year."""
        from index.timeline import timeline

        return timeline(self.index, query, filters, by)

    def entity_timeline(self, entity: Filter, width: int) -> Timeline:
        """An entity's articles over the whole archive, coarse enough to fit `width` cells."""
        from index.timeline import zoomed

        line = self.timeline("", (entity,), None)
        while len(line.buckets) > width and line.by != "year":
            line = self.timeline("", (entity,), zoomed(line.by, +1))
        return line

    def cooccurring(
        self, entity: Filter, query: str, filters: tuple[Filter, ...], limit: int = 8
    ) -> dict[str, tuple[Count, ...]]:
        others = tuple(f for f in filters if f != entity)
        return self.index.cooccurring(entity.field, entity.value, query, others, limit=limit)


def _date_of(hit: Hit) -> datetime:
    assert hit.date is not None
    return hit.date


def _counts(values: Iterable[str]) -> tuple[Count, ...]:
    counted = Counter(v for v in values if v)
    return tuple(Count(v, n) for v, n in sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def _settle_garbage_collector() -> None:
    """Move what the open index holds out of the collector's sight (`gc.freeze`).

    The searcher, facet map, vocabulary and stem cache are a few hundred
    thousand long-lived objects: every full collection walked them all, a
    100-140 ms pause that landed between a keystroke and its results. Frozen,
    a full collection costs ~30 ms. Done once per opened index, in the worker.
    """
    gc.collect()
    gc.freeze()


def engine_note(engine: str) -> str | None:
    """A note for the overview when entities come from the rule-based fallback (or are absent)."""
    if not engine:
        return "Entities were not extracted for this index."
    if engine.startswith("rules"):
        return "Entities come from the rule-based fallback (no spaCy model installed): expect rough edges."
    return None
