"""The notebook's memory of searches: the history (de-duplicated, capped) and the saved searches."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from index.models import Filter
from index.notebook.database import Database, filters_from, filters_json
from index.notebook.model import HISTORY_CAP, HistoryEntry, SavedSearch


class Searches(Database):
    """History and saved searches, over the notebook's database."""

    # -- history -----------------------------------------------------------------

    def remember(self, query: str, filters: tuple[Filter, ...] = (), sort: str = "relevance") -> None:
        """A search run: first in the history (once: a repeat moves up), the oldest beyond the cap dropped."""
        if not query.strip() and not filters:
            return

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT OR REPLACE INTO history(query, filters, sort, used) VALUES (?, ?, ?, ?)",
                (query, filters_json(filters), sort, time.time()),
            )
            db.execute(
                "DELETE FROM history WHERE rowid NOT IN "
                "(SELECT rowid FROM history ORDER BY used DESC LIMIT ?)",
                (HISTORY_CAP,),
            )

        self._run(write)

    def history(self, limit: int = HISTORY_CAP) -> list[HistoryEntry]:
        """The searches run, the latest first."""
        return self._read(
            lambda db: [
                HistoryEntry(q, filters_from(f), s, u)
                for q, f, s, u in db.execute(
                    "SELECT query, filters, sort, used FROM history ORDER BY used DESC LIMIT ?", (limit,)
                )
            ],
            [],
        )

    # -- saved searches ------------------------------------------------------------

    def save(
        self, name: str, query: str, filters: tuple[Filter, ...] = (), sort: str = "relevance"
    ) -> SavedSearch:
        """Save (or replace) a search under a name."""

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT OR REPLACE INTO saved(name, query, filters, sort, created, last_run) "
                "VALUES (?, ?, ?, ?, ?, 0)",
                (name, query, filters_json(filters), sort, time.time()),
            )
            db.execute("DELETE FROM seen WHERE name = ?", (name,))

        self._run(write)
        saved = self.saved(name)
        assert saved is not None
        return saved

    def saved(self, name: str) -> SavedSearch | None:
        none: list[tuple[Any, ...]] = []
        rows = self._read(lambda db: list(db.execute("SELECT * FROM saved WHERE name = ?", (name,))), none)
        return _saved(rows[0]) if rows else None

    def saved_searches(self) -> list[SavedSearch]:
        return self._read(lambda db: [_saved(r) for r in db.execute("SELECT * FROM saved ORDER BY name")], [])

    def remove_saved(self, name: str) -> bool:
        def write(db: sqlite3.Connection) -> bool:
            db.execute("DELETE FROM seen WHERE name = ?", (name,))
            return db.execute("DELETE FROM saved WHERE name = ?", (name,)).rowcount > 0

        return self._run(write)

    def rename_saved(self, old: str, new: str) -> bool:
        """False when `old` does not exist; a NotebookError-free ValueError when `new` does."""

        def write(db: sqlite3.Connection) -> bool:
            if db.execute("SELECT 1 FROM saved WHERE name = ?", (new,)).fetchone():
                raise ValueError(f"A saved search named {new!r} exists already.")
            if not db.execute("UPDATE saved SET name = ? WHERE name = ?", (new, old)).rowcount:
                return False
            db.execute("UPDATE seen SET name = ? WHERE name = ?", (new, old))
            return True

        return self._run(write)

    def seen(self, name: str, scope: str) -> frozenset[str]:
        """The result ids recorded the last time the saved search ran in this scope ("cli", "tui")."""
        return self._read(
            lambda db: frozenset(
                i for (i,) in db.execute("SELECT id FROM seen WHERE name = ? AND scope = ?", (name, scope))
            ),
            frozenset(),
        )

    def record_seen(self, name: str, scope: str, ids: Iterable[str]) -> None:
        """The saved search's results now, in place of the last ones (one transaction)."""
        ids = list(ids)

        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM seen WHERE name = ? AND scope = ?", (name, scope))
            db.executemany(
                "INSERT OR IGNORE INTO seen(name, scope, id) VALUES (?, ?, ?)",
                ((name, scope, i) for i in ids),
            )
            db.execute("UPDATE saved SET last_run = ? WHERE name = ?", (time.time(), name))

        self._run(write)


def _saved(row: tuple[Any, ...]) -> SavedSearch:
    name, query, filters, sort, created, last_run = row
    return SavedSearch(
        str(name), str(query), filters_from(filters), str(sort), float(created), float(last_run)
    )
