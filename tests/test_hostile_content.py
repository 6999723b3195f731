"""Allowed content that must not stall everything: each bound, shown on small inputs.

A search's work follows the matches it counts and the hits it shows; extraction
and highlighting read a huge body up to a bound, and say so. The figures on
the real hostile archives are `tests/bench/hostile.py`'s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from index.build import BuildOptions, update_index
from index.cli.terminal import article as print_article
from index.engine.whoosh import searcher as whoosh_searcher
from index.entities import extent
from index.entities.fallback import RuleExtractor
from index.entities.spans import find_words, word_runs
from index.entities.stage import body_key
from index.search import SearchIndex
from index.text import highlight

from .archive_fixtures import write_archive


class _CountingColumn:
    def __init__(self, column: Any, touched: list[int], offset: int) -> None:
        self._column, self._touched, self._offset = column, touched, offset

    def __getitem__(self, docnum: int) -> Any:
        self._touched.append(self._offset + docnum)
        return self._column[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._column, name)


def test_a_one_shot_searchs_facets_read_the_matched_documents_only(built_fixture, monkeypatch) -> None:
    query = "government OR economy"
    with SearchIndex(built_fixture[1]) as warm:
        warm.warm_up()  # a long-lived caller: the whole archive's map
        expected = warm.search(query)

    def no_map(*_args: Any) -> Any:
        raise AssertionError("a one-shot search decoded the facets of the whole archive")

    monkeypatch.setattr(whoosh_searcher, "FacetMap", no_map)
    touched: list[int] = []
    with SearchIndex(built_fixture[1]) as ix:
        for leaf, offset in ix.engine._live().reader().leaf_readers():
            real = leaf.column_reader
            monkeypatch.setattr(
                leaf,
                "column_reader",
                lambda *a, real=real, offset=offset, **k: _CountingColumn(real(*a, **k), touched, offset),
            )
        result = ix.search(query)
        archive = ix.doc_count()
    assert result.facets == expected.facets and result.total == expected.total
    assert 0 < result.total < archive
    assert len(set(touched)) == result.total  # each matched document's facets and date, no other


def test_the_entity_extraction_reads_a_bounded_prefix_of_a_huge_text_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(extent, "NER_MAX_CHARS", 200)
    paragraph = "Tony Blair met Gordon Brown in London on Tuesday.\n\n"
    text = paragraph * 40
    read = extent.read_length(text)
    assert 100 < read <= 200 and text[:read].endswith("\n\n")  # cut at a paragraph break
    extraction = RuleExtractor("rules").extract(text)
    assert extraction.mentions and all(m.end <= read for m in extraction.mentions)
    assert extent.read_note(len(text), read) == (
        f"Entities were looked for in the first {read:,} of {len(text):,} characters only."
    )
    assert extent.read_note(len(paragraph), extent.read_length(paragraph)) == ""
    # The cache keys the extraction by what was read: never the whole text's, cached before.
    assert body_key(text) == body_key(text[:read]) != body_key(text[: read + 1])


def test_an_article_whose_entities_come_from_a_prefix_says_so_in_show(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(extent, "NER_MAX_CHARS", 300)
    body = "Tony Blair met Gordon Brown in London on Tuesday.\n\n" * 30
    archive = write_archive(tmp_path / "archive", {"long.txt": "A long report\n\n" + body})
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1, ner_model="none-such"))
    with SearchIndex(tmp_path / "index") as ix:
        article = ix.article(ix.search("blair").hits[0].id)
    assert article.entities_read is not None and article.entities_read < len(article.body)
    print_article(article, None)
    assert "Entities were looked for in the first" in capsys.readouterr().out


def test_a_name_is_found_through_the_texts_words_exactly_where_a_scan_finds_it() -> None:
    text = (
        "Blair spoke. Tony Blair, Blair's aide, Blair-Brown, _Blair, Blair_x, x.Blair, 'Blair, "
        "Blairite, ñBlair, Blairñ, Tony  Blair and TONY BLAIR. Al'aqsa, Henke's, Al."
    )
    runs = word_runs(text)
    for word in ("Blair", "Tony Blair", "TONY BLAIR", "Al", "Henke", "'Blair", "x.Blair", "ñ"):
        assert list(find_words(text, word, runs)) == list(find_words(text, word)), word


def test_highlighting_a_body_with_a_huge_number_of_matches_stays_capped_and_says_so(
    built_fixture, monkeypatch
) -> None:
    import index.search as search_module

    monkeypatch.setattr(search_module, "MAX_MARKS", 3)
    monkeypatch.setattr(highlight, "SCAN_CHARS", 64)
    scanned: list[int] = []
    real = highlight.text_pieces

    def pieces(text: str, size: int | None = None) -> Any:
        for start, end in real(text, size):
            scanned.append(end)
            yield start, end

    with SearchIndex(built_fixture[1]) as ix:
        hit = ix.search("price OR prices OR oil OR crude").hits[0]
        monkeypatch.setattr(highlight, "text_pieces", pieces)
        marks = ix.highlights(hit.id, "price OR prices OR oil OR crude")
        body = ix.article(hit.id).body
    assert len(marks.body) == 3 and marks.truncated
    assert len(body) > 64 and max(scanned) < len(body)  # stopped once enough were found


def test_a_long_text_searched_in_pieces_finds_the_matches_of_a_whole_search(monkeypatch) -> None:
    monkeypatch.setattr(highlight, "SCAN_CHARS", 50)
    text = "The prices rose; the price of crude.oil fell. Prices, PRICES and price-fixing!\n" * 20
    for terms in ({"price"}, {"price", "crude.oil", "fell"}):
        whole = highlight.match_spans(text, terms)
        pieces, complete = highlight.bounded_match_spans(text, terms)
        assert complete and pieces == whole and whole


@pytest.mark.parametrize("size", [10, 1000])
def test_a_huge_article_is_written_as_it_is_with_its_matches_marked(size: int) -> None:
    import io

    from rich.console import Console

    from index.cli import terminal

    text = "word " * size + "blair end"
    spans = [(len(text) - 9, len(text) - 4)]
    plain, coloured = io.StringIO(), io.StringIO()
    terminal._print_marked(Console(file=plain, width=10_000), text, spans)
    terminal._print_marked(Console(file=coloured, force_terminal=True, color_system="truecolor"), text, spans)
    assert plain.getvalue().rstrip("\n").split() == text.split()
    assert "\x1b[" in coloured.getvalue() and "blair" in coloured.getvalue()


def test_an_ordinary_article_is_read_whole() -> None:
    text = "An ordinary article about Tony Blair.\n" * 10
    assert extent.ner_text(text) is text and extent.read_length(text) == len(text)


def _vocab_sidecar(gen: Path) -> None:
    from collections import Counter

    from index.text.vocab import merge_vocabulary

    words = "price prices priced pricing prize pride bride brown browns crown blair blaire flair air"
    counts = Counter({w: 1 + i % 3 for i, w in enumerate(words.split())})
    counts.update({"élan": 2, "zoë": 1, "naïve": 4, "a1": 1, "go": 5})
    gen.mkdir(parents=True, exist_ok=True)
    merge_vocabulary(gen, counts, fresh=True)


def test_the_vocabulary_read_in_place_answers_as_the_loaded_one(tmp_path: Path) -> None:
    from index.text.vocab import Vocabulary, VocabularyFile

    _vocab_sidecar(tmp_path)
    loaded, in_place = Vocabulary.load(tmp_path), VocabularyFile(tmp_path)
    probes = [*loaded.counts, "pric", "prise", "blari", "brwn", "zoe", "elan", "aa", "zzz", "", "b", "éla"]
    for word in probes:
        assert (word in in_place) == (word in loaded), word
        assert in_place.count(word) == loaded.count(word), word
        for dist in (1, 2):
            assert in_place.near(word, dist) == loaded.near(word, dist), (word, dist)
        assert in_place.correction(word) == loaded.correction(word), word
    assert "zzz" not in VocabularyFile(tmp_path / "none") and not VocabularyFile(tmp_path / "none").near(
        "a", 2
    )


def test_a_one_shot_search_never_loads_the_whole_vocabulary(built_fixture, monkeypatch) -> None:
    from index.text.vocab import Vocabulary

    with SearchIndex(built_fixture[1]) as warm:
        warm.warm_up()
        expected = [warm.search(q) for q in ("goverment", "goverment~", "price")]

    def no_load(*_args: Any) -> Any:
        raise AssertionError("a one-shot search loaded the whole vocabulary")

    monkeypatch.setattr(Vocabulary, "load", no_load)
    with SearchIndex(built_fixture[1]) as ix:
        got = [ix.search(q) for q in ("goverment", "goverment~", "price")]
    assert expected[0].suggestion == "government"
    for want, have in zip(expected, got, strict=True):
        assert (have.suggestion, have.total, have.parsed) == (want.suggestion, want.total, want.parsed)
        assert [(h.id, h.score, h.fragments) for h in have.hits] == [
            (h.id, h.score, h.fragments) for h in want.hits
        ]


def test_the_models_batches_close_at_a_token_budget_as_well_as_a_count() -> None:
    from index.entities.workers import batches

    pieces = ["a/" * 2_000] * 20 + ["short words"] * 40  # 4,000 tokens each, then 2
    got = list(batches(pieces, 32, max_tokens=32_000))
    assert [len(b) for b in got] == [8, 8, 4 + 28, 12]
    assert [t for b in got for t in b] == pieces
    assert list(batches(["y " * 50_000, "z"], 32, max_tokens=32_000)) == [["y " * 50_000], ["z"]]


def test_the_entity_extraction_reads_a_bounded_number_of_tokens_too(monkeypatch) -> None:
    monkeypatch.setattr(extent, "NER_MAX_TOKENS", 1_000)
    prose, slashes = "Tony Blair met Gordon Brown. " * 150, "a/" * 3_000
    assert extent.read_length(prose) == len(prose)  # 900 tokens: 6 a sentence
    read = extent.read_length(slashes)
    assert read <= 1_000 and extent.estimated_tokens(slashes[:read]) <= 1_000
