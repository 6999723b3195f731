"""Search results with near-duplicate copies folded: one entry per story, "+N copies" behind it.

The copy groups are the generation's (`copies.bin`, written by the build: see
`index.build.copies`), loaded once per generation and kept while it is live.
A grouped search asks the engine for more hits than the page shows (copies
of one story rank together), folds them by group, and pages over the groups;
the fold of the last search is kept, so the next page (or End, in the TUI)
continues it with the engine's next window of hits instead of starting over.
The entry shown for a group is its representative when the representative
matched, else the best-ranked member that did, at the place of the group's
best-ranked member.

Counting is said plainly: `total` and the facets always count matching
*articles* (what the engine counts); a grouped page's entries are *groups*,
and `groups` gives how many groups the matches fall into when every match
was looked at (None when there were too many to fold).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from index.copies import CopiesFileError, Copy, CopyIndex, Group, load
from index.errors import NotFoundError
from index.models import Filter, Hit, SearchResult
from index.search import MAX_LIMIT, SearchIndex

Counts = Literal["groups", "articles"]
# The first window asks the engine for half as many hits again as entries are wanted (each hit
# is highlighted: a search-as-you-type keystroke pays for them); a window that folded short is
# followed by one of twice what is missing. Most results have few copies: one window does.
_SLACK = 5
_NEXT_FLOOR = 50


@dataclass(frozen=True)
class HitCopies:
    """A hit's group number and how many other articles its group holds (None: no copy index)."""

    group: int | None
    copies: int


@dataclass(frozen=True)
class GroupedResult:
    """A search result whose hits are groups (`counts == "groups"`) or every article."""

    result: SearchResult
    copies: Mapping[str, HitCopies]
    counts: Counts
    groups: int | None = None  # groups among all the matches, when known

    def of(self, hit_id: str) -> HitCopies:
        return self.copies.get(hit_id, HitCopies(None, 0))


@dataclass
class _Fold:
    """A grouped search folded so far: paging on (the TUI's "more", End) continues it, never redoes it."""

    key: tuple[object, ...]
    hits: list[Hit] = field(default_factory=list)
    seen: dict[int | str, int] = field(default_factory=dict)  # group (or lone id) -> its place in `hits`
    consumed: int = 0  # the engine's hits folded
    done: bool = False
    result: SearchResult | None = None  # the first window's answer: its total, facets and warnings


def result_failed(result: SearchResult | None) -> bool:
    return result is None or result.error is not None


class CopyGroups:
    """The copy index of a `SearchIndex`'s live generation, loaded on first use, reloaded on a swap."""

    def __init__(self, index: SearchIndex) -> None:
        self.search_index = index
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._copies: CopyIndex | None = None
        self._fold_lock = threading.Lock()
        self._last: _Fold | None = None

    def copy_index(self) -> CopyIndex | None:
        """The live generation's copy index; None for an index built without one (an older Morgue)."""
        gen = self.search_index.generation
        with self._lock:
            if gen != self._gen:
                self._gen, self._copies = gen, None
                if gen is not None:
                    try:
                        self._copies = load(gen)
                    except CopiesFileError:
                        self._copies = None
            return self._copies

    def hit_copies(self, article_id: str) -> HitCopies:
        index = self.copy_index()
        if index is None or article_id not in index:
            return HitCopies(None, 0)
        group = index.group_of(article_id)
        return HitCopies(group, len(index.members(group)) - 1)

    def copies_of(self, article_id: str) -> tuple[int, list[Copy]]:
        """The article's group number and its other members, most similar first."""
        index = self._require()
        if article_id not in index:
            raise NotFoundError(f"No article with id {article_id!r} in this index.")
        return index.group_of(article_id), index.copies_of(article_id)

    def groups(self) -> list[Group]:
        """Every group of two or more articles, largest first."""
        return self._require().groups()

    def _require(self) -> CopyIndex:
        index = self.copy_index()
        if index is None:
            raise CopiesFileError(
                "This index has no copy groups (built by an older Morgue). Run `morgue index --rebuild`."
            )
        return index

    def search(
        self,
        query: str,
        *,
        expand: bool = False,
        filters: tuple[Filter, ...] = (),
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
        facets: bool = True,
    ) -> GroupedResult:
        """`SearchIndex.search`, with copies folded into one entry per group unless `expand`."""
        if expand:
            result = self.search_index.search(
                query, filters=filters, sort=sort, offset=offset, limit=limit, facets=facets
            )
            copies = {h.id: self.hit_copies(h.id) for h in result.hits}
            return GroupedResult(_marked(result, copies, result.hits), copies, "articles")
        offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))
        key = (self.search_index.generation, query, filters, sort)
        with self._fold_lock:
            fold = self._last
            if offset == 0 or fold is None or fold.key != key:
                fold = self._last = _Fold(key)
            while (fold.result is None or len(fold.hits) < offset + limit) and not fold.done:
                first = fold.result is None
                missing = offset + limit - len(fold.hits)
                fetch = min(MAX_LIMIT, missing * 3 // 2 + _SLACK if first else max(2 * missing, _NEXT_FLOOR))
                window = self.search_index.search(
                    query,
                    filters=filters,
                    sort=sort,
                    offset=fold.consumed,
                    limit=fetch,
                    facets=facets and first,
                )
                if first:
                    fold.result = window
                self._fold_in(fold, window)
            answer, page = fold.result, tuple(fold.hits[offset : offset + limit])
            groups = len(fold.hits) if fold.done and not result_failed(answer) else None
        assert answer is not None
        copies = {h.id: self.hit_copies(h.id) for h in page}
        return GroupedResult(replace(_marked(answer, copies, page), offset=offset), copies, "groups", groups)

    def _fold_in(self, fold: _Fold, result: SearchResult) -> None:
        """Add a window of hits to `fold`: one per group, at the place of the group's best-ranked
        hit, shown by its representative if that matched too."""
        index = self.copy_index()
        fold.consumed += len(result.hits)
        fold.done = bool(result.error) or not result.hits or fold.consumed >= result.total
        for hit in result.hits:
            key: int | str = index.group_of(hit.id) if index is not None and hit.id in index else hit.id
            at = fold.seen.get(key)
            if at is None:
                fold.seen[key] = len(fold.hits)
                fold.hits.append(hit)
            elif index is not None and isinstance(key, int) and hit.id == index.representative(key):
                fold.hits[at] = hit


def _marked(result: SearchResult, copies: Mapping[str, HitCopies], hits: tuple[Hit, ...]) -> SearchResult:
    """`result` with `hits`, each carrying its group and its count of copies."""
    none = HitCopies(None, 0)
    marked = tuple(
        replace(h, copies=copies.get(h.id, none).copies, group=copies.get(h.id, none).group) for h in hits
    )
    return replace(result, hits=marked)
