"""Clean-up rules that find organisations the model left untagged.

The small model misses short or odd-looking company names ("O2", "T-Mobile",
"Gazprom") that a reader knows at once from the words around them: a company
noun right before ("net domain giant Verisign", "gas monopoly Gazprom", "marques
Opel and Saab"). Lists with an organisation the model did tag ("Vodafone or
T-Mobile") were tried and left out: as many products and common words came
("PlayStation", "Bluetooth", "Excise") as firms. Only text no span touches is looked at; the
new mentions are organisations, and `labels.propagate_names` then finds their
other mentions.
"""

from __future__ import annotations

import re

from index.entities import canonical as cn
from index.entities.spans import Mask, Span, at_sentence_start, is_common_word
from index.models import ORG

# One to three capitalised words (a digit, "+", "&" or a hyphen may be inside: "O2", "T-Mobile";
# an apostrophe may not, so a possessive stays out).
_NAME = r"[A-Z][\w+&-]*(?:[ \t]+[A-Z][\w+&-]*){0,2}"
# Nouns for a company that no person is called ("publisher", "developer" are jobs too).
_COMPANY_BEFORE = re.compile(
    rf"\b(?:firm|company|giant|operator|operators|monopoly|conglomerate|airline|retailer|insurer"
    rf"|lender|marque|marques|subsidiary|carmaker|chipmaker|start-up|rival)[ \t]+({_NAME})"
)
# What a new name may look like: an acronym ("NTL", "WestLB"), a single letter and digit
# ("O2", "G8"), or words of four letters or more without digits ("Verisign", "T-Mobile",
# "Shepherds Purse"). Not "Dec", "Row", "MP3", "A-minus", "Pa-42-400": months, common
# words, products and ratings came that way.
_SHAPE = re.compile(
    r"[A-Z]{2,6}|[A-Z][a-z]*[A-Z][A-Za-z]*|[A-Z]\d|(?:[A-Z][a-z]*-)?[A-Z][a-zA-Z]{3,}(?:[ \t]+[A-Z][a-zA-Z]{2,}){0,2}"
)
_AND_AFTER = re.compile(rf"[ \t]+(?:and|or|&|nor)[ \t]+({_NAME})")


def _acceptable(text: str, start: int, end: int, taken: Mask) -> bool:
    """Whether text[start:end] may become a new organisation: untouched by any span, not a
    function word, title, known place or given name, not a word the text uses in lower
    case (an ordinary word capitalised), and not opening a sentence."""
    piece = text[start:end]
    first = cn.fold(piece.split()[0])
    return not (
        taken.touches(start, end)
        or not _SHAPE.fullmatch(piece)
        or cn.fold(piece.split()[-1]) in cn.CORPORATE_SUFFIXES
        or first in cn.STOPWORDS
        or first in cn.TITLES
        or first in cn.GIVEN_NAMES
        or cn.fold(piece) in cn.KNOWN_PLACES
        or at_sentence_start(text, start)
        or (" " not in piece and is_common_word(text, piece))
    )


def find_untagged_orgs(text: str, spans: list[Span]) -> list[Span]:
    """Untagged names right after a company noun ("net domain giant Verisign",
    "its marques Opel and Saab", "mobile operator O2") are organisations."""
    starts = [m.start(1) for m in _COMPANY_BEFORE.finditer(text)]
    if not starts:
        return spans
    taken = Mask(len(text), ((s.start, s.end) for s in spans))
    added: list[Span] = []
    for start in sorted(set(starts)):
        m = re.compile(_NAME).match(text, start)
        if m is None:
            continue
        end = m.end()
        while end > start and text[end - 1] in "-&":  # a dangling mark is not the name's
            end -= 1
        if end - start >= 2 and _acceptable(text, start, end, taken):
            added.append(Span(start, end, ORG))
            taken.add(start, end)
            # its own list: "marques Opel and Saab"
            more = _AND_AFTER.match(text, end)
            if more and _acceptable(text, more.start(1), more.end(1), taken):
                added.append(Span(more.start(1), more.end(1), ORG))
                taken.add(more.start(1), more.end(1))
    return sorted([*spans, *added], key=lambda s: s.start) if added else spans


# A verb that says what an organisation did, right after its name ("Orange told the BBC",
# "O2 also offers"): the small model leaves some well-known firms untagged there.
_ACTS = re.compile(
    r"(?<=[ \t])(?:(?:also|has|have|had|will|would|is|was)[ \t]+)?"
    r"(?:said|says|told|tells|announced|announces|offers|offered|launched|launches|reported|reports"
    r"|plans|planned|declined|denied|confirmed|added|agreed|bought|buys|sold|sells|owns|owned"
    r"|unveiled|unveils|warned|warns|expects|expected|posted|claimed|claims|insisted|insists"
    r"|revealed|reveals|wants|wanted|hopes|hoped|admitted|admits|refused|refuses|argued|argues)\b"
)
# The run of capitalised words that ends right before it.
_CAPITAL_WORD_END = re.compile(r"[A-Z][\w&+-]*$")
_RUN_BEFORE = re.compile(r"(?<![\w'’&+-])[A-Z][\w&+-]*(?:[ \t]+[A-Z][\w&+-]*){0,3}[ \t]+$")


def find_known_orgs(text: str, spans: list[Span]) -> list[Span]:
    """A well-known organisation (`wordlists.KNOWN_ORGS`, as written with its capital)
    that the model left untagged is one where a verb of saying or doing follows it:
    "Orange told the BBC", "O2 also offers". The verb keeps the colour, the fruit and the
    gas out; the longest known name ending the run of capitalised words is taken
    ("Neither Vodafone" gives "Vodafone")."""
    taken: Mask | None = None
    added: list[Span] = []
    for verb in _ACTS.finditer(text):
        end = verb.start() - 1
        while end > 0 and text[end - 1] in " \t":
            end -= 1
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        if not _CAPITAL_WORD_END.search(text, start, end):  # "he said": the usual case
            continue
        m = _RUN_BEFORE.search(text, max(0, verb.start() - 80), verb.start())
        if m is None:
            continue
        run = m.group().rstrip()
        end = m.start() + len(run)
        for w in re.finditer(r"\S+", run):
            start = m.start() + w.start()
            if cn.fold(text[start:end]) in cn.KNOWN_ORGS:
                if taken is None:
                    taken = Mask(len(text), ((s.start, s.end) for s in spans))
                if not taken.touches(start, end):
                    added.append(Span(start, end, ORG))
                    taken.add(start, end)
                break
    return sorted([*spans, *added], key=lambda s: s.start) if added else spans
