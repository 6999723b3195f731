"""One entity, seen whole: its articles and mentions, its aliases, when it was seen, its company.

What the TUI's entity view shows (and where a user checks a merge before
trusting it): everything is read through the corrections, so a merged alias's
articles and mentions count for the name it was merged into.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from index.entities.canonical import fold
from index.entities.curated_engine import curation_of
from index.models import Count, Filter, Hit

if TYPE_CHECKING:
    from index.search import SearchIndex

MENTIONS_OVER = 1000  # articles whose mentions are counted (the most relevant); more are said to be more


@dataclass(frozen=True)
class EntityProfile:
    group: str
    name: str
    articles: int
    mentions: int  # in the first `MENTIONS_OVER` articles (`mentions_complete` says whether that is all)
    mentions_complete: bool
    aliases: tuple[str, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    appears_with: dict[str, tuple[Count, ...]]
    top: tuple[Hit, ...]  # its articles, the most relevant first


def entity_profile(index: SearchIndex, group: str, name: str, *, limit: int = 20) -> EntityProfile:
    """The profile of `group:name` in the whole archive."""
    entity = Filter(group, name)
    query = entity.as_query()
    ranked = index.search(query, limit=MENTIONS_OVER, facets=False)
    key = fold(name)
    mentions = 0
    for hit in ranked.hits:
        article = index.article(hit.id)
        mentions += sum(e.count for e in article.entities if e.group == group and fold(e.name) == key)
    dated = [h.date for h in ranked.hits if h.date is not None]
    first = index.search(query, sort="oldest", limit=1, facets=False).hits
    last = index.search(query, sort="newest", limit=1, facets=False).hits
    curated = curation_of(index.engine)
    aliases = tuple(curated.applied().aliases(group, name)) if curated is not None else ()
    return EntityProfile(
        group=group,
        name=name,
        articles=ranked.total,
        mentions=mentions,
        mentions_complete=ranked.total <= MENTIONS_OVER,
        aliases=aliases,
        first_seen=(first[0].date if first and first[0].date else min(dated, default=None)),
        last_seen=(last[0].date if last and last[0].date else max(dated, default=None)),
        appears_with=index.cooccurring(group, name, limit=8),
        top=ranked.hits[:limit],
    )
