"""The headless command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .morgue_runner import run_morgue

REPO = Path(__file__).resolve().parent.parent


def morgue(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_morgue(*args, env=env, stdin=stdin)


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory) -> tuple[Path, Path]:
    from .archive_fixtures import FIXTURE_ARTICLES, write_archive

    root = tmp_path_factory.mktemp("cli")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    result = morgue("index", "--archive", str(archive), "--index", str(index_dir), "--json", "--procs", "1")
    assert result.returncode == 0, result.stderr
    return archive, index_dir


def where(cli_index) -> list[str]:
    return ["--archive", str(cli_index[0]), "--index", str(cli_index[1])]


def test_headless_commands_never_import_textual(cli_index):
    code = (
        "import sys; from tui.launcher import main; "
        f"main(['stats', '--index', {str(cli_index[1])!r}, '--archive', {str(cli_index[0])!r}]); "
        f"main(['search', 'oil', '--index', {str(cli_index[1])!r}, '--archive', {str(cli_index[0])!r}]); "
        "assert 'textual' not in sys.modules, 'textual imported'; "
        "assert 'spacy' not in sys.modules, 'spacy imported'; print('clean')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout


def test_index_json_reports_the_run(cli_index):
    result = morgue("index", *where(cli_index), "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert {"added", "updated", "removed", "unchanged", "skipped", "docs", "seconds"} <= set(data)
    assert data["unchanged"] == 7 and data["docs"] == 7


def test_search_json_has_the_documented_shape(cli_index):
    result = morgue("search", "oil", "--json", *where(cli_index))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert {"hits", "total", "facets", "suggestion", "query", "elapsed_ms"} <= set(data)
    hit = data["hits"][0]
    frag = hit["fragments"][0]
    assert all(frag["text"][s:e].lower() == "oil" for s, e in frag["matches"])


def test_search_exit_codes_say_found_none_or_error(cli_index):
    assert morgue("search", "oil", *where(cli_index)).returncode == 0
    assert morgue("search", "zyzzyva", *where(cli_index)).returncode == 1
    broken = morgue("search", "*", *where(cli_index))
    assert broken.returncode == 2 and "lone" in broken.stderr and "Traceback" not in broken.stderr


def test_search_on_a_terminal_like_output_shows_the_total(cli_index):
    result = morgue("search", "government", *where(cli_index))
    assert "results in" in result.stdout


def test_did_you_mean_is_printed(cli_index):
    result = morgue("search", "goverment", *where(cli_index))
    assert result.returncode == 1 and "government" in result.stdout


def test_show_prints_the_whole_article_and_its_entities(cli_index):
    result = morgue("show", "politics/blair.md", "--json", *where(cli_index))
    data = json.loads(result.stdout)
    assert data["title"] == "Blair defends election timing"
    assert {"name": "Tony Blair", "label": "PERSON", "count": 2, "group": "person"} in data["entities"]


def test_show_an_unknown_id_exits_5(cli_index):
    result = morgue("show", "nope.txt", *where(cli_index))
    assert result.returncode == 5 and "No article" in result.stderr


def test_stats_and_list(cli_index):
    stats = json.loads(morgue("stats", "--json", *where(cli_index)).stdout)
    assert stats["docs"] == 7 and stats["sections"]["business"] == 2
    lines = morgue("list", "--json", *where(cli_index)).stdout.splitlines()
    assert len(lines) == 7 and json.loads(lines[0])["id"] == "business/bank.txt"


def test_entities_lists_the_most_frequent(cli_index):
    data = json.loads(morgue("entities", "--label", "PERSON", "--json", *where(cli_index)).stdout)
    assert data[0] == {"name": "Tony Blair", "group": "person", "documents": 2}


def test_extract_reads_stdin_and_reports_offsets_into_the_input_as_given():
    text = "  Chancellor Gordon Brown spoke in London.\n"
    result = morgue("extract", stdin=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for m in data["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    assert {"name": "Gordon Brown", "label": "PERSON", "count": 1, "group": "person"} in data["entities"]


def test_no_index_yet_is_a_clear_message_with_exit_4(tmp_path):
    result = morgue("stats", "--index", str(tmp_path / "none"), "--archive", str(tmp_path))
    assert result.returncode == 4 and "morgue index" in result.stderr


def test_a_locked_index_exits_3(cli_index):
    code = (
        "import sys, subprocess; from pathlib import Path; from index.store.generations import writer_lock\n"
        f"with writer_lock(Path({str(cli_index[1])!r})):\n"
        f"    r = subprocess.run([sys.executable, '-c', 'from tui.launcher import main; main()', 'index', "
        f"'--index', {str(cli_index[1])!r}, '--archive', {str(cli_index[0])!r}], capture_output=True, text=True)\n"
        "    print(r.returncode); print(r.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.stdout.splitlines()[0] == "3", result.stdout + result.stderr
    assert "Another `morgue index`" in result.stdout


def test_usage_errors_exit_2(cli_index):
    result = morgue("search", "oil", "--filter", "colour:red", *where(cli_index))
    assert result.returncode == 2 and "--filter" in result.stderr
