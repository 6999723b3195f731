"""Copy groups through the real build: `morgue index` groups copies, `copies`, `dupes` and `search` show them.

The archive is the handwritten wire story of `test_copies` and its edited
copies, each a dated JSON file as a wire archive holds them, plus another
story on the same topic. Every step is a real `morgue index` (a first build,
then updates) run in this process, so that the tests can also see which
build path ran.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build import copies as build_copies
from index.copies import CopyIndex

from .archive_fixtures import write_archive
from .morgue_runner import cli
from .test_copies import ADDED_PARAGRAPH, FOURTH, NEW_HEADLINE, ORIGINAL, OTHER_STRIKE, QUOTE_REMOVED


def _story(text: str, date: str, source: str) -> str:
    title, body = text.split("\n\n", 1)
    return json.dumps({"title": title, "body": body, "date": date, "source": source})


FILES = {
    "wire/original.json": _story(ORIGINAL, "2024-03-04T09:00:00Z", "Wire"),
    "paper/new-headline.json": _story(NEW_HEADLINE, "2024-03-04T11:00:00Z", "Daily Paper"),
    "paper/added-paragraph.json": _story(ADDED_PARAGRAPH, "2024-03-04T14:00:00Z", "Evening Post"),
    "web/quote-removed.json": _story(QUOTE_REMOVED, "2024-03-04T16:00:00Z", "Portal"),
    "wire/antwerp.json": _story(OTHER_STRIKE, "2024-03-07T09:00:00Z", "Wire"),
}
COPIES = {
    "wire/original.json",
    "paper/new-headline.json",
    "paper/added-paragraph.json",
    "web/quote-removed.json",
}


@pytest.fixture
def built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    archive = write_archive(tmp_path / "archive", dict(FILES))
    index_dir = tmp_path / "index"
    code, _out, err = cli(capsys, archive, index_dir, "index", "--no-entities", "--procs", "1", "--json")
    assert code == 0, err
    return archive, index_dir


def _json(capsys: pytest.CaptureFixture[str], built: tuple[Path, Path], *args: str) -> tuple[int, object]:
    code, out, err = cli(capsys, *built, *args)
    assert code in (0, 1), err
    return code, json.loads(out)


def _update(capsys: pytest.CaptureFixture[str], built: tuple[Path, Path]) -> dict[str, object]:
    code, out, err = cli(capsys, *built, "index", "--no-entities", "--procs", "1", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert isinstance(report, dict)
    return report


def test_a_story_and_three_edited_copies_form_one_group(capsys, built):
    _code, groups = _json(capsys, built, "dupes", "--json")
    assert isinstance(groups, list) and len(groups) == 1
    assert set(groups[0]["members"]) == COPIES
    assert groups[0]["representative"] == "wire/original.json"  # the earliest dated copy
    assert groups[0]["members"][0] == groups[0]["representative"]


def test_copies_prints_the_group_without_the_article_itself(capsys, built):
    code, data = _json(capsys, built, "copies", "wire/original.json", "--json")
    assert code == 0
    assert isinstance(data, dict) and set(data) == {"id", "group", "copies"}
    assert data["id"] == "wire/original.json"
    assert isinstance(data["group"], int)
    ids = [c["id"] for c in data["copies"]]
    assert set(ids) == COPIES - {"wire/original.json"}
    sims = [c["similarity"] for c in data["copies"]]
    assert sims == sorted(sims, reverse=True) and all(0.3 <= s <= 1.0 for s in sims)


def test_two_different_stories_on_the_same_topic_are_not_grouped(capsys, built):
    code, data = _json(capsys, built, "copies", "wire/antwerp.json", "--json")
    assert code == 1
    assert isinstance(data, dict) and data["copies"] == []
    _code, groups = _json(capsys, built, "dupes", "--json")
    assert isinstance(groups, list) and all("wire/antwerp.json" not in g["members"] for g in groups)


def test_adding_a_fourth_copy_joins_the_group_without_a_rebuild(capsys, built, monkeypatch):
    archive, _index = built

    def no_rebuild(*_args: object) -> None:
        raise AssertionError("the copy index was rebuilt from nothing")

    added: list[str] = []
    real_add = CopyIndex.add

    def counted_add(self: CopyIndex, article_id: str, *args: object, **kwargs: object) -> int:
        added.append(article_id)
        return real_add(self, article_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_copies, "write_copies", no_rebuild)
    monkeypatch.setattr(CopyIndex, "add", counted_add)
    write_archive(archive, {"late/fourth.json": _story(FOURTH, "2024-03-04T18:00:00Z", "Late Edition")})
    report = _update(capsys, built)
    assert report["rebuilt"] is False and report["added"] == 1
    assert added == ["late/fourth.json"]  # one article sketched and looked up, not the archive
    _code, data = _json(capsys, built, "copies", "late/fourth.json", "--json")
    assert isinstance(data, dict)
    assert {c["id"] for c in data["copies"]} == COPIES


def test_deleting_the_representative_promotes_another_copy(capsys, built):
    archive, _index = built
    (archive / "wire/original.json").unlink()
    _update(capsys, built)
    _code, groups = _json(capsys, built, "dupes", "--json")
    assert isinstance(groups, list) and len(groups) == 1
    assert groups[0]["representative"] == "paper/new-headline.json"  # the next earliest
    assert set(groups[0]["members"]) == COPIES - {"wire/original.json"}


def test_a_changed_copy_that_is_no_longer_one_leaves_the_group(capsys, built):
    archive, _index = built
    write_archive(
        archive,
        {
            "web/quote-removed.json": _story(
                OTHER_STRIKE.replace("Antwerp", "Ghent"), "2024-03-04T16:00:00Z", "Portal"
            )
        },
    )
    _update(capsys, built)
    _code, groups = _json(capsys, built, "dupes", "--json")
    assert isinstance(groups, list)
    assert set(groups[0]["members"]) == COPIES - {"web/quote-removed.json"}


def test_search_folds_copies_into_one_entry_per_story(capsys, built):
    code, data = _json(capsys, built, "search", "dock workers strike", "--json")
    assert code == 0 and isinstance(data, dict)
    assert data["counts"] == "groups"
    assert data["total"] == data["articles"] == 5  # the total counts articles, and says so
    assert data["groups"] == 2
    hits = {h["id"]: h for h in data["hits"]}
    assert set(hits) == {"wire/original.json", "wire/antwerp.json"}
    assert hits["wire/original.json"]["copies"] == 3
    assert hits["wire/antwerp.json"]["copies"] == 0
    assert hits["wire/original.json"]["group"] != hits["wire/antwerp.json"]["group"]


def test_expand_copies_lists_every_article_with_its_group(capsys, built):
    _code, data = _json(capsys, built, "search", "dock workers strike", "--json", "--expand-copies")
    assert isinstance(data, dict) and data["counts"] == "articles"
    assert len(data["hits"]) == 5
    groups = {h["group"] for h in data["hits"] if h["id"] in COPIES}
    assert len(groups) == 1
    assert all(h["copies"] == 3 for h in data["hits"] if h["id"] in COPIES)


def test_text_search_marks_copies_and_says_what_it_counts(capsys, built):
    code, out, _err = cli(capsys, *built, "search", "dock workers strike")
    assert code == 0
    assert "+3 copies" in out
    assert "5 results in" in out and "articles, listed as 2 stories" in out


def test_paging_through_folded_results_lists_each_story_once(capsys, built):
    from index.grouping import CopyGroups
    from index.search import SearchIndex

    with SearchIndex(built[1]) as ix:
        whole = [h.id for h in CopyGroups(ix).search("dock workers strike", limit=20).result.hits]
        kept = CopyGroups(ix)  # one handle paging on, as the TUI does
        paged = [
            h.id for k in range(3) for h in kept.search("dock workers strike", offset=k, limit=1).result.hits
        ]
        fresh = [h.id for h in CopyGroups(ix).search("dock workers strike", offset=1, limit=5).result.hits]
    assert len(whole) == 2 and paged == whole and fresh == whole[1:]
    _code, out, _err = cli(
        capsys, *built, "search", "dock workers strike", "--offset", "1", "--format", "ids"
    )
    assert out.split() == whole[1:]
