"""The notebook's keys on the main screen: marks, notes, history, saved searches, citations, export.

A mixin of `MainScreen`. Every read and write goes through `index.notebook`
(the archive's notebook, named by the index's figures); a write is one small
SQLite transaction, done at once so that a kill right after loses nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType

from index.errors import MorgueError
from index.models import Hit
from index.notebook.model import HistoryEntry, Mark
from index.notebook.store import Notebook

from ..widgets.reader import Reader
from ..widgets.results_list import ResultsList
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import StatusLine
from .notebook_dialogs import NoteScreen, PickScreen, PromptScreen
from .searching import SearchingScreen

STATE_KEYS = {"R": "relevant", "I": "not relevant", "F": "follow up", "U": "unread"}
EXPORT_DEFAULT = "morgue-export.csv"


class NotebookActions(SearchingScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("asterisk", "star", "Star", show=False, id="notebook.star"),
        Binding("number_sign", "tags", "Tags", show=False, id="notebook.tags"),
        Binding("a", "note", "Note", show=False, id="notebook.note"),
        Binding("R,shift+r", "review('relevant')", "Relevant", show=False, id="notebook.relevant"),
        Binding(
            "I,shift+i", "review('not relevant')", "Not relevant", show=False, id="notebook.not_relevant"
        ),
        Binding("F,shift+f", "review('follow up')", "Follow up", show=False, id="notebook.follow_up"),
        Binding("U,shift+u", "review('unread')", "Unread", show=False, id="notebook.unread"),
        Binding("y", "copy_citation", "Cite", show=False, id="notebook.cite"),
        Binding("ctrl+s", "save_search", "Save search", show=False, id="notebook.save_search"),
        Binding("ctrl+o", "saved_searches", "Saved searches", show=False, id="notebook.saved_searches"),
        Binding("ctrl+r", "history_search", "History", show=False, id="notebook.history"),
    ]

    _notebook: Notebook | None = None
    _history: list[HistoryEntry] | None = None
    _history_at = -1

    # -- the notebook ----------------------------------------------------------------------

    def notebook(self) -> Notebook | None:
        """The archive's notebook, once the index is open (its figures name it)."""
        if self._notebook is None and self.stats is not None and self.stats.notebook_path:
            self._notebook = Notebook(Path(self.stats.notebook_path))
        return self._notebook

    def _say(self, text: str) -> None:
        self.query_one(StatusLine).note(text)

    def _current_id(self) -> str | None:
        """The article in the reader, else the one under the results' cursor."""
        reader = self.query(Reader)
        if reader and reader.first().article_id and getattr(self, "reading", False):
            return reader.first().article_id
        results = self.query_one(ResultsList)
        if results.highlighted is not None and results.hits:
            return results.hits[results.highlighted].id
        return None

    def _change(self, doc_id: str, **changes: object) -> Mark | None:
        notebook = self.notebook()
        if notebook is None:
            return None
        try:
            mark = notebook.update(doc_id, **self._identity(doc_id), **changes)  # type: ignore[arg-type]
        except MorgueError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return None
        self.show_marks()
        return mark

    def _identity(self, doc_id: str) -> dict[str, str]:
        """The article's title and content hash, kept with its marks (to list it if it vanishes)."""
        if self.session is None:
            return {}
        try:
            article = self.session.index.article(doc_id)
        except MorgueError:
            return {}
        return {"title": article.title, "content_hash": article.content_hash}

    def show_marks(self) -> None:
        """The compact marks of the results shown, in the list."""
        notebook = self.notebook()
        results = self.query_one(ResultsList)
        if notebook is None or not results.hits:
            return
        try:
            marks = notebook.marks(h.id for h in results.hits)
        except MorgueError:
            return
        results.set_badges({doc_id: m.badge() for doc_id, m in marks.items() if m.badge()})

    @on(SearchingScreen.SearchFinished)
    def _marks_of_results(self) -> None:
        self.call_after_refresh(self.show_marks)

    @on(SearchingScreen.ArticleLoaded)
    def _read_on_open(self, message: SearchingScreen.ArticleLoaded) -> None:
        notebook = self.notebook()
        article = message.reading.article
        if notebook is None:
            return
        try:
            if notebook.mark(article.id).state == "unread":
                notebook.update(
                    article.id, state="read", title=article.title, content_hash=article.content_hash
                )
        except MorgueError:
            return
        self.show_marks()

    # -- per article -------------------------------------------------------------------------

    def action_star(self) -> None:
        if (doc_id := self._current_id()) is None or (notebook := self.notebook()) is None:
            return
        mark = self._change(doc_id, starred=not notebook.mark(doc_id).starred)
        if mark is not None:
            self._say("starred" if mark.starred else "star removed")

    def action_review(self, state: str) -> None:
        if (doc_id := self._current_id()) is not None and self._change(doc_id, state=state):
            self._say(f"marked {state}")

    def action_tags(self) -> None:
        if (doc_id := self._current_id()) is None or (notebook := self.notebook()) is None:
            return
        have = notebook.mark(doc_id).tags
        known = [t for t, _ in notebook.all_tags()]

        def done(typed: str | None) -> None:
            if typed is None:
                return
            wanted = [t.strip() for t in typed.split(",") if t.strip()]
            add = [t for t in wanted if not t.startswith("-")]
            remove = [t[1:] for t in wanted if t.startswith("-")]
            removed = [t for t in have if t not in {w.lower() for w in add}] if typed.strip() else list(have)
            self._change(doc_id, add_tags=add, remove_tags=[*remove, *removed])
            self._say("tags: " + (", ".join(notebook.mark(doc_id).tags) or "none"))

        title = "Tags, separated by commas (Tab completes a tag in use)"
        self.app.push_screen(PromptScreen(title, ", ".join(have), known), done)

    def action_note(self) -> None:
        if (doc_id := self._current_id()) is None or (notebook := self.notebook()) is None:
            return
        mark = notebook.mark(doc_id)

        def done(note: str | None) -> None:
            if note is not None and self._change(doc_id, note=note.rstrip()):
                self._say("note kept" if note.strip() else "note deleted")

        self.app.push_screen(NoteScreen(mark.title or doc_id, mark.note), done)

    def action_copy_citation(self) -> None:
        from index.notebook.export import citation

        if (doc_id := self._current_id()) is None or self.session is None:
            return
        hit = next((h for h in self.query_one(ResultsList).hits if h.id == doc_id), None)
        try:
            article = self.session.index.article(doc_id)
        except MorgueError:
            return
        if hit is None:
            hit = Hit(
                article.id,
                article.title,
                article.date,
                article.source,
                article.section,
                0.0,
                path=article.path,
            )
        passage = " ".join(hit.fragments[0].text.split()) if hit.fragments else ""
        notebook = self.notebook()
        mark = notebook.mark(doc_id) if notebook is not None else Mark(doc_id)
        self.app.copy_to_clipboard(citation(hit, mark, passage, article.url))
        self._say("citation copied")

    # -- history -------------------------------------------------------------------------------

    def remember_search(self) -> None:
        """The search just submitted, first in the history."""
        notebook = self.notebook()
        self._history, self._history_at = None, -1
        if notebook is not None and (self.query_text.strip() or self.filters):
            try:
                notebook.remember(self.query_text, self.filters, self.sort)
            except MorgueError as exc:
                self.notify(exc.message, severity="error", markup=False)

    def _recall(self, entry: HistoryEntry) -> None:
        self.query_one(SearchBar).set_query(entry.query)
        self.query_text, self.filters, self.sort = entry.query, entry.filters, entry.sort

    def action_history_back(self) -> None:
        """Up in the search bar: the previous search in the history, with its filters."""
        notebook = self.notebook()
        if notebook is None:
            return
        if self._history is None:
            self._history, self._history_at = notebook.history(), -1
        if self._history_at + 1 < len(self._history):
            self._history_at += 1
            self._recall(self._history[self._history_at])

    def action_history_forward(self) -> None:
        """Down in the search bar: the next search in the history; past the latest, to the results."""
        if self._history is not None and self._history_at > 0:
            self._history_at -= 1
            self._recall(self._history[self._history_at])
            return
        self._history_at = -1
        self.action_focus_results()

    def action_focus_results(self) -> None:
        """The main screen's own (the reader, or the results): this one only for the type checker."""
        self.set_focus(self.query_one(ResultsList))

    def action_history_search(self) -> None:
        notebook = self.notebook()
        if notebook is None:
            return
        entries = notebook.history()
        items = [(_describe(e.query, e.filters), str(i)) for i, e in enumerate(entries)]

        def done(picked: tuple[str, str] | None) -> None:
            if picked is not None:
                self._recall(entries[int(picked[1])])
                self.set_focus(self.query_one(ResultsList))

        self.app.push_screen(PickScreen("Search history", items), done)

    # -- saved searches ---------------------------------------------------------------------------

    def action_save_search(self) -> None:
        notebook = self.notebook()
        if notebook is None or not (self.query_text.strip() or self.filters):
            self._say("nothing to save: type a search first")
            return
        query, filters, sort = self.query_text, self.filters, self.sort

        def done(name: str | None) -> None:
            if name and name.strip():
                notebook.save(name.strip(), query, filters, sort)
                if self.result is not None:  # what is shown now is not new when it is next opened
                    notebook.record_seen(name.strip(), "tui", (h.id for h in self.result.hits))
                self._say(f"saved as {name.strip()!r}")

        self.app.push_screen(PromptScreen("Save this search as", query[:40]), done)

    def action_saved_searches(self) -> None:
        self._list_saved()

    @work(thread=True, exclusive=True, group="saved")
    def _list_saved(self) -> None:
        """Each saved search with how many of its results are new since it was last opened."""
        notebook, session = self.notebook(), self.session
        if notebook is None or session is None:
            return
        from index.errors import UsageError
        from index.notebook.whats_new import new_hits

        items = []
        for saved in notebook.saved_searches():
            try:
                found, _ = new_hits(
                    session.index, notebook, saved.name, "tui", saved.query, saved.filters, saved.sort
                )
                new = f"{len(found)}"
            except UsageError:  # a saved query the current syntax refuses: listed, to be fixed or deleted
                new = "?"
            label = f"{saved.name} — {_describe(saved.query, saved.filters)} · {new} new"
            items.append((label, saved.name))
        self.app.call_from_thread(self._pick_saved, items)

    def _pick_saved(self, items: list[tuple[str, str]]) -> None:
        notebook = self.notebook()
        if notebook is None:
            return

        def done(picked: tuple[str, str] | None) -> None:
            if picked is None:
                return
            action, name = picked
            saved = notebook.saved(name)
            if saved is None:
                return
            if action == "delete":
                notebook.remove_saved(name)
                self._say(f"deleted {name!r}")
            elif action == "rename":
                self.app.push_screen(
                    PromptScreen(f"Rename {name!r} to", name), lambda new: self._rename(name, new)
                )
            else:
                self._open_saved(name)

        self.app.push_screen(PickScreen("Saved searches", items, editable=True), done)

    def _rename(self, old: str, new: str | None) -> None:
        notebook = self.notebook()
        if notebook is None or not new or not new.strip() or new.strip() == old:
            return
        try:
            notebook.rename_saved(old, new.strip())
        except ValueError as exc:
            self._say(str(exc))
            return
        self._say(f"renamed to {new.strip()!r}")

    def _open_saved(self, name: str) -> None:
        notebook = self.notebook()
        saved = notebook.saved(name) if notebook is not None else None
        if notebook is None or saved is None:
            return
        self._recall(HistoryEntry(saved.query, saved.filters, saved.sort))
        self._record_opened(name)
        self.set_focus(self.query_one(ResultsList))

    @work(thread=True, exclusive=True, group="saved-seen")
    def _record_opened(self, name: str) -> None:
        notebook, session = self.notebook(), self.session
        saved = notebook.saved(name) if notebook is not None else None
        if notebook is None or session is None or saved is None:
            return
        from index.errors import UsageError
        from index.notebook.whats_new import every_hit

        try:
            every = [h.id for h in every_hit(session.index, saved.query, saved.filters, saved.sort)]
        except UsageError:
            return
        notebook.record_seen(name, "tui", every)

    # -- export -------------------------------------------------------------------------------------

    def action_export_results(self) -> None:
        if self.result is None or self.result.error:
            self._say("nothing to export: search first")
            return

        def done(path: str | None) -> None:
            if path and path.strip():
                self._export(Path(path.strip()).expanduser(), self.query_text, self.filters, self.sort)

        title = "Export all results to (.csv, .jsonl or .md)"
        self.app.push_screen(PromptScreen(title, str(Path.cwd() / EXPORT_DEFAULT)), done)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, path: Path, query: str, filters: tuple[object, ...], sort: str) -> None:
        from index.notebook import export

        notebook, session = self.notebook(), self.session
        if notebook is None or session is None:
            return
        fmt = {".jsonl": "jsonl", ".md": "md"}.get(path.suffix.lower(), "csv")
        try:
            rows = list(export.rows(session.index, notebook, query, filters, sort))  # type: ignore[arg-type]
            with path.open("w", encoding="utf-8", newline="") as handle:
                count = export.write(handle, fmt, iter(rows))
        except (MorgueError, OSError) as exc:
            message = exc.message if isinstance(exc, MorgueError) else f"Cannot write {path}: {exc}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self._say, f"exported {count:,} results to {path}")


def _describe(query: str, filters: tuple[object, ...]) -> str:
    parts = [query.strip() or "(no query)"]
    parts += [f"[{f.field}:{f.value}]" for f in filters if hasattr(f, "field") and hasattr(f, "value")]
    return " ".join(parts)
