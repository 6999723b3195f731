"""An article's section decides what its text cannot: in a sports section a country named as a side is a team."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.entities import cleanup as er
from index.entities.sections import is_sport_section, with_section
from index.models import Extraction
from index.search import SearchIndex
from tests.archive_fixtures import write_archive
from tests.test_entities_rules import span

TEXT = (
    "The referee of Saturday's France v Scotland match defended his decisions. "
    "The Scotland coach was angry. The squad flew home from France on Sunday, "
    "and Germany said it would host the next tournament."
)


def _extraction() -> Extraction:
    spans = [
        span(TEXT, "France", "PLACE"),
        span(TEXT, "Scotland", "PLACE"),
        span(TEXT, "Scotland", "PLACE", nth=1),
        span(TEXT, "France", "PLACE", nth=1),
        span(TEXT, "Germany", "PLACE"),
    ]
    return er.to_extraction(TEXT, spans)


def _labels(x: Extraction) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in x.mentions]


def test_in_a_sports_section_a_country_named_as_a_side_is_a_team_but_not_where_it_is_the_place() -> None:
    out = with_section("sport", TEXT, _extraction())
    assert _labels(out) == [
        ("France", "ORG"),
        ("Scotland", "ORG"),
        ("Scotland", "ORG"),
        ("France", "PLACE"),  # "flew home from France"
        ("Germany", "PLACE"),  # no cue: a country that speaks is a place
    ]
    assert {(e.name, e.label, e.count) for e in out.entities} == {
        ("France", "ORG", 1),
        ("France", "PLACE", 1),
        ("Scotland", "ORG", 2),
        ("Germany", "PLACE", 1),
    }


def test_outside_a_sports_section_the_extraction_is_unchanged() -> None:
    x = _extraction()
    assert with_section("politics", TEXT, x) is x
    assert with_section("", TEXT, x) is x


def test_sports_sections_are_known_by_any_of_their_words() -> None:
    assert is_sport_section("Sport")
    assert is_sport_section("sport/football")
    assert is_sport_section("Rugby union")
    assert not is_sport_section("transport")
    assert not is_sport_section("business")


def test_a_players_nationality_is_no_side() -> None:
    text = "In the quarter-finals Davenport defeated China's Jie Zheng 6-2 7-5 in Dubai."
    x = er.to_extraction(text, [span(text, "China", "PLACE")])
    assert [(m.text, m.label) for m in with_section("sport", text, x).mentions] == [("China", "PLACE")]


def test_a_build_labels_a_national_side_in_a_sports_folder_and_the_same_words_elsewhere_as_a_place(
    tmp_path: Path,
) -> None:
    body = "The Scotland coach said his side were robbed in the France v Scotland match.\n"
    files = {
        "sport/match.txt": "Robbed\n\n" + body,
        "politics/match.txt": "A match\n\n" + body,
    }  # no duplicates
    archive = write_archive(tmp_path / "archive", files)
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1))
    index = SearchIndex(tmp_path / "index")
    try:
        sport = {(e.name, e.label) for e in index.article("sport/match.txt").entities}
        politics = {(e.name, e.label) for e in index.article("politics/match.txt").entities}
    finally:
        index.close()
    if ("Scotland", "PLACE") not in politics:
        pytest.skip("this extractor does not find Scotland as a place at all")
    assert ("Scotland", "ORG") in sport and ("Scotland", "PLACE") not in sport
