"""The main screen's copies keys: `C` folds or lists copies, `c` opens the copies of an article.

A `SearchingScreen` itself (not a plain mixin) so that Textual merges these
bindings with `MainScreen`'s own: it is one of `MainScreen`'s bases.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from ..widgets.reader import Reader
from ..widgets.results_list import ResultsList
from ..widgets.status_line import StatusLine
from .copies import CopiesScreen
from .searching import SearchingScreen


class CopiesActions(SearchingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("C,shift+c", "toggle_copies", "Copies folded/all", show=False, id="copies.toggle_folded"),
        Binding("c", "open_copies", "Copies", show=False, id="copies.open"),
    ]

    def action_toggle_copies(self) -> None:
        """Fold copies into one entry per story ("+N copies"), or list every article."""
        if self.session is None:
            return
        self.session.expand_copies = not self.session.expand_copies
        note = "every copy listed" if self.session.expand_copies else "copies folded: one entry per story"
        self.query_one(StatusLine).note(note, seconds=3)
        self.search_soon()

    def action_open_copies(self) -> None:
        """The copies of the article in the reader, else of the result under the cursor."""
        if self.session is None:
            return
        reader = self.query_one(Reader)
        article_id = reader.article_id if reader.reading is not None else None
        if article_id is None:
            results = self.query_one(ResultsList)
            if results.highlighted is not None and results.highlighted < len(results.hits):
                article_id = results.hits[results.highlighted].id
        if article_id is None:
            self.query_one(StatusLine).note("open an article (or pick a result) first", seconds=3)
            return
        self.app.push_screen(CopiesScreen(self.session, article_id))
