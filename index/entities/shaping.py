"""Clean-up rules that decide where a mention starts and ends, and which are no names.

The model folds quotes, titles, possessives, scores and page furniture into
names, glues neighbouring names together and tags shouted headlines. These rules
cut spans back to the name, or drop them, before any label is decided.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from index.entities import canonical as cn
from index.entities.spans import NAME_LABELS, Mask, Span, resize, shouted_zones, soft_wraps, tokens
from index.models import DATE, ORG, PERSON, PLACE

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


# A wire service's sign-off, alone on the last line ("\n REUTER"): no mention of the agency.
_SIGN_OFF_RE = re.compile(r"\n[ \t]*(?:REUTERS?|Reuters?|AP|AFP|UPI)(?:\W|\^M)*\Z")


@lru_cache(maxsize=2)
def _debris_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Where the debris phrases are: the rule runs twice on each text."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length in lower case
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return tuple(m.span() for m in _DEBRIS_RE.finditer(low))


def drop_debris(text: str, spans: list[Span]) -> list[Span]:
    """Page furniture left in a body ("Related Stories", "Exit mobile version") and a wire
    service's sign-off on the last line are not entities: drop every span that overlaps
    one of these."""
    sign_off = _SIGN_OFF_RE.search(text, max(0, len(text) - 40))
    if sign_off is not None:  # a name glued to it ends before it: "Standard and Poor's Corp.\nREUTER"
        cut = sign_off.start()
        spans = [s if s.end <= cut else replace(s, end=cut) for s in spans if s.start < cut]
    ranges = _debris_ranges(text)
    if not ranges:
        return spans
    debris = Mask(len(text), ranges)
    return [s for s in spans if not debris.touches(s.start, s.end)]


_ABBREV_END_RE = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b[A-Z]\.|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St)\.)$")
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
        resized = resize(s, start, end)
        if resized is not None:
            out.append(resized)
    return out


_POSSESSIVE_RE = re.compile(r"\s?['’][sS]$|(?<=s)['’]$")


def strip_possessive(text: str, spans: list[Span]) -> list[Span]:
    """ "Cambodia's" and "Reuters'" name Cambodia and Reuters: drop the possessive."""
    out = []
    for s in spans:
        m = _POSSESSIVE_RE.search(text, s.start, s.end)
        resized = resize(s, s.start, m.start()) if m and s.label != DATE else s
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


# A nationality before a name describes the person ("Irish Thomas Slattery", "Briton Amir
# Khan"); one that is also a given name ("Christian Bale") starts the name.
_NOT_NAME_START = cn.TITLES | cn.STOPWORDS | (cn.DEMONYMS - cn.GIVEN_NAMES)


# Letters after a British or Irish name that say what the person is, not who.
POSTNOMINALS = cn.lexicon("QC|KC|MP|MEP|MSP|AM|TD|OBE|MBE|CBE|KBE|DBE|PC|Jr|Jr.|Sr|Sr.|PhD")


def strip_postnominals(text: str, spans: list[Span]) -> list[Span]:
    """ "Andrew Nicol QC" and "Ann Clwyd MP" are Andrew Nicol and Ann Clwyd: the
    letters after a name are a rank or an office, and the same person is named
    without them elsewhere."""
    out = []
    for s in spans:
        if s.label == PERSON:
            toks = tokens(text, s.start, s.end)
            j = len(toks)
            while j > 1 and cn.fold(text[toks[j - 1][0] : toks[j - 1][1]].rstrip(",")) in POSTNOMINALS:
                j -= 1
            if j < len(toks):
                s = replace(s, end=toks[j - 1][1])
        out.append(s)
    return out


def strip_titles(text: str, spans: list[Span]) -> list[Span]:
    """ "President Saddam Hussein" and "Mr Barzani" are the people Saddam Hussein and
    Barzani: leading titles and honorifics, nationalities ("Kenyan Alice Timbilil"), and
    words like "New" or "The", come off a PERSON (never the last word)."""
    out = []
    for s in spans:
        if s.label == PERSON:
            toks = tokens(text, s.start, s.end)
            i = 0
            while i < len(toks) - 1 and cn.fold(text[toks[i][0] : toks[i][1]]) in _NOT_NAME_START:
                i += 1
            if toks and toks[i][0] != s.start:
                s = replace(s, start=toks[i][0])
        out.append(s)
    return out


_SEPARATOR_RE = re.compile(
    r"\s+[-–—]{1,2}\s+|\s*[;:|]\s+|\s*\(\s*|\s*\)\s*|\s+/\s+"
    # a sentence ending in a firm's legal form: "Penn Central Corp. Bally bought" ("Co. Inc." stays)
    # (the form looked behind from the first space: a pattern that opened with a look-behind
    # was tried at every position of every span, doubling the rule's time)
    r"|\s(?:(?<=\bCorp\.\s)|(?<=\bInc\.\s)|(?<=\bCo\.\s)|(?<=\bLtd\.\s)|(?<=\bCos\.\s)"
    r"|(?<=\bPlc\.\s)|(?<=\bPLC\.\s))"
    r"\s*(?=[A-Z])(?!(?:Inc|Ltd|Co|Corp|Cos|LLC|plc|Plc|PLC)\b)"
    r"|,\s+(?!(?:Inc|Ltd|Co|Corp|LLC|plc|Jr|Sr|D\.C)\b)(?![A-Z][\w.'’-]*\s+(?:and|&)\s+(?:Co|Company|Cie)\b)|\n"
)


def split_at_separators(text: str, spans: list[Span]) -> list[Span]:
    """A name does not contain a list separator, a spaced dash, a bracket or a line
    break: "Romania - Cosmin Contra" and "Grace Road, Leicestershire" are two names
    glued together. Split there (", Inc" and ", Jr" stay, and so does a firm named
    "Goldman, Sachs and Co", as wire copy writes its partners). Titles of works keep
    their colons and dashes. A soft line wrap of wire copy is a space, not a
    separator ("Standard and\nPoor's")."""
    out: list[Span] = []
    wraps = soft_wraps(text)
    for s in spans:
        if s.label not in NAME_LABELS:
            out.append(s)
            continue
        pos = s.start
        for m in _SEPARATOR_RE.finditer(text, s.start, s.end):
            if m.group() == "\n" and m.start() in wraps:
                continue
            if m.start() > pos:
                out.append(replace(s, start=pos, end=m.start()))
            pos = m.end()
        if pos == s.start:  # no separator: the usual case
            out.append(s)
        elif s.end > pos:
            out.append(replace(s, start=pos, end=s.end))
    return out


_DIGIT = re.compile(r"\d").search


def _is_code(token: str, label: str) -> bool:
    if not _DIGIT(token):
        return False
    return label == PERSON or not token.isalnum()


# Lower-case particles that do begin names: "de Gaulle", "al-Qaeda", "van Gogh".
_PARTICLES = cn.lexicon("de|di|da|du|des|del|della|van|von|der|den|ter|la|le|el|al|bin|ibn|dos|das|e|y")


def _is_lower_word(token: str) -> bool:
    return token.islower() and token.split("-")[0] not in _PARTICLES


def _first_word_lower(piece: str) -> bool:
    return piece.split(None, 1)[0].islower()


def _last_word_lower(piece: str) -> bool:
    return piece.rsplit(None, 1)[-1].islower()


def trim_codes(text: str, spans: list[Span]) -> list[Span]:
    """Scores, dates, phone numbers and the like at either end are not part of a name
    ("Lithuania 2-1", "Dublin Newsroom +353"). People's names hold no digits at all;
    organisations and places may end in a plain number ("Channel 4"). Nor does a
    name begin or end with lower-case words ("broadcaster BSkyB", "Interfax news
    agency"), bar particles such as "de" or "al-"."""
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        if (  # nothing to trim: the usual case, told without splitting the name into words
            piece
            and not piece[0].isspace()
            and not piece[-1].isspace()
            and (
                s.label == DATE
                or (not _DIGIT(piece) and not _first_word_lower(piece) and not _last_word_lower(piece))
            )
        ):
            out.append(s)
            continue
        toks = tokens(text, s.start, s.end)
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
            start, end = toks[lo][0], toks[hi - 1][1]
            out.append(s if (start, end) == (s.start, s.end) else replace(s, start=start, end=end))
    return out


_YEAR_RE = re.compile(r"^(1[0-9]|20)\d\d$")
# Not names though capitalised: a company's legal form on its own ("Co" of
# "Smith and Co" cut off), units and the headings of wire copy's results tables
# ("Shr 12 cts vs 10 cts", "Revs 1.2 mln", "500 mln U.S. Dlrs").
NOT_NAMES = frozenset(cn.CORPORATE_SUFFIXES) | cn.lexicon("""
Dlrs|Dlr|Cts|Mln|Bln|Pct|Shr|Shrs|Revs|Avg|Qtr|Qtly|Vs|Oper|Div|Pay|Prior|Record|Tonnes|Mths
""")
_UNIT_TAIL = cn.lexicon("Dlrs|Dlr|Cts|Mln|Bln|Pct")
# Currencies: "U.S. Dollar" and "Deutsche Mark" are amounts' units, not organisations or places.
_CURRENCY_TAIL = cn.lexicon(
    "Dollar|Dollars|Yen|Sterling|Franc|Francs|Mark|Marks|Peso|Pesos|Lira|Rupee|Rupees|Euro|Euros"
)
_LEGAL_WORDS = frozenset(cn.CORPORATE_SUFFIXES) | {"and", "&"}
_NUMBERISH_RE = re.compile(r"^[\d.,]+(?:st|nd|rd|th|s|m|bn|k)?$", re.IGNORECASE)


_AND_BEFORE = re.compile(r"(?:[A-Z][\w.'’-]*[ \t\n]+){1,3}(?:and|&)[ \t\n]+$")
_ONE_AND_BEFORE = re.compile(r"\b[A-Z][\w.'’-]*[ \t\n]+(?:and|&)[ \t\n]+$")


def join_and_company(text: str, spans: list[Span]) -> list[Span]:
    """A legal form belongs to the whole name before it: "Standard and Poor's Corp",
    "S.G. Warburg and Co Ltd", "Bear Stearns and Co" are one company each, which
    the model cut at "and". An ORG that is only a legal form ("Co Ltd") takes in
    the capitalised words and the "and" before it, and any span there; one that
    ends in a legal form takes in one word and "and" ("Chase Manhattan and
    Security Pacific Corp" are two banks). Not a word that is itself a legal form:
    "... Sachs and Co and Salomon Brothers Inc" names two firms."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: s.start):
        words = cn.fold(text[s.start : s.end]).split()
        m = None
        if s.label == ORG and words and words[-1] in cn.CORPORATE_SUFFIXES:
            # "Co Ltd" alone belongs to the name before; "Poor's Corp" to one word only, since
            # "Chase Manhattan and Security Pacific Corp" are two banks
            alone = all(w in _LEGAL_WORDS for w in words)
            m = (_AND_BEFORE if alone else _ONE_AND_BEFORE).search(text, max(0, s.start - 60), s.start)
            if m is not None and cn.fold(m.group().split()[-2]) in cn.CORPORATE_SUFFIXES:
                m = None  # "Goldman, Sachs and Co and Salomon Brothers Inc": the first name had ended
        if m is None:
            out.append(s)
            continue
        start = m.start()
        while out and out[-1].end > start and out[-1].start >= start - 1:
            start = min(start, out.pop().start)
        out.append(replace(s, start=start))
    return out


_ALNUM = re.compile(r"[^\W_]").search  # a letter or a digit (`str.isalnum`)
_ALPHA = re.compile(r"[^\W\d_]").search  # a letter


def drop_non_names(text: str, spans: list[Span]) -> list[Span]:
    """Not entities: single characters, numbers ("222", "999th", "2-1"), mentions
    that are only punctuation, lone function words ("The", "He"), legal forms,
    units or table headings alone ("Co Ltd", "Dlrs", "Revs": NOT_NAMES), a
    currency ("U.S. Dollar"), and
    PERSON/ORG/PLACE with no capital letter (a proper name is capitalised
    somewhere). A DATE may be all digits when it reads as one: "1996",
    "1990s", "2004-08-30", but not "19"."""
    out = []
    for s in spans:
        piece = text[s.start : s.end].strip()
        if len(piece) < 2 or not _ALNUM(piece):
            continue
        if s.label == DATE:
            if piece.isdigit() and not _YEAR_RE.match(piece):
                continue
        elif _NUMBERISH_RE.match(piece) or not _ALPHA(piece):
            continue
        folded = cn.fold(piece)
        words = folded.split()
        if folded in cn.STOPWORDS or folded in NOT_NAMES or words[-1] in _UNIT_TAIL:
            continue
        if all(w in _LEGAL_WORDS for w in words):  # "Co Ltd": what is left of a cut company name
            continue
        if s.label != PERSON and len(words) > 1 and words[-1] in _CURRENCY_TAIL:
            continue
        if s.label in NAME_LABELS and not any(c.isupper() for c in piece):
            continue
        out.append(s)
    return out


def drop_in_shouted_text(text: str, spans: list[Span]) -> list[Span]:
    """In an all-capitals headline the model cannot see which words are names and
    tags nonsense ("BASEBALL - KEVIN BROWN LOWERS ERA" as an ORG). Drop its spans
    there; `propagate_names` puts back the names the rest of the article knows."""
    zones = shouted_zones(text)
    if not zones:
        return spans
    shouted = Mask(len(text), zones)
    return [s for s in spans if not shouted.touches(s.start, s.end)]
