"""The disk says no: a read-only index folder, a full disk, an index deleted under a reader.

Each ends in a clear message and a documented exit code (3: cannot write), never
a traceback; nothing half-written is ever swapped in, a failed run gives its
disk space back, and the previous index keeps answering. A real small tmpfs is
used where this process may mount one (root); writes patched to fail with
ENOSPC give the same guarantees everywhere.
"""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_LOCKED, EXIT_NO_INDEX, IndexNotWritableError, MorgueError
from index.search import SearchIndex
from index.stats import entity_counts, index_stats
from index.store.generations import CURRENT, GEN_PREFIX, current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import cli

QUERIES = ("oil", '"prime minister"', "government OR economy", "econ*", "goverment~")
NO_ENTITIES = BuildOptions(entities=False, procs=1)


def answers(index_dir: Path) -> dict[str, list[str]]:
    with SearchIndex(index_dir) as ix:
        return {q: [h.id for h in ix.search(q, limit=50).hits] for q in QUERIES}


def add_bulk(archive: Path, n: int, words: int = 200) -> None:
    """`n` articles of unique words each (`bulkN` finds article N): they take real space."""
    folder = archive / "bulk"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = " ".join(f"w{i}x{j}" for j in range(words))
        (folder / f"{i:04d}.txt").write_text(f"Bulk story {i}\n\nbulk{i} {body}\n")


