"""A broad query scored a block at a time gives Whoosh's page, scores and matches exactly.

`block_scoring` replaces Whoosh's per-match loop for the matcher shapes whose
arithmetic it knows; these tests run each query both ways and compare every
float and document number, ties and deleted documents included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from index.build import BuildOptions, update_index
from index.engine.whoosh import ranking
from index.engine.whoosh.compile import to_whoosh
from index.query import parse_query
from index.search import SearchIndex

from .archive_fixtures import FIXTURE_ARTICLES, write_archive

QUERIES = [
    "election",
    "price OR prices",
    "minister",
    "title:election",
    "body:price",
    "says",
    "election OR price OR minister OR court",
    "election minister",
    '"prime minister"',
    "elect*",
    "election -price",
    "zzzabsent",
]


def _both_ways(
    index_dir: Path, query: str, limit: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, Any, int]:
    taken = 0
    real = ranking.block_scores

    def counting(matcher: Any, perdoc: Any) -> Any:
        nonlocal taken
        found = real(matcher, perdoc)
        taken += found is not None
        return found

    with SearchIndex(index_dir) as ix:
        searcher = ix.engine._live()
        q = to_whoosh(parse_query(query).node)
        monkeypatch.setattr(ranking, "block_scores", counting)
        fast = ranking.top_by_score(searcher, q, limit)
        monkeypatch.setattr(ranking, "block_scores", lambda _m, _p: None)
        stepped = ranking.top_by_score(searcher, q, limit)
        monkeypatch.setattr(ranking, "block_scores", real)
    return fast, stepped, taken


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [1, 3, 20])
def test_each_query_ranks_and_counts_as_whooshs_own_loop(
    built_fixture, monkeypatch, query: str, limit: int
) -> None:
    fast, stepped, _taken = _both_ways(built_fixture[1], query, limit, monkeypatch)
    assert fast == stepped


def test_a_one_word_query_is_scored_by_blocks_not_stepped(built_fixture, monkeypatch) -> None:
    fast, stepped, taken = _both_ways(built_fixture[1], "election", 20, monkeypatch)
    assert taken and fast == stepped and fast[1]


@pytest.fixture(scope="module")
def tied_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Many articles scoring the same, then an update deleting some and adding more: ties, deleted
    documents and a second segment."""
    root = tmp_path_factory.mktemp("ties")
    files: dict[str, str | bytes] = dict(FIXTURE_ARTICLES)
    for i in range(300):
        words = "note " * (1 + i % 3)
        files[f"notes/n{i:03}.txt"] = f"Note {i % 7}\n\n{words}filed by the desk {i % 5} as item {i}.\n"
    archive = write_archive(root / "archive", files)
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
    for i in range(0, 300, 4):
        (archive / "notes" / f"n{i:03}.txt").unlink()
    for i in range(300, 340):  # a second segment
        (archive / "notes" / f"n{i:03}.txt").write_text(
            f"Note late {i}\n\nnote note desk item {i}.\n", "utf-8"
        )
    update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
    return index_dir


@pytest.mark.parametrize("query", ["note", "note OR desk", "title:note", "desk", "note desk"])
@pytest.mark.parametrize("limit", [1, 7, 20, 500])
def test_ties_and_deleted_documents_come_out_as_whooshs_loop_gives_them(
    tied_archive, monkeypatch, query: str, limit: int
) -> None:
    fast, stepped, _taken = _both_ways(tied_archive, query, limit, monkeypatch)
    assert fast == stepped
    assert len(fast[1]) == len(set(fast[1]))


def test_deleted_documents_are_neither_counted_nor_ranked(tied_archive, monkeypatch) -> None:
    fast, _stepped, taken = _both_ways(tied_archive, "note", 500, monkeypatch)
    assert taken
    with SearchIndex(tied_archive) as ix:
        assert ix.search("note", limit=0).total == len(fast[1]) == 225 + 40
