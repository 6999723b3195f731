"""Shared fixtures: small archives written by the tests, and indexes built from them.

Unit tests never depend on ../shared: they use seeds/ and the fixture archive
below. Tests that need the BBC corpus use `bbc_corpus`, which skips cleanly
where it is absent (a user's clone has none).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.engine import ENGINES

from .archive_fixtures import FIXTURE_ARTICLES, write_archive

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
BBC = SHARED / "corpora" / "bbc" / "news"


@pytest.fixture(autouse=True)
def _user_data_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's own work (notebook, corrections) never goes to the real data directory in a test."""
    monkeypatch.setenv("MORGUE_USER_DATA", str(tmp_path_factory.mktemp("userdata")))


@pytest.fixture
def fixture_archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture archive indexed once with entities, shared read-only by search tests."""
    root = tmp_path_factory.mktemp("fixture")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1))
    return archive, index_dir


@pytest.fixture(scope="session", params=ENGINES)
def engine_fixture(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The fixture archive indexed with entities by each search engine in turn (`index.engine.ENGINES`).

    The query language and the engine door's contract are tested on it, so a
    second engine runs the same suite as Whoosh.
    """
    root = tmp_path_factory.mktemp(f"fixture-{request.param}")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1, search_engine=request.param))
    return archive, index_dir


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("seeds-index")
    update_index(SEEDS, index_dir, options=BuildOptions(procs=1))
    return index_dir


@pytest.fixture
def bbc_corpus() -> Path:
    if not BBC.is_dir():
        pytest.skip("the BBC corpus (../shared/corpora/bbc/news) is not present")
    return BBC


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never write indexes (or the archive last used) into the real user's directories from a test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("MORGUE_INDEX", raising=False)
    monkeypatch.delenv("MORGUE_ARCHIVE", raising=False)
    os.environ.setdefault("MORGUE_TEST", "1")
