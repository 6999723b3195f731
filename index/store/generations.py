"""The on-disk layout of an index directory, and atomic swaps.

    <index dir>/
        CURRENT              name of the live generation (replaced atomically)
        morgue.lock          the writer's process id; the lock is on the folder (`lock`)
        entity-cache.sqlite  entities by body hash, shared by all generations
        gen-<stamp>/         a Whoosh index + meta.json + manifest.json (+ the sidecars:
                             names.json, vocab.tsv, overview.json, copies.bin,
                             versions.json, entities.json)
        gen-<stamp>.tmp/     a rebuild or an update in progress (never read)

Every run that changes the index writes a new generation and only then points
CURRENT at it, so a run that is killed or fails leaves the live index as it
was, and the engine's files and the sidecars (the manifest above all, which
later updates trust) always change together. A rebuild writes its generation
from nothing; an update starts from a copy of the live one (`fork_generation`:
the engine's write-once files hard-linked, the rest copied). One process writes
at a time (`writer_lock`, in `lock`).

Every file here is read bounded (`index.files`): CURRENT and meta.json are a
few bytes, read up to a small limit; the sidecars grow with the archive, so
theirs is a generous floor plus twice the engine's own files (`sidecar_limit`).
Anything larger, or not a regular file, is damage, never read whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import CorruptIndexError, IndexMissingError, SchemaVersionError
from index.failpoints import failpoint
from index.files import read_bounded
from index.store.lock import LOCK as LOCK  # the lock lives in `lock`; importable from here as before
from index.store.lock import writer_lock as writer_lock

# Bump whenever a field, analyzer or stored layout of the schema (`schema.py`)
# changes: an index of another version is refused with "run morgue index --rebuild".
SCHEMA_VERSION = 4  # 4: date sources, quotations, copy groups (this round)

CURRENT = "CURRENT"
CACHE = "entity-cache.sqlite"
META = "meta.json"
MANIFEST = "manifest.json"
NAMES = "names.json"
VOCAB = "vocab.tsv"
OVERVIEW = "overview.json"
COPIES = "copies.bin"  # near-duplicate groups (`index.copies.store`)
VERSIONS = "versions.json"  # earlier texts of updated articles (`index.store.versions`)
ENTITIES = "entities.json"  # the entity table and its resolution (`index.entities.table`)
ALIASES = "aliases.json"  # the resolution alone: what a reader loads (`index.entities.table`)
SIDECARS = frozenset(
    {META, MANIFEST, NAMES, VOCAB, OVERVIEW, COPIES, VERSIONS, ENTITIES, ALIASES}
)  # Morgue's own files in a generation
GEN_PREFIX = "gen-"

CURRENT_MAX = 256  # bytes: a generation's name and a newline are 30
META_MAX = 64 * 1024  # bytes: six fields
SIDECAR_FLOOR = 64 * 1024 * 1024  # bytes a sidecar may hold whatever the index's size (half a million skips)
SIDECAR_RATIO = 2  # ... plus this many times the engine's files (BBC: manifest, vocabulary 1/25 each)


@dataclass(frozen=True)
class Meta:
    schema_version: int
    archive: str
    created: float
    updated: float
    ner_engine: str
    search_engine: str = "whoosh"  # which engine wrote the generation (`index.engine.ENGINES`)

    @classmethod
    def read(cls, gen_dir: Path) -> Meta:
        """The generation's metadata; OSError or ValueError (never another error) when it is damaged."""
        data = json.loads(read_bounded(gen_dir / META, META_MAX).decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{META} holds {type(data).__name__}, not an object")
        try:
            return cls(
                schema_version=int(data.get("schema_version", 0)),
                archive=str(data.get("archive", "")),
                created=float(data.get("created", 0.0)),
                updated=float(data.get("updated", 0.0)),
                ner_engine=str(data.get("ner_engine", "")),
                search_engine=str(data.get("search_engine", "whoosh")),
            )
        except (TypeError, OverflowError) as exc:  # int([]), float("inf") as an int: a damaged field
            raise ValueError(f"{META} has a field of the wrong type ({exc})") from exc

    def write(self, gen_dir: Path) -> None:
        write_json_atomic(gen_dir / META, self.__dict__)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write, fsync, then rename: a reader sees the old file or the new one, never half."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        # `dumps` encodes in C; `dump` to a file runs Python's own encoder, six times slower on
        # the entity table (a build waits for it after the engine's commit).
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()  # a full disk leaves no half-written file behind
        raise


def current_generation(index_dir: Path) -> Path | None:
    """The live generation directory, or None when no index has been built."""
    try:
        name = read_bounded(index_dir / CURRENT, CURRENT_MAX).decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None  # missing, or damaged (a FIFO, a link, too large): `require_generation` tells which
    if not name or "/" in name or not name.startswith(GEN_PREFIX):
        return None
    gen = index_dir / name
    return gen if gen.is_dir() else None


def require_generation(index_dir: Path) -> Path:
    """The live generation, checked for schema version; raises a user-facing error otherwise."""
    gen = current_generation(index_dir)
    if gen is None and os.path.lexists(index_dir / CURRENT):
        raise CorruptIndexError(
            f"The index at {index_dir} is damaged (its {CURRENT} pointer names no generation). "
            "Run `morgue index --rebuild`."
        )
    if gen is None:
        raise IndexMissingError(
            f"No index at {index_dir}. Build it with `morgue index` (or `morgue index --rebuild`)."
        )
    try:
        meta = Meta.read(gen)
    except (OSError, ValueError) as exc:
        raise SchemaVersionError(
            f"The index at {index_dir} has no readable metadata ({exc}). Run `morgue index --rebuild`."
        ) from exc
    if meta.schema_version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"The index at {index_dir} uses schema version {meta.schema_version}; this Morgue "
            f"needs version {SCHEMA_VERSION}. Run `morgue index --rebuild`."
        )
    return gen


