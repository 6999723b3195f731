"""The notebook of one archive: its marks on articles, with the searches (`searches`) and the database (`database`).

WAL mode, `synchronous=FULL`, and every write one `BEGIN IMMEDIATE`
transaction (`database`): a process killed at any moment loses at most the
action in flight, and two processes writing at once wait for each other.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Any

from index.notebook.model import STATES, Mark, state_named
from index.notebook.searches import Searches


class Notebook(Searches):
    """The notebook of one archive; thread-safe, opened lazily (a reader of no file writes none)."""

    # -- marks -------------------------------------------------------------------

    def mark(self, doc_id: str) -> Mark:
        return self._read(lambda db: _mark(db, doc_id), None) or Mark(doc_id)

    def marks(self, ids: Iterable[str] | None = None) -> dict[str, Mark]:
        """Every non-empty mark (or those of `ids`), by article id."""
        wanted = None if ids is None else set(ids)

        def read(db: sqlite3.Connection) -> dict[str, Mark]:
            tags: dict[str, list[str]] = {}
            for doc_id, tag in db.execute("SELECT id, tag FROM tags ORDER BY tag"):
                if wanted is None or doc_id in wanted:
                    tags.setdefault(doc_id, []).append(tag)
            out: dict[str, Mark] = {}
            for row in db.execute("SELECT * FROM marks ORDER BY updated DESC"):
                if wanted is None or row[0] in wanted:
                    mark = _row_mark(row, tuple(tags.get(row[0], ())))
                    if not mark.empty or wanted is not None:
                        out[mark.id] = mark
            return out

        return self._read(read, {})

    def update(
        self,
        doc_id: str,
        *,
        content_hash: str | None = None,
        title: str | None = None,
        starred: bool | None = None,
        note: str | None = None,
        state: str | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
    ) -> Mark:
        """Change one article's marks, in one transaction; returns them as they now are."""
        if state is not None and state not in STATES:
            raise ValueError(f"unknown review state {state!r}")

        def write(db: sqlite3.Connection) -> Mark:
            db.execute("INSERT OR IGNORE INTO marks(id) VALUES (?)", (doc_id,))
            sets: dict[str, Any] = {"updated": time.time()}
            for column, value in (
                ("content_hash", content_hash),
                ("title", title),
                ("starred", None if starred is None else int(starred)),
                ("note", note),
                ("state", state),
            ):
                if value is not None:
                    sets[column] = value
            assignments = ", ".join(f"{c} = ?" for c in sets)
            db.execute(f"UPDATE marks SET {assignments} WHERE id = ?", (*sets.values(), doc_id))
            for tag in add_tags:
                if clean := clean_tag(tag):
                    db.execute("INSERT OR IGNORE INTO tags(id, tag) VALUES (?, ?)", (doc_id, clean))
            for tag in remove_tags:
                db.execute("DELETE FROM tags WHERE id = ? AND tag = ?", (doc_id, clean_tag(tag)))
            mark = _mark(db, doc_id)
            assert mark is not None
            return mark

        return self._run(write)

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use, with how many articles carry it, most used first."""
        return self._read(
            lambda db: [
                (str(t), int(n))
                for t, n in db.execute("SELECT tag, COUNT(*) FROM tags GROUP BY tag ORDER BY 2 DESC, 1")
            ],
            [],
        )

    def ids_where(self, field: str, value: str) -> tuple[frozenset[str], bool]:
        """The ids a query field names (`tag:x`, `is:starred`, `has:note`), and whether to exclude them.

        `is:unread` is every article *not* marked otherwise: the ids returned are
        those with another state, to exclude.
        """

        def read(db: sqlite3.Connection) -> tuple[frozenset[str], bool]:
            if field == "tag":
                rows = db.execute("SELECT id, tag FROM tags")
                return frozenset(i for i, t in rows if fnmatchcase(t, value)), False
            if field == "has":
                if value in ("note", "notes"):
                    return frozenset(i for (i,) in db.execute("SELECT id FROM marks WHERE note != ''")), False
                if value in ("tag", "tags"):
                    return frozenset(i for (i,) in db.execute("SELECT DISTINCT id FROM tags")), False
                return frozenset(), False
            if value in ("starred", "star"):
                return frozenset(i for (i,) in db.execute("SELECT id FROM marks WHERE starred")), False
            state = state_named(value)
            if state == "unread":
                rows = db.execute("SELECT id FROM marks WHERE state != 'unread'")
                return frozenset(i for (i,) in rows), True
            if state is not None:
                rows = db.execute("SELECT id FROM marks WHERE state = ?", (state,))
                return frozenset(i for (i,) in rows), False
            return frozenset(), False

        nothing: frozenset[str] = frozenset()
        return self._read(read, (nothing, field == "is" and state_named(value) == "unread"))


def clean_tag(tag: str) -> str:
    """A tag as stored: lowercased, spaces made one, commas out (it is typed as `tag:` in a query)."""
    return " ".join(tag.replace(",", " ").split()).lower()


def _mark(db: sqlite3.Connection, doc_id: str) -> Mark | None:
    row = db.execute("SELECT * FROM marks WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    tags = tuple(t for (t,) in db.execute("SELECT tag FROM tags WHERE id = ? ORDER BY tag", (doc_id,)))
    return _row_mark(row, tags)


def _row_mark(row: tuple[Any, ...], tags: tuple[str, ...]) -> Mark:
    doc_id, chash, title, starred, note, state, updated = row
    return Mark(
        str(doc_id), str(chash), str(title), bool(starred), tags, str(note), str(state), float(updated)
    )


__all__ = ["Notebook", "clean_tag"]
