"""An entity query's matches in an article: the mentions of the entity, under any alias.

Why: `person:"Gordon Brown"` matches a keyword field, not words of the body, so
the query's own marks find nothing there and the reader said "no matches of the
query in the body" of an article that names him. The article's mentions (read
through the corrections: a merged alias's mentions carry the name it was merged
into) say where he is named, "Brown" and "Mr Brown" included; they are added to
the query's marks, so the reader highlights them and n/N step through them.
"""

from __future__ import annotations

from dataclasses import replace

from index.entities.applied import group_of
from index.entities.curated_engine import curation_of
from index.fields import ENTITY_FIELDS
from index.models import Filter, Highlights, StoredArticle
from index.query import QueryError, parse_query
from index.query.meaning import keyword_value
from index.query.syntax import And, AndNot, Node, Or, Phrase, Term
from index.text.analysis import stems


def entity_terms(query: str, filters: tuple[Filter, ...] = ()) -> set[tuple[str, str]]:
    """The (group, keyword value) of each entity the query asks for (not those it excludes)."""
    try:
        node = parse_query(query, filters).node
    except QueryError:
        return set()
    out: set[tuple[str, str]] = set()
    _collect(node, out)
    return out


def with_mention_phrases(node: Node, engine: object) -> Node:
    """`node` for marking only (never for matching): each entity it asks for also as words
    of the title and body, its own name, the aliases merged into it and, for a person, the
    surname, so that a hit's snippets show where the article names the entity."""
    wanted: set[tuple[str, str]] = set()
    _collect(node, wanted)
    if not wanted:
        return node
    curated = curation_of(engine)
    applied = curated.applied() if curated is not None else None
    extra: list[Node] = []
    for group, value in sorted(wanted):
        names = {value, *(a.lower() for a in (applied.aliases(group, value) if applied else ()))}
        if group == "person":
            names |= {n.split()[-1] for n in names if len(n.split()) > 1}
        for name in sorted(names):
            words = stems(name)
            for field in ("title", "body"):
                if len(words) > 1:
                    extra.append(Phrase(field, tuple(words)))
                elif words:
                    extra.append(Term(field, words[0]))
    return Or((node, *extra)) if extra else node


def _collect(node: Node, out: set[tuple[str, str]]) -> None:
    if isinstance(node, Term) and node.field in ENTITY_FIELDS:
        out.add((node.field, node.text))
    elif isinstance(node, And | Or):
        for child in node.children:
            _collect(child, out)
    elif isinstance(node, AndNot):
        _collect(node.positive, out)


def with_entity_mentions(
    article: StoredArticle, highlights: Highlights, query: str, filters: tuple[Filter, ...] = ()
) -> Highlights:
    """`highlights` with the body's mentions of the entities the query asks for added
    (a mention overlapping a word already marked is left to that mark)."""
    wanted = entity_terms(query, filters)
    if not wanted:
        return highlights
    marked = sorted(highlights.body)
    spans = [
        (m.start, m.end)
        for m in article.mentions
        if (group_of(m.label), keyword_value(m.canonical)) in wanted
        and 0 <= m.start < m.end <= len(article.body)
    ]
    if not spans:
        return highlights
    out = list(marked)
    for start, end in spans:
        if not any(s < end and start < e for s, e in marked):
            out.append((start, end))
    return replace(highlights, body=tuple(sorted(set(out))))
