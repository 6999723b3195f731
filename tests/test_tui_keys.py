"""The user's own keys: every binding has an id, and keys.toml remaps them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import all_binding_ids, make_app
from tui.keymap import Keys, load_keys
from tui.screens.help import HelpScreen

from .tui_pilot import run, screen_text, screen_words, search, settle


@pytest.fixture(scope="module")
def ids() -> dict[str, tuple[str, str]]:
    return all_binding_ids()


def _keys_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "keys.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_binding_of_the_tui_has_a_namespaced_id(ids: dict[str, tuple[str, str]]) -> None:
    from textual.binding import Binding

    from tui.app import MorgueApp
    from tui.keymap import _bindings, _tui_classes

    bindings = list(_bindings(_tui_classes(MorgueApp)))
    assert len(bindings) > 80
    assert [b for b in bindings if not b.id] == []
    assert all(isinstance(b, Binding) for b in bindings)
    scoped = [i for i in ids if i not in ("help", "quit", "quit_q")]
    assert all(i.count(".") == 1 for i in scoped)
    assert {"main.sort", "results_list.down", "notebook.star", "curation.merge", "quotes.open"} <= set(ids)


def test_no_keys_file_is_no_keymap_and_no_problem(tmp_path: Path, ids: dict[str, tuple[str, str]]) -> None:
    keys = load_keys(ids, tmp_path / "absent.toml")
    assert keys == Keys(path=tmp_path / "absent.toml")


def test_a_keys_file_maps_ids_to_keys(tmp_path: Path, ids: dict[str, tuple[str, str]]) -> None:
    path = _keys_file(tmp_path, '[keys]\n"main.sort" = "ctrl+t"\n"results_list.down" = "down, j, ctrl+n"\n')
    keys = load_keys(ids, path)
    assert keys.keymap == {"main.sort": "ctrl+t", "results_list.down": "down,j,ctrl+n"}
    assert keys.problems == ()


def test_a_malformed_keys_file_is_reported_with_its_line_and_ignored(
    tmp_path: Path, ids: dict[str, tuple[str, str]]
) -> None:
    path = _keys_file(tmp_path, '[keys]\n"main.sort" = "ctrl+t"\n"main.back" = \n')
    keys = load_keys(ids, path)
    assert keys.keymap == {}
    assert len(keys.problems) == 1 and "line 3" in keys.problems[0] and "default keys" in keys.problems[0]


def test_an_unknown_id_or_a_value_that_is_no_key_is_reported_and_the_rest_applies(
    tmp_path: Path, ids: dict[str, tuple[str, str]]
) -> None:
    text = '[keys]\n"main.sort" = "ctrl+t"\n"main.nope" = "z"\n"main.back" = 3\n"main.search" = "[bold]"\n'
    keys = load_keys(ids, _keys_file(tmp_path, text))
    assert keys.keymap == {"main.sort": "ctrl+t"}
    assert len(keys.problems) == 3
    assert any("'main.nope'" in p for p in keys.problems)
    assert any("main.back = 3 is not a key" in p for p in keys.problems)


def test_a_binary_keys_file_is_reported_not_raised(tmp_path: Path, ids: dict[str, tuple[str, str]]) -> None:
    path = tmp_path / "keys.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    keys = load_keys(ids, path)
    assert keys.keymap == {} and "not UTF-8" in keys.problems[0]


def test_a_remapped_key_does_the_action_and_the_old_key_no_longer_does(
    tmp_path: Path, built_fixture: tuple[Path, Path], ids: dict[str, tuple[str, str]]
) -> None:
    keys = load_keys(ids, _keys_file(tmp_path, '[keys]\n"main.sort" = "ctrl+t"\n'))
    app = make_app(built_fixture[1], timings=False, poll_seconds=0, keys=keys)

    async def scenario(pilot: Pilot[int]) -> None:
        await search(pilot, "economy")
        await pilot.press("enter")  # to the results, where `s` is a key, not text
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.result.sort == "relevance"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen.result.sort == "newest"
        assert "sort: newest" in screen_text(app)

    run(app, scenario)


def test_problems_in_the_keys_file_show_as_a_notice_and_the_default_keys_work(
    tmp_path: Path, built_fixture: tuple[Path, Path], ids: dict[str, tuple[str, str]]
) -> None:
    keys = load_keys(ids, _keys_file(tmp_path, '[keys]\n"main.srot" = "ctrl+t"\n'))
    app = make_app(built_fixture[1], timings=False, poll_seconds=0, keys=keys)

    async def scenario(pilot: Pilot[int]) -> None:
        shown = [n.message for n in app._notifications]
        assert any("no key has the id 'main.srot'" in m for m in shown)
        await search(pilot, "economy")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.result.sort == "newest"

    run(app, scenario)


def test_the_help_screen_lists_every_id_with_the_users_key(
    tmp_path: Path, built_fixture: tuple[Path, Path], ids: dict[str, tuple[str, str]]
) -> None:
    keys = load_keys(ids, _keys_file(tmp_path, '[keys]\n"main.sort" = "ctrl+t"\n'))
    app = make_app(built_fixture[1], timings=False, poll_seconds=0, keys=keys)

    async def scenario(pilot: Pilot[int]) -> None:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("end")
        await pilot.pause()
        for _ in range(12):
            if "main.sort" in screen_words(app):
                break
            await pilot.press("pageup")
            await pilot.pause()
        words = screen_words(app)
        assert "main.sort ctrl+t Sort" in words

    run(app, scenario, size=(120, 40))
