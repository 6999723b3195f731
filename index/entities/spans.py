"""The candidate mention the clean-up rules pass along, and the text tests they share.

Its own module so that the rule modules (`entity_shaping`, `entity_labels`) and
the rule-based extractor can all use it without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from index.entities import canonical as cn
from index.models import ORG, PERSON, PLACE

NAME_LABELS = (PERSON, ORG, PLACE)


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate mention while the rules run.

    `key` is the canonical key it will be grouped under (set by the short-form
    rule; otherwise derived from the text). `locked` marks a label decided by
    strong local evidence ("... district"), which the article-wide rules keep.
    """

    start: int
    end: int
    label: str
    key: str = ""
    locked: bool = False


Rule = Callable[[str, list[Span]], list[Span]]


_WORD_RE = re.compile(r"\S+")
_OPENING = " \t\"'“‘([{«"


def tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD_RE.finditer(text, start, end)]


def resize(span: Span, start: int, end: int) -> Span | None:
    if end <= start:
        return None
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


class Mask:
    """Which characters of a text are covered: overlap tests in O(span length), so
    that an article with thousands of mentions stays linear."""

    def __init__(self, size: int, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.bits = bytearray(size)
        for start, end in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def touches(self, start: int, end: int) -> bool:
        return self.bits.find(1, start, end) != -1

    def covers(self, start: int, end: int) -> bool:
        return end > start and self.bits.find(0, start, end) == -1


@lru_cache(maxsize=4)
def soft_wraps(text: str) -> frozenset[int]:
    """Offsets of the line breaks that only wrap a paragraph, as wire copy does at
    ~65 columns ("Nigel\nLawson", "Standard and\nPoor's"): a name runs across them.

    A text is hard-wrapped when no line is longer than WRAP_MAX_WIDTH, at least two
    lines are long (half of that), and most long lines end mid-sentence (a text of
    one sentence a line ends them in "."). In such a text, a break is a wrap when
    its line fills at least 40% of the text's width (a shorter one is a heading
    or a table row), does not end a sentence or a
    heading (".!?:;"), and the next line starts at once (an indented line opens a
    paragraph). A text with no such breaks (every BBC body) costs one scan.
    """
    if "\n" not in text:
        return frozenset()
    lines = text.split("\n")
    width = max(map(len, lines))
    long = [line.rstrip() for line in lines[:-1] if len(line) >= WRAP_MAX_WIDTH // 2]
    if width > WRAP_MAX_WIDTH or len(long) < 2 or 2 * sum(line[-1] in ".!?:;" for line in long) >= len(long):
        return frozenset()
    found, pos = [], 0
    for line, following in pairwise(lines):
        pos += len(line)
        end = line.rstrip()
        if len(line) >= 0.4 * width and end and end[-1] not in ".!?:;" and following[:1].strip():
            found.append(pos)
        pos += 1
    return frozenset(found)


WRAP_MAX_WIDTH = 90


def unwrap(text: str) -> str:
    """`text` with its soft line wraps (`soft_wraps`) made spaces: same length, same offsets.

    The model reads a line break as a boundary, so it cut wrapped names in two."""
    wraps = soft_wraps(text)
    if not wraps:
        return text
    chars = list(text)
    for i in wraps:
        chars[i] = " "
    return "".join(chars)


def at_sentence_start(text: str, pos: int) -> bool:
    """True if `pos` starts a sentence, a line, or a quotation that starts one (a
    soft line wrap is no line start)."""
    i = pos - 1
    wraps = soft_wraps(text)
    while i >= 0 and (text[i] in _OPENING or (i in wraps)):
        i -= 1
    if i < 0 or text[i] in ".!?:\n":
        return True
    return text[i] in "”’" and i > 0 and text[i - 1] in ".!?"


def _is_shouted_word(word: str) -> bool:
    return word.isupper() and sum(map(str.isalpha, word)) >= 2


_RUN_RE = re.compile(r"[^\W_]+")  # a maximal run of letters and digits (`str.isalnum`)


def word_runs(text: str) -> dict[str, list[int]]:
    """Where each run of letters and digits of `text` starts, in order: for `find_words`."""
    runs: dict[str, list[int]] = {}
    for m in _RUN_RE.finditer(text):
        runs.setdefault(m.group(), []).append(m.start())
    return runs


def find_words(text: str, word: str, runs: dict[str, list[int]] | None = None) -> Iterator[int]:
    """Start offsets of `word` in `text` as a whole word: no letter, digit or hyphen
    touches it, nor an apostrophe and more letters ("Al" is not in "Al'aqsa", but
    "Henke" is in "Henke's").

    With `runs` (`word_runs(text)`), a word that starts with a letter or digit
    is looked for only where its first run of them stands in the text as a whole
    run, which a match needs: a rule looking for every name of an article then
    reads the text once, not once per name.
    """
    n = len(word)
    first = _RUN_RE.match(word) if runs is not None else None
    if first is not None and runs is not None:
        candidates = iter(runs.get(first.group(), ()))
        i = next(candidates, -1)
    else:
        candidates = None
        i = text.find(word)
    while i >= 0:
        if candidates is not None and not text.startswith(word, i):
            i = next(candidates, -1)
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + n] if i + n < len(text) else " "
        after2 = text[i + n + 1 : i + n + 3]
        if (
            not (before.isalnum() or before in "-_'’.")
            and not (after.isalnum() or after in "-_")
            and not (after in "'’" and len(after2) == 2 and after2.isalpha())
        ):
            yield i
        i = text.find(word, i + 1) if candidates is None else next(candidates, -1)


@lru_cache(maxsize=4)
def shouted_zones(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of SHOUTED runs: three or more all-capitals words in a row
    (punctuation and numbers in between do not break a run). Empty when most of the
    text is in capitals, since then capitals tell nothing."""
    if not _may_shout(_WORD_RE.findall(text)):
        return ()  # no three capitalised words in a row: the common case, found at C speed
    words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
    alpha = [w for w in words if any(c.isalpha() for c in w[2])]
    if not alpha or sum(_is_shouted_word(w[2]) for w in alpha) * 2 > len(alpha):
        return ()
    zones: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []
    for w in [*alpha, (len(text), len(text), "x")]:
        if _is_shouted_word(w[2]):
            run.append(w)
            continue
        if len(run) >= 3:
            zones.append((run[0][0], run[-1][1]))
        run = []
    return tuple(zones)


def _may_shout(words: list[str]) -> bool:
    """Whether three `isupper` words stand in a row (words without letters between
    them do not count): a run of shouted words needs that, so without it there is none."""
    run = 0
    for word, upper in zip(words, map(str.isupper, words), strict=True):
        if upper:
            run += 1
            if run == 3:
                return True
        elif run and any(c.isalpha() for c in word):
            run = 0
    return False


_NEXT_WORD_RE = re.compile(r"[ \t]+(\S+)")


def next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD_RE.match(text, pos)
    return m.group(1) if m else ""


@lru_cache(maxsize=4096)
def is_common_word(text: str, word: str) -> bool:
    """True if the text also writes `word` in lower case: then it is an ordinary word."""
    return next(find_words(text, word.lower()), None) is not None


def span_key(text: str, s: Span) -> str:
    """The key a span is grouped under: the one a rule tied it to, else its own text's."""
    return s.key or cn.canonical_key(text[s.start : s.end])
