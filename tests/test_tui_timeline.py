"""The timeline strip and the sidebar's entity over time, driven with Pilot.

A small dated archive (two sections, March to June 1987, one undated story)
is indexed once; each test searches it, focuses the strip with `t`, and
zooms, drills into a bucket and removes the filter as a user would.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.build import BuildOptions, update_index
from index.models import Filter
from index.search import SearchIndex
from tui.app import MorgueApp, make_app
from tui.widgets.entity_sidebar import EntityList
from tui.widgets.entity_timeline import EntityTimeline
from tui.widgets.filter_bar import FilterBar
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar
from tui.widgets.timeline_strip import TimelineStrip

from .tui_pilot import run, screen_text, screen_words, search, settle

STORIES = {
    "markets/a.md": ("1987-03-02T09:00:00", "Oil prices rose in early trading."),
    "markets/b.md": ("1987-03-04T23:59:59", "Oil prices fell back."),
    "markets/c.md": ("1987-03-16", "Oil ministers met in Vienna."),
    "markets/d.md": ("1987-05-01", "Oil output was cut."),
    "energy/e.md": ("1987-06-01", "Oil and gas reserves were revised."),
    "energy/f.md": (None, "Oil from an undated wire."),
}


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tui-timeline")
    for rel, (when, body) in STORIES.items():
        path = root / "archive" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        date_line = f"date: {when}\n" if when else ""
        path.write_text(f"---\ntitle: {rel}\n{date_line}---\n{body}\n", encoding="utf-8")
    update_index(root / "archive", root / "index", options=BuildOptions(procs=1, entities=False))
    return root / "index"


def app_on(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, None, timings=False, poll_seconds=0)


def strip_of(app: MorgueApp) -> TimelineStrip:
    return app.screen.query_one(TimelineStrip)


def test_a_search_draws_the_strip_on_one_line_at_80x24(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        strip = strip_of(app)
        assert strip.display and strip.size.height == 1
        assert strip.timeline is not None and strip.timeline.total == 6 and strip.timeline.undated == 1
        assert "1 undated" in screen_text(app)

    run(app, scenario, size=(80, 24))


def test_at_160x48_the_strip_has_its_axis_and_the_bucket_under_the_cursor(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        strip = strip_of(app)
        assert strip.size.height == 4
        text = screen_text(app)
        assert "1987-03-02" in text  # the first week's label, on the axis
        assert "t: explore" in text

    run(app, scenario, size=(160, 48))


def test_t_focuses_the_strip_and_plus_and_minus_zoom(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter", "t")
        strip = strip_of(app)
        assert app.focused is strip
        assert strip.timeline is not None and strip.timeline.by == "week"
        await pilot.press("minus")
        await settle(pilot)
        assert strip.timeline is not None and strip.timeline.by == "month"
        assert [b.count for b in strip.timeline.buckets] == [3, 0, 1, 1]
        await pilot.press("minus", "minus")
        await settle(pilot)
        assert strip.timeline is not None and strip.timeline.by == "year"
        await pilot.press("plus")
        await settle(pilot)
        assert strip.timeline is not None and strip.timeline.by == "month"

    run(app, scenario)


def test_enter_on_a_bucket_filters_to_it_and_x_removes_the_filter(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter", "t", "minus")
        await settle(pilot)
        strip = strip_of(app)
        assert strip.bucket is not None and strip.bucket.label == "1987-06"  # the latest with articles
        await pilot.press("left", "left", "left", "enter")  # to March
        await settle(pilot)
        screen = app.screen
        assert screen.filters == (Filter("date", "1987-03"),)  # type: ignore[attr-defined]
        with SearchIndex(dated_index) as index:
            expected = {h.id for h in index.search("oil date:1987-03").hits}
        assert {hit.id for hit in screen.query_one(ResultsList).hits} == expected and len(expected) == 3
        assert "Date: 1987-03" in screen_words(app)
        assert strip.timeline is not None and strip.timeline.total == 3
        await pilot.press("x")
        await settle(pilot)
        assert screen.filters == ()  # type: ignore[attr-defined]
        assert len(screen.query_one(ResultsList).hits) == 6
        assert screen.query_one(FilterBar).has_class("-empty")

    run(app, scenario)


def test_the_command_palette_sets_the_granularity(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"timeline by year", "enter")
        await settle(pilot)
        strip = strip_of(app)
        assert strip.timeline is not None and strip.timeline.by == "year"
        assert [b.count for b in strip.timeline.buckets] == [5]

    run(app, scenario)


def test_t_on_undated_results_says_so_instead_of_drawing_an_empty_chart(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "undated")
        await pilot.press("enter", "t")
        await settle(pilot)
        assert not strip_of(app).display or strip_of(app).has_class("-empty")
        assert "the one result is undated" in screen_words(app)

    run(app, scenario)


def test_the_sidebar_shows_the_highlighted_entity_over_time(dated_index: Path) -> None:
    app = app_on(dated_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter", "e")
        await settle(pilot)
        entities = app.screen.query_one(EntityList)
        for _ in range(20):
            if entities.highlighted_entity == Filter("section", "markets"):
                break
            await pilot.press("down")
        await pilot.pause(0.3)
        await settle(pilot)
        panel = app.screen.query_one(EntityTimeline)
        assert panel.entity == Filter("section", "markets")
        words = screen_words(app)
        assert "first 1987-03-02 · last 1987-05-01" in words

    run(app, scenario)


async def explore_oil(pilot: Pilot[int]) -> None:
    pilot.app.screen.query_one(SearchBar).cursor_blink = False  # a blinking cursor makes snapshots flaky
    await search(pilot, "oil")
    await pilot.press("enter", "t", "left")
    await settle(pilot)


def test_snapshot_of_the_timeline_strip_at_120x40(snap_compare, dated_index: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_on(dated_index), terminal_size=(120, 40), run_before=explore_oil)
