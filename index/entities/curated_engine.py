"""An engine that answers with the user's corrections applied: the one place they meet the index.

Why here: every entity the user sees comes through the engine door — facets,
`value_counts` (the sidebar, co-occurrence, `morgue stats`, `morgue
entities`), entity filters, an article's own entities. Wrapping the engine
`SearchIndex` opens applies the archive's curation file everywhere at once,
with nothing rebuilt and no model run. The file is read again when it changes
(a stat per query), so a correction made by the CLI shows in an open TUI on
its next search. A malformed file is reported (`error`) and ignored, never
lost: the index opens with no corrections.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from index.engine.protocol import Ranked, Record, SearchEngine
from index.entities.applied import Applied
from index.entities.curation import Curation, CurationError, curation_path_for, load_curation_or_empty
from index.fields import ENTITY_FIELDS, TOP_ENTITIES
from index.models import Count, StoredArticle
from index.query.syntax import And, Node, Or, Prefix, Term, TermRange, Wildcard
from index.store.generations import Meta


class CuratedEngine:
    """A SearchEngine (by delegation) that reads entities through the archive's corrections."""

    def __init__(self, inner: SearchEngine, path: Path | None, archive: str = "") -> None:
        self.inner = inner
        self.archive = archive
        self.name = inner.name
        self.path = path
        self.error: CurationError | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._applied = Applied(Curation())
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> object:
        """What is not the door's (an engine's own figures and internals, which benchmarks and
        tests read) is the wrapped engine's."""
        if name == "inner":  # not set yet (an unpickled or half-built object): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)

    # -- the corrections -----------------------------------------------------------------

    def applied(self) -> Applied:
        """The corrections in force, read again when the file changed since last asked."""
        if self.path is None:
            return self._applied
        try:
            st = self.path.stat()
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                curation, self.error = load_curation_or_empty(self.path) if stamp else (Curation(), None)
                self._applied, self._stamp = Applied(curation), stamp
            return self._applied

    def _exact(self, query: Node | None, terms: list[Term]) -> int:
        either: Node = Or(tuple(terms)) if len(terms) > 1 else terms[0]
        return self.inner.count(either if query is None else And((query, either)))

    # -- the door ------------------------------------------------------------------------

    def expand(self, leaf: Prefix | Wildcard | TermRange) -> Iterator[str]:
        return self.inner.expand(leaf)

    def doc_frequency(self, field: str, word: str) -> int:
        return self.inner.doc_frequency(field, word)

    def search(self, query: Node, *, sort: str, limit: int, facets: bool = True) -> Ranked:
        applied = self.applied()
        if not applied:
            return self.inner.search(query, sort=sort, limit=limit, facets=facets)
        widened = applied.widen(query)
        ranked = self.inner.search(widened, sort=sort, limit=limit, facets=facets)
        if not facets:
            return ranked
        entities = applied.remap_counts(
            ranked.facets.entities, lambda terms: self._exact(widened, terms), TOP_ENTITIES
        )
        return replace(ranked, facets=replace(ranked.facets, entities=entities))

    def count(self, query: Node) -> int:
        return self.inner.count(self.applied().widen(query))

    def value_counts(self, query: Node | None, field: str, limit: int | None) -> tuple[Count, ...]:
        applied = self.applied()
        if not applied or field not in ENTITY_FIELDS:
            return self.inner.value_counts(query, field, limit)
        widened = None if query is None else applied.widen(query)
        more = None if limit is None else limit + len(applied.curation.corrections)
        counts = self.inner.value_counts(widened, field, more)
        out = applied.remap_counts(
            {field: counts}, lambda terms: self._exact(widened, terms), limit, [field], complete=True
        )
        return out[field]

    def more_like(self, doc_id: str, limit: int) -> tuple[tuple[Record, float], ...] | None:
        return self.inner.more_like(doc_id, limit)

    def article(self, doc_id: str) -> StoredArticle | None:
        article = self.inner.article(doc_id)
        applied = self.applied()
        if article is None or not applied:
            return article
        curation = applied.curation
        return replace(
            article,
            entities=tuple(curation.apply(article.entities)),
            mentions=tuple(curation.apply_mentions(article.mentions)),
        )

    def iter_records(self) -> Iterator[Record]:
        return self.inner.iter_records()

    def doc_count(self) -> int:
        return self.inner.doc_count()

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        return self.inner.date_range()

    def warm_up(self, query: Node | None) -> None:
        self.applied()
        self.inner.warm_up(query)

    def refresh(self) -> bool:
        return self.inner.refresh()

    def close(self) -> None:
        self.inner.close()


def curated(inner: SearchEngine, gen: Path) -> CuratedEngine:
    """`inner` with the corrections of the archive the generation was built from."""
    try:
        archive = Meta.read(gen).archive
    except (OSError, ValueError):
        archive = ""
    path = curation_path_for(Path(archive)) if archive or os.environ.get("MORGUE_CURATION") else None
    return CuratedEngine(inner, path, archive)


def curation_of(engine: object) -> CuratedEngine | None:
    """The curated engine behind a SearchIndex's `engine`, if it is one."""
    return engine if isinstance(engine, CuratedEngine) else None
