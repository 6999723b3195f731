"""Articles to Whoosh documents and stored fields back to `StoredArticle`.

Entities are stored compactly — `[name, label, count]` per entity and
`[start, end, entity index]` per mention — because every stored byte is read
back whenever the reader opens an article.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .facets import facet_column
from .models import GROUP_OF_LABEL, Article, Entity, Extraction, Mention, StoredArticle


def to_document(article: Article, extraction: Extraction, duplicates: tuple[str, ...]) -> dict[str, Any]:
    entities = list(extraction.entities)
    index_of = {(e.name, e.label): i for i, e in enumerate(entities)}
    groups: dict[str, list[str]] = {"person": [], "org": [], "place": [], "other": []}
    for ent in entities:
        group = GROUP_OF_LABEL.get(ent.label)
        if group:
            groups[group].append(keyword_value(ent.name))
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
        "entities": [[e.name, e.label, e.count] for e in entities],
        "mentions": [
            [m.start, m.end, index_of[(m.canonical, m.label)]]
            for m in extraction.mentions
            if (m.canonical, m.label) in index_of
        ],
        # Stored separately from the keyword fields so display keeps the case.
        "source_display": article.source,
        "section_display": article.section,
    }
    for group, names in groups.items():
        if names:
            doc[group] = ",".join(names)
    doc["facets"] = facet_column({**groups, "section": [doc["section"]], "source": [doc["source"]]})
    if article.date is not None:
        doc["date"] = article.date
    return doc


def keyword_value(value: str) -> str:
    """A value safe inside a comma-separated keyword field (and the facets column)."""
    return " ".join(value.replace(",", " ").replace("\x1e", " ").replace("\x1f", " ").split())


def stored_article(fields: Mapping[str, Any]) -> StoredArticle:
    body = str(fields.get("body", ""))
    entities = tuple(Entity(str(n), str(lab), int(c)) for n, lab, c in fields.get("entities") or [])
    mentions = tuple(
        Mention(s, e, body[s:e], entities[i].label, entities[i].name)
        for s, e, i in fields.get("mentions") or []
        if 0 <= i < len(entities)
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
    )
