"""`morgue quotes` and the `"quotes"` of `morgue extract`, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .morgue_runner import run_morgue
from .quotes_fixtures import QUOTE_ARTICLES, build_quotes_archive

KEYS = ["id", "title", "date", "speaker", "speaker_label", "text", "start", "end"]


@pytest.fixture(scope="module")
def quotes_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_quotes_archive(tmp_path_factory.mktemp("quotes-cli"))


def quotes(archive: tuple[Path, Path], *args: str):
    return run_morgue("quotes", *args, archive=archive[0], index=archive[1], timeout=120)


def quotes_json(archive: tuple[Path, Path], *args: str) -> list[dict]:
    result = quotes(archive, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_quotes_json_has_exactly_the_documented_shape(quotes_archive):
    rows = quotes_json(quotes_archive)
    assert rows and all(list(row) == KEYS for row in rows)
    assert {row["speaker_label"] for row in rows} == {"PERSON", "ORG", None}


def test_with_no_query_every_quotation_of_the_archive_is_listed(quotes_archive):
    rows = quotes_json(quotes_archive)
    assert sorted((r["id"], r["speaker"] or "") for r in rows) == [
        ("business/steel.md", ""),
        ("business/steel.md", "Corus"),
        ("politics/vote.md", "Michael Howard"),
        ("politics/vote.md", "Tony Blair"),
        ("politics/vote.md", "Tony Blair"),
    ]


def test_offsets_point_into_the_body_that_show_prints(quotes_archive):
    bodies: dict[str, str] = {}
    for row in quotes_json(quotes_archive):
        if row["id"] not in bodies:
            shown = run_morgue(
                "show", row["id"], "--json", archive=quotes_archive[0], index=quotes_archive[1]
            )
            assert shown.returncode == 0, shown.stderr
            bodies[row["id"]] = json.loads(shown.stdout)["body"]
        assert bodies[row["id"]][row["start"] : row["end"]] == row["text"]


def test_a_query_and_a_speaker_narrow_the_quotations(quotes_archive):
    assert {r["text"] for r in quotes_json(quotes_archive, "quote:steel")} == {
        "Demand for steel has fallen sharply this year,",
        "The region will get help from the government.",
    }
    blair = quotes_json(quotes_archive, "--speaker", "tony blair")
    assert [r["speaker"] for r in blair] == ["Tony Blair", "Tony Blair"]
    assert quotes_json(quotes_archive, "economy", "--speaker", "Michael Howard")[0]["text"] == (
        "has failed the country on taxes"
    )


def test_limit_caps_the_quotations_printed(quotes_archive):
    assert len(quotes_json(quotes_archive, "--limit", "2")) == 2


def test_text_output_names_the_article_and_each_speaker(quotes_archive):
    result = quotes(quotes_archive, 'said:"Tony Blair"')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "politics/vote.md  2005-03-01  Blair says the vote will be fair"
    assert lines[1] == "  Tony Blair: \u201cThe election will be fair and open,\u201d"
    assert "Michael Howard" in result.stdout  # the article's other speaker, too
    assert "in 1 article" in result.stderr


def test_an_unnamed_source_is_said_to_be_one(quotes_archive):
    result = quotes(quotes_archive, "section:business")
    assert "(unnamed source): \u201cThe region will get help" in result.stdout


def test_nothing_found_exits_1_and_a_bad_query_exits_2(quotes_archive):
    assert quotes(quotes_archive, "said:nobody").returncode == 1
    bad = quotes(quotes_archive, "date:[2005 TO")
    assert bad.returncode in (0, 1, 2) and "Traceback" not in bad.stderr
    assert quotes(quotes_archive, "--limit", "many").returncode == 2


def test_extract_prints_the_quotations_with_offsets_into_its_text():
    text = QUOTE_ARTICLES["politics/vote.md"].split("---\n", 2)[2]
    result = run_morgue("extract", stdin=text, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)["quotes"]
    assert [q["speaker"] for q in found] == ["Tony Blair", "Tony Blair", "Michael Howard"]
    for q in found:
        assert list(q) == ["speaker", "speaker_label", "text", "start", "end"]
        assert text[q["start"] : q["end"]] == q["text"]
