"""Who "he", "she", "the mayor" and "the company" are: the article's people and bodies.

News copy names a person in full once ("City mayor Lina Rask") and then says
"Ms Rask", "the mayor" or "she". The entity extractor already folds the
short forms into the full name (a mention's `canonical`); this module resolves the
rest from the mentions before the attribution:

- **Gender** comes from an honorific or gendered title before a mention ("Mr",
  "Sir", "Mrs", "Dame", "actress"; 3 votes), a common given name of one gender (2),
  and pronoun agreement (he/his in a sentence naming one person only, and the next if
  it names nobody; 1 each). Unknown gender agrees with both.
- **Salience**: a person named as the object of a preposition ("a letter from
  farmer Jo Hart", "held off Kim Lee") or in a possessive ("Rask's plan") is
  rarely the next "he said"; the most recent compatible *subject* wins, an object
  only when no subject fits. People who have spoken already count as subjects where
  they spoke.
- **Descriptions** ("the foreign secretary", "the 30-year-old") prefer the person
  whose own mentions were introduced with those words, else the most recent subject.
- **Bodies** ("the company said", "the ministry added") are organisation speakers:
  the latest organisation named with that noun ("Trade Ministry"), else the
  article's most-mentioned organisation so far.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from index.models import ORG, PERSON, Mention
from index.quotes.cues import (
    FEMALE_NAMES,
    FEMALE_TITLES,
    FEMALE_WORDS,
    MALE_NAMES,
    MALE_TITLES,
    MALE_WORDS,
    OBJECT_WORDS,
    sentence_bounds,
    sentence_starts,
)

# How far back (characters) an antecedent may be.
REACH = 2500
_WORDS_BEFORE_RE = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True)
class Named:
    """A PERSON or ORG mention outside quotations, or a speaker where they spoke."""

    start: int
    end: int
    name: str
    subject: bool
    context: str = ""  # lower-case words introducing the mention
    gender: str | None = None  # an unnamed source's ("a spokeswoman"); name is ""


def _words_before(masked: str, pos: int, floor: int, n: int) -> list[str]:
    window = masked[max(floor, pos - 80) : pos]
    if "," in window:
        window = window[window.rfind(",") + 1 :]
    return [w.lower() for w in _WORDS_BEFORE_RE.findall(window)][-n:]


@dataclass
class People:
    """The antecedents of one article (`masked`: quotations blanked out)."""

    masked: str
    persons: list[Named] = field(default_factory=list)
    orgs: list[Named] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, masked: str, mentions: Sequence[Mention]) -> People:
        people = cls(masked)
        votes: dict[str, Counter[str]] = {}
        for m in mentions:
            if m.label not in (PERSON, ORG):
                continue
            start, _ = sentence_bounds(masked, m.start)
            before = _words_before(masked, m.start, start, 4)
            possessive = masked[m.end : m.end + 2] in ("'s", "’s")
            subject = not possessive and not any(w in OBJECT_WORDS for w in before)
            named = Named(m.start, m.end, m.canonical, subject, " ".join(before))
            if m.label == ORG:
                people.orgs.append(named)
                continue
            people.persons.append(named)
            title = before[-1] if before else ""
            if title in MALE_TITLES or title in FEMALE_TITLES:
                votes.setdefault(m.canonical, Counter())["m" if title in MALE_TITLES else "f"] += 3
            given = m.canonical.split()[0].lower() if " " in m.canonical else ""
            if given in FEMALE_NAMES or given in MALE_NAMES:
                votes.setdefault(m.canonical, Counter())["f" if given in FEMALE_NAMES else "m"] += 2
        people._pronoun_votes(votes)
        people.gender = {
            name: ("m" if c["m"] > c["f"] else "f") for name, c in votes.items() if c["m"] != c["f"]
        }
        return people

    def _pronoun_votes(self, votes: dict[str, Counter[str]]) -> None:
        """A sentence naming one person, and the next if it names nobody: its he/she
        words vote for that person's gender."""
        starts = sentence_starts(self.masked)
        by_sentence: dict[int, set[str]] = {}
        for p in self.persons:
            by_sentence.setdefault(sentence_bounds(self.masked, p.start)[0], set()).add(p.name)
        for i, s in enumerate(starts):
            names = by_sentence.get(s)
            if not names or len(names) != 1:
                continue
            end = starts[i + 1] if i + 1 < len(starts) else len(self.masked)
            if i + 2 < len(starts) and starts[i + 1] not in by_sentence:
                end = starts[i + 2]
            words = re.findall(r"[a-z]+", self.masked[s:end].lower())
            c = votes.setdefault(next(iter(names)), Counter())
            c["m"] += sum(w in MALE_WORDS for w in words)
            c["f"] += sum(w in FEMALE_WORDS for w in words)

    def spoke(self, start: int, end: int, name: str) -> None:
        """`name` was found speaking at start..end: a subject for later pronouns."""
        bisect.insort(self.persons, Named(start, end, name, True), key=lambda p: p.start)

    def unnamed_source(self, start: int, end: int, gender: str | None) -> None:
        """An unnamed source speaks at start..end: a subject "he"/"she" may refer to."""
        bisect.insort(self.persons, Named(start, end, "", True, gender=gender), key=lambda p: p.start)

    def _before(self, pos: int) -> Iterator[Named]:
        """The persons named before `pos`, nearest first, within REACH."""
        i = bisect.bisect_left(self.persons, pos, key=lambda p: p.start)
        for p in reversed(self.persons[max(0, i - 200) : i]):
            if pos - p.end >= REACH:
                return
            if p.end <= pos:
                yield p

    def pronoun(self, pos: int, gender: str | None) -> str | None:
        """The person "he"/"she" (gender "m"/"f", or None) at `pos` refers to; "" for
        an unnamed source."""
        fallback = None
        for p in self._before(pos):
            if not p.name and gender is None:
                continue
            known = p.gender or self.gender.get(p.name)
            if gender and known and known != gender:
                continue
            if p.subject:
                return p.name
            fallback = fallback or p.name
        return fallback

    def described(self, pos: int, words: Sequence[str], *, fallback: bool = True) -> str | None:
        """The person a description ("the foreign secretary") at `pos` refers to: the one
        introduced with those words, else (with `fallback`) the most recent subject."""
        wanted = " ".join(words)
        for p in reversed(self.persons):
            if p.name and p.end <= pos and wanted and wanted in p.context:
                return p.name  # however far back: the introduction is often in the first lines
        return self.pronoun(pos, None) if fallback else None

    def body(self, pos: int, noun: str) -> str | None:
        """The organisation "the <noun>" (or "it", noun "") at `pos` refers to, or None."""
        i = bisect.bisect_left(self.orgs, pos, key=lambda o: o.start)
        before = [o for o in self.orgs[max(0, i - 100) : i] if o.end <= pos]  # bounded: long texts
        if not before:
            return None
        after_name = re.compile(rf"(?:'s|’s)?\s+{re.escape(noun)}\b", re.IGNORECASE)
        for o in reversed(before):
            if noun and (noun in o.name.lower().split() or after_name.match(self.masked, o.end)):
                return o.name  # "the ministry" / "the statement" after "a Trade Ministry statement"
        previous = sentence_bounds(self.masked, sentence_bounds(self.masked, pos)[0] - 1)[0]
        recent = [o for o in before if o.start >= previous]
        if recent:
            return recent[-1].name  # "An Orla spokesman declined ... but the company said"
        counts = Counter(o.name for o in before)
        top = max(counts.values())
        return next(o.name for o in reversed(before) if counts[o.name] == top)

    def by_surname(self, surname: str) -> str | None:
        """The person of the article whose name ends with `surname` ("Mr San")."""
        key = surname.lower()
        for p in reversed(self.persons):
            if p.name and p.name.lower().split()[-1] == key:
                return p.name
        return None
