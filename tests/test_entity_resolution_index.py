"""Archive-wide name resolution in the index: built with the generation, applied where entities are read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.entities.table import load_aliases, load_table
from index.errors import EXIT_OK
from index.search import SearchIndex
from index.store.generations import ALIASES, ENTITIES, current_generation

from .archive_fixtures import write_archive
from .morgue_runner import cli
from .resolution_fixtures import LATER_ARTICLE, RESOLUTION_ARTICLES

BLAIR_ONLY = "politics/visit.txt"
FULL_NAME = {"politics/sedgefield.txt", "politics/manifesto.txt"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("resolution")
    archive = write_archive(root / "archive", dict(RESOLUTION_ARTICLES))
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1))
    return archive, index_dir


def people(index: SearchIndex, doc_id: str) -> set[str]:
    return {e.name for e in index.article(doc_id).entities if e.label == "PERSON"}


def found(index: SearchIndex, query: str) -> set[str]:
    result = index.search(query, limit=100)
    assert result.error is None
    return {h.id for h in result.hits}


def test_an_article_saying_only_blair_shows_tony_blair_and_is_found_by_his_full_name(
    built: tuple[Path, Path],
) -> None:
    index = SearchIndex(built[1])
    try:
        assert "Tony Blair" in people(index, BLAIR_ONLY) and "Blair" not in people(index, BLAIR_ONLY)
        mentions = [m for m in index.article(BLAIR_ONLY).mentions if m.text == "Blair"]
        assert mentions and all(m.canonical == "Tony Blair" for m in mentions)
        assert found(index, 'person:"Tony Blair"') == FULL_NAME | {BLAIR_ONLY}
        assert found(index, "person:Blair") == set()  # where it stood, it now means Tony Blair
        facets = dict((c.value, c.count) for c in index.search("NHS", limit=10).facets.entities["person"])
        assert facets.get("Tony Blair") == 3 and "Blair" not in facets
        assert found(index, 'said:"Tony Blair"') == {BLAIR_ONLY}  # quoted as "Blair", resolved
        together = index.cooccurring("org", "Labour")
        assert ("Tony Blair", 3) in [(c.value, c.count) for c in together["person"]]
    finally:
        index.close()


def test_an_ambiguous_surname_stays_as_written(built: tuple[Path, Path]) -> None:
    index = SearchIndex(built[1])
    try:
        assert "Smith" in people(index, "sport/mixed.txt")
        assert "sport/mixed.txt" not in found(index, 'person:"Jacqui Smith"') | found(
            index, 'person:"Alan Smith"'
        )
        assert found(index, "person:Smith") == {"sport/mixed.txt"}
    finally:
        index.close()


def test_lib_dems_lib_dem_and_liberal_democrats_are_one_in_the_facets(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]
) -> None:
    code, out, _ = cli(capsys, *built, "entities", "--label", "org", "--limit", "100", "--json")
    assert code == EXIT_OK
    orgs = {row["name"]: row["documents"] for row in json.loads(out)}
    assert orgs.get("Liberal Democrats") == 3
    assert not {"Lib Dems", "Lib Dem"} & set(orgs)
    # the Greens are written two ways, and no fixed list knows them: resolution makes them one
    assert orgs.get("Greens") == 3 and "Green Party" not in orgs
    index = SearchIndex(built[1])
    try:
        assert found(index, "org:Greens") == {
            "politics/greens.txt",
            "politics/greens-more.txt",
            "politics/green-party.txt",
        }
        facets = index.search("seats OR stand", limit=10).facets.entities["org"]
        assert ("Greens", 3) in [(c.value, c.count) for c in facets]
    finally:
        index.close()


def test_adding_an_article_by_update_resolves_it_and_matches_a_fresh_rebuild(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", dict(RESOLUTION_ARTICLES))
    updated, fresh = tmp_path / "updated", tmp_path / "fresh"
    update_index(archive, updated, options=BuildOptions(procs=1))
    write_archive(archive, dict(LATER_ARTICLE))
    report = update_index(archive, updated, options=BuildOptions(procs=1))
    assert report.added == 1 and not report.rebuilt
    update_index(archive, fresh, rebuild=True, options=BuildOptions(procs=1))

    by_update = load_table(current_generation(updated))  # type: ignore[arg-type]
    by_rebuild = load_table(current_generation(fresh))  # type: ignore[arg-type]
    assert by_update is not None and by_rebuild is not None
    assert by_update.aliases == by_rebuild.aliases
    assert {a: set(r) for a, r in by_update.rows.items()} == {a: set(r) for a, r in by_rebuild.rows.items()}
    assert by_update.aliases[("politics/later.txt", "Blair", "PERSON")] == "Tony Blair"
    index = SearchIndex(updated)
    try:
        assert found(index, 'person:"Tony Blair"') == FULL_NAME | {BLAIR_ONLY, "politics/later.txt"}
    finally:
        index.close()


def test_a_split_undoes_a_resolution(capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]) -> None:
    code, _, err = cli(capsys, *built, "entities", "split", "Blair")
    assert code == EXIT_OK, err
    index = SearchIndex(built[1])
    try:
        assert "Blair" in people(index, BLAIR_ONLY) and "Tony Blair" not in people(index, BLAIR_ONLY)
        assert found(index, 'person:"Tony Blair"') == FULL_NAME
        assert found(index, "person:Blair") == {BLAIR_ONLY}
    finally:
        index.close()


def test_a_users_merge_applies_after_resolution(
    capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]
) -> None:
    code, _, err = cli(capsys, *built, "entities", "rename", "Tony Blair", "Anthony Blair")
    assert code == EXIT_OK, err
    index = SearchIndex(built[1])
    try:
        assert "Anthony Blair" in people(index, BLAIR_ONLY)
        assert found(index, 'person:"Anthony Blair"') == FULL_NAME | {BLAIR_ONLY}
    finally:
        index.close()


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b'{"version": 1, "names": [], "articles": {"x": [[5, 1]]}, "aliases": []}', None],
)
def test_a_damaged_or_missing_sidecar_opens_with_no_resolution(
    built: tuple[Path, Path], tmp_path: Path, damage: bytes | None
) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(built[1], index_dir)
    gen = current_generation(index_dir)
    assert gen is not None and (gen / ENTITIES).is_file() and (gen / ALIASES).is_file()
    for name in (ENTITIES, ALIASES):
        if damage is None:
            (gen / name).unlink()
        else:
            (gen / name).write_bytes(damage)
    assert load_table(gen) is None and load_aliases(gen) == {}
    index = SearchIndex(index_dir)
    try:
        assert "Blair" in people(index, BLAIR_ONLY)
        assert found(index, 'person:"Tony Blair"') == FULL_NAME
    finally:
        index.close()


def test_readers_load_the_alias_map_alone_so_a_damaged_table_still_resolves(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(built[1], index_dir)
    gen = current_generation(index_dir)
    assert gen is not None
    assert (gen / ALIASES).stat().st_size < (gen / ENTITIES).stat().st_size
    (gen / ENTITIES).write_bytes(b"{not json")
    index = SearchIndex(index_dir)
    try:
        assert found(index, 'person:"Tony Blair"') == FULL_NAME | {BLAIR_ONLY}
    finally:
        index.close()


def test_an_update_of_an_index_without_the_table_makes_it_from_the_stored_articles(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", dict(RESOLUTION_ARTICLES))
    updated, fresh = tmp_path / "updated", tmp_path / "fresh"
    update_index(archive, updated, options=BuildOptions(procs=1))
    gen = current_generation(updated)
    assert gen is not None
    (gen / ENTITIES).unlink()  # as an index written before this step
    write_archive(archive, dict(LATER_ARTICLE))
    update_index(archive, updated, options=BuildOptions(procs=1))
    update_index(archive, fresh, rebuild=True, options=BuildOptions(procs=1))
    by_update = load_table(current_generation(updated))  # type: ignore[arg-type]
    by_rebuild = load_table(current_generation(fresh))  # type: ignore[arg-type]
    assert by_update is not None and by_rebuild is not None
    assert by_update.aliases == by_rebuild.aliases
    assert {a: set(r) for a, r in by_update.rows.items()} == {a: set(r) for a, r in by_rebuild.rows.items()}
