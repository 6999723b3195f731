"""The user's own keys: `keys.toml` maps a binding's id to the keys it should answer to.

Why: a terminal user's fingers come with habits (Emacs keys, a tiling window
manager that owns Ctrl+O) and a key Morgue picked may be taken. Every binding
in the TUI carries an id (`Binding(..., id="main.next_match")`), and Textual's
keymap replaces that binding's keys with the user's. The file lives in the
user's config folder (`MORGUE_KEYS` names another), is plain TOML, and is
read once at start:

    [keys]
    "main.next_match" = "ctrl+n"
    "results_list.down" = "down,j,ctrl+n"

A malformed file, an unknown id or a value that is not a key string is
reported (the problems are shown as a notice when the app starts, naming the
line where TOML gives one) and left out: the rest of the file still applies,
and a broken file never stops the explorer.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.binding import Binding

ENV_KEYS = "MORGUE_KEYS"
FILE_NAME = "keys.toml"
MAX_BYTES = 64 * 1024  # a keys file is a few lines: anything larger is not one
_KEY = re.compile(r"^[A-Za-z0-9_+]+(,[A-Za-z0-9_+]+)*$")  # "ctrl+n", "down,j": Textual's key names


@dataclass(frozen=True)
class Keys:
    """The keymap to apply, where it came from, and what was wrong with the file."""

    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: tuple[str, ...] = ()


def keys_path() -> Path:
    """Where the user's keys file is: $MORGUE_KEYS, else the user config folder's keys.toml."""
    env = os.environ.get(ENV_KEYS)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when the explorer starts for a user, not in the tests' apps

    return Path(platformdirs.user_config_dir("morgue")) / FILE_NAME


def binding_ids(root: type) -> dict[str, tuple[str, str]]:
    """Every binding id of `root` and of the TUI's widget classes imported so far -> (what it
    does, its default keys), the first of each where ids are shared. Import the screens first."""
    found: dict[str, tuple[str, str]] = {}
    for binding in sorted(_bindings(_tui_classes(root)), key=lambda b: (b.id or "", b.key)):
        if binding.id:
            found.setdefault(binding.id, (binding.description, binding.key))
    return found


def keys_table(keys: Keys, ids: dict[str, tuple[str, str]]) -> Table:
    """The help screen's last part: each id, what it does and the keys it answers to now."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column("id", no_wrap=True, min_width=max(map(len, ids), default=2))  # an id is typed: whole
    table.add_column("keys")
    table.add_column("does")
    for binding_id, (what, default) in sorted(ids.items()):
        now = keys.keymap.get(binding_id)
        shown = Text(now, style="bold") if now else Text(default)
        table.add_row(Text(binding_id), shown, Text(what))
    return table


def _tui_classes(root: type) -> Iterator[type]:
    from textual.dom import DOMNode

    seen: set[type] = set()
    stack: list[type] = [root, DOMNode]
    while stack:
        cls = stack.pop()
        subclasses: list[type] = type.__subclasses__(cls)
        for sub in subclasses:
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    for cls in seen | {root}:
        if cls.__module__.startswith("tui."):
            yield from (c for c in cls.__mro__ if c.__module__.startswith("tui."))


def _bindings(classes: Iterable[type]) -> Iterator[Binding]:
    for cls in set(classes):
        for item in vars(cls).get("BINDINGS", ()):
            if isinstance(item, Binding):
                yield item


def load_keys(known: Iterable[str], path: Path | None = None) -> Keys:
    """The keymap in `path` (default `keys_path()`) for the binding ids `known`; no file is
    no keymap, never an error."""
    where = path if path is not None else keys_path()
    try:
        with where.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Keys(path=where)
    except OSError as exc:
        return Keys(path=where, problems=(f"{where}: cannot be read ({exc.strerror or exc}); default keys",))
    if len(raw) > MAX_BYTES:
        return Keys(path=where, problems=(f"{where}: larger than {MAX_BYTES // 1024} KB, not a keys file",))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Keys(path=where, problems=(f"{where}: not UTF-8 text; default keys",))
    except tomllib.TOMLDecodeError as exc:  # its message names the line and column
        return Keys(path=where, problems=(f"{where}: {exc}; default keys",))
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return Keys(path=where, problems=(f'{where}: [keys] must be a table of id = "key"',))
    ids = set(known)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in ids:
            problems.append(f"{where}: no key has the id {binding_id!r} (the help screen lists them)")
        elif not isinstance(keys, str) or not _KEY.match(keys.replace(" ", "")):
            problems.append(f'{where}: {binding_id} = {keys!r} is not a key (e.g. "ctrl+n" or "down,j")')
        else:
            keymap[binding_id] = keys.replace(" ", "")
    return Keys(keymap, where, tuple(problems))
