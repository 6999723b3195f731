"""The build's near-duplicate step: the generation's copy index (`copies.bin`), kept incrementally.

A rebuild computes its copy index in a thread (`CopiesInBackground`), started
once the engine has been handed the last document: Whoosh's writer processes
then index and flush on both cores while the main process only waits for them
(`join`, which holds no lock), so the sketching fills that wait instead of
following it; the main process saves the result after the engine's commit.
The thread adds the articles in the same order as before, so the groups and
their numbers are exactly those a serial step gives. It writes nothing, so a
rebuild killed or failing meanwhile leaves nothing of it behind.

The copy index holds the articles the engine holds (the kept article of each
exact-duplicate group), keyed by id. A rebuild sketches every one of them; an
update loads the copy the fork made of the live file, drops the ids that are
no longer kept (a deleted file, a changed one, an exact duplicate that lost its
place) and adds the articles it rewrites, so one changed file costs one lookup,
never a regrouping of the archive. What the groups are does not depend on the
order articles came in (`index.copies.groups`), so an update and a rebuild of
the same archive agree.

A generation written without the file (an index from before this step) is
given one on its next update from the engine's stored articles: slower once,
then incremental.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from index.copies import CopiesFileError, CopyIndex, copies_file, load, save, sketch
from index.copies.text import copy_text
from index.engine import open_engine
from index.models import Article
from index.store.manifest import Manifest

T = TypeVar("T")


def copy_index(articles: Iterable[Article]) -> CopyIndex:
    """The copy index of `articles`, added in their order."""
    index = CopyIndex()
    index.add_sketches(
        [(a.id, sketch(copy_text(a.title, a.body), index.params), a.date, len(a.body)) for a in articles]
    )
    return index


class CopiesInBackground:
    """A rebuild's copy index, computed in a thread from `start()` on; `result()` waits for it."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self._index: CopyIndex | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="morgue-copies", daemon=True)
            self._thread.start()

    def after(self, items: Iterable[T]) -> Iterator[T]:
        """`items`, then `start()`: the thread begins once the last item has been taken."""
        yield from items
        self.start()

    def result(self) -> CopyIndex:
        """The copy index (computed here if the thread was never started); the thread's error, raised."""
        if self._thread is None:
            self._run()
        else:
            self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._index is not None
        return self._index

    def _run(self) -> None:
        try:
            self._index = copy_index(self.articles)
        except BaseException as exc:  # handed to the main thread, which raises it
            self._error = exc


def write_copies(gen: Path, articles: list[Article], background: CopiesInBackground | None = None) -> None:
    """A rebuild's copy index (every kept article; `background`'s if given), written into the new generation."""
    save((background or CopiesInBackground(articles)).result(), gen)


def update_copies(
    gen: Path, index_dir: Path, search_engine: str, manifest: Manifest, rewritten: list[Article]
) -> None:
    """An update's copy index: the forked one, less the ids no longer kept, plus `rewritten`."""
    kept = {ids[0] for ids in manifest.hash_groups().values()}
    if copies_file(gen).exists():
        try:
            index = load(gen)
        except CopiesFileError:
            index = _from_engine(gen, index_dir, search_engine, kept)
    else:
        index = _from_engine(gen, index_dir, search_engine, kept)
    fresh = {a.id for a in rewritten}
    for article_id in [i for i in index.ids() if i not in kept or i in fresh]:
        index.remove(article_id)
    for article in rewritten:
        index.add(article.id, copy_text(article.title, article.body), article.date, len(article.body))
    save(index, gen)


def _from_engine(gen: Path, index_dir: Path, search_engine: str, kept: set[str]) -> CopyIndex:
    """The copy index of what the engine in `gen` holds (already updated), for a generation without one."""
    index = CopyIndex()
    engine = open_engine(gen, index_dir, search_engine)
    try:
        for record in engine.iter_records():
            if record.id in kept:
                index.add(record.id, copy_text(record.title, record.body), record.date, len(record.body))
    finally:
        engine.close()
    return index
