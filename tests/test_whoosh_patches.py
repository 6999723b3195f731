"""Morgue's patches to Whoosh answer exactly as the code they replace.

Each patch is compared with Whoosh's own object it replaced, kept in
`patching.ORIGINALS`, on the same input; where a patch writes other bytes on
purpose, with what upstream Whoosh reads back from both.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import formats, writing
from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from index.engine.whoosh import patches, safe_pickle, subwriters
from index.engine.whoosh.analyzer import NewsAnalyzer
from index.engine.whoosh.patches import PATCHES, WRITTEN_FOR, start, unpatched
from index.engine.whoosh.patching import ORIGINALS, original, patched, resolve
from index.engine.whoosh.schema import build_schema
from index.search import SearchIndex

from . import test_whoosh_reads as reads_tests

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="module")
def _patched() -> None:
    start()


def test_each_patch_keeps_whooshs_own_object_aside_and_replaces_it() -> None:
    for path in PATCHES:
        owner, attr = resolve(path)
        assert patched(path), path
        assert getattr(owner, attr) is not ORIGINALS[path], path
        upstream_object = ORIGINALS[path]
        if path.endswith("._level"):
            assert upstream_object == 3  # CompressedBytesColumn's default zlib level
        else:
            assert upstream_object.__module__.startswith("whoosh."), (path, upstream_object)
    # Inherited upstream, so set on PostingPool by the patch alone
    assert ORIGINALS["whoosh.writing.PostingPool._read_run"] is writing.SortingPool._read_run


def test_importing_the_patches_alone_patches_nothing() -> None:
    """Importing Morgue's engine modules changes no Whoosh attribute; `start()` changes them all (the
    patches and the guard's)."""
    code = """
import sys
import whoosh.codec.base, whoosh.codec.whoosh3, whoosh.columns, whoosh.compat, whoosh.externalsort
import whoosh.filedb.structfile, whoosh.formats, whoosh.index, whoosh.multiproc, whoosh.reading
import whoosh.searching, whoosh.util.loading, whoosh.writing

def snapshot():
    seen = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("whoosh") and module is not None:
            for attr, value in vars(module).items():
                seen[f"{name}.{attr}"] = value
                if isinstance(value, type) and value.__module__ == name:
                    for cattr, cvalue in vars(value).items():
                        seen[f"{name}.{attr}.{cattr}"] = cvalue
    seen["whoosh.codec.whoosh3.STORED_COLUMN._child._level"] = whoosh.codec.whoosh3.STORED_COLUMN._child._level
    return seen

before = snapshot()
import index.engine.whoosh.patches, index.engine.whoosh.opening, index.engine.whoosh.writer
import index.search, index.build
after = snapshot()
changed = [k for k in before if k in after and after[k] is not before[k] and after[k] != before[k]]
assert not changed, changed
from index.engine.whoosh.patches import PATCHES, start
from index.engine.whoosh.safe_pickle import AUDITED
start()
started = snapshot()
unchanged = [p for p in [*PATCHES, *AUDITED] if started.get(p) is before.get(p)]
assert not unchanged, unchanged
print("ok")
"""
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_start_with_another_whoosh_applies_nothing_and_says_it_runs_unpatched(monkeypatch) -> None:
    import whoosh

    assert start() == f"whoosh {WRITTEN_FOR}"
    patches.unapply()
    monkeypatch.setattr(whoosh, "versionstring", lambda: "2.7.9")
    try:
        state = start()
        assert state == "whoosh 2.7.9 (unpatched: Morgue's speed-ups are written for Whoosh 2.7.5)"
        for path in PATCHES:
            owner, attr = resolve(path)
            assert not patched(path) and getattr(owner, attr) is ORIGINALS[path], path
        for path in safe_pickle.AUDITED:  # the guard is a security fix: on for any Whoosh
            assert patched(path), path
        assert start() == state  # once
    finally:
        patches.unapply()
        monkeypatch.undo()
        assert start() == f"whoosh {WRITTEN_FOR}"


# -- per-document reading -------------------------------------------------------------------------


def test_field_lengths_read_from_memory_equal_those_read_from_the_column(built_fixture):
    with SearchIndex(built_fixture[1]) as ix:
        reader = ix.engine._live().reader()
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


FIELDS = ("title", "body", "author", "person", "id", "section", "date", "url", "nonexistent")


