"""The update's versions step: the text an updated article had, read from the live generation."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from index.engine import open_engine
from index.store.versions import Version


def earlier_versions(
    live: Path, index_dir: Path, search_engine: str, ids: Iterable[str], when: float
) -> dict[str, Version]:
    """id -> its stored text in `live`, for the ids an update is about to replace (none: no engine opened)."""
    wanted = list(ids)
    if not wanted:
        return {}
    found: dict[str, Version] = {}
    engine = open_engine(live, index_dir, search_engine)
    try:
        for article_id in wanted:
            stored = engine.article(article_id)
            if stored is not None:  # an exact duplicate is stored under its group's kept id only
                found[article_id] = Version(stored.title, stored.body, stored.date, when)
    finally:
        engine.close()
    return found
