"""The layout at small sizes: 80x24 (the classic terminal) and smaller, as a person reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import MorgueApp, make_app

from .tui_pilot import run, screen_text, search, settle

SMALL = (80, 24)


def app_on(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, timings=False, poll_seconds=0)


def footer(app: MorgueApp) -> str:
    return screen_text(app).splitlines()[-1].rstrip()


# -- the footer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, (120, 40), (50, 14)])
def test_the_first_screen_shows_ctrl_q_to_quit_in_the_footer(
    built_fixture: tuple[Path, Path], size: tuple[int, int]
) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        assert "^q Quit" in footer(app)
        assert "? Help" in footer(app) or "f1 Help" in footer(app)

    run(app, scenario, size=size)


def test_ctrl_q_quits_from_the_search_bar_where_q_is_typed(built_fixture: tuple[Path, Path]) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.screen.result.query == "q"
        await pilot.press("ctrl+q")

    run(app, scenario, size=SMALL)
    assert app.return_code == 0


def test_at_80_columns_the_footer_leaves_out_whole_keys_and_keeps_help_and_quit(
    built_fixture: tuple[Path, Path],
) -> None:
    app = app_on(built_fixture[1])

    async def check(where: str) -> None:
        await settle(pilot_of[0])
        line = footer(app)
        assert len(line) <= SMALL[0], where
        assert re.search(r"(\?|f1) Help \^q Quit$", line.split("▏")[0].rstrip()), (where, line)

    pilot_of: list[Pilot[int]] = []

    async def scenario(pilot: Pilot[int]) -> None:
        pilot_of.append(pilot)
        await check("first screen")
        await search(pilot, "government")
        await pilot.press("enter")
        await check("results")
        await pilot.press("e")
        await check("sidebar")
        await pilot.press("enter")
        await check("sidebar, with a filter")
        await pilot.press("escape", "enter")
        await check("reader, with a filter")

    run(app, scenario, size=SMALL)
