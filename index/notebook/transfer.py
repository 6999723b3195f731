"""The whole notebook as JSON, to move it to another machine or share it (`morgue notebook export/import`).

The JSON is an object: `{"morgue_notebook": 1, "marks": [...], "tags": [...],
"history": [...], "saved": [...]}`, each list the rows of its table. An
import merges: a row with the same key (article id, saved search name) is
replaced by the imported one.
"""

from __future__ import annotations

import json
from typing import Any

from index.errors import UsageError
from index.notebook.store import Notebook

FORMAT_VERSION = 1
TABLES: dict[str, tuple[str, ...]] = {
    "marks": ("id", "content_hash", "title", "starred", "note", "state", "updated"),
    "tags": ("id", "tag"),
    "history": ("query", "filters", "sort", "used"),
    "saved": ("name", "query", "filters", "sort", "created", "last_run"),
}


def dump(notebook: Notebook) -> dict[str, Any]:
    return {"morgue_notebook": FORMAT_VERSION, **{table: notebook.rows(table) for table in TABLES}}


def load(notebook: Notebook, text: str) -> dict[str, int]:
    """Merge an exported notebook in; returns how many rows of each kind were read."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"Not a notebook export (not JSON: {exc}).") from None
    if not isinstance(data, dict) or data.get("morgue_notebook") != FORMAT_VERSION:
        raise UsageError("Not a notebook export (`morgue notebook export` writes one).")
    tables: dict[str, list[dict[str, Any]]] = {}
    for table, columns in TABLES.items():
        rows = data.get(table, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise UsageError(f"Not a notebook export: {table!r} is not a list of rows.")
        tables[table] = [{c: r[c] for c in columns if c in r} for r in rows if columns[0] in r]
    notebook.load_rows(tables)
    return {table: len(rows) for table, rows in tables.items()}


__all__ = ["dump", "load"]
