"""Clean-up rules that read capital letters the way English uses them.

A capital starts every sentence and every heading line, so the model takes
the first word of a sentence for part of a name ("Registering names that look
like...", "Questioning Vindman, the panel...") and a heading word for a name
("Schedule", "Energy" on a line of their own). Mid-sentence, a capital "The"
opens the title of a work ("starred in The Woodsman"), since names of firms and
places take a lower-case "the". The evidence is the text itself: where else it
writes the same word, and where its sentences start.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.entities import canonical as cn
from index.entities.spans import NAME_LABELS, Mask, Span, at_sentence_start, find_words, span_key, tokens
from index.models import ORG, PERSON

WORK = "WORK_OF_ART"

_ING_WORD = re.compile(r"[A-Z][a-z]{3,}ing$")


def _only_at_sentence_starts(text: str, word: str) -> bool:
    """Whether every occurrence of `word` (as written) in the text opens a sentence or a line."""
    return all(at_sentence_start(text, i) for i in find_words(text, word))


def strip_leading_verbs(text: str, spans: list[Span]) -> list[Span]:
    """A capitalised "-ing" word that opens a sentence and a name is a verb glued on
    ("Questioning Vindman", "Describing Mr Jackson", "Registering" alone): it comes
    off, and a span of nothing else goes. Kept when the text writes the word with a
    capital elsewhere too ("Reading" the club, mid-sentence), or it is a known name
    or a given name ("Sterling Moss"), or the name ends in an organisation word (the
    charity "Fostering Network"). A lower-case one is cut by `shaping.trim_codes`."""
    out = []
    for s in spans:
        toks = tokens(text, s.start, s.end)
        first = text[toks[0][0] : toks[0][1]] if toks else ""
        if (
            s.label in NAME_LABELS
            and _ING_WORD.match(first)
            and at_sentence_start(text, s.start)
            and cn.fold(first) not in cn.GIVEN_NAMES
            and cn.fold(first) not in cn.KNOWN_PLACES
            and cn.fold(first) not in cn.KNOWN_ORGS
            and _only_at_sentence_starts(text, first)
            and not (len(toks) > 1 and cn.fold(text[toks[-1][0] : toks[-1][1]]) in cn.ORG_WORDS)
        ):
            if len(toks) == 1:
                continue
            s = replace(s, start=toks[1][0])
        out.append(s)
    return out


_LINE_OF_ONE_WORD = re.compile(r"[ \t\"'“‘(]*[^\W\d_][\w'’&.-]*[ \t\"'”’):.!?]*")


def drop_heading_words(text: str, spans: list[Span]) -> list[Span]:
    """A single word that is a whole line by itself ("Schedule", "Energy", "Story"
    between paragraphs) is a heading or a section label of a web page, unless the
    text writes it with a capital in the middle of a sentence too (then it is a
    name the text uses) or it is in capitals ("LONDON" in a dateline) or a known
    place or organisation ("Reuters" signing a story)."""
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        if s.label in NAME_LABELS and not s.locked and " " not in piece and not piece.isupper():
            line_start = text.rfind("\n", 0, s.start) + 1
            line_end = text.find("\n", s.end)
            line_end = len(text) if line_end < 0 else line_end
            key = cn.fold(piece)
            if (
                _LINE_OF_ONE_WORD.fullmatch(text, line_start, line_end)
                and key not in cn.KNOWN_PLACES
                and key not in cn.KNOWN_ORGS
                and _only_at_sentence_starts(text, piece)
            ):
                continue
        out.append(s)
    return out


# Newspapers and magazines take a capital "The" in their names ("The Guardian"); with
# ORG_WORDS ("Times", "Post", "Herald") these keep theirs.
NEWSPAPER_WORDS = cn.lexicon("""
Guardian|Independent|Observer|Economist|Sun|Mirror|Telegraph|Scotsman|Express|Mail|Standard
Spectator|Stage|Face|Lancet|Onion|Atlantic|Register|Age|Australian|Hindu|Star|Tribune|Gazette
""")
_CAPITAL_THE = re.compile(r"\bThe[ \t]+$")
# Wire copy writes some companies' "The" with a capital: "The Kroger Co", "The Nikko Securities Co".
_COMPANY_TAIL = re.compile(r",?[ \t\n]+(?:Co|Co\.|Corp|Corp\.|Inc|Inc\.|Ltd|Ltd\.|Plc|plc|PLC|LLC)\b")


def _after_capital_the(text: str, s: Span) -> re.Match[str] | None:
    return _CAPITAL_THE.search(text, max(0, s.start - 8), s.start)


def _opens_a_clause(text: str, pos: int) -> bool:
    """A sentence start, or right after a dateline's dash ("WASHINGTON - The Treasury said")."""
    before = text[max(0, pos - 4) : pos].rstrip()
    return at_sentence_start(text, pos) or before.endswith(("-", "–", "—"))


