"""The engine door (`protocol`): the only way into the search engine that holds the postings.

`open_engine` and `engine_writer` choose the engine by name; each generation
records the engine that wrote it (`meta.json`'s `search_engine`), and a build
writes with `BuildOptions.search_engine`. Today there is one, Whoosh
(`index.engine.whoosh`), imported only here and only when first needed: a
command that never searches never loads it.

A second engine adds `index/engine/<name>/` with a `SearchEngine` and an
`EngineWriter` (`protocol`), registers them below, and must pass the suite
that every engine runs (`tests/test_search_queries.py` and
`tests/test_engine_contract.py`, parametrized over `ENGINES`).
"""

from __future__ import annotations

from pathlib import Path

from index.engine.protocol import EngineWriter, Indexed, Ranked, Record, SearchEngine
from index.errors import SchemaVersionError

DEFAULT_ENGINE = "whoosh"
ENGINES = ("whoosh",)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "EngineWriter",
    "Indexed",
    "Ranked",
    "Record",
    "SearchEngine",
    "engine_writer",
    "open_engine",
]


def open_engine(gen: Path, index_dir: Path, name: str = DEFAULT_ENGINE) -> SearchEngine:
    """An engine serving the generation `gen` of the index at `index_dir`."""
    _known(name, index_dir)
    from index.engine.whoosh.searcher import WhooshEngine

    return WhooshEngine(gen, index_dir)


def engine_writer(name: str = DEFAULT_ENGINE) -> EngineWriter:
    _known(name, None)
    from index.engine.whoosh.writer import WhooshWriter

    return WhooshWriter()


def _known(name: str, index_dir: Path | None) -> None:
    if name not in ENGINES:
        where = f"The index at {index_dir} was written by" if index_dir else "Unknown search engine"
        raise SchemaVersionError(
            f"{where} {name!r}; this Morgue has {', '.join(ENGINES)}. Run `morgue index --rebuild`."
        )
