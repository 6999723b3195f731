"""The Whoosh schema: Morgue's fields (`index.fields`) as Whoosh field types.

Bump `SCHEMA_VERSION` (`index.store.generations`) whenever a field, analyzer or stored layout changes: an
index written under another version is refused with a message that says to run
`morgue index --rebuild`, instead of answering queries wrongly.
"""

from __future__ import annotations

from whoosh.analysis import Analyzer, StandardAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema

from index.engine.whoosh.analyzer import NewsAnalyzer


def text_analyzer() -> Analyzer:
    """Stemmed words: "prices" finds "price"; shared by indexing, querying and highlighting."""
    return NewsAnalyzer()


def build_schema() -> Schema:
    analyzer = text_analyzer()
    keyword = dict(lowercase=True, commas=True, scorable=False)
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        content_hash=ID(stored=True),
        title=TEXT(stored=True, analyzer=analyzer, field_boost=2.0, multitoken_query="phrase"),
        body=TEXT(stored=True, analyzer=analyzer, multitoken_query="phrase"),
        date=DATETIME(stored=True, sortable=True),
        date_source=ID(),  # where the date was stated (`morgue stats`): counted, not shown
        source=KEYWORD(stored=True, **keyword),
        section=KEYWORD(stored=True, **keyword),
        author=TEXT(stored=True, analyzer=StandardAnalyzer(stoplist=None)),
        url=STORED(),
        source_display=STORED(),
        section_display=STORED(),
        duplicates=STORED(),
        entities=STORED(),
        mentions=STORED(),
        person=KEYWORD(**keyword),
        org=KEYWORD(**keyword),
        place=KEYWORD(**keyword),
        other=KEYWORD(**keyword),
        # Quotations (`index.quotes`): who is quoted, the quoted words, and each quotation's place.
        said=KEYWORD(**keyword),
        quote=TEXT(analyzer=analyzer, multitoken_query="phrase"),
        quotes=STORED(),
        facets=COLUMN(VarBytesColumn()),
    )
