"""Short forms of organisations' names within one article.

Wire copy names a company in full once ("Ford Motor Co", "Fairchild Semiconductor
Corp") and by its first word(s) afterwards ("Ford said..."). The article's own
full name is the entity; counting "Ford" apart makes a second one. People have
their rule in `labels.resolve_short_forms`; this is the same for organisations,
made safe by asking the full form to look like a company's name.

Also here, the capitals that look like an organisation's and are not: an acronym
used as a role or in the plural ("an MSP", "MPs"), and a credit rating's grade
("cut to BB-plus").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from index.entities import canonical as cn
from index.entities.spans import Span, span_key
from index.models import ORG, PERSON, PLACE

_LEGAL_AFTER = re.compile(r",?[ \t\n]+([A-Za-z.]+)")


def _legal_form(text: str, s: Span) -> bool:
    """A legal form at the end of the name or right after it ("Ford Motor Co", "<Shell Canada Ltd>")."""
    piece = text[s.start : s.end]
    if cn.strip_corporate_suffix(piece) != piece:
        return True
    m = _LEGAL_AFTER.match(text, s.end)
    return m is not None and cn.fold(m.group(1)) in cn.CORPORATE_SUFFIXES


def resolve_org_short_forms(text: str, spans: list[Span]) -> list[Span]:
    """An organisation named by the first word(s) of exactly one longer company name
    in the same article is that company: "Ford" after "Ford Motor Co", "Shell"
    beside "Shell Canada Ltd" (and "Royal Dutch/Shell Group", which does not start
    with it). The longer name must have a legal form, at its end or right after it:
    a brand's or a division's name is no full form ("Fiat Auto" for "Fiat"), nor
    is a body's part ("House" beside "House Ways and Means Committee", "Senate"
    beside "Senate Finance Committee", "BBC" beside "BBC Radio"), which an
    organisation word at the end let in at first.
    Acronyms keep their own name, and two candidates ("Shell Oil Co", "Shell
    Canada Ltd") leave it as written. The full name must come first, as wire copy
    introduces a company: "General Motors" named before "General Motors Acceptance
    Corp" is the parent, not that unit."""
    longer: dict[tuple[str, ...], set[tuple[str, bool]]] = defaultdict(set)
    first_seen: dict[str, int] = {}
    first_short: dict[str, int] = {}
    for s in spans:
        piece = text[s.start : s.end]
        if s.label == ORG and not s.key and " " in piece.strip():
            legal = _legal_form(text, s)
            if legal:
                words = tuple(cn.fold(cn.strip_corporate_suffix(piece)).split())
                for k in range(1, len(words)):
                    longer[words[:k]].add((span_key(text, s), legal))
                key = span_key(text, s)
                first_seen[key] = min(first_seen.get(key, s.start), s.start)
        if _may_be_short(text, s):
            key = span_key(text, s)
            first_short[key] = min(first_short.get(key, s.start), s.start)
    if not longer:
        return spans
    out = []
    moved: dict[str, str] = {}  # a "person"'s key -> the firm's: its own short forms follow it
    for s in spans:
        piece = text[s.start : s.end]
        if _may_be_short(text, s) and not s.key and not piece.isupper() and cn.alias_of(piece) is None:
            full = longer.get(tuple(cn.fold(cn.strip_corporate_suffix(piece)).split()), set())
            keys = {k for k, _ in full}
            if len(keys) == 1 and first_seen[next(iter(keys))] < first_short[span_key(text, s)]:
                if s.label == PERSON:
                    moved[span_key(text, s)] = next(iter(full))[0]
                s = replace(s, key=next(iter(full))[0], label=ORG)
        out.append(s)
    if moved:  # "Jardine" after "Jardine Matheson", taken for a person's surname
        out = [
            replace(s, key=moved[s.key], label=ORG) if s.label == PERSON and s.key in moved else s
            for s in out
        ]
    return out


def _may_be_short(text: str, s: Span) -> bool:
    """An organisation, or two words or more the model took for a person: "Niagara Mohawk"
    after "Niagara Mohawk Power Corp", "Mark IV" after "Mark IV Industries Inc"."""
    return s.label == ORG or (s.label == PERSON and not s.locked and " " in text[s.start : s.end].strip())


# The head nouns of institutions' names. Wire copy names the institution in full once
# and by its head afterwards: "the Bank said" after "Bank of England", "the Commission"
# after "EC Commission", "the Exchange" after "New York Stock Exchange". Sports reports do
# the same with a club's last word: "United" after "Manchester United", "Rovers" after
# "Blackburn Rovers". Not "House": "the House" beside "White House" is another body.
_INSTITUTION_HEADS = cn.lexicon(
    "Bank|Commission|Fund|Ministry|Department|Agency|Board|Exchange|Council|Authority"
    "|Organisation|Organization|Committee|Court|Federation|Association|Institute"
    "|United|Rovers|Wanderers|Athletic|Albion|Hotspur"
)


def _heads(words: tuple[str, ...]) -> set[str]:
    """A name's head: its last word, or the word before its first "of" or "for" ("Bank of
    England", "Reserve Bank of Australia", "Commission for Economic Questions")."""
    heads = {words[-1]}
    cut = next((i for i, w in enumerate(words) if w in ("of", "for")), 0)
    if cut > 0:
        heads.add(words[cut - 1])
    return heads


def resolve_institution_heads(text: str, spans: list[Span]) -> list[Span]:
    """An institution named by its head noun alone ("the Bank", "a Bank spokesman") is the
    one longer organisation of the article with that head, named before it: "Bank of
    England", "World Bank". Two candidates ("Barclays Bank", "National Westminster Bank")
    leave it as written."""

    def heads(s: Span) -> set[str]:
        words = tuple(cn.fold(cn.strip_corporate_suffix(text[s.start : s.end])).split())
        return _heads(words) & _INSTITUTION_HEADS if len(words) > 1 else set()

    def head_alone(s: Span) -> str | None:
        piece = text[s.start : s.end]
        return cn.fold(piece) if " " not in piece and piece[:1].isupper() and not piece.isupper() else None

    return _to_the_one_named_before(text, spans, heads, head_alone)


def _to_the_one_named_before(
    text: str,
    spans: list[Span],
    names_of_full: Callable[[Span], set[str]],
    name_of_short: Callable[[Span], str | None],
) -> list[Span]:
    """The shared step of the short-form rules below: an organisation's short form (its
    `name_of_short`) takes the key of the one full name offering that name
    (`names_of_full`) in the article, if that full name came first; with two, it stays."""
    candidates: dict[str, set[str]] = defaultdict(set)
    first_seen: dict[str, int] = {}
    for s in spans:
        names = names_of_full(s) if s.label == ORG else set()
        if names:
            key = s.key or span_key(text, s)
            for name in names:
                candidates[name].add(key)
            first_seen[key] = min(first_seen.get(key, s.start), s.start)
    if not candidates:
        return spans
    out = []
    for s in spans:
        short = name_of_short(s) if s.label == ORG and not s.key else None
        keys = candidates.get(short, set()) if short is not None else set()
        if len(keys) == 1 and first_seen[next(iter(keys))] < s.start:
            s = replace(s, key=next(iter(keys)))
        out.append(s)
    return out


_POSSESSIVE_START = re.compile(r"((?:[A-Z][\w.&-]*[ \t]+){0,2}[A-Z][\w.&-]*)['’]s[ \t\n]+(of[ \t\n]+)?\S")


def _firm_named_with_possessive(text: str, s: Span, m: re.Match[str]) -> bool:
    """Whether the span is a firm's full name holding a possessive ("Moody's Investors
    Service", "Hudson's Bay Co", "Lloyd's of London"), not a possessive before a product
    the model took in ("Google's Desktop")."""
    last = cn.fold(cn.strip_corporate_suffix(text[s.start : s.end])).split()[-1]
    return m.group(2) is not None or _legal_form(text, s) or last in cn.ORG_WORDS


def resolve_possessive_short_forms(text: str, spans: list[Span]) -> list[Span]:
    """A firm whose name is a possessive ("Moody's", "Lloyd's") loses its "'s" with every
    other possessive ("Moody's said" is left as "Moody"); where the article named it in
    full before ("Moody's Investors Service", "Lloyd's of London"), the short form is that
    organisation. One candidate only, as for the other short forms, and a full name that
    looks like a firm's (`_firm_named_with_possessive`)."""

    def owner(s: Span) -> set[str]:
        m = _POSSESSIVE_START.match(text, s.start, s.end)
        return {cn.fold(m.group(1))} if m is not None and _firm_named_with_possessive(text, s, m) else set()

    return _to_the_one_named_before(text, spans, owner, lambda s: cn.fold(text[s.start : s.end]))


# Words that end an organisation's name when they follow a place's: "Hollywood Reporter",
# "Kent Police", "Glasgow University". ORG_WORDS, and newspapers' own words.
_PAPER_WORDS = cn.lexicon(
    "Reporter|Guardian|Independent|Observer|Telegraph|Tribune|Gazette|Chronicle|Examiner"
)
_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b")


def _country(piece: str) -> bool:
    return cn.alias_of(piece) is not None or cn.fold(piece) in cn.COUNTRIES


def join_place_and_org_word(text: str, spans: list[Span]) -> list[Span]:
    """A place directly followed by an untagged capitalised organisation word is the
    start of that organisation's name, which the model cut: "according to Hollywood
    Reporter", "Kent Police said". The span takes the word in and becomes an
    organisation. Only one space may come between (no line break, no comma), and
    not after a country, where the word starts a phrase of its own in wire copy
    ("U.K. Bank rate", "U.S. Energy Secretary")."""
    starts = {s.start for s in spans}
    out = []
    for s in spans:
        if s.label == PLACE and not s.locked and not _country(text[s.start : s.end]):
            m = _NEXT_WORD.match(text, s.end)
            if (
                m
                and m.start(1) not in starts
                and (cn.fold(m.group(1)) in cn.ORG_WORDS or cn.fold(m.group(1)) in _PAPER_WORDS)
                and not text[m.end() : m.end() + 1].isalnum()
            ):
                s = replace(s, end=m.end(1), label=ORG)
        out.append(s)
    return out


def drop_role_acronyms(text: str, spans: list[Span]) -> list[Span]:
    """An acronym after "a" or "an" that ends a phrase ("As an MSP, he...", "to become
    a GP.") names a role or a thing, not an organisation: organisations take no
    indefinite article, save before a noun ("a BBC spokesman", which is kept). Nor are
    they written in the plural: "MPs", "MEPs", "CEOs" and "DVDs" are kinds of people
    and things."""
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        if s.label == ORG and _PLURAL_ACRONYM.fullmatch(piece):
            continue
        if (
            s.label == ORG
            and piece.isupper()
            and piece.isalpha()
            and _AN_BEFORE.search(text, max(0, s.start - 4), s.start)
            and _ENDS_PHRASE.match(text, s.end)
        ):
            continue
        out.append(s)
    return out


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,5}s")


_AN_BEFORE = re.compile(r"\b(?:a|an|An|A)[ \t]+$")
_ENDS_PHRASE = re.compile(r"[ \t]*(?:[,.;:!?)]|$)")


# A credit rating's grade ("BBB", "AA-minus", "CCC-plus"), in an article about ratings: one
# that names an agency or says "rated"/"rating". Elsewhere "CCC" is the Commodity Credit
# Corporation and "AAA" the Amateur Athletic Association, which stay.
_GRADE = re.compile(r"(?:AAA|AA|BBB|BB|CCC|CC)(?:[+-]|-plus|-minus)?")
_RATING_CUE = re.compile(
    r"\b(?:Standard and Poor|Standard & Poor|S and P|S&P|Moody|Fitch|Duff and Phelps|rated|rating|ratings)\b"
)


def drop_rating_grades(text: str, spans: list[Span]) -> list[Span]:
    """A credit rating's grade is no organisation: "cut its debt to BB-plus from BBB",
    "rated AAA by Standard and Poor's"."""
    kept = [s for s in spans if not _GRADE.fullmatch(text, s.start, s.end)]  # whatever the model called it
    if len(kept) == len(spans) or not _RATING_CUE.search(text):
        return spans
    return kept
