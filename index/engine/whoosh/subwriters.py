"""Whoosh's sub-writer processes: a failure is one clear message, never tracebacks or a hang.

Whoosh's multiprocess writer (`whoosh.multiproc`) hands batches of documents
to sub-writer processes through a bounded job queue. A sub-writer that raised
(a full disk, no memory) printed its traceback on the user's terminal, as
`multiprocessing` does, and left the queue: once it was full, the main
process waited on it forever, holding the writer lock. A sub-writer killed
outright (the kernel's out-of-memory killer) did the same.

Now a sub-writer that fails (`run`, patched in by `patches`) writes why into
a note beside the generation, keeps taking its jobs off the queue without
doing them (so the main process never waits), and exits quietly with an
exit code. The main process puts its jobs with a timeout (`GuardedJobs`)
and stops when no sub-writer is left to take them; after the write,
`raise_for_failures` turns the notes and exit codes into one `MorgueError`.
The generation is never published either way: its articles are counted first.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from index.errors import IndexNotWritableError, MorgueError, out_of_memory
from index.files import read_bounded
from index.lifelines import die_with_parent

NOTE_SUFFIX = ".subwriter-failed"  # a note in the generation: why that process failed
FAILED = 1  # a sub-writer's exit code when it failed
PUT_TIMEOUT = 1.0  # seconds the main process waits on a full job queue before checking its sub-writers


class _Jobs:
    """A sub-writer's view of its job queue, noting when the main process's "finish" (None) came."""

    def __init__(self, jobs: Any) -> None:
        self.jobs = jobs
        self.finished = False

    def get(self) -> Any:
        job = self.jobs.get()
        if job is None:
            self.finished = True
        return job

    def drain(self) -> None:
        """Take the rest of the jobs (left undone) until "finish", so the main process never waits."""
        while not self.finished:
            self.get()


def guarded_run(run: Callable[[Any], None]) -> Callable[[Any], None]:
    """`SubWriterTask.run`: dying with the main process, and failing quietly with a note."""

    def run_(self: Any) -> None:
        die_with_parent(self._parent_pid)  # multiprocessing records the creator's pid
        jobs = self.jobqueue = _Jobs(self.jobqueue)
        try:
            run(self)
        except KeyboardInterrupt:
            raise SystemExit(FAILED) from None  # Ctrl-C: the main process reports it
        except BaseException as exc:
            _note(self.storage.folder, exc)
            with contextlib.suppress(BaseException):
                jobs.drain()
            raise SystemExit(FAILED) from None  # an exit code: multiprocessing prints no traceback

    return run_


def _note(folder: str, exc: BaseException) -> None:
    reason = "MemoryError" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
    with contextlib.suppress(BaseException):  # a full disk may take the note too: the exit code remains
        Path(folder, f"{os.getpid()}{NOTE_SUFFIX}").write_text(reason.splitlines()[0][:300], "utf-8")


class GuardedJobs:
    """The main process's side of the job queue: never waits on it when no sub-writer is left."""

    def __init__(self, jobs: Any, tasks: Callable[[], Iterable[Any]]) -> None:
        self.jobs = jobs
        self.tasks = tasks

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        while True:
            try:
                self.jobs.put(item, timeout=PUT_TIMEOUT)
                return
            except queue.Full:
                if not any(task.is_alive() for task in self.tasks()):
                    raise IndexNotWritableError(
                        "Writing the index failed: every writer process ended."
                    ) from None

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        return self.jobs.get(block, timeout)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_same, (self.jobs,))  # a sub-writer started by pickling (not fork) gets the queue itself


def _same(jobs: Any) -> Any:
    return jobs


def guard(writer: Any) -> None:
    """Give a multiprocess writer's job queue the guard, before its first sub-writer starts."""
    if hasattr(writer, "jobqueue") and not isinstance(writer.jobqueue, GuardedJobs):
        writer.jobqueue = GuardedJobs(writer.jobqueue, lambda: list(getattr(writer, "tasks", ())))


def raise_for_failures(gen: Path, writer: Any) -> None:
    """Raise one MorgueError if a sub-writer failed (its note, or its exit code, says why)."""
    reasons: list[str] = []
    for note in sorted(gen.glob(f"*{NOTE_SUFFIX}")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            reasons.append(read_bounded(note, 1024).decode("utf-8"))
        with contextlib.suppress(OSError):
            note.unlink()
    for task in getattr(writer, "tasks", ()):
        code = getattr(task, "exitcode", 0)
        # SIGTERM is ours: `writer._abandon` ends the sub-writers of a write that failed in this process.
        if code is not None and code < 0 and -code != signal.SIGTERM and not reasons:
            killed = " (the kernel's answer to a machine out of memory)" if -code == signal.SIGKILL else ""
            reasons.append(f"it was killed by signal {-code}{killed}")
    if not reasons:
        return
    if "MemoryError" in reasons:
        error: MorgueError = out_of_memory("writing the index", " or index with `--procs 1`")
        raise error
    raise IndexNotWritableError(f"Writing the index failed: a writer process failed ({reasons[0]}).")
