"""An engine that answers with the user's corrections applied: the one place they meet the index.

Why here: every entity the user sees comes through the engine door — facets,
`value_counts` (the sidebar, co-occurrence, `morgue stats`, `morgue
entities`), entity filters, an article's own entities. Wrapping the engine
`SearchIndex` opens applies the archive's curation file everywhere at once,
with nothing rebuilt and no model run. The file is read again when it changes
(a stat per query), so a correction made by the CLI shows in an open TUI on
its next search. A malformed file is reported (`error`) and ignored, never
lost: the index opens with no corrections.

The generation's archive-wide resolution (its alias map, `index.entities.table`)
comes through the same door, first: it is read once per generation (which
never changes), less the aliases the user split, and a missing or damaged
table means no resolution.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from index.engine.protocol import DayCounts, Ranked, Record, SearchEngine
from index.entities.applied import Applied, group_of
from index.entities.curation import Curation, CurationError, curation_path_for, load_curation_or_empty
from index.entities.resolve import AliasMap
from index.entities.resolved import Resolved
from index.entities.table import load_aliases
from index.fields import ENTITY_FIELDS, TOP_ENTITIES
from index.models import Count, Mention, Quote, StoredArticle
from index.prominence import prominence
from index.query.meaning import keyword_value
from index.query.syntax import And, Node, Or, Prefix, Term, TermRange, Wildcard
from index.store.generations import Meta

# More matches than this: the engine's own order (by prominence too: `index.prominence`), no reads.
RERANK_MAX = 500


class CuratedEngine:
    """A SearchEngine (by delegation) that reads entities through the archive's corrections."""

    def __init__(
        self, inner: SearchEngine, path: Path | None, archive: str = "", gen: Path | None = None
    ) -> None:
        self.inner = inner
        self.gen = gen  # whose resolution applies (None: none)
        self._aliases: AliasMap | None = None
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
        stamp: tuple[int, int, int] | None = None
        if self.path is not None:
            try:
                st = self.path.stat()
                stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                stamp = None
        with self._lock:
            first = self._aliases is None
            if self._aliases is None:  # read the generation's resolution once: it never changes
                self._aliases = load_aliases(self.gen) if self.gen is not None else {}
            if first or stamp != self._stamp:
                curation, self.error = (
                    load_curation_or_empty(self.path) if self.path and stamp else (Curation(), None)
                )
                resolved = Resolved(curation.filter_aliases(self._aliases)) if self._aliases else None
                self._applied, self._stamp = Applied(curation, resolved), stamp
            return self._applied

    # -- the door ------------------------------------------------------------------------

    def expand(self, leaf: Prefix | Wildcard | TermRange) -> Iterator[str]:
        return self.inner.expand(leaf)

    def doc_frequency(self, field: str, word: str) -> int:
        return self.inner.doc_frequency(field, word)

    def search(self, query: Node, *, sort: str, limit: int, facets: bool = True) -> Ranked:
        applied = self.applied()
        widened = applied.widen(query) if applied else query
        about = entity_only(query) if sort == "relevance" else None
        asked = max(limit, RERANK_MAX) if about else limit
        ranked = self.inner.search(widened, sort=sort, limit=asked, facets=facets)
        if about and ranked.total <= RERANK_MAX:
            ranked = replace(ranked, page=self._by_mentions(ranked.page, about)[:limit])
        elif asked != limit:
            ranked = replace(ranked, page=ranked.page[:limit])
        if not facets or not applied:
            return ranked
        entities = applied.remap_counts(ranked.facets.entities, self.inner.counter(widened), TOP_ENTITIES)
        return replace(ranked, facets=replace(ranked.facets, entities=entities))

    def _by_mentions(
        self, page: tuple[tuple[Record, float], ...], wanted: set[tuple[str, str]]
    ) -> tuple[tuple[Record, float], ...]:
        """An entity query's matches, most about the entity first: its mentions (under any
        alias, through the corrections), those in the lead counted twice more, and three more
        when the title names it. Ties keep the engine's order."""
        scored = []
        for record, _score in page:
            article = self.article(record.id)
            mentions = [] if article is None else [m for m in article.mentions if _wants(m, wanted)]
            scored.append((record, float(prominence(mentions, record.title))))
        scored.sort(key=lambda item: -item[1])
        return tuple(scored)

    def count(self, query: Node) -> int:
        return self.inner.count(self.applied().widen(query))

    def counter(self, within: Node | None) -> Callable[[Node], int]:
        applied = self.applied()
        inner = self.inner.counter(None if within is None else applied.widen(within))
        return lambda node: inner(applied.widen(node))

    def day_counts(self, query: Node | None) -> DayCounts:
        """The timeline counts what the search matched: the same widened query (and the engine's cache of it)."""
        return self.inner.day_counts(None if query is None else self.applied().widen(query))

    def value_counts(self, query: Node | None, field: str, limit: int | None) -> tuple[Count, ...]:
        applied = self.applied()
        if not applied or field not in ENTITY_FIELDS:
            return self.inner.value_counts(query, field, limit)
        widened = None if query is None else applied.widen(query)
        more = None if limit is None else 2 * limit + len(applied.curation.corrections)
        counts = self.inner.value_counts(widened, field, more)
        out = applied.remap_counts(
            {field: counts}, self.inner.counter(widened), limit, [field], complete=True
        )
        return out[field]

    def more_like(self, doc_id: str, limit: int) -> tuple[tuple[Record, float], ...] | None:
        return self.inner.more_like(doc_id, limit)

    def article(self, doc_id: str) -> StoredArticle | None:
        article = self.inner.article(doc_id)
        applied = self.applied()
        if article is None or not applied:
            return article
        curation, resolved = applied.curation, applied.resolved
        return replace(
            article,
            entities=tuple(curation.apply(resolved.entities(doc_id, article.entities))),
            mentions=tuple(curation.apply_mentions(resolved.mentions(doc_id, article.mentions))),
            quotes=tuple(
                _speaker_corrected(q, resolved.by_article.get(doc_id, {}), applied) for q in article.quotes
            ),
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


def entity_only(query: Node) -> set[tuple[str, str]] | None:
    """The (group, keyword value) of each entity a query asks for, when it asks for nothing
    else (entity terms joined by AND/OR); None for any other query."""
    found: set[tuple[str, str]] = set()
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, Term) and node.field in ENTITY_FIELDS:
            found.add((node.field, node.text))
        elif isinstance(node, And | Or):
            stack.extend(node.children)
        else:
            return None
    return found or None


