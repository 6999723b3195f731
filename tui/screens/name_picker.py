"""A modal that picks a name, fuzzy-searched as you type: the target of a merge.

The names come from the index (`CurationStore.names`, same label as the entity
merged), asked in a thread worker on every change of the text; Enter takes the
highlighted name, or what was typed when nothing is listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from .. import text as tx

Lookup = Callable[[str], list[str]]


class NamePicker(ModalScreen[str | None]):
    """Type to narrow; Up/Down choose; Enter picks; Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="name_picker.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="name_picker.down"),
        Binding("up", "move(-1)", "Up", show=False, id="name_picker.up"),
    ]

    @dataclass
    class NamesFound(Message):
        text: str
        names: list[str]

    def __init__(self, title: str, lookup: Lookup) -> None:
        super().__init__()
        self._prompt_title = title
        self._lookup = lookup

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="curate-dialog"):
            yield Static(Text(tx.flat(self._prompt_title), style="bold"), id="picker-title")
            yield Input(placeholder="type a name", id="picker-input")
            yield OptionList(id="picker-names", markup=False)

    def on_mount(self) -> None:
        self.find("")

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self.find(event.value)

    @work(thread=True, exclusive=True, group="names")
    def find(self, text: str) -> None:
        names = self._lookup(text)
        if not get_current_worker().is_cancelled:
            self.post_message(self.NamesFound(text, names))

    @on(NamesFound)
    def _names_found(self, message: NamesFound) -> None:
        names = self.query_one("#picker-names", OptionList)
        names.set_options([Option(Text(tx.flat(n)), id=str(i)) for i, n in enumerate(message.names)])
        self._names = message.names
        names.highlighted = 0 if message.names else None

    def action_move(self, step: int) -> None:
        names = self.query_one("#picker-names", OptionList)
        if names.option_count:
            names.highlighted = ((names.highlighted or 0) + step) % names.option_count

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        names = self.query_one("#picker-names", OptionList)
        picked = getattr(self, "_names", [])
        if names.highlighted is not None and names.highlighted < len(picked):
            self.dismiss(picked[names.highlighted])
        elif event.value.strip():
            self.dismiss(event.value.strip())

    @on(OptionList.OptionSelected, "#picker-names")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        picked = getattr(self, "_names", [])
        if event.option_index < len(picked):
            self.dismiss(picked[event.option_index])
