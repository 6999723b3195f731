"""Score a broad query's matches a posting block at a time, with numpy, to the same floats as Whoosh.

A word in most of a million records makes Whoosh step its matcher, look up a
length and compute BM25 once per match in Python: about a microsecond each,
over a second for the exact total and top page Morgue asks for. Postings are
stored in blocks of ids and weights, and the lengths in a one-byte column, so
the same figures can be computed over whole arrays.

Only the matcher shapes whose scores are known exactly are taken: a term's
postings scored by BM25F (`W3LeafMatcher` + `BM25FScorer`), a boost around one
(`WrappingMatcher`), deleted documents left out (`FilterMatcher`), and a union
of those (`UnionMatcher`, the sum of the parts that match). The arithmetic is
Whoosh's, in its order, on float64, so every score is bit-for-bit the one its
per-match loop gives, and ties keep its order (the lower document number first).
Anything else returns None and the caller steps the matcher as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from whoosh.codec import whoosh3
from whoosh.matching import mcore, wrappers
from whoosh.scoring import BM25FScorer

from index.engine.whoosh import reads

Ids = NDArray[np.int64]
Scores = NDArray[np.float64]

# A length byte -> the length Whoosh decodes from it (byte 0: no length; a matching field has one).
_LENGTHS = np.array([whoosh3.byte_to_length(b) for b in range(256)], dtype=np.float64)


def block_scores(matcher: Any, perdoc: Any) -> tuple[Ids, Scores] | None:
    """Every (segment docnum, score) the matcher yields, ascending, or None for a shape not taken."""
    if not _taken(matcher):
        return None
    return _scores(matcher, perdoc)


def _taken(m: Any) -> bool:
    kind = type(m)
    if kind is whoosh3.W3LeafMatcher:
        return type(m.scorer) is BM25FScorer
    if kind is wrappers.WrappingMatcher:
        return _taken(m.child)
    if kind is wrappers.FilterMatcher:
        return bool(m._exclude) and m.boost == 1.0 and _taken(m.child)
    if kind is mcore.NullMatcherClass:
        return True
    if kind.__name__ == "UnionMatcher" and kind.__module__ == "whoosh.matching.binary":
        return _taken(m.a) and _taken(m.b)
    return False


def _scores(m: Any, perdoc: Any) -> tuple[Ids, Scores] | None:
    kind = type(m)
    if kind is whoosh3.W3LeafMatcher:
        return _leaf(m, perdoc)
    if kind is mcore.NullMatcherClass:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    if kind is wrappers.WrappingMatcher:
        child = _scores(m.child, perdoc)
        return None if child is None else (child[0], child[1] * m.boost)
    if kind is wrappers.FilterMatcher:
        child = _scores(m.child, perdoc)
        if child is None:
            return None
        ids, scores = child
        keep = ~np.isin(ids, np.fromiter(m._ids, np.int64))
        return ids[keep], scores[keep]
    a = _scores(m.a, perdoc)
    b = _scores(m.b, perdoc)
    if a is None or b is None:
        return None
    ids = np.union1d(a[0], b[0])
    scores = np.zeros(len(ids), np.float64)
    # Whoosh adds a's score and then b's where both match: 0.0 + a + b is that sum exactly.
    scores[np.searchsorted(ids, a[0])] += a[1]
    scores[np.searchsorted(ids, b[0])] += b[1]
    return ids, scores


def _leaf(m: Any, perdoc: Any) -> tuple[Ids, Scores] | None:
    """A term's postings from where the matcher stands, block by block, scored as `bm25()` scores each (same operations, same order)."""
    scorer = m.scorer
    term = m._term
    if not (isinstance(term, tuple) and term and isinstance(term[0], str)):
        return None
    field = term[0]
    id_parts: list[Ids] = []
    weight_parts: list[NDArray[np.float64]] = []
    while m.is_active():
        if m._ids is None:
            m._read_ids()
        if m._weights is None:
            m._read_weights()
        # From the matcher's place in its block: a wrapper may have stepped it past deleted documents.
        id_parts.append(np.asarray(m._ids[m._i :], dtype=np.int64))
        weight_parts.append(np.asarray(m._weights[m._i :], dtype=np.float64))
        m._next_block()
    if not id_parts:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    ids = np.concatenate(id_parts)
    tf = np.concatenate(weight_parts)
    if len(ids) and int(ids[-1]) >= int(perdoc._doccount):
        return None
    fl = _lengths_at(perdoc, field, ids)
    if fl is None:
        return None
    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    scores = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))
    return ids, scores


def _lengths_at(perdoc: Any, field: str, ids: Ids) -> NDArray[np.float64] | None:
    """The field's decoded length for each of `ids`, from the column pages they fall in: the pages
    (and page cache) `reads.doc_field_length` reads for them, None for a field without lengths."""
    cached = perdoc.__dict__.get("_morgue_lengths", {})
    pages = cached[field] if field in cached else reads.field_pages(perdoc, field)
    if pages is None:
        return None
    bits = reads._PAGE_BITS
    size = 1 << bits
    raw = np.zeros(((int(ids[-1]) >> bits) + 1) << bits if len(ids) else 0, dtype=np.uint8)
    for number in np.unique(ids >> bits).tolist():
        page = pages.get(number)
        if page is None:
            page = pages[number] = reads.length_page(perdoc, field, number)
        raw[number * size : (number + 1) * size] = np.frombuffer(page, np.uint8)
    return _LENGTHS[raw[ids]]


def best_first(ids: Ids, scores: Scores, limit: int) -> Ids:
    """Indexes of the `limit` best (score descending, then docnum ascending), in docnum order.

    Pushed into Whoosh's top-N heap in that order they leave it as every match
    pushed in turn would: a later match with an equal score never displaces one.
    """
    n = len(ids)
    if n <= limit:
        return np.arange(n)
    kth = np.partition(scores, n - limit)[n - limit]
    above = np.flatnonzero(scores > kth)
    tied = np.flatnonzero(scores == kth)[: limit - len(above)]
    return np.sort(np.concatenate([above, tied]))
