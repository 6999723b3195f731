"""The main screen's quotation actions: the Quotes view (`Q`), opening an article at a
quotation, and the sidebar's "quoted N" for the highlighted person or organisation.

A mixin of `MainScreen` (its own file, so the screen stays small): `Q` lists the
quotations of the current results (of the whole archive with no query), or, when
the entity sidebar has the focus, those of the entity under its cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer

from index.errors import MorgueError
from index.models import Filter

from ..widgets.entity_sidebar import EntityList, EntitySidebar
from ..widgets.quoted_count import QuotedCount
from ..widgets.reader import Reader
from .quotes import QuotesRequest, QuotesScreen
from .searching import SearchingScreen

SPEAKER_GROUPS = ("person", "org")  # the entity groups a quotation's speaker can be in
COUNT_AFTER = 0.15  # seconds the sidebar's cursor rests on an entity before its quotations are counted


class QuotesActions(SearchingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("Q,shift+q", "quotes", "Quotes", show=False, id="quotes.open")
    ]

    _quote_target: tuple[str, int] | None = None  # (article id, offset): where to scroll once it opens
    _count_timer: Timer | None = None

    @dataclass
    class QuotesCounted(Message):
        name: str
        quotes: int
        articles: int
        where: str

    def quotes_request(self) -> QuotesRequest:
        """What `Q` lists now: the sidebar's entity when the sidebar has the focus, else the results."""
        focused = self.focused
        if isinstance(focused, EntityList):
            entity = focused.highlighted_entity
            if entity is not None and entity.field in SPEAKER_GROUPS:
                return QuotesRequest(f"Quotations of {entity.value}", speaker=entity.value)
        result = self.result
        if result is not None and self.like is not None:
            ids = tuple(hit.id for hit in result.hits)
            return QuotesRequest(f"Quotations in the articles like {self.like.title}", ids=ids)
        if result is not None and (self.query_text.strip() or self.filters):
            shown = self.query_text.strip() or " ".join(f.as_query() for f in self.filters)
            title = f"Quotations in the results of {shown}"
            return QuotesRequest(title, self.query_text, self.filters, sort=self.sort)
        return QuotesRequest("Quotations in the archive")

    def action_quotes(self) -> None:
        if self.session is None:
            return
        self.app.push_screen(QuotesScreen(self.session, self.quotes_request()), self._quote_chosen)

    def _quote_chosen(self, hit: object) -> None:
        from index.quotes.listing import QuoteHit

        if not isinstance(hit, QuoteHit):
            return
        reader = self.query_one(Reader)
        if reader.article_id == hit.id:  # open already: only scroll
            reader.body.show_quote(hit.quote.start)
            self.set_focus(reader.body)
            return
        self._quote_target = (hit.id, hit.quote.start)
        self.open_article(hit.id, focus=True)

    @on(SearchingScreen.ArticleLoaded)
    def _scroll_to_quote(self, message: SearchingScreen.ArticleLoaded) -> None:
        target = self._quote_target
        if target is not None and target[0] == message.reading.article.id:
            self._quote_target = None
            # The reader shows it in the next handler of this message: the body scrolls once laid out.
            self.query_one(Reader).body.expect_quote(target[1])

    # -- "quoted N" in the sidebar ------------------------------------------------------

    @on(EntitySidebar.EntityHighlighted)
    def _entity_to_count(self, message: EntitySidebar.EntityHighlighted) -> None:
        if self._count_timer is not None:
            self._count_timer.stop()
        entity = message.filter
        if entity.field not in SPEAKER_GROUPS or self.session is None:
            self._quoted_count().clear()
            return
        query, filters = (self.query_text, self.filters) if self.result and self.like is None else ("", ())
        self._count_timer = self.set_timer(COUNT_AFTER, lambda: self.count_quotes(entity, query, filters))

    def _quoted_count(self) -> QuotedCount:
        found = self.query(QuotedCount)
        if found:
            return found.first()
        count = QuotedCount(id="quoted-count", classes="-empty")
        self.query_one(EntitySidebar).mount(count)
        return count

    @work(thread=True, exclusive=True, group="quoted")
    def count_quotes(self, entity: Filter, query: str, filters: tuple[Filter, ...]) -> None:
        from index.quotes.listing import list_quotes

        if self.session is None:
            return
        try:
            listing = list_quotes(self.session.index, query, speaker=entity.value, filters=filters)
        except MorgueError:
            return
        where = "in these results" if query.strip() or filters else "in the archive"
        articles = len({h.id for h in listing.hits})
        self.post_message(self.QuotesCounted(entity.value, len(listing.hits), articles, where))

    @on(QuotesCounted)
    def _quotes_counted(self, message: QuotesCounted) -> None:
        entities = self.query_one(EntityList)
        entity = entities.highlighted_entity
        count = self._quoted_count()
        if entity is None or entity.value != message.name or not entities.has_focus:
            count.clear()
            return
        count.show_count(message.name, message.quotes, message.articles, message.where)
