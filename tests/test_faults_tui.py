"""The TUI under fire, driven with Textual's Pilot: another process rebuilding the
index, the index deleted under it, and hostile queries typed into it.

Searches keep answering throughout a rebuild by another `morgue index`
process (held at a gate just before it commits, so the timing is certain), and
the new articles appear once it has swapped the new generation in. An index
deleted while the app runs keeps answering from what is open. Broken queries
show a message, never a traceback or an internal error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from index.build import BuildOptions, update_index
from tui.app import MorgueApp, make_app

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .test_faults_concurrency import GATE, Gate, add_articles, morgue
from .tui_pilot import run, screen_text, search

pytestmark = pytest.mark.slow
NO_ENTITIES = BuildOptions(entities=False, procs=1)


def assert_no_crash(app: MorgueApp) -> None:
    text = screen_text(app)
    assert "Traceback" not in text and "Internal error" not in text, text


@pytest.fixture
def archive_and_index(tmp_path: Path) -> tuple[Path, Path, Path]:
    archive = write_archive(tmp_path / "archive", dict(FIXTURE_ARTICLES))
    index_dir = tmp_path / "index"
    update_index(archive, index_dir, options=NO_ENTITIES)
    return archive, index_dir, tmp_path


def test_the_tui_keeps_answering_while_another_process_rebuilds_then_shows_the_new_articles(
    archive_and_index,
):
    archive, index_dir, root = archive_and_index
    app = make_app(index_dir, archive, timings=False, poll_seconds=0.1, entities=False)
    expected = {"oil": 1, '"prime minister"': 1, "econ*": 6, "government OR economy": 5}

    async def answers_as_before(pilot: Pilot[int]) -> None:
        for query, total in expected.items():
            await search(pilot, query)
            result = app.screen.result
            assert result is not None and result.error is None and result.total == total, (query, result)

    async def scenario(pilot: Pilot[int]) -> None:
        await answers_as_before(pilot)
        add_articles(archive, 0, 5)
        gate = Gate(root)
        writer = morgue(archive, index_dir, "--rebuild", prelude=GATE, env=gate.env)
        try:
            rounds = 0
            while not gate.reached():  # the other process scans, reads, prepares its writer
                assert writer.poll() is None, writer.communicate()
                await answers_as_before(pilot)
                rounds += 1
            await answers_as_before(pilot)  # held just before it commits and swaps
            await search(pilot, "fresh3")
            assert app.screen.result.total == 0
        finally:
            gate.release()
        while writer.poll() is None:
            await answers_as_before(pilot)
        assert writer.returncode == 0, writer.communicate()
        await search(pilot, "fresh3 OR oil")
        for _ in range(100):  # the app's poll picks the new generation up and re-runs the search
            if app.screen.result is not None and app.screen.result.total == 2:
                break
            await pilot.pause(0.05)
        assert app.screen.result.total == 2
        assert_no_crash(app)

    run(app, scenario)


def test_the_tui_keeps_answering_when_its_index_is_deleted_and_picks_up_a_new_one(archive_and_index):
    archive, index_dir, _root = archive_and_index
    app = make_app(index_dir, archive, timings=False, poll_seconds=0.1, entities=False)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "oil")
        assert app.screen.result.total == 1
        shutil.rmtree(index_dir)
        await pilot.pause(0.5)  # several polls find no index
        for query, total in (('"prime minister"', 1), ("econ*", 6), ("oil", 1)):
            await search(pilot, query)
            result = app.screen.result
            assert result.error is None and result.total == total, (query, result)
        assert_no_crash(app)
        add_articles(archive, 0, 2)
        update_index(archive, index_dir, options=NO_ENTITIES)  # built again, at the same place
        await search(pilot, "fresh1")
        for _ in range(100):
            if app.screen.result is not None and app.screen.result.total == 1:
                break
            await pilot.pause(0.05)
        assert app.screen.result.total == 1
        assert_no_crash(app)

    run(app, scenario)


HOSTILE_QUERIES = [
    "<>",
    "(" * 30 + "oil" + ")" * 30,
    '"prime minister',
    "title:* OR *",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07 oil \x1b[2J",
    "\u202eoil\u200b",
    "[a TO z] {a TO b}",
    "*a* ?? ?*",
    "oil~ " * 100 + "x" * 5000,
    "colour:red AND NOT",
    "",
]


def test_hostile_queries_typed_into_the_tui_show_a_message_never_a_crash(built_fixture):
    app = make_app(built_fixture[1], timings=False, poll_seconds=0)

    async def scenario(pilot: Pilot[int]) -> None:
        for query in HOSTILE_QUERIES:
            await search(pilot, query)
            assert_no_crash(app)
            text = screen_text(app)  # the search bar included: it never echoes escapes
            assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
            result = app.screen.result
            if query.strip() and result is not None and result.query == query and result.error:
                assert "Query error" in text, (query, result.error)
        await search(pilot, "oil")
        assert app.screen.result.total == 1  # still answering normally afterwards

    run(app, scenario)
