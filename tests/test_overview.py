"""The archive figures saved beside each generation: shown at once, never stale."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from index.build import BuildOptions, update_index
from index.overview import OVERVIEW, read_overview
from index.search import SearchIndex
from index.stats import index_stats
from index.store.generations import Meta, current_generation

from .archive_fixtures import write_archive

NO_NER = BuildOptions(procs=1, entities=False)


def computed(index_dir: Path):  # type: ignore[no-untyped-def]
    with SearchIndex(index_dir) as index:
        return index_stats(index)


def test_a_build_saves_the_same_figures_that_the_open_index_computes(built_fixture):
    _, index_dir = built_fixture
    saved = read_overview(index_dir)
    assert saved is not None
    live = computed(index_dir)
    # The saved size was measured before the figures file itself was written.
    assert replace(saved, size_bytes=live.size_bytes) == live
    assert saved.docs == live.docs > 0 and saved.top_entities["person"]


def test_an_update_that_changes_an_article_saves_new_figures(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_NER)
    before = read_overview(index_dir)
    (fixture_archive / "sport" / "new.txt").parent.mkdir(exist_ok=True)
    (fixture_archive / "sport" / "new.txt").write_text("Cup final tonight\n\nThe cup final is tonight.\n")
    update_index(fixture_archive, index_dir, options=NO_NER)
    after = read_overview(index_dir)
    assert before is not None and after is not None
    assert after.docs == before.docs + 1 == computed(index_dir).docs


def test_a_no_op_update_keeps_the_figures_and_dates_them_anew(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_NER)
    before = read_overview(index_dir)
    update_index(fixture_archive, index_dir, options=NO_NER)
    after = read_overview(index_dir)
    assert before is not None and after is not None
    assert after.docs == before.docs and after.top_entities == before.top_entities
    assert after.last_update is not None and before.last_update is not None
    assert after.last_update > before.last_update


def test_figures_from_before_the_last_update_are_never_shown(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_NER)
    gen = current_generation(index_dir)
    assert gen is not None
    meta = Meta.read(gen)
    replace(meta, updated=meta.updated + 1).write(gen)  # an update the figures file did not follow
    assert read_overview(index_dir) is None


def test_a_missing_or_damaged_figures_file_means_computing_them(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_NER)
    gen = current_generation(index_dir)
    assert gen is not None
    for damage in ("{not json", json.dumps({"updated": Meta.read(gen).updated, "stats": {"docs": "x"}}), ""):
        (gen / OVERVIEW).write_text(damage)
        assert read_overview(index_dir) is None
    (gen / OVERVIEW).unlink()
    assert read_overview(index_dir) is None
    assert read_overview(tmp_path / "nowhere") is None


def test_a_no_op_update_of_an_index_without_saved_figures_computes_them(fixture_archive, tmp_path):
    index_dir = tmp_path / "index"
    update_index(fixture_archive, index_dir, options=NO_NER)
    gen = current_generation(index_dir)
    assert gen is not None
    (gen / OVERVIEW).unlink()  # as an index built by an older Morgue
    update_index(fixture_archive, index_dir, options=NO_NER)
    saved = read_overview(index_dir)
    assert saved is not None and saved.docs == computed(index_dir).docs


def test_reading_the_saved_figures_does_not_load_whoosh(built_fixture):
    _, index_dir = built_fixture
    code = (
        "import sys; from pathlib import Path; from index.overview import read_overview; "
        f"assert read_overview(Path({str(index_dir)!r})) is not None; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'textual', 'spacy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_small_archive_built_here_has_its_figures_saved(tmp_path):
    archive = write_archive(tmp_path / "a", {"one.txt": "One\n\nA body about Paris.\n"})
    update_index(archive, tmp_path / "ix", options=NO_NER)
    saved = read_overview(tmp_path / "ix")
    assert saved is not None and saved.docs == 1 and saved.index_path == str(tmp_path / "ix")
