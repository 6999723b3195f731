"""Morgue's patches to Whoosh answer exactly as the code they replace."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh.analysis import StandardAnalyzer
from whoosh.codec import whoosh3

from index.engine.whoosh.analyzer import NewsAnalyzer
from index.engine.whoosh.patches import start
from index.engine.whoosh.patching import ORIGINALS
from index.search import SearchIndex


@pytest.fixture(autouse=True, scope="module")
def _patched() -> None:
    start()


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
        whooshs = list(ORIGINALS["whoosh.formats.Positions.word_values"](fmt, text, analyzer, mode="index"))
        assert list(fmt.word_values(text, analyzer, mode="index")) == whooshs


def test_other_analyzers_and_arguments_take_whooshs_own_path() -> None:
    fmt = formats.Positions()
    standard = StandardAnalyzer()
    text = "Oil prices rose again as oil stocks fell"
    assert list(fmt.word_values(text, standard, mode="index")) == list(
        ORIGINALS["whoosh.formats.Positions.word_values"](fmt, text, standard, mode="index")
    )
    assert [w for w, *_ in fmt.word_values(text, NewsAnalyzer(), mode="index", start_pos=5)] == [
        "oil",
        "price",
        "rose",
        "again",
        "stock",
        "fell",
    ]


def test_small_posting_blocks_are_stored_plain_and_large_ones_compressed(tmp_path) -> None:
    from whoosh import index as whoosh_index
    from whoosh.codec import whoosh3

    from index.engine.whoosh.patches import SMALL_BLOCK
    from index.engine.whoosh.schema import build_schema

    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = ix.writer()
    for n in range(200):  # "common" in every document: full blocks; "rare" in one
        writer.add_document(id=f"d{n}", body=f"common words here {'rare' if n == 7 else 'x'} " * 40)
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        common = reader.postings("body", "common")
        rare = reader.postings("body", "rare")
        assert isinstance(common, whoosh3.W3LeafMatcher) and isinstance(rare, whoosh3.W3LeafMatcher)
        assert common._compression == 3  # a full block of 128 postings is well over SMALL_BLOCK bytes
        assert rare._compression == 0
        assert list(rare.all_ids()) == [7] and len(list(common.all_ids())) == 200
        assert len(reader.postings("body", "common").value_as("positions")) == 40
    assert SMALL_BLOCK > 20


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


def _segment_files(folder, docs, add_postings) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """The files of one segment written from `docs` with `add_postings`, by extension."""
    from whoosh import index as whoosh_index
    from whoosh.codec import base

    from index.engine.whoosh.schema import build_schema

    saved = base.FieldWriter.add_postings
    base.FieldWriter.add_postings = add_postings
    try:
        ix = whoosh_index.create_in(str(folder), build_schema())
        writer = ix.writer(compound=False)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
    finally:
        base.FieldWriter.add_postings = saved
    # MAIN_<segment id>.<what>: keyed by <what>, the segment ids being random
    return {
        p.name.split(".", 1)[1]: p.read_bytes()
        for p in folder.iterdir()
        if p.name.startswith("MAIN_") and "." in p.name
    }


def _varied_docs(count: int, seed: int) -> list[dict[str, object]]:
    """Documents whose terms have 1 to `count` postings: a block's limit (128) crossed, reached and not."""
    import random
    from datetime import datetime

    rng = random.Random(seed)
    words = [f"w{n}" for n in range(400)] + ["oil", "prices", "blair", "budget", "the"]
    docs: list[dict[str, object]] = []
    for n in range(count):
        body = " ".join(rng.choice(words) for _ in range(rng.randint(0, 60)))
        if n < 128:
            body += " exactly128"  # in exactly one block's worth of documents
        if n < 129:
            body += " exactly129"
        doc: dict[str, object] = {
            "id": f"d{n}",
            "title": f"Story {n} about {rng.choice(words)}",
            "body": body + (" Oil prices rose again." * rng.randint(0, 3)),
            "section": rng.choice(["business", "politics", "sport"]),
        }
        if n % 3:
            doc["person"] = rng.choice(["tony blair", "gordon brown", "tony blair,gordon brown"])
        if n % 4:
            doc["date"] = datetime(2004, 1 + n % 12, 1 + n % 28)
        docs.append(doc)
    return docs


