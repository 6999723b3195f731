"""A fresh generation written by two writer processes answers exactly as one written by one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from index.build import BuildOptions, update_index
from index.engine.whoosh import writer as whoosh_io
from index.errors import IndexNotWritableError
from index.search import SearchIndex
from index.store.generations import current_generation

from .archive_fixtures import BULK_WORDS, FIXTURE_ARTICLES, write_archive

WORDS = (*BULK_WORDS, "oil", "price")
QUERIES = ("oil", "election minister", '"oil price"', "bank OR film", "trade -growth", "rat*", "goverment~")


def bulk_archive(root: Path, n: int = 260) -> Path:
    rng = random.Random(1905)
    files: dict[str, str | bytes] = dict(FIXTURE_ARTICLES)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        files[f"bulk/{i:03d}.txt"] = f"Bulk story {i} {rng.choice(WORDS)}\n\n{body}.\n"
    return write_archive(root, files)


def answers(index_dir: Path) -> dict[str, tuple[int, list[str]]]:
    with SearchIndex(index_dir) as ix:
        return {
            q: (r.total, sorted(h.id for h in r.hits)) for q in QUERIES for r in [ix.search(q, limit=500)]
        }


def segments(index_dir: Path) -> int:
    gen = current_generation(index_dir)
    assert gen is not None
    return len(whoosh_index.open_dir(str(gen))._segments())


def test_two_writer_processes_index_the_same_articles_as_one(tmp_path, monkeypatch):
    archive = bulk_archive(tmp_path / "archive")
    options = BuildOptions(procs=2, entities=False)
    update_index(archive, tmp_path / "one", options=BuildOptions(procs=1, entities=False))
    monkeypatch.setattr(whoosh_io, "PARALLEL_WRITE_MIN", 50)
    report = update_index(archive, tmp_path / "two", options=options)
    assert report.docs == 267
    assert segments(tmp_path / "one") == 1 and segments(tmp_path / "two") >= 2
    assert answers(tmp_path / "two") == answers(tmp_path / "one")
    # An update after a parallel build adds to it as usual.
    (archive / "bulk" / "extra.txt").write_text("Extra oil story\n\nOil price news.\n")
    update_index(archive, tmp_path / "two", options=options)
    with SearchIndex(tmp_path / "two") as ix:
        assert ix.search("extra").total == 1 and ix.doc_count() == 268


def test_small_archives_are_written_by_one_process(fixture_archive, tmp_path):
    update_index(fixture_archive, tmp_path / "ix", options=BuildOptions(procs=2, entities=False))
    assert segments(tmp_path / "ix") == 1


def test_a_rebuild_that_loses_articles_is_refused_and_the_live_index_kept(tmp_path, monkeypatch):
    archive = bulk_archive(tmp_path / "archive", n=60)
    index_dir = tmp_path / "ix"
    update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
    before = answers(index_dir)
    live = current_generation(index_dir)
    real = whoosh_io.doc_count
    monkeypatch.setattr(whoosh_io, "doc_count", lambda gen: real(gen) - 1)  # as if a writer had died
    with pytest.raises(IndexNotWritableError, match="previous index is unchanged"):
        update_index(archive, index_dir, rebuild=True, options=BuildOptions(procs=1, entities=False))
    assert current_generation(index_dir) == live and answers(index_dir) == before
    assert [p.name for p in index_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_dates_read_right_after_an_update_adds_dated_articles_to_an_undated_archive(tmp_path):
    archive = write_archive(
        tmp_path / "a",
        {"x/one.txt": "Undated one\n\nAn undated oil story.\n", "x/two.txt": "Undated two\n\nMore oil.\n"},
    )
    options = BuildOptions(procs=1, entities=False)
    update_index(archive, tmp_path / "ix", options=options)
    write_archive(
        archive, {"y/dated.md": "---\ntitle: Dated oil\ndate: 2005-03-01\n---\nA dated oil story.\n"}
    )
    update_index(archive, tmp_path / "ix", options=options)  # a second segment, the only one with dates
    with SearchIndex(tmp_path / "ix") as ix:
        newest = ix.search("oil", sort="newest")
        assert newest.hits[0].id == "y/dated.md"
        assert [c.value for c in newest.facets.years] == ["2005"]
        first, _last = ix.date_range()
        assert first is not None and first.year == 2005


def test_one_writer_is_used_while_the_ner_model_occupies_the_cores(built_fixture, monkeypatch):
    from index.entities import stage as entities_stage
    from index.entities.stage import EntityStage, body_key
    from index.ingest import read_source, scan
    from index.models import Article

    archive, index_dir = built_fixture
    monkeypatch.setattr(entities_stage, "PARALLEL_NER_THRESHOLD", 3)
    stage = EntityStage(index_dir, None, 2, lambda _p: None)
    sources, _ = scan(archive)
    cached = [body_key(a.body) for s in sources for a in read_source(s) if isinstance(a, Article)]
    fresh = [body_key(f"A body the model has never read, number {n}, about Paris.") for n in range(5)]
    assert not stage.will_run_model(cached)  # all in the cache: the writers may take both cores
    assert stage.will_run_model(cached + fresh)
    assert not stage.will_run_model(fresh[:2])  # too few for the model's worker processes
