"""Morgue's patches to Whoosh answer exactly as the code they replace."""

from __future__ import annotations

from whoosh.codec import whoosh3

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
