"""The user's notebook on an archive: history, saved searches, stars, tags, notes, review state.

One SQLite database per archive, in the archive's work folder
(`index.userdata.work_dir`), beside the index generations and never inside
them: a rebuild, a schema change or a deleted index never touches it.
Modules: `model` (the records), `store` (the database), `resolve` (the query
fields `tag:`, `is:`, `has:`), `export` (CSV, JSON Lines, Markdown),
`transfer` (the whole notebook as JSON).
"""

from __future__ import annotations

from pathlib import Path

from index.userdata import work_dir

FILENAME = "notebook.sqlite"


def notebook_path(archive: Path) -> Path:
    """Where the archive's notebook lives (not created here)."""
    return work_dir(archive) / FILENAME


__all__ = ["FILENAME", "notebook_path"]
