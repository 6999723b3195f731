"""What grouping copies adds to a real build and a one-file update (issue 20's speed figures).

    nice python tests/bench/copies_build.py [--runs 2]

BBC (2,095 files), `--no-entities`, 2 procs, into a temporary index: a full build
with the copy step, then one with the step replaced by nothing (the build as it
was), alternating `--runs` times; then a one-file update (one article's body
edited) with and without the update's copy step. The copy step's own time is
measured inside the build too (`seconds in the step`), which is the figure to set
against any build, with entities or not. Prints a table for RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
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

SHARED = ROOT.parent / "shared" / "corpora"
if not SHARED.exists():
    SHARED = Path("/work/shared/corpora")
BBC = SHARED / "bbc" / "news"
OPTIONS = BuildOptions(entities=False, procs=2)


@contextmanager
def step(module: Any, name: str, enabled: bool, spent: list[float]) -> Iterator[None]:
    """Time `module.name` (the copy step), or replace it by nothing when not `enabled`."""
    real: Callable[..., Any] = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - started)

    setattr(module, name, timed if enabled else (lambda *a, **k: None))
    try:
        yield
    finally:
        setattr(module, name, real)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bbc"
        shutil.copytree(BBC, archive)
        for n in range(args.runs):
            for enabled in (True, False):
                index_dir = Path(tmp) / f"ix-{n}-{enabled}"
                spent: list[float] = []
                with step(rebuild, "write_copies", enabled, spent):
                    t = time.perf_counter()
                    update_index(archive, index_dir, options=OPTIONS)
                    rows.append(
                        (f"build, copies {'on' if enabled else 'off'}", time.perf_counter() - t, sum(spent))
                    )
                edited = sorted(archive.glob("business/*.txt"))[n]
                text = edited.read_text("utf-8", errors="replace")
                edited.write_text(text + f"\nAn added closing line, run {n} {enabled}.\n", "utf-8")
                spent = []
                with step(update, "update_copies", enabled, spent):
                    t = time.perf_counter()
                    update_index(archive, index_dir, options=OPTIONS)
                    rows.append(
                        (
                            f"one-file update, copies {'on' if enabled else 'off'}",
                            time.perf_counter() - t,
                            sum(spent),
                        )
                    )
                shutil.rmtree(index_dir)
    print("| run | wall s | seconds in the copy step |")
    print("| --- | --- | --- |")
    for name, wall, inside in rows:
        print(f"| {name} | {wall:.2f} | {inside:.3f} |")


if __name__ == "__main__":
    main()
