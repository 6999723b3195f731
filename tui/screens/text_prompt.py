"""A modal asking for one line of text (a new name), or one of a few choices (a label)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import text as tx


class TextPrompt(ModalScreen[str | None]):
    """Enter accepts the text (if not blank); Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="text_prompt.cancel")
    ]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self._prompt_title = title
        self._initial = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="curate-dialog"):
            yield Static(Text(tx.flat(self._prompt_title), style="bold"))
            yield Input(value=self._initial, id="prompt-input")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(" ".join(event.value.split()))


class ChoicePrompt(ModalScreen[str | None]):
    """Up/Down and Enter pick one of `choices`; Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="choice_prompt.cancel"),
        Binding("j", "cursor(1)", "Down", show=False, id="choice_prompt.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="choice_prompt.up"),
    ]

    def __init__(self, title: str, choices: tuple[str, ...], current: str = "") -> None:
        super().__init__()
        self._prompt_title = title
        self._choices = choices
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="curate-dialog"):
            yield Static(Text(tx.flat(self._prompt_title), style="bold"))
            yield OptionList(*(Option(c, id=c) for c in self._choices), id="choice-list", markup=False)

    def on_mount(self) -> None:
        options = self.query_one("#choice-list", OptionList)
        if self._current in self._choices:
            options.highlighted = self._choices.index(self._current)
        options.focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#choice-list", OptionList)
        options.highlighted = ((options.highlighted or 0) + step) % len(self._choices)

    @on(OptionList.OptionSelected, "#choice-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
