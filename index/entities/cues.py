"""Clean-up rules that read a word or two next to a mention: who is a person, what is a company,
and what is no entity at all (a product, a market index).

The small model labels a name by its shape, so an unfamiliar company reads as a
person ("Technorati", "Zed"), a bank with a Scandinavian name as a person, a
console or a stock index as an organisation. English marks these next to the
name: an honorific ("Mr Stone"), a noun for a company ("the law firm Tods
Murray", "Wermlandsbanken, a small regional bank"), a product noun ("the Xbox
console"), "index" ("the Milan Stock Index"). Each cue list is short generic
English, names no corpus, and each rule locks the label it sets so that the
article-wide vote carries it to the name's other mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from index.entities import canonical as cn
from index.entities.spans import NAME_LABELS, Span, tokens
from index.models import ORG, PERSON, PLACE

# Not an entity group: products and market indices. Spans given this label vote like
# any other (so every mention of "Xbox" follows the one next to "console"), then
# `drop_products` removes them, as the model's own PRODUCT spans are (`cleanup.map_label`).
PRODUCT = "PRODUCT"

# --- honorifics ---------------------------------------------------------------------

# Honorifics only a person takes ("Lord", "Miss" and the job titles are left out:
# "Lord's", "Miss World", "President Hotel").
# Matched as written: "DR Congo" and "MS Net" hold no honorific.
HONORIFICS = frozenset(
    [
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Mx",
        "Dr",
        "Dr.",
        "Sir",
        "Dame",
        "Mme",
        "Mlle",
        "Monsieur",
        "Herr",
        "Frau",
    ]
)
# Any honorific: "Mr", "Mrs", "Ms", "Mx", "Mme", "Mlle", "Monsieur", "Dr", "Sir", "Dame",
# "Herr", "Frau", after no word character. Written as a capital then a look-behind, so the
# scan skips to those five capitals: `\b(?:Mr|...)` tried every position, six times slower.
_ANY_HONORIFIC = re.compile(
    r"(?:M(?<!\wM)(?:rs?|s|x|me|lle|onsieur)|D(?<!\wD)(?:r|ame)|S(?<!\wS)ir|H(?<!\wH)err|F(?<!\wF)rau)\b"
)
_HONORIFIC_BEFORE = re.compile(
    r"(?:^|[^\w.])(?:Mr|Mrs|Ms|Mx|Dr|Sir|Dame|Mme|Mlle|Monsieur|Herr|Frau)\.?[ \t]+$"
)


def label_by_honorific(text: str, spans: list[Span]) -> list[Span]:
    """A name after "Mr", "Ms", "Dr", "Sir"... is a person ("Mr Stone", "Ms Hughes"),
    whatever the model said, and locked so the vote carries it. An honorific inside
    a span splits it: "GDC Mr Allard" is the event GDC and the person Allard."""
    near = [m.start() for m in _ANY_HONORIFIC.finditer(text)]  # one pass; most spans have none near
    if not near:
        return spans
    out: list[Span] = []
    for s in spans:
        i = bisect_left(near, s.start - 12)
        if s.label not in NAME_LABELS or i == len(near) or near[i] >= s.end:
            out.append(s)
            continue
        toks = tokens(text, s.start, s.end)
        words = [text[a:b] for a, b in toks]
        cut = next((i for i, w in enumerate(words[:-1]) if w in HONORIFICS), None)
        if cut is not None:
            if cut > 0:
                out.append(replace(s, end=toks[cut - 1][1]))
            out.append(replace(s, start=toks[cut][0], label=PERSON, locked=True))
        elif _HONORIFIC_BEFORE.search(text, max(0, s.start - 12), s.start):
            out.append(replace(s, label=PERSON, locked=True))
        else:
            out.append(s)
    return out


# --- people's occupations -------------------------------------------------------------

# A lower-case noun for what only a person is, right before a name, makes it a person:
# "actress Nathalie Press", "impressionist Rory Bremner", "referee Anders Frisk". Nouns a
# firm or a country can be are left out ("broadcaster BSkyB", "producer Saudi Arabia",
# "publisher", "developer", "operator"), as are capitalised titles (`strip_titles`' job), and
# an award's category ("the best actress Oscar", "best supporting actor Bafta").
_ROLE = re.compile(
    r"(?<![\w-])(?<!\bbest[ \t])(?<!\bsupporting[ \t])(?<!\bleading[ \t])(?:actor|actress|singer|songwriter|comedian|comic|impressionist|presenter|novelist"
    r"|playwright|poet|painter|photographer|composer|rapper|guitarist|drummer|striker|midfielder"
    r"|defender|goalkeeper|winger|fly-half|scrum-half|skipper|coach|referee|umpire|spokesman"
    r"|spokeswoman|lawyer|barrister|solicitor|economist|journalist|columnist|chef|widow|widower)"
    r"[ \t]+"
)
# The name after it: one to four capitalised words, lower-case particles between them
# ("Henk Ten Cate", "Robin van Persie"); not a possessive's "s".
_NAME_AFTER_ROLE = re.compile(
    r"[A-Z][\w’'-]*?(?=[’']s\b|[^\w’'-]|$)"
    r"(?:[ \t]+(?:(?:van|von|de|der|den|ten|ter|da|di|du|le|la|al|bin)[ \t]+)?[A-Z][\w’'-]*?(?=[’']s\b|[^\w’'-]|$)){0,3}"
)
_NOT_FIRST = cn.lexicon(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)


def label_by_role(text: str, spans: list[Span]) -> list[Span]:
    """The name right after a person's occupation is a person, whatever the model said,
    and locked (so that a later rule reading a name by its last word, "Nathalie Press",
    "Thomas Haden Church", leaves it): its spans there become one span over the whole
    name ("Henk Ten" + "Cate"), or a new one where the model saw none ("referee Anders
    Frisk"). Not a known place ("coach Brazil"), nor where a span runs on past the name."""
    out = list(spans)
    for role in _ROLE.finditer(text):
        m = _NAME_AFTER_ROLE.match(text, role.end())
        if m is None or cn.fold(m.group()) in cn.KNOWN_PLACES or cn.fold(m.group().split()[0]) in _NOT_FIRST:
            continue
        start, end = m.span()
        inside = [s for s in out if s.start < end and s.end > start]
        if any(s.start < start or s.end > end or s.label not in NAME_LABELS for s in inside):
            continue
        out = [s for s in out if not (s.start < end and s.end > start)]
        out.append(Span(start, end, PERSON, locked=True))
    return sorted(out, key=lambda s: (s.start, -s.end))


# --- companies ------------------------------------------------------------------------

# Nouns for a company or a firm's part. Right before a name ("software giant Microsoft",
# "mobile content firm Zed") or ending an apposition after it ("Gotabanken, a small
# regional bank") they make the name an organisation. Nouns for jobs too are left out
# ("publisher", "broadcaster", "developer", "brewer", "operator"), as are the "-maker"s
# but firms' ("carmaker Fiat"; a "peacemaker" is a person); "the giant" is a size, "oil
# giant" a firm.
_COMPANY_NOUNS = (
    r"firm|firms|company|companies|bank|banks|group|(?<!\bthe[ \t])(?<!\ba[ \t])giant|unit|subsidiary|carrier"
    r"|airline|retailer|insurer|lender|conglomerate|label|chain|manufacturer|supermarket|start-up|startup|carmaker|automaker|chipmaker|drugmaker|steelmaker|toymaker"
)
_COMPANY_BEFORE = re.compile(rf"(?<![\w-])(?:{_COMPANY_NOUNS})[ \t\n]+$")
_COMPANY_APPOSITION = re.compile(
    rf",[ \t\n]+(?:a|an|the)(?:[ \t\n]+[a-z][\w-]*){{0,3}}?[ \t\n]+(?:{_COMPANY_NOUNS})(?=[.,;)]|[ \t\n]+(?:which|that"
    r"|based|owned|controlled|in|of|with|whose)\b)"
)


# What only a company has, after its possessive ("Twitter's chief executive", "Netflix's
# subscribers") or before "of"/"in" ("chief executive of SpaceX", "shares in Zedco"), and
# where analysts and dealers work ("an analyst at Gartner", "dealers with Dean Witter"). A
# person has shares, a website and customers too, so those are no cue after a possessive;
# places have shares traded in them ("shares in London"), so these cues move only PERSON.
_OWNED_AFTER = re.compile(
    r"['’]s?[ \t]+(?:chief[ \t]+executive|chief[ \t]+operating[ \t]+officer|shareholders|share[ \t]+price"
    r"|subscribers|annual[ \t]+report|quarterly[ \t]+(?:results|earnings|profits?))\b"
)
_OWNER_BEFORE = re.compile(
    r"\b(?:chief[ \t]+executive[ \t]+of|shares[ \t]+(?:in|of)|stake[ \t]+in|takeover[ \t]+of"
    r"|subscribers[ \t]+to|shareholders[ \t]+(?:in|of)"
    r"|(?:analysts?|economists?|strategists?|dealers?|traders?)[ \t]+(?:at|with))[ \t]+$"
)


def label_companies(text: str, spans: list[Span]) -> list[Span]:
    """A name right after a company noun ("the law firm Tods Murray", "oil unit
    Yuganskneftegas", "blog analysis firm Technorati"), or followed by an
    apposition ending in one ("Wermlandsbanken, a small regional bank") is an
    organisation, locked. A known place stays one ("the Japan unit"), as does a
    person's full name with a common given name ("firm Alan Bond's..."); a company
    noun right after a name is no cue ("Missouri banks", "a California company").
    A "person" with a chief executive, shareholders or subscribers ("Twitter's
    chief executive", "shares in Netflix") is a company too."""
    out = []
    for s in spans:
        if (
            s.label in NAME_LABELS
            and s.label != ORG
            and not s.locked
            and cn.fold(text[s.start : s.end]) not in cn.KNOWN_PLACES
            and not _given_and_surname(text, s)
            and (
                _COMPANY_BEFORE.search(text, max(0, s.start - 30), s.start)
                or (
                    _COMPANY_APPOSITION.match(text, s.end)
                    and not _AFTER_PREPOSITION.search(text, max(0, s.start - 8), s.start)
                )
                or (
                    s.label == PERSON
                    and (
                        _OWNED_AFTER.match(text, s.end)
                        or _OWNER_BEFORE.search(text, max(0, s.start - 30), s.start)
                    )
                )
            )
        ):
            s = replace(s, label=ORG, locked=True)
        out.append(s)
    return out


# "Mafina BV of Voorburg, a subsidiary of...": the apposition is about the name before "of".
_AFTER_PREPOSITION = re.compile(r"\b(?:of|in|at|from|near)[ \t\n]+\Z")


def _given_and_surname(text: str, s: Span) -> bool:
    words = text[s.start : s.end].split()
    return 2 <= len(words) <= 3 and cn.fold(words[0]) in cn.GIVEN_NAMES


# --- places by their kind ------------------------------------------------------------------

# Kinds of place that end a name or an apposition and that PLACE_SUFFIXES lacks: "Three Gorges
# Dam", "Hato El Charcote, a beef cattle ranch", "Coudenberg Cellars".
_PLACE_KIND_WORDS = cn.lexicon("Dam|Dams|Ranch|Cellars|Reservoir|Gorge|Glacier|Volcano|Atoll")
_PLACE_APPOSITION = re.compile(
    r",[ \t\n]+(?:a|an|the)(?:[ \t\n]+[a-z][\w-]*){0,3}?[ \t\n]+(?:ranch|farm|estate|village|town|city|island"
    r"|resort|dam|reservoir|suburb|district|province|region|settlement)(?=[.,;)]|[ \t\n]+(?:which|that"
    r"|owned|in|of|near|on|where)\b)"
)


def label_places_by_kind(text: str, spans: list[Span]) -> list[Span]:
    """A name ending in a kind of place ("Three Gorges Dam", "Coudenberg Cellars") is
    a place, and so is one followed by an apposition naming its kind ("Hato El
    Charcote, a beef cattle ranch owned by..."; locked), unless it is a person's
    full name with a common given name."""
    out = []
    for s in spans:
        if s.label in NAME_LABELS and not s.locked and not _given_and_surname(text, s):
            words = cn.fold(text[s.start : s.end]).split()
            if _PLACE_APPOSITION.match(text, s.end):
                s = replace(s, label=PLACE, locked=True)
            elif len(words) > 1 and words[-1] in _PLACE_KIND_WORDS:
                s = replace(s, label=PLACE)
        out.append(s)
    return out


# --- products and indices ---------------------------------------------------------------

# Lower-case nouns that, right after a name (a model number may come between: "Xbox 2
# console"), make it a product: "the Xbox console", "USB storage devices", "the Linpack
# benchmark". Nouns that follow makers as often ("Nokia phones", "IBM computers") are
# left out, so is "index", which has a rule of its own.
_PRODUCT_AFTER = re.compile(
    r"(?:[ \t]+[0-9][\w.]*)?[ \t]+(?:console|consoles|handheld|gadget|gadgets|storage|benchmark|browser|codec"
    r"|smartphone|operating[ \t]+system|chipset|codes|protocol|standard)\b"
)
# A market index: its name ends in "Index" or "Average" ("Milan Stock Index", "Dow Jones
# Industrial Average"), or "index" follows it ("FTSE 100 index"); "average" after a name is
# mostly a group's mean ("the Group of Five average"), "account(s)" a bank's or a budget's.
_INDEX_AFTER = re.compile(r"(?:[ \t]+[0-9]+)?[ \t]+(?:share[ \t]+|composite[ \t]+)?(?:index|indices)\b")
_INDEX_WORDS = cn.lexicon("Index|Indices|Average|Composite")
# "a system called Unicode", "a test called Linpack", "the Xbox 2, codenamed Xenon": a
# thing's name, not a firm's.
_CALLED_BEFORE = re.compile(
    r"\b(?:system|test|benchmark|program|programme|software|service|technology|tool|standard|format"
    r"|protocol|device|application|app|browser|game|engine)[ \t]+(?:called|named|dubbed)[ \t]+$"
    r"|\b(?:codenamed|code-named|code[ \t]+named|codename)[ \t]+[\"“‘']?$"
)
# A lower-case "i" before a capital names a gadget or a service ("iPod", "iTunes", "iMac",
# the BBC's "iMP"), unless a company noun comes before it ("security firm iDefence").
# The maker's name may come first ("Apple iPod"), as the model's span often takes it in.
_I_PRODUCT_END = re.compile(r"(?<![\w'’-])i[A-Z][A-Za-z]+$")
# A streaming service's "+" ("Disney+", "Apple TV+") right after the name.
_PLUS_AFTER = re.compile(r"\+(?![\w+])")


# The last words of crude oil grades ("West Texas Intermediate", "Louisiana Sweet", "Brent
# Blend", "Arab Light"), in an article that says "crude".
_CRUDE_GRADES = cn.lexicon("Intermediate|Sour|Sweet|Blend|Light|Heavy")


def label_products(text: str, spans: list[Span]) -> list[Span]:
    """Products and market indices are no organisations or places: a name followed
    by a product noun ("the new Xbox 2 console", "portable USB storage devices") or
    by "index" ("FTSE 100 index"), one ending in "Index"/"Average" ("Dow Jones
    Industrial Average"), one after "a system called" ("a test called Linpack"),
    a streaming service with its "+" ("Disney+", which the span then takes in) and a
    crude oil grade ("West Texas Intermediate") become a PRODUCT (locked), later
    dropped. A well-known organisation or place stays one ("BBC codes", "the Tokyo
    share index")."""
    out = []
    crude = "crude" in text
    for s in spans:
        if s.label in NAME_LABELS and not s.locked:
            glued = _PLUS_AFTER.match(text, s.end)
            if glued:
                s = replace(s, end=glued.end())
            plus = text[s.start : s.end].endswith("+")
            words = cn.fold(text[s.start : s.end]).split()
            key = cn.fold(text[s.start : s.end])
            if (
                key not in cn.KNOWN_ORGS
                and key not in cn.KNOWN_PLACES
                and (
                    plus
                    or (
                        _I_PRODUCT_END.search(text, s.start, s.end)
                        and not _COMPANY_BEFORE.search(text, max(0, s.start - 30), s.start)
                    )
                    or _CALLED_BEFORE.search(text, max(0, s.start - 40), s.start)
                    or (len(words) > 1 and words[-1] in _CRUDE_GRADES and crude)
                    or (
                        s.label != PERSON
                        and (
                            words[-1] in _INDEX_WORDS
                            or _INDEX_AFTER.match(text, s.end)
                            or _PRODUCT_AFTER.match(text, s.end)
                        )
                    )
                )
            ):
                s = replace(s, label=PRODUCT, locked=True)
        out.append(s)
    return out


def drop_products(text: str, spans: list[Span]) -> list[Span]:
    """Products and indices (`label_products`) are no entity group: drop them once the
    vote has carried the label to every mention."""
    return [s for s in spans if s.label != PRODUCT]
