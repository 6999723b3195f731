"""Folding names to their identity key, and the word lists built from folded words.

Its own module so that the name lexicons (`wordlists`) and the alias rules
(`canonical`) can both use it without importing each other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE_RE = re.compile(r"\s+")
QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
POSSESSIVE_RE = re.compile(r"\s?'s$|(?<=s)'$", re.IGNORECASE)
LEADING_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)


def normalise_space(name: str) -> str:
    """Collapse runs of whitespace (newlines included) to one space, and trim."""
    return _SPACE_RE.sub(" ", name).strip()


@lru_cache(maxsize=1 << 16)  # the same names come up in every article: ~1/4 of the rules' time
def fold(name: str) -> str:
    """The identity key of a name: what two spellings must share to be one entity.

    NFKC, curly quotes made straight, whitespace collapsed, case folded, a
    leading "the" and a trailing possessive dropped. "The  BBC's" -> "bbc".
    """
    text = unicodedata.normalize("NFKC", name).translate(QUOTES)
    text = normalise_space(text)
    text = POSSESSIVE_RE.sub("", text)
    text = LEADING_THE_RE.sub("", text)
    return text.casefold()


def lexicon(block: str) -> frozenset[str]:
    """A folded word list written with entries separated by "|" and line breaks."""
    return frozenset(fold(w) for line in block.strip().splitlines() for w in line.split("|"))
