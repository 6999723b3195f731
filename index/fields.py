"""The fields of an indexed article, and what kind each is: the engine-neutral schema.

Each engine maps these kinds to its own field types (`engine.whoosh.schema`);
the query parser analyses a query's words by the kind of field they name.

- text: stemmed words with positions (`text.analysis`), scored;
- name: lowercased words, unstemmed (an author's name);
- keyword: exact values, lowercased, several per article (entities, section, source);
- exact: one exact value, case kept (id, path);
- date: a date and time.
"""

from __future__ import annotations

from typing import Literal

FieldKind = Literal["text", "name", "keyword", "exact", "date"]

ENTITY_FIELDS = ("person", "org", "place", "other")
TEXT_FIELDS = ("title", "body")
DEFAULT_FIELDS = TEXT_FIELDS  # what an unfielded word searches
KEYWORD_FIELDS = (*ENTITY_FIELDS, "section", "source")
FACET_FIELDS = KEYWORD_FIELDS
TOP_ENTITIES = 15  # entities of each group that a result's facets list

FIELD_KINDS: dict[str, FieldKind] = {
    "title": "text",
    "body": "text",
    "author": "name",
    **{f: "keyword" for f in KEYWORD_FIELDS},
    "id": "exact",
    "path": "exact",
    "date": "date",
    # Quotations (`index.quotes`): who is quoted (a speaker's name, as `person:` takes
    # it), and the quoted words (stemmed as the body's).
    "said": "keyword",
    "quote": "text",
    **{f: "keyword" for f in ("tag", "is", "has")},  # `MARK_FIELDS`: answered by the notebook
}

# Fields a query may name, in the order help texts list them.
QUERY_FIELDS = (
    "title",
    "body",
    *ENTITY_FIELDS,
    "section",
    "source",
    "author",
    "date",
    "id",
    "path",
    "said",
    "quote",
)

# Fields the user's notebook answers (`index.notebook.resolve`): `tag:`, `is:starred`, `has:note`.
MARK_FIELDS = ("tag", "is", "has")
PARSED_FIELDS = (*QUERY_FIELDS, *MARK_FIELDS)
