"""Clean-up rules applied on top of the NER model (and of the rule-based fallback).

A statistical tagger looks at a few words at a time, so it is inconsistent over a
whole article ("Wiedemann" is a PERSON in one sentence and an ORG in the next),
tags web debris and shouted headlines, and folds titles, punctuation and
possessives into names. Each rule below fixes one such class of mistakes with
article-level evidence and general knowledge, is documented with why, and has
its own test. `clean()` runs them in `RULES` order; `to_extraction()` turns the
surviving spans into the public `Extraction`.

No spaCy here: the spans come in as plain (start, end, label) triples.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from index import canonical as cn
from index.models import DATE, ORG, OTHER_LABELS, PERSON, PLACE, Entity, Extraction, Mention

# Bump when a rule changes what it outputs: cached extractions keyed by the old
# version are then recomputed (see entity_cache.py).
RULES_VERSION = 2

NAME_LABELS = (PERSON, ORG, PLACE)

# spaCy (OntoNotes) label -> Morgue label; labels not here are dropped.
_LABEL_MAP = {
    "PERSON": PERSON,
    "ORG": ORG,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    DATE: DATE,
    **{label: label for label in OTHER_LABELS},
}


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate mention while the rules run.

    `key` is the canonical key it will be grouped under (set by the short-form
    rule; otherwise derived from the text). `locked` marks a label decided by
    strong local evidence ("... district"), which the article-wide rules keep.
    """

    start: int
    end: int
    label: str
    key: str = ""
    locked: bool = False


Rule = Callable[[str, list[Span]], list[Span]]


def map_label(label: str) -> str | None:
    """The Morgue label of a model label (GPE/LOC/FAC -> PLACE), None for numeric ones."""
    return _LABEL_MAP.get(label)


def from_model(triples: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Model output -> spans, with labels mapped and numeric labels dropped."""
    spans = []
    for start, end, label in triples:
        mapped = map_label(label)
        if mapped is not None and end > start:
            spans.append(Span(start, end, mapped))
    return spans


# --- helpers -----------------------------------------------------------------

_WORD_RE = re.compile(r"\S+")
_ABBREV_END_RE = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b[A-Z]\.|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St)\.)$")
_OPENING = " \t\"'“‘([{«"


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD_RE.finditer(text[start:end])]


def _resize(span: Span, start: int, end: int) -> Span | None:
    return replace(span, start=start, end=end) if end > start else None


class _Mask:
    """Which characters of a text are covered: overlap tests in O(span length), so
    that an article with thousands of mentions stays linear."""

    def __init__(self, size: int, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.bits = bytearray(size)
        for start, end in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.bits[start:end] = b"\x01" * (end - start)

    def touches(self, start: int, end: int) -> bool:
        return self.bits.find(1, start, end) != -1

    def covers(self, start: int, end: int) -> bool:
        return end > start and self.bits.find(0, start, end) == -1


def at_sentence_start(text: str, pos: int) -> bool:
    """True if `pos` starts a sentence, a line, or a quotation that starts one."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENING:
        i -= 1
    if i < 0 or text[i] in ".!?:\n":
        return True
    return text[i] in "”’" and i > 0 and text[i - 1] in ".!?"


def _is_shouted_word(word: str) -> bool:
    return word.isupper() and sum(map(str.isalpha, word)) >= 2


def _find_words(text: str, word: str) -> Iterator[int]:
    """Start offsets of `word` in `text` as a whole word: no letter, digit or hyphen
    touches it, nor an apostrophe and more letters ("Al" is not in "Al'aqsa", but
    "Henke" is in "Henke's")."""
    n = len(word)
    i = text.find(word)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + n] if i + n < len(text) else " "
        after2 = text[i + n + 1 : i + n + 3]
        if (
            not (before.isalnum() or before in "-_'’.")
            and not (after.isalnum() or after in "-_")
            and not (after in "'’" and len(after2) == 2 and after2.isalpha())
        ):
            yield i
        i = text.find(word, i + 1)


# --- rules --------------------------------------------------------------------

_PARAGRAPH_RE = re.compile(r"\n[ \t\r]*\n")


def drop_paragraph_crossing(text: str, spans: list[Span]) -> list[Span]:
    """Names never run across a blank line; a span that does glued debris together
    ("Related Stories\\n\\nExit" came out as one ORG)."""
    return [s for s in spans if not _PARAGRAPH_RE.search(text, s.start, s.end)]


