"""The quotations of an archive, of a query's articles, or of one speaker: `morgue quotes`, the TUI's Quotes view.

The build stores each article's quotations (`StoredArticle.quotes`); this reads
them back for the articles a query finds, in the query's order (newest first for
a speaker alone, the archive's order for everything), and keeps those of the
speaker asked for. A speaker narrows the articles first through the `said:`
field, so only articles quoting that speaker are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from index.entities.curated_engine import curation_of
from index.entities.folding import fold
from index.errors import NotFoundError, UsageError
from index.models import Filter, Quote
from index.search import MAX_LIMIT, SearchIndex


@dataclass(frozen=True)
class QuoteHit:
    """One quotation and the article it is in; `position` is its index in the article's quotations."""

    id: str
    title: str
    date: datetime | None
    quote: Quote
    position: int


@dataclass(frozen=True)
class QuoteListing:
    """The quotations found, best article first, and what the search had to say about the query."""

    hits: tuple[QuoteHit, ...]
    warnings: tuple[str, ...] = ()
    truncated: bool = False  # `limit` stopped the listing before the articles ran out


def speaker_query(query: str, speaker: str | None) -> str:
    """`query` narrowed to the articles that quote `speaker` (`said:"NAME"`)."""
    if not speaker or not speaker.strip():
        return query
    name = " ".join(speaker.replace('"', " ").split())
    said = f'said:"{name}"'
    return f"({query}) {said}" if query.strip() else said


def list_quotes(
    index: SearchIndex,
    query: str = "",
    *,
    speaker: str | None = None,
    filters: tuple[Filter, ...] = (),
    sort: str = "relevance",
    ids: tuple[str, ...] | None = None,
    limit: int | None = None,
) -> QuoteListing:
    """The quotations of the articles `query` (and `filters`) find, in `sort` order, of `speaker` if given.

    No query, no speaker and no filters: every quotation in the archive. `ids`
    instead of a query: those articles' (a result list that no query makes, "more
    like this"). A query the language cannot run raises `UsageError` with the
    search's message.
    """
    wanted = fold(speaker) if speaker and speaker.strip() else None
    speaker_now = _corrected_speaker(index)
    hits: list[QuoteHit] = []
    warnings: list[str] = []
    articles = (
        ids
        if ids is not None
        else _article_ids(index, speaker_query(query, speaker), filters, sort, warnings)
    )
    for article_id in articles:
        try:
            article = index.article(article_id)
        except NotFoundError:  # removed by an update since the search: nothing to list
            continue
        for position, quote in enumerate(article.quotes):
            if wanted is not None and (quote.speaker is None or fold(speaker_now(quote)) != wanted):
                continue
            if limit is not None and len(hits) >= limit:
                return QuoteListing(tuple(hits), tuple(warnings), truncated=True)
            hits.append(QuoteHit(article.id, article.title, article.date, quote, position))
    return QuoteListing(tuple(hits), tuple(warnings))


def _corrected_speaker(index: SearchIndex) -> Callable[[Quote], str]:
    """A quotation's speaker as the user's entity corrections name it now ("Blair" merged into
    "Tony Blair" is "Tony Blair"), so `--speaker` finds what `said:` finds."""
    curated = curation_of(index.engine)
    applied = curated.applied() if curated is not None else None

    def name(quote: Quote) -> str:
        spoken = quote.speaker or ""
        if not applied or not spoken:
            return spoken
        target = applied.target("org" if quote.speaker_label == "ORG" else "person", spoken)
        return target.name if target is not None else spoken

    return name


def _article_ids(
    index: SearchIndex, query: str, filters: tuple[Filter, ...], sort: str, warnings: list[str]
) -> Iterator[str]:
    """The ids of the articles to read, in order; all of the archive's for no query and no filter."""
    if not query.strip() and not filters:
        for summary in index.iter_articles():
            yield summary.id
        return
    offset = 0
    while True:
        result = index.search(query, filters=filters, sort=sort, offset=offset, limit=MAX_LIMIT, facets=False)
        if result.error:
            raise UsageError(result.error)
        if offset == 0:
            warnings.extend(result.warnings)
        for hit in result.hits:
            yield hit.id
        offset += len(result.hits)
        if not result.hits or offset >= result.total:
            return
