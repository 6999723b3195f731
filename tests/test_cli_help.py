"""`--help` is enough without the README: --limit, --offset, what an id is, the query language."""

from __future__ import annotations

import subprocess

import pytest

from index.fields import QUERY_FIELDS

from .morgue_runner import run_morgue


def helped(*args: str) -> str:
    result = run_morgue(*args, "--help", timeout=60)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())  # argparse wraps to the terminal's width


def test_search_help_explains_limit_and_offset():
    text = helped("search")
    assert "--limit N print at most N results (default 20, at most 1000)" in text
    assert "--offset N skip the first N results" in text and "21-40" in text


def test_the_help_says_what_an_id_is():
    for command in ((), ("show",), ("related",), ("list",)):
        text = helped(*command)
        assert "an article's id is its path in the archive" in text, command
        assert "#N for the N-th record" in text, command


@pytest.mark.parametrize("command", [(), ("search",)], ids=["morgue", "search"])
def test_the_help_carries_the_query_language(command):
    text = helped(*command)
    assert "query language" in text
    for example in ("oil OR gas", '"prime minister"', "econom*", "goverment~", "date:[2004-12 to 2005-02]"):
        assert example in text, example
    for field in QUERY_FIELDS:
        if field not in ("id", "path"):
            assert f"{field}:" in text, field


def test_the_help_limit_is_the_one_the_search_applies():
    from index.cli.parser import MAX_LIMIT
    from index.search import MAX_LIMIT as APPLIED

    assert MAX_LIMIT == APPLIED


def test_the_help_names_the_entity_groups_and_how_to_forget_the_archive():
    assert "person, org, place or other" in helped("entities")
    assert "morgue forget" in helped()


@pytest.mark.parametrize("value", ["-1", "many"])
def test_a_limit_that_is_not_a_count_is_a_usage_error(value):
    result = run_morgue("search", "oil", "--limit", value, timeout=60)
    assert result.returncode == 2 and "--limit" in result.stderr


def test_a_mistyped_command_is_not_taken_for_an_archive():
    result: subprocess.CompletedProcess[str] = run_morgue("serch", "oil", timeout=60)
    assert result.returncode == 2
    assert "did you mean `morgue search`" in result.stderr
