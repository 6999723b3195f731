"""Short forms that an article defines: "the State Environmental Protection Agency (SEPA)".

A reader takes every later "SEPA" as that agency; the sidebar should too, or it
lists the agency twice, once under a name that says little. The definition is
the evidence: a name with a bracketed short form right after it (or the other
way round: "SEPA (State Environmental Protection Agency)"), where the short
form is the long name's initials ("SEPA"), or its words cut short ("Lib Dems"
for "Liberal Democrats").
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.entities import canonical as cn
from index.entities.spans import NAME_LABELS, Mask, Span, find_words, span_key
from index.models import PERSON

# Words an acronym leaves out: "Organisation of Petroleum Exporting Countries" is OPEC.
_SKIPPED = cn.lexicon("of|and|the|for|&|de|du|des|la|le|on|in|to|und|y|et|a|an")
# "NAME (SHORT)" with the short form untagged by the model: the short form's text.
_BRACKET_AFTER = re.compile(
    r"[ \t]*\((?:the[ \t]+)?([A-Z][A-Za-z.&-]{0,11}(?:[ \t][A-Z][A-Za-z.&-]{0,11})?)\)"
)
_BRACKET_BEFORE = re.compile(r"\((?:the[ \t]+)?[ \t]*$")

_NOT_LETTER_RE = re.compile(r"[^A-Za-z]")


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` is a short form of `long`: its letters are the initials of
    the long name's words (small words may be left out: "OPEC", "Opec", "U.N."),
    or its words begin the long name's words one by one ("Lib Dems" for "Liberal
    Democrats"). A short form has fewer letters than the long name, and at least two."""
    letters = _NOT_LETTER_RE.sub("", short).lower()
    words = [w for w in re.split(r"[\s-]+", long) if w]
    if len(letters) < 2 or len(words) < 2 or len(letters) >= len(_NOT_LETTER_RE.sub("", long)):
        return False
    initials = "".join(w[0] for w in words if w[0].isalpha()).lower()
    content = "".join(w[0] for w in words if w[0].isalpha() and cn.fold(w) not in _SKIPPED).lower()
    if letters in (initials, content):
        return True
    short_words = short.split()
    if len(short_words) == len(words) and len(short_words) > 1:
        return all(
            len(s.rstrip("s")) >= 2 and w.lower().startswith(s.lower().rstrip("s").rstrip("."))
            for s, w in zip(short_words, words, strict=True)
        )
    return False


def _undefined_acronyms(text: str, spans: list[Span], defined: dict[str, Span]) -> None:
    """Add to `defined` the all-capitals names that abbreviate exactly one longer
    organisation or place of the same article ("GM" beside "General Motors"):
    news names the long form first and the short one after, brackets or not."""
    longs = [
        s
        for s in spans
        if s.label in NAME_LABELS and s.label != PERSON and " " in text[s.start : s.end].strip()
    ]
    if not longs:
        return
    for s in spans:
        piece = text[s.start : s.end]
        if s.label not in (*NAME_LABELS, "NORP") or piece in defined or not _ACRONYM.fullmatch(piece):
            continue
        found = {
            span_key(text, x): x for x in longs if abbreviates(piece, " ".join(text[x.start : x.end].split()))
        }
        if len(found) == 1:
            defined[piece] = next(iter(found.values()))


_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


def resolve_acronyms(text: str, spans: list[Span]) -> list[Span]:
    """Every mention of a short form the article defines takes the long name's
    entity (its key and label); a bracketed short form the model missed becomes a
    mention, so that `propagate_names` finds the others. An acronym that
    abbreviates exactly one longer name of the article counts as defined too."""
    defined: dict[str, Span] = {}  # short form's text -> the long name's span
    added: list[Span] = []
    ordered = sorted(spans, key=lambda s: s.start)
    for i, s in enumerate(ordered):
        if s.label not in NAME_LABELS or s.label == PERSON:
            continue
        piece = " ".join(text[s.start : s.end].split())
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        m = _BRACKET_AFTER.match(text, s.end)
        if m and abbreviates(m.group(1), piece):
            defined.setdefault(m.group(1), s)
            if nxt is None or nxt.start > m.start(1):
                added.append(Span(m.start(1), m.end(1), s.label))
        elif nxt is not None and _BRACKET_BEFORE.search(text, s.end, nxt.start):
            long = " ".join(text[nxt.start : nxt.end].split())
            if abbreviates(piece, long) and nxt.label in NAME_LABELS and nxt.label != PERSON:
                defined.setdefault(piece, nxt)
    _undefined_acronyms(text, ordered, defined)
    if not defined:
        return spans
    keyed = {short: (span_key(text, long), long.label) for short, long in defined.items()}
    out = []
    for s in [*spans, *added]:
        piece = " ".join(text[s.start : s.end].split())
        if piece in keyed and s.label in (*NAME_LABELS, "NORP"):
            key, label = keyed[piece]
            s = replace(s, key=key, label=label)
        out.append(s)
    # mentions of a defined short form that the model did not tag
    taken = Mask(len(text), ((s.start, s.end) for s in out))
    for short, (key, label) in keyed.items():
        for start in find_words(text, short):
            if not taken.touches(start, start + len(short)):
                out.append(Span(start, start + len(short), label, key=key))
                taken.add(start, start + len(short))
    return sorted(out, key=lambda s: s.start)
