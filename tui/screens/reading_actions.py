"""The main screen's reading keys: matches, articles, more like this, sort, filters, did-you-mean.

A mixin of `MainScreen` (its bindings stay there, in the footer's order): the
actions that step through what was found, apart from the layout and focus
logic of the screen itself.
"""

from __future__ import annotations

from textual.reactive import var

from index.models import SORTS, UNDATED

from ..session import Like
from ..widgets.reader import Reader
from ..widgets.results_list import ResultsList
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import StatusLine
from .searching import SearchingScreen

WIDE = 120  # columns: results and reader side by side, sidebar shown


class ReadingActions(SearchingScreen):
    reading: var[bool]  # MainScreen's: the reader is open

    def close_reader(self, *, focus: bool = True) -> None: ...

    def action_focus_results(self) -> None: ...

    def action_next_match(self) -> None:
        self.query_one(Reader).next_match()

    def action_previous_match(self) -> None:
        self.query_one(Reader).previous_match()

    def action_cycle_sort(self) -> None:
        """The next sort, said in the status line (a toast there covered it)."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        note = f"sorted by {self.sort}"
        stats = self.stats
        if self.sort != "relevance" and stats is not None and not (stats.first_date or stats.last_date):
            note = f"{UNDATED[0].lower()}{UNDATED[1:]}: the order stays by relevance"
        self.query_one(StatusLine).note(note, seconds=3)

    def action_remove_filter(self) -> None:
        """The last chip: "more like this" if it is there, else the last filter."""
        if self.like is not None:
            self.like = None
        elif self.filters:
            self.filters = self.filters[:-1]

    def action_next_article(self) -> None:
        self._step_article(+1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def _step_article(self, step: int) -> None:
        """The reader opens the next (previous) result; at the last loaded, more are fetched first."""
        results = self.query_one(ResultsList)
        hits = results.hits
        current = self.opening or self.query_one(Reader).article_id
        ids = [hit.id for hit in hits]
        index = ids.index(current) if current in ids else results.highlighted
        if index is None or not hits:
            return
        target = index + step
        if target >= len(hits) and self.result is not None and len(hits) < self.result.total:
            self.query_one(StatusLine).note("loading more results…", seconds=2)
            self.load_more(len(hits))
            return
        if not 0 <= target < len(hits):
            self.query_one(StatusLine).note("the last result" if step > 0 else "the first result", seconds=2)
            return
        self.open_article(hits[target].id, focus=False)
        results.highlighted = target

    def action_more_like(self) -> None:
        """The articles most like the one in the reader (or under the cursor) replace the results."""
        reader = self.query_one(Reader)
        article: tuple[str, str] | None = None
        if self.reading and reader.reading is not None:
            article = (reader.reading.article.id, reader.reading.article.title)
        else:
            results = self.query_one(ResultsList)
            if results.highlighted is not None and results.highlighted < len(results.hits):
                hit = results.hits[results.highlighted]
                article = (hit.id, hit.title)
        if article is None:
            self.query_one(StatusLine).note("open an article (or pick a result) first", seconds=3)
            return
        self.like = Like(*article)
        if self.reading and self.size.width < WIDE:
            self.close_reader()  # the reader hides the results at this width: show them
        else:
            self.action_focus_results()

    def action_accept_suggestion(self) -> None:
        if self.result and self.result.suggestion:
            suggestion = self.result.suggestion
            self.query_one(SearchBar).set_query(suggestion)
            self.query_text = suggestion
