"""Snapshots of the TUI's main states on the bundled seeds/ archive, at 100x30, 80x24 and 120x40.

Update them after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`,
and look at the report (snapshot_report.html) before accepting.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tui.app import MorgueApp, make_app
from tui.widgets.search_bar import SearchBar

from .conftest import SEEDS
from .tui_pilot import settle as settle_workers

SIZE = (100, 30)
SMALL = (80, 24)  # the classic terminal: every state must read whole here
WIDE = (120, 40)  # results, reader and sidebar side by side


def seeds_app(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, SEEDS, timings=False, poll_seconds=0)


async def settle(pilot: Pilot[int]) -> None:
    pilot.app.screen.query_one(SearchBar).cursor_blink = False  # a blinking cursor makes snapshots flaky
    await settle_workers(pilot)


async def search_smuggling(pilot: Pilot[int]) -> None:
    await settle(pilot)
    pilot.app.screen.query_one(SearchBar).value = "smuggling"
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def open_first_result(pilot: Pilot[int]) -> None:
    await search_smuggling(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n", "n")
    await settle(pilot)


def test_snapshot_of_the_overview(snap_compare, built_seeds: Path) -> None:
    assert snap_compare(seeds_app(built_seeds), terminal_size=SIZE, run_before=settle)


def test_snapshot_of_the_results(snap_compare, built_seeds: Path) -> None:
    assert snap_compare(seeds_app(built_seeds), terminal_size=SIZE, run_before=search_smuggling)


def test_snapshot_of_the_reader_with_the_second_match_current(snap_compare, built_seeds: Path) -> None:
    assert snap_compare(seeds_app(built_seeds), terminal_size=SIZE, run_before=open_first_result)


async def filter_by_an_entity(pilot: Pilot[int]) -> None:
    await search_smuggling(pilot)
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def open_first_result_beside_the_list(pilot: Pilot[int]) -> None:
    await open_first_result(pilot)
    await pilot.press("e")
    await settle(pilot)


def test_snapshot_of_the_first_screen_at_80x24(snap_compare, built_seeds: Path) -> None:
    assert snap_compare(seeds_app(built_seeds), terminal_size=SMALL, run_before=settle)


def test_snapshot_of_the_results_filtered_by_an_entity_at_80x24(snap_compare, built_seeds: Path) -> None:
    assert snap_compare(seeds_app(built_seeds), terminal_size=SMALL, run_before=filter_by_an_entity)


def test_snapshot_of_the_reader_at_80x24(snap_compare, built_seeds: Path) -> None:
    assert snap_compare(seeds_app(built_seeds), terminal_size=SMALL, run_before=open_first_result)


def test_snapshot_of_the_reader_beside_the_results_and_sidebar_at_120x40(
    snap_compare, built_seeds: Path
) -> None:
    assert snap_compare(
        seeds_app(built_seeds), terminal_size=WIDE, run_before=open_first_result_beside_the_list
    )
