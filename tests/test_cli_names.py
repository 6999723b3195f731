"""One name per entity group (person, org, place, other), and every spelling of it accepted."""

from __future__ import annotations

import json
import subprocess

import pytest

from .morgue_runner import run_morgue


def morgue(built_fixture, *args: str) -> subprocess.CompletedProcess[str]:
    return run_morgue(*args, archive=built_fixture[0], index=built_fixture[1], timeout=120)


def data(result: subprocess.CompletedProcess[str]):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("spelling", ["person", "PERSON", "people", "People", "persons"])
def test_label_takes_every_spelling_of_a_group(built_fixture, spelling):
    rows = data(morgue(built_fixture, "entities", "--label", spelling, "--json"))
    assert rows and {row["group"] for row in rows} == {"person"}
    assert {"name": "Tony Blair", "group": "person", "documents": 2} in rows


@pytest.mark.parametrize(
    ("spelling", "group"),
    [("ORG", "org"), ("organisation", "org"), ("Organizations", "org"), ("GPE", "place"), ("loc", "place")],
)
def test_label_maps_spacy_labels_and_english_words_to_the_group(built_fixture, spelling, group):
    rows = data(morgue(built_fixture, "entities", "--label", spelling, "--json"))
    assert rows and {row["group"] for row in rows} == {group}


def test_an_unknown_label_names_the_groups(built_fixture):
    result = morgue(built_fixture, "entities", "--label", "colour")
    assert result.returncode == 2
    assert "person, org, place or other" in result.stderr


@pytest.mark.parametrize("field", ["person", "PERSON", "people"])
def test_filter_takes_every_spelling_of_a_group(built_fixture, field):
    hits = data(morgue(built_fixture, "search", "election", "--filter", f'{field}:"Tony Blair"', "--json"))
    assert [h["id"] for h in hits["hits"]] == ["politics/blair.md"]


@pytest.mark.parametrize("field", ["people", "Persons", "PERSON"])
def test_a_query_field_takes_every_spelling_of_a_group(built_fixture, field):
    typed = f'{field}:"Tony Blair"'
    result = data(morgue(built_fixture, "search", typed, "--json"))
    canonical = data(morgue(built_fixture, "search", 'person:"Tony Blair"', "--json"))
    assert [h["id"] for h in result["hits"]] == [h["id"] for h in canonical["hits"]]
    assert result["hits"] and result["warnings"] == []  # not "unknown field"
    assert result["query"] == typed  # echoed as typed


def test_an_alias_inside_a_quoted_phrase_is_left_alone(built_fixture):
    result = morgue(built_fixture, "search", '"people:blair"', "--json")
    assert result.returncode in (0, 1), result.stderr
    assert "person:" not in json.loads(result.stdout)["parsed"]


def test_entities_and_show_name_the_group_as_the_json_and_the_query_do(built_fixture):
    table = morgue(built_fixture, "entities", "--label", "people").stdout.splitlines()
    assert table[0].split() == ["Entity", "Group", "Documents"]
    assert any(line.startswith("Tony Blair") and " person " in line for line in table)
    shown = data(morgue(built_fixture, "show", "politics/blair.md", "--json"))
    assert {"name": "Tony Blair", "label": "PERSON", "count": 2, "group": "person"} in shown["entities"]
