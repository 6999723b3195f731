"""What the index holds, file by file, so that an update touches only what changed.

For each archive file: its size and mtime (the cheap check), the sha1 of its
bytes (the sure check, done only when the cheap one fails), and the articles it
gave (id, content hash). Files that were skipped are remembered with their
reason, so that a no-op run still reports them without reading them again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import CorruptIndexError
from index.files import read_bounded
from index.store.generations import MANIFEST, sidecar_limit, write_json_atomic


@dataclass
class FileEntry:
    size: int
    mtime_ns: int
    sha1: str
    articles: list[tuple[str, str]] = field(default_factory=list)  # (article id, content hash)
    skipped: str = ""  # reason, when the whole file was skipped
    record_skips: list[tuple[str, str]] = field(default_factory=list)  # (path#n, reason)


@dataclass
class Manifest:
    files: dict[str, FileEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, gen_dir: Path) -> Manifest:
        try:
            raw = json.loads(read_bounded(gen_dir / MANIFEST, sidecar_limit(gen_dir)).decode("utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise _damaged(gen_dir, exc) from exc
        try:
            return cls(files=_entries(raw))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise _damaged(gen_dir, exc) from exc

    def save(self, gen_dir: Path) -> None:
        data = {
            "files": {
                rel: {
                    "size": e.size,
                    "mtime_ns": e.mtime_ns,
                    "sha1": e.sha1,
                    "articles": e.articles,
                    "skipped": e.skipped,
                    "record_skips": e.record_skips,
                }
                for rel, e in sorted(self.files.items())
            }
        }
        write_json_atomic(gen_dir / MANIFEST, data)

    def hash_groups(self) -> dict[str, list[str]]:
        """content hash -> ids of every article with that content (exact duplicates)."""
        groups: dict[str, list[str]] = {}
        for entry in self.files.values():
            for article_id, chash in entry.articles:
                groups.setdefault(chash, []).append(article_id)
        for ids in groups.values():
            ids.sort()
        return groups

    def file_of(self) -> dict[str, str]:
        """article id -> the archive-relative path of the file that holds it."""
        return {aid: rel for rel, e in self.files.items() for aid, _h in e.articles}


def _entries(raw: Any) -> dict[str, FileEntry]:
    return {
        str(rel): FileEntry(
            size=int(e["size"]),
            mtime_ns=int(e["mtime_ns"]),
            sha1=str(e["sha1"]),
            articles=[(str(a), str(h)) for a, h in e.get("articles", [])],
            skipped=str(e.get("skipped", "")),
            record_skips=[(str(p), str(r)) for p, r in e.get("record_skips", [])],
        )
        for rel, e in raw.get("files", {}).items()
    }


def _damaged(gen_dir: Path, exc: Exception) -> CorruptIndexError:
    return CorruptIndexError(
        f"The index at {gen_dir.parent} is damaged (its {MANIFEST} is unreadable: {exc}). "
        "Run `morgue index --rebuild`."
    )
