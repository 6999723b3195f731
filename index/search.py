"""The one search API that the CLI and the TUI both use.

`SearchIndex` keeps one Whoosh searcher (and its facet map) open across
queries and reopens it only when the index on disk changed: a new generation
after a rebuild, or a new commit after an update. While a reopen fails (an
index being deleted or swapped), it keeps answering from the searcher it has.

Each query runs twice over the postings, on purpose: once unscored for the
exact set of matching documents (the exact total and the facets, which must
cover every result), once scored for the top page only. Whoosh's own
`len(results)` and `results.docs()` would re-run the query anyway, and
`groupedby=` would score and sort every hit.
"""

from __future__ import annotations

import functools
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import whoosh
from whoosh import query as wq
from whoosh.searching import Searcher

from index.engine.whoosh.documents import stored_article
from index.engine.whoosh.facet_map import FacetMap, load_names
from index.engine.whoosh.ranking import top_by_date, top_by_score
from index.engine.whoosh.whoosh_parser import QueryError, bound_expansions, parse_query, plain_words
from index.engine.whoosh.writer import open_whoosh
from index.errors import CorruptIndexError, MorgueError, NotFoundError
from index.models import (
    SORTS,
    ArticleSummary,
    Count,
    Filter,
    Fragment,
    Highlights,
    Hit,
    SearchResult,
    StoredArticle,
)
from index.query_marks import QueryMarks
from index.store.generations import current_generation, require_generation
from index.text.highlight import fragments, spans_only
from index.text.vocab import Vocabulary

SUGGEST_BELOW = 3  # offer did-you-mean when a query finds fewer hits than this
MAX_LIMIT = 1000

_F = TypeVar("_F", bound=Callable[..., Any])
_WHOOSH_DIR = os.path.dirname(whoosh.__file__) + os.sep


