"""The notebook in the explorer: marks, notes, review keys, history, saved searches, marks in queries, export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from index.notebook import notebook_path
from index.notebook.store import Notebook
from tui.app import MorgueApp, make_app
from tui.screens.notebook_dialogs import NoteScreen, PickScreen, PromptScreen
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

from .tui_pilot import run, search, settle


@pytest.fixture(scope="session")
def fixture_app_index(built_fixture: tuple[Path, Path]) -> Path:
    return built_fixture[1]


@pytest.fixture
def archive(built_fixture: tuple[Path, Path]) -> Path:
    return built_fixture[0]


def app_on(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, None, timings=False, poll_seconds=0)


async def submit(pilot: Pilot[int], query: str) -> None:
    """Type a query in the search bar and press Enter, as a user does."""
    bar = pilot.app.screen.query_one(SearchBar)
    bar.focus()
    await search(pilot, query)
    await pilot.press("enter")
    await settle(pilot)


def current_id(app: MorgueApp) -> str:
    results = app.screen.query_one(ResultsList)
    assert results.highlighted is not None
    return results.hits[results.highlighted].id


def test_star_tag_and_note_are_kept_and_shown_in_the_list(fixture_app_index, archive):
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "economy")
        doc_id = current_id(app)
        await pilot.press("asterisk")
        await pilot.press("number_sign")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "Energy, budget"
        await pilot.press("enter")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert "Ctrl+S keep" in str(app.screen.query_one(Label).render())
        app.screen.query_one(TextArea).text = "line one\nline two"
        await pilot.press("ctrl+s")
        await settle(pilot)
        mark = Notebook(notebook_path(archive)).mark(doc_id)
        assert mark.starred and mark.tags == ("budget", "energy") and mark.note == "line one\nline two"
        assert "★ ✎ #2" in app.screen.query_one(ResultsList).entry_text(0).plain

    run(app, scenario)


def test_tag_completion_offers_the_tags_in_use(fixture_app_index, archive):
    Notebook(notebook_path(archive)).update("politics/blair.md", add_tags=["election"])
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "economy")
        await pilot.press("number_sign")
        await settle(pilot)
        await pilot.press(*"ele", "right")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "election"
        await pilot.press(*", budget, el", "right")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "election, budget, election"

    run(app, scenario)


def test_review_keys_set_the_state_and_opening_an_article_marks_it_read(fixture_app_index, archive):
    app = app_on(fixture_app_index)
    notebook = Notebook(notebook_path(archive))

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "economy")
        doc_id = current_id(app)
        for key, state in (("R", "relevant"), ("I", "not relevant"), ("F", "follow up"), ("U", "unread")):
            await pilot.press(key)
            await settle(pilot)
            assert notebook.mark(doc_id).state == state
        await pilot.press("enter")  # open it in the reader
        await settle(pilot)
        assert notebook.mark(doc_id).state == "read"
        await pilot.press("R")  # from the reader too
        await settle(pilot)
        assert notebook.mark(doc_id).state == "relevant"

    run(app, scenario)


def test_up_and_down_walk_the_history_and_ctrl_r_searches_it(fixture_app_index, archive):
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "oil")
        await submit(pilot, "economy")
        bar = app.screen.query_one(SearchBar)
        bar.focus()
        await pilot.press("up")
        assert bar.value == "economy"
        await pilot.press("up")
        assert bar.value == "oil"
        await pilot.press("down")
        assert bar.value == "economy"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"oil", "enter")
        await settle(pilot)
        assert bar.value == "oil" and {h.id for h in app.screen.query_one(ResultsList).hits} == {
            "business/oil.md"
        }
        assert [h.query for h in Notebook(notebook_path(archive)).history()] == ["economy", "oil"]

    run(app, scenario)


def test_a_saved_search_is_saved_and_reopened_with_its_new_count(fixture_app_index, archive):
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "economy")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one(Input).value = "econ"
        await pilot.press("enter")
        await settle(pilot)
        saved = Notebook(notebook_path(archive)).saved("econ")
        assert saved is not None and saved.query == "economy"
        await submit(pilot, "oil")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        assert "econ — economy · 0 new" in str(
            app.screen.query_one("#pick-list").get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(SearchBar).value == "economy"
        assert len(app.screen.query_one(ResultsList).hits) == 3

    run(app, scenario)


def test_is_and_tag_fields_filter_by_the_marks(fixture_app_index, archive):
    notebook = Notebook(notebook_path(archive))
    notebook.update("business/oil.md", starred=True, add_tags=["energy"])
    notebook.update("politics/blair.md", add_tags=["energy"], state="relevant")
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        results = app.screen.query_one(ResultsList)
        await search(pilot, "is:starred")
        assert [h.id for h in results.hits] == ["business/oil.md"]
        await search(pilot, "tag:energy -is:starred")
        assert [h.id for h in results.hits] == ["politics/blair.md"]
        await search(pilot, "economy is:relevant")
        assert [h.id for h in results.hits] == ["politics/blair.md"]

    run(app, scenario)


def test_export_from_the_palette_writes_every_result(fixture_app_index, archive, tmp_path):
    app = app_on(fixture_app_index)
    target = tmp_path / "found.csv"

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "economy OR government")
        total = len(app.screen.query_one(ResultsList).hits)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export results")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert len(rows) == total > 3

    run(app, scenario)


def test_the_notebook_keys_typed_in_the_search_bar_are_text_not_marks(fixture_app_index, archive):
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await submit(pilot, "economy")
        bar = app.screen.query_one(SearchBar)
        bar.focus()
        bar.value = ""
        await pilot.press(*"econom", "asterisk", "space", "number_sign", *"RIFUay")
        await settle(pilot)
        assert bar.value == "econom* #RIFUay"
        assert Notebook(notebook_path(archive)).marks() == {}

    run(app, scenario)


def test_the_saved_searches_list_renames_and_deletes(fixture_app_index, archive):
    notebook = Notebook(notebook_path(archive))
    notebook.save("econ", "economy")
    notebook.save("oil", "oil")
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "growth"
        await pilot.press("enter")
        await settle(pilot)
        assert [s.name for s in notebook.saved_searches()] == ["growth", "oil"]
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press(*"oil", "delete")
        await settle(pilot)
        assert [s.name for s in notebook.saved_searches()] == ["growth"]

    run(app, scenario)
