"""`find_quotes`: the quoted segments of an article, grouped into quotations, kept or
dropped by the title and scare-quote rules, and attributed.

The steps, each in its own module: `marks` pairs the quote marks into segments;
segments are grouped into quotations here (a paragraph-long quotation continued
in the next paragraph, a quotation split by its attribution, and the unattributed
quotation that follows an attribution directly, `"A," said X. "B."`); `attribution`
finds who said each quotation; `filters` drops the titles and scare quotes;
`speakers` and `people` turn a phrase into a named speaker.

What is left without an attribution of its own takes its speaker from context: the
previous sentence when it reports someone speaking, else the quotation just before
it in the same or the previous paragraph (cue "none").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.models import Mention
from index.quotes.attribution import (
    Attribution,
    mark_length,
    parse_after,
    parse_before,
    parse_context,
    window_after,
)
from index.quotes.cues import sentence_bounds
from index.quotes.filters import is_quotation, is_short
from index.quotes.marks import Segment, find_segments, paragraph_ends
from index.quotes.mentions import Mentions
from index.quotes.model import Quote
from index.quotes.people import People
from index.quotes.speakers import Resolver, Speaker

_NON_SPACE = re.compile(r"\S")
_TRAILING_PUNCTUATION = ".,!?;:…"
# An unattributed quotation inherits the previous quotation's speaker within this reach.
CONTEXT_REACH = 600


def mask(text: str, segments: Sequence[Segment]) -> str:
    """`text` with every quoted character but trailing punctuation and spaces set to "0"."""
    pieces: list[str] = []
    pos = 0
    for s in segments:
        stop = s.end
        while stop > s.start and text[stop - 1] in _TRAILING_PUNCTUATION:
            stop -= 1
        pieces.append(text[pos : s.start])
        pieces.append(_NON_SPACE.sub("0", text[s.start : stop]))
        pos = stop
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass
class _Group:
    segments: list[Segment]
    attribution: Attribution | None = None

    @property
    def first(self) -> Segment:
        return self.segments[0]

    @property
    def last(self) -> Segment:
        return self.segments[-1]


def _after_end(text: str, seg: Segment) -> int:
    return seg.end if seg.close_mark is None else seg.close_mark + mark_length(text, seg.close_mark)


def _linked(segments: Sequence[Segment]) -> list[_Group]:
    """Segments joined when one continues an unclosed one (multi-paragraph quotations)."""
    groups: list[_Group] = []
    for seg in segments:
        if seg.continues and groups:
            groups[-1].segments.append(seg)
        else:
            groups.append(_Group([seg]))
    return groups


def _split(text: str, resolver: Resolver, groups: list[_Group]) -> list[_Group]:
    """`"We will," she said, "win."`: two groups joined by the attribution between them."""
    out: list[_Group] = []
    for g in groups:
        prev = out[-1] if out else None
        if prev is not None and prev.attribution is None:
            last = prev.last
            quoted = text[last.start : last.end].rstrip()
            start, end = _after_end(text, last), g.first.open_mark
            between = resolver.masked[start:end].rstrip()
            if (
                last.closed
                and quoted[-1:] in ",?!—–-…"
                and between.endswith((",", ":"))
                and len(between) < 120
            ):
                found = parse_after(resolver, start, end)
                if found is not None and sentence_bounds(resolver.masked, start)[1] >= end:
                    prev.segments.extend(g.segments)
                    prev.attribution = Attribution(found.speaker, found.cue, end, "between")
                    continue
        out.append(g)
    return out


def find_quotes(text: str, mentions: Sequence[Mention]) -> tuple[Quote, ...]:
    """The quotations in `text` with their speakers; `mentions` are the entity
    mentions found in the same text (offsets into it)."""
    segments = find_segments(text)
    if not segments:
        return ()
    masked = mask(text, segments)
    outside = Mentions(mentions).outside([(s.start, s.end) for s in segments])
    people = People.of(masked, outside)
    resolver = Resolver(text, masked, Mentions(outside), people)
    resolver.note_unnamed_sources()
    paragraphs = paragraph_ends(text)
    quotes: list[Quote] = []
    prev_first: int | None = None
    prev_end = -1
    prev_speaker: Speaker | None = None
    prev_cue = "none"
    for g in _split(text, resolver, _linked(segments)):
        attr = g.attribution
        quoted = " ".join(text[s.start : s.end] for s in g.segments)
        if attr is None:
            window = window_after(text, masked, g.last, len(text))
            attr = parse_after(resolver, *window) if window else None
        if attr is None:
            attr = parse_before(resolver, g.first, fragment=is_short(quoted))
        s_start = sentence_bounds(masked, g.first.open_mark)[0]
        after_end = _after_end(text, g.last)
        if not is_quotation(
            quoted,
            text[s_start : g.first.open_mark],
            text[after_end : after_end + 40],
            reported=attr is not None,
            attributed_after=attr is not None and attr.where in ("after", "between"),
            governed=attr is not None
            and attr.where == "before"
            and _same_clause(masked, attr.verb, g.first.open_mark),
        ):
            continue
        part_of = None
        if attr is None and prev_first is not None and not masked[prev_end : g.first.open_mark].strip():
            part_of, speaker, cue = prev_first, prev_speaker, prev_cue  # `"A," said X. "B."`
        else:
            opens = not masked[s_start : g.first.open_mark].strip()
            if attr is None and opens:
                attr = parse_context(resolver, g.first)
            if (
                attr is None
                and opens
                and prev_speaker is not None
                and _near(paragraphs, prev_end, g.first.open_mark)
            ):
                attr = Attribution(prev_speaker, "none", g.first.open_mark, "context")
            speaker = attr.speaker if attr else None
            cue = attr.cue if attr else "none"
        first_index = len(quotes)
        for i, seg in enumerate(g.segments):
            link = part_of if part_of is not None else (first_index if i else None)
            quotes.append(_quote(text, seg, speaker, cue, link))
        if speaker is not None and speaker.label == "PERSON" and speaker.name:
            people.spoke(g.last.start, g.last.end, speaker.name)
        prev_first = part_of if part_of is not None else first_index
        prev_speaker, prev_cue = speaker, cue
        prev_end = attr.end if attr and attr.where in ("after", "between") else after_end
    return tuple(quotes)


def _same_clause(masked: str, start: int, end: int) -> bool:
    return start >= 0 and not any(c in ",;:—–()" for c in masked[start:end])


def _near(paragraphs: list[int], prev_end: int, pos: int) -> bool:
    """`pos` is in the paragraph of `prev_end` or the next one, and close to it."""
    if prev_end < 0 or pos - prev_end > CONTEXT_REACH:
        return False
    return bisect.bisect_left(paragraphs, pos) - bisect.bisect_left(paragraphs, prev_end) <= 1


def _quote(text: str, seg: Segment, speaker: Speaker | None, cue: str, part_of: int | None) -> Quote:
    return Quote(
        text=text[seg.start : seg.end],
        start=seg.start,
        end=seg.end,
        speaker=speaker.name if speaker else None,
        speaker_label=speaker.label if speaker and speaker.name else None,
        unnamed=bool(speaker and speaker.unnamed),
        cue=cue,
        part_of=part_of,
    )
