"""A damaged index is detected, named, and cured by `morgue index --rebuild`.

Each damage is done to a copy of one pristine index: a truncated or missing
segment file, a missing or broken TOC file, a garbage CURRENT pointer, broken
metadata and sidecar files, and bytes overwritten inside a segment; and files
that are not what Morgue wrote at all (a FIFO, a folder, a huge file, a link to
/dev/zero), which must never be read whole or block. Opening or searching a
damaged index gives a MorgueError (exit code 4) whose message tells the user to
run `morgue index --rebuild`, never a traceback; the rebuild then brings back
exactly the answers the pristine index gave, from every damage, and a rebuild
that fails says truly what it left.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_LOCKED, EXIT_NO_INDEX, MorgueError
from index.overview import read_overview
from index.search import SearchIndex
from index.stats import entity_counts, index_stats
from index.store.generations import CURRENT, GEN_PREFIX, current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .hang_guard import fail_if_hung
from .morgue_runner import cli, run_morgue

REPO = Path(__file__).resolve().parent.parent
QUERIES = ("oil", '"prime minister"', "government OR economy", "econ*", "goverment~", "title:broadband")
CURE = "morgue index --rebuild"


def answers(index_dir: Path) -> dict[str, list[str]]:
    with SearchIndex(index_dir) as ix:
        return {q: [h.id for h in ix.search(q, limit=50).hits] for q in QUERIES}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("corrupt")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(entities=False, procs=1))
    return archive, index_dir, answers(index_dir)


@pytest.fixture
def copy(pristine, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A private copy of the pristine index: (archive, index dir, live generation)."""
    archive, index_dir, _ = pristine
    target = tmp_path / "index"
    shutil.copytree(index_dir, target)
    gen = current_generation(target)
    assert gen is not None
    return archive, target, gen


def segment(gen: Path) -> Path:
    [seg] = gen.glob("*.seg")
    return seg


def toc(gen: Path) -> Path:
    [found] = gen.glob("_MAIN_*.toc")
    return found


def truncate(path: Path, size: int) -> None:
    os.truncate(path, max(0, size))


