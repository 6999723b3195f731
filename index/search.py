"""The one search API that the CLI and the TUI both use.

`SearchIndex` keeps one engine (`index.engine`) open on the live generation
across queries, and opens a new one only when a rebuild or an update swapped
generations (an index written in place, by an older Morgue, is the engine's
to pick up). While a reopen fails (an index being deleted or swapped), it
keeps answering from what it has.

A query goes through the same steps whatever the engine: parsed into Morgue's
syntax tree (`index.query`), its fuzzy terms and wildcards expanded and capped
against the archive's words (`index.query.expand`), run by the engine, and its
hits highlighted from the same tree (`index.query.marks`), so what is
highlighted is what matched.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from index.engine import DEFAULT_ENGINE, SearchEngine, open_engine
from index.engine.protocol import Record
from index.entities.curated_engine import curated
from index.entities.extent import read_length
from index.entities.mention_marks import with_mention_phrases
from index.errors import MorgueError, NotFoundError
from index.models import (
    SORTS,
    UNDATED,
    ArticleSummary,
    Count,
    Filter,
    Fragment,
    Highlights,
    Hit,
    SearchResult,
    StoredArticle,
)
from index.notebook.resolve import with_marks
from index.query import QueryError, parse_query, plain_words, walk
from index.query.expand import bound_expansions
from index.query.marks import QueryMarks
from index.query.syntax import DateRange, Fuzzy, Node
from index.store.generations import Meta, current_generation, require_generation
from index.text.highlight import fragments, spans_only
from index.text.vocab import Vocabulary, VocabularyFile, Words

SUGGEST_BELOW = 3  # offer did-you-mean when a query finds fewer hits than this
MAX_LIMIT = 1000
MAX_MARKS = 10_000  # matches marked in one article for the reader to step through; more are not
SNIPPET_MATCHES = 100  # a huge body's snippets are chosen among its first matches...
SNIPPET_SCAN_CHARS = 1 << 18  # ...within its first characters


class SearchIndex:
    """A long-lived, thread-safe handle on one index directory."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._gen: Path | None = None
        self._engine: SearchEngine | None = None
        self._vocab: Vocabulary | None = None
        self._words: VocabularyFile | None = None
        self._open()

    # -- lifecycle -------------------------------------------------------

    def _open(self) -> None:
        gen = require_generation(self.index_dir)
        engine: SearchEngine = curated(open_engine(gen, self.index_dir, _engine_name(gen)), gen)
        old = self._engine
        self._engine, self._gen, self._vocab, self._words = engine, gen, None, None
        if old is not None:
            old.close()

    def refresh(self) -> bool:
        """Pick up a rebuilt or updated index; True when something new is being served."""
        with self._lock:
            gen = current_generation(self.index_dir)
            try:
                if gen is not None and gen != self._gen:
                    self._open()
                    return True
                if gen is not None and self._live().refresh():
                    self._vocab, self._words = None, None
                    return True
            except (MorgueError, OSError):
                return False  # keep serving what we have; the next query tries again
            return False

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _live(self) -> SearchEngine:
        if self._engine is None:
            raise MorgueError("The index is closed.")
        return self._engine

    @property
    def engine(self) -> SearchEngine:
        """The engine serving the live generation (for figures: `index.stats`)."""
        with self._lock:
            return self._live()

    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            assert self._gen is not None
            self._vocab = Vocabulary.load(self._gen)
        return self._vocab

    def _words_in_place(self) -> Words:
        """The vocabulary as loaded (a long-lived caller's, from `warm_up`), else read in place.

        A one-shot command never loads the archive's whole word list: it looks
        words up in the sidecar file (`VocabularyFile`).
        """
        if self._vocab is not None:
            return self._vocab
        if self._words is None:
            assert self._gen is not None
            self._words = VocabularyFile(self._gen)
        return self._words

    def _vocabulary_for(self, node: Node) -> Words | None:
        """The vocabulary, when the query needs it (a fuzzy word) or it is loaded already."""
        if self._vocab is not None or any(isinstance(n, Fuzzy) for n in walk(node)):
            return self._words_in_place()
        return None

    def warm_up(self) -> None:
        """Load now what the first search would load in front of the user.

        The engine's facet data, the vocabulary, and the engine's readers for
        the body and title (one search for the archive's commonest word). For a
        long-lived caller (the TUI) after opening or refreshing: each of its
        queries then counts facets from a map and finds matches with the
        vocabulary's word forms. A one-shot command skips it, and reads only
        what its one query needs.
        """
        with self._lock:
            counts = self.vocabulary().counts
            query = None
            if counts:
                try:
                    query = parse_query(max(counts, key=counts.__getitem__)).node
                except QueryError:
                    query = None
            self._live().warm_up(query)

    @property
    def generation(self) -> Path | None:
        return self._gen

    # -- searching ---------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        filters: tuple[Filter, ...] = (),
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
        facets: bool = True,
    ) -> SearchResult:
        """Run a query; query mistakes come back in `error`/`warnings`, never as exceptions.

        `facets=False` leaves the facets empty, for a caller that shows none:
        counting them reads a column for every matching article.
        """
        started = time.perf_counter()
        offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))

        def failed(message: str) -> SearchResult:
            elapsed = round((time.perf_counter() - started) * 1000, 2)
            return SearchResult.failed(
                query, message, filters=filters, sort=sort, offset=offset, elapsed_ms=elapsed
            )

        if sort not in SORTS:
            return failed(f"Unknown sort {sort!r}: use one of {', '.join(SORTS)}.")
        with self._lock:
            self.refresh()
            engine = self._live()
            try:
                parsed = parse_query(query, filters)
            except QueryError as exc:
                return failed(str(exc))
            warnings = list(parsed.warnings)
            # Dates asked of an archive without any: say so (the figures are cached by the engine).
            ranking = sort
            dated_terms = any(isinstance(n, DateRange) for n in walk(parsed.node))
            if (sort != "relevance" or dated_terms) and engine.date_range() == (None, None):
                if sort != "relevance":
                    warnings.append(f"{UNDATED}: the results are in order of relevance.")
                    ranking = "relevance"
                if dated_terms:
                    warnings.append(f"{UNDATED}, so date: finds none.")
            try:
                node = with_marks(parsed.node, self._gen, warnings)  # tag:, is:, has: (the notebook)
                node = bound_expansions(node, engine, self._vocabulary_for(node), warnings)
                ranked = engine.search(node, sort=ranking, limit=offset + limit, facets=facets)
            except (RecursionError, MemoryError):
                return failed("The query is too complex to run; simplify it.")
            marks = QueryMarks(with_mention_phrases(node, engine), self._vocab)
            hits = tuple(_hit(record, score, marks) for record, score in ranked.page[offset : offset + limit])
            suggestion = self._suggest(query, ranked.total) if query.strip() else None
        return SearchResult(
            query=query,
            parsed=str(node),
            hits=hits,
            total=ranked.total,
            facets=ranked.facets,
            suggestion=suggestion,
            elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
            offset=offset,
            sort=sort,
            filters=filters,
            warnings=tuple(warnings),
        )

    def _suggest(self, query: str, total: int) -> str | None:
        """A corrected query from the archive's own vocabulary, offered only if it finds more."""
        if total >= SUGGEST_BELOW:
            return None
        vocab = self._words_in_place()
        corrected = query
        for word in plain_words(query):
            if word.lower() in vocab:
                continue
            best = vocab.correction(word.lower())
            if best:
                corrected = re.sub(rf"\b{re.escape(word)}\b", best, corrected, count=1)
        if corrected == query:
            return None
        try:
            node = self._expanded(corrected, ())
        except QueryError:
            return None
        return corrected if self._live().count(node) > total else None

    def _expanded(self, query: str, filters: tuple[Filter, ...]) -> Node:
        """A query parsed and expanded, for the calls that report no warnings."""
        node = with_marks(parse_query(query, filters).node, self._gen)
        return bound_expansions(node, self._live(), self._vocabulary_for(node), [])

    # -- articles ------------------------------------------------------------

    def highlights(
        self,
        doc_id: str,
        query: str,
        filters: tuple[Filter, ...] = (),
        *,
        article: StoredArticle | None = None,
    ) -> Highlights:
        """Every match of `query` in one article's title and body, for stepping through.

        `article`, that article as the caller just read it (`article()`): not
        read again (a huge one's stored record is megabytes).
        """
        with self._lock:
            if article is None or article.id != doc_id:
                article = self._live().article(doc_id)
            if article is None or not query.strip():
                return Highlights((), ())
            try:
                node = self._expanded(query, filters)
            except QueryError:
                return Highlights((), ())
            marks = QueryMarks(node, self._vocab)
            body, complete = marks.bounded_spans(article.body, "body", enough=MAX_MARKS)
            return Highlights(
                title=spans_only(marks.spans(article.title, "title")),
                body=spans_only(body[:MAX_MARKS]),
                truncated=not complete or len(body) > MAX_MARKS,
            )

    def article(self, doc_id: str) -> StoredArticle:
        with self._lock:
            article = self._live().article(doc_id)
            gen = self._gen
        if article is None:
            raise NotFoundError(f"No article with id {doc_id!r} in this index.")
        read = read_length(article.body)
        if read < len(article.body) and gen is not None and _ner_engine(gen):
            article = replace(article, entities_read=read)  # the reader says so (`extent.read_note`)
        return article

    def more_like(self, doc_id: str, limit: int = 10) -> tuple[Hit, ...]:
        """Articles related to one article (the engine's more-like-this on the body)."""
        with self._lock:
            related = self._live().more_like(doc_id, limit)
        if related is None:
            raise NotFoundError(f"No article with id {doc_id!r} in this index.")
        no_marks = QueryMarks(None)
        return tuple(_hit(record, score, no_marks) for record, score in related)

    def cooccurring(
        self,
        field: str,
        value: str,
        query: str = "",
        filters: tuple[Filter, ...] = (),
        limit: int = 10,
    ) -> dict[str, tuple[Count, ...]]:
        """The entities that appear most with one entity, within the current results."""
        own = _key(value)
        with self._lock:
            try:
                node = self._expanded(query, (*filters, Filter(field, value)))
            except QueryError:
                return {}
            engine = self._live()
            out: dict[str, tuple[Count, ...]] = {}
            for group in ("person", "org", "place", "other"):
                counts = engine.value_counts(node, group, limit + 1)
                out[group] = tuple(c for c in counts if _key(c.value) != own)[:limit]
            return out

    def iter_articles(self) -> Iterator[ArticleSummary]:
        with self._lock:
            records = list(self._live().iter_records())
        for record in records:
            yield ArticleSummary(
                id=record.id, path=record.path, title=record.title, date=record.date, section=record.section
            )

    def doc_count(self) -> int:
        with self._lock:
            return self._live().doc_count()

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        with self._lock:
            return self._live().date_range()