def _perdocs(index_dir: Path) -> list[Any]:
    from index.store.generations import require_generation

    ix = whoosh_index.open_dir(str(require_generation(index_dir)))
    return [segment._perdoc for segment, _ in ix.reader().leaf_readers()]


def test_a_column_reader_cached_or_known_missing_is_the_one_whoosh_opens(built_fixture) -> None:
    whooshs = ORIGINALS["whoosh.codec.whoosh3.W3PerDocReader._cached_reader"]
    ours, theirs = _perdocs(built_fixture[1]), _perdocs(built_fixture[1])
    schema = build_schema()
    columns = [(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN) for field in FIELDS] + [
        ("date", schema["date"].column_type),
        ("facets", schema["facets"].column_type),
        ("_stored", whoosh3.STORED_COLUMN),
        ("nonexistent", whoosh3.LENGTHS_COLUMN),
    ]
    for mine, upstream_reader in zip(ours, theirs, strict=True):
        for name, column in columns:
            for _twice in range(2):  # the second time from the cache
                got, want = mine._cached_reader(name, column), whooshs(upstream_reader, name, column)
                assert (got is None) == (want is None), name
                if got is not None:
                    assert list(got) == list(want), name


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(docnum=st.integers(0, 12), field=st.sampled_from(FIELDS), default=st.sampled_from([0, 7, None]))
def test_a_documents_field_length_is_the_one_whoosh_reads(built_fixture, docnum, field, default) -> None:
    """For every document number from 0 (none is negative: Whoosh would raise a struct error, the
    patch read its list from the end), past the last one too."""
    whooshs = ORIGINALS["whoosh.codec.whoosh3.W3PerDocReader.doc_field_length"]
    for perdoc in _fixture_perdocs(built_fixture[1]):
        if docnum == perdoc._doccount:
            continue  # no such document: Whoosh reads past the column, Morgue past its list
        outcomes = []
        for method in (perdoc.doc_field_length, lambda *a, p=perdoc: whooshs(p, *a)):
            try:
                outcomes.append(("=", method(docnum, field, default)))
            except IndexError:
                outcomes.append(("IndexError", None))
        assert outcomes[0] == outcomes[1], (docnum, field, default)


_PERDOCS: dict[Path, list[Any]] = {}


def _fixture_perdocs(index_dir: Path) -> list[Any]:
    if index_dir not in _PERDOCS:
        _PERDOCS[index_dir] = _perdocs(index_dir)
    return _PERDOCS[index_dir]


def test_stored_fields_are_those_whoosh_gives(built_fixture) -> None:
    whooshs_stored_fields = ORIGINALS["whoosh.reading.SegmentReader.stored_fields"]
    with SearchIndex(built_fixture[1]) as ix:
        for segment, _offset in ix.engine._live().reader().leaf_readers():
            for docnum in range(segment.doc_count_all()):
                whooshs = dict(
                    item
                    for item in segment._perdoc.stored_fields(docnum).items()
                    if item[0] in segment.schema
                )
                assert segment.stored_fields(docnum) == whooshs
                assert segment.stored_fields(docnum) == whooshs_stored_fields(segment, docnum)
                assert segment.stored_fields(docnum) is not segment.stored_fields(docnum)


def test_stored_fields_a_schema_no_longer_has_are_left_out(built_fixture) -> None:
    with SearchIndex(built_fixture[1]) as ix:
        segment = next(iter(ix.engine._live().reader().leaf_readers()))[0]
        segment.__dict__["_morgue_names"] = frozenset({"id", "title"})  # as if the others had been removed
        assert set(segment.stored_fields(0)) == {"id", "title"}


# -- columns of an index of several segments (a fix) ----------------------------------------------


def _dated_and_undated_segments(folder: Path) -> Any:
    """An index of three segments: undated articles, then dated ones, twice."""
    ix = whoosh_index.create_in(str(folder), build_schema())
    for batch, dated in enumerate((False, True, True)):
        with ix.writer() as writer:
            writer.merge = False
            for n in range(3):
                doc: dict[str, Any] = {"id": f"b{batch}-{n}", "body": "words"}
                if dated:
                    doc["date"] = datetime(2000 + batch, 1 + n, 1)
                writer.add_document(**doc)
    return ix


