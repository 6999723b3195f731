"""A live archive: `morgue index --watch` re-indexes files as they are added, changed or deleted.

Events come from `watchfiles` (inotify, or polling where there is none),
debounced: a burst of writes (a copy of a hundred files, an editor's save)
arrives as one batch, and one batch is one ordinary update (`update_index`),
so a batch is atomic like any update and costs what a one-file update costs
plus the files it reads. The update scans the archive itself (size and mtime
against the manifest), so a deletion, a rename or an event lost while an
update ran is caught by the next one.

- **One writer.** Each batch takes the index's writer lock like any `morgue
  index`; while another writer holds it the batch waits (`LOCK_WAIT`), then
  is kept and tried again on the next round, never dropped.
- **Half-written files.** Before a batch runs, every file it names is watched
  until its size stops changing (`settle`); a file still growing then is read
  as it is, and its next write brings another event and another update, so it
  is re-read once whole (the ingest skips a truncated JSON file with a reason,
  and the next update retries it because its size and mtime changed).
- **Stopping.** Ctrl+C (SIGINT) ends the loop between batches or inside one:
  an update interrupted mid-way leaves the live generation untouched, as any
  killed update does (`index.build.update`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from index.build import BuildOptions, update_index
from index.errors import IndexLockedError
from index.models import IndexReport

DEBOUNCE_MS = 300  # a burst of writes closer than this is one batch
SETTLE_STEP = 0.2  # seconds between two looks at a file's size
SETTLE_MAX = 10.0  # the longest a batch waits for a file still being written
LOCK_WAIT = 5.0  # seconds a batch waits for another writer before trying again next round


@dataclass(frozen=True)
class Batch:
    """What one round did: the files it saw change and the update's report (None: it must retry)."""

    paths: tuple[str, ...]
    report: IndexReport | None
    note: str = ""


def settle(paths: Iterable[Path], step: float = SETTLE_STEP, longest: float = SETTLE_MAX) -> None:
    """Wait until none of `paths` changes size between two looks (a gone file is settled)."""
    pending = {p: _size(p) for p in paths}
    deadline = time.monotonic() + longest
    while pending and time.monotonic() < deadline:
        time.sleep(step)
        now = {p: _size(p) for p in pending}
        pending = {p: s for p, s in now.items() if s != pending[p]}


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def watch_archive(
    archive: Path,
    index_dir: Path,
    options: BuildOptions,
    report: Callable[[Batch], None],
    *,
    stop: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Update the index now, then after every batch of changes, until `stop` is set (or Ctrl+C)."""
    from watchfiles import watch  # only `morgue index --watch` needs it

    options = BuildOptions(
        procs=options.procs,
        entities=options.entities,
        ner_model=options.ner_model,
        follow_symlinks=options.follow_symlinks,
        wait=max(options.wait, LOCK_WAIT),
    )
    index_root = index_dir.resolve()
    owed = _run(archive, index_dir, options, (), report)  # catch up with what changed while nobody watched
    for changes in watch(
        archive,
        debounce=debounce_ms,
        stop_event=stop,
        yield_on_timeout=True,
        rust_timeout=1000,
        watch_filter=lambda _change, path: not _inside(Path(path), index_root),
    ):
        paths = sorted({path for _change, path in changes})
        if not paths and not owed:
            continue
        settle(Path(p) for p in paths)
        owed = _run(archive, index_dir, options, paths, report)


def _run(
    archive: Path,
    index_dir: Path,
    options: BuildOptions,
    paths: Iterable[str],
    report: Callable[[Batch], None],
) -> bool:
    """One update; True when it could not run (another writer) and is owed next round."""
    seen = tuple(paths)
    try:
        result = update_index(archive, index_dir, options=options)
    except IndexLockedError as exc:
        report(Batch(seen, None, f"{exc.message} Trying again."))
        return True
    report(Batch(seen, result))
    return False


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True
