"""Entity corrections in the explorer, driven with Pilot: m r l d u in the sidebar, v, the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.build import BuildOptions, update_index
from index.entities.curation import load_curation
from index.models import Filter
from index.userdata import work_dir
from tui.app import MorgueApp, make_app
from tui.screens.corrections_list import CorrectionsList
from tui.screens.entity_view import EntityView
from tui.screens.name_picker import NamePicker
from tui.widgets.entity_sidebar import EntityList
from tui.widgets.reader import Reader

from .archive_fixtures import FIXTURE_ARTICLES, SHORT_ONLY, write_archive
from .tui_pilot import run, screen_words, search, settle


@pytest.fixture(scope="module")
def archive_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("curation-tui")
    archive = write_archive(root / "archive", {**FIXTURE_ARTICLES, **SHORT_ONLY})
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1))
    return archive, index_dir


def app_on(where: tuple[Path, Path]) -> MorgueApp:
    return make_app(where[1], where[0], timings=False, poll_seconds=0)


def facet_values(app: MorgueApp, group: str) -> list[str]:
    return [f.value for f in app.screen.query_one(EntityList).entities.values() if f.field == group]


async def cursor_on(pilot: Pilot[int], entity: Filter) -> None:
    """Focus the sidebar and put its cursor on `entity`."""
    entities = pilot.app.screen.query_one(EntityList)
    entities.focus()
    key = next(k for k, f in entities.entities.items() if f == entity)
    entities.highlighted = entities.get_option_index(key)
    await settle(pilot)


def corrections(archive: Path) -> list[dict[str, str]]:
    return [c.to_json() for c in load_curation(work_dir(archive) / "curation.toml").corrections]


def test_m_merges_the_entity_into_a_name_picked_by_fuzzy_search(archive_index: tuple[Path, Path]) -> None:
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "Yorkshire OR election")
        assert "Blair" in facet_values(app, "person")
        await cursor_on(pilot, Filter("person", "Blair"))
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, NamePicker)
        await pilot.press(*"ton bla")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert corrections(archive_index[0]) == [
            {"kind": "merge", "alias": "Blair", "into": "Tony Blair", "label": "PERSON"}
        ]
        people = facet_values(app, "person")
        assert "Blair" not in people and "Tony Blair" in people
        assert "merge: Blair -> Tony Blair" in screen_words(app)

        await cursor_on(pilot, Filter("person", "Tony Blair"))
        await pilot.press("u")
        await settle(pilot)
        assert corrections(archive_index[0]) == []
        assert "Blair" in facet_values(app, "person")

    run(app, scenario)


def test_r_renames_l_relabels_and_d_hides(archive_index: tuple[Path, Path]) -> None:
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "London")
        await cursor_on(pilot, Filter("person", "Gordon Brown"))
        await pilot.press("r", "ctrl+u", *"Chancellor Brown", "enter")
        await settle(pilot)
        assert "Chancellor Brown" in facet_values(app, "person")
        assert "Gordon Brown" not in facet_values(app, "person")

        await cursor_on(pilot, Filter("place", "London"))
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("k", "enter")  # PLACE -> ORG
        await settle(pilot)
        assert "London" in facet_values(app, "org") and "London" not in facet_values(app, "place")

        await cursor_on(pilot, Filter("person", "Michael Howard"))
        await pilot.press("d")
        await settle(pilot)
        assert "Michael Howard" not in facet_values(app, "person")
        await search(pilot, "body:Howard")
        assert app.screen.query_one("#results").hits  # type: ignore[attr-defined]
        assert [c["kind"] for c in corrections(archive_index[0])] == ["rename", "relabel", "hide"]

    run(app, scenario)


def test_v_opens_the_entity_view_with_its_aliases_and_mentions(archive_index: tuple[Path, Path]) -> None:
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "Yorkshire OR election")
        await cursor_on(pilot, Filter("person", "Blair"))
        await pilot.press("m", *"Tony Blair", "enter")
        await settle(pilot)
        await cursor_on(pilot, Filter("person", "Tony Blair"))
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, EntityView)
        words = screen_words(app)
        assert "Aliases merged into it: Blair" in words
        assert "3 articles" in words and "mentions" in words
        assert "First seen 2004-12-09" in words
        await pilot.press("enter")  # opens the first article in the reader
        await settle(pilot)
        assert not isinstance(app.screen, EntityView)

    run(app, scenario)


def test_the_corrections_list_reviews_and_reverts(archive_index: tuple[Path, Path]) -> None:
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "London")
        await cursor_on(pilot, Filter("person", "Michael Howard"))
        await pilot.press("d")
        await settle(pilot)
        assert "Michael Howard" not in facet_values(app, "person")
        app.action_entity_corrections()
        await settle(pilot)
        assert isinstance(app.screen, CorrectionsList)
        assert "1. hide: Michael Howard [PERSON]" in screen_words(app)
        await pilot.press("d")
        await settle(pilot)
        assert corrections(archive_index[0]) == []
        await pilot.press("escape")
        await settle(pilot)
        assert "Michael Howard" in facet_values(app, "person")

    run(app, scenario)


def test_the_reader_highlights_the_entitys_mentions_and_n_steps_through_them(
    archive_index: tuple[Path, Path],
) -> None:
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, 'person:"Gordon Brown"')
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the first result, in the reader
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.reading is not None and reader.article_id == "politics/brown.md"
        body = reader.reading.article.body
        assert [body[s:e] for s, e in reader.reading.highlights.body] == ["Gordon Brown", "Gordon Brown"]
        await pilot.press("n", "n")
        await settle(pilot)
        assert reader.body.current == 1

    run(app, scenario)


def test_a_malformed_file_is_ignored_named_by_line_and_left_as_it_is(
    archive_index: tuple[Path, Path],
) -> None:
    path = work_dir(archive_index[0]) / "curation.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = '[[correction]]\nkind = "hide"\nname = "Michael Howard"\n\n[[correction]]\nkind = "merge\n'
    path.write_text(text, encoding="utf-8")
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "London")
        assert "Michael Howard" in facet_values(app, "person")  # the file is ignored: nothing hidden
        await cursor_on(pilot, Filter("person", "Gordon Brown"))
        await pilot.press("d")
        await settle(pilot)
        assert "Gordon Brown" in facet_values(app, "person")
        assert "line 6" in screen_words(app)
        app.action_entity_corrections()
        await settle(pilot)
        assert "line 6" in screen_words(app) and "Ignored" in screen_words(app)
        assert path.read_text(encoding="utf-8") == text

    run(app, scenario)


def test_the_entity_view_shows_the_entity_over_time_with_first_and_last_seen(
    archive_index: tuple[Path, Path],
) -> None:
    app = app_on(archive_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "Yorkshire OR election")
        await cursor_on(pilot, Filter("person", "Tony Blair"))
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, EntityView)
        words = screen_words(app)
        assert "Tony Blair over time" in words
        assert "first 2004-12-09" in words

    run(app, scenario)
