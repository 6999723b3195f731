"""Morgue's query language, parsed into Morgue's own syntax tree (`query.syntax`).

Users type what they would type into any search box, and most mistakes should
still give results: a stray quote or bracket is closed, an unknown `field:` is
searched as words, field names are case-insensitive. Each such repair comes
back as a warning so the user knows what ran. Only queries that cannot mean
anything (empty, a lone `*`, absurdly deep nesting) are refused, with a message.

The language is the one Morgue has always had, which was Whoosh's parser
configured for news: its results and scores must not change when the engine
does. So the parser keeps Whoosh's rules where they are not obvious, in the
same three steps:

1. a tokenizer that cuts the text where Whoosh's taggers did (a phrase, a
   range, a field name, an operator, a boost... and words in between);
2. a recursive descent over the brackets, then the local rules that attach a
   `~` to the word before it, a field name to what follows, a boost to what
   precedes, and merge the parts of a wildcard;
3. the operators, by Whoosh's precedence: NOT, then AND, then OR, then
   implicit AND; `-word` and `+word` taken out of their group first.

Then each word is analysed by the kind of its field (`fields.FIELD_KINDS`),
and the tree is simplified as Whoosh simplified it (`normalize`), since a
simplification can change a score (a duplicated word counts twice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from index.fields import DEFAULT_FIELDS, FIELD_KINDS, KEYWORD_FIELDS, QUERY_FIELDS
from index.models import Filter
from index.query.dates import ceil, floor, parse_date
from index.query.simplify import normalize
from index.query.structure import structure
from index.query.syntax import (
    And,
    AndNot,
    DateRange,
    Fuzzy,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    TermRange,
    Wildcard,
)
from index.query.terms import indexed_words, walk
from index.query.tokens import Mark, Range, Raw, Text, Unparsable
from index.text.analysis import stem

MAX_QUERY_CHARS = 2000
MAX_DEPTH = 20
UNDERSTOOD = "The query could not be understood: check its brackets and operators."
EVERYTHING = "A lone '*' would match everything: add letters before it, like econom*."
BAD_DATE = "Part of the query could not be understood (a date?) and was ignored."
ONLY_BAD_DATES = (
    "The date could not be understood: write a year, a month or a day, "
    "like date:2005, date:2005-03 or date:2005-03-14."
)

_FIELD_RE = re.compile(r'(?<![\w"\\])([A-Za-z_]+):(?=\S)')


class QueryError(ValueError):
    """A query that cannot be run; the message is for the user."""


@dataclass(frozen=True)
class ParsedQuery:
    node: Node
    text: str  # the parsed query, for display
    warnings: tuple[str, ...]


# Where a date could not be read: kept through the simplification as Whoosh kept its error
# query (so that what is left is what Whoosh left), then taken out.
_BAD_DATE = Term("", "")


def parse_query(text: str, filters: tuple[Filter, ...] = ()) -> ParsedQuery:
    """Parse a user's query (plus exact filters); raises QueryError with a message."""
    warnings: list[str] = []
    cleaned = _repair(text, warnings)
    parts: list[Node] = []
    if cleaned.strip():
        try:
            node = normalize(_to_node(structure(cleaned)))
        except (Unparsable, RecursionError) as exc:
            raise QueryError(UNDERSTOOD) from exc
        if node is not None and any(_is_everything(sub) for sub in walk(node)):
            raise QueryError(EVERYTHING)
        if node is None:
            warnings.append("Part of the query could not be understood and was ignored.")
        elif any(_is_bad_date(sub) for sub in walk(node)):
            warnings.append(BAD_DATE)
            node = normalize(_without_bad_dates(node))
            if node is None and not filters:
                raise QueryError(ONLY_BAD_DATES)
        if node is not None:
            parts.append(node)
    parts.extend(filter_node(f) for f in filters)
    if not parts:
        if text.strip():
            raise QueryError("Nothing left to search for: the query has only common words or operators.")
        raise QueryError("Type something to search for.")
    combined = parts[0] if len(parts) == 1 else And(tuple(parts))
    return ParsedQuery(combined, str(combined), tuple(warnings))


