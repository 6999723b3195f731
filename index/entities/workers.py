"""The NER model in worker processes that send back only the entity spans.

spaCy's own `nlp.pipe(n_process=N)` ships every finished `Doc` back whole:
serialised in the worker, rebuilt token by token in the main process, which
then reads three numbers per entity from it: milliseconds an article in the
main process, on a machine whose cores the model already fills. These
workers send back (start, end, label) triples.

Workers are forked with the loaded model (no second load, its memory shared
until written), at most `2 * n` batches are in flight so that the texts are
not all copied into the queue at once, and each worker asks the kernel to end
it when the main process dies. Off Linux (no fork, or a fork unsafe with the
system's libraries, as on macOS) spaCy's own multiprocessing runs instead.
A first build instead starts `ModelWorkers` before it reads the archive,
which load the model themselves meanwhile (see there why).

The NER is decoded by `beam_parse` with a beam of one, which is the greedy
decoding `nlp.pipe` runs (the best valid move at each step) by another road:
spaCy 3.8's compiled greedy loop runs without the GIL, but the state method it
calls for every move's validity (`StateC::B_`, ~100 calls a token) takes the
GIL back and drops it again each time (Cython 3's exception check), a large
share of the model's time. The beam loop keeps the GIL, so the same check
costs nothing. The entities are the same but for near-ties in the model's
scores, which the two loops' float arithmetic (BLIS in one, numpy in the
other) can break differently: a handful in the BBC articles and the CoNLL
development set (figures: tests/bench/RESULTS.md). A model trained with a
wider beam keeps its own decoding.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from index.entities.extent import estimated_tokens
from index.lifelines import die_with_parent

Triple = tuple[int, int, str]

_nlp: Any = None  # the model, in a worker
_load_error = ""  # why a worker that loads the model itself has none


class WorkerModelError(RuntimeError):
    """The workers could not load the model themselves (the message says why)."""


def can_fork() -> bool:
    """Whether this process may fork model workers: on Linux (fork is unsafe with
    macOS's system libraries), and not from a daemon process, which may not."""
    return sys.platform.startswith("linux") and not multiprocessing.current_process().daemon


def spans(nlp: Any, pieces: Iterable[str], *, n_process: int, batch_size: int) -> Iterator[list[Triple]]:
    """The model's entities for each piece, in order."""
    if n_process <= 1:
        yield from (_triples(doc) for doc in docs(nlp, pieces, batch_size))
        return
    if not sys.platform.startswith("linux"):
        yield from (_triples(doc) for doc in nlp.pipe(pieces, batch_size=batch_size, n_process=n_process))
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process, initializer=_start, initargs=(nlp, os.getpid())) as pool:
        yield from _pooled(pool, n_process, pieces, batch_size)


class ModelWorkers:
    """Model processes forked before the archive is read, each loading the model itself.

    A first build otherwise reads the archive, then loads spaCy in the main
    process (seconds, the other core idle), then forks the workers from it.
    These load the model while the main process reads, and the main process
    never imports spaCy. Forked from a process that holds no articles yet,
    they do not carry its pages either, which on a large archive is a large
    share of each worker's resident set. A model that fails to load raises
    `WorkerModelError` at the first batch, and the caller falls back.
    """

    def __init__(self, model: str, n_process: int) -> None:
        self.model = model
        self.n_process = n_process
        context = multiprocessing.get_context("fork")
        self._pool: Any = context.Pool(n_process, initializer=_start_loading, initargs=(model, os.getpid()))

    def spans(self, pieces: Iterable[str], *, batch_size: int) -> Iterator[list[Triple]]:
        """The model's entities for each piece, in order."""
        if self._pool is None:
            raise WorkerModelError("the model workers were closed")
        yield from _pooled(self._pool, self.n_process, pieces, batch_size)

    def close(self) -> None:
        """End the workers (they hold the model's memory). Safe to call twice."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def _pooled(pool: Any, n_process: int, pieces: Iterable[str], batch_size: int) -> Iterator[list[Triple]]:
    """Batches handed to `pool`, at most `2 * n_process` in flight so that the texts
    are not all copied into its queue at once; results in order."""
    source = iter(pieces)
    in_flight: deque[Any] = deque()
    while True:
        while len(in_flight) < 2 * n_process and (batch := list(islice(source, batch_size))):
            in_flight.append(pool.apply_async(_run, (batch, batch_size)))
        if not in_flight:
            return
        yield from in_flight.popleft().get()


# A batch also closes at about this many tokens: the model's memory grows with a batch's tokens,
# and 32 pieces of a huge article (20,000 characters each) took 1.6 GB, where 32 news articles
# take a few hundred MB (figures: tests/bench/RESULTS.md). A batch of news articles rarely
# reaches it.
BATCH_TOKENS = 32_000


def batches(texts: Iterable[str], batch_size: int, max_tokens: int = BATCH_TOKENS) -> Iterator[list[str]]:
    """`texts` in batches of `batch_size`, each closed early at about `max_tokens` tokens
    (`extent.estimated_tokens`; at least one text a batch)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        tokens = estimated_tokens(text)
        if batch and (len(batch) >= batch_size or size + tokens > max_tokens):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += tokens
    if batch:
        yield batch


