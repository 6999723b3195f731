"""The copies screen (`c`): the other copies of an article, and the diff with a chosen one.

`CopiesScreen` lists the article's copy group, most similar first: source,
date, similarity and the size of the difference (words added and removed),
then its earlier versions (a re-indexed file whose text changed).
Enter opens `DiffScreen`: the copy's text against the article's, word by
word, each change marked by colour and by a symbol; `]`/`[` step through the
changes. Everything comes from `index.copy_view` through the session, in
thread workers; every string from an article goes through `tui.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.errors import MorgueError

from .. import text as tx
from ..widgets.diff_body import DiffBody
from ..widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from index.copy_view import CopiesOf, CopyDiff

    from ..session import Session


def copy_label(entry_id: str, title: str, source: str, date: str, similarity: float, change: str) -> Text:
    line = Text(tx.flat(title) or "(untitled)", style="bold", end="")
    line.append("\n" + tx.joined(date, source, entry_id), style="dim")
    line.append(f"\nsimilarity {similarity:.2f} · {change}")
    return line


VERSION = "\x00version:"  # an option id no article id can be (ids are printable)


class CopiesScreen(Screen[None]):
    """An article's other copies; Enter shows the diff with one, Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c", "app.pop_screen", "Back", id="copies_list.back"),
    ]

    @dataclass
    class CopiesLoaded(Message):
        copies: CopiesOf | None
        error: str = ""

    def __init__(self, session: Session, article_id: str) -> None:
        super().__init__()
        self.session = session
        self.article_id = article_id
        self.loaded: CopiesOf | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Copies of {tx.flat(self.article_id)}"), id="copies-title")
        yield OptionList(id="copies-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load_copies()

    @work(thread=True, exclusive=True, group="copies")
    def load_copies(self) -> None:
        try:
            found = self.session.copies_of(self.article_id)
        except MorgueError as exc:
            self.post_message(self.CopiesLoaded(None, exc.message))
            return
        self.post_message(self.CopiesLoaded(found))

    @on(CopiesLoaded)
    def _copies_loaded(self, message: CopiesLoaded) -> None:
        title = self.query_one("#copies-title", Static)
        options = self.query_one(OptionList)
        found = self.loaded = message.copies
        if found is None:
            title.update(Text(message.error))
            return
        n = len(found.copies)
        head = Text(tx.flat(found.article.title) or "(untitled)", style="bold", end="")
        head.append(f"\n{tx.plural(n, 'other copy', 'other copies')} (group {found.group})")
        head.append(" · Enter: the differences" if n else "")
        title.update(head)
        for c in found.copies:
            label = copy_label(
                c.id, c.title, c.source, tx.date_label(c.date), c.similarity, str(c.difference)
            )
            options.add_option(Option(label, id=c.id))
        for v in reversed(found.versions):  # the newest earlier version first
            label = Text(f"Earlier version {v.number + 1}: ", style="bold", end="")
            label.append(tx.flat(v.title) or "(untitled)")
            label.append(f"\nreplaced {v.replaced:%Y-%m-%d %H:%M} UTC · {v.difference} since", style="dim")
            options.add_option(Option(label, id=f"{VERSION}{v.number}"))
        if found.versions:
            head.append(f"\n{tx.plural(len(found.versions), 'earlier version')} of this article")
            title.update(head)
        if options.option_count:
            options.highlighted = 0
        self.set_focus(options)

    @on(OptionList.OptionSelected)
    def _copy_chosen(self, message: OptionList.OptionSelected) -> None:
        chosen = message.option.id
        if chosen is not None and chosen.startswith(VERSION):
            self.app.push_screen(
                DiffScreen(self.session, self.article_id, "", int(chosen.removeprefix(VERSION)))
            )
        elif chosen is not None:
            self.app.push_screen(DiffScreen(self.session, self.article_id, chosen))


class DiffScreen(Screen[None]):
    """The diff from the open article to one copy: `]`/`[` next/previous change, Esc back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="diff.back"),
        Binding("right_square_bracket", "next_change", "Next change", id="diff.next_change"),
        Binding("left_square_bracket", "previous_change", "Prev change", id="diff.prev_change"),
    ]

    @dataclass
    class DiffLoaded(Message):
        diff: CopyDiff | None
        error: str = ""

    def __init__(self, session: Session, article_id: str, copy_id: str, version: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.article_id = article_id
        self.copy_id = copy_id
        self.version = version  # an earlier version of the article, in place of a copy
        self.diff: CopyDiff | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Comparing…"), id="diff-title")
        yield DiffBody(id="diff-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load_diff()

    @work(thread=True, exclusive=True, group="diff")
    def load_diff(self) -> None:
        try:
            diff = self.session.copy_diff(self.article_id, self.copy_id, self.version)
        except MorgueError as exc:
            self.post_message(self.DiffLoaded(None, exc.message))
            return
        self.post_message(self.DiffLoaded(diff))

    @on(DiffLoaded)
    def _diff_loaded(self, message: DiffLoaded) -> None:
        title = self.query_one("#diff-title", Static)
        diff = self.diff = message.diff
        if diff is None:
            title.update(Text(message.error))
            return
        head = Text(f"{tx.flat(diff.a.id)} → {tx.flat(diff.b.id)}", style="bold", end="")
        head.append(f"\n{diff.size} · {tx.plural(len(diff.changes), 'change')}")
        head.append(" · {+added+} [-removed-] · ] / [ next / previous change", style="dim")
        title.update(head)
        body = self.query_one(DiffBody)
        body.show_diff(diff.spans)
        self.set_focus(body)

    def action_next_change(self) -> None:
        self._step(+1)

    def action_previous_change(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        body = self.query_one(DiffBody)
        if not body.changes:
            return
        current = body.current
        body.show_match(0 if current is None and step > 0 else (-1 if current is None else current + step))
