"""Walking a query's syntax tree: what it searches for, what it highlights.

The one place that knows how to walk `query.syntax` nodes, so that the parser,
the highlighter and each engine agree on which words a query stands for. The
highlighting functions expect an expanded tree (`query.expand`): a wildcard
then carries the words it matched, and no index needs asking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from index.fields import FIELD_KINDS
from index.query import syntax as q
from index.text.analysis import TOKEN_PATTERN, stems

MAX_HIGHLIGHT_WORDS = 256  # words one wildcard may add to the highlighted terms


def walk(node: q.Node) -> Iterator[q.Node]:
    """Every node of the tree, parents before children (negated branches included)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def children(node: q.Node) -> tuple[q.Node, ...]:
    if isinstance(node, q.And | q.Or):
        return node.children
    if isinstance(node, q.Not):
        return (node.child,)
    if isinstance(node, q.AndNot):
        return (node.positive, node.negative)
    return ()


def leaves(node: q.Node) -> Iterator[q.Leaf]:
    """Every leaf, in order (negated branches included)."""
    for sub in walk(node):
        if not isinstance(sub, q.And | q.Or | q.Not | q.AndNot):
            yield sub


def positive_leaves(node: q.Node) -> Iterator[q.Leaf]:
    """The leaves a matching article can contain: negated branches (NOT x, the right of ANDNOT) left out."""
    if isinstance(node, q.Not):
        return
    if isinstance(node, q.AndNot):
        yield from positive_leaves(node.positive)
    elif isinstance(node, q.And | q.Or):
        for child in node.children:
            yield from positive_leaves(child)
    else:
        yield node


def leaf_terms(node: q.Node) -> Iterator[q.Term]:
    """Every single-word term of the tree (negated branches included), in order."""
    for leaf in leaves(node):
        if isinstance(leaf, q.Term):
            yield leaf


def phrases(node: q.Node) -> list[tuple[str, tuple[str, ...]]]:
    """(field, stemmed words) of every phrase in the query, for phrase highlighting."""
    return [(leaf.field, leaf.words) for leaf in leaves(node) if isinstance(leaf, q.Phrase)]


def highlight_terms(node: q.Node) -> dict[str, set[str]]:
    """field -> the indexed words a match can stand for (negated branches left out).

    A phrase adds its field with no words (its words are highlighted only
    where the whole phrase stands, see `query.marks`). A fuzzy word not
    expanded over the vocabulary stands for itself.
    """
    out: dict[str, set[str]] = {}
    for leaf in positive_leaves(node):
        if isinstance(leaf, q.DateRange):
            continue
        words = out.setdefault(leaf.field, set())
        if isinstance(leaf, q.Term):
            words.add(leaf.text)
        elif isinstance(leaf, q.Prefix | q.Wildcard | q.TermRange):
            words.update((leaf.words or ())[:MAX_HIGHLIGHT_WORDS])
        elif isinstance(leaf, q.WordSet):
            words.update(leaf.words[:MAX_HIGHLIGHT_WORDS])
        elif isinstance(leaf, q.Fuzzy):
            words.update(_fuzzy_self(leaf)[:MAX_HIGHLIGHT_WORDS])
    return out


def _fuzzy_self(leaf: q.Fuzzy) -> list[str]:
    """What an unexpanded fuzzy word matches: the word itself, analysed for its field."""
    kind = FIELD_KINDS.get(leaf.field)
    return indexed_words(kind, leaf.text) if kind != "date" else []


def indexed_words(kind: str | None, text: str) -> list[str]:
    """The indexed words of `text` in a field of this kind (`fields.FIELD_KINDS`), in order.

    - text: stems, stop words out (`text.analysis`);
    - name: lowercased words, kept whole (the tokenizer Whoosh's author field
      used, which keeps a `*` inside a word, unlike `analysis.NAME_PATTERN`);
    - keyword: comma-separated values, each lowercased with its spaces made single;
    - exact: the text as typed.
    """
    if kind == "text":
        return stems(text)
    if kind == "name":
        return [word.lower() for word in TOKEN_PATTERN.findall(text)]
    if kind == "keyword":
        return [" ".join(part.split()).lower() for part in _COMMA_PARTS.findall(text)]
    return [text]


_COMMA_PARTS = re.compile(r"[^,]+")


def plain_words(text: str) -> list[str]:
    """The bare words of a query string (no fields, operators or syntax), for did-you-mean."""
    words: list[str] = []
    for token in re.findall(r'[\w:*~"]+', text):
        if ":" in token or "*" in token or token in {"AND", "OR", "NOT", "TO"}:
            continue
        word = token.strip('"~')
        if word.isalpha() and len(word) > 2:
            words.append(word)
    return words


__all__ = [
    "MAX_HIGHLIGHT_WORDS",
    "children",
    "highlight_terms",
    "indexed_words",
    "leaf_terms",
    "leaves",
    "phrases",
    "plain_words",
    "positive_leaves",
    "walk",
]
