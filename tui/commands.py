"""Command palette (Ctrl+P) commands: rebuild the index, sort, sidebar, filters, more like this, timeline,
quotations, copies, the notebook's searches and export, entity corrections."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

from index.models import SORTS
from index.timeline import GRANULARITIES

from .screens.main import MainScreen


class PaletteApp(Protocol):
    """What the palette asks of the app (`MorgueApp`, which imports this module: a protocol,
    not an import back)."""

    @property
    def main(self) -> MainScreen: ...

    def action_rebuild(self) -> None: ...

    def action_sort(self, sort: str) -> None: ...

    def action_toggle_sidebar(self) -> None: ...

    def action_clear_filters(self) -> None: ...

    def action_more_like(self) -> None: ...

    def action_next_article(self) -> None: ...

    def action_previous_article(self) -> None: ...

    def action_export_results(self) -> None: ...

    def action_entity_corrections(self) -> None: ...

    def action_help(self) -> None: ...


def _timeline_by(app: PaletteApp, by: str) -> None:
    app.main.set_timeline_granularity(by)


class MorgueCommands(Provider):
    """Morgue's own commands, next to Textual's system commands."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app: PaletteApp = self.app  # type: ignore[assignment]
        yield (
            "Rebuild index",
            "Re-read the whole archive into a fresh index (the old one serves meanwhile)",
            app.action_rebuild,
        )
        for sort in SORTS:
            yield f"Sort: {sort}", f"Order the results by {sort}", partial(app.action_sort, sort)
        yield "Entity sidebar", "Show, focus or hide the entity sidebar", app.action_toggle_sidebar
        yield "Clear filters", "Remove every filter, and “more like this”", app.action_clear_filters
        yield (
            "More like this",
            "Show the articles most like the one in the reader (or under the cursor) as the results",
            app.action_more_like,
        )
        yield "Next article", "Open the next result in the reader (J)", app.action_next_article
        yield "Previous article", "Open the previous result in the reader (K)", app.action_previous_article
        yield (
            "Timeline",
            "Focus the timeline strip of the results (t)",
            lambda: app.main.action_focus_timeline(),
        )
        for by in GRANULARITIES:
            yield (
                f"Timeline by {by}",
                f"Count the results by {by} in the strip",
                partial(_timeline_by, app, by),
            )
        yield (
            "Quotations",
            "Who said what in the results (of the entity, with the sidebar focused) (Q)",
            lambda: app.main.action_quotes(),
        )
        yield (
            "Copies: fold or list all",
            "One entry per story with “+N copies”, or every copy in the results (C)",
            lambda: app.main.action_toggle_copies(),
        )
        yield (
            "Copies of this article",
            "The copies of the open (or selected) article, and a word diff with one (c)",
            lambda: app.main.action_open_copies(),
        )
        yield (
            "Export results",
            "Every result of this search to a CSV, JSON Lines or Markdown file",
            app.action_export_results,
        )
        yield (
            "Saved searches",
            "Run, rename or delete a saved search (Ctrl+O)",
            app.main.action_saved_searches,
        )
        yield "Save search", "Save this search under a name (Ctrl+S)", app.main.action_save_search
        yield (
            "Entity corrections",
            "Review the merges, renames, relabels and hides made to the entities, and revert any",
            app.action_entity_corrections,
        )
        yield "Help", "Every key", app.action_help

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
