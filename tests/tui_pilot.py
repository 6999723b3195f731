"""Driving the app with Textual's Pilot: the helpers every TUI test file shares."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Awaitable, Callable

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from tui.app import MorgueApp
from tui.widgets.search_bar import SearchBar

SIZE = (120, 40)  # wide enough for results, reader and entity sidebar side by side


def run(
    app: MorgueApp, scenario: Callable[[Pilot[int]], Awaitable[None]], size: tuple[int, int] = SIZE
) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[int]) -> None:
    """Let every worker (search, article, index) finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def search(pilot: Pilot[int], query: str) -> None:
    pilot.app.screen.query_one(SearchBar).value = query
    await settle(pilot)


def key_event(key: str) -> events.Key:
    """The `Key` event a terminal's driver makes for `key` (a character or a key name), as Pilot makes it."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def burst(app: MorgueApp, *keys: str) -> None:
    """Every key at once, as a paste or tmux delivers them: all queued before the app handles the first.

    `pilot.press` waits for the app to go idle after each key, which hides any
    reordering; this does not wait at all.
    """
    for key in keys:
        app.post_message(key_event(key))


def screen_text(app: MorgueApp) -> str:
    """Every character on screen, as the terminal would show it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def screen_words(app: MorgueApp) -> str:
    """The words on screen, borders dropped, so that a sentence wrapped across lines still matches."""
    return " ".join(re.findall(r"[^\s│┃╭╮╰╯─━▊▎▔▁]+", screen_text(app)))
