"""The engine door: what Morgue asks of a search engine, and nothing more.

Everything engine-neutral — the query language (`index.query`), analysis and
highlighting (`index.text`), the generations on disk (`index.store`), the
archive's sidecars — stays outside. An engine holds the postings and the
stored records of one generation, and answers with the plain values below; no
engine object crosses this door. Whoosh is the engine today
(`index.engine.whoosh`); a server engine (OpenSearch) would implement the same
two Protocols and be chosen by `index.engine.open_engine`/`engine_writer`.

A query arrives as Morgue's syntax tree, already expanded
(`index.query.expand`: fuzzy terms, and wildcards and ranges capped as word
sets), so every engine matches the same words; an engine only compiles the
tree and must honour its semantics (the shared suite in
`tests/test_search_queries.py` runs against each engine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from index.models import Article, Count, Extraction, Facets, Progress, Quote, StoredArticle
from index.query.syntax import Node, Prefix, TermRange, Wildcard


@dataclass(frozen=True)
class Record:
    """What a result list shows of an article: its stored fields without entities."""

    id: str
    title: str
    body: str
    date: datetime | None
    source: str
    section: str
    path: str
    url: str = ""


@dataclass(frozen=True)
class Ranked:
    """One page of a query's matches, best first, with the exact total and the facets of all.

    `facets` is empty when the caller asked for none (a script printing the hits).
    """

    page: tuple[tuple[Record, float], ...]
    total: int
    facets: Facets


@dataclass(frozen=True)
class Indexed:
    """One article to write, with its entities and the ids of its exact duplicates."""

    article: Article
    extraction: Extraction
    duplicates: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()  # its quotations (`index.quotes`), offsets into the body


@dataclass(frozen=True)
class DayCounts:
    """A query's matches by day, from the date column: (day's proleptic ordinal, count), and the undated."""

    days: tuple[tuple[int, int], ...]
    undated: int


class SearchEngine(Protocol):
    """One open generation, long-lived and safe to share between threads (the caller locks)."""

    name: str  # "whoosh", with its state: "whoosh 2.7.5", "whoosh 2.7.4 (unpatched)"

    # -- terms, for expanding wildcards and ranges (`index.query.expand.TermSource`)
    def expand(self, leaf: Prefix | Wildcard | TermRange) -> Iterator[str]: ...
    def doc_frequency(self, field: str, word: str) -> int: ...

    # -- searching
    def search(self, query: Node, *, sort: str, limit: int, facets: bool = True) -> Ranked: ...
    def count(self, query: Node) -> int: ...
    # Counts of nodes among one query's matches (None: all), that query run once for all of them.
    def counter(self, within: Node | None) -> Callable[[Node], int]: ...
    def value_counts(self, query: Node | None, field: str, limit: int | None) -> tuple[Count, ...]: ...
    def day_counts(self, query: Node | None) -> DayCounts: ...
    def more_like(self, doc_id: str, limit: int) -> tuple[tuple[Record, float], ...] | None: ...

    # -- articles
    def article(self, doc_id: str) -> StoredArticle | None: ...
    def iter_records(self) -> Iterator[Record]: ...
    def doc_count(self) -> int: ...
    def date_range(self) -> tuple[datetime | None, datetime | None]: ...
    def warm_up(self, query: Node | None) -> None: ...

    # -- lifecycle
    def refresh(self) -> bool: ...
    def close(self) -> None: ...


class EngineWriter(Protocol):
    """Writes a generation: a fresh one, or an update of a copy of the live one.

    An update is written into a new generation that starts as a copy of the
    live one (`index.store.generations.fork_generation`), so that the engine's
    commit and the sidecars are published together. `immutable` names the
    engine's files that are never rewritten once written: those are hard-linked
    into the copy instead of copied, which keeps an update's cost independent of
    the index's size.
    """

    name: str

    def immutable(self, filename: str) -> bool: ...

    def write(
        self,
        gen: Path,
        docs: Iterable[Indexed],
        *,
        total: int,
        create: bool,
        delete_hashes: Iterable[str] = (),
        procs: int = 1,
        tick: Callable[[Progress], None] = ...,
    ) -> None: ...

    def doc_count(self, gen: Path) -> int: ...
