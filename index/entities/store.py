"""The archive's corrections file as the CLI and the TUI edit it: add, undo, revert, pick a name.

Why one door: both front ends must edit the same file the open index reads
(`CuratedEngine.path`), refuse to overwrite a file that does not parse (a
hand edit is never lost), and have the index serve the change at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.entities.canonical import fold
from index.entities.corrections import Correction
from index.entities.curated_engine import CuratedEngine, curation_of
from index.entities.curation import (
    Curation,
    CurationError,
    load_curation,
    load_curation_or_empty,
    save_curation,
)
from index.errors import UsageError

if TYPE_CHECKING:
    from index.search import SearchIndex


@dataclass(frozen=True)
class Listed:
    """The corrections in force, where they live, and why they are ignored (a malformed file)."""

    path: Path
    corrections: tuple[Correction, ...]
    error: str = ""


class CurationStore:
    """The corrections of the archive `index` was built from."""

    def __init__(self, index: SearchIndex) -> None:
        curated = curation_of(index.engine)
        if curated is None or curated.path is None:
            raise UsageError("This index does not name its archive, so it has no corrections file.")
        self.index = index
        self.engine: CuratedEngine = curated
        self.path: Path = curated.path

    def listed(self) -> Listed:
        curation, error = load_curation_or_empty(self.path)
        return Listed(self.path, curation.corrections, str(error) if error else "")

    def _load(self) -> Curation:
        try:
            return load_curation(self.path)
        except CurationError as exc:
            raise unreadable(exc) from None

    def _save(self, curation: Curation) -> None:
        try:
            save_curation(curation, self.path, self.engine.archive)
        except CurationError as exc:
            raise unreadable(exc) from None
        except OSError as exc:
            raise UsageError(
                f"Cannot write the corrections file {self.path}: {exc.strerror or exc}."
            ) from None
        self.engine.applied()  # read back now: what the index serves from here on

    def add(self, correction: Correction) -> Correction:
        """Add one correction (replacing an older one of the same kind for the same name)."""
        if correction.kind == "merge" and fold(correction.name) == fold(correction.target):
            raise UsageError(
                f"{correction.name!r} and {correction.target!r} are the same name: nothing to merge."
            )
        if correction.kind == "rename" and correction.name == correction.target:
            raise UsageError(f"{correction.name!r} is already called that: nothing to rename.")
        try:
            curation = self._load().add(correction)
        except CurationError as exc:
            raise UsageError(str(exc)) from None
        self._save(curation)
        return curation.corrections[-1]

    def unhide(self, name: str, label: str | None = None) -> bool:
        """Show a hidden entity again; False when it was not hidden."""
        curation = self._load()
        after = curation.unhide(name, label)
        if after == curation:
            return False
        self._save(after)
        return True

    def undo_last(self) -> Correction | None:
        """Remove the last correction made; None when there is none."""
        curation = self._load()
        if not curation.corrections:
            return None
        self._save(curation.undo_last())
        return curation.corrections[-1]

    def revert(self, position: int) -> Correction:
        """Remove the correction at `position` (0-based, in the order they were made)."""
        curation = self._load()
        if not 0 <= position < len(curation.corrections):
            raise UsageError(f"There is no correction number {position + 1}.")
        kept = curation.corrections[:position] + curation.corrections[position + 1 :]
        self._save(Curation(kept))
        return curation.corrections[position]

    def names(self, group: str, text: str = "", limit: int = 20, exclude: str = "") -> list[str]:
        """Names of `group` for a picker: the archive's most frequent, or those like `text` (fuzzy:
        every word typed starts a word of the name, or the name is close to it)."""
        counts = self.index.engine.value_counts(None, group, None)
        skip = fold(exclude)
        names = [c.value for c in counts if fold(c.value) != skip]
        wanted = fold(text)
        if not wanted:
            return names[:limit]
        words = wanted.split()
        starts = [n for n in names if all(any(w.startswith(t) for w in fold(n).split()) for t in words)]
        inside = [n for n in names if wanted in fold(n) and n not in starts]
        close = difflib.get_close_matches(wanted, [fold(n) for n in names[:5000]], n=limit, cutoff=0.7)
        by_fold = {fold(n): n for n in names}
        out: list[str] = []
        for n in [*starts, *inside, *(by_fold[c] for c in close)]:
            if n not in out:
                out.append(n)
        return out[:limit]


def unreadable(exc: CurationError) -> UsageError:
    """A malformed file's error, the line first (a status line shows the start of it)."""
    reason = str(exc).removeprefix(f"{exc.path}: ") if exc.path else str(exc)
    return UsageError(f"Corrections file: {reason} (in {exc.path}; it is left as it is: fix it by hand)")
