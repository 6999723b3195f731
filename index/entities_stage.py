"""The entity stage of a build: the cache first, the model only for what it lacks.

Loading spaCy costs most of a second and ~140 MB, so it is loaded only when the
cache (keyed by the body's sha1 and the engine's name) misses; a rebuild of
unchanged content, or a duplicate body under another title, never runs it.

Extractions are streamed: the model's worker processes run while the main
process writes the documents they have finished, so a build costs roughly
max(extraction, writing) rather than their sum.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .entities import engine_description, load_extractor
from .entity_cache import EntityCache
from .models import Extraction, Progress
from .storage import CACHE

# Below this many bodies, forking a second spaCy process costs more than it saves.
PARALLEL_NER_THRESHOLD = 200
# Batches of 32 (the extractor's cap) run the model ~8 % faster, but each model
# process peaks ~130 MB higher: a BBC build's peak RSS went from ~910 MB to
# ~1,180 MB for no wall time that two same-minute runs could show.
BATCH_SIZE = 16
CACHE_FLUSH = 256
LOOKUP_CHUNK = 256


def body_key(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()


class EntityStage:
    def __init__(
        self, index_dir: Path, ner_model: str | None, procs: int, tick: Callable[[Progress], None]
    ) -> None:
        self.cache_path = index_dir / CACHE
        self.ner_model = ner_model
        self.procs = procs
        self.tick = tick
        self.engine = engine_description(ner_model)

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
        instead of waiting for the whole archive's cache entries (~0.5 s on BBC).
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
                return
            extractor = load_extractor(self.ner_model)
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
            n_process = self.procs if len(texts) >= PARALLEL_NER_THRESHOLD else 1
            results = extractor.extract_many(texts, n_process=n_process, batch_size=BATCH_SIZE)
            fresh: dict[str, Extraction] = {}
            for n, ((key, positions), extraction) in enumerate(zip(missing.items(), results, strict=True), 1):
                fresh[key] = extraction
                for i in positions:
                    yield i, extraction
                if n % 25 == 0 or n == len(missing):
                    self.tick(Progress("entities", n, len(missing)))
                if len(fresh) >= CACHE_FLUSH:
                    cache.put_many(fresh, self.engine)
                    fresh = {}
            cache.put_many(fresh, self.engine)
