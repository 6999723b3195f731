"""The rebuild's copy step: every article added at once, saved as adding them one by one saves it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.build import copies as build_copies
from index.copies import FILE_NAME, CopyIndex, Sketch, load
from index.errors import IndexNotWritableError
from index.models import Article
from index.store.generations import current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .test_copies_cli import COPIES, FILES

OPTIONS = BuildOptions(entities=False, procs=1)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", {**FIXTURE_ARTICLES, **FILES})


def _copies_file(archive: Path, index_dir: Path) -> bytes:
    update_index(archive, index_dir, rebuild=True, options=OPTIONS)
    gen = current_generation(index_dir)
    assert gen is not None
    return (gen / FILE_NAME).read_bytes()


def test_a_rebuild_adds_its_articles_at_once_and_saves_what_adding_them_one_by_one_saves(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real = CopyIndex.add_sketches

    def counted(self: CopyIndex, items: Sequence[tuple[str, Sketch, datetime | None, int]]) -> None:
        batches.append(len(items))
        real(self, items)

    monkeypatch.setattr(CopyIndex, "add_sketches", counted)
    at_once = _copies_file(archive, tmp_path / "at-once")
    assert len(batches) == 1 and batches[0] >= len(FILES)

    def one_by_one(self: CopyIndex, items: Sequence[tuple[str, Sketch, datetime | None, int]]) -> None:
        for item in items:
            self.add_sketch(*item)

    monkeypatch.setattr(CopyIndex, "add_sketches", one_by_one)
    assert _copies_file(archive, tmp_path / "one-by-one") == at_once
    gen = current_generation(tmp_path / "at-once")
    assert gen is not None
    assert [set(g.members) for g in load(gen).groups()] == [COPIES]


def test_a_failure_in_the_copy_step_fails_the_rebuild_and_leaves_the_live_index(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    before = _copies_file(archive, index_dir)
    live = current_generation(index_dir)

    def full_disk(_articles: Iterable[Article]) -> CopyIndex:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_copies, "copy_index", full_disk)
    with pytest.raises(
        IndexNotWritableError, match=r"No space left on device\. The previous index is unchanged"
    ):
        update_index(archive, index_dir, rebuild=True, options=OPTIONS)
    assert current_generation(index_dir) == live and live is not None
    assert (live / FILE_NAME).read_bytes() == before
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]
