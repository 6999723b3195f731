"""The third step of parsing: the raw tree made Morgue's syntax tree, each word analysed for its field.

Until here a query is text; here it takes the meaning the index gives it.
Each field's kind (`fields.FIELD_KINDS`) says how: a text word is stemmed
(several words become a phrase), a name lowercased, a keyword value taken
whole, a `date:` read as the span of time it covers (`query.dates`). A word
that leaves nothing (a stop word) is None, and a date that cannot be read is
marked, not dropped, so that the simplification sees what Whoosh's saw.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from index.fields import DEFAULT_FIELDS, FIELD_KINDS
from index.query import syntax as q
from index.query.dates import ceil, floor, parse_date
from index.query.terms import indexed_words
from index.query.tokens import Mark, Range, Raw, Text, Unparsable
from index.text.analysis import stem

# Where a date could not be read: kept through the simplification as Whoosh kept its error
# query (so that what is left is what Whoosh left), then taken out.
_BAD_DATE = q.Term("", "")


def to_node(raw: Raw) -> q.Node | None:
    """The syntax tree before simplification; None: nothing to search (a stop word)."""
    if isinstance(raw, Text):
        return _text_node(raw)
    if isinstance(raw, Range):
        return _range_node(raw)
    if isinstance(raw, Mark):
        if raw.kind == "every":  # `*:*`
            return q.Wildcard("", "*")
        raise Unparsable(raw.original)
    if raw.kind in ("and", "or"):
        kids = tuple(n for n in (to_node(c) for c in raw.nodes) if n is not None)
        return q.And(kids, raw.boost) if raw.kind == "and" else q.Or(kids, raw.boost)
    if raw.kind == "not":
        if not raw.nodes:  # `NOT NOT x`, `NOT AND x`
            raise Unparsable("NOT")
        child = to_node(raw.nodes[0])
        if child is None or (isinstance(child, q.And | q.Or) and not child.children):
            return None
        return q.Not(child)
    if len(raw.nodes) != 2:  # `x ANDNOT ANDNOT`: the second operator left one side empty
        raise Unparsable(raw.kind)
    a, b = (to_node(c) for c in raw.nodes)
    if a is None or b is None:
        return a if b is None else b
    # Morgue's tree has no optional-clause node: `+x y` (Whoosh's AndMaybe) and REQUIRE are ANDs.
    return q.AndNot(a, b) if raw.kind == "andnot" else q.And((a, b))


def _text_node(raw: Text) -> q.Node | None:
    field = raw.field
    if field is None:  # a `^` left over after the fields were given out: searched as a word
        kids = (_text_node(replace(raw, field=f)) for f in DEFAULT_FIELDS)
        return q.Or(tuple(n for n in kids if n is not None))
    kind = FIELD_KINDS[field]
    if raw.kind == "fuzzy":
        return q.Fuzzy(field, raw.text.lower(), raw.maxdist, raw.prefix, raw.boost)
    if kind == "date":
        return _date_node(field, raw.text, raw.boost)
    if raw.kind == "phrase":
        if kind == "keyword":  # one value, as a filter has it (Whoosh made `"a, b"` a phrase: never found)
            return q.Term(field, keyword_value(raw.text), raw.boost) if raw.text.strip(",") else None
        words = [raw.text] if kind == "exact" else indexed_words(kind, raw.text)
        return q.Phrase(field, tuple(words), raw.slop, raw.boost)
    if raw.kind == "word":
        words = indexed_words(kind, raw.text)
        if len(words) <= 1:
            return q.Term(field, words[0], raw.boost) if words else None
        if kind == "text":
            return q.Phrase(field, tuple(words), 1, raw.boost)
        return q.And(tuple(q.Term(field, w, raw.boost) for w in words))
    text = _unsplit(kind, raw.text)
    return q.Wildcard(field, text, raw.boost) if raw.kind == "wild" else q.Prefix(field, text, raw.boost)


def _unsplit(kind: str, text: str) -> str:
    """A wildcard's or range end's text as one indexed word (not split into words)."""
    if kind == "text":
        return stem(text.lower())
    if kind == "keyword":
        return " ".join(text.split()).lower()
    return text.lower() if kind == "name" else text


def _date_node(field: str, text: str, boost: float) -> q.DateRange | q.Term:
    """`date:2005`: the whole year, as Whoosh's DATETIME field read it; a date it cannot read is left out."""
    try:
        when = parse_date(text)
        if isinstance(when, datetime):
            return q.DateRange(field, when, when, boost)
        return q.DateRange(field, floor(when), ceil(when), boost)
    except (ValueError, OverflowError):
        return _BAD_DATE


def _range_node(raw: Range) -> q.Node:
    field = raw.field
    assert field is not None  # `structure` gave every range a field
    kind = FIELD_KINDS[field]
    if kind == "date":
        if raw.start is None and raw.end is None:
            return q.Wildcard(field, "*")
        try:  # Whoosh's DATETIME ignored `{`, `}`, `<` and `>`: both ends are in
            since = None if raw.start is None else floor(parse_date(raw.start))
            until = None if raw.end is None else ceil(parse_date(raw.end))
        except (ValueError, OverflowError) as exc:
            raise Unparsable(f"{raw.start} TO {raw.end}") from exc
        return q.DateRange(field, since, until, raw.boost)
    start = _unsplit(kind, raw.start) if raw.start else raw.start
    end = _unsplit(kind, raw.end) if raw.end else raw.end
    return q.TermRange(field, start, end, raw.start_excl, raw.end_excl, raw.boost)


def is_bad_date(node: q.Node) -> bool:
    """The mark of a date that could not be read (compared by field: its boost may have changed)."""
    return isinstance(node, q.Term) and node.field == _BAD_DATE.field  # its boost may have changed


def without_bad_dates(node: q.Node) -> q.Node | None:
    """The tree without those marks, once simplified: what Whoosh left when it dropped its error query."""
    if is_bad_date(node):
        return None
    if isinstance(node, q.And | q.Or):
        kids = (without_bad_dates(c) for c in node.children)
        return replace(node, children=tuple(k for k in kids if k is not None))
    if isinstance(node, q.Not):
        child = without_bad_dates(node.child)
        return None if child is None else q.Not(child)
    if isinstance(node, q.AndNot):
        positive, negative = without_bad_dates(node.positive), without_bad_dates(node.negative)
        return None if positive is None else positive if negative is None else q.AndNot(positive, negative)
    return node


def keyword_value(value: str) -> str:
    """A keyword as the index holds it: lowercased, commas and runs of spaces made one space."""
    return " ".join(value.replace(",", " ").split()).lower()


__all__ = ["is_bad_date", "keyword_value", "to_node", "without_bad_dates"]
