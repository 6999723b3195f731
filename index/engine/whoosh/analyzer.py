"""Morgue's analysis (`index.text.analysis`) as a Whoosh analyzer.

Equivalent to Whoosh's `StemmingAnalyzer` with Morgue's stop list, in one
loop instead of a chain of generators: analysis was a third of build time.
The class is pickled into every index's TOC; moving or renaming it requires a
schema version bump, and its new name in the guard's allow-list
(`safe_pickle.ALLOWED`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token

from index.text.analysis import STOP_WORDS, TOKEN_PATTERN, positions, stem


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
