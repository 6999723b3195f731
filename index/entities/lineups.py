"""Team sheets: the players of a line-up are people.

Match reports end with the sides as lists: "Liverpool: Dudek, Finnan, Carragher,
Hyypia, Traore (Biscan 67), Gerrard. Subs Not Used: Carson, Nunez." The model
reads a run of surnames with no sentence around them as places and firms
("Carragher" PLACE, "Hyypia" ORG), glues two of them into one ("Shields,
Moore"), or a substitution's minute onto a name ("Kezman 74" a law): in BBC's
line-ups, a good share of the names came out as something other than people
(figures: tests/bench/RESULTS.md).

A line-up here is a list after a colon or on a line of its own, each item one
to three capitalised words, optionally with a minute ("Rooney 68", "Dunne 75
og") and a substitute in brackets ("(Biscan 67)"), up to a full stop or the end
of the line. That shape alone could be a list of firms or countries ("Its
rivals: Ford, GM, Chrysler, Toyota."), so something must say it is a team
sheet: a substitution in brackets or, in a sports report (`context.is_sporty`),
a heading ("Subs Not Used:", "Booked:", "Goals:"), a minute on each of two or
more items (the scorers: "Gerrard 79 og, Drogba 107"), or the model itself, when
it calls more of the names in a list of at least `MIN_ITEMS` people than
anything else. Each model span in a line-up is then replaced by the names of the items
it covers, as people, locked, so that the article's vote follows them
("Drogba" an organisation elsewhere in the report). Names the model did not tag
stay untagged; countries keep their label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from index.entities import canonical as cn
from index.entities.context import is_sporty
from index.entities.spans import Span
from index.models import DATE, PERSON

MIN_ITEMS = 4
# Lists looked at per article, at most: a match report has a handful.
MAX_LISTS = 64

_WORD = r"[A-Z][\w'’-]*(?:\.(?=[ \t][A-Z]))?"  # an initial's full stop ("M. Riley"), no sentence's
_NAME = rf"{_WORD}(?:[ \t]{_WORD}){{0,2}}"
_ITEM = rf"({_NAME})(?:[ \t](\d{{1,3}})(?:[ \t](?:og|pen))?)?(?:[ \t]\(({_NAME})[ \t]\d{{1,3}}\))?"
_ITEM_RE = re.compile(_ITEM)
_LIST_RE = re.compile(rf"(?:{_ITEM}[,;][ \t])*{_ITEM}(?=[.\n]|$)")
_COLON_RE = re.compile(r":[ \t]+(?=[A-Z])")
_LINE_START_RE = re.compile(r"^[ \t]*(?=[A-Z][^\n,]{0,40},)", re.MULTILINE)
_LINE_END_RE = re.compile(r"\.?[ \t]*(?:\n|$)")
_HEADING_RE = re.compile(
    r"(?<!\w)(?:Subs(?:[ \t]+[Nn]ot[ \t]+[Uu]sed)?|Substitutes|Replacements|Booked|Goals|Scorers|Sent[ \t]+off)$"
)
_SUBSTITUTION_RE = re.compile(rf"\({_NAME}[ \t]\d{{1,3}}\)")


def _names(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """Where the names of the items in text[start:end] are (players and substitutes), and
    whether there are two or more items and each has a minute (a line of scorers)."""
    out: list[tuple[int, int]] = []
    items = timed = 0
    for m in _ITEM_RE.finditer(text, start, end):
        out.extend(m.span(g) for g in (1, 3) if m.start(g) >= 0)
        items += 1
        timed += m.start(2) >= 0
    return out, items >= 2 and timed == items


def _candidates(text: str) -> Iterator[tuple[int, bool]]:
    """Where a list may start, and whether a colon opens it: after each colon, and at each
    line's start (archives drop the side's name above its line-up)."""
    for m in _COLON_RE.finditer(text):
        yield m.end(), True
    for m in _LINE_START_RE.finditer(text):
        yield m.end(), False


def label_line_ups(text: str, spans: list[Span]) -> list[Span]:
    """The names in a team sheet are people (see the module docstring)."""
    sporty = is_sporty(text)  # asked by `label_teams` too (cached)
    if ", " not in text or not (sporty or _SUBSTITUTION_RE.search(text)):
        return spans
    out: list[Span] = spans
    looked = 0
    for at, after_colon in _candidates(text):
        listed = _LIST_RE.match(text, at)
        if listed is None:
            continue
        start, end = listed.span()
        if not after_colon and not _LINE_END_RE.match(text, end):
            continue  # a list on a line of its own, not a sentence that opens with names
        names, scorers = _names(text, start, end)
        headed = after_colon and _HEADING_RE.search(text, max(0, at - 30), text.rfind(":", 0, at)) is not None
        cued = _SUBSTITUTION_RE.search(text, start, end) is not None or (sporty and (headed or scorers))
        if not cued and not (sporty and len(names) >= MIN_ITEMS):
            continue  # decided without looking at the spans: most colons open no list of names
        looked += 1
        if looked > MAX_LISTS:
            break  # bounded work on a huge text of name lists: each look reads every span
        inside = [s for s in out if s.start < end and s.end > start]
        if not inside or any(s.start < start or s.end > end for s in inside):
            continue
        if not cued and sum(s.label == PERSON for s in inside) * 2 <= len(inside):
            continue
        changed: list[Span] = []
        for s in inside:
            covered = [(a, b) for a, b in names if a < s.end and b > s.start]
            if (
                s.locked
                or not covered
                or (s.label == DATE and not any(c.isalpha() for c in text[s.start : s.end]))
                or cn.fold(text[s.start : s.end]) in cn.COUNTRIES
            ):
                changed.append(s)
                continue
            changed.extend(Span(a, b, PERSON, locked=True) for a, b in covered)
        kept = [s for s in out if not (s.start < end and s.end > start)]
        out = sorted([*kept, *changed], key=lambda s: s.start)
    return out
