"""The text analyzer: words, lowercased, stop words out, Porter stems.

Equivalent to Whoosh's `StemmingAnalyzer` with Morgue's stop list, in one
loop instead of a chain of generators: analysis was a third of build time.
The same `words()` feeds the highlighter, so what is highlighted is exactly
what the index matched. The class is pickled into every index's TOC; moving
or renaming it requires a schema version bump.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, Token
from whoosh.lang.porter import stem as porter_stem

# News words that Whoosh's default stop list would drop ("US", "Theresa May",
# "Will Smith", "IT") stay searchable.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "have",
        "if",
        "in",
        "is",
        "not",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "when",
        "with",
        "you",
        "your",
        "we",
    }
)
TOKEN_PATTERN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    return str(porter_stem(word))


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stem) of every indexed word of `text`."""
    stops = STOP_WORDS
    for m in TOKEN_PATTERN.finditer(text):
        word = m.group().lower()
        if word not in stops:
            yield m.start(), m.end(), stem(word)


def positions(text: str) -> dict[str, list[int]]:
    """Each stem of `text` with the positions of its words, in order of first appearance.

    What Whoosh's `Positions.word_values` builds from this analyzer's tokens
    (`whoosh_patches` uses it when indexing), without making a token per word.
    Lowercasing ASCII text before matching finds the same words: ASCII case
    never changes which characters are word characters. Other text is lowercased word by word, as
    the analyzer does (a capital dotted I lowercases to two characters).
    """
    found = (
        TOKEN_PATTERN.findall(text.lower())
        if text.isascii()
        else [w.lower() for w in TOKEN_PATTERN.findall(text)]
    )
    out: dict[str, list[int]] = {}
    get = out.get
    stops = STOP_WORDS
    pos = 0
    for word in found:
        if word in stops:
            continue
        key = stem(word)
        at = get(key)
        if at is None:
            out[key] = [pos]
        else:
            at.append(pos)
        pos += 1
    return out


class NewsAnalyzer(Analyzer):  # type: ignore[misc]
    def positions(self, value: str) -> dict[str, list[int]]:
        return positions(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewsAnalyzer)

    def __hash__(self) -> int:
        return hash(NewsAnalyzer)

    def has_morph(self) -> bool:
        return True

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            t.original = value
            t.text = stem(value.lower())
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        stops = STOP_WORDS if removestops else frozenset()
        for m in TOKEN_PATTERN.finditer(value):
            word = m.group().lower()
            if word in stops:
                continue
            if keeporiginal:
                t.original = m.group()
            t.text = stem(word)
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t