def leftovers(index_dir: Path) -> list[str]:
    """Debris a failed run must not leave: unfinished generations, Whoosh temp folders."""
    found = [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    for gen in index_dir.glob(GEN_PREFIX + "*"):
        if gen.is_dir():
            found += [f"{gen.name}/{p.name}" for p in gen.iterdir() if p.name.endswith(".tmp")]
    return found


def used_kib(path: Path) -> int:
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize // 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB tmpfs; skipped where this process cannot mount one."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


# -- read-only ------------------------------------------------------------------


def test_a_read_only_index_folder_refuses_writes_with_exit_3_and_still_answers(small_disk, tmp_path, capsys):
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = small_disk / "index"
    update_index(archive, index_dir, options=NO_ENTITIES)
    before = answers(index_dir)
    add_bulk(archive, 3, words=5)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    for extra in ((), ("--rebuild",)):
        code, out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1", *extra)
        assert code == EXIT_LOCKED, err
        assert "Cannot write the index" in err and "Read-only file system" in err and "Traceback" not in err
        assert out == ""
    assert answers(index_dir) == before
    for args in (("search", "oil"), ("stats",), ("list",), ("show", "business/oil.md"), ("entities",)):
        assert cli(capsys, archive, index_dir, *args)[0] == 0, args


def test_an_index_folder_that_refuses_writes_exits_3_even_where_nothing_can_be_mounted(
    fixture_archive, tmp_path, capsys, monkeypatch
):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_ENTITIES)
    before = answers(index_dir)
    real_open = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        if writing and str(os.fspath(path)).startswith(str(index_dir)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    for extra in ((), ("--rebuild",)):
        code, _out, err = cli(
            capsys, fixture_archive, index_dir, "index", "--no-entities", "--procs", "1", *extra
        )
        assert code == EXIT_LOCKED and "Read-only file system" in err, err
    assert cli(capsys, fixture_archive, index_dir, "search", "oil")[0] == 0
    monkeypatch.undo()
    assert answers(index_dir) == before


def test_an_index_path_that_is_a_file_is_a_clear_message_not_a_traceback(fixture_archive, tmp_path, capsys):
    not_a_folder = tmp_path / "index"
    not_a_folder.write_text("I am a file\n")
    code, _out, err = cli(capsys, fixture_archive, not_a_folder, "index", "--no-entities")
    assert code == EXIT_LOCKED and "Cannot write the index" in err, err
    code, _out, err = cli(capsys, fixture_archive, not_a_folder, "search", "oil")
    assert code == EXIT_NO_INDEX and "morgue index" in err, err
    code, _out, err = cli(capsys, fixture_archive, not_a_folder / "below", "index", "--no-entities")
    assert code == EXIT_LOCKED and "Cannot write the index" in err, err
    assert not_a_folder.read_text() == "I am a file\n"


# -- a full disk -------------------------------------------------------------------


@pytest.mark.slow
def test_a_full_disk_fails_the_run_cleanly_gives_the_space_back_and_keeps_the_old_index(
    small_disk, tmp_path, capsys
):
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = small_disk / "index"
    update_index(archive, index_dir, options=NO_ENTITIES)
    live, before, used = current_generation(index_dir), answers(index_dir), used_kib(small_disk)
    add_bulk(archive, 300)  # about 1 MB of text: no index of it fits in 512 KiB
    for extra in (("--rebuild",), ()):
        code, out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1", *extra)
        assert code == EXIT_LOCKED, err
        assert "No space left on device" in err
        # The advice names the archive and index (`morgue index --archive ... --index ...`).
        assert ("previous index is unchanged" if extra else "run `morgue index --archive") in err
        assert "Traceback" not in err and out == ""
        assert current_generation(index_dir) == live  # nothing half-written swapped in
        assert answers(index_dir) == before
        assert leftovers(index_dir) == []
        assert used_kib(small_disk) <= used + 8, "a failed run must give its disk space back"
    shutil.rmtree(archive / "bulk")
    add_bulk(archive, 5, words=20)  # now it fits: the next run completes
    code, _out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1")
    assert code == 0, err
    with SearchIndex(index_dir) as ix:
        assert ix.doc_count() == 12
        assert all(ix.search(f"bulk{i}").total == 1 for i in range(5))
        assert [h.id for h in ix.search("oil").hits] == before["oil"]


class _DiskFull:
    """`open()` for the files under one folder, whose writes fail with ENOSPC once the disk
    "fills": after `budget` bytes, or at the first write to a file whose name contains `at`."""

    def __init__(self, under: Path) -> None:
        self.under = str(under)
        self.budget: int | None = None
        self.at: str | None = None
        self.real_open = builtins.open
        self.tripped = False

    def open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = self.real_open(file, mode, *args, **kwargs)
        path = str(os.fspath(file))
        if any(c in mode for c in "wax+") and path.startswith(self.under):
            return _Metered(handle, self, os.path.basename(path))
        return handle

    def fill(self, size: int, name: str) -> None:
        full = self.at is not None and self.at in name
        if self.budget is not None:
            self.budget -= size
            full = full or self.budget < 0
        if full:
            self.tripped = True
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _Metered:
    def __init__(self, handle: Any, disk: _DiskFull, name: str) -> None:
        self._handle = handle
        self._disk = disk
        self._name = name

    def write(self, data: Any) -> int:
        self._disk.fill(len(data), self._name)
        return int(self._handle.write(data))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _Metered:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.__exit__(*exc)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._handle)


