"""Fewer garbage collections while a build runs.

A build's main process makes millions of small objects (spans, mentions,
postings) and keeps many of them to the end, so CPython's collector, which
scans after every 700 new containers, ran young collections by the thousand
and full ones by the ten, each full one walking every object the process
holds, imported modules included: a visible share of the CPU of the process
the build waits on (figures: tests/bench/RESULTS.md). During a build
the objects that already exist are frozen (never scanned again) and young
collections come after `YOUNG_THRESHOLD` new containers; both are restored
afterwards. Nothing here changes what is freed, only how often the collector
looks: reference counting frees almost everything a build makes, and a
collection still runs, just less often.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 20_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Freeze the objects that exist, and collect young objects less often, until the block ends."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(old[0], YOUNG_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()
