"""Quote marks and the segments they enclose.

Why not a regex for `"[^"]*"`: news text is not balanced. A `"` stands in for an
apostrophe (Reuters' `Turkey"s`), `''` stands in for `"`, and a quotation that runs
over several paragraphs opens each paragraph but closes only the last; in the BBC
files the paragraph breaks inside such quotations are often lost, giving
`...end of sentence. "Next sentence...` with no closing mark in between. A naive
pairing then reads every quotation after the first one inside out. So each mark is
first given a direction from its neighbours (an opening mark is followed by a word,
a closing one follows a word), and the pairing keeps that direction when it can.

No quotation crosses a paragraph break: an opening mark left unclosed at the end
of a paragraph ends its segment there (the multi-paragraph form), and so does an
opening mark met while a segment is open (the same form with the break lost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `''` and `` `` `` (two apostrophes, two backticks) are typewriter stand-ins for `"`.
_MARK_RE = re.compile(r"''|``|[\"“”„]")
_OPENERS = frozenset("“„") | {"``"}
_CLOSERS = frozenset("”")
# A paragraph break: a blank line, or a line break followed by an indent (Reuters'
# hard-wrapped bodies start each paragraph with four spaces after one newline).
PARAGRAPH_RE = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")
# After a `"` between two letters, these endings make it an apostrophe (`Turkey"s`, `don"t`).
_APOSTROPHE_TAIL = re.compile(r"(?:s|t|re|ve|ll|d|m)(?![^\W\d_])")
_BEFORE_OPENING = " \t\n([{—–-/:"
_AFTER_CLOSING = " \t\n.,;:!?)]}—–-/'’"


@dataclass(frozen=True)
class Segment:
    """Quoted characters `start`..`end` (marks excluded), in order of appearance.

    `closed` is False when no closing mark ends it (the paragraph ended, or a new
    quotation opened first); `continues` is True when it takes up the previous,
    unclosed segment: it opens the paragraph after it, or the same paragraph right
    after it (a lost paragraph break).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    continues: bool = False

    @property
    def closed(self) -> bool:
        return self.close_mark is not None


def _direction(text: str, start: int, end: int) -> str:
    """ "open", "close" or "?" for the mark at text[start:end]."""
    mark = text[start:end]
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    opens = before in _BEFORE_OPENING and not after.isspace()
    closes = not before.isspace() and (after in _AFTER_CLOSING or after in '"“”')
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "?"


def is_apostrophe(text: str, start: int) -> bool:
    """A `"` between a letter and a contraction ending is an apostrophe (`Turkey"s`)."""
    return (
        text[start] == '"'
        and start > 0
        and text[start - 1].isalpha()
        and _APOSTROPHE_TAIL.match(text, start + 1) is not None
    )


def paragraph_ends(text: str) -> list[int]:
    """Offsets where paragraphs end (the start of each break), and len(text)."""
    return [m.start() for m in PARAGRAPH_RE.finditer(text)] + [len(text)]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_segments(text: str) -> list[Segment]:
    """Every quoted segment of `text`, paired as the module docstring says."""
    ends = paragraph_ends(text)
    segments: list[Segment] = []
    para = 0  # index into ends of the paragraph holding the open mark
    open_at: tuple[int, int] | None = None  # (mark start, text start) of the open segment
    continues = False
    last_unclosed_para = -2

    def close_open(end: int, close_mark: int | None) -> None:
        nonlocal open_at, continues
        assert open_at is not None
        mark, start = open_at
        stop = end if close_mark is not None else _trim_end(text, start, end)
        if stop > start and text[start:stop].strip():
            segments.append(Segment(start, stop, mark, close_mark, continues))
        open_at, continues = None, False

    for m in _MARK_RE.finditer(text):
        if m.group() == '"' and is_apostrophe(text, m.start()):
            continue
        while ends[para] < m.start():
            if open_at is not None:  # unclosed at the paragraph's end
                close_open(ends[para], None)
                last_unclosed_para = para
            para += 1
        kind = _direction(text, m.start(), m.end())
        if open_at is None:
            if kind != "close":
                open_at = (m.start(), m.end())
                first_in_para = not text[(ends[para - 1] if para else 0) : m.start()].strip()
                continues = last_unclosed_para == para - 1 and first_in_para
        elif kind == "open":  # a new quotation while one is open: the break was lost
            close_open(m.start(), None)
            open_at, continues = (m.start(), m.end()), True
        else:
            close_open(m.start(), m.start())
    if open_at is not None:
        close_open(ends[para], None)
    return segments
