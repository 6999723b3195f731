"""The rebuild's copy step: computed in a thread while the engine's writers finish, saved as a serial step saves it."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from index.build import BuildOptions, update_index
from index.build import copies as build_copies
from index.copies import FILE_NAME, CopyIndex, load
from index.errors import IndexNotWritableError
from index.models import Article
from index.store.generations import current_generation

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .test_copies_cli import COPIES, FILES

OPTIONS = BuildOptions(entities=False, procs=1)
T = TypeVar("T")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", {**FIXTURE_ARTICLES, **FILES})


def _copies_file(archive: Path, index_dir: Path) -> bytes:
    update_index(archive, index_dir, rebuild=True, options=OPTIONS)
    gen = current_generation(index_dir)
    assert gen is not None
    return (gen / FILE_NAME).read_bytes()


def test_the_copy_index_is_computed_outside_the_main_thread_and_saved_as_a_serial_step_saves_it(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    real = build_copies.copy_index

    def spied(articles: Iterable[Article]) -> CopyIndex:
        threads.append(threading.current_thread().name)
        return real(articles)

    monkeypatch.setattr(build_copies, "copy_index", spied)
    in_thread = _copies_file(archive, tmp_path / "threaded")

    def never_started(self: build_copies.CopiesInBackground, items: Iterable[T]) -> Iterator[T]:
        yield from items

    monkeypatch.setattr(build_copies.CopiesInBackground, "after", never_started)
    serial = _copies_file(archive, tmp_path / "serial")
    assert threads == ["morgue-copies", threading.main_thread().name]
    assert in_thread == serial
    gen = current_generation(tmp_path / "threaded")
    assert gen is not None
    groups = load(gen).groups()
    assert [set(g.members) for g in groups] == [COPIES]


def test_a_failure_in_the_copy_thread_fails_the_rebuild_and_leaves_the_live_index(
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