def test_a_column_of_several_segments_reads_each_documents_own_value(tmp_path) -> None:
    """Whoosh's `MultiReader.column_reader` drops a segment without the column but keeps the others'
    offsets: documents read their neighbours' dates. The patch reads each segment, missing ones as
    the column's default, as the segments' own readers do."""
    ix = _dated_and_undated_segments(tmp_path)
    with ix.reader() as reader:
        assert len(reader.readers) == 3
        expected = []
        for leaf, _offset in reader.leaf_readers():
            if leaf.has_column("date"):
                expected += list(leaf.column_reader("date", translate=False))
            else:
                expected += [leaf.schema["date"].column_type.default_value()] * leaf.doc_count_all()
        ours = reader.column_reader("date", translate=False)
        assert [ours[d] for d in range(9)] == expected
        whooshs = ORIGINALS["whoosh.reading.MultiReader.column_reader"](reader, "date", translate=False)
        read_by_whoosh = []
        for d in range(9):
            try:
                read_by_whoosh.append(whooshs[d])
            except Exception as exc:  # a negative position: struct error
                read_by_whoosh.append(type(exc))
        assert read_by_whoosh[:3] != expected[:3]  # the bug the patch fixes: read at -3, -2, -1
        assert read_by_whoosh[3:] == expected[3:]  # the segments that have the column read right


def test_a_column_every_segment_has_reads_as_whoosh_reads_it(tmp_path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    for batch in range(3):
        with ix.writer() as writer:
            writer.merge = False
            for n in range(4):
                writer.add_document(id=f"b{batch}-{n}", date=datetime(2000 + batch, 1 + n, 1))
    whooshs = ORIGINALS["whoosh.reading.MultiReader.column_reader"]
    with ix.reader() as reader:
        for translate in (True, False):
            ours = reader.column_reader("date", translate=translate)
            theirs = whooshs(reader, "date", translate=translate)
            assert [ours[d] for d in range(12)] == [theirs[d] for d in range(12)] == list(theirs)


# -- indexing -------------------------------------------------------------------------------------


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


@settings(max_examples=300, deadline=None, database=None)
@given(TEXTS)
def test_indexing_a_text_gives_the_postings_whoosh_would(text: str) -> None:
    analyzer = NewsAnalyzer()
    whooshs_word_values = ORIGINALS["whoosh.formats.Positions.word_values"]
    for boost in (1.0, 2.0):
        fmt = formats.Positions(field_boost=boost)
        whooshs = list(whooshs_word_values(fmt, text, analyzer, mode="index"))
        assert list(fmt.word_values(text, analyzer, mode="index")) == whooshs


def test_other_analyzers_and_arguments_take_whooshs_own_path() -> None:
    fmt = formats.Positions()
    standard = StandardAnalyzer()
    text = "Oil prices rose again as oil stocks fell"
    whooshs_word_values = ORIGINALS["whoosh.formats.Positions.word_values"]
    assert list(fmt.word_values(text, standard, mode="index")) == list(
        whooshs_word_values(fmt, text, standard, mode="index")
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
    from index.engine.whoosh.patches import SMALL_BLOCK

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


def _write(folder: Path, docs: list[dict[str, Any]], *, limitmb: float = 128) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(compound=False, limitmb=limitmb)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def _files(folder: Path) -> dict[str, bytes]:
    # MAIN_<segment id>.<what>: keyed by <what>, the segment ids being random
    return {
        p.name.split(".", 1)[1]: p.read_bytes()
        for p in folder.iterdir()
        if p.name.startswith("MAIN_") and "." in p.name
    }


def _segment_files(folder, docs, add_postings) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """The files of one segment written from `docs` with `add_postings`, by extension."""
    from whoosh.codec import base

    saved = base.FieldWriter.add_postings
    base.FieldWriter.add_postings = add_postings
    try:
        _write(folder, docs)
    finally:
        base.FieldWriter.add_postings = saved
    return _files(folder)


def _varied_docs(count: int, seed: int) -> list[dict[str, object]]:
    """Documents whose terms have 1 to `count` postings: a block's limit (128) crossed, reached and not."""
    import random

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


def _morgue_docs(count: int, seed: int) -> list[dict[str, object]]:
    """`_varied_docs` with the rest of what Morgue stores: links, duplicates, entities, facets."""
    docs = _varied_docs(count, seed)
    for doc in docs:
        doc["url"] = f"https://news.example/{doc['id']}"
        doc["path"] = f"{doc['section']}/{doc['id']}.txt"
        doc["content_hash"] = f"h{doc['id']}"
        doc["duplicates"] = [f"{doc['id']}-copy"] if str(doc["id"]).endswith("7") else []
        doc["entities"] = '[["Tony Blair","PERSON",2]]' if "person" in doc else "[]"
        doc["facets"] = f"section\x1f{doc['section']}".encode()
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
    whooshs_add_postings = ORIGINALS["whoosh.codec.base.FieldWriter.add_postings"]
    for name, batch in (("fixed", docs), ("varied", _varied_docs(400, 1)), ("small", _varied_docs(3, 2))):
        whooshs = _segment_files(tmp_path / name / "whoosh", batch, whooshs_add_postings)
        leans = _segment_files(tmp_path / name / "lean", batch, lean)
        assert set(leans) == set(whooshs) and "pst" in leans
        for ext, data in whooshs.items():
            assert leans[ext] == data, (name, ext)


DOCS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.text("abc", min_size=1, max_size=3),
            "body": st.lists(st.sampled_from(["a", "b", "c", "d"])),
        },
        optional={"date": st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1))},
    ),
    min_size=1,
    max_size=160,  # "a" in more than a block's 128 documents, sometimes
)


