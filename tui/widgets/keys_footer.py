"""The footer: the keys that work here, as many as fit, never cut mid-word; help and quit always shown.

Textual's `Footer` lays its keys out in one row and cuts the row at the
screen's edge: at 80 columns "q Quit" came out as "q Qu", and quitting was
the key cut. This one leaves out whole keys instead, the least needed first
(`LEAVE_OUT`), and keeps help and quit whatever the width.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions whose keys are left out when the row is too long, first to last. Keys of other
# actions go after these (last shown first); help and quit are never left out.
LEAVE_OUT = (
    "command_palette",
    "back",
    "focus_search",
    "previous_match",
    "previous_article",
    "cycle_sort",
    "more_like",
    "toggle_sidebar",
    "remove_filter",
    "next_article",
    "next_match",
)
ALWAYS = ("help", "quit")


def _action_name(action: str) -> str:
    """`screen.focus_search` -> `focus_search`; `app.quit` -> `quit`."""
    return action.rpartition(".")[2].partition("(")[0]


def key_width(key: FooterKey) -> int:
    """The cells a key takes in the compact footer: key, space, description, and a cell of margin."""
    width = cell_len(key.key_display) + 1
    if key.description:
        width += 1 + cell_len(key.description)
    if key.has_class("-command-palette"):
        width += 1  # its border
    return width


class KeysFooter(Footer):
    """A compact `Footer` that fits its width by leaving out whole keys."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self._laid_out_for = 0

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        room = self.size.width
        self._laid_out_for = room
        if room <= 0:
            yield from widgets
            return
        dropped: set[int] = set()
        used = sum(key_width(k) for k in keys)

        def rank(key: FooterKey) -> tuple[int, int]:
            name = _action_name(key.action)
            if key.has_class("-command-palette"):
                name = "command_palette"
            if name in LEAVE_OUT:
                return (0, LEAVE_OUT.index(name))
            return (1, -keys.index(key))

        candidates = sorted(
            (k for k in keys if _action_name(k.action) not in ALWAYS),
            key=rank,
        )
        for key in candidates:
            if used <= room:
                break
            dropped.add(id(key))
            used -= key_width(key)
        kept = [w for w in widgets if id(w) not in dropped]

        def last(widget: Widget) -> int:  # help, then quit, at the end of the row
            name = _action_name(widget.action) if isinstance(widget, FooterKey) else ""
            return ALWAYS.index(name) + 1 if name in ALWAYS else 0

        yield from sorted(kept, key=last)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
