"""The writer lock against a deleted or hostile `morgue.lock`, and writer processes that fail.

A writer is held at the gate of tests/test_faults_concurrency.py (inside its
locked section, just before it commits), so a second run meets it for sure.
Deleting `morgue.lock` meanwhile must change nothing: the second run waits or
exits 3, and never runs beside the first. A Whoosh sub-writer that fails (an
exception, no memory, killed outright, with the job queue full or not) ends
the build with one clear message and the documented exit code: no traceback
from any process, no hang, and the previous index answering as before.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_LOCKED, EXIT_RESOURCES, IndexLockedError
from index.search import SearchIndex
from index.store import lock as lock_module
from index.store.lock import LOCK, writer_lock

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import run_morgue
from .test_faults_concurrency import GATE, Gate, add_articles, finish, morgue, wait_for

pytestmark = pytest.mark.slow
NO_ENTITIES = BuildOptions(entities=False, procs=1)
QUERIES = ("oil", '"prime minister"', "government OR economy", "econ*")


def answers(index_dir: Path) -> dict[str, list[str]]:
    with SearchIndex(index_dir) as ix:
        return {q: [h.id for h in ix.search(q, limit=50).hits] for q in QUERIES}


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=NO_ENTITIES)
    return archive, index_dir, tmp_path


def in_progress(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.endswith(".tmp"))


# -- the lock -------------------------------------------------------------------------


@pytest.mark.parametrize("wait", [(), ("--wait", "1")], ids=["at once", "after waiting"])
def test_deleting_the_lock_file_mid_run_never_lets_a_second_rebuild_run(setup, wait):
    archive, index_dir, root = setup
    add_articles(archive, 0, 5)
    gate = Gate(root)
    first = morgue(archive, index_dir, "--rebuild", prelude=GATE, env=gate.env)
    try:
        wait_for(lambda: gate.reached() or first.poll() is not None)
        assert first.poll() is None, first.communicate()
        building = in_progress(index_dir)
        assert building  # the first rebuild's generation, being written
        (index_dir / LOCK).unlink()
        code, out, err = finish(morgue(archive, index_dir, "--rebuild", *wait))
        assert code == EXIT_LOCKED and "Another `morgue index` is writing" in err, err
        assert "Traceback" not in err and out == ""
        assert in_progress(index_dir) == building  # never cleaned away by the second run
    finally:
        gate.release()
    code, _out, err = finish(first)
    assert code == 0 and "Traceback" not in err, err
    with SearchIndex(index_dir) as ix:
        assert ix.doc_count() == 12 and ix.search("fresh3").total == 1


@pytest.mark.parametrize(
    "odd",
    ["a symlink to a file of the user's", "a FIFO", "a folder"],
)
def test_a_lock_file_that_is_not_a_regular_file_is_never_followed_or_blocks(setup, odd):
    archive, index_dir, root = setup
    precious = root / "precious.txt"
    precious.write_text("the user's own words\n")
    path = index_dir / LOCK
    path.unlink()
    if odd.startswith("a symlink"):
        path.symlink_to(precious)
    elif odd == "a FIFO":
        os.mkfifo(path)
    else:
        path.mkdir()
    add_articles(archive, 0, 2)
    report = update_index(archive, index_dir, options=NO_ENTITIES)
    assert report.added == 2
    assert precious.read_text() == "the user's own words\n"
    assert stat.S_ISREG(path.lstat().st_mode) and path.read_text() == f"{os.getpid()}\n"


def test_a_file_system_that_cannot_lock_a_folder_locks_the_lock_file_instead(setup, monkeypatch):
    _archive, index_dir, _root = setup
    real_flock = fcntl.flock

    def no_folder_locks(fd: int, operation: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, "Bad file descriptor")  # as NFS answers
        real_flock(fd, operation)

    monkeypatch.setattr(lock_module.fcntl, "flock", no_folder_locks)
    with writer_lock(index_dir):
        assert (index_dir / LOCK).read_text() == f"{os.getpid()}\n"
        with pytest.raises(IndexLockedError, match=rf"\(process {os.getpid()}\)"), writer_lock(index_dir):
            pass
    with writer_lock(index_dir):  # released
        pass


# -- sub-writers ----------------------------------------------------------------------

# Prepended to `morgue index`: two writer processes from 5 articles on, BATCH articles a job, and
# each sub-writer failing at its first job as FAIL says.
SUBWRITER_FAILS = """
import os, signal, whoosh.multiproc as _mp, index.engine.whoosh.writer as _w
_w.PARALLEL_WRITE_MIN = 5
_mp.MpWriter.__init__.__defaults__ = (None, int(os.environ["BATCH"]), None, False)
def _fail(self, filename, doc_count):
    how = os.environ["FAIL"]
    if how == "raise":
        raise RuntimeError("sub-writer exploded")
    if how == "memory":
        raise MemoryError()
    os.kill(os.getpid(), signal.SIGKILL)
_mp.SubWriterTask._process_file = _fail
"""


@pytest.mark.parametrize(
    ("fail", "batch", "code", "says"),
    [
        ("raise", 100, EXIT_LOCKED, "a writer process failed (RuntimeError: sub-writer exploded)"),
        ("raise", 1, EXIT_LOCKED, "a writer process failed (RuntimeError: sub-writer exploded)"),
        ("memory", 1, EXIT_RESOURCES, "Morgue ran out of memory while writing the index"),
        ("kill", 1, EXIT_LOCKED, "killed by signal 9"),
    ],
    ids=["raises", "raises with its job queue full", "runs out of memory", "is killed"],
)
def test_a_failing_sub_writer_ends_the_build_with_one_clear_message(setup, fail, batch, code, says):
    archive, index_dir, _root = setup
    before = answers(index_dir)
    add_articles(archive, 0, 30)
    done = run_morgue(
        "index", "--rebuild", "--no-entities", "--procs", "2", "--quiet",
        archive=archive, index=index_dir, prelude=SUBWRITER_FAILS,
        env={"FAIL": fail, "BATCH": str(batch)}, timeout=120,
    )  # fmt: skip
    err = " ".join(done.stderr.split())
    assert done.returncode == code, err
    assert says in err and "Traceback" not in err and "internal error" not in err, err
    assert err.count("morgue:") == 1, err  # one message
    if code == EXIT_LOCKED:
        assert "The previous index is unchanged" in err
    assert answers(index_dir) == before
    assert in_progress(index_dir) == []
