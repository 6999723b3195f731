"""The first step of parsing: the query cut into tokens where Whoosh's taggers cut it.

Whoosh's parser tried its taggers' patterns at each position, in a fixed
order; the first to match took the text, and what lay between matches was a
word. The patterns and their order are Whoosh's, since where the text is cut
decides what a query means (`a AND b` but `aANDb`, `x~2` but `x ~2`). Also
here, because every later step shares them: the raw nodes the parser
rearranges before any word is analysed, and the one error those steps raise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, TypeAlias

QMARKS = "?\u055e\u061f\u1367"  # Whoosh's wildcard question marks (Armenian, Arabic, Ethiopic too)


class Unparsable(Exception):
    """Input Whoosh's parser crashed on (`NOT NOT x`, `>5`, a bad date in a range): one message."""


_RANGE = r"""(?x)                       # verbose: spaces and comments ignored
(?P<open>\{|\[)               # Open paren
(?P<start>
    ('[^']*?'\s+)             # single-quoted
    |                         # or
    ([^\]}]+?(?=[Tt][Oo]))    # everything until "to"
)?
[Tt][Oo]                      # "to"
(?P<end>
    (\s+'[^']*?')             # single-quoted
    |                         # or
    ([^\]}]+?)                # everything until "]" or "}"
)?
(?P<close>}|])                # Close paren
"""

# Tried in this order at each position, as Whoosh's taggers were (by priority, then plugin order).
# Each with the characters it can start with ("": any), so that it is tried, and compiled (see
# `_compiled`), only where it could match: "oil prices" needs two patterns, not twenty.
_TOKENS: tuple[tuple[str, str, str], ...] = (
    ("ANDNOT", "A", r"(?<=\s)ANDNOT(?=\s)"),
    ("ANDMAYBE", "A", r"(?<=\s)ANDMAYBE(?=\s)"),
    ("every", "*", r"[*]:[*]"),
    ("squote", "'", r"(^|(?<=\W))'(?P<text>.*?)'(?=\s|\]|[)}]|$)"),
    ("field", "", r"(?P<text>\w+|[*]):"),
    ("wild", "*" + QMARKS, f"(?P<text>[*{QMARKS}])"),
    ("phrase", '"', r'"(?P<text>.*?)"(~(?P<slop>[1-9][0-9]*))?'),
    ("open", "(", r"[(]"),
    ("close", ")", r"[)]"),
    ("NOT", "N", r"(^|(?<=(\s|[()])))NOT(?=\s)"),
    ("AND", "A", r"(?<=\s)AND(?=\s)"),
    ("OR", "O", r"(?<=\s)OR(?=\s)"),
    ("REQUIRE", "R", r"(^|(?<=\s))REQUIRE(?=\s)"),
    ("boost", "^", r"\^(?P<boost>[0-9]*(\.[0-9]+)?)($|(?=[ \t\r\n)]))"),
    ("fuzz", "~", r"(?<=\S)~(?P<maxdist>[0-9])?(/(?P<prefix>[1-9][0-9]*))?"),
    ("gtlt", "<>=", r"(?P<rel>(<=|>=|<|>|=<|=>))"),
    ("plus", "+", r"(?:^|(?<=[\s(]))\+(?=\S)"),
    ("minus", "-", r"(?:^|(?<=[\s(]))-(?=\S)"),
    ("range", "[{", _RANGE),
    ("ws", "", r"\s+"),
)
OPERATORS = ("NOT", "AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE")


@dataclass(frozen=True)
class Text:
    """Something searched for: a word, a phrase, a wildcard, a prefix or a fuzzy word (raw text)."""

    kind: Literal["word", "phrase", "wild", "prefix", "fuzzy"]
    text: str
    field: str | None = None
    boost: float = 1.0
    slop: int = 1
    maxdist: int = 1
    prefix: int = 0


@dataclass(frozen=True)
class Range:
    """`[a TO b]`, `{a TO b}` or, once attached to a field, `>a`: its ends as typed (None: open)."""

    start: str | None
    end: str | None
    start_excl: bool
    end_excl: bool
    field: str | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Mark:
    """Syntax that acts on its neighbours: an operator, `field:`, `^2`, `~`, `>`, `+`, `-`, a space."""

    kind: str
    original: str
    name: str = ""  # the field, the comparison, the operator
    boost: float = 1.0
    maxdist: int = 1
    prefix: int = 0


@dataclass(frozen=True)
class Group:
    """Brackets, or what an operator joins (`and` too for words side by side): made after tokenizing."""

    kind: Literal["and", "or", "not", "andnot", "andmaybe", "require"]
    nodes: tuple[Raw, ...]
    boost: float = 1.0


Raw: TypeAlias = Text | Range | Mark | Group


def tokenize(text: str) -> list[Raw]:
    """Whoosh's tagging: the first pattern that matches at a position wins; what lies between is a word."""
    out: list[Raw] = []
    pos = prev = 0
    while pos < len(text):
        first = text[pos]
        for kind, starts, pattern in _TOKENS:
            if starts and first not in starts:
                continue
            m = _compiled(pattern).match(text, pos)
            if m is not None:
                if prev < pos:
                    out.append(Text("word", text[prev:pos]))
                out.append(_token(kind, m))
                prev = pos = m.end()
                break
        else:
            pos += 1
    if prev < len(text):
        out.append(Text("word", text[prev:]))
    return out


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A token pattern, compiled the first time a query needs it rather than at import.

    `morgue search` is a new process each time: compiling all twenty patterns
    costs more than parsing its query, and commands that never parse one
    (indexing, the TUI until a search is typed) would pay it for nothing.
    """
    return re.compile(pattern)


def _token(kind: str, m: re.Match[str]) -> Raw:
    if kind == "squote":
        return Text("word", m.group("text"))
    if kind == "wild":
        return Text("wild", m.group("text"))
    if kind == "phrase":
        return Text("phrase", m.group("text"), slop=int(m.group("slop") or 1))
    if kind == "field":
        return Mark("field", m.group(0), name=m.group("text"))
    if kind == "boost":
        try:
            return Mark("boost", m.group(0), boost=float(m.group("boost")))
        except ValueError:  # a bare `^`: a word
            return Text("word", m.group(0))
    if kind == "fuzz":
        maxdist, prefix = m.group("maxdist"), m.group("prefix")
        return Mark("fuzz", m.group(0), maxdist=int(maxdist) if maxdist else 1, prefix=int(prefix or 0))
    if kind == "gtlt":
        return Mark("gtlt", m.group(0), name=m.group("rel"))
    if kind == "range":
        return _range_token(m)
    return Mark("op" if kind in OPERATORS else kind, m.group(0), name=kind)


def _range_token(m: re.Match[str]) -> Range:
    start, end = m.group("start"), m.group("end")
    if start:
        start = start.rstrip()
        if start.startswith("'") and start.endswith("'"):
            start = start[1:-1]
    if end:
        end = end.lstrip()
        if end.startswith("'") and end.endswith("'"):
            end = end[1:-1]
    return Range(start, end, m.group("open") == "{", m.group("close") == "}")


__all__ = ["OPERATORS", "QMARKS", "Group", "Mark", "Range", "Raw", "Text", "Unparsable", "tokenize"]
