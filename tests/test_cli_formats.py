"""`--format ids|paths|tsv|json` on `search`, `list` and `related`: one convention for scripts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from index.ingest.clean import safe_name, unescape_name

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import run_morgue

ODD_NAME = "odd\tname\nwith a back\\slash.txt"  # a file name can hold what a row cannot
ODD_ID = f"world/{safe_name(ODD_NAME)}"  # an id is one printable line: the name escaped


@pytest.fixture(scope="module")
def formats_index(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("formats")
    articles = dict(FIXTURE_ARTICLES)
    articles[f"world/{ODD_NAME}"] = "Oil on odd ground \u202e\n\nAn oil story filed under an odd name.\n"
    archive = write_archive(root / "archive", articles)
    index_dir = root / "index"
    result = run_morgue("index", "--no-entities", "--procs", "1", archive=archive, index=index_dir)
    assert result.returncode == 0, result.stderr
    return archive, index_dir


def morgue(formats_index, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_morgue(*args, archive=formats_index[0], index=formats_index[1], timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def unescape(field: str) -> str:
    """The README's reading of a TSV field: backslash escapes, as JSON writes them."""
    return json.loads('"' + field.replace('"', '\\"') + '"')


def rows(text: str) -> list[list[str]]:
    return [[unescape(f) for f in line.split("\t")] for line in text.splitlines()]


COMMANDS = [("search", "oil", "--limit", "50"), ("list",), ("related", "business/oil.md")]


def json_ids(formats_index, command: tuple[str, ...]) -> list[str]:
    out = morgue(formats_index, *command, "--json").stdout
    if command[0] == "search":
        return [h["id"] for h in json.loads(out)["hits"]]
    if command[0] == "list":
        return [json.loads(line)["id"] for line in out.splitlines()]
    return [h["id"] for h in json.loads(out)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_ids_are_one_a_line_the_same_as_in_the_json(formats_index, command):
    ids = morgue(formats_index, *command, "--format", "ids").stdout.splitlines()
    assert ids == json_ids(formats_index, command) and ids
    if command[0] == "list":
        assert ODD_ID in ids and morgue(formats_index, "show", ODD_ID).stdout  # taken back as it is


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_tsv_has_a_header_and_one_row_per_article_whatever_the_text_holds(formats_index, command):
    table = rows(morgue(formats_index, *command, "--format", "tsv").stdout)
    header, body = table[0], table[1:]
    assert header[:5] == ["id", "path", "title", "date", "section"]
    assert all(len(row) == len(header) for row in body)
    assert [row[0] for row in body] == json_ids(formats_index, command)
    if command[0] != "related":
        odd = next(row for row in body if row[0] == ODD_ID)  # the tab and newline came back exactly
        assert odd[2] == "Oil on odd ground \u202e"


def test_tsv_escapes_what_would_break_a_row_or_reach_a_terminal(formats_index):
    out = morgue(formats_index, "list", "--format", "tsv").stdout
    assert out.count("\n") == 1 + len(json_ids(formats_index, ("list",)))
    assert all(line.count("\t") == 4 for line in out.splitlines())
    assert "odd\\\\tname" in out  # the id's own backslash, escaped once more
    assert "\\u202e" in out and "\u202e" not in out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_paths_are_the_files_absolute_each_once(formats_index, command):
    out = morgue(formats_index, *command, "--format", "paths").stdout
    paths = [Path(unescape_name(line)) for line in out.splitlines()]  # escaped as ids are
    assert paths and all(p.is_absolute() and p.is_file() for p in paths)
    assert len(paths) == len(set(paths))
    if command[0] == "list":  # the JSON file's two records: one file
        assert sum(p.name == "games.json" for p in paths) == 1


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_json_is_an_alias_of_format_json(formats_index, command):
    a = morgue(formats_index, *command, "--json").stdout
    b = morgue(formats_index, *command, "--format", "json").stdout
    assert _without_timing(a) == _without_timing(b)


def _without_timing(text: str) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return text  # JSON lines
    if isinstance(data, dict):
        data.pop("elapsed_ms", None)
    return json.dumps(data)


def test_list_prints_the_columns_its_help_and_the_readme_name(formats_index):
    line = next(
        row for row in morgue(formats_index, "list").stdout.splitlines() if row.startswith("politics/blair")
    )
    assert line.split("\t") == [
        "politics/blair.md",
        "2005-02-03",
        "politics",
        "Blair defends election timing",
    ]
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "id, date, section, title" in readme
