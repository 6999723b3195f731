"""`morgue show` and `morgue related` take a file's path as well as an article's id."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import run_morgue


@pytest.fixture(scope="module")
def ids_index(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("ids")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    result = run_morgue("index", "--no-entities", "--procs", "1", archive=archive, index=index_dir)
    assert result.returncode == 0, result.stderr
    return archive, index_dir


def morgue(ids_index, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_morgue(*args, archive=ids_index[0], index=ids_index[1], cwd=cwd, timeout=120)


def shown_id(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["id"])


def test_show_takes_an_absolute_path_to_the_file(ids_index):
    path = ids_index[0] / "politics" / "blair.md"
    assert shown_id(morgue(ids_index, "show", str(path), "--json")) == "politics/blair.md"


def test_show_takes_a_path_relative_to_the_current_directory(ids_index):
    archive = ids_index[0]
    assert shown_id(morgue(ids_index, "show", "blair.md", "--json", cwd=archive / "politics")) == (
        "politics/blair.md"
    )
    outside = archive.parent
    relative = os.path.join("archive", "business", "oil.md")
    assert shown_id(morgue(ids_index, "show", relative, "--json", cwd=outside)) == "business/oil.md"


def test_an_id_still_works_from_anywhere(ids_index):
    assert shown_id(morgue(ids_index, "show", "politics/blair.md", "--json", cwd=Path("/"))) == (
        "politics/blair.md"
    )


def test_a_path_with_a_record_number_names_that_record(ids_index):
    path = ids_index[0] / "tech" / "games.json"
    assert shown_id(morgue(ids_index, "show", f"{path}#2", "--json")) == "tech/games.json#2"


def test_related_takes_a_path_too(ids_index):
    path = ids_index[0] / "politics" / "brown.md"
    result = morgue(ids_index, "related", str(path), "--json")
    assert result.returncode in (0, 1), result.stderr
    assert all(hit["id"] != "politics/brown.md" for hit in json.loads(result.stdout))


def test_a_file_outside_the_archive_is_not_an_article(ids_index, tmp_path):
    stray = tmp_path / "stray.txt"
    stray.write_text("Not archived\n\nA stray file.\n")
    result = morgue(ids_index, "show", str(stray))
    assert result.returncode == 5
    assert "not inside the archive" in result.stderr and str(ids_index[0]) in result.stderr


def test_an_unknown_id_says_what_an_id_is(ids_index):
    result = morgue(ids_index, "show", "politics/nobody.md")
    assert result.returncode == 5
    assert "No article" in result.stderr and "morgue list" in result.stderr
