"""What one copy changed: a word-level diff for the reader, and the size of the change.

Words are runs of non-space characters: the unit a journalist reads and the
one an outlet edits (a changed number, a dropped quote). `difflib` matches the
word sequences, with `autojunk` off: its heuristic would treat "the" and "said"
as junk in a long story and blur the matches.

Every word owns the space after it (the first word also the space before it),
so the spans tile both texts exactly: the kept and added spans, joined, give
the new text `b`; the kept and removed spans, read at their `a` offsets, give
the old text `a`. A reader can therefore draw `b` with removed spans inserted
where they were, each marked by colour and by its `symbol` ("+"/"-"), which
reads without colour too.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["kept", "added", "removed"]
KEPT: Kind = "kept"
ADDED: Kind = "added"
REMOVED: Kind = "removed"
SYMBOLS: dict[Kind, str] = {KEPT: " ", ADDED: "+", REMOVED: "-"}

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Span:
    """A run of words kept, added or removed, with exact offsets into both texts.

    `text` is `b[b_start:b_end]` for kept and added spans and `a[a_start:a_end]`
    for removed ones. An added span's `a` range is empty, at the point of
    insertion in `a`; a removed span's `b` range is empty likewise.
    """

    kind: Kind
    text: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.kind]


@dataclass(frozen=True)
class DiffSize:
    """The size of the difference between two texts, in words."""

    kept: int
    added: int
    removed: int

    @property
    def changed(self) -> int:
        return self.added + self.removed

    @property
    def fraction(self) -> float:
        """The share of words on either side that changed: 0 for equal texts, 1 for disjoint."""
        total = 2 * self.kept + self.changed
        return self.changed / total if total else 0.0

    def __str__(self) -> str:
        if not self.changed:
            return "no change"
        return f"+{self.added} -{self.removed} words"


def _units(text: str) -> tuple[list[str], list[int]]:
    """The words of `text` and the offsets where each word's unit starts (plus len(text))."""
    found = list(_WORD.finditer(text))
    if not found:
        return ([""], [0, len(text)]) if text else ([], [0])
    starts = [m.start() for m in found]
    starts[0] = 0
    return [m.group() for m in found], [*starts, len(text)]


def word_diff(a: str, b: str) -> list[Span]:
    """The spans that turn `a` (the open article) into `b` (a chosen copy), in reading order."""
    a_words, a_at = _units(a)
    b_words, b_at = _units(b)
    # Trim the common ends first: updates mostly change the middle, and difflib is quadratic-ish.
    head = 0
    while head < min(len(a_words), len(b_words)) and a_words[head] == b_words[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(a_words), len(b_words)) - head
        and a_words[len(a_words) - 1 - tail] == b_words[len(b_words) - 1 - tail]
    ):
        tail += 1
    middle = difflib.SequenceMatcher(
        None, a_words[head : len(a_words) - tail], b_words[head : len(b_words) - tail], autojunk=False
    ).get_opcodes()
    ops: list[tuple[str, int, int, int, int]] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    ops.extend((tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle)
    if tail:
        ops.append(("equal", len(a_words) - tail, len(a_words), len(b_words) - tail, len(b_words)))

    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in ops:
        a0, a1, b0, b1 = a_at[i1], a_at[i2], b_at[j1], b_at[j2]
        if tag == "equal":
            spans.append(Span(KEPT, b[b0:b1], a0, a1, b0, b1, j2 - j1))
            continue
        if i2 > i1:
            spans.append(Span(REMOVED, a[a0:a1], a0, a1, b0, b0, i2 - i1))
        if j2 > j1:
            spans.append(Span(ADDED, b[b0:b1], a1, a1, b0, b1, j2 - j1))
    return spans


def size_of(spans: list[Span]) -> DiffSize:
    """Count the words kept, added and removed in a diff (the unit of whitespace-only text is 0)."""
    counts = {KEPT: 0, ADDED: 0, REMOVED: 0}
    for span in spans:
        if span.text.strip():
            counts[span.kind] += span.words
    return DiffSize(counts[KEPT], counts[ADDED], counts[REMOVED])


def diff_size(a: str, b: str) -> DiffSize:
    """The size of the difference between `a` and `b`, for a list of copies."""
    return size_of(word_diff(a, b))


def change_starts(spans: list[Span]) -> list[int]:
    """Indexes of the spans where a change begins (a removed/added run after a kept one): the stops
    of "next change" / "previous change" keys."""
    return [i for i, span in enumerate(spans) if span.kind != KEPT and (i == 0 or spans[i - 1].kind == KEPT)]
