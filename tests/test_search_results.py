"""Hits, snippets, facets, suggestions, highlights and related articles."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.models import Entity, Filter
from index.search import SearchIndex


@pytest.fixture(scope="module")
def ix(built_fixture):
    with SearchIndex(built_fixture[1]) as index:
        yield index


def test_snippet_offsets_point_at_the_matched_words(ix):
    result = ix.search("price")
    assert result.hits
    for hit in result.hits:
        marked = [f.text[s:e].lower() for f in hit.fragments for s, e in f.matches]
        assert marked and all(m.startswith("price") for m in marked)


def test_a_phrase_is_highlighted_as_one_span(ix):
    hit = ix.search('"prime minister"').hits[0]
    marked = [f.text[s:e] for f in hit.fragments for s, e in f.matches]
    assert marked == ["Prime Minister", "prime minister"]


def test_title_matches_are_returned_as_offsets(ix):
    hit = ix.search("budget").hits[0]
    assert [hit.title[s:e] for s, e in hit.title_matches] == ["budget"]


def test_facets_count_the_whole_result_set_not_the_page(ix):
    full = ix.search("government OR economy OR economic OR prices", limit=20)
    page = ix.search("government OR economy OR economic OR prices", limit=1)
    assert page.total == full.total > 1 and len(page.hits) == 1
    assert page.facets == full.facets
    assert sum(c.count for c in page.facets.sections) == full.total


def test_facets_count_entities_sections_and_dates(ix):
    facets = ix.search("government OR economy OR economic").facets
    people = {c.value: c.count for c in facets.entities["person"]}
    assert people.get("Tony Blair") == 2
    assert {c.value for c in facets.sections} >= {"business", "politics"}
    assert {c.value for c in facets.years} >= {"2004", "2005"}
    assert "2005-02" in {c.value for c in facets.months}


def test_filters_narrow_results_and_facets(ix):
    result = ix.search("government", filters=(Filter("person", "Tony Blair"),))
    assert {h.id for h in result.hits} == {"politics/blair.md", "politics/brown.md"}
    only_filter = ix.search("", filters=(Filter("section", "tech"),))
    assert only_filter.total == 3


def test_paging_returns_the_next_hits(ix):
    first = ix.search("government OR economy OR economic OR prices", limit=2)
    second = ix.search("government OR economy OR economic OR prices", limit=2, offset=2)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


def test_did_you_mean_suggests_from_the_archive_vocabulary(ix):
    result = ix.search("goverment")
    assert result.total == 0
    assert result.suggestion == "government"


def test_no_suggestion_when_the_query_finds_plenty(ix):
    assert ix.search("government").suggestion is None


def test_highlights_cover_every_match_of_the_whole_article(ix):
    article = ix.article("politics/blair.md")
    marks = ix.highlights("politics/blair.md", "blair OR minister")
    body_words = [article.body[s:e].lower() for s, e in marks.body]
    assert body_words.count("blair") == 2 and "minister" in body_words
    assert [article.title[s:e] for s, e in marks.title] == ["Blair"]


def test_more_like_finds_related_articles(ix):
    related = ix.more_like("politics/blair.md")
    assert related and related[0].id != "politics/blair.md"
    assert "politics/brown.md" in {h.id for h in related}


def test_appears_with_counts_co_occurring_entities(ix):
    co = ix.cooccurring("person", "Tony Blair")
    people = {c.value for c in co["person"]}
    assert "Tony Blair" not in people
    assert {"Gordon Brown", "Michael Howard"} <= people


def test_a_warmed_up_searcher_highlights_exactly_as_a_cold_one(built_fixture):
    from index.search import SearchIndex

    queries = ("oil prices", "econom*", "government OR election", '"prime minister" blair', "goverment~")
    with SearchIndex(built_fixture[1]) as cold:
        before = {q: [(h.fragments, h.title_matches) for h in cold.search(q).hits] for q in queries}
        marks_before = cold.highlights("politics/blair.md", "prime minister election")
    with SearchIndex(built_fixture[1]) as warm:
        warm.warm_up()  # loads the vocabulary with its stems: the one-regex finder is used
        assert warm.vocabulary().forms
        after = {q: [(h.fragments, h.title_matches) for h in warm.search(q).hits] for q in queries}
        assert warm.highlights("politics/blair.md", "prime minister election") == marks_before
    assert after == before and any(after.values())


@given(
    counts=st.lists(st.integers(1, 6), min_size=0, max_size=60),
    names=st.lists(
        st.text(alphabet="abcXYZ é", min_size=1, max_size=5), min_size=60, max_size=60, unique=True
    ),
    limit=st.integers(1, 12),
)
@settings(max_examples=200, deadline=None)
def test_the_top_facets_are_the_largest_counts_with_ties_in_name_order(counts, names, limit):
    from collections import Counter
    from heapq import nsmallest

    from index.engine.whoosh.facet_map import _top

    counter = Counter({v: n for v, n in enumerate(counts)})
    values = names[: len(counts)]
    rank = lambda item: (-item[1], values[item[0]])  # noqa: E731
    expected = nsmallest(limit, counter.items(), key=rank)
    if len(counter) > limit:
        assert _top(counter, values, limit, rank) == expected


def test_entities_are_stored_as_text_and_read_back_from_either_layout(ix):
    from index.engine.whoosh.documents import stored_article

    hit = ix.search('person:"Tony Blair"').hits[0]
    searcher = ix.engine._live()
    fields = searcher.document(id=hit.id)
    assert isinstance(fields["entities"], str) and isinstance(fields["mentions"], str)
    article = stored_article(fields)
    assert any(e.name == "Tony Blair" for e in article.entities)
    assert article.mentions and all(article.body[m.start : m.end] == m.text for m in article.mentions)
    as_lists = {
        **fields,
        "entities": json.loads(fields["entities"]),
        "mentions": json.loads(fields["mentions"]),
    }
    assert stored_article(as_lists) == article  # an index written before this layout
    assert stored_article({**fields, "entities": "[broken", "mentions": "["}).entities == ()
    odd = stored_article(
        {**fields, "entities": '[["A","PERSON","x"],["B","ORG",1]]', "mentions": '[[0,"1",0]]'}
    )
    assert odd.entities == (Entity("B", "ORG", 1),) and odd.mentions == ()  # damaged rows are left out
