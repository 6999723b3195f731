"""Earlier versions of re-indexed articles (`versions.json`), so that stealth edits stay visible.

When an update re-reads a file whose article kept its id but changed its
text, the text it had (title, body, date, and when it was replaced) is kept
here, newest last, at most `KEEP` per article. The file is a sidecar of the
generation: an update's fork copies it, so it is carried forward, and it is
written before the swap like the manifest, so a killed update keeps the old
file with the old generation. An article that is removed takes its history
with it. A rebuild carries the previous generation's history forward and
adds the texts it replaces (`index.build.versions.carried_versions`), written
into its new generation before the swap.

Read bounded, as JSON only, and checked field by field: an index folder is
untrusted, and a damaged file reads as no history rather than an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from index.files import read_bounded
from index.store.generations import VERSIONS, sidecar_limit, write_json_atomic

KEEP = 20  # versions kept per article: the newest


@dataclass(frozen=True)
class Version:
    """An article's text as it was before an update replaced it."""

    title: str
    body: str
    date: datetime | None
    replaced: float  # when the update that replaced it ran (seconds since the epoch)


def load_versions(gen: Path) -> dict[str, list[Version]]:
    """Every article's earlier versions, oldest first; {} when there is no file, or a damaged one."""
    try:
        raw = json.loads(read_bounded(gen / VERSIONS, sidecar_limit(gen)).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, list[Version]] = {}
    for article_id, items in raw.items():
        if isinstance(items, list):
            found = [v for v in (_version(item) for item in items) if v is not None]
            if found:
                out[str(article_id)] = found[-KEEP:]
    return out


def versions_of(gen: Path, article_id: str) -> list[Version]:
    return load_versions(gen).get(article_id, [])


def record_versions(gen: Path, replaced: dict[str, Version], gone: set[str]) -> None:
    """Add `replaced` (id -> the text it had) to the generation's history; forget the `gone` ids."""
    if not replaced and not gone:
        return
    history = load_versions(gen)
    for article_id in gone:
        history.pop(article_id, None)
    for article_id, version in replaced.items():
        history.setdefault(article_id, []).append(version)
    save_versions(gen, history)


def save_versions(gen: Path, history: dict[str, list[Version]]) -> None:
    """Write `history` (id -> versions, oldest first; the newest `KEEP` of each) as the generation's file."""
    kept = {k: [_raw(v) for v in vs[-KEEP:]] for k, vs in history.items() if vs}
    if kept or (gen / VERSIONS).exists():
        write_json_atomic(gen / VERSIONS, kept)


def _raw(v: Version) -> dict[str, Any]:
    return {
        "title": v.title,
        "body": v.body,
        "date": v.date.isoformat() if v.date else None,
        "replaced": v.replaced,
    }


def _version(item: Any) -> Version | None:
    if not isinstance(item, dict):
        return None
    title, body, date, replaced = (item.get(k) for k in ("title", "body", "date", "replaced"))
    if not isinstance(title, str) or not isinstance(body, str) or not isinstance(replaced, int | float):
        return None
    when: datetime | None = None
    if isinstance(date, str):
        try:
            when = datetime.fromisoformat(date)
        except ValueError:
            when = None
    return Version(title, body, when, float(replaced))
