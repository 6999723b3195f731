"""The second step of parsing: the tokens made a tree, by Whoosh's rules.

First the brackets (a stray `)` ignored, an unclosed `(` flattened); then,
in Whoosh's order, the rules that attach a syntax mark to its neighbours: a
`~` to the word before it, the parts of a wildcard to each other, `>` to its
field, a field name to what follows, a boost to what precedes; then `-word`
and `+word` taken out of their group; then the operators by Whoosh's
precedence. The order matters as much as the rules: a boost is attached
after an unfielded word became `title OR body`, so `oil^2` boosts that whole
group. The result is still raw text, in `query.tokens` nodes: no word has
been analysed yet.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from index.fields import DEFAULT_FIELDS, PARSED_FIELDS
from index.query.tokens import OPERATORS, QMARKS, Group, Mark, Range, Raw, Text, Unparsable, tokenize


def structure(text: str) -> Group:
    """The raw tree: bracket groups, the rules that attach marks to their neighbours, then the operators."""
    nodes, _end, _closed = _bracketed(tokenize(text), 0, top=True)
    top = Group("and", tuple(nodes))
    if len(top.nodes) == 1 and isinstance(top.nodes[0], Group):
        top = replace(top.nodes[0], boost=1.0)  # `(a b)` alone is `a b`
    top = _clean_boosts(top)
    for rule in (_fuzzy, _wildcards, _comparisons, _fields, _multifield, _no_spaces, _boosts):
        top = rule(top)
    return _operators(_plus_minus(top))


def _bracketed(tokens: list[Raw], i: int, *, top: bool = False) -> tuple[list[Raw], int, bool]:
    """Nodes up to the `)` closing this level (a stray `)` is ignored); an unclosed `(` is flattened."""
    nodes: list[Raw] = []
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if isinstance(tok, Mark) and tok.kind == "open":
            inner, i, closed = _bracketed(tokens, i)
            if not closed:
                return nodes + inner, i, False
            nodes.append(Group("and", tuple(inner)))
        elif isinstance(tok, Mark) and tok.kind == "close":
            if not top:
                return nodes, i, True
        else:
            nodes.append(tok)
    return nodes, i, False


def _is(node: Raw, kind: str) -> bool:
    return isinstance(node, Mark) and node.kind == kind


def _boostable(node: Raw) -> bool:
    return isinstance(node, Text | Range) or (isinstance(node, Group) and node.kind in ("and", "or", "not"))


def _word(mark: Mark) -> Text:
    return Text("word", mark.original)


def _clean_boosts(top: Group) -> Group:
    """At the top level only (as Whoosh), a `^2` that follows nothing boostable is a word."""
    nodes = list(top.nodes)
    for i, node in enumerate(nodes):
        if isinstance(node, Mark) and node.kind == "boost" and (not i or not _boostable(nodes[i - 1])):
            nodes[i] = _word(node)
    return replace(top, nodes=tuple(nodes))


def _fuzzy(group: Group) -> Group:
    """`word~2/3`: the tilde right after a word makes it fuzzy; elsewhere it is a word."""
    out: list[Raw] = []
    nodes, i = group.nodes, 0
    while i < len(nodes):
        node = nodes[i]
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        if isinstance(node, Text) and node.kind == "word" and isinstance(nxt, Mark) and nxt.kind == "fuzz":
            node = replace(node, kind="fuzzy", maxdist=nxt.maxdist, prefix=nxt.prefix)
            i += 1
        if isinstance(node, Mark) and node.kind == "fuzz":
            node = _word(node)
        out.append(_fuzzy(node) if isinstance(node, Group) else node)
        i += 1
    return replace(group, nodes=tuple(out))


def _wildcards(group: Group) -> Group:
    """A `*` or `?` takes in the text on either side (`wom?n`); a lone trailing `*` makes a prefix."""
    nodes = list(group.nodes)
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Text) and node.kind == "wild":
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if isinstance(nxt, Text):
                nodes.pop(i + 1)
                node = nodes[i] = replace(node, text=node.text + nxt.text)
            before = nodes[i - 1] if i > 0 else None
            if isinstance(before, Text):
                nodes.pop(i - 1)
                nodes[i - 1] = replace(node, text=before.text + node.text)
            else:
                i += 1
        else:
            if isinstance(node, Group):
                nodes[i] = _wildcards(node)
            i += 1
    for i, node in enumerate(nodes):
        if isinstance(node, Text) and node.kind == "wild":
            text = node.text
            if len(text) > 1 and not any(q in text for q in QMARKS) and text.find("*") == len(text) - 1:
                nodes[i] = Text("prefix", text[:-1])
    return replace(group, nodes=tuple(nodes))


def _comparisons(group: Group) -> Group:
    """`field:>x` is a range; a comparison anywhere else is dropped (first in a group: unparsable)."""
    out: list[Raw] = []
    nodes, i = group.nodes, 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Mark) and node.kind == "gtlt":
            if i < len(nodes) - 1:
                if not out:
                    raise Unparsable(node.original)
                nxt = nodes[i + 1]
                if _is(out[-1], "field") and isinstance(nxt, Text):
                    out.append(_compared(nxt.text, node.name))
                    i += 1
        elif isinstance(node, Group):
            out.append(_comparisons(node))
        else:
            out.append(node)
        i += 1
    return replace(group, nodes=tuple(out))


def _compared(text: str, rel: str) -> Range:
    if rel == "<":
        return Range(None, text, False, True)
    if rel == ">":
        return Range(text, None, True, False)
    if rel in ("<=", "=<"):
        return Range(None, text, False, False)
    return Range(text, None, False, False)


def _fields(group: Group) -> Group:
    """`field:` applies to what follows it; an unknown one is glued back onto the text."""
    nodes: list[Raw] = []
    unknown: Mark | None = None
    for node in group.nodes:
        if isinstance(node, Mark) and node.kind == "field" and node.name not in PARSED_FIELDS:
            unknown = node
            continue
        if unknown is not None:
            if isinstance(node, Text):
                node = replace(node, text=unknown.original + node.text)
            else:
                nodes.append(_word(unknown))
            unknown = None
        nodes.append(node)
    if unknown is not None:
        nodes.append(_word(unknown))
    out: list[Raw] = []
    i = len(nodes)
    while i > 0:
        i -= 1
        node = nodes[i]
        if isinstance(node, Mark) and node.kind == "field":
            node = _word(node)
        elif isinstance(node, Group):
            node = _fields(node)
        before = nodes[i - 1] if i > 0 else None
        if isinstance(before, Mark) and before.kind == "field" and not _is(node, "ws"):
            node = _in_field(node, before.name)
            i -= 1
        out.append(node)
    out.reverse()
    return replace(group, nodes=tuple(out))


def _in_field(node: Raw, field: str) -> Raw:
    """The field for a node that has none yet (an inner `field:` wins)."""
    if isinstance(node, Text | Range):
        return node if node.field is not None else replace(node, field=field)
    if isinstance(node, Group):
        return replace(node, nodes=tuple(_in_field(n, field) for n in node.nodes))
    return node


def _multifield(group: Group) -> Group:
    """An unfielded word searches the title or the body."""
    out: list[Raw] = []
    for node in group.nodes:
        if isinstance(node, Group):
            node = _multifield(node)
        elif isinstance(node, Text | Range) and node.field is None:
            node = Group("or", tuple(replace(node, field=f, boost=1.0) for f in DEFAULT_FIELDS))
        out.append(node)
    return replace(group, nodes=tuple(out))


def _no_spaces(group: Group) -> Group:
    return replace(
        group,
        nodes=tuple(_no_spaces(n) if isinstance(n, Group) else n for n in group.nodes if not _is(n, "ws")),
    )


def _boosts(group: Group) -> Group:
    """`x^2` sets the boost of what precedes it (replacing any)."""
    out: list[Raw] = []
    for node in group.nodes:
        if isinstance(node, Group):
            node = _boosts(node)
        elif isinstance(node, Mark) and node.kind == "boost":
            last = out[-1] if out else None
            if last is not None and _boostable(last):
                assert isinstance(last, Text | Range | Group)
                out[-1] = replace(last, boost=node.boost)
                continue
            node = _word(node)
        out.append(node)
    return replace(group, nodes=tuple(out))


def _plus_minus(group: Group) -> Group:
    """`-x` excludes, `+x` requires: taken out of their group before any operator applies.

    Whoosh did this at the top level only, and refused `(oil -opec)` inside
    other brackets; here every bracket group gets the same rule.
    """
    nodes = [_plus_minus(n) if isinstance(n, Group) and n.kind == "and" else n for n in group.nodes]
    if not any(_is(n, "plus") or _is(n, "minus") for n in nodes):
        return replace(group, nodes=tuple(nodes))
    required: list[Raw] = []
    optional: list[Raw] = []
    banned: list[Raw] = []
    target = optional
    for node in nodes:
        if _is(node, "plus"):
            target = required
        elif _is(node, "minus"):
            target = banned
        else:
            target.append(node)
            target = optional
    result = Group("and", tuple(optional), group.boost)
    if required:
        result = Group("andmaybe", (Group("and", tuple(required)), result))
    if banned:
        result = Group("andnot", (result, Group("or", tuple(banned))))
    return result


def _operators(group: Group) -> Group:
    """NOT, then AND, then OR (then Whoosh's ANDNOT, ANDMAYBE, REQUIRE), each left to right."""
    nodes = list(group.nodes)
    for op in OPERATORS:
        kind = _OP_GROUPS[op]
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if not (isinstance(node, Mark) and node.kind == "op" and node.name == op):
                i += 1
                continue
            if op == "NOT":  # prefix: wraps the next node (an operator there leaves nothing: unparsable)
                del nodes[i]
                if i < len(nodes):
                    nodes[i] = Group("not", (nodes[i],))
            elif 0 < i < len(nodes) - 1:
                left, right = nodes[i - 1], nodes[i + 1]
                if kind in ("and", "or") and isinstance(left, Group) and left.kind == kind:
                    nodes[i - 1] = replace(left, nodes=(*left.nodes, right))
                    del nodes[i : i + 2]
                else:
                    nodes[i - 1 : i + 2] = [Group(kind, (left, right))]
            else:  # an operator with nothing on one side is ignored
                del nodes[i]
    return replace(group, nodes=tuple(_operators(n) if isinstance(n, Group) else n for n in nodes))


_OP_GROUPS: dict[str, Literal["and", "or", "not", "andnot", "andmaybe", "require"]] = {
    "NOT": "not",
    "AND": "and",
    "OR": "or",
    "ANDNOT": "andnot",
    "ANDMAYBE": "andmaybe",
    "REQUIRE": "require",
}


__all__ = ["structure"]
