"""What an article's section says about its names: in a sports section, a country named as a side is a team.

The text alone cannot tell "France v Scotland" in a rugby report from
"France and Scotland signed" in a politics story well enough: CoNLL-2003 marks
national sides as places, and a text-only rule cost more there than it gained
(`context.label_teams`). An article filed under a sports section (its folder, or
the `section` of a JSON record or front matter) is the evidence the text lacks,
so this pass runs after extraction, where the section is known, over the
extraction the cache holds (the model's output and the cache key do not depend
on the section; moving an article to another folder relabels it without
re-running the model).

In such an article a country or region with a team cue at any mention ("v
Scotland", "Scotland coach", "played for England", "England play Italy") is an
organisation at every mention but those that name the place ("a tour to New
Zealand", "in France"). A country's hosting is no cue ("Japan faces stiff
competition to host the cup"), nor is a player's nationality ("beat China's Li Na", "Bondarenko of the Ukraine 6-4").
"""

from __future__ import annotations

import re
from collections import Counter

from index.entities import canonical as cn
from index.entities.context import LOCATIVE_BEFORE, team_cue
from index.entities.spans import Span
from index.models import ORG, PLACE, Entity, Extraction, Mention

# Section names (or their words: "sport/football", "Rugby union") that file an article as a sports report.
SPORT_SECTIONS = frozenset(
    {
        "sport", "sports", "football", "soccer", "rugby", "cricket", "tennis", "golf", "athletics", "boxing",
        "motorsport", "formula1", "cycling", "olympics",
    }
)  # fmt: skip
_SECTION_WORD = re.compile(r"[a-z0-9]+")
# "defeated China's Li Na": a country before a player's name is the player's, no cue for a side.
_PLAYER_AFTER = re.compile(r"['’]s[ \t]+[A-Z]")
# "Alyona Bondarenko of the Ukraine 6-4": the player's country, before the score.
_PLAYER_OF = re.compile(r"\bof[ \t]+(?:the[ \t]+)?$")


def is_sport_section(section: str) -> bool:
    return any(word in SPORT_SECTIONS for word in _SECTION_WORD.findall(section.lower()))


def _is_national(name: str) -> bool:
    key = cn.canonical_key(name)
    return key in cn.COUNTRIES or key in cn.REGIONS


def with_section(section: str, text: str, extraction: Extraction) -> Extraction:
    """`extraction` of `text` with the labels its section decides (unchanged outside sports sections)."""
    if not is_sport_section(section):
        return extraction
    places = [m for m in extraction.mentions if m.label == PLACE and _is_national(m.canonical)]
    sides = {
        m.canonical
        for m in places
        if not _PLAYER_AFTER.match(text, m.end)
        and not _PLAYER_OF.search(text, max(0, m.start - 8), m.start)
        and team_cue(text, Span(m.start, m.end, m.label), sporty=True, hosting=False)
    }
    if not sides:
        return extraction
    mentions = tuple(
        Mention(m.start, m.end, m.text, ORG, m.canonical)
        if m.label == PLACE
        and m.canonical in sides
        and LOCATIVE_BEFORE.search(text, max(0, m.start - 30), m.start) is None
        else m
        for m in extraction.mentions
    )
    counts = Counter((m.canonical, m.label) for m in mentions)
    entities = sorted(
        (Entity(name, label, n) for (name, label), n in counts.items()),
        key=lambda e: (-e.count, e.name, e.label),
    )
    return Extraction(mentions=mentions, entities=tuple(entities))