def _from_words(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**doc, "body": " ".join(w + "lpha" for w in doc["body"])} for doc in docs]


@settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(DOCS)
def test_the_lean_flush_writes_whooshs_bytes_for_any_documents(tmp_path_factory, docs) -> None:
    folder = tmp_path_factory.mktemp("lean")
    docs = _from_words(docs)
    whooshs = _segment_files(folder / "whoosh", docs, ORIGINALS["whoosh.codec.base.FieldWriter.add_postings"])
    from whoosh.codec import base

    assert _segment_files(folder / "lean", docs, base.FieldWriter.add_postings) == whooshs


def _postings(reader: Any) -> list[Any]:
    """Every term: its statistics, its blocks' statistics, each posting with its weight, value, positions."""
    out = []
    for field, btext in reader.all_terms():
        fmt = reader.schema[field].format
        info = reader.term_info(field, btext)
        matcher = reader.postings(field, btext)
        blocks: list[Any] = []
        items = []
        while matcher.is_active():
            block = (
                matcher.block_min_id(),
                matcher.block_max_id(),
                matcher.block_min_length(),
                matcher.block_max_length(),
                matcher.block_max_weight(),
            )
            if not blocks or blocks[-1] != block:
                blocks.append(block)
            value = matcher.value()
            positions = fmt.decode_as("positions", value) if fmt.supports("positions") else None
            items.append((matcher.id(), matcher.weight(), value, positions))
            matcher.next()
        stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
        out.append((field, btext, stats, info.min_id(), info.max_id(), blocks, items))
    return out


def _or_error(method: Any, *args: Any) -> Any:
    try:
        return method(*args)
    except Exception as exc:
        return type(exc)


def _contents(ix: Any) -> dict[str, Any]:
    with ix.reader() as reader:
        return _read(reader)


def _read(reader: Any) -> dict[str, Any]:
    """What a reader gets from an index: postings, stored records, columns, field lengths."""
    count = reader.doc_count_all()
    scored = list(reader.schema.scorable_names())
    return {
        "postings": _postings(reader),
        "stored": list(reader.all_stored_fields()),
        "columns": {
            name: list(reader.column_reader(name, translate=False))
            for name in ("date", "facets")
            if reader.has_column(name)
        },
        "lengths": {
            name: (
                [reader.doc_field_length(d, name) for d in range(count)],
                reader.field_length(name),
                _or_error(reader.min_field_length, name),  # a TypeError without a length column
                _or_error(reader.max_field_length, name),
            )
            for name in scored
        },
        "schema": reader.schema.names(),
        "count": count,
    }


IDENTICAL = {"_body_len.col", "_title_len.col", "date.col", "facets.col"}
# Written differently on purpose, read back the same (by upstream Whoosh, below):
# - pst: posting blocks under SMALL_BLOCK bytes stored plain, the others deflated with a 4 KB
#   window, all pickled with protocol 4 (`_write_block`, `flush.block_bytes`);
# - trm: the terms table records where each term's postings start and how long they are;
# - _stored.col: records as level-0 zlib streams (`STORED_LEVEL`);
# - with a spilled pool, the runs are protocol-4 chunks: a posting's positions come back as their
#   own bytes object, not one shared with an equal value, so a block pickles it again.
DIFFERENT = {"pst", "trm", "_stored.col"}


