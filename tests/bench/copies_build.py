"""What grouping copies adds to a real build and a one-file update (issue 20's speed figures).

    nice python tests/bench/copies_build.py [--runs 3] [--entities]
    nice python tests/bench/copies_build.py --scale 10 --entities --runs 1 --modes on off

`--scale N` builds the scaled archive of the benchmarks (`corpus.make_archive`:
BBC x10 is the 20k archive) and measures builds only, each into a fresh index
(so with `--entities` each runs the model from a cold cache, as figure 1's
build does); `--modes` picks which to run.

BBC (2,095 files), `--no-entities` unless `--entities`, 2 procs, into a temporary
index, two builds per run, in turn (each run starting with the other): with the
copy step and with the step replaced by nothing (the build without copies).
Then a one-file update (one article's body edited) with and without the
update's copy step. Besides each wall time: the seconds spent in the step, and
in making the copy index (the sketches and the groups; the rest is saving).
Prints a table for RESULTS.md, then the medians and the ratio on / off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
MODES = ("on", "off")


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


@contextmanager
def build_mode(mode: str, step: list[float], own: list[float]) -> Iterator[None]:
    """The rebuild's copy step on (timed: all of it, and making the index) or replaced by nothing."""
    write: Callable[..., Any] = timed(copies.write_copies, step) if mode == "on" else (lambda *a, **k: None)
    with (
        patched(rebuild, "write_copies", write),
        patched(copies, "copy_index", timed(copies.copy_index, own)),
    ):
        yield


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--entities", action="store_true", help="with entities (the default build)")
    ap.add_argument("--scale", type=int, default=0, help="the scaled archive (10: 20k), builds only")
    ap.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = ap.parse_args()
    modes = tuple(args.modes)
    options = BuildOptions(entities=args.entities, procs=2)
    rows: list[tuple[str, float, float, float]] = []
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bbc"
        if args.scale:
            sys.path.insert(0, str(HERE))
            import corpus

            corpus.make_archive(BBC, archive, args.scale)
        else:
            shutil.copytree(BBC, archive)
        if args.entities and not args.scale:  # the entity cache warmed once, so every build reads it alike
            update_index(archive, Path(tmp) / "warm", options=options)
        for n in range(args.runs):
            for mode in modes[n % len(modes) :] + modes[: n % len(modes)]:  # each mode first in turn
                index_dir = Path(tmp) / f"ix-{n}-{mode}"
                if args.entities and not args.scale:
                    index_dir.mkdir()
                    shutil.copy(Path(tmp) / "warm" / "entity-cache.sqlite", index_dir)
                step: list[float] = []
                own: list[float] = []
                with build_mode(mode, step, own):
                    t = time.perf_counter()
                    update_index(archive, index_dir, rebuild=True, options=options)
                    rows.append((f"build, copies {mode}", time.perf_counter() - t, sum(step), sum(own)))
                if not args.scale:
                    edited = sorted(archive.glob("business/*.txt"))[n]
                    text = edited.read_text("utf-8", errors="replace")
                    edited.write_text(text + f"\nAn added closing line, run {n} {mode}.\n", "utf-8")
                    step = []
                    on = mode == "on"
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
        f"BBC{f' x{args.scale}' if args.scale else ''}, {'with' if args.entities else 'no'} entities, procs 2; load average {min(loads):.1f}-{max(loads):.1f}"
    )
    print("| run | wall s | in the step s | making the copy index s |")
    print("| --- | --- | --- | --- |")
    for name, wall, inside, itself in rows:
        print(f"| {name} | {wall:.2f} | {inside:.3f} | {itself:.3f} |")
    print("\nmedians:")
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name]
        walls = [r[1] for r in mine]
        print(
            f"  {name}: wall {statistics.median(walls):.2f} s, in the step "
            f"{statistics.median(r[2] for r in mine):.3f} s, making the index {statistics.median(r[3] for r in mine):.3f} s"
        )
    if "off" not in modes:
        return
    off = statistics.median(r[1] for r in rows if r[0] == "build, copies off")
    for mode in [m for m in modes if m != "off"]:
        walls = [r[1] for r in rows if r[0] == f"build, copies {mode}"]
        print(f"  build {mode} / off: {statistics.median(walls) / off:.3f}")


if __name__ == "__main__":
    main()
