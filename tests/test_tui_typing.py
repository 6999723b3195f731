"""Keys typed faster than the screen draws: every edit lands in the order it was typed.

Textual runs a key's binding (Backspace, Ctrl+U, `/`) only once the key has
bubbled up from the focused widget to the app, while the characters typed
next are inserted straight away: a burst of keys came out reordered
(`goverm`, Backspace, `nment` gave `govermnmen`). `burst` queues every key
before the app handles the first, as a paste or tmux does; `pilot.press`
sends them one by one with no pause of ours in between. Each test checks the
text in the bar and the query that was searched: they must be what was typed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import MorgueApp, make_app
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

from .tui_pilot import burst, run, search, settle

GOVERNMENT = (*"goverm", "backspace", *"nment")
EDITS = (*"oil price", "ctrl+w", *"rise", "home", *"big ", "end", *"s", "left", "backspace", "ctrl+e", "!")


def app_on(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, timings=False, poll_seconds=0)


async def typed_and_searched(pilot: Pilot[int]) -> tuple[str, str]:
    await settle(pilot)
    result = pilot.app.screen.result  # type: ignore[attr-defined]
    return pilot.app.screen.query_one(SearchBar).value, result.query if result else ""


@pytest.mark.parametrize("how", ["burst", "press"])
def test_a_backspace_in_a_burst_of_typing_deletes_the_character_before_it(
    built_fixture: tuple[Path, Path], how: str
) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        for attempt in range(4):
            await search(pilot, "")
            if how == "burst":
                burst(app, *GOVERNMENT)
            else:
                await pilot.press(*GOVERNMENT)
            assert await typed_and_searched(pilot) == ("government", "government"), attempt
            assert len(app.screen.query_one(ResultsList).hits) == 3

    run(app, scenario)


@pytest.mark.parametrize("how", ["burst", "press"])
def test_word_and_line_edits_in_a_burst_apply_where_they_were_typed(
    built_fixture: tuple[Path, Path], how: str
) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        if how == "burst":
            burst(app, *EDITS)
        else:
            await pilot.press(*EDITS)
        assert await typed_and_searched(pilot) == ("big oil riss!", "big oil riss!")

    run(app, scenario)


@pytest.mark.parametrize("how", ["burst", "press"])
def test_slash_ctrl_u_and_a_word_typed_at_once_from_the_results_replace_the_query(
    built_fixture: tuple[Path, Path], how: str
) -> None:
    app = app_on(built_fixture[1])
    keys = ("slash", "ctrl+u", *"Wibble")

    async def scenario(pilot: Pilot[int]) -> None:
        for attempt in range(3):
            await pilot.press("slash", "ctrl+u", *"economy", "enter")
            await settle(pilot)
            assert isinstance(app.focused, ResultsList)
            if how == "burst":
                burst(app, *keys)
            else:
                await pilot.press(*keys)
            assert await typed_and_searched(pilot) == ("Wibble", "Wibble"), attempt
            assert isinstance(app.focused, SearchBar)

    run(app, scenario)


def test_enter_and_j_typed_at_once_move_the_cursor_in_the_results(built_fixture: tuple[Path, Path]) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        burst(app, "enter", "j", "j")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert app.focused is results
        assert results.highlighted == 2

    run(app, scenario)