@pytest.mark.parametrize("limitmb", [128, 0.05], ids=["in memory", "spilled to runs"])
def test_an_index_written_with_the_patches_reads_back_as_upstream_whooshs_own(tmp_path, limitmb) -> None:
    docs = _morgue_docs(300, 5)
    ours = _write(tmp_path / "ours", docs, limitmb=limitmb)
    with unpatched():
        whooshs = _write(tmp_path / "whooshs", docs, limitmb=limitmb)
    files, whoosh_files = _files(tmp_path / "ours"), _files(tmp_path / "whooshs")
    assert set(files) == set(whoosh_files) == IDENTICAL | DIFFERENT
    for ext in IDENTICAL:
        assert files[ext] == whoosh_files[ext], ext
    for ext in DIFFERENT:
        assert files[ext] != whoosh_files[ext], ext  # else this test should compare the bytes
    with unpatched():
        read_by_whoosh = _contents(ours)
        assert read_by_whoosh == _contents(whooshs)
    assert _contents(ours) == read_by_whoosh
    assert len(read_by_whoosh["postings"]) > 400 and read_by_whoosh["count"] == 300


@settings(max_examples=40, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.floats(0.5, 9.0), st.binary(min_size=1, max_size=12)),
        min_size=1,
        max_size=300,
    )
)
def test_a_posting_block_reads_back_as_the_one_whoosh_writes(postings) -> None:
    """`_write_block` against Whoosh's, for one term's postings in one or more blocks."""
    from whoosh.filedb.structfile import StructFile
    from whoosh.formats import Positions

    def write(write_block: Any) -> Any:
        import io

        buffer = io.BytesIO()
        pw = whoosh3.W3PostingsWriter(StructFile(buffer), blocklimit=128, compression=3)
        pw._write_block = write_block.__get__(pw)
        pw.start_postings(Positions(), whoosh3.W3TermInfo())
        docnum = 0
        for gap, weight, value in postings:
            docnum += gap + 1
            pw.add_posting(docnum, weight, value, length=len(value))
        info = pw.finish_postings()
        return buffer.getvalue(), info

    ours, our_info = write(patches._write_block)
    whooshs, whoosh_info = write(ORIGINALS["whoosh.codec.whoosh3.W3PostingsWriter._write_block"])
    stats = ("weight", "doc_frequency", "min_length", "max_length", "max_weight", "min_id", "max_id")
    assert [getattr(our_info, s)() for s in stats] == [getattr(whoosh_info, s)() for s in stats]

    def read(data: bytes, info: Any) -> list[Any]:
        import io

        matcher = whoosh3.W3LeafMatcher(StructFile(io.BytesIO(data)), 0, len(data), Positions())
        items = []
        while matcher.is_active():
            block = (matcher.block_max_id(), matcher.block_max_weight(), matcher.block_max_length())
            items.append((matcher.id(), matcher.weight(), matcher.value(), block))
            matcher.next()
        return items

    if postings:
        assert read(ours, our_info) == read(whooshs, whoosh_info)


@settings(max_examples=60, deadline=None, database=None)
@given(st.dictionaries(st.sampled_from(["id", "body", "url", "date"]), st.text(max_size=200)))
def test_a_stored_record_at_level_0_reads_back_as_at_whooshs_level(record) -> None:
    import io

    from whoosh.filedb.structfile import StructFile

    def stored(level: int) -> Any:
        column = whoosh3.STORED_COLUMN
        buffer = io.BytesIO()
        column._child._level = level
        try:
            writer = column.writer(StructFile(buffer))
            writer.add(0, record)
            writer.finish(1)
        finally:
            column._child._level = patches.STORED_LEVEL
        data = buffer.getvalue()
        return data, column.reader(StructFile(io.BytesIO(data)), 0, len(data), 1)[0]

    whooshs_level = ORIGINALS["whoosh.codec.whoosh3.STORED_COLUMN._child._level"]
    (ours, our_record), (whooshs, whoosh_record) = stored(patches.STORED_LEVEL), stored(whooshs_level)
    assert our_record == whoosh_record == record
    assert zlib.decompress(ours) == zlib.decompress(whooshs)  # the same pickle, deflated or stored


