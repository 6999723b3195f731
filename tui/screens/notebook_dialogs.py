"""The notebook's small dialogs: a one-line prompt (with completion), a note editor, a list to pick from."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, TextArea
from textual.widgets.option_list import Option


class LastItemSuggester(Suggester):
    """Completes the last of comma-separated items (`energy, ele` -> `energy, election`) from a list."""

    def __init__(self, items: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._items = items

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.rsplit(",", 1)[-1].lstrip().lower()
        if not typed:
            return None
        for item in self._items:
            if item.lower().startswith(typed) and item.lower() != typed:
                return value + item[len(typed) :]
        return None


class PromptScreen(ModalScreen[str | None]):
    """One line of text (a search's name, a file, tags); Enter gives it, Esc gives None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", suggestions: list[str] | None = None) -> None:
        super().__init__(classes="notebook-dialog")
        self._title, self._value = title, value
        self._suggester = LastItemSuggester(suggestions) if suggestions else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="notebook-box"):
            yield Label(Text(self._title))
            yield Input(value=self._value, suggester=self._suggester, id="prompt")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class NoteScreen(ModalScreen[str | None]):
    """A note, several lines: Ctrl+S (or F2) keeps it, Esc leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "keep", "Keep note", id="note.keep_note"),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="note.external_editor"),
        Binding("escape", "dismiss_none", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__(classes="notebook-dialog")
        self._title, self._note = title, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="notebook-box"):
            yield Label(Text(f"Note on {self._title}: Ctrl+S keep · Ctrl+E $EDITOR · Esc cancel"))
            yield TextArea(self._note, id="note")

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_external_editor(self) -> None:
        """The note in `$EDITOR` (`$VISUAL`), the app suspended meanwhile; what it saved comes back here."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify("Set $EDITOR to edit notes in your editor.", markup=False)
            return
        area = self.query_one(TextArea)
        with tempfile.TemporaryDirectory(prefix="morgue-note-") as folder:
            path = Path(folder) / "note.md"
            path.write_text(area.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
                area.text = path.read_text(encoding="utf-8", errors="replace")
            except (SuspendNotSupported, OSError, ValueError) as exc:
                self.notify(f"Cannot run the editor {editor!r}: {exc}", severity="error", markup=False)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class PickScreen(ModalScreen[tuple[str, str] | None]):
    """A list to pick from, filtered as you type: Enter gives ("run", value); Delete gives ("delete", value)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Cancel", id="pick.cancel"),
        # Priority: the filter's Input would take it; at the end of the filter it has nothing to delete.
        Binding("delete", "remove", "Delete", show=False, priority=True, id="pick.delete"),
        Binding("f2", "rename", "Rename", show=False, id="pick.rename"),
        Binding("down", "to_list", "List", show=False, id="pick.to_list"),
    ]

    def __init__(self, title: str, items: list[tuple[str, str]], *, editable: bool = False) -> None:
        super().__init__(classes="notebook-dialog")
        self._title, self._items, self._editable = title, items, editable

    def compose(self) -> ComposeResult:
        with Vertical(classes="notebook-box"):
            hint = " — Enter runs, Delete deletes, F2 renames" if self._editable else " — Enter runs"
            yield Label(Text(self._title + hint))
            yield Input(placeholder="filter", id="pick-filter")
            yield OptionList(*self._options(""), id="pick-list")

    def _options(self, typed: str) -> list[Option]:
        typed = typed.lower()
        return [Option(Text(label), id=value) for label, value in self._items if typed in label.lower()]

    @on(Input.Changed, "#pick-filter")
    def _filtered(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#pick-filter")
    def _first(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            self.dismiss(("run", str(options.get_option_at_index(options.highlighted or 0).id)))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("run", str(event.option.id)))

    def _current(self) -> str | None:
        options = self.query_one(OptionList)
        if not options.option_count:
            return None
        return str(options.get_option_at_index(options.highlighted or 0).id)

    def action_remove(self) -> None:
        typed = self.query_one("#pick-filter", Input)
        if self.focused is typed and typed.cursor_position < len(typed.value):
            typed.action_delete_right()
            return
        if self._editable and (value := self._current()) is not None:
            self.dismiss(("delete", value))

    def action_rename(self) -> None:
        if self._editable and (value := self._current()) is not None:
            self.dismiss(("rename", value))

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
