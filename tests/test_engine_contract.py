"""The engine door's contract (`index.engine.protocol.SearchEngine`), run against every engine.

The search facade relies on these answers whatever engine holds the postings:
a second engine passes this file and `test_search_queries.py` unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.engine import SearchEngine, open_engine
from index.query import parse_query
from index.query.syntax import Prefix, TermRange, Wildcard
from index.store.generations import Meta, current_generation


@pytest.fixture(scope="module")
def engine(engine_fixture) -> Iterator[SearchEngine]:
    index_dir = engine_fixture[1]
    gen = current_generation(index_dir)
    assert gen is not None
    opened = open_engine(gen, index_dir, Meta.read(gen).search_engine)
    yield opened
    opened.close()


def node(text: str):
    return parse_query(text).node


def test_an_engine_names_itself(engine) -> None:
    assert engine.name


def test_wildcards_prefixes_and_ranges_expand_to_indexed_words(engine) -> None:
    assert "economi" in set(engine.expand(Prefix("body", "econom")))
    assert set(engine.expand(Wildcard("body", "econom?"))) <= {"economi", "econom"}
    assert set(engine.expand(TermRange("body", "nokia", "nokia"))) == {"nokia"}
    assert list(engine.expand(Prefix("body", "zzzz"))) == []


def test_document_frequency_counts_articles_not_mentions(engine) -> None:
    assert engine.doc_frequency("body", "oil") >= 1
    assert engine.doc_frequency("body", "nosuchword") == 0


def test_a_search_gives_a_page_the_exact_total_and_the_facets_of_all_matches(engine) -> None:
    ranked = engine.search(node("government OR economy OR economic"), sort="relevance", limit=2)
    assert len(ranked.page) == 2 and ranked.total >= 3
    assert ranked.page[0][1] >= ranked.page[1][1]
    assert sum(c.count for c in ranked.facets.sections) == ranked.total
    assert engine.count(node("government OR economy OR economic")) == ranked.total


def test_date_sorts_put_undated_articles_last(engine) -> None:
    for sort in ("newest", "oldest"):
        page = engine.search(node("government OR economy OR economic"), sort=sort, limit=50).page
        dates = [record.date for record, _score in page]
        undated = [d is None for d in dates]
        assert undated == sorted(undated)  # False (dated) before True (undated)
        dated = [d for d in dates if d is not None]
        assert dated == sorted(dated, reverse=sort == "newest")


def test_value_counts_cover_the_matches_or_the_whole_archive(engine) -> None:
    everything = engine.value_counts(None, "section", None)
    assert sum(c.count for c in everything) == engine.doc_count()
    tech = engine.value_counts(node("section:tech"), "section", None)
    assert [c.value for c in tech] == ["tech"]
    assert engine.value_counts(None, "person", 0) == ()


def test_a_counter_counts_each_node_among_one_querys_matches_as_an_intersection_would(engine) -> None:
    within = node("government OR economy OR economic")
    among = engine.counter(within)
    everywhere = engine.counter(None)
    for text in ("section:tech", "section:business", "oil", "nosuchword", "growth OR market"):
        assert among(node(text)) == engine.count(
            parse_query(f"({text}) AND (government OR economy OR economic)").node
        )
        assert everywhere(node(text)) == engine.count(node(text))
    assert among(node("section:business")) <= engine.count(within)


def test_articles_records_and_related_articles(engine) -> None:
    records = list(engine.iter_records())
    assert len(records) == engine.doc_count() and [r.id for r in records] == sorted(r.id for r in records)
    article = engine.article(records[0].id)
    assert article is not None and article.id == records[0].id and article.body == records[0].body
    assert engine.article("no/such.txt") is None
    related = engine.more_like("politics/blair.md", 3)
    assert related is not None and all(r.id != "politics/blair.md" for r, _s in related)
    assert engine.more_like("no/such.txt", 3) is None


def test_the_date_range_spans_the_dated_articles(engine) -> None:
    first, last = engine.date_range()
    assert first is not None and last is not None and first <= last


def test_a_fresh_engine_has_nothing_to_refresh(engine) -> None:
    assert engine.refresh() is False
