"""Article text is untrusted: never parsed as markup, and no control sequence reaches the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.build import BuildOptions, update_index
from index.models import Entity, Fragment, Highlights, Hit, Mention, StoredArticle
from tui.app import make_app
from tui.session import Reading
from tui.widgets.reader import Reader
from tui.widgets.results_list import ResultsList

from .archive_fixtures import write_archive
from .tui_pilot import run, screen_text, screen_words, search, settle

MARKUP_TITLE = "Markup [bold]x[/] in a title"
MARKUP_BODY = (
    "The zanzibar text [bold]x[/] and [link=file:///etc/passwd]x[/link] stays as written, "
    "as does [red on white]this[/] and :warning: and $accent."
)
ESCAPES = (
    "\x1b]52;c;SGVsbG8=\x07 clipboard, \x1b[31mred\x1b[0m text, \x1b]0;title\x07, \u202eevil\u202c, \x9b2J"
)
DANGEROUS = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b")


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    files = {
        "markup.txt": f"{MARKUP_TITLE}\n\n{MARKUP_BODY}\n",
        "escapes.json": json.dumps(
            {
                "title": f"Escapes zanzibar {ESCAPES}",
                "body": f"Body zanzibar with {ESCAPES} inside.",
                "date": "2005-01-01",
            }
        ),
    }
    archive = write_archive(root / "archive", files)
    update_index(archive, root / "index", options=BuildOptions(entities=False, procs=1))
    return root / "index"


def assert_inert(text: str) -> None:
    for char in DANGEROUS:
        assert char not in text, f"{char!r} reached the screen"


def test_markup_in_titles_and_bodies_is_shown_as_written(hostile_index: Path) -> None:
    app = make_app(hostile_index, timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "passwd")
        await pilot.press("enter")
        await settle(pilot)
        assert "[bold]x[/]" in screen_words(app)  # in the result's title
        await pilot.press("enter")
        await settle(pilot)
        text = screen_words(app)
        assert "Markup [bold]x[/] in a title" in text
        assert "[link=file:///etc/passwd]x[/link]" in text
        assert "[red on white]this[/]" in text
        assert ":warning:" in text and "$accent" in text

    run(app, scenario)


def test_escape_sequences_in_indexed_articles_never_reach_the_screen(hostile_index: Path) -> None:
    app = make_app(hostile_index, timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "clipboard")
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.query_one(ResultsList).hits) == 1
        assert_inert(screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Reader).reading is not None
        text = screen_text(app)
        assert "clipboard" in text
        assert_inert(text)

    run(app, scenario)


def test_raw_control_characters_handed_to_the_widgets_are_made_inert(hostile_index: Path) -> None:
    """Even if the index let them through, the TUI's own rendering neutralises them."""
    app = make_app(hostile_index, timings=False, poll_seconds=0)
    body = f"Start [bold]x[/] {ESCAPES} end zanzibar."
    start = body.index("zanzibar")
    article = StoredArticle(
        id="raw",
        title=f"Raw {ESCAPES}",
        body=body,
        date=None,
        source="\x1b[5m",
        section="[b]s[/b]",
        url="",
        author="\u202eauthor",
        path="raw.txt",
        content_hash="",
        duplicates=(),
        entities=(Entity("Evil\x1b[31m Corp", "ORG", 1),),
        mentions=(Mention(0, 5, "Start", "ORG", "Evil\x1b[31m Corp"),),
    )
    hit = Hit(
        id="raw",
        title=article.title,
        date=None,
        source="\x1b[5m",
        section="",
        score=1.0,
        fragments=(Fragment(body, ((start, start + 8),)),),
        path="raw.txt",
    )

    async def scenario(pilot: Pilot[int]) -> None:
        screen = app.screen
        screen.query_one(ResultsList).show((hit,), 1)
        screen.show_reading(Reading(article, Highlights((), ((start, start + 8),))), focus=True)
        await pilot.pause()
        assert "Start [bold]x[/]" in screen_words(app) and "[b]s[/b]" in screen_words(app)
        assert "Evil" in screen_words(app)  # the entity, in the sidebar
        assert_inert(screen_text(app))

    run(app, scenario)
