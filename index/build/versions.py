"""The build's versions step: the text an updated article had, read from the live generation.

An update asks for the ids it is about to replace (`earlier_versions`). A
rebuild carries the previous generation's history forward (`carried_versions`):
the history of every article still in the archive, plus the text each one had
if its content changed since that generation was written. The changed ids are
found by comparing the previous manifest's content hashes with the new ones,
so only those articles are read from the previous engine. The previous
generation may be of another schema, damaged, or absent: whatever cannot be
read gives no history, never an error, because a rebuild is the cure for a
damaged index and must not be stopped by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from index.engine import open_engine
from index.errors import CorruptIndexError
from index.ingest.base import content_hash
from index.models import Article
from index.store.generations import Meta
from index.store.manifest import Manifest
from index.store.versions import Version, load_versions


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


def carried_versions(
    previous: Path | None, index_dir: Path, articles: Mapping[str, Article], when: float
) -> dict[str, list[Version]]:
    """A rebuild's history: the previous generation's for the ids in `articles`, plus the texts they replace."""
    if previous is None:
        return {}
    history = {aid: vs for aid, vs in load_versions(previous).items() if aid in articles}
    try:
        before = Manifest.load(previous)
    except CorruptIndexError:
        return history
    old = {aid: chash for entry in before.files.values() for aid, chash in entry.articles}
    changed = {
        aid: a.content_hash for aid, a in articles.items() if aid in old and old[aid] != a.content_hash
    }
    for aid, version in _stored_texts(previous, index_dir, changed, when).items():
        history[aid] = [*history.get(aid, []), version]
    return history


def _stored_texts(
    previous: Path, index_dir: Path, changed: dict[str, str], when: float
) -> dict[str, Version]:
    """id -> its text in `previous`, for the `changed` ids whose stored text truly differs; {} when unreadable.

    The hash is recomputed from the stored text: a schema that hashed
    differently would otherwise make every article look edited.
    """
    if not changed:
        return {}
    try:
        search_engine = Meta.read(previous).search_engine
        stored = earlier_versions(previous, index_dir, search_engine, changed, when)
    except Exception:  # an older or damaged generation: a rebuild goes on without its texts
        return {}
    return {aid: v for aid, v in stored.items() if content_hash(v.title, v.body) != changed[aid]}
