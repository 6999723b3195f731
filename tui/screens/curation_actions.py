"""The user's entity corrections in the explorer: m merge, r rename, l relabel, d hide, u undo, v view.

A mixin of the main screen: the keys work when the entity sidebar has the focus
and its cursor is on an entity (and in the entity view, on its entity). Each
correction is written to the archive's curation file by `index` (in a thread
worker) and shows at once: the index reads entities through the file, so the
screen only searches again (and reads the archive's figures again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message

from index.entities.applied import LABEL_OF_GROUP, group_of
from index.entities.corrections import USER_LABELS, Correction
from index.entities.store import CurationStore
from index.errors import MorgueError
from index.models import GROUPS, Filter, Stats

from ..widgets.entity_sidebar import EntityList
from ..widgets.status_line import StatusLine
from .corrections_list import CorrectionsList
from .entity_view import EntityView
from .name_picker import NamePicker
from .searching import SearchingScreen
from .text_prompt import ChoicePrompt, TextPrompt

After = Callable[[Filter | None], None]  # told what the entity became (None: hidden)
CURATE_ACTIONS = ("curate", "entity_view")


class CurationActions(SearchingScreen):
    # Not in the footer: with the sidebar focused they pushed out x (unfilter) and e; the help
    # screen (?) lists them under "Entity sidebar".
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "curate('merge')", "Merge", show=False, id="curation.merge"),
        Binding("r", "curate('rename')", "Rename", show=False, id="curation.rename"),
        Binding("l", "curate('relabel')", "Relabel", show=False, id="curation.relabel"),
        Binding("d", "curate('hide')", "Hide", show=False, id="curation.hide"),
        Binding("u", "curate('undo')", "Undo", show=False, id="curation.undo"),
        Binding("v", "entity_view", "View", show=False, id="curation.entity_view"),
    ]

    @dataclass
    class CorrectionMade(Message):
        """A correction was saved (or failed: `failed`); `entity` is what the entity became."""

        note: str
        entity: Filter | None
        after: After | None
        stats: Stats | None
        failed: bool = False

    def curated_entity(self) -> Filter | None:
        """The entity under the sidebar's cursor, when the sidebar has the focus."""
        focused = self.focused
        if not isinstance(focused, EntityList):
            return None
        entity = focused.highlighted_entity
        return entity if entity is not None and entity.field in GROUPS else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CURATE_ACTIONS:
            if not isinstance(self.focused, EntityList) or self.session is None:
                return False
            return parameters == ("undo",) or self.curated_entity() is not None
        return super().check_action(action, parameters)

    def action_curate(self, kind: str) -> None:
        entity = self.curated_entity()
        if entity is not None or kind == "undo":
            self.curate(kind, entity or Filter("person", ""), None)

    def curate(self, kind: str, entity: Filter, after: After | None) -> None:
        """Ask what is needed for a correction of `entity` (a name, a label), then make it."""
        session = self.session
        if session is None:
            return
        name, label = entity.value, LABEL_OF_GROUP.get(entity.field, "OTHER")

        def make(kind_: str, target: str | None) -> None:
            if target is not None:
                self.save_correction(Correction(kind_, name, target, label), entity, after)

        if kind == "merge":

            def names(text: str) -> list[str]:
                return CurationStore(session.index).names(entity.field, text, exclude=name)

            self.app.push_screen(NamePicker(f"Merge “{name}” into…", names), lambda t: make("merge", t))
        elif kind == "rename":
            self.app.push_screen(TextPrompt(f"Rename “{name}” to", name), lambda t: make("rename", t))
        elif kind == "relabel":
            prompt = ChoicePrompt(f"“{name}” is a…", USER_LABELS, label)
            self.app.push_screen(prompt, lambda t: make("relabel", t))
        elif kind == "hide":
            make("hide", "")
        elif kind == "undo":
            self.save_correction(None, entity if entity.value else None, after)

    @work(thread=True, exclusive=True, group="curate")
    def save_correction(
        self, correction: Correction | None, entity: Filter | None, after: After | None
    ) -> None:
        assert self.session is not None
        try:
            store = CurationStore(self.session.index)
            if correction is None:
                undone = store.undo_last()
                note = f"undone: {undone.describe()}" if undone else "no correction to undo"
                became = entity
            else:
                made = store.add(correction)
                note = made.describe() + (" (the text stays searchable)" if made.kind == "hide" else "")
                became = _became(made, entity)
            stats = self.session.stats()
        except MorgueError as exc:
            self.post_message(self.CorrectionMade(exc.message, entity, None, None, failed=True))
            return
        self.post_message(self.CorrectionMade(note, became, after, stats))

    @on(CorrectionMade)
    def _correction_made(self, message: CorrectionMade) -> None:
        self.query_one(StatusLine).note(message.note, seconds=5)
        if message.failed:
            self.notify(message.note, severity="error", title="Corrections")
            return
        if message.stats is not None:
            self.stats = message.stats
        self.search_soon()
        if message.after is not None:
            message.after(message.entity)

    def action_entity_view(self) -> None:
        entity = self.curated_entity()
        if entity is not None:
            self.open_entity_view(entity)

    def open_entity_view(self, entity: Filter) -> None:
        if self.session is None:
            return

        def opened(article_id: str | None) -> None:
            if article_id:
                self.open_article(article_id, focus=True)

        self.app.push_screen(EntityView(self.session, entity, self.curate), opened)

    def action_entity_corrections(self) -> None:
        """The corrections list (from the command palette)."""
        if self.session is None:
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self.search_soon()

        self.app.push_screen(CorrectionsList(self.session), closed)


def _became(made: Correction, entity: Filter | None) -> Filter | None:
    if entity is None:
        return None
    if made.kind in ("merge", "rename"):
        return Filter(entity.field, made.target)
    if made.kind == "relabel":
        return Filter(group_of(made.target), entity.value)
    if made.kind == "hide":
        return None
    return entity
