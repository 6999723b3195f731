"""Groups of near-duplicate articles, kept up to date one article at a time.

**What a group is.** Two articles are *linked* when they share an LSH band key,
both have at least `params.min_words` words, when both are dated they are at
most `params.window_hours` apart, and their estimated Jaccard similarity J is
at least `params.threshold` (`short_threshold` if either has fewer than
`short_words` words), or J is at least `containment_floor` and the smaller text
lies at least `containment` inside the larger (a cut or extended version). A
group is a connected component of that graph: copies of copies belong together
even when the first and the last differ more. `CopyParams` says why each rule.

**Always the same groups for the same articles, whatever the order.** Adding an
article looks up its LSH candidates, keeps the linked ones and merges their
groups (never the whole archive). Removing one recomputes the links among the
rest of its group only (a group is small: pairwise, vectorised), so removing a
member that bridged two halves splits the group in two. Either way the groups
are exactly the components of the graph over the articles present; only the
group *numbers* depend on history: a merge keeps the number of the larger group,
a split leaves it to the larger part, and the other parts get new numbers.

**The representative** of a group is its earliest dated copy, else the longest
(then the smaller id, so that it is never a coin toss); removing it promotes the
next by the same rule. Re-adding an id replaces its text (a changed file).

Every article has a group; a group of one is an article without copies, and
`groups()` lists only groups of at least two unless asked otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from ..errors import NotFoundError
from .lsh import BandTable, Slots, sharing
from .sketch import EMPTY, U64, CopyParams, Signature, Sketch, band_keys, sketch

_GROW = 1024
# Lookups answered by scanning every band key before the LSH table is built: a loaded
# index that gains one article (a one-file update) never pays for sorting 800k keys.
_SCANS = 64


@dataclass(frozen=True)
class Copy:
    """Another article of the same group, with its estimated similarity to the one asked about."""

    id: str
    similarity: float


@dataclass(frozen=True)
class Group:
    """A group of copies: its number, its representative, and its members (representative first)."""

    id: int
    representative: str
    members: tuple[str, ...]

    @property
    def copies(self) -> int:
        """How many articles there are besides the representative ("+N copies")."""
        return len(self.members) - 1


def timestamp(date: datetime | None) -> float:
    """Seconds since the epoch (a date without a zone is taken as UTC); NaN for no date."""
    if date is None:
        return math.nan
    return (date if date.tzinfo else date.replace(tzinfo=UTC)).timestamp()


class CopyIndex:
    """The near-duplicate groups of an archive (see the module's docstring for the rules).

    Slots are rows of the signature matrix; a removed article's slot stays dead
    (saving writes only the live ones), so slot numbers never shift under the
    band table.
    """

    def __init__(self, params: CopyParams | None = None) -> None:
        self.params = params or CopyParams()
        self.params.check()
        p = self.params
        self._slot: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._sig: Signature = np.zeros((0, p.num_perm), dtype=np.uint32)
        self._keys = np.zeros((0, p.bands), dtype=np.uint64)
        self._date = np.zeros(0, dtype=np.float64)
        self._length = np.zeros(0, dtype=np.int64)
        self._words = np.zeros(0, dtype=np.int64)
        self._shingles = np.zeros(0, dtype=np.int64)
        self._group = np.zeros(0, dtype=np.int64)
        self._members: dict[int, list[int]] = {}
        self._next_group = 0
        self._table: BandTable | None = None
        self._scans = 0
        self._dead = 0

    # -- reading -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._slot

    def ids(self) -> list[str]:
        """Every article id held, in the order they were added."""
        return [i for i in self._ids if i is not None]

    def group_of(self, article_id: str) -> int:
        """The number of the article's group (its own group of one if it has no copies)."""
        return int(self._group[self._slot_of(article_id)])

    def members(self, group: int) -> tuple[str, ...]:
        """The group's articles, the representative first, then by date, length and id."""
        return tuple(self._id(s) for s in sorted(self._slots_of(group), key=self._rank))

    def representative(self, group: int) -> str:
        """The earliest dated member, else the longest (ties: the smaller id)."""
        return self._id(min(self._slots_of(group), key=self._rank))

    def group(self, group: int) -> Group:
        ordered = self.members(group)
        return Group(group, ordered[0], ordered)

    def groups(self, min_size: int = 2) -> list[Group]:
        """Every group of at least `min_size` articles, largest first (then by number)."""
        found = [(g, slots) for g, slots in self._members.items() if len(slots) >= min_size]
        found.sort(key=lambda item: (-len(item[1]), item[0]))
        return [self.group(g) for g, _ in found]

    def similarity(self, a: str, b: str) -> float:
        """Estimated Jaccard similarity of the two articles' shingle sets (0 for an empty text)."""
        sa, sb = self._slot_of(a), self._slot_of(b)
        if self._words[sa] == 0 or self._words[sb] == 0:
            return 0.0
        return float(np.count_nonzero(self._sig[sa] == self._sig[sb])) / self.params.num_perm

    def copies_of(self, article_id: str) -> list[Copy]:
        """The other members of the article's group, most similar first (then by id)."""
        slot = self._slot_of(article_id)
        others = [s for s in self._members[int(self._group[slot])] if s != slot]
        if not others:
            return []
        sims = self._similarities(slot, np.asarray(others, dtype=np.int64))
        found = [Copy(self._id(s), float(x)) for s, x in zip(others, sims.tolist(), strict=True)]
        return sorted(found, key=lambda c: (-c.similarity, c.id))

    # -- changing ----------------------------------------------------------------

    def add(self, article_id: str, text: str, date: datetime | None = None, length: int | None = None) -> int:
        """Add (or replace) an article; return its group's number. `length` defaults to len(text)."""
        return self.add_sketch(
            article_id, sketch(text, self.params), date, len(text) if length is None else length
        )

    def add_sketch(self, article_id: str, made: Sketch, date: datetime | None, length: int) -> int:
        """Add a sketch made elsewhere (e.g. by a worker process) with `sketch(text, params)`."""
        p = self.params
        if made.signature.shape != (p.num_perm,):
            raise ValueError(f"a sketch of {made.signature.shape} values; these parameters make {p.num_perm}")
        if article_id in self._slot:
            self.remove(article_id)
        slot = self._new_slot(article_id, made, timestamp(date), length, band_keys(made.signature, p)[0])
        group = self._next_group
        self._next_group += 1
        self._group[slot] = group
        self._members[group] = [slot]
        if not made.groupable(p):
            return group
        found = self._candidates(slot)
        if len(found):
            found = found[self._linked(slot, found)]
        joined = {group, *(int(g) for g in self._group[found].tolist())}
        return self._merge(joined) if len(joined) > 1 else group

    def add_sketches(self, items: Sequence[tuple[str, Sketch, datetime | None, int]]) -> None:
        """Add new articles in order (a rebuild): the groups and numbers `add_sketch` gives one by one.

        Their band keys are made together and sorted once (`lsh.sharing`): the
        earlier articles sharing a key with one are those `add_sketch` would find.
        """
        if self._slot or len({item[0] for item in items}) != len(items) or not items:
            for item in items:
                self.add_sketch(*item)
            return
        signatures = np.stack([item[1].signature for item in items])  # ValueError if their sizes differ
        if signatures.shape[1:] != (p := self.params.num_perm,):
            raise ValueError(f"sketches of {signatures.shape[1:]} values; these parameters make {p}")
        keys = band_keys(signatures, self.params)
        for n, (article_id, made, date, length) in enumerate(items):
            slot = self._new_slot(article_id, made, timestamp(date), length, keys[n])
            self._group[slot], self._members[self._next_group] = self._next_group, [slot]
            self._next_group += 1
        ok = self._groupable()
        for slot, found in sharing(self._keys[ok], ok):
            found = found[found < slot]
            found = found[self._linked(slot, found)]
            joined = {int(self._group[slot]), *(int(g) for g in self._group[found].tolist())}
            if len(joined) > 1:
                self._merge(joined)

    def remove(self, article_id: str) -> None:
        """Remove an article; its group loses it and may split (see the module's docstring)."""
        slot = self._slot_of(article_id)
        group = int(self._group[slot])
        del self._slot[article_id]
        self._ids[slot] = None
        self._group[slot] = -1
        self._dead += 1
        rest = [s for s in self._members.pop(group) if s != slot]
        if rest:
            self._split(group, rest)
        if self._table is not None and self._dead > 1024 and self._dead > len(self._slot) // 4:
            self._table.drop_dead(self._group >= 0)
            self._dead = 0

    # -- internals ---------------------------------------------------------------

    def _id(self, slot: int) -> str:
        found = self._ids[slot]
        assert found is not None, "a dead slot in a group"
        return found

    def _slot_of(self, article_id: str) -> int:
        try:
            return self._slot[article_id]
        except KeyError:
            raise NotFoundError(f"no article {article_id!r} in the copy index") from None

    def _slots_of(self, group: int) -> list[int]:
        try:
            return self._members[group]
        except KeyError:
            raise NotFoundError(f"no group {group} in the copy index") from None

    def _rank(self, slot: int) -> tuple[bool, float, int, str]:
        date = float(self._date[slot])
        undated = math.isnan(date)
        return (undated, 0.0 if undated else date, -int(self._length[slot]), self._id(slot))

    def _new_slot(self, article_id: str, made: Sketch, date: float, length: int, keys: U64) -> int:
        slot = len(self._ids)
        if slot == len(self._group):
            self._reserve(max(_GROW, slot))
        self._ids.append(article_id)
        self._slot[article_id] = slot
        self._sig[slot] = made.signature
        self._keys[slot] = keys
        self._date[slot] = date
        self._length[slot] = length
        self._words[slot] = made.words
        self._shingles[slot] = made.shingles
        return slot

    def _reserve(self, extra: int) -> None:
        """Grow every per-slot array by `extra` rows (amortised doubling)."""

        def grow(a: npt.NDArray[np.generic], fill: float) -> npt.NDArray[np.generic]:
            more = np.full((extra, *a.shape[1:]), fill, dtype=a.dtype)
            return np.concatenate([a, more])

        self._sig = grow(self._sig, int(EMPTY))  # type: ignore[assignment]
        self._keys = grow(self._keys, 0)  # type: ignore[assignment]
        self._date = grow(self._date, math.nan)  # type: ignore[assignment]
        self._length = grow(self._length, 0)  # type: ignore[assignment]
        self._words = grow(self._words, 0)  # type: ignore[assignment]
        self._shingles = grow(self._shingles, 0)  # type: ignore[assignment]
        self._group = grow(self._group, -1)  # type: ignore[assignment]

    def _groupable(self) -> Slots:
        """The live slots long enough to be grouped."""
        n = len(self._ids)
        ok = (self._group[:n] >= 0) & (self._words[:n] >= max(self.params.min_words, 1))
        return np.nonzero(ok)[0]

    def _candidates(self, slot: int) -> Slots:
        """The other slots sharing a band key with `slot` (which is then filed under its keys)."""
        keys = self._keys[slot]
        if self._table is None and self._scans < _SCANS:
            self._scans += 1
            others = self._groupable()
            others = others[others != slot]
            hits: Slots = others[(self._keys[others] == keys).any(axis=1)]
            return hits
        if self._table is None:
            self._table = BandTable()
            others = self._groupable()
            others = others[others != slot]
            self._table.rebuild(self._keys[others], others)
            self._dead = 0
        found = self._table.candidates(keys)
        self._table.add(slot, keys)
        rest: Slots = found[found != slot]
        return rest

    def _similarities(self, slot: int, others: Slots) -> npt.NDArray[np.float64]:
        equal = np.count_nonzero(self._sig[others] == self._sig[slot], axis=1)
        return np.asarray(equal, dtype=np.float64) / float(self.params.num_perm)

    def _linked(self, slot: int, others: Slots) -> npt.NDArray[np.bool_]:
        """Which of `others` (LSH candidates of `slot`, alive or not) are linked to it."""
        p = self.params
        sims = self._similarities(slot, others)
        fewest = np.minimum(self._words[others], self._words[slot])
        short = fewest < p.short_words
        ok = sims >= np.where(short, p.short_threshold, p.threshold)
        # |A ∩ B| = J (|A| + |B|) / (1 + J); the containment of the smaller set in the larger.
        sizes_a, sizes_b = self._shingles[others], self._shingles[slot]
        common = sims / (1.0 + sims) * (sizes_a + sizes_b)
        contained = common / np.maximum(np.minimum(sizes_a, sizes_b), 1)
        ok |= ~short & (sims >= p.containment_floor) & (contained >= p.containment)
        ok &= self._group[others] >= 0
        ok &= fewest >= max(p.min_words, 1)
        if p.window_hours is not None:
            gap = np.abs(self._date[others] - self._date[slot])
            ok &= ~(gap > p.window_hours * 3600.0)  # NaN (an undated side) is no limit
        return np.asarray(ok, dtype=bool)

    def _merge(self, groups: set[int]) -> int:
        """Merge `groups` into the largest of them (ties: the smallest number), which it returns."""
        keep = min(groups, key=lambda g: (-len(self._members[g]), g))
        for gone in groups - {keep}:
            moved = self._members.pop(gone)
            self._group[moved] = keep
            self._members[keep].extend(moved)
        return keep

    def _split(self, group: int, slots: list[int]) -> None:
        """Regroup `slots` (what is left of `group`) into the components of their links.

        A search from each unvisited member compares it only with the members not
        reached yet, so a group of identical copies costs one pass, not k².
        """
        remaining = np.asarray(slots, dtype=np.int64)
        parts: list[list[int]] = []
        while len(remaining):
            start = int(remaining[0])
            remaining = remaining[1:]
            part, frontier = [start], [start]
            while frontier and len(remaining):
                slot = frontier.pop()
                shares_band = (self._keys[remaining] == self._keys[slot]).any(axis=1)
                hit = shares_band & self._linked(slot, remaining)
                if hit.any():
                    reached = remaining[hit].tolist()
                    remaining = remaining[~hit]
                    part.extend(reached)
                    frontier.extend(reached)
            parts.append(part)
        parts.sort(key=lambda part: (-len(part), min(part)))
        for n, part in enumerate(parts):
            number = group
            if n:
                number = self._next_group
                self._next_group += 1
            self._members[number] = part
            self._group[part] = number

    # -- used by the store -------------------------------------------------------

    def _live(self) -> Slots:
        """The slots of the articles present, in the order they were added."""
        return np.nonzero(self._group[: len(self._ids)] >= 0)[0]

    def _restore(
        self,
        ids: list[str],
        signatures: Signature,
        dates: Iterable[float],
        lengths: Iterable[int],
        words: Iterable[int],
        shingles: Iterable[int],
        groups: Iterable[int],
        next_group: int,
    ) -> None:
        """Fill an empty index from stored columns (already validated by the store)."""
        n = len(ids)
        self._ids = list(ids)
        self._slot = {article_id: slot for slot, article_id in enumerate(ids)}
        self._sig = np.array(signatures, dtype=np.uint32).reshape(n, self.params.num_perm)
        self._keys = band_keys(self._sig, self.params) if n else self._keys
        self._date = np.fromiter(dates, dtype=np.float64, count=n)
        self._length = np.fromiter(lengths, dtype=np.int64, count=n)
        self._words = np.fromiter(words, dtype=np.int64, count=n)
        self._shingles = np.fromiter(shingles, dtype=np.int64, count=n)
        self._group = np.fromiter(groups, dtype=np.int64, count=n)
        self._next_group = next_group
        self._members = {}
        for slot, g in enumerate(self._group.tolist()):
            self._members.setdefault(g, []).append(slot)
        self._table = None
        self._scans = 0
