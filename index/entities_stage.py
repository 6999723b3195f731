"""The entity stage of a build: the cache first, the model only for what it lacks.

Loading spaCy costs most of a second and ~140 MB, so it is loaded only when the
cache (keyed by the body's sha1 and the engine's name) misses; a rebuild of
unchanged content, or a duplicate body under another title, never runs it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from .entities import engine_description, load_extractor
from .entity_cache import EntityCache
from .models import Extraction, Progress
from .storage import CACHE

# Below this many bodies, forking a second spaCy process costs more than it saves.
PARALLEL_NER_THRESHOLD = 200
BATCH_SIZE = 64


def body_key(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()


def extract_entities(
    bodies: Sequence[str],
    index_dir: Path,
    ner_model: str | None,
    procs: int,
    tick: Callable[[Progress], None],
) -> tuple[dict[str, Extraction], str]:
    """Extractions keyed by body sha1, and the name of the engine that made them."""
    unique = {body_key(b): b for b in bodies}
    engine = engine_description(ner_model)
    with EntityCache(index_dir / CACHE) as cache:
        found = cache.get_many(list(unique), engine)
        missing = [k for k in unique if k not in found]
        if not missing:
            return found, engine
        extractor = load_extractor(ner_model)
        if extractor.name != engine:
            engine = extractor.name
            found = cache.get_many(list(unique), engine)
            missing = [k for k in unique if k not in found]
        n_process = procs if len(missing) >= PARALLEL_NER_THRESHOLD else 1
        fresh: dict[str, Extraction] = {}
        texts = [unique[k] for k in missing]
        for n, (key, extraction) in enumerate(
            zip(
                missing,
                extractor.extract_many(texts, n_process=n_process, batch_size=BATCH_SIZE),
                strict=True,
            ),
            1,
        ):
            fresh[key] = extraction
            if n % 25 == 0 or n == len(missing):
                tick(Progress("entities", n, len(missing)))
            if len(fresh) >= 500:
                cache.put_many(fresh, engine)
                found.update(fresh)
                fresh = {}
        cache.put_many(fresh, engine)
        found.update(fresh)
    return found, engine