DEBRIS_PHRASES = sorted(
    cn.lexicon("""
related stories|related articles|exit mobile version|skip to content|share this|read more
click here|advertisement|all rights reserved|sign up for|subscribe to|follow us|most read
more on this story
""")
)


_DEBRIS_RE = re.compile("|".join(re.escape(p) for p in DEBRIS_PHRASES))


def drop_debris(text: str, spans: list[Span]) -> list[Span]:
    """Page furniture left in a body ("Related Stories", "Exit mobile version") is not
    an entity: drop every span that overlaps one of these phrases."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length in lower case
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    debris = _Mask(len(text), (m.span() for m in _DEBRIS_RE.finditer(low)))
    return [s for s in spans if not debris.touches(s.start, s.end)]


_LEAD_PUNCT = set(" \t\n\r\"'“”‘’«»([{<-–—,;:.!?*•|/\\")
_TRAIL_PUNCT = set(" \t\n\r\"'“”‘’«»)]}>-–—,;:.!?*•|/\\")


def _strippable(char: str, punct: set[str]) -> bool:
    """Punctuation, spaces, and invisible or control characters (NUL, bidi marks)."""
    return char in punct or unicodedata.category(char)[0] in "CZ"


def trim_punctuation(text: str, spans: list[Span]) -> list[Span]:
    """Quotes, brackets, dashes, sentence punctuation and invisible characters at
    either end belong to the sentence, not to the name. A final "." stays on abbreviations ("U.S.", "Inc.")
    and a ")" stays when the name opened one."""
    out = []
    for s in spans:
        start, end = s.start, s.end
        while start < end and _strippable(text[start], _LEAD_PUNCT):
            start += 1
        while end > start and _strippable(text[end - 1], _TRAIL_PUNCT):
            piece = text[start:end]
            if piece.endswith(".") and _ABBREV_END_RE.search(piece):
                break
            if piece.endswith(")") and "(" in piece:
                break
            end -= 1
        resized = _resize(s, start, end)
        if resized is not None:
            out.append(resized)
    return out


_POSSESSIVE_RE = re.compile(r"\s?['’][sS]$|(?<=s)['’]$")


def strip_possessive(text: str, spans: list[Span]) -> list[Span]:
    """ "Cambodia's" and "Reuters'" name Cambodia and Reuters: drop the possessive."""
    out = []
    for s in spans:
        m = _POSSESSIVE_RE.search(text, s.start, s.end)
        resized = _resize(s, s.start, m.start()) if m and s.label != DATE else s
        if resized is not None:
            out.append(resized)
    return out


def strip_leading_the(text: str, spans: list[Span]) -> list[Span]:
    """ "the Cincinnati Reds" is "Cincinnati Reds": a leading "the" is grammar, not name.
    Lower-case "the" goes from every name; capital "The" from organisations, and
    from places when what is left is a known place or several words ("The United
    States"), so that "The Hague" and "The Gambia" keep theirs."""
    out = []
    for s in spans:
        if s.label in NAME_LABELS or s.label == "NORP":
            piece = text[s.start : s.end]
            m = re.match(r"(?:the|The)\s+(?=\S)", piece)
            rest = piece[m.end() :] if m else ""
            if m and (
                piece[0] == "t"
                or s.label == ORG
                or (s.label == PLACE and (" " in rest.strip() or cn.fold(rest) in cn.KNOWN_PLACES))
            ):
                s = replace(s, start=s.start + m.end())
        out.append(s)
    return out


_NOT_NAME_START = cn.TITLES | cn.STOPWORDS


def strip_titles(text: str, spans: list[Span]) -> list[Span]:
    """ "President Saddam Hussein" and "Mr Barzani" are the people Saddam Hussein and
    Barzani: leading titles and honorifics, and words like "New" or "The", come off
    a PERSON (never the last word)."""
    out = []
    for s in spans:
        if s.label == PERSON:
            toks = _tokens(text, s.start, s.end)
            i = 0
            while i < len(toks) - 1 and cn.fold(text[toks[i][0] : toks[i][1]]) in _NOT_NAME_START:
                i += 1
            s = replace(s, start=toks[i][0]) if toks else s
        out.append(s)
    return out


_SEPARATOR_RE = re.compile(
    r"\s+[-–—]{1,2}\s+|\s*[;:|]\s+|\s*\(\s*|\s*\)\s*|\s+/\s+"
    r"|,\s+(?!(?:Inc|Ltd|Co|Corp|LLC|plc|Jr|Sr|D\.C)\b)|\n"
)


def split_at_separators(text: str, spans: list[Span]) -> list[Span]:
    """A name does not contain a list separator, a spaced dash, a bracket or a line
    break: "Romania - Cosmin Contra" and "Grace Road, Leicestershire" are two names
    glued together. Split there (", Inc" and ", Jr" stay). Titles of works keep
    their colons and dashes."""
    out: list[Span] = []
    for s in spans:
        if s.label not in NAME_LABELS:
            out.append(s)
            continue
        pos = s.start
        for m in _SEPARATOR_RE.finditer(text, s.start, s.end):
            if m.start() > pos:
                out.append(replace(s, start=pos, end=m.start()))
            pos = m.end()
        if s.end > pos:
            out.append(replace(s, start=pos, end=s.end))
    return out


def _is_code(token: str, label: str) -> bool:
    has_digit = any(c.isdigit() for c in token)
    if not has_digit:
        return False
    return label == PERSON or not token.isalnum()


# Lower-case particles that do begin names: "de Gaulle", "al-Qaeda", "van Gogh".
_PARTICLES = cn.lexicon("de|di|da|du|des|del|della|van|von|der|den|ter|la|le|el|al|bin|ibn|dos|das|e|y")


def _is_lower_word(token: str) -> bool:
    return token.islower() and token.split("-")[0] not in _PARTICLES


def trim_codes(text: str, spans: list[Span]) -> list[Span]:
    """Scores, dates, phone numbers and the like at either end are not part of a name
    ("Lithuania 2-1", "Dublin Newsroom +353"). People's names hold no digits at all;
    organisations and places may end in a plain number ("Channel 4"). Nor does a
    name begin or end with lower-case words ("broadcaster BSkyB", "Interfax news
    agency"), bar particles such as "de" or "al-"."""
    out = []
    for s in spans:
        toks = _tokens(text, s.start, s.end)
        words = [text[a:b] for a, b in toks]
        lo, hi = 0, len(toks)
        if s.label != DATE:
            while lo < hi and (
                _is_code(words[lo], s.label)
                or (hi - lo > 1 and s.label in NAME_LABELS and _is_lower_word(words[lo]))
            ):
                lo += 1
            while lo < hi and (_is_code(words[hi - 1], s.label) or (hi - lo > 1 and words[hi - 1].islower())):
                hi -= 1
        if lo < hi:
            out.append(replace(s, start=toks[lo][0], end=toks[hi - 1][1]))
    return out


_YEAR_RE = re.compile(r"^(1[0-9]|20)\d\d$")
_NUMBERISH_RE = re.compile(r"^[\d.,]+(?:st|nd|rd|th|s|m|bn|k)?$", re.IGNORECASE)


def drop_non_names(text: str, spans: list[Span]) -> list[Span]:
    """Not entities: single characters, numbers ("222", "999th", "2-1"), mentions
    that are only punctuation, lone function words ("The", "He"), and
    PERSON/ORG/PLACE with no capital letter (a proper name is capitalised
    somewhere). A DATE may be all digits when it reads as one: "1996",
    "1990s", "2004-08-30", but not "19"."""
    out = []
    for s in spans:
        piece = text[s.start : s.end].strip()
        if len(piece) < 2 or not any(c.isalnum() for c in piece):
            continue
        if s.label == DATE:
            if piece.isdigit() and not _YEAR_RE.match(piece):
                continue
        elif _NUMBERISH_RE.match(piece) or not any(c.isalpha() for c in piece):
            continue
        if cn.fold(piece) in cn.STOPWORDS:
            continue
        if s.label in NAME_LABELS and not any(c.isupper() for c in piece):
            continue
        out.append(s)
    return out


@lru_cache(maxsize=4)
def shouted_zones(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of SHOUTED runs: three or more all-capitals words in a row
    (punctuation and numbers in between do not break a run). Empty when most of the
    text is in capitals, since then capitals tell nothing."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
    alpha = [w for w in words if any(c.isalpha() for c in w[2])]
    if not alpha or sum(_is_shouted_word(w[2]) for w in alpha) * 2 > len(alpha):
        return ()
    zones: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []
    for w in [*alpha, (len(text), len(text), "x")]:
        if _is_shouted_word(w[2]):
            run.append(w)
            continue
        if len(run) >= 3:
            zones.append((run[0][0], run[-1][1]))
        run = []
    return tuple(zones)


def drop_in_shouted_text(text: str, spans: list[Span]) -> list[Span]:
    """In an all-capitals headline the model cannot see which words are names and
    tags nonsense ("BASEBALL - KEVIN BROWN LOWERS ERA" as an ORG). Drop its spans
    there; `propagate_names` puts back the names the rest of the article knows."""
    shouted = _Mask(len(text), shouted_zones(text))
    return [s for s in spans if not shouted.touches(s.start, s.end)]


def next_word(text: str, pos: int) -> str:
    m = re.compile(r"[ \t]+(\S+)").match(text, pos)
    return m.group(1) if m else ""


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
        if known is not None and not s.locked:
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


_INITIAL_RE = re.compile(r"^[A-Z]\.$")


def label_people_by_given_name(text: str, spans: list[Span]) -> list[Span]:
    """Two or three capitalised words starting with a common given name or an
    initial ("Marion Clignet", "D. Fleming") and holding no organisation or place
    word are a person, whatever the model said."""
    out = []
    for s in spans:
        if s.label in (ORG, PLACE) and not s.locked:
            words = text[s.start : s.end].split()
            keys = [cn.fold(w) for w in words]
            if (
                2 <= len(words) <= 3
                and all(w != w.lower() for w in words)
                and (keys[0] in cn.GIVEN_NAMES or _INITIAL_RE.match(words[0]))
                and not any(k in cn.ORG_WORDS or k in cn.PLACE_SUFFIXES for k in keys)
                and cn.fold(" ".join(words)) not in cn.KNOWN_PLACES
            ):
                s = replace(s, label=PERSON)
        out.append(s)
    return out


def label_events(text: str, spans: list[Span]) -> list[Span]:
    """A name ending in "Open", "Cup", "Grand Prix"... is an EVENT ("Hong Kong Open" is
    not Hong Kong, the "French Open" no work of art), and so is a place directly
    followed by such a capitalised word, which joins the span ("U.S." + "Open")."""
    out = []
    for s in spans:
        if s.label in (*NAME_LABELS, "WORK_OF_ART", "LAW") and not s.locked:
            words = [cn.fold(w) for w in text[s.start : s.end].split()]
            nxt = next_word(text, s.end)
            if len(words) > 1 and (words[-1] in cn.EVENT_WORDS or " ".join(words[-2:]) in cn.EVENT_WORDS):
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
    rf"(?:\b(?P<weak>in)|\b(?:near|outside)|\b{_DIRECTION}(?:ern)?\s+of|\b(?:town|city|village"
    r"|province|district|region|county|island|port|capital|suburb|state)\s+of)[ \t]+$"
)


def label_by_locative(text: str, spans: list[Span]) -> list[Span]:
    """A single word the model called a person is a place after "in", "near",
    "outside", "east of" or "the town of" ("the town of Tavildara"): people are
    not where things happen, except in a possessive ("in Blair's view"), which is
    left alone. All but "in" ("confidence in Blair") are locked evidence; after
    "in" the place is one more vote, and a known full name still wins."""
    out = []
    for s in spans:
        m = _LOCATIVE_RE.search(text, max(0, s.start - 24), s.start)
        if (
            m
            and s.label == PERSON
            and not s.locked
            and " " not in text[s.start : s.end].strip()
            and not re.match(r"\s?['’]s\b", text[s.end : s.end + 4])
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


def _key(text: str, s: Span) -> str:
    return s.key or cn.canonical_key(text[s.start : s.end])


def vote_labels(text: str, spans: list[Span]) -> list[Span]:
    """One label per name within an article, by majority over its mentions ("Khieu
    Sopheak" PERSON twice and ORG once is a PERSON); a tie goes to the first
    mention, and locked evidence ("... district") outvotes the model. Dates are
    left out: "May" the month and "May" the surname do not vote together."""
    groups: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        if s.label != DATE:
            groups[_key(text, s)].append(s)
    winner: dict[str, str] = {}
    for key, members in groups.items():
        voters = [m for m in members if m.locked] or members
        counts = Counter(m.label for m in voters)
        best = max(counts.values())
        winner[key] = next(m.label for m in voters if counts[m.label] == best)
    return [s if s.label == DATE or s.locked else replace(s, label=winner[_key(text, s)]) for s in spans]


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
    for f in sorted(spans, key=lambda f: f.start):
        fw = _words_of(text, f)
        if f.label == PERSON and len(fw) >= 2:
            for k in range(1, len(fw)):
                suffixes[fw[-k:]].append(f)
                prefixes[fw[:k]].append(f)
    if not suffixes:
        return spans
    out = []
    for s in spans:
        words = _words_of(text, s)
        if s.label == DATE or s.locked or not words or s.label not in (*NAME_LABELS, "NORP"):
            out.append(s)
            continue
        candidates = [_nearest(suffixes, words, s.start)]
        if s.label in (PERSON, ORG) and " ".join(words) not in cn.KNOWN_PLACES:
            candidates.append(_nearest(prefixes, words, s.start))
        found = [c for c in candidates if c is not None]
        if found:
            before = [f for f in found if f.start < s.start]
            best = max(before, key=lambda f: f.start) if before else min(found, key=lambda f: f.start)
            s = replace(s, label=PERSON, key=_key(text, best))
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


@lru_cache(maxsize=4096)
def is_common_word(text: str, word: str) -> bool:
    """True if the text also writes `word` in lower case: then it is an ordinary word."""
    return next(_find_words(text, word.lower()), None) is not None


_CAPS_WORD_RE = re.compile(r"\b[A-Z][A-Z'’.-]*[A-Z.](?:[ \t]+[A-Z][A-Z'’.-]*[A-Z.]){0,2}\b")


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
        key = _key(text, s)
        for variant in (surface, surface.upper()):
            targets.setdefault(variant, (s.label, key))
        words = surface.split()
        if s.label == PERSON and len(words) >= 2 and not s.key:
            for variant in (words[-1], words[-1].upper()):
                targets.setdefault(variant, (PERSON, key))
    for surface, value in _shouted_places(text).items():
        targets.setdefault(surface, value)
    return targets


def propagate_names(text: str, spans: list[Span]) -> list[Span]:
    """An article that names someone once names them every time: an untagged
    occurrence of a name already found (or of a full name's surname, or the same
    in capitals) gets that entity, as does a country or city written in capitals
    in a headline or dateline. Skipped where the occurrence is glued to another
    capitalised word (part of a longer name), and at the start of a sentence when
    the word is also used in lower case ("Young" the surname, "young" the word)."""
    shouted_mask = _Mask(len(text), shouted_zones(text))
    taken = _Mask(len(text), ((s.start, s.end) for s in spans))
    added: list[Span] = []
    for surface, (label, key) in _targets(text, spans).items():
        folded = cn.fold(surface)
        if len(surface) < 2 or folded in cn.STOPWORDS or folded in cn.TITLES:
            continue
        for start in _find_words(text, surface):
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


def _glued_to_capitalised(text: str, start: int, end: int) -> bool:
    after = next_word(text, end)
    if after[:1].isupper():
        return True
    m = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40) : start])
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


