"""Sketches of many texts at once: exactly `sketch()` of each, for a fraction of the calls.

A rebuild sketches every article. One by one, most of the time went to numpy
calls on small arrays (a BBC article is ~400 words), not to the arithmetic. Here
texts are joined into batches of up to one hashing slice, their words hashed in
one pass (a word's hash does not depend on where it is), their shingles taken
from one array, and their signatures from one product per few thousand
shingles, cut per text with `np.minimum.reduceat`. Every value is the one
`sketch()` gives the text alone (`tests/test_copies_build.py` checks it), so a
rebuild and an update of the same archive still agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import numpy.typing as npt

from .sketch import (
    _SLICE,
    EMPTY,
    HASHING,
    U64,
    CopyParams,
    Sketch,
    _keys,
    distinct_count,
    shingle_hashes_of,
    signature_of_hashes,
    word_hashes,
)

# Shingles per (shingles x permutations) product: ~4 MB of uint64 at 120 permutations.
_GROUP = 4096


def sketch_all(texts: Iterable[str], params: CopyParams) -> list[Sketch]:
    """`[sketch(t, params) for t in texts]`, computed in batches (a batch's texts held at a time)."""
    if params.hashing != HASHING:
        raise ValueError(f"this Morgue sketches with word hashing {HASHING}, not {params.hashing}")
    out: list[Sketch] = []
    for batch in _batches(t.lower() for t in texts):
        out.extend(_sketch_batch(batch, params))
    return out


def _batches(lows: Iterable[str]) -> Iterator[list[str]]:
    """Consecutive texts whose newline-joined length fits one slice (a longer text alone)."""
    batch: list[str] = []
    size = 0
    for low in lows:
        if batch and size + len(low) + 1 > _SLICE:
            yield batch
            batch, size = [], 0
        batch.append(low)
        size += len(low) + 1
    if batch:
        yield batch


def _sketch_batch(lows: list[str], params: CopyParams) -> list[Sketch]:
    hashes, starts = word_hashes("\n".join(lows))  # "\n" is no word character: no word spans two texts
    ends = np.cumsum([len(low) + 1 for low in lows])
    cut = np.searchsorted(starts, ends)  # the words of text i are [cut[i-1], cut[i])
    firsts = np.concatenate(([0], cut[:-1]))
    counts = cut - firsts
    k = params.shingle
    everyone = shingle_hashes_of(hashes, params) if len(hashes) >= k else hashes[:0]
    shingles: list[U64] = []
    for first, count in zip(firsts.tolist(), counts.tolist(), strict=True):
        if count >= k:
            shingles.append(everyone[first : first + count - k + 1])
        else:  # fewer words than a shingle: one shingle of them all (none if no words)
            shingles.append(shingle_hashes_of(hashes[first : first + count], params))
    signatures = _signatures(shingles, params)
    return [Sketch(signatures[i], int(counts[i]), distinct_count(shingles[i])) for i in range(len(lows))]


def _signatures(shingles: list[U64], params: CopyParams) -> npt.NDArray[np.uint32]:
    """(texts, num_perm) signatures: `signature_of_hashes` of each, a group of texts per product."""
    perm = _keys(params.num_perm, params.shingle, params.rows, params.seed).perm
    out = np.full((len(shingles), params.num_perm), EMPTY, dtype=np.uint32)
    i = 0
    while i < len(shingles):
        if len(shingles[i]) > _GROUP:  # a long text: its own slices
            out[i] = signature_of_hashes(shingles[i], params)
            i += 1
            continue
        j, size = i, 0
        while j < len(shingles) and size + len(shingles[j]) <= _GROUP:
            size += len(shingles[j])
            j += 1
        members = [m for m in range(i, j) if len(shingles[m])]  # an empty text keeps EMPTY
        if members:
            group = np.concatenate([shingles[m] for m in members])
            offsets = np.cumsum([0] + [len(shingles[m]) for m in members[:-1]])
            low = np.minimum.reduceat(np.multiply.outer(perm, group), offsets, axis=1).T
            out[members] = (low >> np.uint64(32)).astype(np.uint32)
        i = j
    return out