def docs(nlp: Any, texts: Iterable[str], batch_size: int) -> Iterator[Any]:
    """`nlp.pipe(texts)`, its NER decoded by a beam of one (see the module's docstring)."""
    ner = _greedy_ner(nlp)
    if ner is None:
        for batch in batches(texts, batch_size):
            yield from nlp.pipe(batch, batch_size=batch_size)
        return
    for batch in batches(texts, batch_size):
        made = [nlp.make_doc(text) for text in batch]
        for _name, proc in nlp.pipeline:
            if proc is not ner:
                pipe = getattr(proc, "pipe", None)
                made = list(pipe(made, batch_size=batch_size)) if pipe else [proc(doc) for doc in made]
            elif any(len(doc) for doc in made):  # nothing to decode in empty texts
                ner.set_annotations(made, ner.beam_parse(made, beam_width=1, beam_density=0.0))
        yield from made


def _greedy_ner(nlp: Any) -> Any:
    """The pipeline's NER if it decodes greedily (a beam width of one), else None."""
    if "ner" not in nlp.pipe_names:
        return None
    ner = nlp.get_pipe("ner")
    greedy = getattr(ner, "cfg", {}).get("beam_width", 1) == 1
    return ner if greedy and hasattr(ner, "beam_parse") and hasattr(ner, "set_annotations") else None


def _triples(doc: Any) -> list[Triple]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _start(nlp: Any, parent: int) -> None:
    global _nlp
    die_with_parent(parent)
    _keep_arrays_in_heap()
    _nlp = nlp


def _start_loading(model: str, parent: int) -> None:
    """A `ModelWorkers` process: load the model here. A failure must not raise (the
    pool would start a new worker, which would fail again, forever): it is kept,
    and each batch then reports it."""
    global _nlp, _load_error
    die_with_parent(parent)
    _keep_arrays_in_heap()
    try:
        from index.entities.model import load_ner_model  # spaCy is imported here, in the worker

        _nlp = load_ner_model(model)
    except Exception as exc:  # a broken or incompatible model
        _load_error = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]


def _keep_arrays_in_heap() -> None:
    """Let a worker reuse the memory of the model's large arrays from batch to batch.

    By default glibc maps each allocation over 128 KB afresh and unmaps it when
    freed, so the kernel zeroes every page of a batch's activations again, a few
    per cent of a worker's time. Up to 64 MB they now come from the heap, which keeps up to 128 MB
    free at its top. Only in the workers, which end with the build; elsewhere
    (another C library) nothing changes.
    """
    import ctypes  # only in a worker

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 64 << 20)
    mallopt(_M_TRIM_THRESHOLD, 128 << 20)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def _run(batch: list[str], batch_size: int) -> list[list[Triple]]:
    if _nlp is None:
        raise WorkerModelError(_load_error or "the model did not load")
    return [_triples(doc) for doc in docs(_nlp, batch, batch_size)]