def replaced(path: Path, make: Callable[[Path], object]) -> None:
    """`path` made into something Morgue never writes there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    make(path)


def dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")  # endless: read whole, it takes the machine's memory


def padded(path: Path, size: int) -> None:
    """Still the right name once stripped, but `size` bytes long."""
    with open(path, "ab") as fh:
        fh.write(b" " * (size - path.stat().st_size))


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    with fail_if_hung(120):
        yield


Damage = Callable[[Path, Path], object]

# name -> (damage(index dir, generation), does a plain `morgue index` repair it by rebuilding?)
DAMAGES: dict[str, tuple[Damage, bool]] = {
    "a segment file truncated to half": (
        lambda i, g: truncate(segment(g), segment(g).stat().st_size // 2),
        False,
    ),
    "a segment file truncated to nothing": (lambda i, g: truncate(segment(g), 0), False),
    "a segment file missing its last 100 bytes": (
        lambda i, g: truncate(segment(g), segment(g).stat().st_size - 100),
        False,
    ),
    "a missing segment file": (lambda i, g: segment(g).unlink(), False),
    "a missing TOC file": (lambda i, g: toc(g).unlink(), False),
    "a truncated TOC file": (lambda i, g: truncate(toc(g), 10), False),
    "a TOC file of random bytes": (lambda i, g: toc(g).write_bytes(random.Random(7).randbytes(3000)), False),
    "a CURRENT pointer of garbage bytes": (
        lambda i, g: (i / CURRENT).write_bytes(b"\x00\xff\xfegarbage\n"),
        True,
    ),
    "an empty CURRENT pointer": (lambda i, g: (i / CURRENT).write_bytes(b""), True),
    "a CURRENT pointer naming a missing generation": (
        lambda i, g: (i / CURRENT).write_text(GEN_PREFIX + "20000101T000000-000000000\n"),
        True,
    ),
    "a CURRENT pointer escaping the index folder": (
        lambda i, g: (i / CURRENT).write_text("gen-../../etc\n"),
        True,
    ),
    "a live generation folder deleted": (lambda i, g: shutil.rmtree(g), True),
    "an unreadable meta.json": (lambda i, g: (g / "meta.json").write_text("{not json"), False),
    "a missing meta.json": (lambda i, g: (g / "meta.json").unlink(), False),
    "a CURRENT pointer that is a symlink to /dev/zero": (lambda i, g: replaced(i / CURRENT, dev_zero), True),
    "a CURRENT pointer that is a FIFO": (lambda i, g: replaced(i / CURRENT, os.mkfifo), True),
    "a CURRENT pointer that is a directory": (lambda i, g: replaced(i / CURRENT, Path.mkdir), True),
    "a CURRENT pointer padded to 16 MiB": (lambda i, g: padded(i / CURRENT, 16 << 20), True),
    "a meta.json holding a JSON list": (lambda i, g: (g / "meta.json").write_text("[]"), False),
    "a meta.json holding null": (lambda i, g: (g / "meta.json").write_text("null"), False),
    "a meta.json holding a string": (lambda i, g: (g / "meta.json").write_text('"x"'), False),
    "a meta.json holding a number": (lambda i, g: (g / "meta.json").write_text("3"), False),
    "a meta.json whose schema version is a list": (
        lambda i, g: (g / "meta.json").write_text('{"schema_version": []}'),
        False,
    ),
    "a meta.json that is a symlink to /dev/zero": (lambda i, g: replaced(g / "meta.json", dev_zero), False),
    "a meta.json that is a FIFO": (lambda i, g: replaced(g / "meta.json", os.mkfifo), False),
    "a meta.json that is a directory": (lambda i, g: replaced(g / "meta.json", Path.mkdir), False),
    "a segment file that is a FIFO": (lambda i, g: replaced(segment(g), os.mkfifo), False),
    "a TOC file that is a symlink to /dev/zero": (lambda i, g: replaced(toc(g), dev_zero), False),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_index_is_detected_with_a_message_to_rebuild(copy, damage: str) -> None:
    _archive, index_dir, gen = copy
    DAMAGES[damage][0](index_dir, gen)
    with pytest.raises(MorgueError) as caught, SearchIndex(index_dir) as ix:
        ix.search("oil")
    assert caught.value.exit_code == EXIT_NO_INDEX
    assert CURE in caught.value.message


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_every_reading_command_exits_4_with_the_cure_and_no_traceback(copy, capsys, damage: str) -> None:
    archive, index_dir, gen = copy
    DAMAGES[damage][0](index_dir, gen)
    for args in (("search", "oil"), ("stats",), ("list",), ("show", "business/oil.md"), ("entities",)):
        code, out, err = cli(capsys, archive, index_dir, *args)
        assert code == EXIT_NO_INDEX, (args, err)
        assert CURE in err and "Traceback" not in err and "internal error" not in err, (args, err)
        assert out == ""


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_morgue_index_rebuild_brings_back_the_same_answers(pristine, copy, capsys, damage: str) -> None:
    archive, index_dir, gen = copy
    DAMAGES[damage][0](index_dir, gen)
    code, _out, err = cli(capsys, archive, index_dir, "index", "--rebuild", "--no-entities", "--procs", "1")
    assert code == 0, err
    assert answers(index_dir) == pristine[2]
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]


# Prepended to a `morgue` process: a cap on its memory, so that a file read whole fails fast
# (MemoryError) instead of taking the machine's memory.
MEMORY_CAP = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))"
# ... and a disk that fills up as the rebuild writes its documents.
FULL_DISK = """
import errno, index.engine.whoosh.writer as _w
def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")
_w.commit_documents = _full
"""


def files_of(gen: Path) -> dict[str, int]:
    return {p.name: p.lstat().st_size for p in gen.iterdir()} if gen.is_dir() else {}


@pytest.mark.slow
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_real_rebuild_cures_every_damage_and_a_failed_one_says_truly_what_it_left(
    pristine, copy, damage: str
) -> None:
    archive, index_dir, gen = copy
    make, no_live_index = DAMAGES[damage]
    make(index_dir, gen)
    before = files_of(gen)

    def rebuild(prelude: str) -> tuple[int, str]:
        done = run_morgue(
            "index", "--rebuild", "--no-entities", "--procs", "1", "--quiet",
            archive=archive, index=index_dir, prelude=prelude, timeout=120,
        )  # fmt: skip
        return done.returncode, " ".join(done.stderr.split())

    code, err = rebuild(MEMORY_CAP + FULL_DISK)
    assert code == EXIT_LOCKED and "No space left on device" in err, err
    assert "Traceback" not in err and "internal error" not in err, err
    if no_live_index:  # nothing usable was there, and nothing was written: never "unchanged"
        assert "unchanged" not in err and "none was written" in err, err
    else:
        assert "The previous index is unchanged" in err and files_of(gen) == before, err
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]

    code, err = rebuild(MEMORY_CAP)
    assert code == 0 and err == "", err
    assert answers(index_dir) == pristine[2]
    searched = run_morgue("search", "oil", archive=archive, index=index_dir, prelude=MEMORY_CAP)
    assert searched.returncode == 0 and "oil" in searched.stdout.lower(), searched.stderr


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_plain_update_of_a_damaged_index_repairs_it_or_names_the_cure(
    pristine, copy, capsys, damage: str
) -> None:
    archive, index_dir, gen = copy
    make, repairs = DAMAGES[damage]
    make(index_dir, gen)
    code, _out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1")
    if repairs:  # no live generation: the update is a rebuild
        assert code == 0, err
        assert answers(index_dir) == pristine[2]
    else:
        assert code == EXIT_NO_INDEX and CURE in err and "internal error" not in err, err


def test_a_damaged_manifest_stops_updates_with_the_cure_but_searches_still_answer(
    pristine, copy, capsys
) -> None:
    archive, index_dir, gen = copy
    (gen / "manifest.json").write_text('{"files": [1, 2')
    code, _out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1")
    assert code == EXIT_NO_INDEX and CURE in err and "internal error" not in err, err
    assert answers(index_dir) == pristine[2]
    (gen / "manifest.json").write_text('{"files": {"a.txt": {"size": "big"}}}')  # valid JSON, wrong shape
    code, _out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1")
    assert code == EXIT_NO_INDEX and CURE in err, err
    assert cli(capsys, archive, index_dir, "index", "--rebuild", "--no-entities", "--procs", "1")[0] == 0
    code, out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1", "--json")
    assert code == 0 and '"unchanged": 7' in out, err


SIDECARS: dict[str, Damage] = {
    "names.json of garbage": lambda i, g: (g / "names.json").write_text("{nope"),
    "names.json missing": lambda i, g: (g / "names.json").unlink(),
    "vocab.tsv of random bytes": lambda i, g: (g / "vocab.tsv").write_bytes(random.Random(3).randbytes(600)),
    "vocab.tsv missing": lambda i, g: (g / "vocab.tsv").unlink(),
    "names.json a symlink to /dev/zero": lambda i, g: replaced(g / "names.json", dev_zero),
    "names.json a FIFO": lambda i, g: replaced(g / "names.json", os.mkfifo),
    "vocab.tsv a symlink to /dev/zero": lambda i, g: replaced(g / "vocab.tsv", dev_zero),
    "vocab.tsv a FIFO": lambda i, g: replaced(g / "vocab.tsv", os.mkfifo),
    "overview.json a symlink to /dev/zero": lambda i, g: replaced(g / "overview.json", dev_zero),
    "overview.json a FIFO": lambda i, g: replaced(g / "overview.json", os.mkfifo),
    "overview.json holding a list": lambda i, g: (g / "overview.json").write_text("[]"),
}


@pytest.mark.parametrize("damage", list(SIDECARS))
def test_a_damaged_sidecar_file_costs_extras_but_never_the_search(
    pristine, copy, capsys, damage: str
) -> None:
    archive, index_dir, gen = copy
    SIDECARS[damage](index_dir, gen)
    got = answers(index_dir)
    exact = [q for q in QUERIES if not q.endswith("~")]  # fuzzy matching needs the vocabulary
    assert {q: got[q] for q in exact} == {q: pristine[2][q] for q in exact}
    with SearchIndex(index_dir) as ix:
        assert ix.search("goverment").error is None  # did-you-mean may be gone, the search is not
        assert index_stats(ix).docs == 7
    saved = read_overview(index_dir)  # the TUI's first screen: the saved figures, or none
    assert saved is None or saved.docs == 7
    for args in (("search", "oil"), ("stats",), ("list",)):
        assert cli(capsys, archive, index_dir, *args)[0] == 0, args
    # An update rewrites the sidecars; a rebuild restores everything.
    assert cli(capsys, archive, index_dir, "index", "--rebuild", "--no-entities", "--procs", "1")[0] == 0
    assert answers(index_dir) == pristine[2]


def test_bytes_overwritten_inside_a_segment_give_answers_or_a_clear_error_never_a_crash(
    pristine, copy
) -> None:
    """Whoosh has no checksums: some damage goes unnoticed, but none may escape as a raw exception."""
    _archive, index_dir, gen = copy
    seg = segment(gen)
    original = seg.read_bytes()
    outcomes = {"answered": 0, "detected": 0}
    for offset in range(0, len(original), 1500):
        damaged = bytearray(original)
        damaged[offset : offset + 400] = b"\xff" * len(damaged[offset : offset + 400])
        seg.write_bytes(bytes(damaged))
        try:
            with SearchIndex(index_dir) as ix:
                for q in QUERIES:
                    ix.search(q)
                for hit in ix.search("econ* OR oil OR bank OR broadband").hits:
                    ix.article(hit.id)
                    ix.highlights(hit.id, "oil")
                    ix.more_like(hit.id)
                list(ix.iter_articles())
                index_stats(ix)
                entity_counts(ix, None, 10)
                ix.cooccurring("person", "Tony Blair", "economy")
            outcomes["answered"] += 1
        except MorgueError as exc:  # NotFoundError for a lost id, CorruptIndexError otherwise
            assert exc.exit_code in (EXIT_NO_INDEX, 5), exc.message
            if exc.exit_code == EXIT_NO_INDEX:
                assert CURE in exc.message
            outcomes["detected"] += 1
    assert outcomes["detected"] > 0, outcomes
    seg.write_bytes(original)
    assert answers(index_dir) == pristine[2]


@pytest.mark.slow
def test_a_real_morgue_process_on_a_truncated_segment_exits_4_then_rebuilds(pristine, copy) -> None:
    archive, index_dir, gen = copy
    truncate(segment(gen), segment(gen).stat().st_size // 3)

    def morgue(*args: str) -> subprocess.CompletedProcess[str]:
        return run_morgue(*args, archive=archive, index=index_dir, timeout=120)

    broken = morgue("search", "oil")
    assert broken.returncode == EXIT_NO_INDEX
    assert CURE in " ".join(broken.stderr.split()) and "Traceback" not in broken.stderr
    assert morgue("index", "--rebuild", "--no-entities", "--procs", "1", "--quiet").returncode == 0
    assert answers(index_dir) == pristine[2]


def test_a_stored_record_that_reads_back_empty_is_reported_as_damage(copy, monkeypatch) -> None:
    """Whoosh turns a stored record it cannot find into `{}`, no error: Morgue must not crash on it."""
    from whoosh.codec import whoosh3

    _archive, index_dir, _gen = copy
    with SearchIndex(index_dir) as ix:
        some_id = ix.search("oil").hits[0].id
    monkeypatch.setattr(whoosh3.W3PerDocReader, "stored_fields", lambda self, docnum: {})
    with SearchIndex(index_dir) as ix:
        for attempt in (
            lambda: ix.search("oil"),
            lambda: ix.article(some_id),
            lambda: list(ix.iter_articles()),
        ):
            with pytest.raises(MorgueError) as caught:
                attempt()
            assert caught.value.exit_code == EXIT_NO_INDEX and CURE in caught.value.message
