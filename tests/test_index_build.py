"""Building, updating and rebuilding an index: what changes, what is kept."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.errors import IndexLockedError, SchemaVersionError
from index.search import SearchIndex
from index.store.generations import META, current_generation, writer_lock

from .archive_fixtures import write_archive

NO_NER = BuildOptions(entities=False, procs=1)


def build(archive: Path, index_dir: Path, **kw):
    return update_index(archive, index_dir, options=kw.pop("options", NO_NER), **kw)


def ids(index_dir: Path) -> list[str]:
    with SearchIndex(index_dir) as ix:
        return [a.id for a in ix.iter_articles()]


def test_first_run_indexes_every_article_of_every_format(fixture_archive, tmp_path):
    report = build(fixture_archive, tmp_path / "ix")
    assert report.added == 7 and report.docs == 7 and report.skipped == ()
    assert "tech/games.json#1" in ids(tmp_path / "ix")
    assert "tech/games.json#2" in ids(tmp_path / "ix")


def test_a_second_run_finds_everything_unchanged(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    report = build(fixture_archive, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 7)


def test_touching_a_file_without_changing_it_reindexes_nothing(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    path = fixture_archive / "business" / "bank.txt"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    report = build(fixture_archive, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 7)


def test_editing_one_file_reindexes_exactly_that_article(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    path = fixture_archive / "business" / "bank.txt"
    path.write_text(path.read_text() + "\nRates may rise in spring.\n")
    report = build(fixture_archive, tmp_path / "ix")
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 6)
    with SearchIndex(tmp_path / "ix") as ix:
        assert ix.search("spring").total == 1


def test_new_and_deleted_files_are_added_and_removed(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    (fixture_archive / "tech" / "phones.txt").unlink()
    write_archive(fixture_archive, {"sport/cup.txt": "Cup final tonight\n\nThe cup final is tonight."})
    report = build(fixture_archive, tmp_path / "ix")
    assert (report.added, report.removed) == (1, 1)
    assert "sport/cup.txt" in ids(tmp_path / "ix")
    assert "tech/phones.txt" not in ids(tmp_path / "ix")


def test_an_update_limited_to_paths_leaves_other_files_alone(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    (fixture_archive / "tech" / "phones.txt").unlink()
    write_archive(fixture_archive, {"business/new.txt": "New article\n\nFresh text."})
    report = build(fixture_archive, tmp_path / "ix", paths=[fixture_archive / "business"])
    assert (report.added, report.removed) == (1, 0)
    assert "tech/phones.txt" in ids(tmp_path / "ix")


def test_exact_duplicates_are_indexed_once_with_the_other_paths_recorded(fixture_archive, tmp_path):
    text = (fixture_archive / "business" / "bank.txt").read_text()
    write_archive(fixture_archive, {"copies/bank-copy.txt": "  " + text.replace("\n", "\n\n")})
    report = build(fixture_archive, tmp_path / "ix")
    assert report.docs == 7
    with SearchIndex(tmp_path / "ix") as ix:
        kept = ix.article("business/bank.txt")
        assert kept.duplicates == ("copies/bank-copy.txt",)


def test_deleting_the_kept_copy_promotes_the_duplicate(fixture_archive, tmp_path):
    text = (fixture_archive / "business" / "bank.txt").read_text()
    write_archive(fixture_archive, {"copies/bank-copy.txt": text})
    build(fixture_archive, tmp_path / "ix")
    (fixture_archive / "business" / "bank.txt").unlink()
    build(fixture_archive, tmp_path / "ix")
    with SearchIndex(tmp_path / "ix") as ix:
        assert ix.search('"Bank of England"').hits[0].id == "copies/bank-copy.txt"
        assert ix.article("copies/bank-copy.txt").duplicates == ()


def test_a_rebuild_swaps_in_a_new_generation_and_removes_old_ones(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    first = current_generation(tmp_path / "ix")
    build(fixture_archive, tmp_path / "ix", rebuild=True)
    second = current_generation(tmp_path / "ix")
    build(fixture_archive, tmp_path / "ix", rebuild=True)
    third = current_generation(tmp_path / "ix")
    assert len({first, second, third}) == 3
    assert first is not None and not first.exists()  # two swaps ago: gone
    assert second is not None and second.exists()  # the previous one: kept for open readers


def test_a_rebuild_that_fails_leaves_the_live_index_intact(fixture_archive, tmp_path, monkeypatch):
    build(fixture_archive, tmp_path / "ix")
    live = current_generation(tmp_path / "ix")

    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("index.engine.whoosh.writer.commit_documents", boom)
    with pytest.raises(RuntimeError):
        build(fixture_archive, tmp_path / "ix", rebuild=True)
    assert current_generation(tmp_path / "ix") == live
    with SearchIndex(tmp_path / "ix") as ix:
        assert ix.search("oil").total >= 1


def test_a_second_writer_is_refused_with_a_clear_message(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    with writer_lock(tmp_path / "ix"), pytest.raises(IndexLockedError, match="Another `morgue index`"):
        build(fixture_archive, tmp_path / "ix")


def test_an_index_from_another_schema_version_asks_for_a_rebuild(fixture_archive, tmp_path):
    build(fixture_archive, tmp_path / "ix")
    gen = current_generation(tmp_path / "ix")
    assert gen is not None
    meta = json.loads((gen / META).read_text())
    meta["schema_version"] = 0
    (gen / META).write_text(json.dumps(meta))
    with pytest.raises(SchemaVersionError, match="morgue index --rebuild"):
        SearchIndex(tmp_path / "ix")
    with pytest.raises(SchemaVersionError):
        build(fixture_archive, tmp_path / "ix")
    build(fixture_archive, tmp_path / "ix", rebuild=True)
    assert SearchIndex(tmp_path / "ix").doc_count() == 7


def test_bad_files_are_reported_and_the_rest_is_indexed(fixture_archive, tmp_path):
    write_archive(
        fixture_archive,
        {"bad/binary.txt": b"\x00\x01\x02" * 100, "bad/empty.txt": "", "bad/broken.json": "{"},
    )
    report = build(fixture_archive, tmp_path / "ix")
    assert report.docs == 7
    assert {s.path for s in report.skipped} == {"bad/binary.txt", "bad/empty.txt", "bad/broken.json"}
    again = build(fixture_archive, tmp_path / "ix")
    assert len(again.skipped) == 3  # still reported on a no-op run


def test_sections_come_from_sub_folders_and_dates_only_from_the_source(built_fixture):
    _archive, index_dir = built_fixture
    with SearchIndex(index_dir) as ix:
        bank = ix.article("business/bank.txt")
        oil = ix.article("business/oil.md")
    assert bank.section == "business" and bank.date is None
    assert oil.date is not None and oil.date.isoformat().startswith("2005-01-14")
    assert oil.source == "Wire Service" and oil.author == "Jane Doe"
