"""Bounding what wildcards, ranges and fuzzy words expand to, before an engine runs the query.

Fuzzy words (`goverment~`) are matched against the archive's *unstemmed*
vocabulary and then mapped to stems: fuzzing the stem ("gover") would drag in
cover, over and rover. A wildcard, prefix or word range that matches more than
`MAX_EXPANSION` indexed words searches the most common of them as one
unscored set (`WordSet`): scoring an OR of thousands of words is what made
`a*` cost seconds.

A wildcard that stays within the bound stays a wildcard (each engine scores
it as it always has), carrying the words it matched for highlighting.

The words come from a `TermSource`, which each engine implements over its index.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from index.fields import FIELD_KINDS
from index.query import syntax as q
from index.query.terms import indexed_words

if TYPE_CHECKING:
    from index.text.vocab import Words

MAX_EXPANSION = 256  # words one wildcard or fuzzy term may expand to
_LOOKED_AT = MAX_EXPANSION * 8  # indexed words read before picking the most common


class TermSource(Protocol):
    """An index's words, as the expansion needs them; each engine implements it."""

    def expand(self, leaf: q.Prefix | q.Wildcard | q.TermRange) -> Iterator[str]:
        """The indexed words `leaf` matches, in index order."""

    def doc_frequency(self, field: str, word: str) -> int:
        """In how many articles `word` is indexed in `field`."""


def bound_expansions(
    node: q.Node, source: TermSource, vocabulary: Words | None, warnings: list[str]
) -> q.Node:
    """Expand fuzzy words over the vocabulary; cap what wildcards and ranges expand to.

    The tree keeps its shape (no simplification: it would change scores), and
    a fuzzy word near no word, or a fuzzy date, becomes an empty `Or`: nothing.
    """
    if isinstance(node, q.And | q.Or):
        return replace(
            node, children=tuple(bound_expansions(c, source, vocabulary, warnings) for c in node.children)
        )
    if isinstance(node, q.Not):
        return q.Not(bound_expansions(node.child, source, vocabulary, warnings))
    if isinstance(node, q.AndNot):
        return q.AndNot(
            bound_expansions(node.positive, source, vocabulary, warnings),
            bound_expansions(node.negative, source, vocabulary, warnings),
        )
    if isinstance(node, q.Fuzzy) and vocabulary is not None:
        return _expand_fuzzy(node, vocabulary, warnings)
    if not isinstance(node, q.Prefix | q.Wildcard | q.TermRange):
        return node
    words = list(islice(source.expand(node), _LOOKED_AT))
    if len(words) <= MAX_EXPANSION:
        return replace(node, words=tuple(words))
    top = sorted(words, key=lambda w: -source.doc_frequency(node.field, w))[:MAX_EXPANSION]
    label = f"{node.start} TO {node.end}" if isinstance(node, q.TermRange) else _typed(node)
    _warn_once(warnings, f"'{label}' matches too many words; searched its {MAX_EXPANSION} most common.")
    return q.WordSet(node.field, tuple(top), label, node.boost)


def _typed(node: q.Prefix | q.Wildcard) -> str:
    """The leaf's text as Whoosh's query object held it (a prefix without its `*`)."""
    return node.text if isinstance(node, q.Prefix) else node.pattern


def _expand_fuzzy(node: q.Fuzzy, vocabulary: Words, warnings: list[str]) -> q.Node:
    kind = FIELD_KINDS.get(node.field)
    if kind == "date":  # `date:oil~`: no word is near a date
        _warn_once(warnings, f"'{node.field}:{node.text}~': fuzzy matching works on words, not dates.")
        return q.Or(())
    maxdist = 1 if len(node.text) <= 4 else min(node.maxdist, 2)
    near = vocabulary.near(node.text, maxdist)
    if len(near) > MAX_EXPANSION:
        _warn_once(
            warnings, f"'{node.text}~' is close to too many words; searched its {MAX_EXPANSION} closest."
        )
        near = near[:MAX_EXPANSION]
    found = {w for word, _d in near for w in indexed_words(kind, word)}
    terms = tuple(q.Term(node.field, w) for w in sorted(found))
    if len(terms) == 1:
        return terms[0]
    return q.Or(terms, boost=node.boost) if terms else q.Or(())


def _warn_once(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)


__all__ = ["MAX_EXPANSION", "TermSource", "bound_expansions"]
