"""Articles to Whoosh documents and stored fields back to `StoredArticle`.

Entities are stored compactly — `[name, label, count]` per entity and
`[start, end, entity index]` per mention — and as JSON *text*, not as lists:
Whoosh unpickles a document's whole stored record for every search hit, and
unpickling a few hundred small lists cost four times what the rest of the
record did, for data only the reader pane needs. Indexes written before hold
the lists themselves; `stored_list` reads both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from index.engine.whoosh.facet_map import facet_column
from index.models import GROUP_OF_LABEL, Article, Entity, Extraction, Mention, Quote, StoredArticle
from index.prominence import weights

from .quote_fields import quote_fields, stored_quotes


def to_document(
    article: Article, extraction: Extraction, duplicates: tuple[str, ...], quotes: tuple[Quote, ...] = ()
) -> dict[str, Any]:
    entities = list(extraction.entities)
    index_of = {(e.name, e.label): i for i, e in enumerate(entities)}
    groups: dict[str, list[str]] = {"person": [], "org": [], "place": [], "other": []}
    weighted: dict[str, list[str]] = {"person": [], "org": [], "place": [], "other": []}
    weight = weights(extraction.mentions, article.title)
    for ent in entities:
        group = GROUP_OF_LABEL.get(ent.label)
        if group:
            value = keyword_value(ent.name)
            groups[group].append(value)
            # The engine's term frequency is the entity's prominence: an entity search ranks by it.
            weighted[group].extend([value] * weight.get((ent.name, ent.label), 1))
    doc: dict[str, Any] = {
        "id": article.id,
        "path": article.path,
        "content_hash": article.content_hash,
        "title": article.title,
        "body": article.body,
        "source": keyword_value(article.source),
        "section": keyword_value(article.section),
        "author": article.author,
        "url": article.url,
        "duplicates": list(duplicates),
        "entities": _compact([[e.name, e.label, e.count] for e in entities]),
        "mentions": _compact(
            [
                [m.start, m.end, index_of[(m.canonical, m.label)]]
                for m in extraction.mentions
                if (m.canonical, m.label) in index_of
            ]
        ),
        # Stored separately from the keyword fields so display keeps the case.
        "source_display": article.source,
        "section_display": article.section,
    }
    for group, names in weighted.items():
        if names:
            doc[group] = ",".join(names)
    doc.update(quote_fields(quotes, keyword_value))
    doc["facets"] = facet_column({**groups, "section": [doc["section"]], "source": [doc["source"]]})
    if article.date is not None:
        doc["date"] = article.date
    if article.date_source:
        doc["date_source"] = article.date_source
    return doc


def keyword_value(value: str) -> str:
    """A value safe inside a comma-separated keyword field (and the facets column)."""
    return " ".join(value.replace(",", " ").replace("\x1e", " ").replace("\x1f", " ").split())


def _compact(rows: list[list[Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def stored_list(fields: Mapping[str, Any], key: str) -> list[Any]:
    """A stored list field: JSON text (this layout) or the list itself (indexes written before)."""
    value = fields.get(key)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def stored_article(fields: Mapping[str, Any]) -> StoredArticle:
    body = str(fields.get("body", ""))
    entities = tuple(
        Entity(str(row[0]), str(row[1]), int(row[2]))
        for row in stored_list(fields, "entities")
        if isinstance(row, list) and len(row) == 3 and isinstance(row[2], int)
    )
    mentions = tuple(
        Mention(row[0], row[1], body[row[0] : row[1]], entities[row[2]].label, entities[row[2]].name)
        for row in stored_list(fields, "mentions")
        if isinstance(row, list) and len(row) == 3 and all(isinstance(x, int) for x in row)
        if 0 <= row[2] < len(entities)
    )
    date = fields.get("date")
    return StoredArticle(
        id=str(fields["id"]),
        title=str(fields.get("title", "")),
        body=body,
        date=date if isinstance(date, datetime) else None,
        source=str(fields.get("source_display", fields.get("source", ""))),
        section=str(fields.get("section_display", fields.get("section", ""))),
        url=str(fields.get("url", "")),
        author=str(fields.get("author", "")),
        path=str(fields.get("path", "")),
        content_hash=str(fields.get("content_hash", "")),
        duplicates=tuple(fields.get("duplicates") or ()),
        entities=entities,
        mentions=mentions,
        quotes=stored_quotes(fields, body),
    )
