"""The search state of the main screen and the workers that answer it.

`SearchingScreen` holds the query, filters and sort as reactives and turns
every change into one search in a thread worker. At most one search runs at a
time and at most one waits: keystrokes that arrive meanwhile are folded into
the waiting one, so a newer query always supersedes the older ones and the
index is never asked for answers nobody will see. Answers come back as
messages; the subclass (`MainScreen`) displays them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on, work
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.worker import get_current_worker

from index.errors import MorgueError, out_of_memory
from index.models import Count, Filter, Hit, SearchResult, Stats

from ..session import Like, Reading, Session

MORE = 30  # hits fetched each time the cursor nears the end of the list
PAGE = 1000  # the most hits one search returns (`index.search.MAX_LIMIT`): End fetches in pages of this


class SearchingScreen(Screen[None]):
    # vars, not reactives: a reactive on a screen repaints the whole screen when set, and
    # `query_text` is set on every keystroke (~5-8 ms a key on a 2-core machine)
    query_text: var[str] = var("", init=False)
    filters: var[tuple[Filter, ...]] = var((), init=False)
    sort: var[str] = var("relevance", init=False)
    like: var[Like | None] = var(None, init=False)  # "more like this" in place of the query's results

    @dataclass
    class SearchFinished(Message):
        token: int
        result: SearchResult

    @dataclass
    class MoreLoaded(Message):
        token: int
        request: int
        result: SearchResult

    @dataclass
    class ArticleLoaded(Message):
        reading: Reading
        focus: bool

    @dataclass
    class CooccurrenceFound(Message):
        entity: Filter
        groups: dict[str, tuple[Count, ...]]

    def __init__(self) -> None:
        super().__init__()
        self.session: Session | None = None
        self.stats: Stats | None = None
        self.result: SearchResult | None = None
        self._token = 0
        self._pending = False
        self._in_flight = False
        self._rerun = False
        self._loading_more = False
        self._more_request = 0  # the latest request for more hits: the answer to an older one is dropped
        self.opening: str | None = None  # the article being loaded for the reader

    # -- hooks for the subclass ------------------------------------------------------

    def page_size(self) -> int:
        return 20

    def show_result(self, result: SearchResult) -> None: ...

    def show_more(self, result: SearchResult) -> None: ...

    def show_overview(self) -> None: ...

    def show_reading(self, reading: Reading, focus: bool) -> None: ...

    def show_cooccurring(self, entity: Filter, groups: dict[str, tuple[Count, ...]]) -> None: ...

    # -- searching ---------------------------------------------------------------------

    def watch_query_text(self) -> None:
        self.like = None  # a query typed replaces "more like this"
        self.search_soon()

    def watch_filters(self) -> None:
        self.like = None
        self.search_soon()

    def watch_sort(self) -> None:
        self.search_soon()

    def watch_like(self) -> None:
        self.search_soon()

    def search_soon(self) -> None:
        """Coalesce the state changes made in one handler into one search."""
        self._token += 1
        if not self._pending:
            self._pending = True
            self.call_next(self._start_search)

    def _start_search(self) -> None:
        self._pending = False
        if self.session is None:
            return
        if self.like is None and not self.query_text.strip() and not self.filters:
            self.show_overview()
            return
        if self._in_flight:
            self._rerun = True
            return
        self._in_flight = True
        if self.like is not None:
            self.run_like(self._token, self.like.article_id, self.sort)
        else:
            self.run_search(self._token, self.query_text, self.filters, self.sort, self.page_size())

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, token: int, query: str, filters: tuple[Filter, ...], sort: str, limit: int) -> None:
        assert self.session is not None
        try:
            result = self.session.search(query, filters, sort, limit=limit)
        except MorgueError as exc:
            result = failed_result(query, filters, sort, exc.message)
        except MemoryError:  # the machine's state, not a bug
            result = failed_result(query, filters, sort, out_of_memory("searching").message)
        except Exception as exc:  # a bug in one search must not take the UI down
            result = failed_result(query, filters, sort, f"Internal error: {exc!r}. Please report it.")
        self.post_message(self.SearchFinished(token, result))

    @work(thread=True, exclusive=True, group="search")
    def run_like(self, token: int, article_id: str, sort: str) -> None:
        assert self.session is not None
        try:
            result = self.session.more_like(article_id, sort)
        except MorgueError as exc:
            result = failed_result("", (), sort, exc.message)
        except Exception as exc:  # a bug in one search must not take the UI down
            result = failed_result("", (), sort, f"Internal error: {exc!r}. Please report it.")
        self.post_message(self.SearchFinished(token, result))

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        self._in_flight = False
        rerun, self._rerun = self._rerun, False
        if message.token == self._token or rerun:  # the current answer, or one on the way to it
            self.result = message.result
            self.show_result(message.result)
        if rerun:
            self._start_search()

    def load_more(self, offset: int, *, everything: bool = False) -> None:
        """Fetch the hits after the first `offset`: a few more, or `everything` up to the last (End)."""
        if self.session is None or self.result is None or (self._loading_more and not everything):
            return
        self._loading_more = True
        self._more_request += 1
        limit = max(0, self.result.total - offset) if everything else MORE
        self.run_more(
            self._token, self._more_request, self.query_text, self.filters, self.sort, offset, limit
        )

    @work(thread=True, exclusive=True, group="more")
    def run_more(
        self,
        token: int,
        request: int,
        query: str,
        filters: tuple[Filter, ...],
        sort: str,
        offset: int,
        limit: int,
    ) -> None:
        assert self.session is not None
        worker = get_current_worker()
        hits: list[Hit] = []
        try:
            while True:
                page = self.session.search(
                    query,
                    filters,
                    sort,
                    offset=offset + len(hits),
                    limit=min(PAGE, limit - len(hits)),
                    facets=False,
                )
                if page.error:
                    result = page
                    break
                hits.extend(page.hits)
                result = replace(page, hits=tuple(hits), offset=offset)
                if not page.hits or len(hits) >= limit or worker.is_cancelled:
                    break
        except Exception:
            result = failed_result(query, filters, sort, "")
        if not worker.is_cancelled:
            self.post_message(self.MoreLoaded(token, request, result))

    @on(MoreLoaded)
    def _more_loaded(self, message: MoreLoaded) -> None:
        if message.request != self._more_request:
            return  # a newer request (End) is on its way
        self._loading_more = False
        if message.token == self._token and not message.result.error:
            self.show_more(message.result)

    # -- articles and entities ---------------------------------------------------------------

    def open_article(self, article_id: str, *, focus: bool) -> None:
        """Load an article for the reader, the query's matches marked (none for "more like this")."""
        if self.session is not None:
            self.opening = article_id
            query, filters = ("", ()) if self.like else (self.query_text, self.filters)
            self.load_article(article_id, query, filters, focus=focus)

    @work(thread=True, exclusive=True, group="article")
    def load_article(self, article_id: str, query: str, filters: tuple[Filter, ...], *, focus: bool) -> None:
        assert self.session is not None
        try:
            reading = self.session.read(article_id, query, filters)
        except MorgueError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ArticleLoaded(reading, focus))

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.reading.article.id == self.opening:
            self.opening = None
        self.show_reading(message.reading, message.focus)

    @work(thread=True, exclusive=True, group="cooccurring")
    def find_cooccurring(self, entity: Filter, query: str, filters: tuple[Filter, ...]) -> None:
        if self.session is None:
            return
        try:
            groups = self.session.cooccurring(entity, query, filters)
        except MorgueError:
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.CooccurrenceFound(entity, groups))

    @on(CooccurrenceFound)
    def _cooccurrence_found(self, message: CooccurrenceFound) -> None:
        self.show_cooccurring(message.entity, message.groups)


def failed_result(query: str, filters: tuple[Filter, ...], sort: str, message: str) -> SearchResult:
    return SearchResult.failed(query, message, filters=filters, sort=sort)
