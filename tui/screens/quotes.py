"""The Quotes view (`Q`): each quotation of the current results, or of one entity, with its speaker.

Every line is a quotation: who said it, the words, then the article's title and
date. Enter closes the view with the chosen quotation (the main screen opens the
article scrolled to it); Esc or `Q` closes it with none. The quotations come
from `index.quotes.listing` in a thread worker: reading the stored quotations of
a few hundred articles takes longer than a frame.
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

from index.errors import MorgueError
from index.models import Filter

from .. import text as tx
from ..keys import KeysInOrder
from ..session import Session
from ..widgets.quoted_body import speaker_label

if TYPE_CHECKING:  # imported in the worker: it loads Whoosh, never on the UI thread at start-up
    from index.quotes.listing import QuoteHit

MAX_QUOTES = 1000  # quotations listed at most: the view is for reading, `morgue quotes` for everything


@dataclass(frozen=True)
class QuotesRequest:
    """What to list: a query's quotations (and filters'), of `speaker` if given; `title` says which."""

    title: str
    query: str = ""
    filters: tuple[Filter, ...] = ()
    speaker: str | None = None
    sort: str = "relevance"
    ids: tuple[str, ...] | None = None  # these articles instead of a query's ("more like this")


class QuoteList(KeysInOrder, OptionList):
    """One option per quotation; its id is the quotation's place in `QuotesScreen.hits`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="quotes_list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="quotes_list.up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"quotes--speaker", "quotes--meta"}


class QuotesScreen(ModalScreen[object]):
    """Dismissed with the chosen `QuoteHit`, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,Q,shift+q", "close_quotes", "Close", show=True, id="quotes_list.close"),
        Binding("enter", "open_quote", "Open the article", show=True, id="quotes_list.open_article"),
    ]

    @dataclass
    class QuotesLoaded(Message):
        hits: tuple[QuoteHit, ...]
        truncated: bool
        error: str | None

    def __init__(self, session: Session, request: QuotesRequest) -> None:
        super().__init__()
        self.session = session
        self.request = request
        self.hits: tuple[QuoteHit, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(id="quotes-dialog"):
            yield Static(Text(tx.flat(self.request.title), style="bold"), id="quotes-title")
            yield QuoteList(id="quotes-list", markup=False)
            yield Static("Loading the quotations…", id="quotes-status")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(QuoteList))
        self.load_quotes(self.request)

    @work(thread=True, exclusive=True, group="quotes")
    def load_quotes(self, request: QuotesRequest) -> None:
        from index.quotes.listing import list_quotes

        try:
            listing = list_quotes(
                self.session.index,
                request.query,
                speaker=request.speaker,
                filters=request.filters,
                sort=request.sort,
                ids=request.ids,
                limit=MAX_QUOTES,
            )
        except MorgueError as exc:
            self.post_message(self.QuotesLoaded((), False, exc.message))
            return
        self.post_message(self.QuotesLoaded(listing.hits, listing.truncated, None))

    @on(QuotesLoaded)
    def _quotes_loaded(self, message: QuotesLoaded) -> None:
        self.hits = message.hits
        quote_list = self.query_one(QuoteList)
        speaker_style = tx.component_style(quote_list, "quotes--speaker")
        meta_style = tx.component_style(quote_list, "quotes--meta")
        options: list[Option] = []
        for n, hit in enumerate(message.hits):
            line = Text(tx.flat(speaker_label(hit.quote)), style=speaker_style, end="")
            line.append(f"  \u201c{tx.flat(hit.quote.text)}\u201d")
            meta = tx.joined(tx.flat(hit.title) or "(untitled)", tx.date_label(hit.date))
            line.append(f"\n{meta}", style=meta_style)
            options.append(Option(line, id=str(n)))
        quote_list.set_options(options)
        if options:
            quote_list.highlighted = 0
        status = self.query_one("#quotes-status", Static)
        if message.error:
            status.update(Text(message.error))
        elif not message.hits:
            status.update("No quotations here.")
        else:
            articles = len({h.id for h in message.hits})
            more = f" (the first {MAX_QUOTES:,})" if message.truncated else ""
            status.update(
                f"{tx.plural(len(message.hits), 'quotation')}{more} in {tx.plural(articles, 'article')}"
                " · Enter opens the article · Esc closes"
            )

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hits[int(event.option.id or 0)])

    def action_open_quote(self) -> None:
        highlighted = self.query_one(QuoteList).highlighted
        if highlighted is not None and highlighted < len(self.hits):
            self.dismiss(self.hits[highlighted])

    def action_close_quotes(self) -> None:
        self.dismiss(None)
