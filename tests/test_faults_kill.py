"""SIGKILL of `morgue index` at several points: nothing already indexed is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.search import SearchIndex
from index.store.generations import GEN_PREFIX, current_generation

from .archive_fixtures import BULK_WORDS, FIXTURE_ARTICLES, write_archive

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
QUERIES = ("oil", '"prime minister"', "government OR economy", 'person:"Tony Blair"')


def bulk_archive(root: Path, n: int = 600) -> Path:
    files: dict[str, str | bytes] = dict(FIXTURE_ARTICLES)
    words = BULK_WORDS
    for i in range(n):
        body = " ".join(words[(i + j) % len(words)] + str(j % 7) for j in range(400))
        files[f"bulk/{i:04d}.txt"] = f"Bulk article {i}\n\n{body}\n"
    return write_archive(root, files)


def run_index(archive: Path, index_dir: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from tui.launcher import main; main()",
            "index",
            "--archive",
            str(archive),
            "--index",
            str(index_dir),
            "--quiet",
            *extra,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def answers(index_dir: Path) -> dict[str, list[str]]:
    with SearchIndex(index_dir) as ix:
        return {q: [h.id for h in ix.search(q, limit=50).hits] for q in QUERIES}


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("kill")
    archive = bulk_archive(root / "archive")
    index_dir = root / "index"
    proc = run_index(archive, index_dir, "--no-entities")
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    return archive, index_dir, answers(index_dir)


def _tmp_gen(index_dir: Path) -> list[Path]:
    return [p for p in index_dir.iterdir() if p.name.startswith(GEN_PREFIX) and p.name.endswith(".tmp")]


def _kill_points():
    return {
        "at start (scanning, reading)": lambda d: True,
        "after 0.5 s": lambda d, t0=None: time.sleep(0.5) or True,
        "when the new generation appears (writing)": lambda d: bool(_tmp_gen(d)),
        "when segment files are being written (commit)": lambda d: any(
            f.suffix == ".seg" or f.name.endswith(".trm") for g in _tmp_gen(d) for f in g.iterdir()
        ),
    }


@pytest.mark.parametrize("point", list(_kill_points()))
def test_a_killed_rebuild_leaves_the_previous_index_answering(built, point):
    archive, index_dir, before = built
    live = current_generation(index_dir)
    proc = run_index(archive, index_dir, "--rebuild", "--no-entities")
    wait_for(lambda: _kill_points()[point](index_dir) or proc.poll() is not None)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.returncode == -signal.SIGKILL:
        # Killed before the swap, the old generation is live; killed after it
        # (a fast machine finishes inside 0.5 s and is caught on its way out),
        # the new one is, and it is whole. Never a half-written one.
        now = current_generation(index_dir)
        assert now is not None and not now.name.endswith(".tmp")
        assert now == live or now.name > live.name
    assert answers(index_dir) == before
    # The next run completes and cleans up what the killed one left.
    nxt = run_index(archive, index_dir, "--no-entities")
    assert nxt.wait(timeout=300) == 0, nxt.stderr.read() if nxt.stderr else ""
    assert answers(index_dir) == before
    rebuilt = run_index(archive, index_dir, "--rebuild", "--no-entities")
    assert rebuilt.wait(timeout=300) == 0
    assert not _tmp_gen(index_dir)
    assert answers(index_dir) == before


def test_a_killed_update_leaves_the_index_consistent(built):
    archive, index_dir, _before = built
    for i in range(200):
        (archive / "bulk" / f"{i:04d}.txt").write_text(f"Changed article {i}\n\nAn oil story number {i}.\n")
    proc = run_index(archive, index_dir, "--no-entities")
    time.sleep(0.8)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with SearchIndex(index_dir) as ix:
        assert ix.search('"prime minister"').total == 1  # untouched articles still answer
    nxt = run_index(archive, index_dir, "--no-entities")
    assert nxt.wait(timeout=300) == 0, nxt.stderr.read() if nxt.stderr else ""
    with SearchIndex(index_dir) as ix:
        assert ix.search('"oil story"').total == 200
        assert ix.doc_count() == 607
