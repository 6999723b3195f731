"""Paths, the child processes' environment, logging, Morgue's indexer and the run's context.

One place for them so that every figure starts its children the same way (same
environment, same bytecode cache) and measures them alike. Imported by run.py and
the figures_* modules; run.py puts this folder on sys.path.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measure import Measured, dir_size, run_measured
from report import Report

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PY = sys.executable
SEEDS = ROOT / "seeds"
MB = 1024 * 1024
GB = 1024 * MB
MAIN_INDEX_FILE = "main-index.txt"  # in the work folder: which index figures 2-5 use (for --reuse)


# Child processes cache their bytecode (outside the repository) as an installed `morgue` would:
# a sandbox's PYTHONDONTWRITEBYTECODE=1 would otherwise add compiling to every start-up figure.
PYCACHE = Path(tempfile.gettempdir()) / "morgue-bench-pycache"
CHILD_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("PYTHONDONTWRITEBYTECODE", "MORGUE_INDEX", "MORGUE_ARCHIVE")
}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
WARM_IMPORTS = "import index.cli.main, index.build, index.search, index.entities.stage, index.entities.extractor, tui.launcher, tui.app"


class BenchError(RuntimeError):
    pass


def warm_bytecode() -> None:
    """Compile the project's modules once into PYCACHE, before anything is timed."""
    subprocess.run([PY, "-c", WARM_IMPORTS], cwd=ROOT, env=CHILD_ENV, capture_output=True, check=False)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def morgue_index(
    archive: Path, index: Path, *, procs: int = 2, entities: bool = True, rebuild: bool = False
) -> tuple[Measured, dict[str, Any]]:
    cmd = [PY, "-m", "index", "index", "--archive", str(archive), "--index", str(index), "--json"]
    cmd += ["--procs", str(procs)]
    if not entities:
        cmd.append("--no-entities")
    if rebuild:
        cmd.append("--rebuild")
    m = run_measured(cmd, cwd=ROOT, env=CHILD_ENV)
    if m.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({m.returncode}):\n{m.stderr[-3000:]}")
    return m, json.loads(m.stdout)


def index_sizes(index: Path) -> tuple[int, int]:
    """(whole index folder, live generation only) in bytes."""
    current = (index / "CURRENT").read_text().strip()
    return dir_size(index), dir_size(index / current)


def copy_cache(src_index: Path, dest_index: Path) -> None:
    dest_index.mkdir(parents=True, exist_ok=True)
    for p in src_index.glob("entity-cache.sqlite*"):
        shutil.copyfile(p, dest_index / p.name)


@dataclass
class Ctx:
    args: argparse.Namespace
    work: Path
    archive: Path
    articles: int
    report: Report
    runs: int
    main_index: Path | None = None
    docs: int = 0
    checkpoint: Any = None  # writes the JSON measured so far
