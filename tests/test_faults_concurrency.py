"""Two `morgue index` runs at once, and readers while one writes.

The first run is held at a gate inside its locked section (just before it
commits its documents, in a rebuild and in an update alike), so the second one meets a writer for sure, whatever the machine's
load: without --wait it exits 3 and names the holder; with --wait it queues
and then finishes. After both, the index is consistent. Readers keep
answering throughout and see the new articles once the writer is done.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from index.build import BuildOptions, update_index
from index.engine.whoosh import writer as whoosh_writer
from index.errors import EXIT_LOCKED, IndexLockedError
from index.search import SearchIndex
from index.store.generations import GEN_PREFIX, current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import start_morgue

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
NO_ENTITIES = BuildOptions(entities=False, procs=1)
QUERIES = ("oil", '"prime minister"', "government OR economy", "econ*")

# Prepended to `morgue`'s own entry point: hold the run at a gate, lock held, before it commits.
GATE = """
import os, time, index.engine.whoosh.writer as _b
_commit = _b.commit_documents
def _gated(*args, **kwargs):
    open(os.environ["AT_GATE"], "w").close()
    while not os.path.exists(os.environ["GATE"]):
        time.sleep(0.02)
    return _commit(*args, **kwargs)
_b.commit_documents = _gated
"""
# Prepended instead to a second run: leave a mark when the writer lock makes it wait.
WAITING = """
import os, time
_sleep = time.sleep
def _marking(seconds):
    open(os.environ["WAITING"], "w").close()
    _sleep(seconds)