def _reads_index(method: _F) -> _F:
    """Whoosh failing to read its own files means a damaged index: say so, with the cure.

    Only errors raised inside Whoosh are turned into `CorruptIndexError`; a bug
    in Morgue's own code stays what it is.
    """

    @functools.wraps(method)
    def wrapper(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except MorgueError:
            raise
        except Exception as exc:
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is None or not tb.tb_frame.f_code.co_filename.startswith(_WHOOSH_DIR):
                raise
            raise CorruptIndexError(
                f"The index at {self.index_dir} is damaged ({type(exc).__name__}: {exc}). "
                "Run `morgue index --rebuild`."
            ) from exc

    return cast(_F, wrapper)


class SearchIndex:
    """A long-lived, thread-safe handle on one index directory."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._gen: Path | None = None
        self._searcher: Searcher | None = None
        self._facets: FacetMap | None = None
        self._vocab: Vocabulary | None = None
        self._open()

    # -- lifecycle -------------------------------------------------------

    def _open(self) -> None:
        gen = require_generation(self.index_dir)
        ix = open_whoosh(gen)
        old = self._searcher
        self._searcher = ix.searcher()
        self._gen = gen
        self._facets = None
        self._vocab = None
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
                searcher = self._live()
                if gen is not None and not searcher.up_to_date():
                    self._searcher = searcher.refresh()
                    self._facets = None
                    self._vocab = None
                    return True
            except (MorgueError, OSError):
                return False  # keep serving what we have; the next query tries again
            return False

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _live(self) -> Searcher:
        if self._searcher is None:
            raise MorgueError("The index is closed.")
        return self._searcher

    @_reads_index
    def facet_map(self) -> FacetMap:
        if self._facets is None:
            assert self._gen is not None
            self._facets = FacetMap(self._live().reader(), load_names(self._gen))
        return self._facets

    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            assert self._gen is not None
            self._vocab = Vocabulary.load(self._gen)
        return self._vocab

    def warm_up(self) -> None:
        """Load now what the first search would load in front of the user (~0.1 s on 2k articles).

        The facet map, the vocabulary, and Whoosh's readers for the body and
        title (one search for the archive's commonest word). For a long-lived
        caller (the TUI) after opening or refreshing; a one-shot command skips it.
        """
        self.facet_map()
        counts = self.vocabulary().counts
        if counts:
            self.search(max(counts, key=counts.__getitem__), limit=1)

    @property
    def generation(self) -> Path | None:
        return self._gen

    # -- searching ---------------------------------------------------------

    @_reads_index
    def search(
        self,
        query: str,
        *,
        filters: tuple[Filter, ...] = (),
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
    ) -> SearchResult:
        """Run a query; query mistakes come back in `error`/`warnings`, never as exceptions."""
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
            searcher = self._live()
            try:
                parsed = parse_query(query, filters)
            except QueryError as exc:
                return failed(str(exc))
            warnings = list(parsed.warnings)
            try:
                q = bound_expansions(parsed.query, searcher.reader(), warnings, self.vocabulary())
                if sort == "relevance":
                    page, docnums = top_by_score(searcher, q, offset + limit)
                else:
                    page, docnums = top_by_date(searcher, q, offset + limit, newest=sort == "newest")
            except (RecursionError, MemoryError):
                return failed("The query is too complex to run; simplify it.")
            marks = QueryMarks(q, searcher.reader(), self._vocab)
            hits = tuple(self._hit(searcher, d, score, marks) for d, score in page[offset : offset + limit])
            facets = self.facet_map().facets(docnums)
            suggestion = self._suggest(searcher, query, len(docnums)) if query.strip() else None
        return SearchResult(
            query=query,
            parsed=str(q),
            hits=hits,
            total=len(docnums),
            facets=facets,
            suggestion=suggestion,
            elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
            offset=offset,
            sort=sort,
            filters=filters,
            warnings=tuple(warnings),
        )

    def _hit(self, searcher: Searcher, docnum: int, score: float, marks: QueryMarks) -> Hit:
        fields = _intact(searcher.stored_fields(docnum), self.index_dir)
        body = str(fields.get("body", ""))
        title = str(fields.get("title", ""))
        return Hit(
            id=str(fields["id"]),
            title=title,
            date=_date(fields.get("date")),
            source=str(fields.get("source_display", "")),
            section=str(fields.get("section_display", "")),
            score=round(float(score or 0.0), 4),
            fragments=fragments(body, marks.spans(body, "body")),
            title_matches=spans_only(marks.spans(title, "title")),
            path=str(fields.get("path", "")),
        )

    def _suggest(self, searcher: Searcher, query: str, total: int) -> str | None:
        """A corrected query from the archive's own vocabulary, offered only if it finds more."""
        if total >= SUGGEST_BELOW:
            return None
        vocab = self.vocabulary()
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
            q = bound_expansions(parse_query(corrected).query, searcher.reader(), [], vocab)
        except QueryError:
            return None
        return corrected if sum(1 for _ in searcher.docs_for_query(q)) > total else None

    # -- articles ------------------------------------------------------------

    @_reads_index
    def highlights(self, doc_id: str, query: str, filters: tuple[Filter, ...] = ()) -> Highlights:
        """Every match of `query` in one article's title and body, for stepping through."""
        with self._lock:
            searcher = self._live()
            fields = searcher.document(id=doc_id)
            if fields is None or not query.strip():
                return Highlights((), ())
            try:
                q = parse_query(query).query
            except QueryError:
                return Highlights((), ())
            vocabulary = self.vocabulary()
            marks = QueryMarks(
                bound_expansions(q, searcher.reader(), [], vocabulary), searcher.reader(), vocabulary
            )
            return Highlights(
                title=spans_only(marks.spans(str(fields.get("title", "")), "title")),
                body=spans_only(marks.spans(str(fields.get("body", "")), "body")),
            )

    @_reads_index
    def article(self, doc_id: str) -> StoredArticle:
        with self._lock:
            fields = self._live().document(id=doc_id)
        if fields is None:
            raise NotFoundError(f"No article with id {doc_id!r} in this index.")
        return stored_article(_intact(fields, self.index_dir))

    @_reads_index
    def more_like(self, doc_id: str, limit: int = 10) -> tuple[Hit, ...]:
        """Articles related to one article (Whoosh's more-like-this on the body)."""
        with self._lock:
            searcher = self._live()
            docnum = searcher.document_number(id=doc_id)
            if docnum is None:
                raise NotFoundError(f"No article with id {doc_id!r} in this index.")
            results = searcher.more_like(docnum, "body", top=limit, numterms=25)
            no_marks = QueryMarks(wq.NullQuery, searcher.reader())
            return tuple(self._hit(searcher, h.docnum, h.score, no_marks) for h in results)

    @_reads_index
    def cooccurring(
        self,
        field: str,
        value: str,
        query: str = "",
        filters: tuple[Filter, ...] = (),
        limit: int = 10,
    ) -> dict[str, tuple[Count, ...]]:
        """The entities that appear most with one entity, within the current results."""
        entity = Filter(field, value)
        with self._lock:
            searcher = self._live()
            try:
                q = parse_query(query, (*filters, entity)).query
            except QueryError:
                return {}
            docnums = list(
                searcher.docs_for_query(bound_expansions(q, searcher.reader(), [], self.vocabulary()))
            )
            fmap = self.facet_map()
            out: dict[str, tuple[Count, ...]] = {}
            for group in ("person", "org", "place", "other"):
                counts = fmap.count(group, docnums, limit + 1)
                own = fmap.display_name(field, value.lower()) if group == field else None
                out[group] = tuple(c for c in counts if c.value != own and c.value.lower() != value.lower())[
                    :limit
                ]
            return out

    def iter_articles(self) -> Iterator[ArticleSummary]:
        for _docnum, fields in sorted(self._stored_docs(), key=lambda item: str(item[1].get("id", ""))):
            yield ArticleSummary(
                id=str(fields["id"]),
                path=str(fields.get("path", "")),
                title=str(fields.get("title", "")),
                date=_date(fields.get("date")),
                section=str(fields.get("section_display", "")),
            )

    @_reads_index
    def _stored_docs(self) -> list[tuple[int, dict[str, Any]]]:
        with self._lock:
            return [
                (docnum, _intact(fields, self.index_dir))
                for docnum, fields in self._live().reader().iter_docs()
            ]

    @_reads_index
    def doc_count(self) -> int:
        with self._lock:
            return int(self._live().doc_count())

    def date_range(self) -> tuple[datetime | None, datetime | None]:
        fmap = self.facet_map()
        return fmap.first_date, fmap.last_date


def _intact(fields: dict[str, Any], index_dir: Path) -> dict[str, Any]:
    """A document's stored fields, or CorruptIndexError for a record that lost its id.

    Whoosh keeps no checksums: a damaged record can read back as an empty or
    foreign dictionary instead of failing inside Whoosh.
    """
    if "id" not in fields:
        raise CorruptIndexError(
            f"The index at {index_dir} is damaged (an article's stored record has no id). "
            "Run `morgue index --rebuild`."
        )
    return fields


def _date(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


__all__ = ["SORTS", "Fragment", "SearchIndex"]
