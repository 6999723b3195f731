"""An index folder is data: opening, searching or updating one runs none of its contents.

Whoosh stores parts of an index as pickles, and a pickle can name any function
to call. Each folder here has one planted pickle that would run
`touch MARKER` (see `planted_pickles`); Morgue must report the index as
damaged, with the cure (`morgue index --rebuild`, exit code 4), and the marker
must never appear. The writers' temporary files (the multiprocess writer's job
files, a posting pool's spilled runs) live in the index folder too and are
read back the same guarded way.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_NO_INDEX, CorruptIndexError, MorgueError
from index.search import SearchIndex
from index.store.generations import current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .planted_pickles import (
    KINDS,
    PLANTED_QUERY,
    SEGMENT_KINDS,
    payload,
    plant,
    plant_segments,
    toc_file,
    toc_segments_at,
)

REPO = Path(__file__).resolve().parent.parent
CURE = "morgue index --rebuild"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("runs-no-code")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(entities=False, procs=1))
    return archive, index_dir


@pytest.fixture(scope="module")
def planted(pristine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """kind -> (index folder with that pickle planted, the marker file its payload would create)."""
    _archive, index_dir = pristine
    root = tmp_path_factory.mktemp("planted")
    folders: dict[str, tuple[Path, Path]] = {}
    for n, kind in enumerate(KINDS):
        target = root / f"index-{n}"
        shutil.copytree(index_dir, target)
        folders[kind] = (target, root / f"marker-{n}")
    plant_segments([(kind, _gen(folders[kind][0]), folders[kind][1]) for kind in SEGMENT_KINDS])
    for kind in KINDS:
        if kind not in SEGMENT_KINDS:
            plant(kind, _gen(folders[kind][0]), folders[kind][1])
    return folders


@pytest.fixture
def engine_started(pristine) -> None:
    """Morgue has opened an index: its engine is started (`patches.start`), as before any reading."""
    SearchIndex(pristine[1]).close()


def _gen(index_dir: Path) -> Path:
    gen = current_generation(index_dir)
    assert gen is not None
    return gen


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "index", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def _search_everything(index_dir: Path) -> None:
    with SearchIndex(index_dir) as ix:
        for hit in ix.search(PLANTED_QUERY).hits:
            ix.article(hit.id)
        ix.search("oil OR planted")


@pytest.mark.parametrize("kind", KINDS)
def test_morgues_search_api_reports_a_planted_pickle_as_damage_and_runs_none_of_it(planted, kind) -> None:
    index_dir, marker = planted[kind]
    marker.unlink(missing_ok=True)  # each test on its own, whatever another one did
    with pytest.raises(MorgueError) as caught:
        _search_everything(index_dir)
    assert not marker.exists(), f"the planted {kind} ran"
    assert isinstance(caught.value, CorruptIndexError), caught.value
    assert caught.value.exit_code == EXIT_NO_INDEX and CURE in caught.value.message


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_the_cli_exits_4_with_the_cure_and_no_traceback_on_a_planted_pickle_and_runs_none_of_it(
    planted, kind
) -> None:
    index_dir, marker = planted[kind]
    marker.unlink(missing_ok=True)
    run = _cli("search", PLANTED_QUERY, "--index", str(index_dir))
    assert not marker.exists(), f"the planted {kind} ran"
    assert run.returncode == EXIT_NO_INDEX, run.stderr
    assert CURE in " ".join(run.stderr.split()) and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "kind", ["toc schema", "toc segments", "toc in the old format", "compound directory"]
)
def test_an_update_of_a_planted_index_runs_none_of_it(pristine, kind, tmp_path) -> None:
    archive, index_dir = pristine
    target, marker = tmp_path / "index", tmp_path / "marker"
    shutil.copytree(index_dir, target)
    plant(kind, _gen(target), marker)
    added = archive / "business" / "planted-update.txt"
    added.write_text("Fresh news\n\nPlanted evidence again.\n")
    try:
        with pytest.raises(MorgueError) as caught:
            update_index(archive, target, options=BuildOptions(entities=False, procs=1))
    finally:
        added.unlink()
    assert not marker.exists(), f"the planted {kind} ran"
    assert caught.value.exit_code == EXIT_NO_INDEX and CURE in caught.value.message


def test_a_sub_writers_planted_job_file_runs_no_code(engine_started, tmp_path) -> None:
    """The multiprocess writer's job files (documents for a sub-writer) are read through the guard."""
    from whoosh import multiproc
    from whoosh.filedb.filestore import FileStorage

    marker = tmp_path / "marker"
    (tmp_path / "job.doclist").write_bytes(payload(marker, 4))

    class Writer:
        def temp_storage(self) -> FileStorage:
            return FileStorage(str(tmp_path))

        def add_document(self, **fields: object) -> None:
            raise AssertionError("a planted job reached the writer")

    task = multiproc.SubWriterTask.__new__(multiproc.SubWriterTask)
    task.writer = Writer()
    with pytest.raises(CorruptIndexError):
        task._process_file("job.doclist", 1)
    assert not marker.exists()


