"""How much an article is about an entity: its mentions, those in the lead, and the title.

Why one formula in one place: an entity search (`person:"Gordon Brown"`) ranks
its matches by it, and it must rank the same way whether the engine scores the
entity fields (the build writes each name as often as its weight, so the
engine's term frequency is this figure and ranking needs no article read) or
the curated engine re-ranks a page by reading the articles (where the user's
corrections have made one entity of several names). A mention in the lead
counts three times, and a name in the title three more: a story about Brown
names him early and in its headline; one that quotes him in passing does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from index.models import Mention

LEAD_CHARS = 400  # an article's lead: its first characters
MAX_WEIGHT = 40  # a name's weight in the index is capped: a list of results names someone 200 times


def prominence(mentions: Iterable[Mention], title: str) -> int:
    """The weight of one entity in an article, from its mentions there (any alias) and the title."""
    found = list(mentions)
    score = len(found) + 2 * sum(1 for m in found if m.start < LEAD_CHARS)
    lowered = title.lower()
    if any(m.text.lower() in lowered for m in found if m.text.strip()):
        score += 3
    return score


def weights(mentions: Iterable[Mention], title: str) -> dict[tuple[str, str], int]:
    """(canonical name, label) -> its weight in the index (at least 1, at most MAX_WEIGHT)."""
    by_entity: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        by_entity.setdefault((m.canonical, m.label), []).append(m)
    return {key: max(1, min(MAX_WEIGHT, prominence(found, title))) for key, found in by_entity.items()}
