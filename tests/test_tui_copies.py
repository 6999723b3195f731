"""Copies in the TUI, driven with Pilot: folded results, `C`, the copies screen (`c`) and the diff.

The archive is the wire story of `test_copies_cli` and its edited copies,
built for real; no sleeps: workers are awaited.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.build import BuildOptions, update_index
from tui.app import MorgueApp, make_app
from tui.screens.copies import CopiesScreen, DiffScreen
from tui.widgets.diff_body import DiffBody, diff_text
from tui.widgets.results_list import ResultsList
from tui.widgets.status_line import StatusLine

from .archive_fixtures import write_archive
from .test_copies import FOURTH
from .test_copies_cli import FILES, _story
from .tui_pilot import run, screen_words, search, settle

OPTIONS = BuildOptions(entities=False, procs=1)


@pytest.fixture
def copies_index(tmp_path: Path) -> tuple[Path, Path]:
    archive = write_archive(tmp_path / "archive", dict(FILES))
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=OPTIONS)
    return archive, index_dir


def app_on(index_dir: Path) -> MorgueApp:
    return make_app(index_dir, None, timings=False, poll_seconds=0, entities=False)


def test_results_fold_copies_and_C_lists_them_all(copies_index: tuple[Path, Path]) -> None:
    app = app_on(copies_index[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "dock workers strike")
        results = app.screen.query_one(ResultsList)
        assert {h.id for h in results.hits} == {"wire/original.json", "wire/antwerp.json"}
        assert "+3 copies" in screen_words(app)
        status = str(app.screen.query_one(StatusLine).render())
        assert "5 articles" in status and "2 stories listed" in status  # what each figure counts
        await pilot.press("enter")  # to the results, where C is a key and not a letter typed
        await pilot.press("C")
        await settle(pilot)
        assert len(results.hits) == 5
        assert "+3 copies" not in screen_words(app)
        await pilot.press("C")
        await settle(pilot)
        assert len(results.hits) == 2

    run(app, scenario)


def test_the_command_palette_lists_every_copy_and_folds_them_again(copies_index: tuple[Path, Path]) -> None:
    app = app_on(copies_index[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "dock workers strike")
        results = app.screen.query_one(ResultsList)
        for expected in (5, 2):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"copies: fold", "enter")
            await settle(pilot)
            assert len(results.hits) == expected

    run(app, scenario)


def test_c_lists_the_copies_and_opens_a_marked_diff(copies_index: tuple[Path, Path]) -> None:
    app = app_on(copies_index[1])

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "dock workers strike")
        await pilot.press("enter")
        results = app.screen.query_one(ResultsList)
        results.highlighted = [h.id for h in results.hits].index("wire/original.json")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CopiesScreen)
        words = screen_words(app)
        assert "3 other copies" in words
        assert "Evening Post" in words and "Daily Paper" in words and "Portal" in words
        assert "words" in words  # the size of each difference, e.g. "+33 -0 words"
        loaded = app.screen.loaded
        assert loaded is not None
        chosen = [c.id for c in loaded.copies].index("web/quote-removed.json")
        app.screen.query_one("#copies-list").highlighted = chosen  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        body = app.screen.query_one(DiffBody)
        assert body.changes >= 1
        assert "[-" in body.text and "-]" in body.text  # the dropped quote, marked by a symbol too
        assert "Niek Stam" in body.text
        await pilot.press("right_square_bracket")
        assert body.current == 0
        await pilot.press("left_square_bracket")
        assert body.current == body.changes - 1  # around to the last
        await pilot.press("escape")
        await pilot.press("escape")
        assert not isinstance(app.screen, CopiesScreen | DiffScreen)

    run(app, scenario)


def test_the_diff_text_marks_added_and_removed_words_with_symbols() -> None:
    from index.copies import word_diff

    text, marks = diff_text(word_diff("the port was shut on Monday", "the port was closed on Monday"))
    assert text == "the port was [-shut-] {+closed+} on Monday"
    assert [kind for _s, _e, kind in marks] == ["removed", "added"]
    assert [text[s:e] for s, e, _k in marks] == ["[-shut-]", "{+closed+}"]


def test_a_new_generation_is_noticed_with_its_count_of_new_articles(copies_index: tuple[Path, Path]) -> None:
    archive, index_dir = copies_index
    app = app_on(index_dir)

    async def scenario(pilot: Pilot[int]) -> None:
        await settle(pilot)
        write_archive(archive, {"late/fourth.json": _story(FOURTH, "2024-03-04T18:00:00Z", "Late")})
        update_index(archive, index_dir, options=OPTIONS)
        app.poll_index()
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        assert "1 new article" in str(status.render())

    run(app, scenario)


def test_c_lists_an_earlier_version_and_diffs_the_edit(copies_index: tuple[Path, Path]) -> None:
    archive, index_dir = copies_index
    edited = json.loads((archive / "wire/antwerp.json").read_text("utf-8"))
    edited["body"] = edited["body"].replace("for twenty-four hours", "for forty-eight hours")
    (archive / "wire/antwerp.json").write_text(json.dumps(edited), "utf-8")
    update_index(archive, index_dir, options=OPTIONS)
    app = app_on(index_dir)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "Antwerp dockers")
        await pilot.press("enter")
        results = app.screen.query_one(ResultsList)
        results.highlighted = [h.id for h in results.hits].index("wire/antwerp.json")
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CopiesScreen)
        assert "Earlier version 1" in screen_words(app)
        await pilot.press("enter")  # the only entry: the earlier version
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen)
        text = app.screen.query_one(DiffBody).text
        assert "[-twenty-four-]" in text and "{+forty-eight+}" in text

    run(app, scenario)