def test_a_planted_posting_run_runs_no_code_in_morgues_pool_or_whooshs(engine_started, tmp_path) -> None:
    """A writer's pool spills sorted postings to run files in the index folder and reads them back."""
    from whoosh import externalsort, writing
    from whoosh.filedb.filestore import FileStorage

    marker = tmp_path / "marker"
    pool = writing.PostingPool(FileStorage(str(tmp_path)), None)
    for read_run in (writing.PostingPool._read_run, externalsort.SortingPool._read_run):
        (tmp_path / "planted.run").write_bytes(payload(marker, 4))
        with pytest.raises(CorruptIndexError):
            list(read_run(pool, "planted.run"))
        assert not marker.exists()


def test_a_pickle_naming_anything_outside_the_allow_list_is_refused_before_it_is_imported(
    engine_started,
) -> None:
    """Naming a module is enough to run its top-level code: the guard refuses before importing it."""
    from whoosh import columns

    imported_before = "this" in sys.modules
    for module, name in (("os", "system"), ("builtins", "eval"), ("this", "s"), ("pickle", "loads")):
        forged = f"\x80\x02c{module}\n{name}\n.".encode("latin-1")
        with pytest.raises(CorruptIndexError) as caught:
            columns.loads(forged)
        assert f"{module}.{name}" in caught.value.message
    assert imported_before or "this" not in sys.modules  # `import this` prints the Zen of Python


def test_every_pickle_loader_whoosh_2_7_5_binds_reads_through_the_guard(engine_started) -> None:
    import whoosh

    from index.engine.whoosh import patches, safe_pickle
    from index.engine.whoosh.patching import ORIGINALS, resolve

    assert whoosh.versionstring() == patches.WRITTEN_FOR
    for path in safe_pickle.AUDITED:
        owner, attr = resolve(path)
        guarded = getattr(owner, attr)
        assert guarded is not ORIGINALS[path], path
        assert guarded in (
            safe_pickle.load,
            safe_pickle.loads,
            safe_pickle.GUARDED_PICKLE,
            safe_pickle._find_allowed,
            {},
        ), path
    # Every module of the installed Whoosh that imports, scanned again: nothing left unguarded
    assert safe_pickle.guard_sites(everything=True) == {}


def test_a_whoosh_the_guard_cannot_vouch_for_opens_no_index(pristine, monkeypatch) -> None:
    """Another Whoosh that reads posting values some other way than a `loads` the guard can see."""
    import whoosh
    from whoosh import formats

    from index.engine.whoosh import patches

    _archive, index_dir = pristine
    patches.unapply()
    try:
        monkeypatch.setattr(whoosh, "versionstring", lambda: "2.8.0")
        monkeypatch.delattr(formats, "loads")
        with pytest.raises(MorgueError) as caught:
            SearchIndex(index_dir)
        assert isinstance(caught.value, patches.EngineRefused)
        assert caught.value.exit_code == EXIT_NO_INDEX
        assert "whoosh.formats" in caught.value.message and "whoosh-reloaded==2.7.5" in caught.value.message
    finally:
        monkeypatch.undo()
        patches.unapply()
        patches.start()
    SearchIndex(index_dir).close()


def test_a_normal_index_still_opens_and_searches_through_the_api_and_the_cli(pristine) -> None:
    _archive, index_dir = pristine
    with SearchIndex(index_dir) as ix:
        hits = ix.search('"oil prices"').hits
        assert hits and ix.article(hits[0].id).date is not None
    run = _cli("search", "oil", "--index", str(index_dir))
    assert run.returncode == 0, run.stderr
    assert "Oil prices" in run.stdout


def test_pickles_morgue_writes_itself_read_back_unchanged_through_the_guard(engine_started) -> None:
    from datetime import datetime

    from whoosh import columns

    from index.engine.whoosh.schema import build_schema

    record = {"id": "a", "date": datetime(2005, 1, 14, 9, 30), "duplicates": ["b"], "body": "x" * 300}
    for protocol in (2, 4, 5):
        assert columns.loads(pickle.dumps(record, protocol)) == record
    schema = build_schema()
    assert columns.loads(pickle.dumps(schema, 2)).names() == schema.names()


def test_a_toc_whose_segment_names_files_outside_the_folder_is_reported_as_damage(pristine, tmp_path) -> None:
    """A planted segment id such as `../../x` would make Whoosh read files outside the generation."""
    import pickle

    from whoosh import index as whoosh_index

    target = tmp_path / "index"
    shutil.copytree(pristine[1], target)
    gen = _gen(target)
    toc = toc_file(gen)
    data = toc.read_bytes()
    segments = whoosh_index.open_dir(str(gen))._read_toc().segments
    for segment in segments:
        segment.segid = "../../outside"
    toc.write_bytes(data[: toc_segments_at(data)] + pickle.dumps(segments, 2))
    with pytest.raises(CorruptIndexError, match="outside its folder"):
        SearchIndex(target)
