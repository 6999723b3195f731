"""Fixes to Whoosh 2.7 that Morgue depends on, applied once on import.

`W3PerDocReader._cached_reader` caches the column reader of a field's lengths
but not its absence: for every posting of a field without stored lengths
(spelling and unscored keyword fields) it asks the file system whether the
column file exists. Building the BBC archive made 780,000 such `stat` calls,
a quarter of the build's time. The patch caches the negative answer too; a
segment's files never change after they are written, so it cannot go stale.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    readers = self._readers
    reader = readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader


apply()
