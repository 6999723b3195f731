"""The layout at small sizes: 80x24 (the classic terminal) and smaller, as a person reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets._toast import Toast

from index.build import BuildOptions, update_index
from index.models import Count, Filter
from tui.app import MorgueApp, make_app
from tui.widgets.article_body import ArticleBody
from tui.widgets.entity_sidebar import EntityList, EntitySidebar
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import PLACEHOLDERS, SearchBar

from .archive_fixtures import write_archive
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
        await pilot.press("slash")
        await check("search bar, reading")
        assert "shift+" not in footer(app)  # J, K, M, N are typed there: none in the footer

    run(app, scenario, size=SMALL)


# -- the search bar, the filter line, the status line -------------------------------------------


@pytest.mark.parametrize("size", [SMALL, (50, 14), (120, 40), (160, 48)])
def test_the_search_placeholder_is_the_longest_that_fits_whole(
    built_fixture: tuple[Path, Path], size: tuple[int, int]
) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        bar = app.screen.query_one(SearchBar)
        assert bar.placeholder in PLACEHOLDERS
        assert bar.placeholder in screen_text(app).splitlines()[1]  # whole, on the bar's line
        longer = PLACEHOLDERS[: PLACEHOLDERS.index(bar.placeholder)]
        assert all(len(p) >= bar.scrollable_content_region.width for p in longer)

    run(app, scenario, size=size)


def test_the_filter_line_says_what_x_removes_where_it_fits_and_nothing_cut_where_not(
    built_fixture: tuple[Path, Path],
) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "government")
        app.screen.filters = (Filter("person", "Tony Blair"),)
        await settle(pilot)
        line = filter_line(app)
        assert "Person: Tony Blair ✕" in line and "x removes the last filter" in line
        await pilot.resize_terminal(50, 14)
        await settle(pilot)
        line = filter_line(app)
        assert "Person: Tony Blair ✕" in line and "x removes" not in line

    run(app, scenario, size=SMALL)


def filter_line(app: MorgueApp) -> str:
    return next(line for line in screen_text(app).splitlines() if line.startswith(" Filters"))


def test_the_sort_key_says_so_in_the_status_line_and_covers_nothing(built_fixture: tuple[Path, Path]) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        await pilot.press("enter", "s")
        await settle(pilot)
        assert not app.screen.query(Toast)  # a toast sat on the status line
        status = screen_text(app).splitlines()[-2]
        assert "sort: newest" in status and "sorted by newest" in status

    run(app, scenario, size=SMALL)


# -- the sidebar ------------------------------------------------------------------------------------


def test_a_long_name_in_the_sidebar_wraps_indented(built_fixture: tuple[Path, Path]) -> None:
    app = app_on(built_fixture[1])
    name = "Bartholomew Aloysius Featherstonehaugh-Cholmondeley"

    async def scenario(pilot: Pilot[int]) -> None:
        sidebar = app.screen.query_one(EntitySidebar)
        sidebar.show_facets("In the archive (articles)", {"person": (Count(name, 3),)})
        app.screen.action_toggle_sidebar()  # `e`, but the search bar has the focus and would take it
        await settle(pilot)
        region = sidebar.query_one(EntityList).content_region
        lines = [line[region.x : region.right] for line in screen_text(app).splitlines()]
        first = next(n for n, line in enumerate(lines) if "Bartholomew" in line)
        assert lines[first].startswith("  Bartholomew")
        assert lines[first + 1].startswith("  ") and lines[first + 1].strip()  # wrapped, indented
        assert "3" in lines[first + 1] or "3" in lines[first + 2]

    run(app, scenario, size=SMALL)


def test_at_50_columns_the_sidebar_is_narrower_than_the_results(built_fixture: tuple[Path, Path]) -> None:
    app = app_on(built_fixture[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "government")
        await pilot.press("enter", "e")
        await settle(pilot)
        sidebar = app.screen.query_one(EntitySidebar)
        assert sidebar.display and sidebar.size.width > 0
        assert sidebar.outer_size.width < app.screen.query_one("#results-pane").outer_size.width

    run(app, scenario, size=(50, 14))


# -- resizing ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_entries_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Entries whose titles and snippets take more lines in a narrow column than in a wide one."""
    root = tmp_path_factory.mktemp("long-entries")
    files = {
        f"news/{n:03}.txt": (
            f"Harbour report {n}: the harbour master's account of the tides, the boats and the weather\n\n"
            + " ".join(f"The harbour was busy on day {n} and the quay was full of boats." for _ in range(4))
        )
        for n in range(30)
    }
    archive = write_archive(root / "archive", files)
    update_index(archive, root / "index", options=BuildOptions(entities=False, procs=1))
    return root / "index"


def listing_every_copy(app: MorgueApp) -> MorgueApp:
    """The long entries are one template (near-copies of each other, which the results fold into
    one story): these tests are about laying out many entries, so every copy is listed."""
    app.session.expand_copies = True
    return app


def cursor_title_on_screen(app: MorgueApp) -> bool:
    results = app.screen.query_one(ResultsList)
    assert results.highlighted is not None
    title = results.hits[results.highlighted].title
    region = results.content_region
    lines = [
        line[region.x : region.right] for line in screen_text(app).splitlines()[region.y : region.bottom]
    ]
    return any(line.strip().startswith(title[:30]) for line in lines)


def test_after_resizing_from_160_to_80_columns_the_selected_result_shows_its_title(
    long_entries_index: Path,
) -> None:
    app = listing_every_copy(app_on(long_entries_index))

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "harbour")
        await pilot.press("enter", "enter")  # the reader beside the results: a narrow column
        await settle(pilot)
        await pilot.press("shift+tab", *["j"] * 7)  # to the results, down the list: the reader follows
        await settle(pilot)
        assert cursor_title_on_screen(app)
        await pilot.resize_terminal(80, 24)  # the reader in the results' place, and the focus in it
        await settle(pilot)
        assert isinstance(app.focused, ArticleBody)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        assert cursor_title_on_screen(app)

    run(app, scenario, size=(160, 48))


def test_after_j_in_the_reader_at_160_and_a_resize_to_80_escape_shows_the_result_read(
    long_entries_index: Path,
) -> None:
    app = listing_every_copy(app_on(long_entries_index))

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "harbour")
        await pilot.press("enter", "enter", *["J"] * 6)
        await settle(pilot)
        await pilot.resize_terminal(80, 24)  # the reader now in the results' place
        await settle(pilot)
        await pilot.press("J", "J", "escape")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert results.highlighted == 8
        assert cursor_title_on_screen(app)

    run(app, scenario, size=(160, 48))
