"""The posting pool's patches: how a big build's writer sorts, spills and merges its postings.

Applied with the others by `patches.start()`; the reasons and figures for each are in
`patches`' docstring and tests/bench/RESULTS.md.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from whoosh import externalsort

from index.engine.whoosh import safe_pickle


def sort_postings(items: list[Any]) -> None:
    """Sort a pool's (field, term, docnum, weight, value) postings, as `list.sort()` would.

    A pool gets each (field, term)'s postings in ascending docnum order, at
    most one per document (`add_document` numbers documents as they come, and
    `add_reader`, merging segments, adds a term's postings in order with higher
    numbers), so a stable sort on the term and then on the field gives the same
    order as comparing whole tuples, in half the time.
    """
    items.sort(key=itemgetter(1))
    items.sort(key=itemgetter(0))


def pool_save(self: Any) -> None:
    """`PostingPool.save`: a run of sorted postings to disk, when the pool outgrows its memory."""
    if self.current:
        sort_postings(self.current)
        path, f = self._new_run()
        self._write_run(f, self.current)
        self._add_run(path)
        self.current = []
    self.currentsize = 0


RUN_CHUNK = 20_000  # postings pickled together in a run file


def pool_write_run(self: Any, f: Any, items: Iterable[Any]) -> None:
    """`SortingPool._write_run`, a chunk of postings to a pickle (protocol 4), not one each (protocol 2).

    A writer's pool spills runs to disk past `limitmb` (from ~10,000 BBC
    articles) and reads them back to merge them. One protocol-2 pickle per
    posting, whose positions (bytes) protocol 2 turns into latin-1 strings and
    back, was a large share of a big build; chunks of protocol 4 write and
    read an order of magnitude faster, at a third of the size. The runs are temporary files
    this process writes and reads, in the index folder: read through the guard.
    """
    source = iter(items)
    try:
        while chunk := list(islice(source, RUN_CHUNK)):
            pickle.dump(chunk, f, 4)
    finally:
        f.close()


def pool_read_run(self: Any, path: str) -> Iterator[Any]:
    """`SortingPool._read_run` for runs written by `_pool_write_run`; the file is removed after."""
    f = self._open_run(path)
    try:
        while True:
            try:
                chunk = safe_pickle.load(f)
            except EOFError:
                return
            yield from chunk
    finally:
        f.close()
        self._remove_run(path)


def pool_postings(self: Any) -> Any:
    """`PostingPool.iter_postings`: all the postings, sorted."""
    if self.runs:
        return externalsort.SortingPool.items(self)  # saves the rest (`_pool_save`), merges the runs
    items = list(self.current)
    sort_postings(items)
    return items
