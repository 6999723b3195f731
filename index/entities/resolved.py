"""The archive-wide resolution as the index reads it: per-article renames, and the ids they touch.

Why ids: resolution is article-specific. "Blair" becomes "Tony Blair" in the
articles whose context ties him there, and stays "Blair" elsewhere, so a
filter on `person:"Tony Blair"` cannot be widened by a name (as a user's merge
is, `Applied.terms_for`); it is widened by the set of articles where resolution
made that name (`into`), as the notebook's `tag:` becomes a set of ids
(`index.notebook.resolve`). A name resolved away in some articles counts in
fewer documents (`away`). Both come from the generation's alias map
(`index.entities.table`), less the aliases the user split
(`Curation.filter_aliases`); the user's merges, renames and hides apply after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from index.models import GROUP_OF_LABEL, Entity, Mention
from index.query.meaning import keyword_value
from index.query.syntax import WordSet

Key = tuple[str, str]  # (group, keyword value)


def _group(label: str) -> str:
    return GROUP_OF_LABEL.get(label, "other")


class Resolved:
    """One alias map compiled for reading."""

    def __init__(self, aliases: Mapping[tuple[str, str, str], str]) -> None:
        self.by_article: dict[str, dict[tuple[str, str], str]] = {}
        into: dict[Key, set[str]] = {}
        away: dict[Key, set[str]] = {}
        self.names: dict[Key, str] = {}  # a resolved name's key -> the name as resolution spells it
        self.sources: dict[Key, set[str]] = {}  # a resolved name's key -> the names resolved into it
        pairs: dict[Key, dict[str, set[str]]] = {}  # ... -> each such name's keyword -> its articles
        for (article, name, label), target in aliases.items():
            self.by_article.setdefault(article, {})[name, label] = target
            group = _group(label)
            to = (group, keyword_value(target))
            source = (group, keyword_value(name))
            if to == source:
                continue
            into.setdefault(to, set()).add(article)
            away.setdefault(source, set()).add(article)
            self.names.setdefault(to, target)
            self.sources.setdefault(to, set()).add(name)
            pairs.setdefault(to, {}).setdefault(source[1], set()).add(article)
        self.pairs = {k: {n: tuple(sorted(ids)) for n, ids in v.items()} for k, v in pairs.items()}
        self.into = {k: tuple(sorted(v)) for k, v in into.items()}
        self.away = {k: tuple(sorted(v)) for k, v in away.items()}

    def __bool__(self) -> bool:
        return bool(self.by_article)

    def ids_into(self, key: Key, label: str) -> WordSet | None:
        """The articles where resolution made the name `key`, as a query leaf (None if none)."""
        ids = self.into.get(key)
        return None if not ids else WordSet("id", ids, label)

    def ids_away(self, key: Key) -> WordSet | None:
        """The articles where resolution turned the name `key` into another."""
        ids = self.away.get(key)
        return None if not ids else WordSet("id", ids, f"resolved:{key[1]}")

    def speakers(self, key: Key) -> list[tuple[str, WordSet]]:
        """(keyword of a name, the articles where resolution made it the name `key`): what a
        `said:` term on `key` also means ("Blair" quoted where he is Tony Blair)."""
        return [(n, WordSet("id", ids, f"said:{n}")) for n, ids in sorted(self.pairs.get(key, {}).items())]

    def gained(self, key: Key) -> int:
        return len(self.into.get(key, ()))

    def touches(self, key: Key) -> bool:
        return key in self.into or key in self.away

    # -- an article ------------------------------------------------------------------------

    def entities(self, article: str, entities: Sequence[Entity]) -> list[Entity]:
        """An article's entities with resolved names; names that come to be one summed."""
        renames = self.by_article.get(article)
        if not renames:
            return list(entities)
        counts: dict[tuple[str, str], int] = {}
        for e in entities:
            key = (renames.get((e.name, e.label), e.name), e.label)
            counts[key] = counts.get(key, 0) + e.count
        return sorted((Entity(n, lab, c) for (n, lab), c in counts.items()), key=lambda e: (-e.count, e.name))

    def mentions(self, article: str, mentions: Sequence[Mention]) -> list[Mention]:
        renames = self.by_article.get(article)
        if not renames:
            return list(mentions)
        return [
            replace(m, canonical=renames[m.canonical, m.label]) if (m.canonical, m.label) in renames else m
            for m in mentions
        ]
