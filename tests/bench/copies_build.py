"""What grouping copies adds to a real build and a one-file update (issue 20's speed figures).

    nice python tests/bench/copies_build.py [--runs 3] [--entities]

BBC (2,095 files), `--no-entities` unless `--entities`, 2 procs, into a temporary
index, three builds per run, in turn: the copy step as shipped (its copy index
computed in a thread while the engine's writers finish: `index.build.copies`),
the step run serially after the engine's commit (as it was before), and the
step replaced by nothing (the build without copies). Then a one-file update
(one article's body edited) with and without the update's copy step. Besides
each wall time: the seconds the main process spent in the step (waiting for
the thread, then saving), and the seconds the copy index itself took (in the
thread, or inline). Prints a table for RESULTS.md, then the medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import importlib  # noqa: E402

from index.build import BuildOptions, update_index  # noqa: E402

rebuild = importlib.import_module("index.build.rebuild")  # the modules, not the functions of that name
update = importlib.import_module("index.build.update")
copies = importlib.import_module("index.build.copies")

SHARED = ROOT.parent / "shared" / "corpora"
if not SHARED.exists():
    SHARED = Path("/work/shared/corpora")
BBC = SHARED / "bbc" / "news"
MODES = ("thread", "serial", "off")
T = TypeVar("T")


@contextmanager
def patched(module: Any, name: str, replacement: Any) -> Iterator[None]:
    real = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, real)


def timed(real: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    return run


class Serial(copies.CopiesInBackground):  # type: ignore[name-defined,misc]
    """Never started: `result()` computes the copy index inline, after the commit, as before."""

    def after(self, items: Iterable[T]) -> Iterator[T]:
        yield from items


@contextmanager
def build_mode(mode: str, step: list[float], own: list[float]) -> Iterator[None]:
    """The rebuild's copy step as `mode` says; the main process's seconds in it, and the index's own."""
    write: Callable[..., Any] = timed(copies.write_copies, step) if mode != "off" else (lambda *a, **k: None)
    background = Serial if mode != "thread" else copies.CopiesInBackground
    with (
        patched(rebuild, "write_copies", write),
        patched(rebuild, "CopiesInBackground", background),
        patched(copies, "copy_index", timed(copies.copy_index, own)),
    ):
        yield


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--entities", action="store_true", help="with entities (the default build)")
    args = ap.parse_args()
    options = BuildOptions(entities=args.entities, procs=2)
    rows: list[tuple[str, float, float, float]] = []
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bbc"
        shutil.copytree(BBC, archive)
        if args.entities:  # the entity cache warmed once, so every build below reads it alike
            update_index(archive, Path(tmp) / "warm", options=options)
        for n in range(args.runs):
            for mode in MODES:
                index_dir = Path(tmp) / f"ix-{n}-{mode}"
                if args.entities:
                    index_dir.mkdir()
                    shutil.copy(Path(tmp) / "warm" / "entity-cache.sqlite", index_dir)
                step: list[float] = []
                own: list[float] = []
                with build_mode(mode, step, own):
                    t = time.perf_counter()
                    update_index(archive, index_dir, rebuild=True, options=options)
                    rows.append((f"build, copies {mode}", time.perf_counter() - t, sum(step), sum(own)))
                if mode != "serial":
                    edited = sorted(archive.glob("business/*.txt"))[n]
                    text = edited.read_text("utf-8", errors="replace")
                    edited.write_text(text + f"\nAn added closing line, run {n} {mode}.\n", "utf-8")
                    step = []
                    on = mode == "thread"
                    with patched(update, "update_copies", timed(update.update_copies, step) if on else
                                 (lambda *a, **k: None)):  # fmt: skip
                        t = time.perf_counter()
                        update_index(archive, index_dir, options=options)
                        rows.append(
                            (
                                f"one-file update, copies {'on' if on else 'off'}",
                                time.perf_counter() - t,
                                sum(step),
                                0.0,
                            )
                        )
                shutil.rmtree(index_dir)
                loads.append(os.getloadavg()[0])
    print(
        f"BBC, {'with' if args.entities else 'no'} entities, procs 2; load average {min(loads):.1f}-{max(loads):.1f}"
    )
    print("| run | wall s | main process in the step s | copy index itself s |")
    print("| --- | --- | --- | --- |")
    for name, wall, inside, itself in rows:
        print(f"| {name} | {wall:.2f} | {inside:.3f} | {itself:.3f} |")
    print("\nmedians:")
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name]
        walls = [r[1] for r in mine]
        print(
            f"  {name}: wall {statistics.median(walls):.2f} s, in the step "
            f"{statistics.median(r[2] for r in mine):.3f} s, itself {statistics.median(r[3] for r in mine):.3f} s"
        )
    off = statistics.median(r[1] for r in rows if r[0] == "build, copies off")
    for mode in ("thread", "serial"):
        walls = [r[1] for r in rows if r[0] == f"build, copies {mode}"]
        print(f"  build {mode} / off: {statistics.median(walls) / off:.3f}")


if __name__ == "__main__":
    main()
