"""The NER model in worker processes that send back only the entity spans.

spaCy's own `nlp.pipe(n_process=N)` ships every finished `Doc` back whole:
serialised in the worker, rebuilt token by token in the main process, which
then reads three numbers per entity from it. On BBC that cost the main process
~5 ms an article, on a machine whose cores the model already fills. These
workers send back (start, end, label) triples.

Workers are forked with the loaded model (no second load, its memory shared
until written), at most `2 * n` batches are in flight so that the texts are
not all copied into the queue at once, and each worker asks the kernel to end
it when the main process dies. Off Linux (no fork, or a fork unsafe with the
system's libraries, as on macOS) spaCy's own multiprocessing runs instead.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from .lifelines import die_with_parent

Triple = tuple[int, int, str]

_nlp: Any = None  # the model, in a worker


def spans(nlp: Any, pieces: Iterable[str], *, n_process: int, batch_size: int) -> Iterator[list[Triple]]:
    """The model's entities for each piece, in order."""
    if n_process <= 1:
        yield from (_triples(doc) for doc in nlp.pipe(pieces, batch_size=batch_size))
        return
    if not sys.platform.startswith("linux"):  # fork is unsafe with macOS's system libraries
        yield from (_triples(doc) for doc in nlp.pipe(pieces, batch_size=batch_size, n_process=n_process))
        return
    context = multiprocessing.get_context("fork")
    source = iter(pieces)
    with context.Pool(n_process, initializer=_start, initargs=(nlp, os.getpid())) as pool:
        in_flight: deque[Any] = deque()
        while True:
            while len(in_flight) < 2 * n_process and (batch := list(islice(source, batch_size))):
                in_flight.append(pool.apply_async(_run, (batch, batch_size)))
            if not in_flight:
                return
            yield from in_flight.popleft().get()


def _triples(doc: Any) -> list[Triple]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _start(nlp: Any, parent: int) -> None:
    global _nlp
    die_with_parent(parent)
    _nlp = nlp


def _run(batch: list[str], batch_size: int) -> list[list[Triple]]:
    return [_triples(doc) for doc in _nlp.pipe(batch, batch_size=batch_size)]