def sidecar_limit(gen: Path) -> int:
    """The most bytes a sidecar file of `gen` may hold: the floor, plus twice the engine's files.

    A sidecar grows with the archive (a line of the manifest per file, of the
    vocabulary per word), so no fixed limit fits every archive; the engine's
    own files grow with it too, and faster. A sidecar past this is damage.
    """
    engine_bytes = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(gen):
            if entry.name not in SIDECARS and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    engine_bytes += entry.stat(follow_symlinks=False).st_size
    return SIDECAR_FLOOR + SIDECAR_RATIO * engine_bytes


def new_generation_dir(index_dir: Path) -> Path:
    """A new unfinished generation folder, named by when it was started (UTC, one clock read),
    so that names sort in the order generations were made (`clean_leftovers` relies on it)."""
    ns = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(ns // 1_000_000_000)) + f"-{ns % 1_000_000_000:09d}"
    tmp = index_dir / f"{GEN_PREFIX}{stamp}.tmp"
    tmp.mkdir(parents=True)
    return tmp


def fork_generation(index_dir: Path, live: Path, immutable: Callable[[str], bool]) -> Path:
    """A new unfinished generation holding what `live` holds, for an update to write into.

    Files the engine never rewrites (`immutable(name)`: Whoosh's segments, ~all
    of the bytes) are hard-linked, so the copy costs a few small files whatever
    the archive's size; the others (the engine's table of contents, the
    sidecars) are copied, so writing them never touches `live`, which readers
    keep using until the swap. Where hard links are refused, files are copied.
    """
    tmp = new_generation_dir(index_dir)
    try:
        for entry in os.scandir(live):
            if not entry.is_file(follow_symlinks=False):
                continue  # an engine's temporary folder, which a finished generation never needs
            target = tmp / entry.name
            if immutable(entry.name):
                try:
                    os.link(entry.path, target)
                    continue
                except OSError:
                    pass  # a file system without hard links, or a link limit: copy instead
            shutil.copyfile(entry.path, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def publish_generation(index_dir: Path, tmp_dir: Path) -> Path:
    """Rename a finished build into place and switch CURRENT to it, atomically."""
    final = tmp_dir.with_name(tmp_dir.name.removesuffix(".tmp"))
    os.replace(tmp_dir, final)
    _fsync_dir(index_dir)
    failpoint("publish.mid-swap")
    _clear_damaged_pointer(index_dir)
    pointer = index_dir / (CURRENT + ".tmp")
    try:
        with open(pointer, "w", encoding="utf-8") as fh:
            fh.write(final.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(pointer, index_dir / CURRENT)
    except BaseException:  # not swapped in: back to an unfinished build, which the caller removes
        with contextlib.suppress(OSError):
            pointer.unlink()
        with contextlib.suppress(OSError):
            os.replace(final, tmp_dir)
        raise
    _fsync_dir(index_dir)
    return final


def _clear_damaged_pointer(index_dir: Path) -> None:
    """Remove a CURRENT that is a folder: the new pointer cannot replace one (any other file it can)."""
    path = index_dir / CURRENT
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)


def clean_stale(index_dir: Path, keep_previous: Path | None = None) -> None:
    """Remove what killed or superseded runs left: unfinished builds and old generations.

    The generation replaced by the last swap is kept (a TUI may still be reading
    it); anything older goes.
    """
    live = current_generation(index_dir)
    keep = {p.name for p in (live, keep_previous) if p is not None}
    for child in index_dir.iterdir():
        if not child.name.startswith(GEN_PREFIX) or child.name in keep:
            continue
        if child.name.endswith(".tmp") or child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        (index_dir / (CURRENT + ".tmp")).unlink()


def clean_leftovers(index_dir: Path) -> None:
    """Remove what killed runs left, keeping the live generation and the one it replaced.

    Left behind: unfinished generations, a generation renamed into place whose
    CURRENT switch never came (newer than the live one), and generations a
    killed run never got to remove (older than the one before the live one).
    The one before the live one stays: a reader may still be on it. Generation
    names sort by the time they were started.
    """
    live = current_generation(index_dir)
    earlier = [g for g in previous_generations(index_dir) if live is None or g.name < live.name]
    clean_stale(index_dir, keep_previous=earlier[-1] if earlier else None)


def previous_generations(index_dir: Path) -> list[Path]:
    live = current_generation(index_dir)
    gens = [
        p
        for p in index_dir.iterdir()
        if p.is_dir() and p.name.startswith(GEN_PREFIX) and not p.name.endswith(".tmp")
    ]
    return sorted((g for g in gens if g != live), key=lambda p: p.name)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def dir_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return total
