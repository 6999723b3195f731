"""The user's entity corrections through `morgue entities ...`: applied at once, kept across rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import EXIT_NO_RESULTS, EXIT_OK, EXIT_USAGE
from index.userdata import work_dir

from .archive_fixtures import FIXTURE_ARTICLES, SHORT_ONLY, write_archive
from .morgue_runner import cli


@pytest.fixture(scope="module")
def archive_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("curation-cli")
    archive = write_archive(root / "archive", {**FIXTURE_ARTICLES, **SHORT_ONLY})
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1))
    return archive, index_dir


def run(capsys: pytest.CaptureFixture[str], where: tuple[Path, Path], *args: str) -> tuple[int, str, str]:
    return cli(capsys, where[0], where[1], *args)


def ids(out: str) -> set[str]:
    return {h["id"] for h in json.loads(out)["hits"]}


def entity_names(capsys: pytest.CaptureFixture[str], where: tuple[Path, Path], group: str) -> dict[str, int]:
    code, out, _ = run(capsys, where, "entities", "--label", group, "--limit", "100", "--json")
    assert code == EXIT_OK
    return {row["name"]: row["documents"] for row in json.loads(out)}


def test_after_a_merge_a_search_by_the_canonical_name_finds_the_alias_only_articles(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    query = ("search", 'person:"Tony Blair"', "--json")
    code, out, _ = run(capsys, archive_index, *query)
    before = ids(out)
    assert "politics/leeds.txt" not in before and "politics/blair.md" in before
    assert entity_names(capsys, archive_index, "person").get("Blair") == 1

    code, out, err = run(capsys, archive_index, "entities", "merge", "Blair", "Tony Blair")
    assert code == EXIT_OK and "Merged 'Blair' into 'Tony Blair'" in err

    code, out, _ = run(capsys, archive_index, *query)
    assert ids(out) == before | {"politics/leeds.txt"}
    people = entity_names(capsys, archive_index, "person")
    assert "Blair" not in people and people["Tony Blair"] == len(before) + 1
    code, out, _ = run(capsys, archive_index, "search", "Yorkshire", "--json")
    assert json.loads(out)["facets"]["entities"]["person"] == {"Tony Blair": 1}

    code, out, err = run(capsys, archive_index, "entities", "split", "Blair")
    assert code == EXIT_OK
    code, out, _ = run(capsys, archive_index, *query)
    assert ids(out) == before


def test_a_rename_shows_the_new_name_and_filters_by_it(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    assert "Gordon Brown" in entity_names(capsys, archive_index, "person")
    code, _, _ = run(capsys, archive_index, "entities", "rename", "Gordon Brown", "Chancellor Brown")
    assert code == EXIT_OK
    people = entity_names(capsys, archive_index, "person")
    assert "Gordon Brown" not in people and people["Chancellor Brown"] >= 1
    code, out, _ = run(capsys, archive_index, "search", 'person:"Chancellor Brown"', "--json")
    assert "politics/brown.md" in ids(out)


def test_a_relabel_moves_the_entity_to_another_group(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    assert "London" in entity_names(capsys, archive_index, "place")
    code, _, _ = run(capsys, archive_index, "entities", "relabel", "London", "org")
    assert code == EXIT_OK
    assert "London" not in entity_names(capsys, archive_index, "place")
    assert "London" in entity_names(capsys, archive_index, "org")
    code, out, _ = run(capsys, archive_index, "search", 'org:"London"', "--json")
    assert "politics/brown.md" in ids(out)


def test_hide_removes_an_entity_from_the_facets_but_body_still_finds_its_text(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    code, out, _ = run(capsys, archive_index, "search", "body:Howard", "--json")
    assert "Michael Howard" in json.loads(out)["facets"]["entities"]["person"]
    code, _, err = run(capsys, archive_index, "entities", "hide", "Michael Howard")
    assert code == EXIT_OK and "stays searchable" in err
    code, out, _ = run(capsys, archive_index, "search", "body:Howard", "--json")
    result = json.loads(out)
    assert "politics/blair.md" in ids(out)
    assert "Michael Howard" not in result["facets"]["entities"].get("person", {})
    assert "Michael Howard" not in entity_names(capsys, archive_index, "person")

    code, _, _ = run(capsys, archive_index, "entities", "unhide", "Michael Howard")
    assert "Michael Howard" in entity_names(capsys, archive_index, "person")


def test_corrections_are_listed_in_order_with_the_files_path(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    run(capsys, archive_index, "entities", "merge", "Blair", "Tony Blair")
    run(capsys, archive_index, "entities", "hide", "Monday")
    code, out, _ = run(capsys, archive_index, "entities", "corrections", "--json")
    data = json.loads(out)
    assert code == EXIT_OK and data["error"] is None
    assert Path(data["path"]) == work_dir(archive_index[0]) / "curation.toml"
    assert data["corrections"] == [
        {"kind": "merge", "alias": "Blair", "into": "Tony Blair"},
        {"kind": "hide", "name": "Monday"},
    ]
    code, out, _err = run(capsys, archive_index, "entities", "corrections")
    assert "1. merge: Blair -> Tony Blair" in out and "2. hide: Monday" in out
    code, out, _ = run(capsys, archive_index, "stats", "--json")
    assert json.loads(out)["curation_path"] == data["path"]


def test_corrections_survive_a_rebuild(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", {**FIXTURE_ARTICLES, **SHORT_ONLY})
    where = (archive, tmp_path / "index")
    assert run(capsys, where, "index", "--procs", "1", "--quiet")[0] == EXIT_OK
    assert run(capsys, where, "entities", "merge", "Blair", "Tony Blair")[0] == EXIT_OK
    assert run(capsys, where, "index", "--rebuild", "--procs", "1", "--quiet")[0] == EXIT_OK
    _code, out, _ = run(capsys, where, "search", 'person:"Tony Blair"', "--json")
    assert "politics/leeds.txt" in ids(out)


def test_a_malformed_file_names_the_line_and_the_index_still_opens(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    path = work_dir(archive_index[0]) / "curation.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = '[[correction]]\nkind = "merge"\nalias = "Blair"\ninto = "Tony Blair"\n\n[[correction]]\nkind = "hide\n'
    path.write_text(text, encoding="utf-8")

    code, out, _ = run(capsys, archive_index, "stats")
    assert code == EXIT_OK and "line 7" in out and "ignored" in out
    code, out, _ = run(capsys, archive_index, "search", 'person:"Tony Blair"', "--json")
    assert code == EXIT_OK and "politics/leeds.txt" not in ids(out)  # ignored, the index answers
    code, out, err = run(capsys, archive_index, "entities", "corrections")
    assert "line 7" in err
    code, _, err = run(capsys, archive_index, "entities", "hide", "Monday")
    assert code == EXIT_USAGE and "line 7" in err and "left as it is" in err
    assert path.read_text(encoding="utf-8") == text  # not lost


def test_bad_corrections_get_a_clear_message(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    code, _, err = run(capsys, archive_index, "entities", "relabel", "London", "CITY")
    assert code == EXIT_USAGE and "CITY" in err
    code, _, err = run(capsys, archive_index, "entities", "merge", "Blair", "blair")
    assert code == EXIT_USAGE and "same name" in err
    code, _out, _ = run(capsys, archive_index, "search", 'person:"Nobody Here"', "--json")
    assert code == EXIT_NO_RESULTS


def test_show_highlights_the_entitys_mentions_under_any_alias_after_a_merge(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    code, out, _ = run(
        capsys, archive_index, "show", "politics/leeds.txt", "--query", 'person:"Tony Blair"', "--json"
    )
    assert code == EXIT_OK
    assert not json.loads(out).get("matches", {}).get("body")
    run(capsys, archive_index, "entities", "merge", "Blair", "Tony Blair")
    code, out, _ = run(
        capsys, archive_index, "show", "politics/leeds.txt", "--query", 'person:"Tony Blair"', "--json"
    )
    data = json.loads(out)
    marked = [data["body"][s:e] for s, e in data["matches"]["body"]]
    assert marked and set(marked) == {"Blair"}
    assert any(e["name"] == "Tony Blair" for e in data["entities"])


def test_an_entity_searchs_snippets_show_its_mentions_under_any_alias(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    def marked(query: str) -> dict[str, set[str]]:
        code, out, _ = run(capsys, archive_index, "search", query, "--json")
        assert code == EXIT_OK
        return {
            h["id"]: {f["text"][s:e] for f in h["fragments"] for s, e in f["matches"]}
            for h in json.loads(out)["hits"]
        }

    assert marked('person:"Gordon Brown"')["politics/brown.md"] >= {"Gordon Brown"}
    run(capsys, archive_index, "entities", "merge", "Blair", "Tony Blair")
    assert marked('person:"Tony Blair"')["politics/leeds.txt"] == {"Blair"}


def test_an_entity_search_ranks_the_articles_most_about_the_entity_first(
    capsys: pytest.CaptureFixture[str], archive_index: tuple[Path, Path]
) -> None:
    _, out, _ = run(capsys, archive_index, "search", 'person:"Tony Blair"', "--json")
    hits = json.loads(out)["hits"]
    assert [h["id"] for h in hits][:2] == ["politics/blair.md", "politics/brown.md"]
    assert hits[0]["score"] > hits[1]["score"] > 0


def test_after_a_merge_said_and_quotes_by_the_canonical_name_find_the_alias_quoted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    articles = {
        "leeds.txt": 'Leeds visit\n\nBlair spoke in Leeds on Monday. "We will keep our promises," Blair said.\n',
        "london.txt": 'London speech\n\nTony Blair spoke in London. "The economy is strong," Tony Blair said.\n',
    }
    archive = write_archive(tmp_path / "archive", articles)
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1))
    where = (archive, tmp_path / "index")
    said = ("search", 'said:"Tony Blair"', "--json")
    quoted = ("quotes", "--speaker", "Tony Blair", "--json")
    assert ids(run(capsys, where, *said)[1]) == {"london.txt"}
    assert {q["id"] for q in json.loads(run(capsys, where, *quoted)[1])} == {"london.txt"}

    assert run(capsys, where, "entities", "merge", "Blair", "Tony Blair")[0] == EXIT_OK

    assert ids(run(capsys, where, *said)[1]) == {"london.txt", "leeds.txt"}
    assert {q["id"] for q in json.loads(run(capsys, where, *quoted)[1])} == {"london.txt", "leeds.txt"}
    speakers = {q["id"]: q["speaker"] for q in json.loads(run(capsys, where, "quotes", "--json")[1])}
    assert speakers == {"london.txt": "Tony Blair", "leeds.txt": "Tony Blair"}  # as corrected, everywhere


def test_past_the_rerank_limit_the_engine_itself_ranks_an_entity_search_by_prominence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.entities import curated_engine

    articles = {
        "passing.txt": "Harbour report\n\nThe harbour reopened. Dock workers met. Later, Gordon Brown visited.\n",
        "lead.txt": "Budget day\n\nGordon Brown set out the budget. Gordon Brown spoke for an hour.\n",
        "title.txt": "Gordon Brown in Leeds\n\nGordon Brown spoke in Leeds. Brown said little else.\n",
    }
    archive = write_archive(tmp_path / "archive", articles)
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1))
    monkeypatch.setattr(curated_engine, "RERANK_MAX", 0)  # as for an entity with thousands of articles
    _, out, _ = run(capsys, (archive, tmp_path / "index"), "search", 'person:"Gordon Brown"', "--json")
    hits = json.loads(out)["hits"]
    assert [h["id"] for h in hits] == ["title.txt", "lead.txt", "passing.txt"]
    assert hits[0]["score"] > hits[1]["score"] > hits[2]["score"] > 0