def _ner_engine(gen: Path) -> str:
    """The entity extractor the generation was built with; "" for none (or an unreadable meta)."""
    try:
        return Meta.read(gen).ner_engine
    except (OSError, ValueError):
        return ""


def _engine_name(gen: Path) -> str:
    try:
        return Meta.read(gen).search_engine
    except (OSError, ValueError):  # read a moment ago by `require_generation`: swapped since
        return DEFAULT_ENGINE


def _hit(record: Record, score: float, marks: QueryMarks) -> Hit:
    return Hit(
        id=record.id,
        title=record.title,
        date=record.date,
        source=record.source,
        section=record.section,
        score=round(score, 4),
        fragments=fragments(record.body, _snippet_spans(marks, record.body)),
        title_matches=spans_only(marks.spans(record.title, "title")),
        path=record.path,
        url=record.url,
    )


def _snippet_spans(marks: QueryMarks, body: str) -> list[tuple[int, int, str]]:
    """The matches a hit's snippets are chosen from: all of them, in an article of usual length.

    A huge body is searched only until `SNIPPET_MATCHES` are found or
    `SNIPPET_SCAN_CHARS` read: its snippets come from there, and a page of
    twenty hits costs what twenty ordinary articles do.
    """
    return marks.bounded_spans(body, "body", enough=SNIPPET_MATCHES, max_chars=SNIPPET_SCAN_CHARS)[0]


def _key(value: str) -> str:
    """A keyword value as the keyword fields compare it: commas and spacing folded, lowercased."""
    return " ".join(value.replace(",", " ").split()).lower()


__all__ = ["SORTS", "Fragment", "SearchIndex"]