def test_stored_records_are_plain_zlib_streams_any_whoosh_reads(tmp_path) -> None:
    import pickle

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


# -- a writer's posting pool ----------------------------------------------------------------------


def test_postings_sorted_by_term_then_field_are_in_whooshs_order() -> None:
    import random

    from index.engine.whoosh.pool import sort_postings

    rng = random.Random(3)
    postings = []
    for docnum in range(300):  # as a pool gets them: document by document
        for field in rng.sample(["body", "title", "person", "id"], 3):
            for term in {rng.choice([b"a", b"b", b"oil", b"z"]) for _ in range(3)}:
                postings.append((field, term, docnum, rng.random(), rng.randbytes(2)))
    ours = list(postings)
    sort_postings(ours)
    assert ours == sorted(postings)


POOL = ("save", "iter_postings", "_write_run", "_read_run")


class WhooshsPool(writing.PostingPool):
    """A posting pool with Whoosh's own sorting and run files."""


for _method in POOL:  # at collection, before or after `start()`
    setattr(WhooshsPool, _method, original(f"whoosh.writing.PostingPool.{_method}"))


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    documents=st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["body", "id", "title"]),
                st.sampled_from([b"a", b"oil", b"z", b"\xc3\xa9"]),
                st.floats(0.5, 4.0),
                st.one_of(st.none(), st.binary(max_size=6)),
            ),
            max_size=6,
            unique_by=lambda p: (p[0], p[1]),
        ),
        max_size=60,
    ),
    limit=st.sampled_from([128, 0.0005]),
)
def test_a_pool_gives_its_postings_back_in_whooshs_order_kept_in_memory_or_spilled(
    tmp_path_factory, documents, limit
) -> None:
    folder = tmp_path_factory.mktemp("pool")
    postings = [
        (field, term, docnum, weight, value)
        for docnum, doc in enumerate(documents)
        for field, term, weight, value in doc
    ]
    out = []
    for pool_class in (writing.PostingPool, WhooshsPool):
        pool = pool_class(FileStorage(str(folder)), None, limitmb=limit)
        for posting in postings:
            pool.add(posting)
        out.append((list(pool.iter_postings()), bool(pool.runs)))
    assert out[0] == out[1]


def test_a_pool_spilled_to_run_files_indexes_what_whooshs_pool_indexes(tmp_path, monkeypatch) -> None:
    """The same postings, lengths and stored fields; not the same bytes: a posting block pickles a
    positions value it holds twice once, and values read back from a run are no longer shared."""
    docs = _varied_docs(600, 4)
    indexed = {}
    for name in ("ours", "whooshs"):
        if name == "whooshs":
            for method in POOL:
                monkeypatch.setattr(writing.PostingPool, method, getattr(WhooshsPool, method))
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


# -- the multiprocess writer's sub-writers (a fix) ------------------------------------------------


def test_a_sub_writer_asks_to_die_with_its_parent_then_writes_what_whooshs_writes(
    tmp_path, monkeypatch
) -> None:
    import pickle

    from whoosh import multiproc

    asked: list[int] = []
    monkeypatch.setattr(subwriters, "die_with_parent", asked.append)  # not the test process's own prctl
    docs = _morgue_docs(40, 6)
    results = []
    for name, run in (("ours", multiproc.SubWriterTask.run), ("whooshs", ORIGINALS[_RUN])):
        (tmp_path / name / "MAIN.tmp").mkdir(parents=True)  # the sub-writer's temporary storage
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        with open(tmp_path / name / "MAIN.tmp" / "job.doclist", "wb") as f:
            for doc in docs:
                pickle.dump((0, doc), f, 2)  # as MpWriter._enqueue writes a job
        jobs: queue.Queue[Any] = queue.Queue()
        done: queue.Queue[Any] = queue.Queue()
        jobs.put(("job.doclist", len(docs)))
        jobs.put(None)
        task = multiproc.SubWriterTask(ix.storage, "MAIN", jobs, done, {}, True)
        run(task)
        _runname, fieldnames, segment = done.get_nowait()
        with SegmentReader(ix.storage, ix.schema, segment) as reader:
            results.append((sorted(fieldnames), _read(reader)))
        if name == "ours":
            assert asked == [task._parent_pid]
    assert len(asked) == 1  # Whoosh's own run does not ask
    assert results[0] == results[1] and results[0][1]["count"] == 40


