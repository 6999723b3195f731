"""The syntax tree simplified exactly as Whoosh's `Query.normalize` simplified it.

Not a tidy-up that could be done any way: a simplification can change a score
(a duplicated word counts twice), and Morgue's results must not change with
the engine. So the rules are Whoosh's: a group inside a group of its kind is
flattened and a group of one is its child (boosts multiplied), duplicates go,
overlapping ranges on one field become one (intersected in an AND, joined in
an OR), an unfielded `*` makes the whole group `*`, a wildcard without
wildcards is a term (a prefix if its one `*` ends it), and a phrase of one
word is a term.
"""

from __future__ import annotations

from dataclasses import replace

from index.query import syntax as q


def normalize(node: q.Node | None) -> q.Node | None:
    """The simplified tree; None: nothing left to search (an empty group, a range that holds nothing)."""
    if node is None or isinstance(node, q.Term | q.Prefix | q.Fuzzy | q.DateRange):
        return node
    if isinstance(node, q.Wildcard):
        p = node.pattern
        if p == "*":
            return node
        if "*" not in p and "?" not in p:
            return q.Term(node.field, p, node.boost)
        if "?" not in p and p.find("*") == len(p) - 1:
            return q.Prefix(node.field, p[:-1], node.boost)
        return node
    if isinstance(node, q.Phrase):
        if len(node.words) <= 1:
            return q.Term(node.field, node.words[0], node.boost) if node.words else None
        return node
    if isinstance(node, q.TermRange):
        if node.start in ("", None) and node.end in ("\uffff", None):
            return q.Wildcard(node.field, "*")
        if node.start == node.end:
            return (
                None if node.start_excl or node.end_excl else q.Term(node.field, node.start or "", node.boost)
            )
        return node
    if isinstance(node, q.Not):
        child = normalize(node.child)
        return None if child is None else q.Not(child)
    if isinstance(node, q.AndNot):
        positive = normalize(node.positive)
        negative = normalize(node.negative)
        if positive is None or negative is None:
            return positive
        return q.AndNot(positive, negative)
    if isinstance(node, q.And | q.Or):
        return _normalize_compound(node)
    return node


def _normalize_compound(node: q.And | q.Or) -> q.Node | None:
    kids: list[q.Node | None] = []
    for child in node.children:
        norm = normalize(child)
        if type(norm) is type(node):
            assert isinstance(norm, q.And | q.Or)
            kids.extend(_with_boost(k, _boost_of(k) * norm.boost) for k in norm.children)
        elif norm is not None:
            kids.append(norm)
    if not kids:
        return None
    if any(isinstance(k, q.Wildcard) and k.pattern == "*" and not k.field for k in kids):
        return q.Wildcard("", "*")
    i = 0
    while i < len(kids):  # overlapping ranges on one field become one (intersected in AND, joined in OR)
        current = kids[i]
        if isinstance(current, q.TermRange):
            j = i + 1
            while j < len(kids):
                other = kids[j]
                if (
                    isinstance(other, q.TermRange)
                    and current.field == other.field
                    and _overlap(current, other)
                ):
                    kids.pop(j)
                    current = _merge(current, other, intersect=isinstance(node, q.And))
                else:
                    j += 1
            kids[i] = normalize(current)
        i += 1
    unique: list[q.Node] = []
    seen: set[q.Node] = set()
    for k in kids:
        if k is not None and k not in seen:
            seen.add(k)
            unique.append(k)
    if not unique:
        return None
    if len(unique) == 1:
        only = unique[0]
        if node.boost == 1.0 and _boost_of(only) == 1.0:
            return only
        return _with_boost(only, _boost_of(only) * node.boost)
    return type(node)(tuple(unique), node.boost)


def _boost_of(node: q.Node) -> float:
    return 1.0 if isinstance(node, q.Not | q.AndNot) else node.boost


def _with_boost(node: q.Node, boost: float) -> q.Node:
    """Whoosh's `with_boost`: sets the boost; an AndNot passes it to its positive side."""
    if isinstance(node, q.Not):
        return node
    if isinstance(node, q.AndNot):
        return q.AndNot(_with_boost(node.positive, boost), node.negative)
    return replace(node, boost=boost)


_LOWEST = (0, "")
_HIGHEST = (2, "")


def _ends(r: q.TermRange) -> tuple[tuple[tuple[int, str], int], tuple[tuple[int, str], int]]:
    start = (_LOWEST, 0) if r.start is None else ((1, r.start), 1 if r.start_excl else 0)
    end = (_HIGHEST, 0) if r.end is None else ((1, r.end), -1 if r.end_excl else 0)
    return start, end


def _overlap(a: q.TermRange, b: q.TermRange) -> bool:
    (s1, e1), (s2, e2) = _ends(a), _ends(b)
    return s2 <= s1 <= e2 or s2 <= e1 <= e2 or s1 <= s2 <= e1 or s1 <= e2 <= e1


def _merge(a: q.TermRange, b: q.TermRange, *, intersect: bool) -> q.TermRange:
    (s1, e1), (s2, e2) = _ends(a), _ends(b)
    if s1 >= s2 and e1 <= e2:
        start, end = s2, e2
    elif s2 >= s1 and e2 <= e1:
        start, end = s1, e1
    elif intersect:
        start, end = max(s1, s2), min(e1, e2)
    else:
        start, end = min(s1, s2), max(e1, e2)
    return q.TermRange(
        a.field,
        None if start[0] == _LOWEST else start[0][1],
        None if end[0] == _HIGHEST else end[0][1],
        start[1] == 1,
        end[1] == -1,
        max(a.boost, b.boost),
    )


__all__ = ["normalize"]
