"""The corrections list (command palette: "Entity corrections"): review them, revert any one.

What the curation file holds, in the order the corrections were made, with its
path; `d` or Delete reverts the highlighted correction. A malformed file is
shown with its error (the corrections are ignored until it is fixed by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.entities.store import CurationStore, Listed
from index.errors import MorgueError

from .. import text as tx

if TYPE_CHECKING:
    from ..session import Session


class CorrectionsList(ModalScreen[bool]):
    """Dismissed with True when a correction was reverted (the results must be searched again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="corrections_list.close"),
        Binding("d,delete", "revert", "Revert", id="corrections_list.revert"),
        Binding("j", "cursor(1)", "Down", show=False, id="corrections_list.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="corrections_list.up"),
    ]

    @dataclass
    class CorrectionsRead(Message):
        listed: Listed | None
        note: str

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session
        self._changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="corrections-dialog", classes="curate-dialog"):
            yield Static(Text("Entity corrections", style="bold"))
            yield Static("loading…", id="corrections-where")
            yield OptionList(id="corrections-items", markup=False)

    def on_mount(self) -> None:
        self.read_corrections(None)

    @work(thread=True, exclusive=True, group="corrections")
    def read_corrections(self, revert: int | None) -> None:
        note = ""
        try:
            store = CurationStore(self._session.index)
            if revert is not None:
                note = f"reverted: {store.revert(revert).describe()}"
            listed: Listed | None = store.listed()
        except MorgueError as exc:
            listed, note = None, exc.message
        self.post_message(self.CorrectionsRead(listed, note))

    @on(CorrectionsRead)
    def _read(self, message: CorrectionsRead) -> None:
        where = self.query_one("#corrections-where", Static)
        listed = message.listed
        lines = [message.note] if message.note else []
        if message.note.startswith("reverted"):
            self._changed = True
        if listed is not None:
            lines.append(f"{listed.path} · d reverts the highlighted one")
            if listed.error:
                lines.append(f"Ignored (fix the file by hand): {listed.error}")
            elif not listed.corrections:
                lines.append("No corrections yet: m, r, l, d in the entity sidebar make them.")
        where.update(Text("\n".join(tx.flat(line) for line in lines)))
        items = self.query_one("#corrections-items", OptionList)
        corrections = listed.corrections if listed is not None else ()
        items.set_options(
            [
                Option(Text(tx.flat(f"{n}. {c.describe()}")), id=str(n - 1))
                for n, c in enumerate(corrections, 1)
            ]
        )
        if corrections:
            items.highlighted = len(corrections) - 1
        items.focus()

    def action_cursor(self, step: int) -> None:
        items = self.query_one("#corrections-items", OptionList)
        if items.option_count:
            items.highlighted = ((items.highlighted or 0) + step) % items.option_count

    def action_revert(self) -> None:
        items = self.query_one("#corrections-items", OptionList)
        if items.highlighted is not None and items.option_count:
            self.read_corrections(items.highlighted)

    def action_close(self) -> None:
        self.dismiss(self._changed)
