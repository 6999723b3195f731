"""Earlier versions: a re-indexed file whose text changed keeps the text it had, and the diff shows the edit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.copy_view import copies_of, version_diff
from index.errors import NotFoundError, SchemaVersionError
from index.grouping import CopyGroups
from index.search import SearchIndex
from index.store.generations import current_generation
from index.store.versions import versions_of

from .archive_fixtures import write_archive

OPTIONS = BuildOptions(entities=False, procs=1)
FIRST = "Minister denies report\n\nThe minister denied the report on Monday and called it false.\n"
EDITED = "Minister denies report\n\nThe minister denied parts of the report on Monday.\n"
OTHER = "Harbour reopens\n\nThe harbour reopened after the storm, the port authority said.\n"


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path]:
    root = write_archive(tmp_path / "archive", {"a/story.txt": FIRST, "b/other.txt": OTHER})
    index_dir = tmp_path / "index"
    update_index(root, index_dir, options=OPTIONS)
    return root, index_dir


def _edit(archive: Path, index_dir: Path, rel: str, text: str) -> Path:
    (archive / rel).write_text(text, "utf-8")
    update_index(archive, index_dir, options=OPTIONS)
    gen = current_generation(index_dir)
    assert gen is not None
    return gen


def test_a_changed_file_keeps_its_earlier_text(archive):
    root, index_dir = archive
    gen = _edit(root, index_dir, "a/story.txt", EDITED)
    kept = versions_of(gen, "a/story.txt")
    assert [v.body.strip() for v in kept] == ["The minister denied the report on Monday and called it false."]
    assert versions_of(gen, "b/other.txt") == []


def test_earlier_versions_are_carried_forward_and_accumulate(archive):
    root, index_dir = archive
    _edit(root, index_dir, "a/story.txt", EDITED)
    _edit(root, index_dir, "b/other.txt", OTHER + "\nShips queued outside.\n")  # another file's update
    gen = _edit(root, index_dir, "a/story.txt", EDITED + "\nA correction was issued.\n")
    bodies = [v.body for v in versions_of(gen, "a/story.txt")]
    assert len(bodies) == 2 and "called it false" in bodies[0] and "parts of the report" in bodies[1]


def test_a_deleted_file_takes_its_history_with_it(archive):
    root, index_dir = archive
    _edit(root, index_dir, "a/story.txt", EDITED)
    (root / "a/story.txt").unlink()
    update_index(root, index_dir, options=OPTIONS)
    gen = current_generation(index_dir)
    assert gen is not None and versions_of(gen, "a/story.txt") == []


def test_the_reader_lists_versions_and_diffs_the_edit(archive):
    root, index_dir = archive
    _edit(root, index_dir, "a/story.txt", EDITED)
    with SearchIndex(index_dir) as ix:
        groups = CopyGroups(ix)
        listed = copies_of(groups, "a/story.txt")
        assert len(listed.versions) == 1 and listed.versions[0].difference.changed > 0
        diff = version_diff(groups, "a/story.txt", 0)
        removed = " ".join(s.text for s in diff.spans if s.kind == "removed")
        added = " ".join(s.text for s in diff.spans if s.kind == "added")
        assert "false" in removed and "parts" in added
        assert diff.changes
        with pytest.raises(NotFoundError):
            version_diff(groups, "a/story.txt", 5)


def test_a_damaged_versions_file_reads_as_no_history(archive):
    root, index_dir = archive
    gen = _edit(root, index_dir, "a/story.txt", EDITED)
    (gen / "versions.json").write_text('{"a/story.txt": [{"title": 3}], "x": "y"}', "utf-8")
    assert versions_of(gen, "a/story.txt") == []
    (gen / "versions.json").write_text("not json", "utf-8")
    assert versions_of(gen, "a/story.txt") == []


def _rebuild(archive: Path, index_dir: Path) -> Path:
    update_index(archive, index_dir, rebuild=True, options=OPTIONS)
    gen = current_generation(index_dir)
    assert gen is not None
    return gen


def test_a_file_edited_then_rebuilt_keeps_its_earlier_text_and_the_diff_shows_the_edit(archive):
    root, index_dir = archive
    (root / "a/story.txt").write_text(EDITED, "utf-8")
    gen = _rebuild(root, index_dir)
    assert [v.body.strip() for v in versions_of(gen, "a/story.txt")] == [
        "The minister denied the report on Monday and called it false."
    ]
    assert versions_of(gen, "b/other.txt") == []
    with SearchIndex(index_dir) as ix:
        diff = version_diff(CopyGroups(ix), "a/story.txt", 0)
        assert "false" in " ".join(s.text for s in diff.spans if s.kind == "removed")
        assert "parts" in " ".join(s.text for s in diff.spans if s.kind == "added")


def test_history_from_before_survives_a_rebuild_and_a_later_edit_adds_to_it(archive):
    root, index_dir = archive
    _edit(root, index_dir, "a/story.txt", EDITED)
    assert len(versions_of(_rebuild(root, index_dir), "a/story.txt")) == 1
    (root / "a/story.txt").write_text(EDITED + "\nA correction was issued.\n", "utf-8")
    bodies = [v.body for v in versions_of(_rebuild(root, index_dir), "a/story.txt")]
    assert len(bodies) == 2 and "called it false" in bodies[0] and "parts of the report" in bodies[1]


def test_a_rebuild_drops_the_history_of_a_deleted_file(archive):
    root, index_dir = archive
    _edit(root, index_dir, "a/story.txt", EDITED)
    (root / "a/story.txt").unlink()
    gen = _rebuild(root, index_dir)
    assert versions_of(gen, "a/story.txt") == []
    assert not (gen / "versions.json").exists()


def test_a_rebuild_after_a_schema_version_change_keeps_the_history_it_can_read(archive):
    root, index_dir = archive
    gen = _edit(root, index_dir, "a/story.txt", EDITED)
    meta = json.loads((gen / "meta.json").read_text("utf-8"))
    (gen / "meta.json").write_text(json.dumps({**meta, "schema_version": 3}), "utf-8")
    with pytest.raises(SchemaVersionError):
        SearchIndex(index_dir)
    (root / "a/story.txt").write_text(EDITED + "\nA correction was issued.\n", "utf-8")
    bodies = [v.body for v in versions_of(_rebuild(root, index_dir), "a/story.txt")]
    assert len(bodies) == 2 and "called it false" in bodies[0] and "parts of the report" in bodies[1]


def test_an_unchanged_archive_rebuilt_adds_no_version(archive):
    root, index_dir = archive
    _edit(root, index_dir, "a/story.txt", EDITED)
    gen = _rebuild(root, index_dir)
    assert len(versions_of(gen, "a/story.txt")) == 1
    assert len(versions_of(_rebuild(root, index_dir), "a/story.txt")) == 1
    assert versions_of(gen, "b/other.txt") == []


@pytest.mark.parametrize("damage", ["manifest", "versions", "engine", "meta"])
def test_a_rebuild_over_a_damaged_previous_generation_builds_without_its_history(archive, damage):
    root, index_dir = archive
    gen = _edit(root, index_dir, "a/story.txt", EDITED)
    if damage == "engine":
        for toc in gen.glob("_MAIN_*.toc"):
            toc.write_bytes(b"\x00damaged")
    else:
        (gen / f"{damage}.json").write_text("{not json", "utf-8")
    (root / "a/story.txt").write_text(EDITED + "\nA correction was issued.\n", "utf-8")
    kept = [v.body for v in versions_of(_rebuild(root, index_dir), "a/story.txt")]
    # What was readable is kept: the old history, or (its file damaged) the text this rebuild replaced.
    assert (
        len(kept) == 1 and ("parts of the report" if damage == "versions" else "called it false") in kept[0]
    )
    with SearchIndex(index_dir) as ix:
        assert ix.article("a/story.txt").body.strip().endswith("A correction was issued.")


def test_a_rebuild_over_no_previous_index_has_no_history(tmp_path):
    root = write_archive(tmp_path / "archive", {"a/story.txt": FIRST})
    gen = _rebuild(root, tmp_path / "index")
    assert versions_of(gen, "a/story.txt") == []
