"""Morgue's query syntax tree (`index.query.syntax`) as Whoosh queries.

The tree already says everything (analysed words, simplified as Whoosh's
parser simplified its own queries), so this is one class per node, with the
arguments Whoosh's parser used: the same queries, hence the same results and
scores as when Whoosh parsed the text itself.

Two query classes are Morgue's own: a fuzzy word that no vocabulary expanded
(it matches the word itself), and a capped expansion (`WordSet`), matched as
one constant-score set of postings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.reading import IndexReader
from whoosh.util.times import datetime_to_long

from index.query import syntax as q


def to_whoosh(node: q.Node) -> wq.Query:
    """The Whoosh query for a syntax tree; an empty AND or OR (a fuzzy word near nothing) matches nothing."""
    if isinstance(node, q.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, q.Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop, boost=node.boost)
    if isinstance(node, q.Prefix):
        return wq.Prefix(node.field, node.text, boost=node.boost)
    if isinstance(node, q.Wildcard):
        return wq.Wildcard(node.field, node.pattern, boost=node.boost)
    if isinstance(node, q.Fuzzy):
        return StemmedFuzzyTerm(
            node.field, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=node.prefix
        )
    if isinstance(node, q.TermRange):
        return wq.TermRange(
            node.field, node.start, node.end, node.start_excl, node.end_excl, boost=node.boost
        )
    if isinstance(node, q.DateRange):
        if (
            node.start is not None and node.start == node.end
        ):  # one exact instant, as Whoosh's DATETIME parsed it
            return wq.Term(node.field, node.start, boost=node.boost)
        start = None if node.start is None else datetime_to_long(node.start)
        end = None if node.end is None else datetime_to_long(node.end)
        return wq.NumericRange(node.field, start, end, boost=node.boost)
    if isinstance(node, q.WordSet):
        return WordSetQuery(node.field, [w.encode("utf-8") for w in node.words], node.label, boost=node.boost)
    if isinstance(node, q.And | q.Or):
        if not node.children:
            return wq.NullQuery
        kids = [to_whoosh(c) for c in node.children]
        return wq.And(kids, boost=node.boost) if isinstance(node, q.And) else wq.Or(kids, boost=node.boost)
    if isinstance(node, q.Not):
        return wq.Not(to_whoosh(node.child))
    return wq.AndNot(to_whoosh(node.positive), to_whoosh(node.negative))


class StemmedFuzzyTerm(wq.FuzzyTerm):  # type: ignore[misc]
    """A fuzzy word on the surface word; `index.query.expand` expands it over the vocabulary."""

    def _btexts(self, ixreader: IndexReader) -> Iterator[bytes]:
        # Unexpanded (no vocabulary at hand), it matches the word itself.
        field = ixreader.schema[self.fieldname]
        for token in field.process_text(self.text, mode="query"):
            yield field.to_bytes(token)


class WordSetQuery(wq.MultiTerm):  # type: ignore[misc]
    """The capped expansion of a wildcard or range: its chosen words as one constant-score set.

    Scoring an OR of hundreds of terms is what made `a*` cost seconds; the
    union of their postings, as a list, costs a few ms.
    """

    def __init__(self, fieldname: str, btexts: list[bytes], text: str, boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.btexts = tuple(btexts)
        self.text = text
        self.boost = boost
        self.constantscore = True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordSetQuery) and (other.fieldname, other.btexts) == (
            self.fieldname,
            self.btexts,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.btexts))

    def __repr__(self) -> str:
        return f"WordSetQuery({self.fieldname!r}, {len(self.btexts)} words of {self.text!r})"

    def __str__(self) -> str:
        return f"{self.fieldname}:{self.text} (top {len(self.btexts)} words)"

    def _btexts(self, ixreader: IndexReader) -> Iterator[bytes]:
        return iter(self.btexts)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        docs: set[int] = set()
        for btext in self.btexts:
            if (self.fieldname, btext) in reader:
                docs.update(reader.postings(self.fieldname, btext).all_ids())
        if not docs:
            return NullMatcher()
        return ListMatcher(sorted(docs), all_weights=self.boost)


class ReaderTermSource:
    """A Whoosh index's words, for `index.query.expand` (its `TermSource`)."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader

    def expand(self, leaf: q.Prefix | q.Wildcard | q.TermRange) -> Iterator[str]:
        for btext in to_whoosh(leaf)._btexts(self.reader):
            yield btext.decode("utf-8")

    def doc_frequency(self, field: str, word: str) -> int:
        return int(self.reader.doc_frequency(field, word))


__all__ = ["ReaderTermSource", "StemmedFuzzyTerm", "WordSetQuery", "to_whoosh"]
