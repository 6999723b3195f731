"""Each form of the query language, on the fixture archive, against every search engine.

The query language is Morgue's (`index.query`); each engine compiles it. These
tests run once per engine (`engine_fixture`), so a second engine must find the
same articles for every form.
"""

from __future__ import annotations

import pytest

from index.search import SearchIndex


@pytest.fixture(scope="module")
def ix(engine_fixture):
    with SearchIndex(engine_fixture[1]) as index:
        yield index


def hit_ids(ix, query, **kw):
    result = ix.search(query, **kw)
    assert result.error is None, result.error
    return {h.id for h in result.hits}


def test_words_are_anded_by_default(ix):
    assert hit_ids(ix, "oil economy") == {"business/oil.md"}


def test_or_widens_and_not_narrows(ix):
    assert hit_ids(ix, "Nokia OR Goldman") == {"tech/phones.txt", "business/oil.md"}
    assert "politics/blair.md" not in hit_ids(ix, "government NOT election")
    assert "politics/blair.md" not in hit_ids(ix, "government -election")


def test_a_phrase_matches_only_adjacent_words(ix):
    assert hit_ids(ix, '"prime minister"') == {"politics/blair.md"}
    assert hit_ids(ix, '"minister prime"') == set()


def test_phrase_proximity_allows_words_between(ix):
    assert hit_ids(ix, '"oil rose"') == set()  # "Oil prices rose"
    assert hit_ids(ix, '"oil rose"~2') == {"business/oil.md"}


def test_prefix_wildcards_expand(ix):
    assert {"business/oil.md", "business/bank.txt", "tech/phones.txt"} <= hit_ids(ix, "econom*")


def test_fuzzy_matches_the_word_not_its_stem(ix):
    ids = hit_ids(ix, "goverment~")
    assert ids == {"business/bank.txt", "politics/blair.md", "politics/brown.md"}
    # The stem of "goverment" is "gover": Whoosh's default fuzzing would match "over", "cover".


def test_stemming_finds_variants(ix):
    assert "tech/phones.txt" in hit_ids(ix, "price")  # "prices"


def test_grouping_with_parentheses(ix):
    assert hit_ids(ix, "(Nokia OR Goldman) prices") == {"tech/phones.txt", "business/oil.md"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:budget", {"politics/brown.md"}),
        ("body:Cannes", {"tech/phones.txt"}),
        ("section:tech", {"tech/phones.txt", "tech/games.json#1", "tech/games.json#2"}),
        ('source:"Daily Paper"', {"politics/blair.md", "politics/brown.md"}),
        ("author:doe", {"business/oil.md"}),
        ("TITLE:Budget", {"politics/brown.md"}),
    ],
)
def test_fields_restrict_where_a_term_is_found(ix, query, expected):
    assert hit_ids(ix, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:2005", {"business/oil.md", "politics/blair.md", "tech/games.json#1", "tech/games.json#2"}),
        ("date:2005-03", {"tech/games.json#1", "tech/games.json#2"}),
        ("date:[2004-12 to 2005-01]", {"politics/brown.md", "business/oil.md"}),
        ("date:>2005-02-15", {"tech/games.json#1", "tech/games.json#2"}),
        ("date:<2005-01-01", {"politics/brown.md"}),
    ],
)
def test_dates_in_friendly_forms(ix, query, expected):
    assert hit_ids(ix, query) == expected


def test_queries_are_case_insensitive(ix):
    assert hit_ids(ix, "NOKIA") == hit_ids(ix, "nokia") == {"tech/phones.txt"}


def test_entity_fields_are_exact_filters(ix):
    assert hit_ids(ix, 'person:"Tony Blair"') == {"politics/blair.md", "politics/brown.md"}
    assert hit_ids(ix, 'person:"tony blair" section:politics') == {"politics/blair.md", "politics/brown.md"}
    assert hit_ids(ix, "person:blair") == set()  # exact, not a word match
    assert "politics/blair.md" in hit_ids(ix, "place:london")


def test_sorting_by_date(ix):
    newest = [h.id for h in ix.search("government OR economy OR economic", sort="newest").hits]
    oldest = [h.id for h in ix.search("government OR economy OR economic", sort="oldest").hits]
    dated_new = [i for i in newest if i != "business/bank.txt" and i != "tech/phones.txt"]
    assert dated_new[0] == "tech/games.json#1"
    assert oldest.index("politics/brown.md") < oldest.index("politics/blair.md")
    undated = {"business/bank.txt", "tech/phones.txt"} & set(newest)
    assert undated, "the query should find an undated article"
    for order in (newest, oldest):  # undated articles come last, whichever the direction
        assert set(order[-len(undated) :]) == undated, order
