"""Quotations in the explorer: marked in the reader with their speaker, the Quotes view (Q), "quoted N"."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.build import BuildOptions, update_index
from tui.app import MorgueApp, make_app
from tui.screens.quotes import QuoteList, QuotesScreen
from tui.widgets.entity_sidebar import EntityList
from tui.widgets.quoted_body import QuotedBody
from tui.widgets.quoted_count import QuotedCount
from tui.widgets.reader import Reader
from tui.widgets.results_list import ResultsList

from .archive_fixtures import write_archive
from .quotes_fixtures import QUOTE_ARTICLES
from .tui_pilot import run, screen_words, search, settle

LONG = """---
title: A long report on the harbour
date: 2005-04-01
source: Daily Paper
---
{filler}

"The harbour will reopen in the spring," Gordon Brown said.
""".replace(
    "{filler}", "\n\n".join(f"Paragraph {n} about ships and tides in the old harbour." for n in range(80))
)


@pytest.fixture(scope="module")
def quotes_tui_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quotes-tui")
    archive = write_archive(root / "archive", {**QUOTE_ARTICLES, "politics/harbour.md": LONG})
    update_index(archive, root / "index", options=BuildOptions(procs=1))
    return root / "index"


def app_on(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, None, timings=False, poll_seconds=0)


async def open_first_result(pilot: Pilot[int], query: str) -> None:
    await search(pilot, query)
    pilot.app.screen.set_focus(pilot.app.screen.query_one(ResultsList))
    await pilot.press("enter")
    await settle(pilot)


def test_the_reader_marks_quotations_and_names_the_speaker_beside_them(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await open_first_result(pilot, "fair open")
        body = app.screen.query_one(Reader).body
        assert isinstance(body, QuotedBody)
        assert [q.speaker for q in body.quotes] == ["Tony Blair", "Tony Blair", "Michael Howard"]
        assert set(body.speaker_lines.values()) == {"Tony Blair", "Michael Howard"}
        words = screen_words(app)
        assert "Tony Blair" in words and "Michael Howard" in words
        first = body.quotes[0]
        styles = [span.style for span in body._text.spans if span.start <= first.start < span.end]
        assert any(getattr(s, "italic", False) for s in styles)  # the quote's mark (app.tcss)

    run(app, scenario)


def test_q_lists_the_quotations_of_the_results_with_speaker_article_and_date(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "section:politics")
        app.screen.set_focus(app.screen.query_one(ResultsList))
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(app.screen, QuotesScreen)
        speakers = [h.quote.speaker for h in app.screen.hits]
        assert sorted(speakers) == ["Gordon Brown", "Michael Howard", "Tony Blair", "Tony Blair"]
        words = screen_words(app)
        assert "Blair says the vote will be fair" in words and "2005-03-01" in words
        assert "4 quotations in 2 articles" in words
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, QuotesScreen)

    run(app, scenario)


def test_the_command_palette_opens_the_quotations_of_the_results(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "section:politics")
        await pilot.press("enter", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"quotations", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QuotesScreen)
        assert "4 quotations in 2 articles" in screen_words(app)

    run(app, scenario)


def test_enter_in_the_quotes_view_opens_the_article_scrolled_to_the_quotation(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "harbour")
        app.screen.set_focus(app.screen.query_one(ResultsList))
        await pilot.press("Q")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        assert [h.quote.speaker for h in screen.hits] == ["Gordon Brown"]
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article_id == "politics/harbour.md"
        body = reader.body
        start = body.quotes[0].start
        line = next(n for n, (a, b) in enumerate(body.lines) if a <= start <= b)
        top = int(body.scroll_y)
        assert top > 0 and top <= line < top + body.scrollable_content_region.height
        assert "The harbour will reopen in the spring" in screen_words(app)

    run(app, scenario)


def test_q_on_a_sidebar_entity_lists_that_speakers_quotations(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await open_first_result(pilot, "fair open")
        entities = app.screen.query_one(EntityList)
        app.screen.set_focus(entities)
        key = next(k for k, f in entities.entities.items() if f.value == "Michael Howard")
        entities.highlighted = entities.get_option_index(key)
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        assert isinstance(app.screen, QuotesScreen)
        assert [h.quote.text for h in app.screen.hits] == ["has failed the country on taxes"]
        assert app.screen.query_one(QuoteList).option_count == 1

    run(app, scenario)


def test_the_sidebar_says_how_often_the_highlighted_person_is_quoted(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await open_first_result(pilot, "fair open")
        entities = app.screen.query_one(EntityList)
        app.screen.set_focus(entities)
        key = next(k for k, f in entities.entities.items() if f.value == "Tony Blair")
        entities.highlighted = entities.get_option_index(key)
        await pilot.pause(0.3)
        await settle(pilot)
        count = app.screen.query_one(QuotedCount)
        assert "-empty" not in count.classes
        assert "Tony Blair: quoted 2 (1 article) in these results" in screen_words(app)
        place = next(k for k, f in entities.entities.items() if f.field == "place")
        entities.highlighted = entities.get_option_index(place)
        await settle(pilot)
        assert "-empty" in count.classes  # a place is never a speaker

    run(app, scenario)


def test_q_after_more_like_this_lists_the_quotations_of_those_articles(quotes_tui_index: Path) -> None:
    app = app_on(quotes_tui_index)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "section:business")
        app.screen.set_focus(app.screen.query_one(ResultsList))
        await pilot.press("M")
        await settle(pilot)
        shown = {hit.id for hit in app.screen.query_one(ResultsList).hits}
        assert "business/steel.md" not in shown  # the article itself is not like itself
        await pilot.press("Q")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuotesScreen)
        assert screen.request.title == "Quotations in the articles like Steel maker cuts jobs"
        assert {h.id for h in screen.hits} <= shown

    run(app, scenario)


def test_the_help_names_the_quotes_key_and_the_quotation_fields() -> None:
    import io

    from rich.console import Console

    from tui.screens.help import help_table

    console = Console(width=160, record=True, file=io.StringIO())
    console.print(help_table())
    text = console.export_text()
    assert "Quotes view (Q)" in text and 'said:"Tony Blair", quote:tax' in text