def label_capital_the_titles(text: str, spans: list[Span]) -> list[Span]:
    """A name that the article writes after a capital "The" every time, once at
    least in the middle of a sentence, is the title of a work ("the animation
    award went to The Incredibles", "thriller The Woodsman"): organisations and
    places take a lower-case "the" there, and a name the text also writes
    without it ("Gillette" beside "The Gillette") is no title. Not for a known
    place or organisation ("The Hague"), a newspaper ("The Guardian"), a name
    holding an organisation word ("The Times of London", "The Liberty Bank
    of..."), an acronym, or a company with its legal form ("The Kroger Co"); a
    band with a cue was locked before. Bands without one ("The Streets") are
    taken for works."""
    by_key: dict[str, list[Span]] = {}
    for s in spans:
        if s.label in NAME_LABELS:
            by_key.setdefault(span_key(text, s), []).append(s)
    titles = set()
    for key, members in by_key.items():
        first = members[0]
        piece = text[first.start : first.end]
        words = cn.fold(piece).split()
        thes = [_after_capital_the(text, m) for m in members]
        if (
            all(thes)
            and any(m is not None and not _opens_a_clause(text, m.start()) for m in thes)
            and not any(m.locked for m in members)
            and key not in cn.KNOWN_PLACES
            and key not in cn.KNOWN_ORGS
            and not any(w in NEWSPAPER_WORDS or w in cn.ORG_WORDS for w in words)
            and not piece.isupper()
            and cn.alias_of(piece) is None
            and not any(_COMPANY_TAIL.match(text, m.end) for m in members)
            and all(
                cn.strip_corporate_suffix(text[m.start : m.end]) == text[m.start : m.end] for m in members
            )
        ):
            titles.add(key)
    if not titles:
        return spans
    return [
        replace(s, label=WORK, locked=True) if s.label in NAME_LABELS and span_key(text, s) in titles else s
        for s in spans
    ]


# A capital inside one word after three or more lower-case letters: "SpaceX", "YouTube",
# "PayPal". Surnames have theirs after a short prefix ("McCartney", "DiCaprio", "LaGuardia",
# "MacDonald", "FitzGerald", "DeGeneres"), which these prefixes leave out.
_INNER_CAPITAL = re.compile(r"[A-Z][a-z]{2,}[A-Z][A-Za-z]*")
_SURNAME_PREFIXES = ("Mac", "Fitz", "Van", "Von", "Della", "Dal", "Del")


def label_inner_capitals(text: str, spans: list[Span]) -> list[Span]:
    """One word with a capital inside it ("SpaceX", "PayPal", "BlackBerry") names a
    company or a product, never a person: the model's PERSON becomes ORG, unless the
    word starts like a surname ("MacDonald"). Not locked: the vote may still say PLACE."""
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        if (
            s.label == PERSON
            and not s.locked
            and _INNER_CAPITAL.fullmatch(piece)
            and not piece.startswith(_SURNAME_PREFIXES)
        ):
            s = replace(s, label=ORG)
        out.append(s)
    return out


# Mid-sentence, English writes these with a capital only inside a title ("the 2002 hit About
# Schmidt", "Robbing Peter and Primer"): names never start with them, and firms that do
# ("Under Armour") are tagged whole, so the word is inside the span, not before it.
_TITLE_OPENERS = cn.lexicon("""
About|Without|Against|Beyond|Behind|Inside|Outside|Between|Among|Under|Into|After|Before|With
From|Across|Beneath|Towards|Until|Upon|Through|Meet|Finding|Being|Becoming|Saving|Waiting|Leaving
""")
_WORD_BEFORE = re.compile(r"(?<![\w'’\"“‘-])([A-Z][a-z]+)[ \t]+$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]{3,}\b")


def _in_running_text(text: str, pos: int) -> bool:
    """Whether the line around `pos` reads as running text, not a headline in title case
    ("Trump Meets With Putin"): it has at least three lower-case words of four letters or more."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return len(_LOWER_WORD.findall(line, 0, 2000)) >= 3


def _opens_a_line_or_sentence(text: str, pos: int) -> bool:
    """A sentence start, or the first word of a line after a bullet or a dash ("- After ...")."""
    line_start = text.rfind("\n", 0, pos) + 1
    return at_sentence_start(text, pos) or not any(c.isalnum() for c in text[line_start:pos])


def label_capital_word_titles(text: str, spans: list[Span]) -> list[Span]:
    """A name right after a capitalised preposition or title verb in the middle of a
    running sentence is the end of a work's title, not a person or a place: "About
    Schmidt", "Escape From LA", "Finding Neverland". The opener is one of
    `_TITLE_OPENERS`, not covered by a span, not opening a sentence, a quotation or a line; a
    headline line in title case ("Talks With Putin") is left alone. The name takes the
    opener in and becomes a locked work. Other "-ing" words were tried as openers and
    left out: wire copy capitalises nouns in official names ("Minister of Planning Joao
    Sayad", "the Banking Bill")."""
    if not spans:
        return spans
    taken = Mask(len(text), ((s.start, s.end) for s in spans))
    out = []
    for s in spans:
        if s.label in NAME_LABELS and not s.locked:
            m = _WORD_BEFORE.search(text, max(0, s.start - 24), s.start)
            if (
                m is not None
                and cn.fold(m.group(1)) in _TITLE_OPENERS
                and not taken.touches(m.start(1), m.end(1))
                and not _opens_a_line_or_sentence(text, m.start(1))
                and _in_running_text(text, s.start)
            ):
                s = replace(s, start=m.start(1), label=WORK, locked=True, key="")
        out.append(s)
    return out
