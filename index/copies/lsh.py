"""The LSH buckets: which articles share a band key with a new one.

Why not a dict of buckets: with 40 bands an archive of 20k articles has 800k
band keys, and a Python dict of lists for them costs ~160 MB, a tenth of the
20k build's memory budget. Here the keys live in two sorted numpy arrays (key,
slot), 12 bytes a key, and lookups are `searchsorted`. New keys first go into a
small dict (bounded by `BUFFER` articles) that is merged into the arrays when
full, so adding one article never re-sorts everything.

Removed articles are not taken out of the arrays: the caller filters candidates
by whether their slot is still alive, and a merge drops the dead ones when they
have piled up (`rebuild`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from .sketch import U64

Slots = npt.NDArray[np.int64]

# Articles held in the dict before a merge: ~40 bands x 2048 = 82k dict entries, ~8 MB.
BUFFER = 2048


class BandTable:
    """Band key -> slots, for candidate lookup (not thread-safe; one writer)."""

    def __init__(self) -> None:
        self._keys: U64 = np.zeros(0, dtype=np.uint64)
        self._slots: Slots = np.zeros(0, dtype=np.int64)
        self._recent: dict[int, list[int]] = {}
        self._recent_articles = 0

    def __len__(self) -> int:
        """How many (key, slot) entries are held, dead ones included."""
        return len(self._keys) + sum(len(v) for v in self._recent.values())

    @property
    def nbytes(self) -> int:
        """Memory of the sorted arrays (the dict buffer is bounded and not counted)."""
        return int(self._keys.nbytes + self._slots.nbytes)

    def rebuild(self, keys: U64, slots: Slots) -> None:
        """Replace everything by the rows `keys[i]` (one row of band keys per slot `slots[i]`)."""
        flat = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1)
        owner = np.repeat(np.asarray(slots, dtype=np.int64), keys.shape[1] if keys.ndim == 2 else 0)
        order = np.argsort(flat, kind="stable")
        self._keys = flat[order]
        self._slots = owner[order]
        self._recent = {}
        self._recent_articles = 0

    def add(self, slot: int, keys: U64) -> None:
        """File `slot` under each of its band keys."""
        for key in keys.tolist():
            bucket = self._recent.get(key)
            if bucket is None:
                self._recent[key] = [slot]
            else:
                bucket.append(slot)
        self._recent_articles += 1
        if self._recent_articles >= BUFFER:
            self._merge()

    def candidates(self, keys: U64) -> Slots:
        """Every slot filed under any of `keys` (dead slots included; may repeat)."""
        found: list[Slots] = []
        if len(self._keys):
            lo = np.searchsorted(self._keys, keys, side="left")
            hit = self._keys[np.minimum(lo, len(self._keys) - 1)] == keys
            if hit.any():
                hi = np.searchsorted(self._keys, keys[hit], side="right")
                for start, end in zip(lo[hit].tolist(), hi.tolist(), strict=True):
                    found.append(self._slots[start:end])
        if self._recent:
            extra = [s for key in keys.tolist() for s in self._recent.get(key, ())]
            if extra:
                found.append(np.asarray(extra, dtype=np.int64))
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(found))

    def drop_dead(self, alive: npt.NDArray[np.bool_]) -> None:
        """Forget the entries of slots that are no longer alive (`alive[slot]` is False)."""
        self._merge()
        keep = alive[self._slots]
        self._keys = self._keys[keep]
        self._slots = self._slots[keep]

    def _merge(self) -> None:
        if not self._recent:
            return
        items = [(key, slot) for key, bucket in self._recent.items() for slot in bucket]
        new_keys = np.fromiter((k for k, _ in items), dtype=np.uint64, count=len(items))
        new_slots = np.fromiter((s for _, s in items), dtype=np.int64, count=len(items))
        order = np.argsort(new_keys, kind="stable")
        new_keys, new_slots = new_keys[order], new_slots[order]
        at = np.searchsorted(self._keys, new_keys, side="right")
        self._keys = np.insert(self._keys, at, new_keys)
        self._slots = np.insert(self._slots, at, new_slots)
        self._recent = {}
        self._recent_articles = 0


def sharing(keys: U64, slots: Slots) -> Iterator[tuple[int, Slots]]:
    """(slot, the slots it shares a band key with, itself included) for each of `slots` that shares one.

    `slots[i]` owns row `keys[i]`; `slots` ascending, so the pairs come in slot order.
    One sort of every key: a key no other slot has (nearly all of them) costs nothing more.
    """
    if not len(slots):
        return
    flat = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1)
    owner = np.repeat(np.asarray(slots, dtype=np.int64), keys.shape[1])
    order = np.argsort(flat, kind="stable")
    flat, owner = flat[order], owner[order]
    starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
    lengths = np.diff(np.r_[starts, len(flat)])
    run = np.repeat(np.arange(len(starts)), lengths)
    shared = lengths[run] >= 2
    run, owner = run[shared], owner[shared]  # entries of keys held by two slots or more, by run
    bounds = np.searchsorted(run, np.arange(len(starts) + 1))
    if not len(owner):
        return
    by_owner = np.argsort(owner, kind="stable")
    owners, runs = owner[by_owner], run[by_owner]
    firsts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    for first, end in zip(firsts.tolist(), [*firsts[1:].tolist(), len(owners)], strict=True):
        members = [owner[bounds[r] : bounds[r + 1]] for r in runs[first:end].tolist()]
        yield int(owners[first]), np.unique(np.concatenate(members))
