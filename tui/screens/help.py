"""The `?` help screen: every key, by where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from index.fields import QUERY_FIELDS

from ..keymap import Keys, keys_table

# The fields a query may name (`index.fields.QUERY_FIELDS`), but the two shown in full.
OTHER_FIELDS = ", ".join(f"{field}:" for field in QUERY_FIELDS if field not in ("person", "date"))

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("/", "focus the search bar"),
            ("Tab / Shift+Tab", "next / previous pane"),
            ("Esc", "back: close the reader, leave a pane (the query stays)"),
            ("e", "show, focus or hide the entity sidebar"),
            ("s", "cycle the sort: relevance, newest, oldest"),
            ("x", "remove the last filter (or “more like this”)"),
            ("Ctrl+Y", "accept the did-you-mean suggestion"),
            ("n / N", "next / previous match in the reader"),
            ("J / K", "next / previous article in the reader"),
            ("M", "more like this: the articles most like the open one (or the selected result)"),
            ("Q", "quotations of the results (of the entity, in the sidebar); Enter opens one"),
            ("Ctrl+P", "command palette: rebuild the index, sort, theme"),
            ("? / F1", "this help"),
            ("q / Ctrl+Q", "quit"),
        ),
    ),
    (
        "Search bar",
        (
            ("typing", "searches as you type (a search running finishes first)"),
            ("Enter", "search now and go to the results"),
            ("Down, Esc", "go to the results"),
            ("Ctrl+U", "clear the search bar (everything left of the cursor)"),
            ("Up / Down", "previous / next search of the history, with its filters"),
        ),
    ),
    (
        "Notebook (results and reader)",
        (
            ("*", "star / unstar the article"),
            ("#", "tags, separated by commas (Tab completes a tag in use)"),
            ("a", "a note, several lines (Ctrl+S keeps it)"),
            ("R / I / F / U", "review: relevant, not relevant, follow up, unread (read: set on opening)"),
            ("y", "copy a citation of the article to the clipboard"),
            ("Ctrl+S / Ctrl+O", "save this search / saved searches (with how many results are new)"),
            ("Ctrl+R", "search the history"),
            ("Ctrl+P", "“Export results”: every result to a .csv, .jsonl or .md file"),
        ),
    ),
    (
        "Results",
        (
            ("Up / Down, j / k", "move"),
            ("Home / End", "first / last result (End fetches the rest)"),
            ("Enter", "open the article in the reader"),
            ("Backspace", "remove the last filter"),
        ),
    ),
    (
        "Reader",
        (
            ("Up / Down, j / k, Space", "scroll"),
            ("n / N", "next / previous match"),
            ("J / K", "next / previous article of the results"),
            ("M", "more like this article"),
            ("Esc", "close the reader"),
        ),
    ),
    (
        "Quotes view (Q)",
        (
            ("Up / Down, j / k", "move"),
            ("Enter", "open the article at the quotation"),
            ("Esc, Q", "close"),
        ),
    ),
    (
        "Copies (results and reader)",
        (
            ("C", "fold copies into one entry per story (“+N copies”), or list every article"),
            ("c", "the copies of the open (or selected) article: source, date, size of the change"),
            ("Enter", "in the copies: the word diff with that copy ({+added+} [-removed-])"),
            ("] / [", "in the diff: next / previous change"),
        ),
    ),
    (
        "Entity sidebar",
        (
            ("Up / Down, j / k", "move; shows what the entity appears with"),
            ("Enter", "filter the results by the entity (or section, or source)"),
            ("o", "search for the entity alone"),
            ("Q", "the entity's quotations (the line under the list says how often it is quoted)"),
            ("m / r / l", "merge it into another name (a picker), rename it, relabel it"),
            ("d / u", "hide it (its text stays searchable) / undo the last correction"),
            ("v", "entity view: its articles, mentions, aliases, first/last seen, company"),
            ("Ctrl+P", "“Entity corrections”: review and revert them"),
        ),
    ),
    (
        "Timeline",
        (
            ("t", "focus the timeline strip of the results"),
            ("Left / Right, h / l", "move between buckets"),
            ("Enter", "filter to the bucket (a date chip: x removes it)"),
            ("+ / -", "zoom in / out: day, week, month, year"),
            ("in the sidebar", "the entity under the cursor over time, first and last seen"),
        ),
    ),
    (
        "Query language",
        (
            ('"a phrase"', "words in this order"),
            ("AND, OR, NOT, -word", "combine or exclude"),
            ('person:"Tony Blair"', f"also {OTHER_FIELDS}"),
            ('said:"Tony Blair", quote:tax', "articles quoting him; a word inside quotations"),
            ("date:2005, date:2005-03-14", "articles of a year, a month, a day"),
            ("econom*, goverment~", "words starting with econom; words spelt like goverment"),
            ("tag:energy, is:starred, has:note", "your marks; is:unread, is:relevant, is:follow-up…"),
        ),
    ),
)


def help_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for n, (title, rows) in enumerate(KEYS):
        if n:
            table.add_row("", "")
        table.add_row(Text(title, style="bold underline"), "")
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    """Esc, q or ? closes it; j/k, arrows, Space, Page Up/Down, Home/End scroll it, as everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", show=True, id="help.close"),
        Binding("j,down", "scroll_help(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll_help(-1)", "Up", show=False, id="help.up"),
        Binding("space,pagedown", "scroll_help_page(1)", "Page down", show=False, id="help.page_down"),
        Binding("pageup", "scroll_help_page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("home", "scroll_help_to(0)", "Top", show=False, id="help.top"),
        Binding("end", "scroll_help_to(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, keys: Keys | None = None, ids: dict[str, tuple[str, str]] | None = None) -> None:
        super().__init__()
        self._user_keys = keys
        self._ids = ids or {}

    @property
    def dialog(self) -> VerticalScroll:
        return self.query_one("#help-dialog", VerticalScroll)

    def action_scroll_help(self, lines: int) -> None:
        self.dialog.scroll_relative(y=lines, animate=False)

    def action_scroll_help_page(self, pages: int) -> None:
        dialog = self.dialog
        dialog.scroll_relative(y=pages * max(1, dialog.scrollable_content_region.height - 1), animate=False)

    def action_scroll_help_to(self, end: int) -> None:
        if end:
            self.dialog.scroll_end(animate=False)
        else:
            self.dialog.scroll_home(animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("Morgue keys", style="bold"), id="help-title")
            yield Static(help_table(), id="help-keys")
            if self._user_keys is not None and self._ids:
                where = self._user_keys.path or "keys.toml"
                yield Static(
                    Text.assemble(
                        ("Your own keys", "bold underline"),
                        f'\nPut lines such as  "main.next_match" = "ctrl+n"  under [keys] in {where}\n'
                        "(keys in bold are yours). Read when Morgue starts.",
                    ),
                    id="help-remap-title",
                )
                yield Static(keys_table(self._user_keys, self._ids), id="help-remap")