time.sleep = _marking
"""


def add_articles(archive: Path, start: int, n: int) -> None:
    for i in range(start, start + n):
        (archive / "new").mkdir(exist_ok=True)
        (archive / "new" / f"{i:03d}.txt").write_text(f"New story {i}\n\nfresh{i} arrives in the archive.\n")


def morgue(
    archive: Path, index_dir: Path, *args: str, prelude: str = "", env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return start_morgue(
        "index",
        "--no-entities",
        "--procs",
        "1",
        *args,
        archive=archive,
        index=index_dir,
        prelude=prelude,
        env=env,
    )


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, " ".join(err.split())


def assert_consistent(index_dir: Path, expected_docs: int) -> None:
    """One live generation that answers, every article findable, no debris."""
    gens = [p for p in index_dir.iterdir() if p.name.startswith(GEN_PREFIX)]
    assert not [p for p in gens if p.name.endswith(".tmp")]
    assert len(gens) <= 2  # the live one, and the one a reader may still hold
    with SearchIndex(index_dir) as ix:
        assert ix.doc_count() == expected_docs
        assert ix.search("oil").total == 1 and ix.search('"prime minister"').total == 1
        ids = [a.id for a in ix.iter_articles()]
        assert len(ids) == len(set(ids)) == expected_docs
        for a in ix.iter_articles():
            if a.id.startswith("new/"):
                n = int(a.id[4:7])
                assert [h.id for h in ix.search(f"fresh{n}").hits] == [a.id]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=NO_ENTITIES)
    return archive, index_dir, tmp_path


class Gate:
    def __init__(self, root: Path) -> None:
        self.at = root / "at-gate"
        self.open_file = root / "gate-open"
        self.env = {"AT_GATE": str(self.at), "GATE": str(self.open_file)}

    def reached(self) -> bool:
        return self.at.exists()

    def release(self) -> None:
        self.open_file.touch()


@pytest.mark.parametrize(
    ("first", "second"),
    [(("--rebuild",), ()), ((), ("--rebuild",))],
    ids=["an update while a rebuild writes", "a rebuild while an update writes"],
)
def test_a_second_run_exits_3_naming_the_writer_and_the_index_stays_consistent(setup, first, second):
    archive, index_dir, root = setup
    add_articles(archive, 0, 5)
    gate = Gate(root)
    writer = morgue(archive, index_dir, *first, prelude=GATE, env=gate.env)
    try:
        wait_for(lambda: gate.reached() or writer.poll() is not None)
        assert writer.poll() is None, writer.communicate()
        code, out, err = finish(morgue(archive, index_dir, *second))
        assert code == EXIT_LOCKED, err
        assert "Another `morgue index` is writing" in err and f"(process {writer.pid})" in err
        assert "--wait" in err and "Traceback" not in err and out == ""
    finally:
        gate.release()
    code, _out, err = finish(writer)
    assert code == 0, err
    assert_consistent(index_dir, 12)


def test_with_wait_the_second_run_queues_until_the_first_is_done(setup):
    archive, index_dir, root = setup
    add_articles(archive, 0, 5)
    gate = Gate(root)
    waiting = root / "waiting"
    first = morgue(archive, index_dir, prelude=GATE, env=gate.env)
    try:
        wait_for(lambda: gate.reached() or first.poll() is not None)
        assert first.poll() is None, first.communicate()
        second = morgue(
            archive, index_dir, "--wait", "60", "--json", prelude=WAITING, env={"WAITING": str(waiting)}
        )
        wait_for(lambda: waiting.exists() or second.poll() is not None)
        assert second.poll() is None, second.communicate()  # queued behind the writer
        add_articles(archive, 5, 2)  # arrives while the first run writes: the second one picks it up
    finally:
        gate.release()
    assert finish(first)[0] == 0
    code, out, err = finish(second)
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == 2 and report["docs"] == 14
    assert_consistent(index_dir, 14)


def test_two_runs_started_together_never_corrupt_the_index(setup):
    archive, index_dir, _root = setup
    add_articles(archive, 0, 30)
    runs = [
        morgue(archive, index_dir, "--rebuild"),
        morgue(archive, index_dir, "--rebuild"),
        morgue(archive, index_dir),
    ]
    codes = [finish(p) for p in runs]
    assert all(code in (0, EXIT_LOCKED) for code, _o, _e in codes), codes
    assert any(code == 0 for code, _o, _e in codes)
    for code, _out, err in codes:
        assert "Traceback" not in err and "internal error" not in err
        if code == EXIT_LOCKED:
            assert "Another `morgue index` is writing" in err
    assert_consistent(index_dir, 37)


def test_two_threads_of_one_process_cannot_write_at_once(setup, monkeypatch):
    archive, index_dir, _root = setup
    add_articles(archive, 0, 3)
    at_gate, release = threading.Event(), threading.Event()
    real_commit = whoosh_writer.commit_documents

    def gated(*args: Any, **kwargs: Any) -> None:
        if threading.current_thread().name == "first":
            at_gate.set()
            assert release.wait(60)
        real_commit(*args, **kwargs)

    monkeypatch.setattr(whoosh_writer, "commit_documents", gated)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            update_index(archive, index_dir, options=NO_ENTITIES)
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=run, name="first")
    first.start()
    try:
        assert at_gate.wait(60)
        with pytest.raises(IndexLockedError):
            update_index(archive, index_dir, options=NO_ENTITIES)
    finally:
        release.set()
        first.join(60)
    assert not errors
    assert_consistent(index_dir, 10)


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "update"])
def test_a_reader_keeps_answering_while_another_process_writes_and_then_sees_the_new_articles(setup, rebuild):
    archive, index_dir, root = setup
    with SearchIndex(index_dir) as ix:
        before = {q: [h.id for h in ix.search(q, limit=50).hits] for q in QUERIES}
        old_gen = ix.generation
        add_articles(archive, 0, 10)
        gate = Gate(root)
        writer = morgue(archive, index_dir, *(("--rebuild",) if rebuild else ()), prelude=GATE, env=gate.env)
        answered = 0

        def ask_everything() -> None:
            nonlocal answered
            for q in QUERIES:
                result = ix.search(q, limit=50)
                assert result.error is None
                got = [h.id for h in result.hits if not h.id.startswith("new/")]
                assert got == before[q]
            answered += 1

        try:
            while not gate.reached():  # scanning, reading, writing the new segment
                assert writer.poll() is None, writer.communicate()
                ask_everything()
            for _ in range(5):  # held just before the engine's commit: still the old index
                ask_everything()
                assert ix.search("fresh3").total == 0
        finally:
            gate.release()
        while writer.poll() is None:  # the commit and the swap
            ask_everything()
        assert writer.returncode == 0, writer.communicate()
        ask_everything()
        assert ix.search("fresh3").total == 1 and ix.doc_count() == 17
        assert ix.generation != old_gen  # an update, too, swaps in a new generation
        assert answered >= 7
    assert current_generation(index_dir) is not None
    assert_consistent(index_dir, 17)