RULES: tuple[Rule, ...] = (
    drop_paragraph_crossing,
    drop_debris,
    split_at_separators,
    trim_punctuation,
    strip_possessive,
    strip_leading_the,
    strip_titles,
    trim_codes,
    trim_punctuation,
    drop_non_names,
    drop_in_shouted_text,
    label_by_place_noun,
    label_known_names,
    label_people_by_given_name,
    label_events,
    label_demonyms,
    label_by_locative,
    label_org_prefixes,
    vote_labels,
    resolve_short_forms,
    drop_common_words,
    propagate_names,
    drop_debris,
)


def clean(text: str, spans: Sequence[Span], rules: Sequence[Rule] = RULES) -> list[Span]:
    """Run the clean-up rules in order; the result is sorted and non-overlapping."""
    current = sorted(spans, key=lambda s: (s.start, -s.end))
    for rule in rules:
        current = rule(text, current)
    out: list[Span] = []
    for s in sorted(current, key=lambda s: (s.start, -s.end)):
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def to_extraction(text: str, spans: Sequence[Span]) -> Extraction:
    """Spans -> the public Extraction: mentions with their canonical display name,
    and one entity per (name, label) with its mention count, most frequent first."""
    surfaces: dict[str, list[str]] = defaultdict(list)
    for s in spans:
        own = cn.canonical_key(text[s.start : s.end])
        if own == _key(text, s):
            surfaces[own].append(text[s.start : s.end])
    names = {key: cn.display_name(forms) for key, forms in surfaces.items()}
    mentions = []
    for s in spans:
        piece = text[s.start : s.end]
        name = names.get(_key(text, s)) or cn.display_name([piece])
        mentions.append(Mention(s.start, s.end, piece, s.label, name))
    counts = Counter((m.canonical, m.label) for m in mentions)
    entities = sorted(
        (Entity(name, label, n) for (name, label), n in counts.items()),
        key=lambda e: (-e.count, e.name, e.label),
    )
    return Extraction(mentions=tuple(mentions), entities=tuple(entities))
