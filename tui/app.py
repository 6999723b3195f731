"""The Morgue TUI: the app, its factory (`make_app`) and `run_app` for the launcher.

The app owns the index's lifecycle — open it (building it first if it was
never built), poll for a rebuilt index, rebuild on request — always in thread
workers; the main screen owns searching and display. Nothing here imports
Whoosh or spaCy at module level: the first screen is up before the index is.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from index.errors import EXIT_INTERNAL, EXIT_OK, MorgueError, out_of_memory
from index.models import Progress, Stats

from . import text as tx
from .commands import MorgueCommands, PaletteApp
from .keymap import Keys, binding_ids, load_keys
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .session import Session

POLL_SECONDS = 2.0


class MorgueApp(App[int]):
    """Keyboard-first explorer for one news archive's index."""

    CSS_PATH = "app.tcss"
    TITLE = "Morgue"
    COMMANDS = App.COMMANDS | {MorgueCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help"),
        # Ctrl+Q in the footer: it quits from the search bar too, where `q` is typed.
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("q", "quit", "Quit", show=False, id="quit_q"),
    ]

    @dataclass
    class IndexOpened(Message):
        stats: Stats

    @dataclass
    class IndexFailed(Message):
        message: str
        exit_code: int

    @dataclass
    class IndexRefreshed(Message):
        stats: Stats

    @dataclass
    class BuildProgressed(Message):
        progress: Progress

    @dataclass
    class BuildFinished(Message):
        summary: str

    def __init__(
        self,
        session: Session,
        *,
        debounce: float = 0.0,
        timings: bool = True,
        poll_seconds: float = POLL_SECONDS,
        keys: Keys | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.user_keys = keys or Keys()
        self.debounce = debounce
        self.timings = timings
        self.poll_seconds = poll_seconds
        self.exit_code = EXIT_OK

    def get_default_screen(self) -> MainScreen:
        # The figures the last build saved (a few small files, no Whoosh): the overview is in the first frame.
        saved = self.session.saved_stats()
        return MainScreen(debounce=self.debounce, timings=self.timings, saved=saved)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        if self.user_keys.keymap:
            self.set_keymap(self.user_keys.keymap)
        for problem in self.user_keys.problems:
            self.notify(problem, title="Keys", severity="warning", timeout=10, markup=False)

    @on(MainScreen.Ready)
    def _screen_ready(self) -> None:
        # After the first frame: importing Whoosh in a thread would hold the GIL while it paints.
        self.call_after_refresh(self.open_index)
        if self.poll_seconds > 0:
            self.set_interval(self.poll_seconds, self.poll_index)

    def on_unmount(self) -> None:
        self.session.close()

    # -- the index's lifecycle, in workers -----------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def open_index(self) -> None:
        try:
            if self.session.needs_build():
                self.session.build(progress=self._report_build_progress)
            stats = self.session.open()
        except MorgueError as exc:
            self.post_message(self.IndexFailed(exc.message, exc.exit_code))
        except MemoryError:  # the machine's state, not a bug
            error = out_of_memory("opening the index", " or index it with `morgue index --procs 1`")
            self.post_message(self.IndexFailed(error.message, error.exit_code))
        except Exception as exc:  # a bug: a message, never a traceback over the UI
            self.post_message(self.IndexFailed(f"Internal error: {exc!r}. Please report it.", EXIT_INTERNAL))
        else:
            self.post_message(self.IndexOpened(stats))

    @work(thread=True, exclusive=True, group="refresh")
    def refresh_index(self) -> None:
        session = self.session
        if not session.is_open:
            if not session.needs_build():
                self.call_from_thread(self.open_index)  # e.g. another process has finished building it
            return
        if not session.refresh():
            return
        try:  # swapped: the screen must hear of it, even if a newer poll came meanwhile
            stats = session.stats()
        except MorgueError as exc:  # the new index is damaged: searches will say so; no crash here
            self.call_from_thread(self.notify, exc.message, title="Index", severity="error", markup=False)
            return
        self.post_message(self.IndexRefreshed(stats))

    def poll_index(self) -> None:
        # One refresh at a time: a poll that cancelled a refresh in progress used to lose its news.
        if not any(w.group in ("index", "build", "refresh") and w.is_running for w in self.workers):
            self.refresh_index()

    def _report_build_progress(self, progress: Progress) -> None:
        """The build's progress callback: called in the worker's thread, so it only posts a message."""
        self.post_message(self.BuildProgressed(progress))

    @work(thread=True, exclusive=True, group="build")
    def rebuild_index(self) -> None:
        try:
            report = self.session.build(rebuild=True, progress=self._report_build_progress)
        except MorgueError as exc:
            self.call_from_thread(
                self.notify, exc.message, title="Rebuild failed", severity="error", markup=False
            )
            return
        self.post_message(
            self.BuildFinished(
                f"Index rebuilt: {tx.plural(report.docs, 'article')} in {report.seconds:.1f} s"
            )
        )
        if self.session.is_open and self.session.refresh():
            self.post_message(self.IndexRefreshed(self.session.stats()))

    @on(IndexOpened)
    def _index_opened(self, message: IndexOpened) -> None:
        self.exit_code = EXIT_OK
        self.main.index_ready(self.session, message.stats)

    @on(IndexFailed)
    def _index_failed(self, message: IndexFailed) -> None:
        self.exit_code = message.exit_code
        self.main.index_failed(message.message)

    @on(IndexRefreshed)
    def _index_refreshed(self, message: IndexRefreshed) -> None:
        self.main.index_refreshed(message.stats)

    @on(BuildProgressed)
    def _build_progressed(self, message: BuildProgressed) -> None:
        self.main.build_progressed(message.progress)

    @on(BuildFinished)
    def _build_finished(self, message: BuildFinished) -> None:
        self.notify(message.summary, title="Morgue", markup=False)

    # -- actions (keys and the command palette) ------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.user_keys, all_binding_ids()))

    async def action_quit(self) -> None:
        self.exit(self.exit_code, return_code=self.exit_code)

    def action_rebuild(self) -> None:
        if self.session.archive is None:
            self.notify("No archive is known for this index.", severity="error")
            return
        self.notify("Rebuilding the index; searches keep using the current one meanwhile.", title="Morgue")
        self.rebuild_index()

    def action_sort(self, sort: str) -> None:
        self.main.sort = sort

    def action_toggle_sidebar(self) -> None:
        self.main.action_toggle_sidebar()

    def action_clear_filters(self) -> None:
        self.main.filters = ()
        self.main.like = None

    def action_more_like(self) -> None:
        self.main.action_more_like()

    def action_next_article(self) -> None:
        self.main.action_next_article()

    def action_previous_article(self) -> None:
        self.main.action_previous_article()

    def action_export_results(self) -> None:
        self.main.action_export_results()

    def action_entity_corrections(self) -> None:
        self.main.action_entity_corrections()


def _palette_app(app: MorgueApp) -> PaletteApp:
    """Never called: mypy checks here that the app is what the command palette takes it for."""
    return app


def make_app(
    index_path: Path,
    archive: Path | None = None,
    *,
    debounce: float = 0.0,
    timings: bool = True,
    poll_seconds: float = POLL_SECONDS,
    entities: bool = True,
    keys: Keys | None = None,
) -> MorgueApp:
    """The app on one index (built from `archive` on first use). `timings=False` for stable snapshots;
    `keys`: the user's keymap (`load_keys`), none by default so that tests see the default keys."""
    session = Session(Path(index_path), Path(archive) if archive else None, entities=entities)
    return MorgueApp(session, debounce=debounce, timings=timings, poll_seconds=poll_seconds, keys=keys)


def all_binding_ids() -> dict[str, tuple[str, str]]:
    """Every binding id of the TUI -> what its key does: what a keys.toml may remap."""
    from .screens import (  # noqa: F401  (the dialogs the screens import when first used)
        copies,
        corrections_list,
        entity_view,
        name_picker,
        notebook_dialogs,
        quotes,
        text_prompt,
    )

    return binding_ids(MorgueApp)


def launch_app(index_path: Path, archive: Path | None = None) -> MorgueApp:
    """`make_app` for the `morgue` command, which has just imported everything it will need.

    The ~300,000 objects those imports made are moved out of the garbage
    collector's sight (`gc.freeze`): the first frame allocates thousands of
    small objects, and each full collection walking all of them cost ~25 ms
    of the launch. The tests build many apps in one process and skip this.
    """
    keys = load_keys(all_binding_ids())
    gc.freeze()
    return make_app(index_path, archive, keys=keys)


def run_app(archive: Path, index_dir: Path) -> int:
    """Run the TUI until the user quits; the exit code (non-zero if the index could not be opened)."""
    app = launch_app(index_dir, archive)
    app.run()
    return app.return_code or 0