def _wants(m: Mention, wanted: set[tuple[str, str]]) -> bool:
    return (group_of(m.label), keyword_value(m.canonical)) in wanted


def curated(inner: SearchEngine, gen: Path) -> CuratedEngine:
    """`inner` with the corrections of the archive the generation was built from."""
    try:
        archive = Meta.read(gen).archive
    except (OSError, ValueError):
        archive = ""
    path = curation_path_for(Path(archive)) if archive or os.environ.get("MORGUE_CURATION") else None
    return CuratedEngine(inner, path, archive, gen)


def curation_of(engine: object) -> CuratedEngine | None:
    """The curated engine behind a SearchIndex's `engine`, if it is one."""
    return engine if isinstance(engine, CuratedEngine) else None


def _speaker_corrected(quote: Quote, renames: Mapping[tuple[str, str], str], applied: Applied) -> Quote:
    """A quotation with its speaker as the archive's resolution and the user's corrections name it
    now (the reader, the Quotes view and `morgue quotes` show "Tony Blair" where "Blair" is
    resolved or merged into him); a hidden or unchanged speaker stays as written."""
    if not quote.speaker:
        return quote
    label = quote.speaker_label or "PERSON"
    spoken = renames.get((quote.speaker, label), quote.speaker)
    target = applied.target("org" if label == "ORG" else "person", spoken)
    name = spoken if target is None else target.name
    return quote if name == quote.speaker else replace(quote, speaker=name)
