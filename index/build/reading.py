"""Reading archive files into articles and manifest entries, for both build paths."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.files import open_regular
from index.ingest import SourceFile, path_of, read_source
from index.models import Article, Progress, Skip
from index.store.manifest import FileEntry, Manifest

from .options import ProgressFn


@dataclass
class Read:
    entries: dict[str, FileEntry]
    articles: dict[str, Article]
    skips: list[Skip]


def read_files(sources: Sequence[SourceFile], tick: ProgressFn) -> Read:
    entries: dict[str, FileEntry] = {}
    articles: dict[str, Article] = {}
    skips: list[Skip] = []
    total = len(sources)
    for n, src in enumerate(sources, 1):
        entry = FileEntry(size=src.size, mtime_ns=src.mtime_ns, sha1=file_sha1(src.path))
        items = read_source(src)
        for item in items:
            if isinstance(item, Skip):
                if item.path == src.rel:
                    entry.skipped = item.reason
                else:
                    entry.record_skips.append((item.path, item.reason))
                skips.append(item)
            else:
                articles[item.id] = item
                entry.articles.append((item.id, item.content_hash))
        entries[src.rel] = entry
        if n % 50 == 0 or n == total:
            tick(Progress("read", n, total, src.rel))
    return Read(entries, articles, skips)


def file_sha1(path: Path) -> str:
    digest = hashlib.sha1()
    try:
        with open_regular(path, follow_symlinks=True) as fh:  # a file swapped for a FIFO never blocks
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def manifest_skips(manifest: Manifest) -> list[Skip]:
    out: list[Skip] = []
    for rel, entry in manifest.files.items():
        if entry.skipped:
            out.append(Skip(rel, entry.skipped))
        out.extend(Skip(p, r) for p, r in entry.record_skips)
    return out


def reread(archive: Path, rel: str, article_id: str, manifest: Manifest) -> Article | None:
    """One article of an unchanged file, read again (it became the kept copy of its group)."""
    entry = manifest.files[rel]
    src = SourceFile(path=path_of(archive, rel), rel=rel, size=entry.size, mtime_ns=entry.mtime_ns)
    for item in read_source(src):
        if isinstance(item, Article) and item.id == article_id:
            return item
    return None
