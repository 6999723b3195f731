"""Clean-up rules for names that are no person, firm or place by what the article does with them:
events named before "festival" or "expo", inhabitants named after a place
("Londoners"), and units or terms whose short form the text defines in lower case
("megawatts (MW)").

Each uses the article's own words, so no list of events, units or peoples is kept.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from index.entities import canonical as cn
from index.entities.spans import NAME_LABELS, Span, span_key
from index.models import PLACE

EVENT = "EVENT"
NORP = "NORP"

# Lower-case nouns for an event, right after its name ("the Glastonbury festival",
# "MacWorld expo"). Not "conference", "convention" or "summit": organisations hold those
# ("the Georgetown University conference", "the Euromoney conference").
_EVENT_AFTER = re.compile(
    r"(?:['’]s)?[ \t]+(?:(?:film|music|arts|book|jazz|rock|annual)[ \t]+)?(?:festival|expo)\b"
)


def label_named_events(text: str, spans: list[Span]) -> list[Span]:
    """A person or organisation name that the article only ever writes before
    "festival" or "expo" ("Glastonbury festival", "MacWorld expo") is an event's.
    Only when every mention is so, and not for a name holding an organisation
    word, an acronym or a known organisation. Places keep their label: a town
    holds a festival ("the Isle of Wight festival")."""
    by_key: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        if s.label in NAME_LABELS:
            by_key[span_key(text, s)].append(s)
    events = {
        key
        for key, members in by_key.items()
        if key not in cn.KNOWN_ORGS
        and not any(w in cn.ORG_WORDS for w in key.split())
        and not any(m.locked or m.label == PLACE for m in members)
        and not text[members[0].start : members[0].end].isupper()
        and all(_EVENT_AFTER.match(text, m.end) for m in members)
    }
    if not events:
        return spans
    return [
        replace(s, label=EVENT, locked=True) if s.label in NAME_LABELS and span_key(text, s) in events else s
        for s in spans
    ]


_INHABITANT_ENDINGS = ("ers", "ians", "ites")


def label_inhabitants(text: str, spans: list[Span]) -> list[Span]:
    """A place's name with "-ers", "-ians" or "-ites" on it ("Londoners", "New
    Yorkers", "Parisians" less its "s") names its people, a nationality-like group
    (NORP), not the place: the stem must be a known place."""
    out = []
    for s in spans:
        if s.label in NAME_LABELS and not s.locked:
            key = cn.fold(text[s.start : s.end])
            for ending in _INHABITANT_ENDINGS:
                if key.endswith(ending) and (
                    key[: -len(ending)] in cn.KNOWN_PLACES or key[: -len(ending) + 1] in cn.KNOWN_PLACES
                ):
                    s = replace(s, label=NORP)
                    break
        out.append(s)
    return out


_LOWER_WORDS_BEFORE = re.compile(r"((?:[a-z][\w-]*[ \t]+){1,6})\([ \t]*$")


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether lower-case `words` (the last ones before the bracket) spell `acronym`:
    their initials ("value added tax" VAT), or, for one word, its letters in order
    from the first ("megawatts" MW)."""
    letters = acronym.lower()
    if len(words) >= len(letters) and "".join(w[0] for w in words[-len(letters) :]) == letters:
        return True
    last = words[-1]
    it = iter(last)
    return last[0] == letters[0] and all(c in it for c in letters)


def drop_lowercase_acronyms(text: str, spans: list[Span]) -> list[Span]:
    """A short form in brackets after lower-case words it spells ("12.6 megawatts (MW)",
    "internet protocol (IP)") stands for a unit or a term, not a name: every mention
    of it goes. Names are defined by capitalised words ("Department of Energy (DOE)")."""
    terms = set()
    for s in spans:
        piece = text[s.start : s.end]
        if (
            s.label in NAME_LABELS
            and piece.isupper()
            and piece.isalpha()
            and 2 <= len(piece) <= 6
            and text[s.end : s.end + 1] == ")"
        ):
            m = _LOWER_WORDS_BEFORE.search(text, max(0, s.start - 80), s.start)
            if m and _spells(piece, m.group(1).split()):
                terms.add(cn.fold(piece))
    if not terms:
        return spans
    return [s for s in spans if not (s.label in NAME_LABELS and cn.fold(text[s.start : s.end]) in terms)]
