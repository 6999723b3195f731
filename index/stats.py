"""Archive-wide figures: for `morgue stats`, and the TUI's overview screen."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from index.entities.curated_engine import curation_of
from index.fields import ENTITY_FIELDS, TOP_ENTITIES
from index.ingest.path_dates import DATE_SOURCES
from index.models import Count, Stats
from index.notebook import notebook_path
from index.query.syntax import Term
from index.search import SearchIndex
from index.store.generations import SCHEMA_VERSION, Meta, dir_size


def index_stats(index: SearchIndex, *, top: int = TOP_ENTITIES) -> Stats:
    gen = index.generation
    assert gen is not None
    try:
        meta = Meta.read(gen)
    except (OSError, ValueError):  # deleted or replaced under an open index: it still answers
        meta = Meta(SCHEMA_VERSION, "", 0.0, 0.0, "")
    engine = index.engine
    first, last = engine.date_range()
    return Stats(
        docs=engine.doc_count(),
        first_date=first,
        last_date=last,
        sections=engine.value_counts(None, "section", None),
        sources=engine.value_counts(None, "source", None),
        size_bytes=dir_size(gen),
        last_update=datetime.fromtimestamp(meta.updated) if meta.updated else None,
        schema_version=SCHEMA_VERSION,
        index_path=str(index.index_dir),
        archive_path=meta.archive,
        ner_engine=meta.ner_engine,
        top_entities={f: engine.value_counts(None, f, top) for f in ENTITY_FIELDS},
        search_engine=engine.name,
        dated_by=_dated_by(index) if first is not None else {},
        notebook_path=str(notebook_path(Path(meta.archive))) if meta.archive else "",
        **_curation(engine),
    )


def _dated_by(index: SearchIndex) -> dict[str, int]:
    """Dated articles by where their date was stated; sources with none are left out."""
    engine = index.engine
    counts = {source: engine.count(Term("date_source", source)) for source in DATE_SOURCES}
    return {source: n for source, n in counts.items() if n}


def _curation(engine: object) -> dict[str, str]:
    curated = curation_of(engine)
    if curated is None or curated.path is None:
        return {}
    curated.applied()
    return {"curation_path": str(curated.path), "curation_error": str(curated.error or "")}


def entity_counts(index: SearchIndex, group: str | None, limit: int) -> list[tuple[str, Count]]:
    """The archive's most frequent entities, by document count: (group, Count)."""
    engine = index.engine
    groups = [group] if group else list(ENTITY_FIELDS)
    rows = [(g, c) for g in groups for c in engine.value_counts(None, g, limit)]
    rows.sort(key=lambda r: (-r[1].count, r[1].value))
    return rows[:limit]
