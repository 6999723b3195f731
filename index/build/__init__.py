"""Building and updating the index: full rebuilds and incremental updates.

A rebuild writes a fresh generation beside the live one (see
`index.store.generations`) and swaps it in only once it is complete. An update
reads only the files whose size/mtime changed *and* whose bytes changed, and
writes them into a copy of the live generation that is swapped in the same way
(`update` says why and what it costs), so a run killed at any moment leaves the
index and its manifest in step.

Exact duplicates (same normalised title and body) are indexed once: the
article with the smallest id is kept, and the paths of the others are stored on
it. Every change recomputes the affected duplicate groups, so deleting the kept
copy promotes the next one.

The package: `options` (what a build is asked), `reading` (archive files into
articles), `documents` (the stream the engine writes), `rebuild` and `update`
(the two paths), `collector` (fewer garbage collections while either runs).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from index.errors import IndexNotWritableError, UsageError
from index.models import IndexReport
from index.store.generations import current_generation, require_generation, writer_lock

from .collector import fewer_collections
from .options import BuildOptions, ProgressFn
from .rebuild import rebuild as _rebuild
from .update import update as _update

__all__ = ["BuildOptions", "ProgressFn", "update_index"]

_DEFAULTS = BuildOptions()  # frozen: one shared default is safe


def update_index(
    archive: Path,
    index_dir: Path,
    *,
    paths: Sequence[Path] | None = None,
    rebuild: bool = False,
    options: BuildOptions = _DEFAULTS,
    progress: ProgressFn | None = None,
) -> IndexReport:
    """Bring the index at `index_dir` in step with `archive` (or with `paths` inside it)."""
    started = time.perf_counter()
    tick = progress or (lambda _p: None)
    if not archive.exists():
        raise UsageError(f"Archive not found: {archive}")
    with writer_lock(index_dir, wait=options.wait), fewer_collections():
        live = current_generation(index_dir)
        try:
            if live is None or rebuild:
                report = _rebuild(archive, index_dir, options, tick)
            else:
                require_generation(index_dir)
                report = _update(archive, index_dir, live, paths, options, tick)
        except OSError as exc:
            raise IndexNotWritableError(
                f"Writing the index at {index_dir} failed: {exc.strerror or exc}. {_left(live)}"
            ) from exc
        except IndexNotWritableError as exc:  # the engine's own (a writer process that failed)
            raise IndexNotWritableError(f"{exc.message} {_left(live)}") from exc
    return _with_seconds(report, time.perf_counter() - started)


def _left(live: Path | None) -> str:
    """What a failed run left, truly: with no usable index before it, there is no "previous" one.

    Rebuilds and updates alike write a new generation and swap it in last.
    """
    if live is None:
        return "There was no usable index before this run, and none was written."
    return "The previous index is unchanged."


def _with_seconds(report: IndexReport, seconds: float) -> IndexReport:
    return replace(report, seconds=round(seconds, 3))
