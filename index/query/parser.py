"""Morgue's query language, parsed into Morgue's own syntax tree (`query.syntax`).

Users type what they would type into any search box, and most mistakes should
still give results: a stray quote or bracket is closed, an unknown `field:` is
searched as words, field names are case-insensitive. Each such repair comes
back as a warning so the user knows what ran. Only queries that cannot mean
anything (empty, a lone `*`, absurdly deep nesting) are refused, with a message.

The language is the one Morgue has always had, which was Whoosh's parser
configured for news: its results and scores must not change when the engine
does. So the parser keeps Whoosh's rules where they are not obvious, in
Whoosh's steps, one module each:

1. `query.tokens`: the text cut where Whoosh's taggers cut it (a phrase, a
   range, a field name, an operator, a boost... and words in between);
2. `query.structure`: a recursive descent over the brackets, the local rules
   that attach a `~` to the word before it, a field name to what follows, a
   boost to what precedes, and merge the parts of a wildcard; then the
   operators by Whoosh's precedence (NOT, AND, OR, then implicit AND), with
   `-word` and `+word` taken out of their group first;
3. `query.meaning`: each word analysed by the kind of its field
   (`fields.FIELD_KINDS`), dates read by `query.dates`;
4. `query.simplify`: the tree simplified as Whoosh simplified it, since a
   simplification can change a score (a duplicated word counts twice).

This module is the user's side of it: the repairs and their warnings before
the steps, the refusals and their messages after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from index.fields import KEYWORD_FIELDS, PARSED_FIELDS, QUERY_FIELDS
from index.models import Filter
from index.query.date_filter import date_filter_node
from index.query.meaning import is_bad_date, keyword_value, to_node, without_bad_dates
from index.query.simplify import normalize
from index.query.structure import structure
from index.query.syntax import And, DateRange, Node, Term, Wildcard
from index.query.terms import walk
from index.query.tokens import Unparsable

MAX_QUERY_CHARS = 2000
MAX_DEPTH = 20
UNDERSTOOD = "The query could not be understood: check its brackets and operators."
EVERYTHING = "A lone '*' would match everything: add letters before it, like econom*."
BAD_DATE = "Part of the query could not be understood (a date?) and was ignored."
ONLY_BAD_DATES = (
    "The date could not be understood: write a year, a month or a day, "
    "like date:2005, date:2005-03 or date:2005-03-14."
)


class QueryError(ValueError):
    """A query that cannot be run; the message is for the user."""


@dataclass(frozen=True)
class ParsedQuery:
    node: Node
    text: str  # the parsed query, for display
    warnings: tuple[str, ...]


def parse_query(text: str, filters: tuple[Filter, ...] = ()) -> ParsedQuery:
    """Parse a user's query (plus exact filters); raises QueryError with a message."""
    warnings: list[str] = []
    cleaned = _repair(text, warnings)
    parts: list[Node] = []
    if cleaned.strip():
        try:
            node = normalize(to_node(structure(cleaned)))
        except (Unparsable, RecursionError) as exc:
            raise QueryError(UNDERSTOOD) from exc
        if node is not None and any(_is_everything(sub) for sub in walk(node)):
            raise QueryError(EVERYTHING)
        if node is None:
            warnings.append("Part of the query could not be understood and was ignored.")
        elif any(is_bad_date(sub) for sub in walk(node)):
            warnings.append(BAD_DATE)
            node = normalize(without_bad_dates(node))
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


def filter_node(f: Filter) -> Term | DateRange:
    """An exact filter (a sidebar entity, section or source) as a term on its keyword field.

    A `date` filter (a timeline bucket, `--since`/`--until`) is a range (`query.date_filter`).
    """
    if f.field == "date":
        try:
            return date_filter_node(f.value)
        except ValueError as exc:
            raise QueryError(str(exc)) from None
    if f.field not in KEYWORD_FIELDS:
        raise QueryError(f"Cannot filter on {f.field!r}; use one of {', '.join(sorted(KEYWORD_FIELDS))}.")
    return Term(f.field, keyword_value(f.value))


def _is_everything(node: Node) -> bool:
    """The parser's mark for what would match every article (`*`, `*:*`, `[TO]`): refused."""
    return isinstance(node, Wildcard) and node.pattern == "*"


# -- repairs -------------------------------------------------------------------


def _repair(text: str, warnings: list[str]) -> str:
    """The text made parseable (controls, length, quotes, brackets, field names); each repair warns."""
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
    return _field_names().sub(lambda m: _field(m, warnings), "".join(fixed))


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


@cache
def _field_names() -> re.Pattern[str]:
    """`name:` before something, outside a word or a quote; compiled on the first parse, as the tokens are."""
    return re.compile(r'(?<![\w"\\])([A-Za-z_]+):(?=\S)')


def _field(match: re.Match[str], warnings: list[str]) -> str:
    """A known field's name lowercased; an unknown one made a word, with a warning."""
    name = match.group(1).lower()
    if name in PARSED_FIELDS:
        return f"{name}:"
    warnings.append(
        f"Unknown field {match.group(1)!r}: searched as words. Fields: {', '.join(QUERY_FIELDS)}."
    )
    return f"{match.group(1)} "


__all__ = ["MAX_DEPTH", "MAX_QUERY_CHARS", "ParsedQuery", "QueryError", "filter_node", "parse_query"]
