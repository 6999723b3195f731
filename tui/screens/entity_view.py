"""The entity view (`v`): one entity's articles and mentions, aliases, first/last seen, company.

Read from the index (`index.entities.profile`) in a thread worker; the keys of
the sidebar's corrections (m r l d u) work here too, on this entity, and the
view reloads after each. Enter on an article opens it in the reader.
"""

from __future__ import annotations

from collections.abc import Callable
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

from index.entities.profile import EntityProfile, entity_profile
from index.errors import MorgueError
from index.models import GROUP_TITLES, GROUPS, Filter
from index.timeline import Timeline

from .. import text as tx
from ..widgets.entity_timeline import WIDTH as SPARK_WIDTH
from ..widgets.entity_timeline import EntityTimeline

if TYPE_CHECKING:
    from ..session import Session

# (kind, entity, what to do after: given the entity the correction left, None if hidden)
Curate = Callable[[str, Filter, Callable[[Filter | None], None]], None]


class EntityView(ModalScreen[str | None]):
    """Dismissed with the id of the article to open, or None (Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", id="entity_view.close"),
        Binding("j", "cursor(1)", "Down", show=False, id="entity_view.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="entity_view.up"),
        Binding("m", "curate('merge')", "Merge", id="curation.merge"),
        Binding("r", "curate('rename')", "Rename", id="curation.rename"),
        Binding("l", "curate('relabel')", "Relabel", id="curation.relabel"),
        Binding("d", "curate('hide')", "Hide", id="curation.hide"),
        Binding("u", "curate('undo')", "Undo", id="curation.undo"),
    ]

    @dataclass
    class ProfileLoaded(Message):
        profile: EntityProfile | None
        error: str
        timeline: Timeline | None = None

    def __init__(self, session: Session, entity: Filter, curate: Curate) -> None:
        super().__init__()
        self._session = session
        self._curate = curate
        self.entity = entity
        self._profile: EntityProfile | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-view", classes="curate-dialog"):
            yield Static(Text(tx.flat(self.entity.value), style="bold"), id="entity-view-title")
            yield Static("loading…", id="entity-view-facts")
            yield EntityTimeline()
            yield OptionList(id="entity-view-articles", markup=False)

    def on_mount(self) -> None:
        self.load_profile()

    @work(thread=True, exclusive=True, group="entity-view")
    def load_profile(self) -> None:
        try:
            profile: EntityProfile | None = entity_profile(
                self._session.index, self.entity.field, self.entity.value
            )
            error = ""
        except MorgueError as exc:
            profile, error = None, exc.message
        try:
            timeline: Timeline | None = self._session.entity_timeline(self.entity, SPARK_WIDTH)
        except (MorgueError, ValueError):  # no timeline is no reason to lose the profile
            timeline = None
        self.post_message(self.ProfileLoaded(profile, error, timeline))

    @on(ProfileLoaded)
    def _profile_loaded(self, message: ProfileLoaded) -> None:
        facts = self.query_one("#entity-view-facts", Static)
        profile = self._profile = message.profile
        if profile is None:
            facts.update(Text(tx.flat(message.error or "not found")))
            return
        facts.update(profile_text(profile))
        self.query_one(EntityTimeline).show(self.entity, message.timeline)
        articles = self.query_one("#entity-view-articles", OptionList)
        articles.set_options(
            [Option(Text(tx.flat(tx.joined(tx.date_label(h.date), h.title))), id=h.id) for h in profile.top]
        )
        articles.highlighted = 0 if profile.top else None
        articles.focus()

    def action_curate(self, kind: str) -> None:
        """A correction of this entity (as in the sidebar); the view shows what it became."""
        self._curate(kind, self.entity, self._corrected)

    def _corrected(self, entity: Filter | None) -> None:
        if entity is None:
            self.dismiss(None)
            return
        self.entity = entity
        self.query_one("#entity-view-title", Static).update(Text(tx.flat(entity.value), style="bold"))
        self.load_profile()

    def action_cursor(self, step: int) -> None:
        articles = self.query_one("#entity-view-articles", OptionList)
        if articles.option_count:
            articles.highlighted = ((articles.highlighted or 0) + step) % articles.option_count

    @on(OptionList.OptionSelected, "#entity-view-articles")
    def _article_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


def profile_text(p: EntityProfile) -> Text:
    """The facts of the view: group, articles, mentions, aliases, first/last seen, appears with."""
    mentions = f"{p.mentions:,}" + ("" if p.mentions_complete else "+")
    lines = [
        f"{GROUP_TITLES[p.group]} · {tx.plural(p.articles, 'article')} · {mentions} mentions",
        "Aliases merged into it: " + (", ".join(p.aliases) if p.aliases else "none"),
    ]
    if p.first_seen or p.last_seen:
        lines.append(f"First seen {tx.date_label(p.first_seen)} · last seen {tx.date_label(p.last_seen)}")
    else:
        lines.append("First and last seen: the articles are undated")
    for group in GROUPS:
        counts = p.appears_with.get(group) or ()
        if counts:
            lines.append(
                f"With {GROUP_TITLES[group].lower()}: " + ", ".join(f"{c.value} ({c.count})" for c in counts)
            )
    lines.append("Articles (Enter opens one):")
    return Text("\n".join(tx.flat(line) for line in lines))
