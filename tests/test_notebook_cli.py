"""The notebook on the command line: saved searches and `--new`, export, marks, the notebook as JSON."""

from __future__ import annotations

import csv
import io
import json

from index.build import BuildOptions, update_index
from index.notebook.export import COLUMNS

from .morgue_runner import cli

QUICK = BuildOptions(procs=1, entities=False)


def built(archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=QUICK)
    return index_dir


def search_ids(capsys, archive, index_dir, *args):
    code, out, err = cli(capsys, archive, index_dir, "search", *args, "--format", "ids")
    return code, out.split(), err


def test_saved_new_lists_exactly_the_new_matching_articles_then_none(fixture_archive, tmp_path, capsys):
    index_dir = built(fixture_archive, tmp_path)
    assert cli(capsys, fixture_archive, index_dir, "saved", "add", "econ", "economy")[0] == 0
    code, first, _ = search_ids(capsys, fixture_archive, index_dir, "--saved", "econ", "--new")
    assert code == 0 and set(first) == set(search_ids(capsys, fixture_archive, index_dir, "economy")[1])
    code, again, _ = search_ids(capsys, fixture_archive, index_dir, "--saved", "econ", "--new")
    assert (code, again) == (1, [])

    (fixture_archive / "business" / "slump.txt").write_text("Economy slows\n\nThe economy slowed in March.\n")
    (fixture_archive / "business" / "recovery.txt").write_text("Recovery\n\nThe economy recovered.\n")
    (fixture_archive / "tech" / "chips.txt").write_text("Chips\n\nA new chip was shown.\n")  # no match
    update_index(fixture_archive, index_dir, options=QUICK)
    code, new, _ = search_ids(capsys, fixture_archive, index_dir, "--saved", "econ", "--new")
    assert code == 0 and sorted(new) == ["business/recovery.txt", "business/slump.txt"]
    code, none, _ = search_ids(capsys, fixture_archive, index_dir, "--saved", "econ", "--new")
    assert (code, none) == (1, [])


