"""How text becomes indexed words: words, lowercased, stop words out, Porter stems.

One definition shared by the index (each engine's analyzer calls it), the
query parser and the highlighter, so that what is highlighted is exactly what
the index matched, whatever engine holds the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .porter import stem as porter_stem

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
# Words of a person's name (the `author` field): lowercased, never stemmed, no stop words.
NAME_PATTERN = re.compile(r"\w+(\.?\w+)*")


@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    return porter_stem(word)


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stem) of every indexed word of `text`."""
    stops = STOP_WORDS
    for m in TOKEN_PATTERN.finditer(text):
        word = m.group().lower()
        if word not in stops:
            yield m.start(), m.end(), stem(word)


def stems(text: str) -> list[str]:
    """The indexed words of `text`, in order."""
    return [s for _start, _end, s in words(text)]


def name_words(text: str) -> list[str]:
    """The indexed words of a name field (`author`): lowercased, unstemmed."""
    return [m.group().lower() for m in NAME_PATTERN.finditer(text)]


def positions(text: str) -> dict[str, list[int]]:
    """Each stem of `text` with the positions of its words, in order of first appearance.

    What an engine stores as a word's positions, without making a token per
    word. Lowercasing ASCII text before matching finds the same words: ASCII
    case never changes which characters are word characters. Other text is
    lowercased word by word, as `words` does (a capital dotted I lowercases to
    two characters).
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