def filter_node(f: Filter) -> Term:
    """An exact filter (a sidebar entity, section or source) as a term on its keyword field."""
    if f.field not in KEYWORD_FIELDS:
        raise QueryError(f"Cannot filter on {f.field!r}; use one of {', '.join(sorted(KEYWORD_FIELDS))}.")
    return Term(f.field, _keyword_value(f.value))


def _keyword_value(value: str) -> str:
    """A keyword as the index holds it: lowercased, commas and runs of spaces made one space."""
    return " ".join(value.replace(",", " ").split()).lower()


# -- repairs -------------------------------------------------------------------


def _repair(text: str, warnings: list[str]) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _cut(text, warnings)
    if text.count('"') % 2:
        warnings.append("Unbalanced quote: closed at the end of the query.")
        text += '"'
    depth = max_depth = 0
    fixed: list[str] = []
    in_quote = False
    for ch in text:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
            max_depth = max(max_depth, depth)
        elif not in_quote and ch == ")":
            if depth == 0:
                warnings.append("Unmatched ')' ignored.")
                continue
            depth -= 1
        fixed.append(ch)
    if max_depth > MAX_DEPTH:
        raise QueryError(f"The query nests parentheses {max_depth} deep; at most {MAX_DEPTH} are allowed.")
    if depth:
        warnings.append("Unbalanced '(': closed at the end of the query.")
        fixed.append(")" * depth)
    return _FIELD_RE.sub(lambda m: _field(m, warnings), "".join(fixed))


def _cut(text: str, warnings: list[str]) -> str:
    """A long query cut between words: cutting inside one (`OR` -> `O`) would change its meaning."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    at = _cut_point(text)
    if at == 0:
        raise QueryError(
            f"The query is too long: at most {MAX_QUERY_CHARS:,} characters, "
            "and its first word alone is longer."
        )
    dropped = text[at:].strip()
    shown = (
        f"`{dropped}`" if len(dropped) <= 40 else f"`{dropped[:40].rstrip()}…` ({len(dropped):,} characters)"
    )
    warnings.append(f"The query was cut to {at:,} characters; dropped: {shown}")
    return text[:at]


def _cut_point(text: str) -> int:
    """The last break between words within the limit, outside phrases, ranges and brackets if possible."""
    clean = anywhere = 0
    in_quote = in_range = False
    depth = 0
    for i, ch in enumerate(text[: MAX_QUERY_CHARS + 1]):
        if ch.isspace() and i and not text[i - 1].isspace():
            anywhere = i
            if not (in_quote or in_range or depth):
                clean = i
        if ch == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif ch in "[{":
            in_range = True
        elif ch in "]}":
            in_range = False
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    return clean or anywhere


def _field(match: re.Match[str], warnings: list[str]) -> str:
    name = match.group(1).lower()
    if name in QUERY_FIELDS:
        return f"{name}:"
    warnings.append(
        f"Unknown field {match.group(1)!r}: searched as words. Fields: {', '.join(QUERY_FIELDS)}."
    )
    return f"{match.group(1)} "


# -- meaning -----------------------------------------------------------------------


def _to_node(raw: Raw) -> Node | None:
    """The syntax tree before simplification; None: nothing to search (a stop word)."""
    if isinstance(raw, Text):
        return _text_node(raw)
    if isinstance(raw, Range):
        return _range_node(raw)
    if isinstance(raw, Mark):
        if raw.kind == "every":  # `*:*`
            return Wildcard("", "*")
        raise Unparsable(raw.original)
    if raw.kind in ("and", "or"):
        kids = tuple(n for n in (_to_node(c) for c in raw.nodes) if n is not None)
        return And(kids, raw.boost) if raw.kind == "and" else Or(kids, raw.boost)
    if raw.kind == "not":
        if not raw.nodes:  # `NOT NOT x`, `NOT AND x`
            raise Unparsable("NOT")
        child = _to_node(raw.nodes[0])
        if child is None or (isinstance(child, And | Or) and not child.children):
            return None
        return Not(child)
    if len(raw.nodes) != 2:  # `x ANDNOT ANDNOT`: the second operator left one side empty
        raise Unparsable(raw.kind)
    a, b = (_to_node(c) for c in raw.nodes)
    if a is None or b is None:
        return a if b is None else b
    # Morgue's tree has no optional-clause node: `+x y` (Whoosh's AndMaybe) and REQUIRE are ANDs.
    return AndNot(a, b) if raw.kind == "andnot" else And((a, b))


def _text_node(raw: Text) -> Node | None:
    field = raw.field
    if field is None:  # a `^` left over after the fields were given out: searched as a word
        kids = (_text_node(replace(raw, field=f)) for f in DEFAULT_FIELDS)
        return Or(tuple(n for n in kids if n is not None))
    kind = FIELD_KINDS[field]
    if raw.kind == "fuzzy":
        return Fuzzy(field, raw.text.lower(), raw.maxdist, raw.prefix, raw.boost)
    if kind == "date":
        return _date_node(field, raw.text, raw.boost)
    if raw.kind == "phrase":
        if kind == "keyword":  # one value, as a filter has it (Whoosh made `"a, b"` a phrase: never found)
            return Term(field, _keyword_value(raw.text), raw.boost) if raw.text.strip(",") else None
        words = [raw.text] if kind == "exact" else indexed_words(kind, raw.text)
        return Phrase(field, tuple(words), raw.slop, raw.boost)
    if raw.kind == "word":
        words = indexed_words(kind, raw.text)
        if len(words) <= 1:
            return Term(field, words[0], raw.boost) if words else None
        if kind == "text":
            return Phrase(field, tuple(words), 1, raw.boost)
        return And(tuple(Term(field, w, raw.boost) for w in words))
    text = _unsplit(kind, raw.text)
    return Wildcard(field, text, raw.boost) if raw.kind == "wild" else Prefix(field, text, raw.boost)


def _unsplit(kind: str, text: str) -> str:
    """A wildcard's or range end's text as one indexed word (not split into words)."""
    if kind == "text":
        return stem(text.lower())
    if kind == "keyword":
        return " ".join(text.split()).lower()
    return text.lower() if kind == "name" else text


def _date_node(field: str, text: str, boost: float) -> DateRange | Term:
    """`date:2005`: the whole year, as Whoosh's DATETIME field read it; a date it cannot read is left out."""
    try:
        when = parse_date(text)
        if isinstance(when, datetime):
            return DateRange(field, when, when, boost)
        return DateRange(field, floor(when), ceil(when), boost)
    except (ValueError, OverflowError):
        return _BAD_DATE


