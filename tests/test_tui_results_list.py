"""The results list: its layout of one hit, its cursor keys, clicks and loading more as the cursor goes down."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from index.build import BuildOptions, update_index
from index.models import Fragment, Hit
from tui.app import make_app
from tui.widgets.reader import Reader
from tui.widgets.result_entry import EntryStyles, entry_text, fit
from tui.widgets.results_list import ResultsList
from tui.widgets.status_line import StatusLine

from .archive_fixtures import write_archive
from .tui_pilot import run, screen_words, search, settle

STYLES = EntryStyles(title=Style(bold=True), meta=Style(dim=True), match=Style(reverse=True))


def hit(title: str, body: str = "", matches: tuple[tuple[int, int], ...] = ()) -> Hit:
    fragments = (Fragment(body, matches),) if body else ()
    return Hit(
        id="a",
        title=title,
        date=None,
        source="",
        section="news",
        score=1.0,
        fragments=fragments,
        path="a.txt",
    )


# -- the layout of one hit ---------------------------------------------------------------------


def test_a_long_title_is_cut_after_two_lines_with_an_ellipsis() -> None:
    lines = entry_text(hit("word " * 40), 30, STYLES)
    assert [line.plain for line in lines[:2]][1].endswith("…")
    assert lines[2].plain == "news"  # the metadata line follows the title's two lines


def test_every_line_fits_the_width_even_with_wide_characters() -> None:
    title = "東京 " * 30 + "headline"
    body = "記者会見 " * 40 + "the match is here"
    start = body.index("match")
    for width in (8, 13, 31, 80):
        for line in entry_text(hit(title, body, ((start, start + 5),)), width, STYLES):
            assert cell_len(line.plain) <= max(8, width)


def test_the_snippet_keeps_its_match_highlighted() -> None:
    body = "Ministers met on Tuesday. The budget was agreed after a long debate in the chamber."
    start = body.index("budget")
    lines = entry_text(hit("Budget agreed", body, ((start, start + 6),)), 60, STYLES)
    snippet = Text("\n").join(lines[2:])
    marked = {snippet.plain[s.start : s.end] for s in snippet.spans if s.style == STYLES.match}
    assert marked == {"budget"}


def test_fit_keeps_short_text_on_one_line_without_an_ellipsis() -> None:
    assert [line.plain for line in fit(Text("short"), 20, 2)] == ["short"]


# -- the cursor, clicks, more ---------------------------------------------------------------------


def test_arrows_j_k_home_and_end_move_the_cursor(built_fixture: tuple[Path, Path]) -> None:
    app = make_app(built_fixture[1], timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        await pilot.press("enter")  # into the list
        results = app.screen.query_one(ResultsList)
        assert results.highlighted == 0
        await pilot.press("down", "j")
        assert results.highlighted == 2
        await pilot.press("j")  # the last hit: stays
        assert results.highlighted == 2
        await pilot.press("k")
        assert results.highlighted == 1
        await pilot.press("home")
        assert results.highlighted == 0
        await pilot.press("end")
        assert results.highlighted == 2

    run(app, scenario)


def test_clicking_a_result_opens_it_in_the_reader(built_fixture: tuple[Path, Path]) -> None:
    app = make_app(built_fixture[1], timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        results = app.screen.query_one(ResultsList)
        second = results.hits[1].id
        line = len(results.entry_text(0).plain.splitlines()) + 1  # past the first entry and its rule
        await pilot.click(ResultsList, offset=(3, line))
        await settle(pilot)
        assert results.highlighted == 1
        assert app.screen.query_one(Reader).article_id == second

    run(app, scenario)


@pytest.fixture(scope="module")
def many_hits_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    files = {
        f"news/{n:03}.txt": f"Harbour report {n}\n\nThe harbour master spoke on day {n}." for n in range(70)
    }
    archive = write_archive(root / "archive", dict(files))
    update_index(archive, root / "index", options=BuildOptions(entities=False, procs=1))
    return root / "index"


def test_more_results_load_as_the_cursor_nears_the_end(many_hits_index: Path) -> None:
    app = make_app(many_hits_index, timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "harbour")
        results = app.screen.query_one(ResultsList)
        first_page = len(results.hits)
        assert 0 < first_page < 70
        await pilot.press("enter", *["j"] * (first_page - 1))
        await settle(pilot)
        assert len(results.hits) > first_page
        assert results.highlighted == first_page - 1  # the cursor stays where it was
        assert "70 results" in str(app.screen.query_one(StatusLine).render())
        while len(results.hits) < 70:
            await pilot.press("pagedown")
            await settle(pilot)
        assert len({h.id for h in results.hits}) == 70

    run(app, scenario)


def test_end_goes_to_the_last_result_not_the_last_loaded(many_hits_index: Path) -> None:
    app = make_app(many_hits_index, timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "harbour")
        results = app.screen.query_one(ResultsList)
        assert len(results.hits) < 70
        await pilot.press("enter", "end")
        await settle(pilot)
        assert len(results.hits) == 70
        assert len({h.id for h in results.hits}) == 70
        assert results.highlighted == 69
        last = results.hits[69]
        assert f"{last.title}" in " ".join(screen_words(app).split())  # scrolled to it
        assert "loaded" not in str(app.screen.query_one(StatusLine).render())
        await pilot.press("home")
        assert results.highlighted == 0

    run(app, scenario)


def test_end_on_a_result_set_larger_than_one_search_returns_loads_it_all(tmp_path: Path) -> None:
    files = {f"n/{n:04}.txt": f"Pier {n}\n\nThe pier keeper on day {n}." for n in range(1234)}
    archive = write_archive(tmp_path / "archive", files)
    update_index(archive, tmp_path / "index", options=BuildOptions(entities=False, procs=1))
    app = make_app(tmp_path / "index", timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "pier")
        await pilot.press("enter", "end")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert len({h.id for h in results.hits}) == 1234  # two pages of the index's 1,000 at most
        assert results.highlighted == 1233

    run(app, scenario)


def test_page_down_moves_the_cursor_by_a_screenful(many_hits_index: Path) -> None:
    app = make_app(many_hits_index, timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "harbour")
        await pilot.press("enter", "pagedown")
        results = app.screen.query_one(ResultsList)
        assert (
            results.highlighted is not None and results.highlighted >= 4
        )  # ~5 lines an entry, 30+ lines a page
        top = results.scroll_offset.y
        assert top > 0  # and the list scrolled to keep it in view
        await pilot.press("pageup")
        assert results.highlighted == 0
        assert results.scroll_offset.y == 0

    run(app, scenario)


# -- selecting text with the mouse ---------------------------------------------------------------


def test_ctrl_c_after_dragging_a_selection_across_the_results_keeps_the_app_running(
    built_fixture: tuple[Path, Path],
) -> None:
    """Ctrl+C copies the screen's selection, which asks each selected widget for its text
    (`Widget.get_selection`, which calls `Widget._render()`): a list method of that name
    with other parameters raised TypeError there and closed the app."""
    app = make_app(built_fixture[1], timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        results = app.screen.query_one(ResultsList)
        titles = [hit.title for hit in results.hits]
        assert len(titles) == 3
        await pilot.mouse_down(ResultsList, offset=(2, 0))
        await pilot.hover(ResultsList, offset=(30, 6))
        await pilot.mouse_up(ResultsList, offset=(30, 6))
        assert results in app.screen.selections  # the drag did select text in the list
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one(ContentSwitcher).current == "results"
        assert [hit.title for hit in results.hits] == titles
        words = screen_words(app)
        assert all(" ".join(title.split()[:3]) in words for title in titles)

    run(app, scenario)