# Where the disk fills up: at its first byte, then at each file a run writes, in the order it writes them.
STAGES = (
    "first byte",
    ".trm",
    ".seg",
    ".toc",
    "names.json",
    "vocab.tsv",
    "manifest.json",
    "meta.json",
    "CURRENT",
)


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "update"])
def test_a_disk_filling_up_at_any_stage_never_leaves_a_half_written_index(
    fixture_archive, tmp_path, monkeypatch, rebuild
):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_ENTITIES)
    before = answers(index_dir)
    add_bulk(fixture_archive, 40, words=60)
    disk = _DiskFull(index_dir)
    monkeypatch.setattr(builtins, "open", disk.open)
    outcomes: dict[str, str] = {}
    for stage in STAGES:
        live = current_generation(index_dir)
        disk.tripped = False
        disk.budget, disk.at = (0, None) if stage == "first byte" else (None, stage)
        try:
            update_index(fixture_archive, index_dir, rebuild=rebuild, options=NO_ENTITIES)
        except IndexNotWritableError as exc:
            assert disk.tripped and "No space left on device" in exc.message and exc.exit_code == EXIT_LOCKED
        disk.budget = disk.at = None
        assert leftovers(index_dir) == [], stage
        with SearchIndex(index_dir) as ix:
            new = sum(ix.search(f"bulk{i}").total for i in range(40))
            assert new in (0, 40), "a run is all or nothing"
            if new == 0:
                assert [h.id for h in ix.search("oil").hits] == before["oil"]
                if rebuild:
                    assert current_generation(index_dir) == live
        outcomes[stage] = f"{'failed' if disk.tripped else 'done'}, {new} new live"
        if not disk.tripped:
            break
    assert sum(o.startswith("failed") for o in outcomes.values()) >= 7, outcomes
    # Space again: the next run brings the index fully in step.
    report = update_index(fixture_archive, index_dir, options=NO_ENTITIES)
    assert report.docs == 47
    with SearchIndex(index_dir) as ix:
        assert ix.doc_count() == 47
        assert all(ix.search(f"bulk{i}").total == 1 for i in range(40))
        assert {
            q: [h.id for h in ix.search(q, limit=50).hits if not h.id.startswith("bulk/")] for q in QUERIES
        } == before
    if rebuild:
        assert len([p for p in index_dir.iterdir() if p.name.startswith(GEN_PREFIX)]) <= 2


# -- deleted under a reader -----------------------------------------------------------


@pytest.mark.parametrize("warm", [False, True], ids=["just opened", "after use"])
def test_an_index_deleted_under_an_open_reader_keeps_answering(fixture_archive, tmp_path, capsys, warm):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_ENTITIES)
    before = answers(index_dir)
    with SearchIndex(index_dir) as ix:
        if warm:
            ix.search("goverment")
            index_stats(ix)
        shutil.rmtree(index_dir)
        assert ix.refresh() is False
        calls = {
            "search": lambda: [h.id for h in ix.search("oil").hits],
            "fuzzy": lambda: ix.search("goverment~"),
            "article": lambda: ix.article("business/oil.md").title,
            "highlights": lambda: ix.highlights("business/oil.md", "oil"),
            "more_like": lambda: ix.more_like("business/oil.md"),
            "cooccurring": lambda: ix.cooccurring("person", "Tony Blair"),
            "list": lambda: len(list(ix.iter_articles())),
            "stats": lambda: index_stats(ix).docs,
            "entities": lambda: entity_counts(ix, None, 5),
            "doc_count": ix.doc_count,
        }
        got = {}
        for name, call in calls.items():
            try:
                got[name] = call()
            except MorgueError as exc:  # allowed: a message, never a raw exception
                got[name] = exc.message
        assert got["search"] == before["oil"]
        assert got["article"] == "Oil prices climb as supply tightens"
        assert got["list"] == got["stats"] == got["doc_count"] == 7
        # The CLI, opening afresh, says there is no index.
        code, _out, err = cli(capsys, fixture_archive, index_dir, "search", "oil")
        assert code == EXIT_NO_INDEX and "morgue index" in err
        # Rebuilt at the same place, the open reader picks the new index up.
        add_bulk(fixture_archive, 2, words=5)
        update_index(fixture_archive, index_dir, options=NO_ENTITIES)
        assert ix.search("bulk1").total == 1
        assert ix.doc_count() == 9


def test_a_deleted_live_generation_under_an_open_reader_keeps_answering(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_ENTITIES)
    with SearchIndex(index_dir) as ix:
        gen = current_generation(index_dir)
        assert gen is not None
        shutil.rmtree(gen)
        assert ix.search("oil").total == 1
        (index_dir / CURRENT).unlink()
        assert ix.search("oil").total == 1 and ix.refresh() is False
