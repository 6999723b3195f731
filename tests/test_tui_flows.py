"""The TUI's flows, driven with Textual's Pilot as a user would drive them.

Each test opens the app on an index built once per session (the fixture archive,
with entities) or on a small archive written here, types and presses keys, and
checks what is on screen. No sleeps: workers are awaited.
"""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar

from index.build import BuildOptions, update_index
from index.models import GROUP_TITLES, Entity, Filter
from tui.app import MorgueApp, make_app
from tui.screens.help import HelpScreen
from tui.widgets.article_body import ArticleBody
from tui.widgets.entity_sidebar import TITLES, EntityList, EntitySidebar
from tui.widgets.filter_bar import FilterBar
from tui.widgets.reader import Reader
from tui.widgets.results_list import ResultsList
from tui.widgets.search_bar import SearchBar

from .archive_fixtures import write_archive
from .tui_pilot import SIZE, run, screen_text, screen_words, search, settle


def app_on(index_dir: Path, archive: Path | None = None, **kwargs: object) -> MorgueApp:
    return make_app(index_dir, archive, timings=False, poll_seconds=0, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def fixture_app_index(built_fixture: tuple[Path, Path]) -> Path:
    return built_fixture[1]


# -- searching ----------------------------------------------------------------------------


def test_typing_a_query_shows_highlighted_results(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press(*"prices")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        assert {hit.id for hit in results.hits} == {"business/oil.md", "tech/phones.txt"}
        prompt = results.entry_text(0)
        highlighted = {prompt.plain[span.start : span.end].lower() for span in prompt.spans}
        assert "prices" in highlighted or "price" in highlighted
        assert "2 results" in screen_words(app)

    run(app, scenario)


def test_enter_in_the_search_bar_moves_to_the_results(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        assert len(app.screen.query_one(ResultsList).hits) == 3

    run(app, scenario)


def test_s_cycles_the_sort_order(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.result.sort == "newest"
        dates = [hit.date for hit in app.screen.query_one(ResultsList).hits if hit.date]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.result.sort == "oldest"
        assert "sort: oldest" in screen_words(app)

    run(app, scenario)


def test_in_an_archive_without_dates_date_sorts_and_date_queries_say_so(tmp_path: Path) -> None:
    archive = write_archive(
        tmp_path / "archive",
        {"a.txt": "Lions in Kenya\n\nLions roam Kenya.\n", "b.txt": "Kenya rains\n\nRain in Kenya.\n"},
    )
    app = app_on(tmp_path / "index", archive, entities=False)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "kenya")
        relevance = [hit.id for hit in app.screen.result.hits]
        await pilot.press("enter", "s")
        await settle(pilot)
        assert app.screen.result.sort == "newest"
        assert [hit.id for hit in app.screen.result.hits] == relevance
        words = screen_words(app)
        assert "No article in this archive has a date: the results are in order of relevance." in words
        assert "no article in this archive has a date" in words  # the status line, where the sort is
        await pilot.press("s", "s")  # back to relevance: nothing to say
        await search(pilot, "date:2005")
        words = screen_words(app)
        assert "No article in this archive has a date, so date: finds none." in words
        assert "No results" not in words

    run(app, scenario)


def test_a_query_error_is_shown_inline(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "*")
        text = screen_words(app)
        assert "Query error" in text
        assert "A lone '*' would match everything" in text
        assert "Traceback" not in text

    run(app, scenario)


def test_a_query_warning_is_shown_with_the_results(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, 'title:"oil prices')
        text = screen_words(app)
        assert "Unbalanced quote" in text
        assert "1 result" in text

    run(app, scenario)


def test_ctrl_y_accepts_the_did_you_mean_suggestion(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press(*"goverment")
        await settle(pilot)
        assert "Did you mean government?" in screen_words(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert app.screen.query_one(SearchBar).value == "government"
        assert len(app.screen.query_one(ResultsList).hits) == 3

    run(app, scenario)


# -- the reader ------------------------------------------------------------------------------


def test_enter_on_a_result_opens_the_article_in_the_reader(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "budget")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article_id == "politics/brown.md"
        assert isinstance(app.focused, ArticleBody)
        assert "Brown sets out budget plans" in screen_words(app)
        assert "Chancellor Gordon Brown set out" in screen_words(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one(Reader).display
        assert isinstance(app.focused, ResultsList)

    run(app, scenario)


def test_escape_from_the_reader_back_to_the_search_bar_keeps_the_query(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press(*"budget", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).article_id == "politics/brown.md"
        await pilot.press("escape", "escape")  # the reader closes; the results, to the search bar
        await settle(pilot)
        bar = app.screen.query_one(SearchBar)
        assert app.focused is bar
        assert bar.value == "budget" and app.screen.query_text == "budget"
        await pilot.press("escape")  # in the search bar: back to the results, the query kept
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        assert bar.value == "budget"
        assert [h.id for h in app.screen.query_one(ResultsList).hits] == ["politics/brown.md"]
        await pilot.press("escape", "ctrl+u")  # the way to clear it: Ctrl+U
        await settle(pilot)
        assert bar.value == "" and app.screen.result is None

    run(app, scenario)


def test_n_and_shift_n_step_between_matches_in_the_reader(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "blair")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        body = reader.body
        matches = reader.reading.highlights.body
        assert len(matches) >= 2
        assert all(body.text[s:e].lower() == "blair" for s, e in matches)
        await pilot.press("n")
        assert body.current == 0
        assert f"match 1 of {len(matches)}" in screen_words(app)
        await pilot.press("n")
        assert body.current == 1
        assert f"match 2 of {len(matches)}" in screen_words(app)
        await pilot.press("N")
        assert body.current == 0

    run(app, scenario)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
def test_j_and_k_in_the_reader_open_the_next_and_previous_result(
    fixture_app_index: Path, size: tuple[int, int]
) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        results = app.screen.query_one(ResultsList)
        ids = [hit.id for hit in results.hits]
        assert len(ids) == 3
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article_id == ids[0] and isinstance(app.focused, ArticleBody)
        await pilot.press("J")
        await settle(pilot)
        assert reader.article_id == ids[1] and results.highlighted == 1
        assert isinstance(app.focused, ArticleBody)  # still reading
        await pilot.press("J", "J")  # the last result: stays there
        await settle(pilot)
        assert reader.article_id == ids[2]
        await pilot.press("K")
        await settle(pilot)
        assert reader.article_id == ids[1] and results.highlighted == 1
        assert reader.reading.highlights.body  # the query's matches, as for an article opened by Enter

    run(app, scenario, size=size)


@pytest.mark.parametrize("how", ["key", "palette"])
def test_more_like_this_shows_the_articles_most_like_the_open_one_under_a_removable_chip(
    fixture_app_index: Path, how: str
) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "budget")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).article_id == "politics/brown.md"
        if how == "key":
            await pilot.press("M")
        else:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"more like", "enter")
        await settle(pilot)
        like = app.session.index.more_like("politics/brown.md", 50)
        results = app.screen.query_one(ResultsList)
        assert [hit.id for hit in results.hits] == [hit.id for hit in like]
        assert like and "politics/brown.md" not in {hit.id for hit in like}
        words = screen_words(app)
        assert "More like: Brown sets out budget plans ✕" in words
        assert "x removes “more like this”" in words
        assert app.screen.query_one(SearchBar).value == "budget"  # the query waits under the chip
        assert isinstance(app.focused, ResultsList)  # the reader beside them follows their cursor
        assert app.screen.query_one(Reader).article_id == like[0].id
        await pilot.press("x")
        await settle(pilot)
        assert [hit.id for hit in results.hits] == ["politics/brown.md"]
        assert "More like:" not in screen_words(app)

    run(app, scenario)


def test_typing_a_query_replaces_more_like_this(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "budget")
        await pilot.press("enter", "M")  # from the results: like the result under the cursor
        await settle(pilot)
        assert app.screen.like is not None
        await pilot.press("slash", *" oil")
        await settle(pilot)
        assert app.screen.like is None
        assert app.screen.result.query == "budget oil"
        assert "More like:" not in screen_words(app)

    run(app, scenario)


def test_at_80_columns_the_reader_replaces_the_results(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query_one(EntitySidebar).display
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).display
        assert not app.screen.query_one("#results-pane").display
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#results-pane").display
        assert not app.screen.query_one(Reader).display

    run(app, scenario, size=(80, 24))


# -- entities and filters ------------------------------------------------------------------------


def test_enter_on_an_entity_adds_a_filter_and_x_removes_it(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "government")
        await pilot.press("enter")
        await settle(pilot)
        before = app.screen.result.total
        await pilot.press("e")
        await pilot.pause(0.3)  # "appears with" follows the cursor after a short pause
        await settle(pilot)
        entities = app.screen.query_one(EntityList)
        assert app.focused is entities
        entity = entities.highlighted_entity
        assert entity == Filter("person", "Tony Blair")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.filters == (entity,)
        assert app.screen.result.total < before
        assert "Person: Tony Blair ✕" in screen_words(app)
        assert "Appears with Tony Blair" in screen_words(app)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.filters == ()
        assert app.screen.result.total == before
        assert not app.screen.query_one(FilterBar).display

    run(app, scenario)


def test_at_120_columns_e_then_enter_on_an_open_article_filters_by_an_entity_of_that_article(
    fixture_app_index: Path,
) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "government")
        results = app.screen.query_one(ResultsList)
        entities = app.screen.query_one(EntityList)
        assert entities.highlighted_entity == Filter("person", "Tony Blair")  # the results' first
        ids = [hit.id for hit in results.hits]
        await pilot.press("enter", *["j"] * ids.index("business/bank.txt"), "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article_id == "business/bank.txt"  # no Tony Blair in it
        mentioned = {(e.group, e.name) for e in reader.reading.article.entities}
        await pilot.press("e")
        await settle(pilot)
        assert app.focused is entities
        assert entities.highlighted_section == "article"
        entity = entities.highlighted_entity
        assert entity is not None and (entity.field, entity.value) in mentioned
        # Another article opened (the reader follows the results' cursor): the cursor goes to its entities.
        await pilot.press("escape", "shift+tab")  # from the sidebar to the reader, to the results
        await settle(pilot)
        assert app.focused is results
        other = next(i for i in ids if i != "business/bank.txt")
        await pilot.press("home", *["j"] * ids.index(other))
        await settle(pilot)
        assert reader.article_id == other
        mentioned = {(e.group, e.name) for e in reader.reading.article.entities}
        await pilot.press("e")
        await settle(pilot)
        entity = entities.highlighted_entity
        assert entities.highlighted_section == "article"
        assert entity is not None and (entity.field, entity.value) in mentioned
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.filters == (entity,)
        assert other in {hit.id for hit in results.hits}

    run(app, scenario)


def sidebar_lines(entities: EntityList) -> list[str]:
    """The sidebar's options as text, top to bottom."""
    return [str(getattr(option.prompt, "renderable", option.prompt)).strip() for option in entities.options]


def sidebar_sections(entities: EntityList) -> list[list[str]]:
    """The sidebar's sections, top to bottom, each as its group headings in order."""
    out: list[list[str]] = []
    for option, text in zip(entities.options, sidebar_lines(entities), strict=True):
        if option.disabled and text.startswith("In "):
            out.append([])
        elif option.disabled and text in TITLES.values():
            out[-1].append(text)
    return out


def test_sections_and_sources_are_facets_in_the_sidebar_and_enter_filters_by_one(
    fixture_app_index: Path,
) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        entities = app.screen.query_one(EntityList)
        assert sidebar_sections(entities)[-1][-2:] == ["Sections", "Sources"]
        assert {"business 1", "politics 1", "Daily Paper 1", "Wire Service 1"} <= set(
            re.findall(r"[A-Z]?[a-z]+(?: [A-Z][a-z]+)? \d", screen_words(app))
        )
        await pilot.press("enter", "e")
        for _ in range(40):  # down to the first section, as a person would
            entity = entities.highlighted_entity
            if entity is not None and entity.field == "section":
                break
            await pilot.press("down")
        section = entities.highlighted_entity
        assert section is not None and section.field == "section"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.filters == (section,)
        results = app.screen.query_one(ResultsList)
        assert results.hits and {hit.section for hit in results.hits} == {section.value}
        assert f"Section: {section.value} ✕" in screen_words(app)
        await pilot.press("end", "enter")  # the last entry: a source
        await settle(pilot)
        source = app.screen.filters[-1]
        assert source.field == "source"
        assert {hit.source for hit in results.hits} == {source.value}

    run(app, scenario)


def test_the_sidebar_lists_people_first_then_organisations_places_other_dates(
    fixture_app_index: Path,
) -> None:
    app = app_on(fixture_app_index)
    order = ["People", "Organisations", "Places", "Other", "Dates", "Sections", "Sources"]

    async def scenario(pilot: Pilot[int]) -> None:
        entities = app.screen.query_one(EntityList)
        (archive,) = sidebar_sections(entities)  # the first screen: the archive's
        assert archive == [title for title in order if title in archive]
        assert archive[:3] == ["People", "Organisations", "Places"]
        await search(pilot, "london")
        await pilot.press("enter", "enter")
        await settle(pilot)
        article, results = sidebar_sections(entities)
        assert article == ["People", "Places"]  # Tony Blair, London, Michael Howard: people first
        assert results == [title for title in order if title in results]

    run(app, scenario)


def test_an_articles_dates_are_listed_as_dates_not_as_other_and_are_no_filter(
    fixture_app_index: Path,
) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).article_id == "business/oil.md"  # "Friday" is a DATE in it
        entities = app.screen.query_one(EntityList)
        assert sidebar_sections(entities)[0] == ["Organisations", "Dates"]
        lines = sidebar_lines(entities)
        assert lines[lines.index("Dates") + 1] == "Friday 1"
        assert "Friday 1" in screen_text(app)
        assert "Friday" not in {f.value for f in entities.entities.values()}  # not selectable
        assert GROUP_TITLES[Entity("Friday", "DATE", 1).group] == "Dates"  # `morgue show` says so too

    run(app, scenario)


def test_o_on_an_entity_searches_for_it_alone(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        entity = app.screen.query_one(EntityList).highlighted_entity
        assert entity is not None
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.query_one(SearchBar).value == entity.as_query()
        assert app.screen.result.total >= 1

    run(app, scenario)


def test_an_open_article_lists_its_entities_by_group(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "blair")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_words(app)
        assert "In this article (mentions)" in text
        assert "People" in text
        assert "Tony Blair 2" in text

    run(app, scenario)


# -- overview, help, the index's lifecycle -------------------------------------------------------


def test_with_no_query_the_overview_describes_the_archive(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        text = screen_words(app)
        assert "Articles" in text and "7" in text
        assert "2004-12-09 to 2005-03-20" in text
        assert "Top people" in text and "Tony Blair 2" in text
        assert "In the archive (articles)" in text
        await search(pilot, "oil")
        await search(pilot, "")
        assert "Top people" in screen_words(app)

    run(app, scenario)


def test_the_first_frame_shows_the_saved_overview_while_the_index_is_still_opening(
    fixture_app_index: Path,
) -> None:
    app = app_on(fixture_app_index)
    release = threading.Event()
    real_open = app.session.open

    def slow_open():  # type: ignore[no-untyped-def]
        release.wait(30)
        return real_open()

    app.session.open = slow_open  # type: ignore[method-assign]

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            text = screen_words(app)
            assert "Articles" in text and "7" in text and "Tony Blair 2" in text
            assert "opening the index" in text
            await pilot.press(*"oil")  # typed while opening: answered once the index is open
            release.set()
            await settle(pilot)
            assert "Oil prices climb" in screen_words(app)

    asyncio.run(main())


def test_question_mark_opens_the_help_screen_and_escape_closes_it(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_words(app)
        assert "next / previous match" in text and "remove the last filter" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    run(app, scenario)


def test_the_help_screen_scrolls_with_j_and_k_and_lists_the_date_field(fixture_app_index: Path) -> None:
    app = app_on(fixture_app_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        dialog = app.screen.query_one("#help-dialog")
        assert dialog.max_scroll_y > 0  # at 80x24 the keys do not fit
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert dialog.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert dialog.scroll_y == 2
        await pilot.press("end")
        await pilot.pause()
        assert dialog.scroll_y == dialog.max_scroll_y
        assert "timeline_strip.zoom_out" in screen_words(app)  # the last remappable key id
        for _ in range(12):  # page up to the query fields, above the key ids
            words = screen_words(app)
            if "date:2005, date:2005-03-14" in words:
                break
            await pilot.press("pageup")
            await pilot.pause()
        assert "date:2005, date:2005-03-14 articles of a year, a month, a day" in words
        assert "author:" in words
        await pilot.press("home")
        await pilot.pause()
        assert dialog.scroll_y == 0

    run(app, scenario, size=(80, 24))


def test_a_missing_index_is_built_with_a_progress_bar(tmp_path: Path) -> None:
    archive = write_archive(
        tmp_path / "archive", {"a.txt": "Alpha title\n\nZebras in Kenya.\n", "b.txt": "B\n\nOkapi.\n"}
    )
    app = app_on(tmp_path / "index", archive, entities=False)

    async def scenario(pilot: Pilot[int]) -> None:
        bar = app.screen.query_one(ProgressBar)
        assert bar.total is not None and bar.progress > 0
        await search(pilot, "zebras")
        assert app.screen.result.total == 1

    run(app, scenario)


def test_an_index_with_another_schema_shows_the_message_not_a_traceback(tmp_path: Path) -> None:
    gen = tmp_path / "index" / "gen-old"
    gen.mkdir(parents=True)
    (gen / "meta.json").write_text('{"schema_version": 999, "archive": "", "created": 0, "updated": 0}')
    (tmp_path / "index" / "CURRENT").write_text("gen-old")
    app = app_on(tmp_path / "index")

    async def scenario(pilot: Pilot[int]) -> None:
        text = screen_words(app)
        assert "The index cannot be opened" in text
        assert "uses schema version 999" in text
        assert "Traceback" not in text
        await pilot.press("ctrl+q")

    run(app, scenario)
    assert app.return_code == 4


def test_an_index_locked_by_another_writer_shows_the_message(tmp_path: Path) -> None:
    from index.store.generations import writer_lock

    archive = write_archive(tmp_path / "archive", {"a.txt": "A\n\nText.\n"})
    app = app_on(tmp_path / "index", archive, entities=False)

    async def scenario(pilot: Pilot[int]) -> None:
        assert "Another `morgue index` is writing" in screen_words(app)

    with writer_lock(tmp_path / "index"):
        run(app, scenario)


def test_a_rebuilt_index_is_picked_up_while_the_app_runs(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "archive", {"a.txt": "Alpha\n\nLions in Kenya.\n"})
    index_dir = tmp_path / "index"
    options = BuildOptions(entities=False, procs=1)
    update_index(archive, index_dir, options=options)
    app = make_app(index_dir, archive, timings=False, poll_seconds=0.1)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "kenya")
        assert app.screen.result.total == 1
        write_archive(archive, {"b.txt": "Beta\n\nElephants in Kenya.\n"})
        update_index(archive, index_dir, rebuild=True, options=options)
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.result is not None and app.screen.result.total == 2:
                break
        assert app.screen.result.total == 2
        assert "index updated" in screen_words(app)

    run(app, scenario)