def _range_node(raw: Range) -> Node:
    field = raw.field
    assert field is not None  # `_multifield` gave every range a field
    kind = FIELD_KINDS[field]
    if kind == "date":
        if raw.start is None and raw.end is None:
            return Wildcard(field, "*")
        try:  # Whoosh's DATETIME ignored `{`, `}`, `<` and `>`: both ends are in
            since = None if raw.start is None else floor(parse_date(raw.start))
            until = None if raw.end is None else ceil(parse_date(raw.end))
        except (ValueError, OverflowError) as exc:
            raise Unparsable(f"{raw.start} TO {raw.end}") from exc
        return DateRange(field, since, until, raw.boost)
    start = _unsplit(kind, raw.start) if raw.start else raw.start
    end = _unsplit(kind, raw.end) if raw.end else raw.end
    return TermRange(field, start, end, raw.start_excl, raw.end_excl, raw.boost)


def _is_bad_date(node: Node) -> bool:
    return isinstance(node, Term) and node.field == _BAD_DATE.field  # its boost may have changed


def _without_bad_dates(node: Node) -> Node | None:
    if _is_bad_date(node):
        return None
    if isinstance(node, And | Or):
        kids = (_without_bad_dates(c) for c in node.children)
        return replace(node, children=tuple(k for k in kids if k is not None))
    if isinstance(node, Not):
        child = _without_bad_dates(node.child)
        return None if child is None else Not(child)
    if isinstance(node, AndNot):
        positive, negative = _without_bad_dates(node.positive), _without_bad_dates(node.negative)
        return None if positive is None else positive if negative is None else AndNot(positive, negative)
    return node


def _is_everything(node: Node) -> bool:
    """The parser's mark for what would match every article (`*`, `*:*`, `[TO]`): refused."""
    return isinstance(node, Wildcard) and node.pattern == "*"


__all__ = ["MAX_DEPTH", "MAX_QUERY_CHARS", "ParsedQuery", "QueryError", "filter_node", "parse_query"]
