"""The main screen: search bar, filters, results | reader | entity sidebar, status line, footer.

Layout adapts with the -narrow / -wide classes (see app.tcss): at 120 columns
and more, results and reader sit side by side with the sidebar; below, the
reader replaces the results and `e` brings the sidebar in.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import ContentSwitcher

from index.models import Count, Filter, Progress, SearchResult, Stats

from .. import text as tx
from ..session import Reading, Session
from ..widgets.article_body import ArticleBody
from ..widgets.entity_sidebar import EntityList, EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.keys_footer import KeysFooter
from ..widgets.notice import Notice
from ..widgets.overview import Overview
from ..widgets.reader import Reader
from ..widgets.results_list import ResultsList
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import StatusLine
from ..widgets.timeline_strip import TimelineStrip
from .copies_actions import CopiesActions
from .curation_actions import CurationActions
from .notebook_actions import NotebookActions
from .quotes_actions import QuotesActions
from .reading_actions import WIDE, ReadingActions
from .searching import SearchingScreen
from .timeline_actions import TimelineActions

FACETS_AT_THE_LATEST = 0.1  # seconds after the results, should the list not be drawn


class MainScreen(
    ReadingActions,
    TimelineActions,
    QuotesActions,
    NotebookActions,
    CopiesActions,
    CurationActions,
    SearchingScreen,
):
    # Textual declares it `ClassVar[list[tuple[int, str]]] | None`: a ClassVar inside a union,
    # which mypy reads as an instance variable, and so rejects this (correct) ClassVar override.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"), (WIDE, "-wide")]  # type: ignore[misc]
    # Below 20 rows the sidebar's "appears with" panel takes fewer lines (see app.tcss).
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-short"), (20, "-tall")]  # type: ignore[misc]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="main.search"),
        Binding("escape", "back", "Back", id="main.back"),
        Binding("n", "next_match", "Next match", id="main.next_match"),
        Binding("N,shift+n", "previous_match", "Prev match", id="main.prev_match"),
        Binding("J,shift+j", "next_article", "Next article", id="main.next_article"),
        Binding("K,shift+k", "previous_article", "Prev article", id="main.prev_article"),
        Binding("M,shift+m", "more_like", "More like", id="main.more_like"),
        Binding("e", "toggle_sidebar", "Entities", id="main.entity_sidebar"),
        Binding("s", "cycle_sort", "Sort", id="main.sort"),
        Binding("x", "remove_filter", "Unfilter", id="main.unfilter"),
        # Not in the footer: the notice that offers a suggestion names the key, and a footer
        # entry that came and went with every suggestion recomposed the footer as you typed.
        Binding("ctrl+y", "accept_suggestion", "Did you mean", show=False, id="main.did_you_mean"),
    ]

    reading: var[bool] = var(False, init=False)  # a var: no repaint of the whole screen

    class Ready(Message):
        """The screen is composed: the app may open the index and report to it."""

    def __init__(self, *, debounce: float = 0.0, timings: bool = True, saved: Stats | None = None) -> None:
        super().__init__()
        self._debounce = debounce
        self._timings = timings
        self.stats = saved  # the figures the last build saved: the overview in the first frame
        self._sidebar = "auto"
        self._cooc_timer: Timer | None = None
        self._binding_state: tuple[bool, bool, bool] | None = None
        self._pending_facets: tuple[str, dict[str, tuple[Count, ...]]] | None = None

    def compose(self) -> ComposeResult:
        yield SearchBar(debounce=self._debounce, id="search")
        yield FilterBar(id="filters", classes="-empty")
        yield TimelineStrip(id="timeline", classes="-empty")
        with Horizontal(id="main"), Vertical(id="results-pane"):
            yield Notice(id="notice")
            with ContentSwitcher(initial="overview", id="switcher"):
                yield Overview(id="overview")
                yield ResultsList(id="results")
            # Reader and EntitySidebar are mounted after the first frame (`_mount_panes`).
        yield StatusLine(timings=self._timings, id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#results-pane").border_title = "Results"
        self.set_focus(self.query_one(SearchBar))
        status = self.query_one(StatusLine)
        if self.stats is not None:
            self.query_one(Overview).show_stats(self.stats)
            status.show_text(f"{tx.plural(self.stats.docs, 'article')} · opening the index…")
        else:
            status.show_text("Opening the index…")
        self.call_after_refresh(self._mount_panes)

    def on_resize(self, event: events.Resize) -> None:
        if self.reading and event.size.width < WIDE and isinstance(self.focused, ResultsList):
            self.set_focus(self.query_one(ArticleBody))  # the reader takes the results' place: and the focus

    async def _mount_panes(self) -> None:
        """The reader and the sidebar, after the first frame: the search bar is up ~0.1 s sooner.

        Only then is the index opened (`Ready`), so every answer finds them in place.
        """
        reader, sidebar = Reader(id="reader"), EntitySidebar(id="sidebar")
        reader.border_title, sidebar.border_title = "Reader", "Entities"
        await self.query_one("#main").mount(reader, sidebar)
        if self.stats is not None:
            sidebar.show_facets("In the archive (articles)", archive_facets(self.stats))
        self.post_message(self.Ready())

    # -- the index, from the app ---------------------------------------------------------

    def index_ready(self, session: Session, stats: Stats) -> None:
        self.session, self.stats = session, stats
        self.query_one(Overview).show_stats(stats)
        self.search_soon()

    def index_failed(self, message: str) -> None:
        self.query_one(Overview).show_error(message)
        self.query_one(StatusLine).show_text("No index")

    def build_progressed(self, progress: Progress) -> None:
        if self.session is None:
            self.query_one(Overview).show_progress(progress)
        else:
            done = f"{progress.done:,}" + (f"/{progress.total:,}" if progress.total else "")
            self.query_one(StatusLine).note(f"rebuilding: {progress.stage} {done}")

    def index_refreshed(self, stats: Stats) -> None:
        before, self.stats = self.stats, stats
        self.query_one(Overview).show_stats(stats)
        self.query_one(StatusLine).note(tx.update_note(before.docs if before else None, stats.docs))
        self.search_soon()

    # -- showing answers ---------------------------------------------------------------------

    def page_size(self) -> int:
        """About a screenful of hits (each takes ~4 lines); snippets cost, so no more. More load on scrolling."""
        return max(6, min(30, self.query_one("#main").size.height // 4 + 1))

    def watch_filters(self) -> None:
        super().watch_filters()
        self.query_one(FilterBar).show(self.filters, self.like)

    def watch_like(self) -> None:
        super().watch_like()
        self.query_one(FilterBar).show(self.filters, self.like)
        self._bindings_may_change()

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")
        self._bindings_may_change()

    def _bindings_may_change(self) -> None:
        """Refresh the footer only when a key's availability changed (see `check_action`).

        A refresh recomposes the footer: ~10 ms a time, which search-as-you-type paid on every key.
        """
        state = (self.reading, bool(self.filters or self.like), self._has_results())
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def show_result(self, result: SearchResult) -> None:
        results = self.query_one(ResultsList)
        self.query_one(ContentSwitcher).current = "results"
        results.show(result.hits, result.total)
        self.query_one(Notice).show_result(result, like=self.like)
        status = self.query_one(StatusLine)
        if result.error:
            status.show_text("Query error")
        else:
            status.show_result(result, len(result.hits))
        if self.like is not None:
            title = f"In these {tx.plural(result.total, 'article')} like it"
        else:
            title = f"In these {result.total:,} results (articles)" if result.total > 1 else "In this result"
        facets = result.facets
        self._facets_later(title, {**facets.entities, "section": facets.sections, "source": facets.sources})
        self._bindings_may_change()
        self.timeline_for(result)
        if self.reading and (article_id := self.query_one(Reader).article_id):
            self.open_article(article_id, focus=False)  # the query changed: new highlights

    def _facets_later(self, title: str, groups: dict[str, tuple[Count, ...]]) -> None:
        """The sidebar's facets in the frame after the results: results first, as the user reads them.

        Both in one frame made that frame ~2x as costly on a 2-core machine. The
        list says when it has drawn the new hits; the timer covers a list that is
        hidden (the reader in its place). Only the latest facets are drawn when
        answers come faster than frames.
        """
        pending, self._pending_facets = self._pending_facets, (title, groups)
        if pending is None:
            self.query_one(ResultsList).after_paint(self._draw_facets)
            self.set_timer(FACETS_AT_THE_LATEST, self._draw_facets)

    def _draw_facets(self) -> None:
        if self._pending_facets is not None:
            title, groups = self._pending_facets
            self._pending_facets = None
            self.query_one(EntitySidebar).show_facets(title, groups)

    def show_more(self, result: SearchResult) -> None:
        results = self.query_one(ResultsList)
        if result.offset != len(results.hits):
            return  # not the hits that follow those shown
        results.show(result.hits, result.total, append=True)
        status = self.query_one(StatusLine)
        status.clear_note()
        status.show_result(result, len(results.hits))

    def show_overview(self) -> None:
        self.result = None
        if self.reading:
            self.close_reader(focus=False)
        self.query_one(ResultsList).clear()
        self.timeline_for(None)
        self.query_one(ContentSwitcher).current = "overview"
        self.query_one(Notice).clear()
        if self.stats is not None:
            self.query_one(Overview).show_stats(self.stats)
            self._pending_facets = None  # a result's facets still waiting for a frame are stale now
            self.query_one(EntitySidebar).show_facets("In the archive (articles)", archive_facets(self.stats))
            self.query_one(StatusLine).show_text(
                f"{tx.plural(self.stats.docs, 'article')} · sort: {self.sort}"
            )
        self._bindings_may_change()

    def show_reading(self, reading: Reading, focus: bool) -> None:
        reader = self.query_one(Reader)
        reader.show(reading)
        self.reading = True
        self.query_one(EntitySidebar).show_article(reading.article)
        if focus:
            self.set_focus(reader.body)

    def show_cooccurring(self, entity: Filter, groups: dict[str, tuple[Count, ...]]) -> None:
        self.query_one(EntitySidebar).show_cooccurring(entity, groups)

    def close_reader(self, *, focus: bool = True) -> None:
        self.reading = False
        self.query_one(Reader).clear()
        self.query_one(EntitySidebar).show_article(None)
        if focus:
            self.action_focus_results()

    # -- what the widgets say ----------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        self.query_text = message.query

    @on(ResultsList.MoreWanted)
    def _more_wanted(self, message: ResultsList.MoreWanted) -> None:
        if message.everything and self.result is not None:
            self.query_one(StatusLine).note(f"loading all {self.result.total:,} results…")
        self.load_more(message.offset, everything=message.everything)

    @on(ResultsList.ArticleSelected)
    def _article_selected(self, message: ResultsList.ArticleSelected) -> None:
        self.open_article(message.article_id, focus=True)

    @on(ResultsList.ArticleHighlighted)
    def _article_highlighted(self, message: ResultsList.ArticleHighlighted) -> None:
        if (
            self.reading
            and self.size.width >= WIDE
            and message.article_id not in (self.query_one(Reader).article_id, self.opening)
        ):
            self.open_article(message.article_id, focus=False)  # side by side: the reader follows the cursor

    @on(EntitySidebar.FilterAdded)
    def _filter_added(self, message: EntitySidebar.FilterAdded) -> None:
        if message.filter not in self.filters:
            self.filters = (*self.filters, message.filter)

    @on(FilterBar.FilterRemoved)
    def _filter_removed(self, message: FilterBar.FilterRemoved) -> None:
        self.filters = tuple(f for f in self.filters if f != message.filter)

    @on(FilterBar.LikeRemoved)
    def _like_removed(self) -> None:
        self.like = None

    @on(EntitySidebar.EntitySearched)
    def _entity_searched(self, message: EntitySidebar.EntitySearched) -> None:
        query = message.filter.as_query()
        self.query_one(SearchBar).set_query(query)
        self.query_text, self.filters = query, ()
        self.set_focus(self.query_one(ResultsList))

    @on(EntitySidebar.EntityHighlighted)
    def _entity_highlighted(self, message: EntitySidebar.EntityHighlighted) -> None:
        if self._cooc_timer is not None:
            self._cooc_timer.stop()
        entity, query = message.filter, self.query_text if self.result else ""
        self._cooc_timer = self.set_timer(0.15, lambda: self.find_cooccurring(entity, query, self.filters))

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_search_bar = isinstance(self.focused, SearchBar)
        if action in ("next_match", "previous_match", "next_article", "previous_article"):
            return self.reading and not in_search_bar  # typed there (the footer showed "shift+n")
        if action == "more_like":
            return (self.reading or self._has_results()) and not in_search_bar
        if action == "remove_filter":
            return bool(self.filters or self.like)
        if action == "focus_search":
            return not in_search_bar
        if action == "back":
            return not in_search_bar or self._has_results()
        return super().check_action(action, parameters)  # the corrections' keys: `CurationActions`

    def _has_results(self) -> bool:
        return self.query_one(ContentSwitcher).current == "results" and bool(self.query_one(ResultsList).hits)

    def action_submit_query(self) -> None:
        """Enter in the search bar: search now and go to the results.

        The same query again is searched again only if it failed: a new answer puts the
        cursor back on the first result, and the keys typed after Enter move it.
        """
        query = self.query_one(SearchBar).commit()
        if query == self.query_text and (self.result is None or self.result.error):
            self.search_soon()
        self.query_text = query
        self.remember_search()
        if query.strip() or self.filters:
            self.set_focus(self.query_one(ResultsList))

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(SearchBar))

    def action_focus_results(self) -> None:
        results = self.query_one(ResultsList)
        if self.reading and self.size.width < WIDE:
            self.set_focus(self.query_one(ArticleBody))
        elif self.query_one(ContentSwitcher).current == "results" and results.hits:
            self.set_focus(results)

    def _focus_main(self) -> None:
        """Back from the sidebar: to the reader if one is open, else the results, else the search bar."""
        results = self.query_one(ResultsList)
        if self.reading:
            self.set_focus(self.query_one(ArticleBody))
        elif self.query_one(ContentSwitcher).current == "results" and results.hits:
            self.set_focus(results)
        else:
            self.action_focus_search()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, SearchBar):  # the query stays: Esc never throws typing away
            if self._has_results():
                self.set_focus(self.query_one(ResultsList))
        elif isinstance(focused, ArticleBody):
            self.close_reader()
        elif isinstance(focused, EntityList):
            if self._sidebar == "on":
                self._set_sidebar("auto")
            self._focus_main()
        else:
            self.action_focus_search()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(EntitySidebar)
        visible = self._sidebar == "on" or (self._sidebar == "auto" and self.size.width >= WIDE)
        if not visible:
            self._set_sidebar("on")
            self.set_focus(self.query_one(EntityList))
        elif not sidebar.has_focus_within:
            self.set_focus(self.query_one(EntityList))
        else:
            self._set_sidebar("off")
            self._focus_main()

    def _set_sidebar(self, mode: str) -> None:
        self._sidebar = mode
        self.set_class(mode == "on", "-sidebar-on")
        self.set_class(mode == "off", "-sidebar-off")


def archive_facets(stats: Stats) -> dict[str, tuple[Count, ...]]:
    """What the sidebar lists for the whole archive: its top entities, sections and sources."""
    return {**stats.top_entities, "section": stats.sections, "source": stats.sources}
