"""Timing, peak memory of a process tree, and the statistics the benchmark reports.

`run_measured` runs a command and samples, every 50 ms, the resident set of
the command and of every process below it (read from /proc, no psutil): the
figure is the largest *sum* seen, so a build's forked NER and writer
processes count together. Pages shared by forked children are counted once per
process, as RSS does, which over-states the truth a little (never under).
`os.wait4` also gives the largest single process (the kernel's ru_maxrss of
the child and the descendants it reaped), as a cross-check, and the CPU time
of the whole tree, which says how much work a run was when the machine is busy.
The peak PSS (proportional set size: shared pages split between the processes
that share them, from /proc/PID/smaps_rollup, sampled every 4th tick, when the
tree is also re-listed) is what the tree really occupies.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.05


@dataclass
class Measured:
    wall: float  # seconds, from just before the spawn to the reaping of the child
    peak_rss: int  # bytes: the largest sum over the process tree seen by the sampler
    peak_pss: int  # bytes: the same for the proportional set size (shared pages split)
    max_single_rss: int  # bytes: the kernel's ru_maxrss (largest single process)
    cpu: float  # seconds of CPU (user + system) used by the child and the descendants it reaped
    returncode: int
    stdout: str
    stderr: str


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and brackets: the fields after the last ')' are safe.
        rest = stat[stat.rfind(b")") + 2 :].split()
        children.setdefault(int(rest[1]), []).append(int(name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def tree_rss(root: int, pids: list[int] | None = None) -> int:
    """Resident bytes of `root` and all its descendants (or of `pids`), now."""
    total = 0
    for pid in pids if pids is not None else _tree(root):
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def tree_pss(root: int) -> int:
    """Proportional set size, in bytes, of `root` and all its descendants, now."""
    total = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_measured(
    cmd: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 7200
) -> Measured:
    """Run `cmd` to completion; wall time, peak RSS of its process tree, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = peak_pss = 0
        done = threading.Event()

        def sample() -> None:
            # The process tree is re-listed every 4th tick (a scan of /proc); in between, the
            # processes already known are read (a new child is counted from the next re-listing).
            nonlocal peak, peak_pss
            tick, pids = 0, [proc.pid]
            while not done.is_set():
                if tick % 4 == 0:
                    pids = _tree(proc.pid)
                    peak_pss = max(peak_pss, tree_pss(proc.pid))
                peak = max(peak, tree_rss(proc.pid, pids))
                tick += 1
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        return Measured(
            wall=wall,
            peak_rss=peak,
            peak_pss=peak_pss,
            max_single_rss=usage.ru_maxrss * 1024,
            cpu=usage.ru_utime + usage.ru_stime,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def dir_size(path: Path) -> int:
    """Bytes under `path`, a file with several links counted once (an update's generation
    hard-links the segments of the one before it, which the folder keeps for readers)."""
    total = 0
    seen: set[tuple[int, int]] = set()
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linearly interpolated between the closest ranks (NumPy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass
class Figure:
    """One reported figure: the median of its runs, with min and max."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else math.nan

    @property
    def min(self) -> float:
        return min(self.values) if self.values else math.nan

    @property
    def max(self) -> float:
        return max(self.values) if self.values else math.nan

    def as_json(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "median": _num(self.median),
            "min": _num(self.min),
            "max": _num(self.max),
            "runs": [_num(v) for v in self.values],
            "note": self.note,
        }


def _num(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def machine_speed(runs: int = 5) -> float:
    """Milliseconds for a fixed pure-Python workload (median of `runs`).

    This machine's speed drifts by up to 2x within minutes, so a build's figure
    alone cannot say whether the code or the machine changed. The same workload
    timed at the start and end of a run says how fast the machine was meanwhile;
    figures from two runs compare fairly only when their speeds are close.
    """

    def workload() -> float:
        start = time.perf_counter()
        counts: dict[int, int] = {}
        text = " ".join(str(i * 7919 % 1000) for i in range(120_000))
        for word in text.split():
            key = hash(word) & 1023
            counts[key] = counts.get(key, 0) + len(word)
        sorted(counts.items(), key=lambda kv: kv[1])
        return (time.perf_counter() - start) * 1000

    return round(statistics.median(workload() for _ in range(runs)), 1)
