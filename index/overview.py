"""The archive's figures saved beside each generation, so a reader can show them at once.

The TUI's first screen is the archive overview. Computing it needs Whoosh, the
searcher and the facet map (a noticeable pause, longer on a big archive); reading it back from `overview.json` needs three small files and no
Whoosh at all. The writer saves it after every build or update that changed the
index; a reader trusts it only while it belongs to the live generation and was
made at the generation's last update (`meta.json`'s `updated`), so a stale
snapshot is never shown: the reader then falls back to computing the figures.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from index.errors import MorgueError
from index.files import read_bounded
from index.models import Count, Stats
from index.store.generations import (
    OVERVIEW,
    SCHEMA_VERSION,
    Meta,
    current_generation,
    sidecar_limit,
    write_json_atomic,
)


def save_overview(index_dir: Path, *, unchanged: bool = False) -> None:
    """Save the live generation's figures in it; called by the writer, under its lock.

    `unchanged` (an update that changed no article) re-dates the saved figures
    instead of computing them again, keeping a no-op update cheap. Best effort:
    the index is already committed, so a failure here (a full disk) must not
    turn a good build into an error; readers then compute the figures.
    """
    with contextlib.suppress(MorgueError, OSError, ValueError, KeyError, TypeError):
        gen = current_generation(index_dir)
        if gen is None:
            return
        meta = Meta.read(gen)
        data = _redated(gen, meta) if unchanged else None
        if data is None:
            from index.search import SearchIndex  # the writer has Whoosh loaded already
            from index.stats import index_stats

            with SearchIndex(index_dir) as index:
                data = _to_json(index_stats(index))
        write_json_atomic(gen / OVERVIEW, {"updated": meta.updated, "stats": data})


def _redated(gen: Path, meta: Meta) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = _load(gen)["stats"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none saved yet (an index from an older Morgue): compute it
    data["last_update"] = _when(datetime.fromtimestamp(meta.updated))
    return data


def read_overview(index_dir: Path) -> Stats | None:
    """The live generation's saved figures, or None when missing, stale or unreadable."""
    gen = current_generation(index_dir)
    if gen is None:
        return None
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):  # any shape
        meta = Meta.read(gen)
        data = _load(gen)
        if meta.schema_version != SCHEMA_VERSION or data.get("updated") != meta.updated:
            return None
        return _with_user_paths(replace(_from_json(data["stats"]), index_path=str(index_dir)))
    return None


def _with_user_paths(stats: Stats) -> Stats:
    """The user's own files are named as they are now, not as at the build: another
    `MORGUE_USER_DATA` (or `MORGUE_CURATION`) moves them without a rebuild."""
    if not stats.archive_path:
        return stats
    from index.entities.curation import curation_path_for
    from index.notebook import notebook_path

    archive = Path(stats.archive_path)
    return replace(
        stats,
        notebook_path=str(notebook_path(archive)),
        curation_path=str(curation_path_for(archive)),
    )


def _load(gen: Path) -> Any:
    return json.loads(read_bounded(gen / OVERVIEW, sidecar_limit(gen)).decode("utf-8"))


def _to_json(stats: Stats) -> dict[str, Any]:
    def counts(items: tuple[Count, ...]) -> list[list[Any]]:
        return [[c.value, c.count] for c in items]

    when = _when
    return {
        "docs": stats.docs,
        "first_date": when(stats.first_date),
        "last_date": when(stats.last_date),
        "sections": counts(stats.sections),
        "sources": counts(stats.sources),
        "size_bytes": stats.size_bytes,
        "last_update": when(stats.last_update),
        "schema_version": stats.schema_version,
        "archive_path": stats.archive_path,
        "ner_engine": stats.ner_engine,
        "search_engine": stats.search_engine,
        "top_entities": {group: counts(items) for group, items in stats.top_entities.items()},
        "dated_by": stats.dated_by,
    }


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _from_json(data: dict[str, Any]) -> Stats:
    def counts(items: list[list[Any]]) -> tuple[Count, ...]:
        return tuple(Count(str(value), int(count)) for value, count in items)

    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return Stats(
        docs=int(data["docs"]),
        first_date=when(data["first_date"]),
        last_date=when(data["last_date"]),
        sections=counts(data["sections"]),
        sources=counts(data["sources"]),
        size_bytes=int(data["size_bytes"]),
        last_update=when(data["last_update"]),
        schema_version=int(data["schema_version"]),
        index_path="",
        archive_path=str(data["archive_path"]),
        ner_engine=str(data["ner_engine"]),
        search_engine=str(data.get("search_engine", "")),
        top_entities={str(g): counts(items) for g, items in data["top_entities"].items()},
        dated_by={str(k): int(v) for k, v in dict(data.get("dated_by") or {}).items()},
    )
