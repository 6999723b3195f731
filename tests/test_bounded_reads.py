"""Nothing Morgue reads is read without a bound, or waits forever to be read.

`morgue extract` takes what the ingest takes: regular files of at most
16 MiB, and standard input up to the same limit; /dev/zero and a FIFO are
refused at once (exit 2). The manifest, which an update needs, is damage with
its cure when it is not a regular file or is larger than its limit; the
sidecars' limit grows with the index (`sidecar_limit`), so a large archive's
sidecars still load while a damaged one is never read whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_NO_INDEX, EXIT_USAGE
from index.ingest import MAX_TEXT_BYTES
from index.store import generations
from index.store.generations import MANIFEST, current_generation, sidecar_limit
from index.store.names import NAMES_FILE, load_names

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .hang_guard import fail_if_hung
from .morgue_runner import cli, run_morgue

# Prepended to a `morgue` process: a file read whole fails fast instead of taking the machine's memory.
MEMORY_CAP = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))"
CURE = "morgue index --rebuild"


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    with fail_if_hung(60):
        yield


def extract(*args: str, stdin: str | None = None) -> tuple[int, str]:
    done = run_morgue("extract", *args, stdin=stdin, prelude=MEMORY_CAP, timeout=60)
    return done.returncode, " ".join(done.stderr.split())


# -- morgue extract ---------------------------------------------------------------------


def test_extract_refuses_dev_zero_at_once_instead_of_reading_it_forever() -> None:
    code, err = extract("/dev/zero")
    assert code == EXIT_USAGE and "Cannot read /dev/zero: not a regular file." in err, err
    assert "Traceback" not in err


def test_extract_refuses_a_fifo_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    code, err = extract(str(tmp_path / "pipe.txt"))
    assert code == EXIT_USAGE and "not a regular file" in err, err


def test_extract_refuses_a_file_over_the_ingests_16_mib_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_TEXT_BYTES + 1)  # sparse: nothing written, and nothing may be read
    code, err = extract(str(big))
    assert code == EXIT_USAGE and "larger than the 16 MiB limit" in err, err


def test_extract_reads_standard_input_up_to_16_mib_then_says_so() -> None:
    code, err = extract(stdin="x" * (MAX_TEXT_BYTES + 1))
    assert code == EXIT_USAGE, err
    assert "Cannot read standard input: larger than the 16 MiB limit." in err


def test_extract_still_reads_a_file_through_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Chancellor Gordon Brown spoke in London.\n")
    (tmp_path / "link.txt").symlink_to(tmp_path / "story.txt")
    done = run_morgue("extract", str(tmp_path / "link.txt"), timeout=120)
    assert done.returncode == 0 and "Gordon Brown" in done.stdout, done.stderr


# -- the index folder's own files -------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("bounded")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    update_index(archive, root / "index", options=BuildOptions(entities=False, procs=1))
    return archive, root / "index"


@pytest.fixture
def copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, Path]:
    archive, index_dir = built
    shutil.copytree(index_dir, tmp_path / "index")
    gen = current_generation(tmp_path / "index")
    assert gen is not None
    return archive, tmp_path / "index", gen


def larger_than_its_limit(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(sidecar_limit(path.parent) + 1)  # sparse


@pytest.mark.parametrize(
    "damage",
    ["a FIFO", "a symlink to /dev/zero", "larger than its limit"],
)
def test_a_manifest_that_is_not_a_small_regular_file_stops_updates_with_the_cure(
    copy, capsys, damage
) -> None:
    archive, index_dir, gen = copy
    manifest = gen / MANIFEST
    if damage == "larger than its limit":
        larger_than_its_limit(manifest)
    else:
        manifest.unlink()
        os.mkfifo(manifest) if damage == "a FIFO" else manifest.symlink_to("/dev/zero")
    code, _out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1")
    assert code == EXIT_NO_INDEX and CURE in err and "internal error" not in err, err
    assert cli(capsys, archive, index_dir, "search", "oil")[0] == 0  # searches never read it
    assert cli(capsys, archive, index_dir, "index", "--rebuild", "--no-entities", "--procs", "1")[0] == 0


def test_a_sidecars_limit_grows_with_the_index_it_belongs_to(copy, monkeypatch) -> None:
    _archive, _index_dir, gen = copy
    monkeypatch.setattr(generations, "SIDECAR_FLOOR", 0)
    engine_bytes = sum(p.stat().st_size for p in gen.iterdir() if p.name not in generations.SIDECARS)
    assert sidecar_limit(gen) == 2 * engine_bytes
    names = {f"person:someone {n}": f"Someone {n}" for n in range(engine_bytes // 30)}
    (gen / NAMES_FILE).write_text(str(names).replace("'", '"'))  # as large as the engine's files
    assert load_names(gen) == names
    larger_than_its_limit(gen / NAMES_FILE)
    assert load_names(gen) == {}  # damage: the extras are lost, never the memory


def test_a_file_swapped_for_a_fifo_after_the_scan_is_skipped_never_waited_on(tmp_path: Path) -> None:
    from index.build.reading import read_files
    from index.ingest import SourceFile

    os.mkfifo(tmp_path / "story.txt")  # was a regular file when the archive was walked
    src = SourceFile(path=tmp_path / "story.txt", rel="story.txt", size=10, mtime_ns=0)
    read = read_files([src], lambda _p: None)
    assert read.entries["story.txt"].skipped == "not a regular file" and read.articles == {}
