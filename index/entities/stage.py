"""The entity stage of a build: the cache first, the model only for what it lacks.

Loading spaCy is slow and takes much memory, so it is loaded only when the
cache (keyed by the body's sha1 and the engine's name) misses; a rebuild of
unchanged content, or a duplicate body under another title, never runs it.

Extractions are streamed: the model's worker processes run while the main
process writes the documents they have finished, so a build costs roughly
max(extraction, writing) rather than their sum. When the cache is cold (a
first build), `early_workers` starts those processes before the archive is
read, and they load the model meanwhile.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from pathlib import Path

from index.entities.cache import EntityCache
from index.entities.extent import ner_text
from index.entities.extractor import Extractor, SpacyExtractor, load_extractor
from index.entities.model import chosen_model, engine_description
from index.entities.workers import ModelWorkers, WorkerModelError, can_fork
from index.failpoints import failpoint
from index.models import Extraction, Progress
from index.store.generations import CACHE

# Below this many bodies, forking a second spaCy process costs more than it saves.
PARALLEL_NER_THRESHOLD = 200
# Batches of 32 (the extractor's cap) rather than 16: the build with the model is
# faster, each model process peaking higher (figures: tests/bench/RESULTS.md).
# Workers that no longer carry the main process's pages (`ModelWorkers`) more
# than pay for it.
BATCH_SIZE = 32
CACHE_FLUSH = 256
LOOKUP_CHUNK = 256


def body_key(body: str) -> str:
    """The cache key of a body's extraction: the sha1 of what extraction reads of it.

    The whole body, unless it is huge: then its bounded prefix (`extent`), so
    that an extraction of a whole huge body, cached by an older Morgue, is
    never served as one of the prefix.
    """
    return hashlib.sha1(ner_text(body).encode("utf-8", "surrogatepass")).hexdigest()


def early_workers(index_dir: Path, ner_model: str | None, procs: int, files: int) -> ModelWorkers | None:
    """Model workers to start before a build reads its `files`, when the model will surely run.

    Surely: a spaCy model is installed, and the cache lacks entries for at least
    `PARALLEL_NER_THRESHOLD` of the files (a first build, or a new model). A
    rebuild of unchanged content finds its entries cached and starts none. The
    guess can still be wrong (files that turn out to be duplicates or skipped):
    the build then ends the workers unused before it writes, each having spent
    seconds of CPU loading the model.
    """
    if procs < 2 or files < PARALLEL_NER_THRESHOLD or not can_fork():
        return None
    model = chosen_model(ner_model)
    if model is None:
        return None
    with EntityCache(index_dir / CACHE) as cache:
        if files - cache.count(engine_description(ner_model)) < PARALLEL_NER_THRESHOLD:
            return None
    try:
        return ModelWorkers(model, procs)
    except OSError:  # no processes to be had (a limit, memory): the build loads the model later, as before
        return None


class EntityStage:
    def __init__(
        self,
        index_dir: Path,
        ner_model: str | None,
        procs: int,
        tick: Callable[[Progress], None],
        workers: ModelWorkers | None = None,
    ) -> None:
        self.cache_path = index_dir / CACHE
        self.ner_model = ner_model
        self.procs = procs
        self.tick = tick
        self.engine = engine_description(ner_model)
        self.workers = workers

    def will_run_model(self, keys: Sequence[str]) -> bool:
        """Whether the model will run on enough bodies (by `body_key`) to occupy every core."""
        distinct = set(keys)
        if len(distinct) < PARALLEL_NER_THRESHOLD:
            return False
        with EntityCache(self.cache_path) as cache:
            return len(distinct - cache.cached(distinct, self.engine)) >= PARALLEL_NER_THRESHOLD

    def stream(
        self, bodies: Sequence[str], keys: Sequence[str] | None = None
    ) -> Iterator[tuple[int, Extraction]]:
        """(position in `bodies`, extraction): cached ones as they are looked up, the rest as the model yields.

        Looked up a chunk at a time, so the writer starts on the first chunk
        instead of waiting for the whole archive's cache entries.
        """
        keys = keys if keys is not None else [body_key(b) for b in bodies]
        missing: dict[str, list[int]] = {}  # uncached body key -> every position needing it
        with EntityCache(self.cache_path) as cache:
            for lo in range(0, len(keys), LOOKUP_CHUNK):
                chunk = keys[lo : lo + LOOKUP_CHUNK]
                found = cache.get_many(chunk, self.engine)
                for i, key in enumerate(chunk, lo):
                    if key in found:
                        yield i, found[key]
                    else:
                        missing.setdefault(key, []).append(i)
            if not missing:
                self.close_workers()
                return
            n_process = self.procs if len(missing) >= PARALLEL_NER_THRESHOLD else 1
            extractor = self._on_workers(n_process) or load_extractor(self.ner_model)
            while True:
                if extractor.name != self.engine:
                    # The model did not load as predicted (a broken install): the fallback's own
                    # cache entries still serve. Those already yielded came from the cache too.
                    self.engine = extractor.name
                    found = cache.get_many(list(missing), self.engine)
                    for key in [k for k in missing if k in found]:
                        for i in missing.pop(key):
                            yield i, found[key]
                    if not missing:
                        return
                texts = [bodies[positions[0]] for positions in missing.values()]
                results = extractor.extract_many(texts, n_process=n_process, batch_size=BATCH_SIZE)
                try:
                    first = next(results)  # a model the workers could not load fails here
                except WorkerModelError:
                    self.close_workers()
                    extractor = load_extractor(self.ner_model)  # says why, if it fails here too
                    continue
                break
            fresh: dict[str, Extraction] = {}
            pairs = zip(missing.items(), chain([first], results), strict=True)
            for n, ((key, positions), extraction) in enumerate(pairs, 1):
                fresh[key] = extraction
                if n == 1:
                    failpoint("entities.mid-model")
                for i in positions:
                    yield i, extraction
                if n % 25 == 0 or n == len(missing):
                    self.tick(Progress("entities", n, len(missing)))
                if len(fresh) >= CACHE_FLUSH:
                    cache.put_many(fresh, self.engine)
                    fresh = {}
            cache.put_many(fresh, self.engine)
            self.close_workers()

    def _on_workers(self, n_process: int) -> Extractor | None:
        """The extractor on the early workers, if there are some and enough bodies for them."""
        if self.workers is None:
            return None
        if n_process < 2:
            self.close_workers()  # too few bodies: one process does, in the main process
            return None
        return SpacyExtractor(None, self.engine, workers=self.workers)

    def close_workers(self) -> None:
        if self.workers is not None:
            self.workers.close()
            self.workers = None
