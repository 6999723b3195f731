"""The entity mentions of one article, looked up by position.

Every attribution asks "which mentions lie in this phrase?"; scanning the whole list
each time made a long article with many quotations quadratic (a 560 KB text with
8,000 quotations took 17 s). Sorted starts and a bisection make each look-up cost
the size of its answer.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from index.models import Mention


class Mentions:
    """Mentions sorted by start; `within` finds those overlapping a span."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.all = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.all]
        self.longest = max((m.end - m.start for m in self.all), default=0)

    def within(self, start: int, end: int, label: str | None = None) -> list[Mention]:
        """Mentions overlapping start..end (of `label`, if given), in order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.all[lo:hi] if m.end > start and (label is None or m.label == label)]

    def outside(self, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        """The mentions that overlap none of `spans` (sorted, non-overlapping)."""
        starts = [s for s, _ in spans]
        out = []
        for m in self.all:
            i = bisect.bisect_left(starts, m.end) - 1  # the last span starting before m ends
            if i < 0 or spans[i][1] <= m.start:
                out.append(m)
        return out
