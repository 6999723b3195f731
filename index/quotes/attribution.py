"""Where a quotation's attribution is, and what it says.

An attribution sits in one of a few places, tried in this order:

- **between** the parts of a split quotation: `"We will," she said, "win."`;
- **after** the closing mark, in the same sentence: `"...," said Ana Ruiz` /
  `"...," Mr Ruiz said` / `"...," according to the police` / `"..." Mr Ruiz.`
  (a name alone, the verb dropped). Only when the quotation does not end its
  sentence: after `."` and a capital a new sentence starts, which is narrative;
- **before** the opening mark, in the same sentence: `Ruiz told the BBC: "`,
  `He said the changes "..."`, `According to X, "..."`, and the verbless
  `Ruiz: "..."` form (a name right before a colon).

Each window is read on the *masked* text (quotations blanked out), so the words
inside a quotation never look like its attribution. A verb must sit near the
mark: at most `MAX_LEAD` words from the closing mark, so that a later clause about
something else ("..." and complained the promises were vague) is not taken as the
attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.models import PERSON
from index.quotes.cues import FRAGMENT_ONLY, cue_of, lexicon, sentence_bounds, speech_verbs
from index.quotes.marks import Segment
from index.quotes.speakers import Resolver, Speaker, object_head, tokens

# Words allowed between the closing mark and the reporting verb ("industry analyst
# Elliot Levine of Ladenburg Thalmann Co said" is 9).
MAX_LEAD = 10
_CONJUNCTIONS = frozenset({"and", "but", "or"})
# Words that cannot begin the subject of an attribution after the closing mark.
_NOT_SUBJECT_START = lexicon(
    """
and but or on in at of for to from with by about as after before over since until when while
because if than that which who where
"""
)
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_ADVERBS = frozenset({"also", "widely", "once", "later", "then", "previously", "recently"})
_BY_RE = re.compile(r"[\s,]*by\s+")


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker
    cue: str
    end: int  # where the attribution's window ends (for continuation)
    where: str  # "between", "after", "before", "colon", "context"
    verb: int = -1  # where its reporting verb starts


def mark_length(text: str, pos: int) -> int:
    return 2 if text.startswith(("''", "``"), pos) else 1


def window_after(text: str, masked: str, seg: Segment, limit: int) -> tuple[int, int] | None:
    """The rest of the sentence after a closed segment, if the quotation does not end it."""
    if seg.close_mark is None:
        return None
    start = seg.close_mark + mark_length(text, seg.close_mark)
    last = text[seg.start : seg.end].rstrip()[-1:]
    if last in ".!?…":
        nxt = tokens(masked, start, min(limit, start + 40))
        if not nxt or not nxt[0].word[0].islower():
            return None
    end = min(sentence_bounds(masked, start)[1], limit)
    return (start, end) if end > start else None


def parse_after(resolver: Resolver, start: int, end: int) -> Attribution | None:
    """`"...," said X` / `"...," X said` / `"...," according to X` / `"..." X.`."""
    masked = resolver.masked
    verbs = [v for v in speech_verbs(masked, start, end) if v.word.lower() not in FRAGMENT_ONLY]
    if not verbs:
        return _name_alone(resolver, start, end)
    verb = verbs[0]
    # The words before the verb only: tokenising the whole window cost most of the finder's time.
    lead = [t for t in tokens(masked, start, verb.end) if t.word[0].isalnum() and t.end <= verb.start]
    if len(lead) > MAX_LEAD or (lead and lead[0].word.lower() in _NOT_SUBJECT_START):
        return None  # a later clause ("..." and left ..., "..." on the minister's part), not the attribution
    if masked[max(0, verb.start - 12) : verb.start].rstrip().lower().endswith(" to"):
        return None  # an infinitive ("able to respond")
    speaker = None
    if lead:
        speaker = resolver.subject(start, verb.start)
    if speaker is None and (not lead or masked[max(0, verb.start - 12) : verb.start].rstrip().endswith(",")):
        # `"...," said X` and `"steady growth" is likely, said X`: the subject follows
        a, b = object_head(masked, verb.end, end)
        speaker = resolver.phrase(a, b, inverted=True)
    if speaker is None:
        return None
    return Attribution(speaker, cue_of(verb.word), end, "after", verb.start)


def _name_alone(resolver: Resolver, start: int, end: int) -> Attribution | None:
    """`"..." Mr Ruiz.`: a person's name and nothing else after the quotation."""
    rest = resolver.masked[start:end].strip(" \t\n,.;—–-")
    for m in resolver.mentions.within(start, end, PERSON):
        name = resolver.text[m.start : m.end]
        if start <= m.start and rest.endswith(name) and len(rest.split()) <= 4:
            return Attribution(Speaker(m.canonical, "PERSON"), "none", end, "after")
    return None


