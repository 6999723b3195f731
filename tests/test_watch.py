"""`morgue index --watch`: a live archive that `morgue search` follows, and a kill that harms nothing.

The watcher runs as a user runs it, in its own process; the test adds,
changes and deletes files and asks `morgue search` (in this process: the
command's own `main`) until it answers. The issue's acceptance is that it
follows within 5 s each time: that is the bound here, after the watcher is up.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index.store.generations import current_generation, require_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import cli, run_morgue, start_morgue

FOLLOWS_WITHIN = 5.0  # seconds: the acceptance
STARTS_WITHIN = 120.0  # the first build, on a machine others share
NO_ENTITIES = ("--no-entities", "--procs", "1")


def _until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def _finds(capsys: pytest.CaptureFixture[str], archive: Path, index_dir: Path, word: str) -> set[str]:
    code, out, _err = cli(capsys, archive, index_dir, "search", word, "--format", "ids", "--expand-copies")
    return set(out.split()) if code == 0 else set()


@pytest.fixture
def watcher(tmp_path: Path):
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = tmp_path / "index"
    proc = start_morgue("index", "--watch", "--json", *NO_ENTITIES, archive=archive, index=index_dir)
    try:
        assert _until(lambda: current_generation(index_dir) is not None, STARTS_WITHIN), "no first build"
        time.sleep(0.5)  # the watcher's first update is reported before its watch begins
        yield archive, index_dir, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def test_search_follows_files_added_changed_and_deleted(capsys, watcher):
    archive, index_dir, proc = watcher
    found = lambda word: _finds(capsys, archive, index_dir, word)  # noqa: E731

    (archive / "new").mkdir()
    (archive / "new/arrival.txt").write_text("Zephyrine arrives\n\nThe zephyrine story is here.\n", "utf-8")
    assert _until(lambda: "new/arrival.txt" in found("zephyrine"), FOLLOWS_WITHIN), "the added file"

    (archive / "new/arrival.txt").write_text("Quokkaface arrives\n\nThe quokkaface story is here.\n", "utf-8")
    assert _until(lambda: "new/arrival.txt" in found("quokkaface"), FOLLOWS_WITHIN), "the changed file"
    assert "new/arrival.txt" not in found("zephyrine")

    (archive / "new/arrival.txt").unlink()
    assert _until(lambda: not found("quokkaface"), FOLLOWS_WITHIN), "the deleted file"
    assert proc.poll() is None, "the watcher is still running"


def test_a_half_written_file_is_read_once_it_is_whole(capsys, watcher):
    archive, index_dir, _proc = watcher
    record = {
        "title": "Wombatique report",
        "body": "The wombatique report was filed in two writes.",
        "date": "2005-01-02",
    }
    text = json.dumps(record)
    path = archive / "late.json"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text[: len(text) // 2])  # not JSON yet: the ingest skips it with a reason
        fh.flush()
        time.sleep(1.0)  # long enough for a debounced batch to see the half
        fh.write(text[len(text) // 2 :])
    assert _until(lambda: "late.json" in _finds(capsys, archive, index_dir, "wombatique"), FOLLOWS_WITHIN)


def test_ctrl_c_stops_the_watcher_cleanly_with_exit_0(watcher):
    _archive, _index_dir, proc = watcher
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err


def test_a_sigkilled_watcher_leaves_the_index_intact(tmp_path: Path, capsys):
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = tmp_path / "index"
    assert run_morgue("index", *NO_ENTITIES, archive=archive, index=index_dir).returncode == 0
    before = current_generation(index_dir)
    # The watcher dies (SIGKILL) in the middle of its first update that changes something.
    env = {"MORGUE_FAILPOINT": "update.after-copies"}
    proc = start_morgue("index", "--watch", *NO_ENTITIES, archive=archive, index=index_dir, env=env)
    try:
        time.sleep(1.0)  # let it start watching (its catch-up update changes nothing)
        (archive / "fresh.txt").write_text("Platypoid news\n\nA platypoid story arrives.\n", "utf-8")
        proc.wait(timeout=STARTS_WITHIN)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert current_generation(index_dir) == before  # the live generation was never touched
    require_generation(index_dir)
    code, out, _err = cli(capsys, archive, index_dir, "search", "oil", "--format", "ids")
    assert code == 0 and out.strip()
    assert run_morgue("index", *NO_ENTITIES, archive=archive, index=index_dir).returncode == 0
    code, out, _err = cli(capsys, archive, index_dir, "search", "platypoid", "--format", "ids")
    assert out.split() == ["fresh.txt"]


def test_the_watch_flag_is_documented_in_the_help():
    result = run_morgue("index", "--help")
    assert "--watch" in result.stdout
    assert isinstance(result, subprocess.CompletedProcess)
