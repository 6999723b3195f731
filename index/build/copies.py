"""The build's near-duplicate step: the generation's copy index (`copies.bin`), kept incrementally.

A rebuild adds every article at once (`CopyIndex.add_sketches`: one sort of all
the band keys finds the articles sharing one), after the engine's commit. Run in
a thread while Whoosh's writer processes finished, or in a process of its own,
the step made the commit later by more than its own time on this two-core
machine (tests/bench/RESULTS.md, issue 20), so it stays serial.

The copy index holds the articles the engine holds (the kept article of each
exact-duplicate group), keyed by id. A rebuild sketches every one of them; an
update loads the copy the fork made of the live file, drops the ids that are
no longer kept (a deleted file, a changed one, an exact duplicate that lost its
place) and adds the articles it rewrites, so one changed file costs one lookup,
never a regrouping of the archive. What the groups are does not depend on the
order articles came in (`index.copies.groups`), so an update and a rebuild of
the same archive agree.

A generation written without the file (an index from before this step), or
with sketches made by an older word hashing, is given one on its next update
from the engine's stored articles: slower once, then incremental.

This module imports `index.copies` only when the step runs, after the write: it
loads numpy, and a build that loaded numpy before forking its model workers
left their model on BLIS instead of single-threaded OpenBLAS
(`index.entities.model.load_ner_model`), about 10 % more model time and six
times the page faults (tests/bench/RESULTS.md, issue 17).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from index.engine import open_engine
from index.models import Article
from index.store.manifest import Manifest

if TYPE_CHECKING:
    from index.copies import CopyIndex

# `index.copies` (and numpy with it) is imported inside the functions below: see the
# module's docstring.


def copy_index(articles: Iterable[Article]) -> CopyIndex:
    """The copy index of `articles`, added in their order."""
    from index.copies import CopyIndex
    from index.copies.batch import sketch_all
    from index.copies.text import copy_text

    index = CopyIndex()
    kept = list(articles)
    made = sketch_all((copy_text(a.title, a.body) for a in kept), index.params)
    index.add_sketches([(a.id, s, a.date, len(a.body)) for a, s in zip(kept, made, strict=True)])
    return index


def write_copies(gen: Path, articles: Iterable[Article]) -> None:
    """A rebuild's copy index: every kept article, written into the new generation."""
    from index.copies import save

    save(copy_index(articles), gen)


def update_copies(
    gen: Path, index_dir: Path, search_engine: str, manifest: Manifest, rewritten: list[Article]
) -> None:
    """An update's copy index: the forked one, less the ids no longer kept, plus `rewritten`."""
    from index.copies import CopiesFileError, copies_file, load, save
    from index.copies.sketch import HASHING
    from index.copies.text import copy_text

    kept = {ids[0] for ids in manifest.hash_groups().values()}
    if copies_file(gen).exists():
        try:
            index = load(gen)
        except CopiesFileError:
            index = _from_engine(gen, index_dir, search_engine, kept)
        if index.params.hashing != HASHING:  # sketched another way: new sketches would not compare
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
    from index.copies import CopyIndex
    from index.copies.text import copy_text

    index = CopyIndex()
    engine = open_engine(gen, index_dir, search_engine)
    try:
        for record in engine.iter_records():
            if record.id in kept:
                index.add(record.id, copy_text(record.title, record.body), record.date, len(record.body))
    finally:
        engine.close()
    return index