def test_the_lean_flush_writes_the_segment_whoosh_writes(tmp_path) -> None:
    from whoosh.codec import base

    bodies = [
        "Oil prices rose again as oil stocks fell in London on Monday.",
        "The Bank of England held rates; the pound fell against the dollar. " * 30,  # long posting lists
        "Tony Blair met Gordon Brown. Blair said the budget was fair. " * 3,
        "",
    ]
    docs = [
        {
            "id": f"d{n}",
            "title": f"Story {n} about oil",
            "body": bodies[n % len(bodies)],
            "person": "tony blair",
        }
        for n in range(300)  # more postings per term than a block holds (128)
    ]
    lean = base.FieldWriter.add_postings
    assert lean.__wrapped__ is not lean
    for name, batch in (("fixed", docs), ("varied", _varied_docs(400, 1)), ("small", _varied_docs(3, 2))):
        (tmp_path / name / "whoosh").mkdir(parents=True)
        (tmp_path / name / "lean").mkdir()
        whooshs = _segment_files(
            tmp_path / name / "whoosh", batch, ORIGINALS["whoosh.codec.base.FieldWriter.add_postings"]
        )
        leans = _segment_files(tmp_path / name / "lean", batch, lean)
        assert set(leans) == set(whooshs) and "pst" in leans
        for ext, data in whooshs.items():
            assert leans[ext] == data, (name, ext)


def test_postings_sorted_by_term_then_field_are_in_whooshs_order() -> None:
    import random

    from index.engine.whoosh.patches import _sort_postings

    rng = random.Random(3)
    postings = []
    for docnum in range(300):  # as a pool gets them: document by document
        for field in rng.sample(["body", "title", "person", "id"], 3):
            for term in {rng.choice([b"a", b"b", b"oil", b"z"]) for _ in range(3)}:
                postings.append((field, term, docnum, rng.random(), rng.randbytes(2)))
    ours = list(postings)
    _sort_postings(ours)
    assert ours == sorted(postings)


def test_a_pool_spilled_to_run_files_indexes_what_whooshs_pool_indexes(tmp_path, monkeypatch) -> None:
    """The same postings, lengths and stored fields; not the same bytes: a posting block pickles a
    positions value it holds twice once, and values read back from a run are no longer shared."""
    from whoosh import index as whoosh_index
    from whoosh import writing

    from index.engine.whoosh.schema import build_schema

    docs = _varied_docs(600, 4)
    indexed = {}
    for name in ("ours", "whooshs"):
        if name == "whooshs":
            for method in ("save", "iter_postings", "_write_run", "_read_run"):
                monkeypatch.setattr(
                    writing.PostingPool, method, ORIGINALS[f"whoosh.writing.PostingPool.{method}"]
                )
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        writer = ix.writer(limitmb=0.05)  # 50 KB of postings a run: dozens of runs
        for doc in docs:
            writer.add_document(**doc)
        assert len(writer.pool.runs) > 10
        writer.commit()
        with ix.reader() as reader:
            indexed[name] = (
                list(reader.iter_postings()),
                [reader.doc_field_length(d, "body") for d in range(len(docs))],
                list(reader.all_stored_fields()),
            )
    assert indexed["ours"] == indexed["whooshs"]
    assert len(indexed["ours"][0]) > 10_000


def test_stored_records_are_plain_zlib_streams_any_whoosh_reads(tmp_path) -> None:
    import pickle
    import zlib

    from whoosh import index as whoosh_index
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import ID, STORED, Schema

    body = "Words that deflate would shrink well. " * 40
    ix = whoosh_index.create_in(str(tmp_path), Schema(id=ID(stored=True), body=STORED()))
    with ix.writer() as writer:
        writer.add_document(id="a", body=body)
    with ix.searcher() as searcher:
        segment = next(iter(searcher.reader().leaf_readers()))[0]
        compressed = segment._perdoc._cached_reader("_stored", whoosh3.STORED_COLUMN)._child
        raw = VarBytesColumn.Reader.__getitem__(compressed, 0)  # the bytes on disk
        assert len(raw) > len(body)  # stored, not deflated
        assert pickle.loads(zlib.decompress(raw)) == {"id": "a", "body": body}  # what Whoosh's reader does
        assert searcher.stored_fields(0)["body"] == body
