"""Quotations in the index: `said:` finds who is quoted, `quote:` searches the quoted words only."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.entities.extent import read_length
from index.models import Mention
from index.quotes.stage import article_quotes
from index.search import SearchIndex

from .archive_fixtures import write_archive
from .quotes_fixtures import QUOTE_ARTICLES, build_quotes_archive


@pytest.fixture(scope="module")
def quotes_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_quotes_archive(tmp_path_factory.mktemp("quotes"))[1]


def ids(index_dir: Path, query: str) -> set[str]:
    with SearchIndex(index_dir) as index:
        result = index.search(query, limit=50)
    assert result.error is None, result.error
    return {hit.id for hit in result.hits}


def test_said_finds_the_article_quoting_a_person_not_the_one_only_naming_him(quotes_index):
    assert ids(quotes_index, 'said:"Tony Blair"') == {"politics/vote.md"}
    assert ids(quotes_index, 'person:"Tony Blair"') == {"politics/vote.md", "politics/mention.md"}


def test_said_takes_a_name_in_any_case(quotes_index):
    assert ids(quotes_index, 'said:"michael howard"') == {"politics/vote.md"}


def test_said_finds_an_organisation_speaker(quotes_index):
    assert ids(quotes_index, "said:corus") == {"business/steel.md"}


def test_quote_searches_only_inside_quotations(quotes_index):
    # "economy" is quoted in vote.md, and only written in mention.md.
    assert ids(quotes_index, "economy") == {"politics/vote.md", "politics/mention.md"}
    assert ids(quotes_index, "quote:economy") == {"politics/vote.md"}


def test_quote_words_are_stemmed_like_the_body(quotes_index):
    assert ids(quotes_index, "quote:demands") == {"business/steel.md"}
    assert ids(quotes_index, 'quote:"fair and open"') == {"politics/vote.md"}


def test_said_and_quote_combine_with_the_rest_of_the_language(quotes_index):
    assert ids(quotes_index, 'said:"Tony Blair" quote:win') == {"politics/vote.md"}
    assert ids(quotes_index, 'said:"Tony Blair" quote:steel') == set()
    assert ids(quotes_index, 'quote:government -said:"Tony Blair"') == {"business/steel.md"}
    assert ids(quotes_index, "quote:government section:politics") == set()
    assert ids(quotes_index, 'said:corus OR said:"Tony Blair"') == {"politics/vote.md", "business/steel.md"}


def test_an_unnamed_source_is_stored_but_not_searchable_as_a_speaker(quotes_index):
    with SearchIndex(quotes_index) as index:
        article = index.article("business/steel.md")
    unnamed = [q for q in article.quotes if q.unnamed]
    assert [q.text for q in unnamed] == ["The region will get help from the government."]
    assert unnamed[0].speaker is None


def test_stored_quotations_point_into_the_body(quotes_index):
    with SearchIndex(quotes_index) as index:
        for doc_id in QUOTE_ARTICLES:
            article = index.article(doc_id)
            for quote in article.quotes:
                assert article.body[quote.start : quote.end] == quote.text
    with SearchIndex(quotes_index) as index:
        vote = index.article("politics/vote.md")
    assert [(q.speaker, q.speaker_label) for q in vote.quotes] == [
        ("Tony Blair", "PERSON"),
        ("Tony Blair", "PERSON"),
        ("Michael Howard", "PERSON"),
    ]
    assert vote.quotes[1].part_of == 0  # the quotation continues after its attribution


def test_a_build_without_entities_stores_no_quotations(tmp_path):
    archive = write_archive(tmp_path / "archive", dict(QUOTE_ARTICLES))
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1, entities=False))
    with SearchIndex(tmp_path / "index") as index:
        assert index.article("politics/vote.md").quotes == ()
        assert index.search("quote:economy").total == 0


def test_an_update_keeps_the_quotations_of_a_changed_article_current(tmp_path):
    archive, index_dir = build_quotes_archive(tmp_path)
    changed = QUOTE_ARTICLES["business/steel.md"].replace("Demand for steel", "Demand for iron")
    (archive / "business" / "steel.md").write_text(changed, encoding="utf-8")
    update_index(archive, index_dir, options=BuildOptions(procs=1))
    assert ids(index_dir, "quote:iron") == {"business/steel.md"}
    assert ids(index_dir, "quote:steel") == set()


def test_a_huge_body_is_searched_for_quotations_only_where_entities_are():
    head = '"We will stay," Tony Blair said.\n\n'
    filler = "word " * 130_000
    body = head + filler + '\n\n"Too late," Michael Howard said.\n'
    mentions = [Mention(16, 26, "Tony Blair", "PERSON", "Tony Blair")]
    quotes = article_quotes(body, mentions)
    assert read_length(body) < len(body)
    assert [q.text for q in quotes] == ["We will stay,"]
    assert quotes[0].speaker == "Tony Blair"


def test_a_quote_word_is_marked_in_the_body_and_in_the_snippet(quotes_index):
    with SearchIndex(quotes_index) as index:
        marks = index.highlights("politics/vote.md", "quote:economy")
        body = index.article("politics/vote.md").body
        result = index.search("quote:economy")
    assert [body[s:e].lower() for s, e in marks.body] == ["economy"]
    assert any(f.matches for f in result.hits[0].fragments)
