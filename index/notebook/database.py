"""The notebook database: one SQLite file per archive, safe against kills and concurrent writers.

WAL mode, `synchronous=FULL`, and every write one `BEGIN IMMEDIATE`
transaction: a process killed at any moment loses at most the action in
flight, and two processes writing at once wait for each other (a busy
timeout) instead of losing a write. A reader that finds no database writes
nothing and sees an empty notebook. A damaged or unwritable file is a
`NotebookError` (exit code 7) naming the file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self, TypeVar

from index.errors import NotebookError
from index.models import Filter

VERSION = 1
BUSY_TIMEOUT_S = 30.0
T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS marks(
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    starred INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'unread',
    updated REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tags(id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(id, tag));
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags(tag);
CREATE TABLE IF NOT EXISTS history(
    query TEXT NOT NULL, filters TEXT NOT NULL, sort TEXT NOT NULL, used REAL NOT NULL,
    PRIMARY KEY(query, filters, sort)
);
CREATE TABLE IF NOT EXISTS saved(
    name TEXT PRIMARY KEY, query TEXT NOT NULL, filters TEXT NOT NULL, sort TEXT NOT NULL,
    created REAL NOT NULL, last_run REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS seen(
    name TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY(name, scope, id)
);
"""


def filters_json(filters: Iterable[Filter]) -> str:
    return json.dumps([[f.field, f.value] for f in filters], ensure_ascii=False)


def filters_from(text: str) -> tuple[Filter, ...]:
    try:
        data = json.loads(text)
        return tuple(Filter(str(a), str(b)) for a, b in data)
    except (ValueError, TypeError):
        return ()


class Database:
    """The notebook's database: thread-safe (one connection, one lock), opened lazily."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None

    # -- connection ------------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        if not create and not self.path.exists():
            return None
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                db.close()
                raise NotebookError(
                    f"The notebook {self.path} was written by a newer Morgue (version {version}); "
                    "upgrade Morgue to use it."
                )
            if version < VERSION:
                db.execute("BEGIN IMMEDIATE")
                db.executescript(SCHEMA)  # executescript commits what is pending first
                db.execute(f"PRAGMA user_version={VERSION}")
        except NotebookError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise self._error(exc) from exc
        self._db = db
        return db

    def _error(self, exc: BaseException) -> NotebookError:
        text = str(exc)
        if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
            return NotebookError(
                f"The notebook {self.path} is damaged ({text}). Move it aside to start a new one; "
                "a copy exported with `morgue notebook export` can be read back with `morgue notebook import`."
            )
        return NotebookError(
            f"The notebook {self.path} cannot be written or read ({text}): check the folder's "
            "permissions and free space."
        )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is kept, or (killed, failed) none of it."""
        with self._lock:
            db = self._connect(create=True)
            assert db is not None
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            try:
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _read(self, fn: Callable[[sqlite3.Connection], T], empty: T) -> T:
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return empty
            try:
                return fn(db)
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

    def _run(self, write: Callable[[sqlite3.Connection], T]) -> T:
        try:
            with self._write() as db:
                return write(db)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    # -- the whole notebook (`transfer`) ---------------------------------------------

    def rows(self, table: str) -> list[dict[str, Any]]:
        def read(db: sqlite3.Connection) -> list[dict[str, Any]]:
            cursor = db.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]

        return self._read(read, [])

    def load_rows(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Rows merged in (a row with the same key replaced), all tables in one transaction."""

        def write(db: sqlite3.Connection) -> None:
            for table, rows in tables.items():
                for row in rows:
                    columns = ", ".join(row)
                    marks = ", ".join("?" for _ in row)
                    db.execute(
                        f"INSERT OR REPLACE INTO {table}({columns}) VALUES ({marks})", tuple(row.values())
                    )

        self._run(write)
