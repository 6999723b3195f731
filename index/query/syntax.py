"""Morgue's query syntax tree: what a query means, independent of any search engine.

The parser (`query.parser`) turns what a user types into these nodes, with the
text already analysed (stemmed words for the text fields, lowercased values for
the keyword fields, date ranges for `date:`); each engine compiles the tree
into its own query objects (`engine.whoosh.compile`). Walking the tree for the
terms and phrases a query highlights lives in `query.terms`.

Every node is a frozen dataclass: hashable, comparable, printable, and safe to
share between threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias


@dataclass(frozen=True)
class Term:
    """One analysed word (a stem in `title`/`body`) or one exact keyword value."""

    field: str
    text: str
    boost: float = 1.0

    def __str__(self) -> str:
        return f"{self.field}:{self.text}{_boost(self.boost)}"


@dataclass(frozen=True)
class Phrase:
    """Analysed words in order, at most `slop` positions apart (1: adjacent)."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0

    def __str__(self) -> str:
        slop = f"~{self.slop}" if self.slop > 1 else ""
        return f'{self.field}:"{" ".join(self.words)}"{slop}{_boost(self.boost)}'


@dataclass(frozen=True)
class Prefix:
    """Every indexed word that starts with `text` (`econom*`).

    `words`: the indexed words it matches, once `query.expand` has looked them
    up (None before). The leaf stays a prefix so that an engine scores it as
    one; the words are what highlighting marks, without asking the index again.
    """

    field: str
    text: str
    boost: float = 1.0
    words: tuple[str, ...] | None = None

    def __str__(self) -> str:
        return f"{self.field}:{self.text}*{_boost(self.boost)}"


@dataclass(frozen=True)
class Wildcard:
    """Indexed words matching a glob with `*` and `?` anywhere (`wom?n`, `*ball`).

    `words`: as for `Prefix`, filled in by `query.expand`.
    """

    field: str
    pattern: str
    boost: float = 1.0
    words: tuple[str, ...] | None = None

    def __str__(self) -> str:
        return f"{self.field}:{self.pattern}{_boost(self.boost)}"


@dataclass(frozen=True)
class Fuzzy:
    """Words within `maxdist` edits of the surface word `text` (lowercased, not stemmed).

    A typo is a typo of a word, not of a stem: engines expand it over the
    archive's vocabulary of surface words (`query.expand`), then match stems.
    """

    field: str
    text: str
    maxdist: int = 1
    prefix: int = 0
    boost: float = 1.0

    def __str__(self) -> str:
        prefix = f"/{self.prefix}" if self.prefix else ""
        return f"{self.field}:{self.text}~{self.maxdist}{prefix}{_boost(self.boost)}"


@dataclass(frozen=True)
class TermRange:
    """Indexed words between two words (`title:[apple TO banana]`); None: open.

    `words`: as for `Prefix`, filled in by `query.expand`.
    """

    field: str
    start: str | None
    end: str | None
    start_excl: bool = False
    end_excl: bool = False
    boost: float = 1.0
    words: tuple[str, ...] | None = None

    def __str__(self) -> str:
        left = "{" if self.start_excl else "["
        right = "}" if self.end_excl else "]"
        return f"{self.field}:{left}{self.start or ''} TO {self.end or ''}{right}{_boost(self.boost)}"


@dataclass(frozen=True)
class DateRange:
    """Articles dated from `start` to `end`, both included; None: open. Undated ones never match.

    `start == end` is one exact instant (a date typed down to the microsecond).
    A range scores a constant (`boost`): it filters, it does not rank.
    """

    field: str
    start: datetime | None
    end: datetime | None
    boost: float = 1.0

    def __str__(self) -> str:
        def when(value: datetime | None) -> str:
            return value.isoformat() if value is not None else ""

        return f"{self.field}:[{when(self.start)} TO {when(self.end)}]{_boost(self.boost)}"


@dataclass(frozen=True)
class WordSet:
    """A capped expansion: these exact indexed words, matched as one unscored set.

    What a wildcard or range that would expand to too many words becomes
    (`query.expand`); `label` is what the user typed, for display.
    """

    field: str
    words: tuple[str, ...]
    label: str
    boost: float = 1.0

    def __str__(self) -> str:
        return f"{self.field}:{self.label} (top {len(self.words)} words)"


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return f"({' AND '.join(map(str, self.children))}){_boost(self.boost)}"


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return f"({' OR '.join(map(str, self.children))}){_boost(self.boost)}"


@dataclass(frozen=True)
class Not:
    """Everything but `child` (alone only as part of an And: `oil NOT opec`)."""

    child: Node

    def __str__(self) -> str:
        return f"NOT {self.child}"


@dataclass(frozen=True)
class AndNot:
    """`positive` without `negative`."""

    positive: Node
    negative: Node

    def __str__(self) -> str:
        return f"({self.positive} ANDNOT {self.negative})"


Leaf: TypeAlias = Term | Phrase | Prefix | Wildcard | Fuzzy | TermRange | DateRange | WordSet
Node: TypeAlias = Leaf | And | Or | Not | AndNot
LEAVES = (Term, Phrase, Prefix, Wildcard, Fuzzy, TermRange, DateRange, WordSet)


def _boost(boost: float) -> str:
    return f"^{boost:g}" if boost != 1.0 else ""


__all__ = [
    "LEAVES",
    "And",
    "AndNot",
    "DateRange",
    "Fuzzy",
    "Leaf",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "Term",
    "TermRange",
    "Wildcard",
    "WordSet",
]
