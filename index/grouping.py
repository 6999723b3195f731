"""Search results with near-duplicate copies folded: one entry per story, "+N copies" behind it.

The copy groups are the generation's (`copies.bin`, written by the build: see
`index.build.copies`), loaded once per generation and kept while it is live.
A grouped search asks the engine for more hits than the page shows (copies
of one story rank together), folds them by group, and pages over the groups.
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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from index.copies import CopiesFileError, Copy, CopyIndex, Group, load
from index.errors import NotFoundError
from index.models import Filter, Hit, SearchResult
from index.search import MAX_LIMIT, SearchIndex

Counts = Literal["groups", "articles"]
_FETCH_FACTOR = 4  # hits asked of the engine per entry shown, before asking for all it allows
_FETCH_FLOOR = 50


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


class CopyGroups:
    """The copy index of a `SearchIndex`'s live generation, loaded on first use, reloaded on a swap."""

    def __init__(self, index: SearchIndex) -> None:
        self.search_index = index
        self._lock = threading.Lock()
        self._gen: Path | None = None
        self._copies: CopyIndex | None = None

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
        fetch = min(MAX_LIMIT, max(_FETCH_FACTOR * (offset + limit), _FETCH_FLOOR))
        while True:
            result = self.search_index.search(
                query, filters=filters, sort=sort, offset=0, limit=fetch, facets=facets
            )
            folded = self._fold(result.hits)
            seen_all = len(result.hits) >= result.total
            if len(folded) >= offset + limit or seen_all or fetch >= MAX_LIMIT or result.error:
                break
            fetch = MAX_LIMIT
        page = tuple(folded[offset : offset + limit])
        copies = {h.id: self.hit_copies(h.id) for h in page}
        return GroupedResult(
            replace(_marked(result, copies, page), offset=offset),
            copies,
            "groups",
            len(folded) if seen_all else None,
        )

    def _fold(self, hits: tuple[Hit, ...]) -> list[Hit]:
        """One hit per group, in the order of each group's best-ranked hit (its representative if it matched)."""
        index = self.copy_index()
        if index is None:
            return list(hits)
        order: list[int | str] = []
        chosen: dict[int | str, Hit] = {}
        for hit in hits:
            key: int | str = index.group_of(hit.id) if hit.id in index else hit.id
            if key not in chosen:
                order.append(key)
                chosen[key] = hit
            elif isinstance(key, int) and hit.id == index.representative(key):
                chosen[key] = hit
        return [chosen[k] for k in order]


def _marked(result: SearchResult, copies: Mapping[str, HitCopies], hits: tuple[Hit, ...]) -> SearchResult:
    """`result` with `hits`, each carrying its group and its count of copies."""
    none = HitCopies(None, 0)
    marked = tuple(
        replace(h, copies=copies.get(h.id, none).copies, group=copies.get(h.id, none).group) for h in hits
    )
    return replace(result, hits=marked)