def parse_before(resolver: Resolver, seg: Segment, *, fragment: bool) -> Attribution | None:
    """A reporting verb (or a colon) earlier in the sentence that opens the quotation."""
    masked = resolver.masked
    s_start = sentence_bounds(masked, seg.open_mark)[0]
    verbs = speech_verbs(masked, s_start, seg.open_mark)
    if not fragment:
        verbs = [v for v in verbs if v.word.lower() not in FRAGMENT_ONLY]
    passive: Speaker | None = None
    for verb in reversed(verbs):
        word = verb.word.lower()
        if word == "according to":
            a, b = object_head(masked, verb.end, seg.open_mark)
            speaker = resolver.phrase(a, b, inverted=True)
        elif masked[max(0, verb.start - 12) : verb.start].rstrip().lower().endswith(" to"):
            continue  # an infinitive ("it is fair to say") has no subject of its own
        elif word.endswith("ing"):
            speaker = _clause_subject(resolver, s_start, verb.start)
        else:
            head = [t.word.lower() for t in tokens(masked, s_start, verb.start) if t.word not in _ADVERBS]
            if head and head[-1] in _CONJUNCTIONS:
                continue  # "X said A but said B": the subject is the earlier verb's
            if head and head[-1] in _BE:
                # "X was branded "..." by the court": not X; without an agent, an earlier
                # verb may still name the speaker
                speaker = _agent(resolver, seg)
                if speaker.name is None and not speaker.unnamed:
                    passive, speaker = passive or speaker, None
            else:
                speaker = resolver.subject(s_start, verb.start)
        if speaker is not None:
            return Attribution(speaker, cue_of(word), seg.open_mark, "before", verb.start)
    if passive is not None:
        return Attribution(passive, "none", seg.open_mark, "before")
    lead = masked[s_start : seg.open_mark].rstrip()
    if not verbs and lead.endswith(":"):
        colon = s_start + len(lead) - 1
        speaker = resolver.subject(s_start, colon)
        if speaker is not None and (speaker.name or speaker.unnamed):
            return Attribution(speaker, "colon", seg.open_mark, "colon")
    return None


def parse_context(resolver: Resolver, seg: Segment) -> Attribution | None:
    """The previous sentence reports someone speaking: an unattributed quotation after
    it (`The mayor said he had ... "I don't suggest..."`) is theirs."""
    masked = resolver.masked
    s_start = sentence_bounds(masked, seg.open_mark)[0]
    if s_start == 0:
        return None
    p_start = sentence_bounds(masked, s_start - 1)[0]
    for verb in reversed(speech_verbs(masked, p_start, s_start)):
        if verb.word.lower() == "according to":
            continue
        speaker = resolver.subject(p_start, verb.start)
        if speaker is not None:
            return Attribution(speaker, "none", seg.open_mark, "context")
    return None


def _agent(resolver: Resolver, seg: Segment) -> Speaker:
    """The speaker of a passive ("was described as "..." by the court"): the agent
    after the quotation, or nobody named."""
    if seg.close_mark is not None:
        by = _BY_RE.match(resolver.masked, seg.close_mark + mark_length(resolver.text, seg.close_mark))
        if by is not None:
            a, b = object_head(resolver.masked, by.end(), by.end() + 80)
            speaker = resolver.phrase(a, b, inverted=True)
            if speaker is not None:
                return speaker
    return Speaker(None, None)


def _clause_subject(resolver: Resolver, start: int, verb: int) -> Speaker | None:
    """The speaker of a participle ("..., saying it was "..."", "declaring "...""): the
    sentence's subject, its first person named or "he"/"she"."""
    first_person = min(
        (m.start for m in resolver.mentions.within(start, verb, PERSON) if start <= m.start), default=verb
    )
    for t in tokens(resolver.masked, start, verb):
        if t.start >= first_person:
            return resolver.phrase(first_person, first_person + 1, inverted=True)
        if t.word.lower() in ("he", "she"):
            return resolver.phrase(t.start, t.end, inverted=False)
    return None
