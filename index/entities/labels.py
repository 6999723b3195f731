"""Clean-up rules that decide each mention's label and which name it stands for.

The model labels a few words at a time, so it contradicts itself over an
article and lacks general knowledge. These rules use local evidence ("...
district"), what everybody knows (countries, well-known organisations) and the
rest of the article (votes, short forms, repeated names) to settle one label per
name and find the mentions the model missed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import replace

from index.entities import canonical as cn
from index.entities.spans import (
    NAME_LABELS,
    Mask,
    Span,
    at_sentence_start,
    find_words,
    is_common_word,
    next_word,
    shouted_zones,
    span_key,
    word_runs,
)
from index.models import DATE, ORG, PERSON, PLACE


def label_by_place_noun(text: str, spans: list[Span]) -> list[Span]:
    """A name followed by a lower-case place noun is a place: "Tuol Kok district",
    "Kandal province", "the Mekong river". Locked: this local evidence beats votes."""
    out = []
    for s in spans:
        word = next_word(text, s.end).rstrip(".,;:!?)”’\"'")
        if s.label in NAME_LABELS and word.islower() and cn.fold(word) in cn.PLACE_NOUNS:
            s = replace(s, label=PLACE, locked=True)
        out.append(s)
    return out


def label_known_names(text: str, spans: list[Span]) -> list[Span]:
    """General knowledge the small model lacks. A name that is exactly a country,
    major city or region is a PLACE ("Liechtenstein" is never a person; names that
    are also first names, like "Jordan", are only moved off ORG); "US"/"UK" are
    places and "EU"/"UN" organisations; a legal form ("Pirelli SpA") makes a
    locked ORG; a well-known organisation ("Labour", "BBC") is an ORG; a name
    ending in "Airport", "Street", "River"... is a PLACE and one ending in
    "Party", "Ministry", "United"... an ORG; a lone acronym is not a person or an
    unknown place but an organisation ("BT", "GPRS")."""
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        known = None
        if s.label in NAME_LABELS:
            known = _known_label(piece, s.label)
        elif s.label != DATE:  # "Iraq" as an EVENT, "Labour" as NORP: only exact names
            known = _exact_known_label(piece)
        if known is not None and not s.locked and (known[0] != s.label or known[1]):
            s = replace(s, label=known[0], locked=known[1])
        out.append(s)
    return out


def _exact_known_label(piece: str) -> tuple[str, bool] | None:
    key = cn.fold(piece)
    alias = cn.alias_of(piece)
    if alias is not None:
        return cn.ALIAS_LABELS[alias], False
    if key in cn.KNOWN_PLACES and key not in cn.AMBIGUOUS_PLACES:
        return PLACE, False
    return (ORG, False) if key in cn.KNOWN_ORGS else None


def _known_label(piece: str, label: str) -> tuple[str, bool] | None:
    """(label, locked) that general knowledge gives `piece`, or None."""
    key = cn.fold(piece)
    alias = cn.alias_of(piece)
    words = key.split()
    if alias is not None:
        return cn.ALIAS_LABELS[alias], False
    if cn.strip_corporate_suffix(piece) != piece:
        return ORG, True
    if key in cn.KNOWN_PLACES:
        return (PLACE, False) if label == ORG or key not in cn.AMBIGUOUS_PLACES else None
    if key in cn.KNOWN_ORGS:
        return ORG, False
    if len(words) > 1 and words[-1] in cn.PLACE_SUFFIXES:
        return PLACE, False
    if len(words) > 1 and words[-1] in cn.ORG_WORDS and label != ORG:
        return ORG, False
    if label != ORG and piece.isupper() and piece.isalnum() and 2 <= len(piece) <= 4:
        return ORG, False
    return None


_INITIAL_RE = re.compile(r"^(?:[A-Z]\.|[B-HJ-Z])$")  # "D." or a team sheet's "D"; not "I" or "A"


def label_people_by_given_name(text: str, spans: list[Span]) -> list[Span]:
    """Two or three capitalised words opening with a common given name or an initial ("Marion Clignet",
    "D. Fleming", "S Parisse") with no organisation or place word are a person, whatever the model says."""
    out = []
    for s in spans:
        if s.label in (ORG, PLACE) and not s.locked:
            words = text[s.start : s.end].split()
            keys = [cn.fold(w) for w in words]
            if (
                2 <= len(words) <= 3
                and all(w != w.lower() for w in words)
                and (keys[0] in cn.GIVEN_NAMES or _INITIAL_RE.match(words[0]))
                and not words[0].endswith(("'s", "’s"))  # "Wendy's International", "Claire's Stores"
                and not any(k in cn.ORG_WORDS or k in cn.PLACE_SUFFIXES for k in keys)
                and cn.fold(" ".join(words)) not in cn.KNOWN_PLACES
                and keys[-1] not in cn.KNOWN_PLACES  # "S Africa"
            ):
                s = replace(s, label=PERSON)
        out.append(s)
    return out


def label_events(text: str, spans: list[Span]) -> list[Span]:
    """A name ending in "Open", "Cup", "Grand Prix"... is an EVENT ("Hong Kong Open" is
    not Hong Kong, the "French Open" no work of art), as is a competition, an award or an
    occasion known by a name of its own ("Premiership", "Oscars", "the Budget"), and so is a
    place directly followed by such a capitalised word, which joins the span ("U.S." + "Open")."""
    out = []
    for s in spans:
        if s.label in (*NAME_LABELS, "WORK_OF_ART", "LAW") and not s.locked:
            words = [cn.fold(w) for w in text[s.start : s.end].split()]
            nxt = next_word(text, s.end)
            if " ".join(words) in cn.NAMED_EVENTS or (
                len(words) > 1 and (words[-1] in cn.EVENT_WORDS or " ".join(words[-2:]) in cn.EVENT_WORDS)
            ):
                s = replace(s, label="EVENT")
            elif s.label == PLACE and nxt[:1].isupper() and nxt.isalpha() and cn.fold(nxt) in cn.EVENT_WORDS:
                s = replace(s, end=text.index(nxt, s.end) + len(nxt), label="EVENT")
        out.append(s)
    return out


def label_demonyms(text: str, spans: list[Span]) -> list[Span]:
    """Nationalities and peoples ("Briton", "Chechens", "Tajik") are NORP, which the
    model often calls a person or a place."""
    return [
        replace(s, label="NORP")
        if s.label in NAME_LABELS and not s.locked and cn.fold(text[s.start : s.end]) in cn.DEMONYMS
        else s
        for s in spans
    ]


_DIRECTION = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_LOCATIVE_RE = re.compile(
    rf"(?:\b(?P<weak>in|at)|\b(?:near|outside)|\b{_DIRECTION}(?:ern)?\s+of|\b(?:town|city|village"
    r"|province|district|region|county|island|port|capital|suburb|state)\s+of)[ \t]+$"
)


_POSSESSIVE_AFTER_RE = re.compile(r"\s?['’]s\b")


def label_by_locative(text: str, spans: list[Span]) -> list[Span]:
    """A single word the model called a person is a place after "in", "near",
    "outside", "east of" or "the town of" ("the town of Tavildara"): people are
    not where things happen, except in a possessive ("in Blair's view"), which is
    left alone. All but "in" and "at" ("confidence in Blair", "look at Smith")
    are locked evidence; after them the place is one more vote ("at Anfield"),
    and a known full name still wins."""
    out = []
    for s in spans:
        if (
            s.label == PERSON
            and not s.locked
            and (m := _LOCATIVE_RE.search(text, max(0, s.start - 24), s.start))
            and " " not in text[s.start : s.end].strip()
            and not _POSSESSIVE_AFTER_RE.match(text, s.end, s.end + 4)
        ):
            s = replace(s, label=PLACE, locked=m.group("weak") is None)
        out.append(s)
    return out


def drop_common_words(text: str, spans: list[Span]) -> list[Span]:
    """A single capitalised word at the start of a sentence or line that the same
    article also uses in lower case is an ordinary word ("Men", "Attendance",
    "Death"), unless a rule tied it to a full name."""
    return [
        s
        for s in spans
        if s.key
        or s.label not in NAME_LABELS
        or " " in text[s.start : s.end]
        or not at_sentence_start(text, s.start)
        or not is_common_word(text, text[s.start : s.end])
    ]


def label_org_prefixes(text: str, spans: list[Span]) -> list[Span]:
    """A single word the model called a person that starts an organisation's name
    in the same article, and is no part of a person's full name, is that
    organisation's short form: "Virgin" after "Virgin Radio", "Pirelli" after
    "Pirelli Cables"."""
    first_of_org = {
        cn.fold(text[s.start : s.end].split()[0])
        for s in spans
        if s.label == ORG and " " in text[s.start : s.end].strip()
    }
    in_person = {
        w
        for s in spans
        if s.label == PERSON and " " in text[s.start : s.end].strip()
        for w in _words_of(text, s)
    }
    return [
        replace(s, label=ORG)
        if s.label == PERSON
        and not s.locked
        and " " not in text[s.start : s.end].strip()
        and cn.fold(text[s.start : s.end]) in first_of_org - in_person
        else s
        for s in spans
    ]


def vote_labels(text: str, spans: list[Span]) -> list[Span]:
    """One label per name within an article, by majority over its mentions ("Khieu
    Sopheak" PERSON twice and ORG once is a PERSON); a tie goes to the first
    mention, and locked evidence ("... district") outvotes the model. Dates are
    left out: "May" the month and "May" the surname do not vote together."""
    groups: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        if s.label != DATE:
            groups[span_key(text, s)].append(s)
    winner: dict[str, str] = {}
    for key, members in groups.items():
        voters = [m for m in members if m.locked] or members
        counts = Counter(m.label for m in voters)
        best = max(counts.values())
        winner[key] = next(m.label for m in voters if counts[m.label] == best)
    return [
        s
        if s.label == DATE or s.locked or s.label == (label := winner[span_key(text, s)])
        else replace(s, label=label)
        for s in spans
    ]


def _words_of(text: str, s: Span) -> tuple[str, ...]:
    return tuple(cn.fold(w) for w in text[s.start : s.end].split())


def resolve_short_forms(text: str, spans: list[Span]) -> list[Span]:
    """A short form names the person introduced in full in the same article:
    "Wiedemann" (or "Kent") after "Kent Wiedemann" is Kent Wiedemann, a PERSON,
    whatever label the model gave it. A surname always resolves; a first word
    (Chinese family names come first: "Wang" for "Wang Donghai") only when the
    model did not call it a place. With several candidates ("Bush" after George
    and Laura Bush) the nearest full name before it wins."""
    suffixes: dict[tuple[str, ...], list[Span]] = defaultdict(list)
    prefixes: dict[tuple[str, ...], list[Span]] = defaultdict(list)
    words_of = {id(f): _words_of(text, f) for f in spans}  # each span's words, folded once
    for f in sorted(spans, key=lambda f: f.start):
        fw = words_of[id(f)]
        if f.label == PERSON and len(fw) >= 2:
            for k in range(1, len(fw)):
                suffixes[fw[-k:]].append(f)
                prefixes[fw[:k]].append(f)
    if not suffixes:
        return spans
    out = []
    for s in spans:
        words = words_of[id(s)]
        if (
            s.label == DATE
            or (s.locked and s.label != PERSON)
            or not words
            or s.label not in (*NAME_LABELS, "NORP")
        ):
            out.append(s)
            continue
        candidates = [_nearest(suffixes, words, s.start)]
        if s.label in (PERSON, ORG) and " ".join(words) not in cn.KNOWN_PLACES:
            candidates.append(_nearest(prefixes, words, s.start))
        found = [c for c in candidates if c is not None]
        if found:
            before = [f for f in found if f.start < s.start]
            best = max(before, key=lambda f: f.start) if before else min(found, key=lambda f: f.start)
            s = replace(s, label=PERSON, key=span_key(text, best))
        out.append(s)
    return out


def _nearest(index: dict[tuple[str, ...], list[Span]], words: tuple[str, ...], pos: int) -> Span | None:
    """Of the full names under `words` (sorted by start), the last before `pos`, else
    the first after it."""
    full = index.get(words)
    if not full:
        return None
    i = bisect_left(full, pos, key=lambda f: f.start)
    return full[i - 1] if i > 0 else full[0]


_CAPS_WORD_RE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z'’.-]*[A-Z.](?:[ \t]+[A-Z][A-Z'’.-]*[A-Z.]){0,2}\b")


def _shouted_places(text: str) -> dict[str, tuple[str, str]]:
    """Countries and cities written in capitals ("BUCHAREST 1996-08-30")."""
    found: dict[str, tuple[str, str]] = {}
    for m in _CAPS_WORD_RE.finditer(text):
        words = m.group().split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                surface = " ".join(words[i:j])
                key = cn.fold(surface)
                if key in cn.KNOWN_PLACES and key not in cn.AMBIGUOUS_PLACES:
                    found.setdefault(surface, (PLACE, cn.canonical_key(surface)))
    return found


def _targets(text: str, spans: list[Span]) -> dict[str, tuple[str, str]]:
    targets: dict[str, tuple[str, str]] = {}  # surface -> (label, key)
    for s in sorted(spans, key=lambda s: s.end - s.start):
        if s.label not in NAME_LABELS:
            continue
        surface = " ".join(text[s.start : s.end].split())
        key = span_key(text, s)
        for variant in (surface, surface.upper()):
            targets.setdefault(variant, (s.label, key))
        words = surface.split()
        if s.label == PERSON and len(words) >= 2 and not s.key:
            for variant in (words[-1], words[-1].upper()):
                targets.setdefault(variant, (PERSON, key))
    for surface, value in _shouted_places(text).items():
        targets.setdefault(surface, value)
    return targets


WORD_INDEX_FROM = 20_000  # characters


def propagate_names(text: str, spans: list[Span]) -> list[Span]:
    """An article that names someone once names them every time: an untagged
    occurrence of a name already found (or of a full name's surname, or the same
    in capitals) gets that entity, as does a country or city written in capitals
    in a headline or dateline. Skipped where the occurrence is glued to another
    capitalised word (part of a longer name), and at the start of a sentence when
    the word is also used in lower case ("Young" the surname, "young" the word)."""
    shouted_mask = Mask(len(text), shouted_zones(text))
    taken = Mask(len(text), ((s.start, s.end) for s in spans))
    added: list[Span] = []
    # Every name is looked for. In a long text, through an index of its words, so the work stays
    # linear in the text; in an article of news length a scan per name (`str.find`) costs less
    # than indexing every word.
    runs = word_runs(text) if len(text) > WORD_INDEX_FROM else None
    for surface, (label, key) in _targets(text, spans).items():
        folded = cn.fold(surface)
        if len(surface) < 2 or folded in cn.STOPWORDS or folded in cn.TITLES:
            continue
        for start in find_words(text, surface, runs):
            end = start + len(surface)
            if taken.touches(start, end):
                continue
            shouted = shouted_mask.covers(start, end)
            if not shouted and _glued_to_capitalised(text, start, end):
                continue
            if (
                " " not in surface
                and not surface.isupper()
                and at_sentence_start(text, start)
                and is_common_word(text, surface)
            ):
                continue
            added.append(Span(start, end, label, key=key))
            taken.add(start, end)
    return sorted([*spans, *added], key=lambda s: s.start)


_WORD_BEFORE_RE = re.compile(r"(\S+)[ \t]+$")


def _glued_to_capitalised(text: str, start: int, end: int) -> bool:
    after = next_word(text, end)
    if after[:1].isupper():
        return True
    m = _WORD_BEFORE_RE.search(text[max(0, start - 40) : start])
    if m is None:
        return False
    word = m.group(1)
    before_start = max(0, start - 40) + m.start(1)
    return (
        word[:1].isupper()
        and word[-1].isalpha()
        and cn.fold(word) not in cn.STOPWORDS
        and cn.fold(word) not in cn.TITLES
        and not at_sentence_start(text, before_start)
    )
