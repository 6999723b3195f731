"""A build collects garbage less often, and leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from index.build.collector import YOUNG_THRESHOLD, fewer_collections


def test_a_build_freezes_what_exists_and_collects_young_objects_less_often() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (max(before[0], YOUNG_THRESHOLD), *before[1:])


def test_the_collector_is_restored_after_a_build_even_one_that_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a build that fails")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_during_a_build_is_still_freed() -> None:
    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    with fewer_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a
        ids = {id(a), id(b)}
        del a, b
        gc.collect()
        assert not any(id(o) in ids for o in gc.get_objects() if isinstance(o, Node))
