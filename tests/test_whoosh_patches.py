"""Morgue's patches to Whoosh answer exactly as the code they replace."""

from __future__ import annotations

import pickle
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh.analysis import StandardAnalyzer
from whoosh.codec import whoosh3

from index.analysis import NewsAnalyzer
from index.search import SearchIndex


def test_field_lengths_read_from_memory_equal_those_read_from_the_column(built_fixture):
    with SearchIndex(built_fixture[1]) as ix:
        reader = ix._live().reader()
        for segment, _offset in reader.leaf_readers():
            perdoc = segment._perdoc
            for field in ("title", "body", "author", "person", "id", "section"):
                column = perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
                for docnum in range(perdoc._doccount):
                    if column is None:
                        expected = 7
                    else:
                        raw = column[docnum]
                        expected = whoosh3.byte_to_length(raw) if raw else None
                    assert perdoc.doc_field_length(docnum, field, 7) == expected


WORDS = st.sampled_from(
    [
        "The",
        "oil",
        "price",
        "prices",
        "İstanbul",
        "U.S.",
        "e-mail",
        "wild*card",
        "the",
        "of",
        "Straße",
        "42",
        "x",
    ]
)
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_indexing_a_text_gives_the_postings_whoosh_would(text: str) -> None:
    analyzer = NewsAnalyzer()
    for boost in (1.0, 2.0):
        fmt = formats.Positions(field_boost=boost)
        whooshs = list(formats.Positions.word_values.__wrapped__(fmt, text, analyzer, mode="index"))
        assert list(fmt.word_values(text, analyzer, mode="index")) == whooshs


def test_other_analyzers_and_arguments_take_whooshs_own_path() -> None:
    fmt = formats.Positions()
    standard = StandardAnalyzer()
    text = "Oil prices rose again as oil stocks fell"
    assert list(fmt.word_values(text, standard, mode="index")) == list(
        formats.Positions.word_values.__wrapped__(fmt, text, standard, mode="index")
    )
    assert [w for w, *_ in fmt.word_values(text, NewsAnalyzer(), mode="index", start_pos=5)] == [
        "oil",
        "price",
        "rose",
        "again",
        "stock",
        "fell",
    ]


def test_posting_blocks_are_standard_zlib_streams_with_a_small_window() -> None:
    data = pickle.dumps(([1, 5, 9], [1.0, 2.0, 1.0], [b"\x00\x00\x00\x01"] * 3), 2)
    packed = whoosh3.zlib.compress(data, 3)
    assert zlib.decompress(packed) == data
    assert packed[0] >> 4 == 4  # CINFO: a 2 ** (4 + 8) = 4 KB window
    assert len(packed) == len(zlib.compress(data, 3))  # no bigger than with the default window


def test_stored_fields_are_those_whoosh_gives(built_fixture) -> None:
    with SearchIndex(built_fixture[1]) as ix:
        for segment, _offset in ix._live().reader().leaf_readers():
            for docnum in range(segment.doc_count_all()):
                whooshs = dict(
                    item
                    for item in segment._perdoc.stored_fields(docnum).items()
                    if item[0] in segment.schema
                )
                assert segment.stored_fields(docnum) == whooshs
                assert segment.stored_fields(docnum) is not segment.stored_fields(docnum)


def test_stored_fields_a_schema_no_longer_has_are_left_out(built_fixture) -> None:
    with SearchIndex(built_fixture[1]) as ix:
        segment = next(iter(ix._live().reader().leaf_readers()))[0]
        segment.__dict__["_morgue_names"] = frozenset({"id", "title"})  # as if the others had been removed
        assert set(segment.stored_fields(0)) == {"id", "title"}
