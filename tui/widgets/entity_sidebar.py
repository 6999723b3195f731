"""The entity sidebar: the open article's entities, the result set's top entities and facets, and "appears with".

Groups come in one order everywhere (`SIDEBAR_GROUPS`): people, organisations,
places, other, as `morgue show` and the overview list them; then the article's
dates (not a filter: shown, not selectable); then the results' sections and
sources, facets to filter by like the entities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.models import GROUP_TITLES, GROUPS, Count, Filter, StoredArticle

from .. import text as tx
from ..keys import KeysInOrder

Section = tuple[str, str, Mapping[str, tuple[Count, ...]]]  # kind ("article", "facets"), title, groups

SIDEBAR_GROUPS = (*GROUPS, "date", "section", "source")
FILTERS = (*GROUPS, "section", "source")  # the groups whose values are filters (`Filter(group, value)`)
TITLES = {**GROUP_TITLES, "section": "Sections", "source": "Sources"}
ENTRY_INDENT = 2  # cells before an entry, on every line it wraps to
ARTICLE_LIMIT = 12  # entities per group for the open article
APPEARS_WITH = 3  # co-occurring entities per group


class EntityList(KeysInOrder, OptionList):
    """Headings are disabled options; every other option is an entity (a `Filter`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Filter by it", show=True, id="entity_list.filter"),
        Binding("o", "search_alone", "Search it alone", show=True, id="entity_list.search_alone"),
        Binding("j", "cursor_down", "Down", show=False, id="entity_list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entity_list.up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "entities--title",
        "entities--count",
        "entities--inert",
        *(f"entities--{g}" for g in SIDEBAR_GROUPS),
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.entities: dict[str, Filter] = {}
        self._section_of: dict[str, str] = {}  # option id -> the kind of section it is in
        self._sections: list[Section] = []

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.fill(self._sections, keep=True))

    def action_search_alone(self) -> None:
        entity = self.highlighted_entity
        if entity is not None:
            self.post_message(EntitySidebar.EntitySearched(entity))

    @property
    def highlighted_entity(self) -> Filter | None:
        option = self.highlighted_option
        return self.entities.get(option.id or "") if option is not None else None

    @property
    def highlighted_section(self) -> str | None:
        """The kind of section ("article", "facets") the cursor is in."""
        option = self.highlighted_option
        return self._section_of.get(option.id or "") if option is not None else None

    def fill(self, sections: Iterable[Section], *, keep: bool) -> None:
        """Show `sections`; the cursor goes to the first entity, or with `keep` stays on its entity.

        It stays only on the same entity in the same kind of section: an entity of the
        results is not one of the open article's, and Enter would filter by it.
        """
        self._sections = list(sections)
        kept = (self.highlighted_section, self.highlighted_entity) if keep else None
        options: list[Option] = []
        self.entities, self._section_of = {}, {}

        def style(name: str) -> Style:
            return tx.component_style(self, name)

        for kind, title, groups in self._sections:
            if not any(groups.get(g) for g in SIDEBAR_GROUPS):
                continue
            options.append(Option(Text(tx.flat(title), style=style("entities--title")), disabled=True))
            for group in SIDEBAR_GROUPS:
                counts = groups.get(group) or ()
                if not counts:
                    continue
                heading = Text(TITLES[group], style=style(f"entities--{group}"))
                options.append(Option(Padding(heading, (0, 0, 0, 1)), disabled=True))
                for count in counts:
                    label = tx.count_label(count.value, count.count, count_style=style("entities--count"))
                    entry = Padding(label, (0, 0, 0, ENTRY_INDENT))  # a long name wraps indented too
                    if group not in FILTERS:  # a date: something to read, nothing to filter by
                        label.stylize(style("entities--inert"))
                        options.append(Option(entry, disabled=True))
                        continue
                    key = f"e{len(self.entities)}"
                    self.entities[key] = Filter(group, count.value)
                    self._section_of[key] = kind
                    options.append(Option(entry, id=key))
        self.set_options(options)
        restore = next(
            (k for k, f in self.entities.items() if kept == (self._section_of[k], f)),
            None,
        )
        first = next((n for n, o in enumerate(options) if not o.disabled), None)
        self.highlighted = self.get_option_index(restore) if restore else first

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self.entities.get(event.option.id or "")
        if entity is not None:
            self.post_message(EntitySidebar.FilterAdded(entity))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.has_focus:
            self._announce()

    def on_focus(self) -> None:
        self._announce()

    def _announce(self) -> None:
        entity = self.highlighted_entity
        if entity is not None:
            self.post_message(EntitySidebar.EntityHighlighted(entity))


class EntitySidebar(Vertical):
    """Holds the entity list and the "appears with" panel for the highlighted entity."""

    @dataclass
    class FilterAdded(Message):
        """Enter on an entity: narrow the results to articles that mention it."""

        filter: Filter

    @dataclass
    class EntitySearched(Message):
        """Search for this entity alone (replacing the query and filters)."""

        filter: Filter

    @dataclass
    class EntityHighlighted(Message):
        """The cursor (in the focused list) moved onto an entity: the screen answers with `show_cooccurring`."""

        filter: Filter

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._article: StoredArticle | None = None
        self._facets: tuple[str, Mapping[str, tuple[Count, ...]]] = ("", {})

    def compose(self) -> ComposeResult:
        yield EntityList(id="entity-list")
        yield Static(id="appears-with", classes="-empty")

    @property
    def entity_list(self) -> EntityList:
        return self.query_one(EntityList)

    def show_article(self, article: StoredArticle | None) -> None:
        """The open article's entities first; another article puts the cursor on its first entity."""
        if article != self._article:
            self._article = article
            self._refill(keep=False)

    def show_facets(self, title: str, groups: Mapping[str, tuple[Count, ...]]) -> None:
        """The results' (or archive's) facets; the cursor stays on its entity while the list has focus."""
        if (title, groups) != self._facets:
            self._facets = (title, groups)
            self._refill(keep=self.entity_list.has_focus)

    def _refill(self, *, keep: bool) -> None:
        sections: list[Section] = []
        if self._article is not None:
            sections.append(("article", "In this article (mentions)", article_groups(self._article)))
        sections.append(("facets", *self._facets))
        self.entity_list.fill(sections, keep=keep)
        if self.entity_list.highlighted_entity is None or not self.entity_list.has_focus:
            panel = self.query_one("#appears-with", Static)
            panel.update("")
            panel.add_class("-empty")

    def show_cooccurring(self, entity: Filter, groups: Mapping[str, tuple[Count, ...]]) -> None:
        """ "Appears with": the entities found most often with `entity` in the current results."""
        if self.entity_list.highlighted_entity != entity:
            return  # the cursor has moved on
        panel = self.query_one("#appears-with", Static)
        lines = [Text.assemble(("Appears with ", "bold"), (tx.flat(entity.value), "bold"), end="")]

        def style(name: str) -> Style:
            return tx.component_style(self.entity_list, name)

        for group in GROUPS:
            counts = groups.get(group) or ()
            if counts:
                line = Text(f"{GROUP_TITLES[group]}: ", style=style(f"entities--{group}"), end="")
                line.append_text(
                    Text(", ", end="").join(tx.count_label(c.value, c.count) for c in counts[:APPEARS_WITH])
                )
                lines.append(line)
        if len(lines) == 1:
            lines.append(Text("nothing else in these results", style="dim", end=""))
        panel.update(Text("\n", end="").join(lines))
        panel.remove_class("-empty")


def article_groups(article: StoredArticle) -> dict[str, tuple[Count, ...]]:
    """The article's entities by sidebar group, most mentioned first; its dates in a group of their own."""
    out: dict[str, list[Count]] = {g: [] for g in (*GROUPS, "date")}
    for entity in article.entities:
        out[entity.group].append(Count(entity.name, entity.count))
    return {
        g: tuple(sorted(c, key=lambda c: (-c.count, c.value.lower()))[:ARTICLE_LIMIT]) for g, c in out.items()
    }