def test_saved_searches_are_listed_renamed_run_and_removed(fixture_archive, tmp_path, capsys):
    index_dir = built(fixture_archive, tmp_path)
    cli(
        capsys,
        fixture_archive,
        index_dir,
        "saved",
        "add",
        "blair",
        "election",
        "--filter",
        "section:politics",
    )
    cli(capsys, fixture_archive, index_dir, "saved", "add", "oil", "oil", "--sort", "newest")
    code, out, _ = cli(capsys, fixture_archive, index_dir, "saved", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [s["name"] for s in listed] == ["blair", "oil"]
    assert listed[0]["filters"] == [{"field": "section", "value": "politics"}]
    assert listed[1]["sort"] == "newest" and listed[1]["query"] == "oil"
    assert cli(capsys, fixture_archive, index_dir, "saved", "rename", "blair", "vote")[0] == 0
    code, ids, _ = search_ids(capsys, fixture_archive, index_dir, "--saved", "vote")
    assert code == 0 and ids == ["politics/blair.md"]
    assert cli(capsys, fixture_archive, index_dir, "saved", "rm", "vote")[0] == 0
    code, _, err = cli(capsys, fixture_archive, index_dir, "search", "--saved", "vote")
    assert code == 5 and "No saved search named 'vote'" in err
    code, _, err = cli(capsys, fixture_archive, index_dir, "saved", "add", "bad", "*")
    assert code == 2 and "lone '*'" in err


def test_export_csv_has_one_row_per_result_and_the_documented_columns(fixture_archive, tmp_path, capsys):
    index_dir = built(fixture_archive, tmp_path)
    cli(
        capsys,
        fixture_archive,
        index_dir,
        "mark",
        "business/oil.md",
        "--star",
        "--tag",
        "Energy",
        "--note",
        "a, b",
    )
    code, out, _ = cli(
        capsys, fixture_archive, index_dir, "export", "economy OR government", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    _, expected, _ = search_ids(capsys, fixture_archive, index_dir, "economy OR government")
    assert code == 0 and tuple(rows[0]) == COLUMNS
    assert [r["id"] for r in rows] == expected and len(rows) == len(expected) > 3
    oil = next(r for r in rows if r["id"] == "business/oil.md")
    assert (oil["starred"], oil["tags"], oil["note"], oil["state"]) == ("yes", "energy", "a, b", "unread")
    assert "economy" in oil["passage"]


def test_export_writes_every_result_beyond_a_page_to_a_file(fixture_archive, tmp_path, capsys):
    for i in range(1105):
        (fixture_archive / "bulk").mkdir(exist_ok=True)
        (fixture_archive / "bulk" / f"{i:04}.txt").write_text(f"Market {i}\n\nThe market moved {i} points.\n")
    index_dir = built(fixture_archive, tmp_path)
    target = tmp_path / "out.jsonl"
    code, _, err = cli(
        capsys, fixture_archive, index_dir, "export", "market", "--format", "jsonl", "-o", str(target)
    )
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    _, out, _ = cli(capsys, fixture_archive, index_dir, "search", "market", "--json", "--limit", "1")
    total = json.loads(out)["total"]
    assert code == 0 and total > 1105 and len(lines) == total and len({x["id"] for x in lines}) == total
    assert f"Exported {total} results" in err
    assert set(lines[0]) == set(COLUMNS)


def test_export_markdown_lists_every_result_as_a_citation(fixture_archive, tmp_path, capsys):
    index_dir = built(fixture_archive, tmp_path)
    cli(
        capsys,
        fixture_archive,
        index_dir,
        "mark",
        "politics/blair.md",
        "--tag",
        "vote",
        "--note",
        "see *this*",
    )
    code, out, _ = cli(
        capsys, fixture_archive, index_dir, "export", "economy", "--format", "md", "--sort", "oldest"
    )
    _, expected, _ = search_ids(capsys, fixture_archive, index_dir, "economy", "--sort", "oldest")
    items = [line for line in out.splitlines() if line.startswith("- **")]
    assert code == 0 and len(items) == len(expected)
    for doc_id in expected:
        assert f"id: {doc_id}".replace("#", "\\#") in out
    assert "tags: vote" in out and "note: see \\*this\\*" in out
    assert "url: https://example.org/games" in out


def test_mark_and_marks_round_trip_and_bad_states_are_usage_errors(fixture_archive, tmp_path, capsys):
    index_dir = built(fixture_archive, tmp_path)
    code, out, _ = cli(
        capsys, fixture_archive, index_dir, "mark", "business/oil.md", "--state", "follow-up", "--json"
    )
    assert code == 0 and json.loads(out)["state"] == "follow up"
    code, _, err = cli(capsys, fixture_archive, index_dir, "mark", "business/oil.md", "--state", "maybe")
    assert code == 2 and "Unknown review state" in err
    code, _, err = cli(capsys, fixture_archive, index_dir, "mark", "nowhere.txt", "--star")
    assert code == 5
    cli(capsys, fixture_archive, index_dir, "mark", "business/oil.md", "--tag", "x", "--tag", "y")
    cli(capsys, fixture_archive, index_dir, "mark", "business/oil.md", "--untag", "x", "--star")
    code, out, _ = cli(capsys, fixture_archive, index_dir, "marks", "--json")
    [mark] = json.loads(out)
    assert (mark["tags"], mark["starred"], mark["state"], mark["status"]) == (["y"], True, "follow up", "ok")


def test_the_notebook_exports_and_imports_as_json(fixture_archive, tmp_path, capsys, monkeypatch):
    index_dir = built(fixture_archive, tmp_path)
    cli(capsys, fixture_archive, index_dir, "mark", "business/oil.md", "--star", "--tag", "energy")
    cli(capsys, fixture_archive, index_dir, "saved", "add", "econ", "economy")
    dump = tmp_path / "nb.json"
    assert cli(capsys, fixture_archive, index_dir, "notebook", "export", "-o", str(dump))[0] == 0
    code, path, _ = cli(capsys, fixture_archive, index_dir, "notebook", "path")
    assert code == 0 and path.strip().endswith("notebook.sqlite")

    monkeypatch.setenv("MORGUE_USER_DATA", str(tmp_path / "elsewhere"))  # another machine
    assert cli(capsys, fixture_archive, index_dir, "marks")[0] == 1
    code, _, err = cli(capsys, fixture_archive, index_dir, "notebook", "import", str(dump))
    assert code == 0 and "1 marks" in err
    code, out, _ = search_ids(capsys, fixture_archive, index_dir, "is:starred tag:energy")
    assert out == ["business/oil.md"]
    assert cli(capsys, fixture_archive, index_dir, "saved", "list")[1].startswith("econ\teconomy")
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a notebook"}')
    code, _, err = cli(capsys, fixture_archive, index_dir, "notebook", "import", str(bad))
    assert code == 2 and "Not a notebook export" in err


def test_stats_names_the_notebook(fixture_archive, tmp_path, capsys):
    index_dir = built(fixture_archive, tmp_path)
    code, out, _ = cli(capsys, fixture_archive, index_dir, "stats", "--json")
    assert code == 0 and json.loads(out)["notebook_path"].endswith("notebook.sqlite")


def test_new_results_are_found_beyond_the_first_page_of_a_saved_search(fixture_archive, tmp_path, capsys):
    from index.notebook import notebook_path
    from index.notebook.store import Notebook
    from index.notebook.whats_new import PAGE, new_hits
    from index.search import SearchIndex

    bulk = fixture_archive / "bulk"
    bulk.mkdir()
    for i in range(PAGE + 50):
        (bulk / f"{i:04}.md").write_text(
            f"---\ndate: 2005-06-{1 + i % 28:02}\n---\nHarbour {i}\n\nHarbour news {i}.\n"
        )
    index_dir = built(fixture_archive, tmp_path)
    notebook = Notebook(notebook_path(fixture_archive))
    notebook.save("harbour", "harbour", (), "newest")
    with SearchIndex(index_dir) as ix:
        new, every = new_hits(ix, notebook, "harbour", "tui", "harbour", (), "newest")
        assert len(new) == len(every) == PAGE + 50
    notebook.record_seen("harbour", "tui", every)
    # the oldest article of all: last under "newest", far beyond the first page
    (bulk / "late.md").write_text("---\ndate: 1999-01-01\n---\nHarbour\n\nAn old harbour story found late.\n")
    update_index(fixture_archive, index_dir, options=QUICK)
    with SearchIndex(index_dir) as ix:
        new, every = new_hits(ix, notebook, "harbour", "tui", "harbour", (), "newest")
    assert [h.id for h in new] == ["bulk/late.md"] and every[-1] == "bulk/late.md"
