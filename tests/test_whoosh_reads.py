"""A search reads what it needs, not the whole index (`index.engine.whoosh.reads`).

Each patch answers exactly as Whoosh's own code (`test_whoosh_patches` lists them
among the patches compared); these tests also show what each one no longer does.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec import whoosh3
from whoosh.filedb.structfile import BufferFile
from whoosh.query import Term

from index.engine.whoosh import reads
from index.engine.whoosh.patches import start
from index.engine.whoosh.patching import ORIGINALS
from index.search import SearchIndex

DATA = b"".join(bytes([i % 256]) * (i % 7) + b"\n" for i in range(400)) + pickle.dumps(
    {"k": [1, 2.5, "v"]}, 2
)

OPS = st.lists(
    st.tuples(
        st.sampled_from(["read", "readline", "seek", "seek_cur", "seek_end", "tell", "pickle", "get"]),
        st.integers(-20, len(DATA) + 20),
    ),
    max_size=40,
)


def _whooshs_buffer_file(buf: Any) -> Any:
    start()
    theirs = BufferFile.__new__(BufferFile)
    ORIGINALS["whoosh.filedb.structfile.BufferFile.__init__"](theirs, buf)
    return theirs


def _apply(f: Any, op: str, n: int) -> Any:
    try:
        if op == "read":
            return f.read(n)
        if op == "readline":
            return f.readline(n if n % 3 else -1)
        if op == "seek":
            return f.seek(n)
        if op == "seek_cur":
            return f.seek(n, io.SEEK_CUR)
        if op == "seek_end":
            return f.seek(-n, io.SEEK_END)
        if op == "tell":
            return f.tell()
        if op == "get":
            return f.get(abs(n), 5)
        f.seek(len(DATA) - len(pickle.dumps({"k": [1, 2.5, "v"]}, 2)))
        return f.read_pickle()
    except (ValueError, EOFError, pickle.UnpicklingError) as exc:
        return type(exc).__name__


@settings(max_examples=300, deadline=None, database=None)
@given(ops=OPS)
def test_a_segment_file_read_in_place_reads_as_whooshs_copy_of_it(ops: list[tuple[str, int]]) -> None:
    start()
    mine, theirs = BufferFile(memoryview(DATA)), _whooshs_buffer_file(memoryview(DATA))
    assert isinstance(mine.file, reads.MemoryFile)
    for op, n in ops:
        assert _apply(mine, op, n) == _apply(theirs, op, n), (op, n)
    assert list(BufferFile(memoryview(DATA))) == list(_whooshs_buffer_file(memoryview(DATA)))


def test_opening_a_searcher_copies_no_segment_file_into_memory(built_fixture, monkeypatch) -> None:
    copies: list[int] = []
    real = io.BytesIO

    class CountingBytesIO(real):  # type: ignore[misc,valid-type]
        def __init__(self, initial: Any = b"") -> None:
            copies.append(len(initial))
            super().__init__(initial)

    import whoosh.filedb.structfile as structfile

    monkeypatch.setattr(structfile, "BytesIO", CountingBytesIO)
    with SearchIndex(built_fixture[1]) as ix:
        assert ix.search("election").total
    assert sum(copies) < 4096, copies  # only small files, as Whoosh's compound directory


def _small_pages(monkeypatch: Any) -> None:
    """Pages of 2 documents: the fixture's documents span many pages, the last one short."""
    monkeypatch.setattr(reads, "_PAGE_BITS", 1)
    monkeypatch.setattr(reads, "LENGTH_PAGE", 2)
    monkeypatch.setattr(reads, "_IN_PAGE", 1)


def test_a_search_reads_the_length_pages_of_the_documents_it_scores_only(built_fixture, monkeypatch) -> None:
    _small_pages(monkeypatch)
    with SearchIndex(built_fixture[1]) as ix:
        result = ix.search("body:price")
        assert result.total
        searcher = ix.engine._live()
        matched = set(searcher.docs_for_query(Term("body", "price")))
        read, everything = set(), set()
        for segment, offset in searcher.reader().leaf_readers():
            pages = segment._perdoc.__dict__.get("_morgue_lengths", {}).get("body") or {}
            read |= {(offset, number) for number in pages}
            everything |= {(offset, d >> 1) for d in range(segment.doc_count_all())}
            assert all(len(page) == 2 for page in pages.values())
        leaf = {(o, (d - o) >> 1) for d in matched for _s, o in searcher.reader().leaf_readers() if d >= o}
        assert read and read <= leaf < everything


def test_field_lengths_past_a_page_are_those_whoosh_reads(monkeypatch, built_fixture) -> None:
    _small_pages(monkeypatch)
    whooshs = ORIGINALS["whoosh.codec.whoosh3.W3PerDocReader.doc_field_length"]
    with SearchIndex(built_fixture[1]) as ix:
        for segment, _offset in ix.engine._live().reader().leaf_readers():
            perdoc = segment._perdoc
            for field in ("title", "body", "person", "id"):
                for docnum in reversed(range(perdoc._doccount)):
                    assert perdoc.doc_field_length(docnum, field, 7) == whooshs(perdoc, docnum, field, 7)
            assert whoosh3.W3PerDocReader.doc_field_length is reads.doc_field_length