_RUN = "whoosh.multiproc.SubWriterTask.run"


# -- searches -------------------------------------------------------------------------------------


QUERIES = (
    '"prime minister"',
    "oil",
    "government OR economy",
    "econ*",
    "goverment~",
    "title:broadband",
    "blair",
)


def _answers(index_dir: Path) -> dict[str, Any]:
    with SearchIndex(index_dir) as ix:
        out: dict[str, Any] = {}
        for q in QUERIES:
            for sort in ("relevance", "newest", "oldest"):
                result = ix.search(q, limit=50, sort=sort)
                out[f"{q} {sort}"] = (
                    result.total,
                    [(h.id, round(h.score, 9)) for h in result.hits],
                    result.facets,
                )
        return out


def test_searches_answer_the_same_patched_and_unpatched(tmp_path) -> None:
    from index.build import BuildOptions, update_index

    from .archive_fixtures import FIXTURE_ARTICLES, write_archive

    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    update_index(archive, tmp_path / "ours", options=BuildOptions(entities=False, procs=1))
    with unpatched():
        update_index(archive, tmp_path / "whooshs", options=BuildOptions(entities=False, procs=1))
        answered_unpatched = {name: _answers(tmp_path / name) for name in ("ours", "whooshs")}
    answered = {name: _answers(tmp_path / name) for name in ("ours", "whooshs")}
    assert (
        answered["ours"] == answered["whooshs"] == answered_unpatched["ours"] == answered_unpatched["whooshs"]
    )
    assert any(total for total, _hits, _facets in answered["ours"].values())


# Each patch -> the tests above that compare it with Whoosh's own code on the same input.
COMPARED = {
    "whoosh.codec.whoosh3.W3PerDocReader._cached_reader": [
        test_a_column_reader_cached_or_known_missing_is_the_one_whoosh_opens
    ],
    "whoosh.codec.whoosh3.W3PerDocReader.doc_field_length": [
        test_a_documents_field_length_is_the_one_whoosh_reads,
        test_field_lengths_read_from_memory_equal_those_read_from_the_column,
        reads_tests.test_field_lengths_past_a_page_are_those_whoosh_reads,
    ],
    "whoosh.filedb.structfile.BufferFile.__init__": [
        reads_tests.test_a_segment_file_read_in_place_reads_as_whooshs_copy_of_it
    ],
    "whoosh.codec.base.FieldWriter.add_postings": [
        test_the_lean_flush_writes_the_segment_whoosh_writes,
        test_the_lean_flush_writes_whooshs_bytes_for_any_documents,
    ],
    "whoosh.codec.whoosh3.W3PostingsWriter._write_block": [
        test_a_posting_block_reads_back_as_the_one_whoosh_writes,
        test_small_posting_blocks_are_stored_plain_and_large_ones_compressed,
    ],
    "whoosh.codec.whoosh3.STORED_COLUMN._child._level": [
        test_a_stored_record_at_level_0_reads_back_as_at_whooshs_level,
        test_stored_records_are_plain_zlib_streams_any_whoosh_reads,
    ],
    "whoosh.formats.Positions.word_values": [
        test_indexing_a_text_gives_the_postings_whoosh_would,
        test_other_analyzers_and_arguments_take_whooshs_own_path,
    ],
    **{
        f"whoosh.writing.PostingPool.{method}": [
            test_a_pool_gives_its_postings_back_in_whooshs_order_kept_in_memory_or_spilled,
            test_a_pool_spilled_to_run_files_indexes_what_whooshs_pool_indexes,
        ]
        for method in POOL
    },
    "whoosh.reading.SegmentReader.stored_fields": [
        test_stored_fields_are_those_whoosh_gives,
        test_stored_fields_a_schema_no_longer_has_are_left_out,
    ],
    "whoosh.reading.MultiReader.column_reader": [
        test_a_column_of_several_segments_reads_each_documents_own_value,
        test_a_column_every_segment_has_reads_as_whoosh_reads_it,
    ],
    "whoosh.multiproc.SubWriterTask.run": [
        test_a_sub_writer_asks_to_die_with_its_parent_then_writes_what_whooshs_writes
    ],
}


def test_every_patch_is_compared_with_whooshs_own_code() -> None:
    """Besides these, every patch at once: a whole index (above) and searches patched and unpatched."""
    assert set(COMPARED) == set(PATCHES)
