"""Broken queries never raise out of the API: a message, or a repaired query and a warning."""

from __future__ import annotations

import pytest

from index.search import SearchIndex


@pytest.fixture(scope="module")
def ix(built_fixture):
    with SearchIndex(built_fixture[1]) as index:
        yield index


@pytest.mark.parametrize("query", ["", "   ", "*", "title:*"])
def test_queries_that_mean_nothing_return_a_message(ix, query):
    result = ix.search(query)
    assert result.error and result.total == 0 and result.hits == ()


@pytest.mark.parametrize(
    ("query", "warning"),
    [
        ('"prime minister', "Unbalanced quote"),
        ("(oil OR gas", "Unbalanced '('"),
        ("oil)", "Unmatched ')'"),
        ("colour:red oil", "Unknown field 'colour'"),
        ("date:someday oil", "could not be understood"),
    ],
)
def test_repairable_queries_run_with_a_warning(ix, query, warning):
    result = ix.search(query)
    assert result.error is None
    assert any(warning in w for w in result.warnings), result.warnings


def test_absurdly_long_input_is_cut_with_a_warning(ix):
    result = ix.search("oil " * 50_000)
    assert result.error is None and result.total >= 1
    assert any("cut" in w for w in result.warnings)


def test_deep_nesting_is_refused(ix):
    assert "nests" in (ix.search("(" * 500 + "oil" + ")" * 500).error or "")


def test_an_unknown_sort_is_an_error_not_an_exception(ix):
    assert ix.search("oil", sort="sideways").error


def test_wildcards_that_expand_too_far_are_bounded(ix, monkeypatch):
    monkeypatch.setattr("index.query.expand.MAX_EXPANSION", 3)
    result = ix.search("t*")
    assert result.error is None
    assert any("too many words" in w for w in result.warnings)
