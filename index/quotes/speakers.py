"""The speaker a phrase next to a reporting verb names.

The phrase is the subject before the verb ("Mr Ruiz said", "Orla's spokesman
Tim Marr told") or, inverted, the words after it ("said Ana Ruiz, a fund
manager", "said the company"). Its *head*, the words nearest the verb, decides, in
this order, each for a reason:

0. "he"/"she" right before the verb is its subject, whatever precedes it ("Asked
   about the BBC, he said"): resolved by `People.pronoun` with that gender; "it" is
   the organisation just named;
1. a PERSON mention: a named person beats the organisation in the same phrase
   ("Orla's spokesman Tim Marr" is Tim Marr), and a possessive name is
   a modifier ("Lola Grey's agent Tim Marr" is Tim Marr);
2. "they" is a group, unnamed; so is a bare plural ("local traders have warned");
3. a role noun: with "a"/"an"/"one" or a bare plural ("a spokesman", "officials",
   "a Microsoft spokesman") the source is unnamed, even beside an organisation's
   name, since the organisation is not who spoke; with "the" it refers back ("the
   company" to the organisation, "the mayor" to a person, "the government" stays
   unnamed: a generic body, not a proper name);
4. an ORG mention: the organisation speaks as a body ("Apple said in a statement");
5. a capitalised name the extractor missed, after an honorific or matching a
   person's surname ("Mr San").

An appositive between the name and the verb ("Iris Vane, head of research at the
bank, said") is skipped, so its nouns never stand in for the speaker; a subject
head ends at a preposition when what precedes it names someone ("analysts at
the bank" are analysts), and never reaches back past an earlier reporting verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from index.entities.canonical import DEMONYMS, GIVEN_NAMES, TITLES
from index.models import ORG, PERSON, Mention
from index.quotes.cues import (
    FEMALE_NAMES,
    FEMALE_TITLES,
    GENERIC_BODIES,
    HONORIFICS,
    MALE_NAMES,
    ORG_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    UNNAMED_NOUNS,
    VERBS,
    lexicon,
    sentence_bounds,
    speech_verbs,
)
from index.quotes.mentions import Mentions
from index.quotes.model import SpeakerLabel
from index.quotes.people import People

# Words (a full stop inside one only before a letter: "U.S.", not "judge.") and the
# punctuation that bounds a phrase.
_TOKEN_RE = re.compile(r"[^\W_](?:[\w'’&-]|\.(?=\w))*\.?(?<=\w\.\w\.)|[^\W_](?:[\w'’&-]|\.(?=\w))*|[,;:()—–]")
# Words between a subject and its verb that are not part of the subject.
_SKIP = lexicon(
    """
has had have also then later again would will could may might previously today yesterday
however already still once recently earlier last week month year night just
"""
)
# Words a subject may take before its verb ("Kirsten Pfeifer from the Consumer
# Electronics Association told").
HEAD_WORDS = 8
# How far before its verb a subject is looked for.
SUBJECT_REACH = 160
# A subject's head ends before these: "analysts at a bank" are analysts.
_PREPOSITIONS = lexicon("of from at for with")
_DETERMINERS_UNNAMED = frozenset(
    ["a", "an", "one", "some", "several", "many", "two", "three", "four", "other", "another"]
)
_DETERMINERS_BACK = lexicon("the this that his her its their our whose")
_INDEFINITE = lexicon("a an another one some")
# A token of `_INDEFINITE`, in any case, that starts after no letter or digit (one that did
# would be inside a longer token), or one at the start of a window (`_INDEFINITE_AT_RE`): a
# window with neither cannot hold a subject that opens with one (`note_unnamed_sources`).
_INDEFINITE_RE = re.compile(r"(?i)(?<![^\W_])(?:an?|another|one|some)(?![\w'’&-])")
_INDEFINITE_AT_RE = re.compile(r"(?i)(?:an?|another|one|some)(?![\w'’&-])")
_POSSESSIVE_RE = re.compile(r"['’]s?\b")
_AGE_RE = re.compile(r"\d+-year-old$")
PERSON_NOUNS = (
    lexicon(
        """
minister secretary chancellor president leader chairman chairwoman chief boss coach manager
mayor star singer actor actress player striker captain champion director founder author
writer veteran premier governor senator ambassador spokesman spokeswoman prosecutor judge
prince princess king queen pope editor presenter producer musician rapper frontman keeper
goalkeeper midfielder defender forward winger batsman bowler golfer sprinter runner athlete
boxer driver rider skipper manager-elect head founder designer economist analyst lawyer
businessman businesswoman entrepreneur tycoon mogul
"""
    )
    | {t.lower().rstrip(".") for t in TITLES}
    | {d.lower() for d in DEMONYMS}
)


@dataclass(frozen=True)
class Speaker:
    name: str | None
    label: SpeakerLabel | None
    unnamed: bool = False


UNNAMED = Speaker(None, None, True)


class Token(NamedTuple):
    """A word or a clause mark at masked[start:end] (a tuple: an article makes tens of thousands)."""

    start: int
    end: int
    word: str


_new_token = tuple.__new__  # half the cost of calling Token(): a NamedTuple's __new__ is Python


def tokens(masked: str, start: int, end: int) -> list[Token]:
    return [
        _new_token(Token, (m.start(), m.end(), m.group())) for m in _TOKEN_RE.finditer(masked, start, end)
    ]


def _mention_in(
    text: str, mentions: Mentions, start: int, end: int, label: str, first: bool
) -> Mention | None:
    found = mentions.within(start, end, label)
    if not found:
        return None
    heads = [m for m in found if not _POSSESSIVE_RE.match(text, m.end)] if len(found) > 1 else found
    found = heads or found  # "Lola Grey's agent Tim Marr" is Tim Marr
    return found[0] if first else found[-1]


def subject_head(masked: str, clause: int, verb: int) -> tuple[int, int]:
    """The span of the subject's head before a verb at `verb`: auxiliaries and a
    comma-bracketed appositive dropped, at most HEAD_WORDS words, not before `clause`."""
    toks = tokens(masked, max(clause, verb - SUBJECT_REACH), verb)
    while toks and toks[-1].word.lower() in _SKIP:
        toks.pop()
    if toks and toks[-1].word.lower() == "who":  # "Ana Ruiz, who accused": Ana Ruiz
        toks.pop()
        if toks and toks[-1].word == ",":
            toks.pop()
    if toks and toks[-1].word == ",":
        commas = [i for i, t in enumerate(toks[:-1]) if t.word in ",;:"]
        toks = toks[: commas[-1]] if commas else toks[:-1]
    # A clause boundary, or an earlier reporting verb ("A spokesman said it was wrong to
    # suggest"): the subject is not before it.
    cut = max((i for i, t in enumerate(toks) if t.word in ",;:()—–" or t.word in VERBS), default=-1)
    head = toks[cut + 1 :][-HEAD_WORDS:]
    if not head:
        return verb, verb
    return head[0].start, head[-1].end


def object_head(masked: str, verb_end: int, limit: int) -> tuple[int, int]:
    """The span of an inverted subject after a verb ("said Ana Ruiz, a fund manager"):
    up to the first comma or six words."""
    toks = []
    for t in tokens(masked, verb_end, limit):
        if t.word in ",;:()—–" or t.word.lower() in ("in", "at", "on", "to", "who", "when", "after"):
            break
        toks.append(t)
    toks = toks[:6]
    if not toks:
        return verb_end, verb_end
    return toks[0].start, toks[-1].end


class Resolver:
    """Resolves phrases of one article to speakers."""

    def __init__(self, text: str, masked: str, mentions: Mentions, people: People) -> None:
        self.text = text
        self.masked = masked
        self.mentions = mentions
        self.people = people
        self.unnamed_heads: set[str] = set()

    def note_unnamed_sources(self) -> None:
        """Tell `people` where an unnamed source speaks ("another economist said"), so
        that a later "he said" is theirs, not the last named person's."""
        for verb in speech_verbs(self.masked, 0, len(self.masked)):
            word = verb.word
            if word.endswith("ing") or word == "according to":
                continue
            clause = sentence_bounds(self.masked, verb.start)[0]
            window = max(clause, verb.start - SUBJECT_REACH)
            if not (
                _INDEFINITE_RE.search(self.masked, window, verb.start)
                or _INDEFINITE_AT_RE.match(self.masked, window, verb.start)
            ):
                continue  # most verbs: no "a"/"another"/"some" before them to open an unnamed subject
            a, b = subject_head(self.masked, clause, verb.start)
            words = [t.word.lower() for t in tokens(self.masked, a, b) if t.word[0].isalnum()]
            if (
                not words
                or words[0] not in _INDEFINITE
                or _mention_in(self.text, self.mentions, a, b, PERSON, False)
            ):
                continue
            gender = "f" if words[-1] in FEMALE_TITLES else "m" if words[-1].endswith("man") else None
            self.people.unnamed_source(a, b, gender)

    def phrase(self, start: int, end: int, *, inverted: bool) -> Speaker | None:
        """The speaker the phrase text[start:end] names (see the module docstring)."""
        if end <= start:
            return None
        last = tokens(self.masked, start, end)[-1:]
        if not inverted and last and last[0].word.lower() in PRONOUNS:
            return self._pronoun(start, last[0].word.lower())  # "Asked about the BBC, he said"
        if not inverted and last and last[0].word.lower() == "it" and last[0].start == start:
            name = self.people.body(start, "")  # "It said in a statement": the organisation
            return Speaker(name, "ORG") if name else None
        if not inverted:
            prep = next(
                (
                    t
                    for t in tokens(self.masked, start, end)
                    if t.word in _PREPOSITIONS
                    and not any(m.start < t.start for m in self.mentions.within(t.start, t.end))
                ),
                None,
            )
            if prep is not None and prep.start > start:
                found = self.phrase(start, prep.start, inverted=False)
                if found is not None:
                    return found
        person = _mention_in(self.text, self.mentions, start, end, PERSON, first=inverted)
        if person is not None:
            return Speaker(person.canonical, "PERSON")
        words = [t for t in tokens(self.masked, start, end) if t.word[0].isalnum()]
        if not words:
            return None
        lower = [t.word.lower() for t in words]
        near = lower[0] if inverted else lower[-1]
        if near in PRONOUNS and len(words) <= 2:
            return self._pronoun(start, near)
        if near in PLURAL_PRONOUNS and len(words) <= 2:
            return UNNAMED
        if not inverted and _is_group(words[-1].word):
            return UNNAMED  # "local traders have warned": a group, unnamed
        described = self._role(words, lower, start)
        if described is not None:
            return described
        org = _mention_in(self.text, self.mentions, start, end, ORG, first=inverted)
        if lower[0] in _INDEFINITE:
            return UNNAMED  # "another participant", "one delegate": nobody named
        if org is not None:
            return Speaker(org.canonical, "ORG")
        return self._surface(words, lower)

    def _pronoun(self, pos: int, pronoun: str) -> Speaker | None:
        name = self.people.pronoun(pos, PRONOUNS[pronoun])
        if name == "":
            return UNNAMED  # "a spokeswoman said ... she said"
        return Speaker(name, "PERSON") if name else None

    def subject(self, clause: int, verb: int) -> Speaker | None:
        """The speaker named by the subject of the verb at `verb` (clause: where the
        sentence starts). "Iris Vane, head of research at the bank,
        says" is Iris Vane: a name before an appositive beats the appositive's
        nouns; and a description before one naming the person is that person ("The
        club's chairman, Lord Hale, said")."""
        a, b = subject_head(self.masked, clause, verb)
        found = self.phrase(a, b, inverted=False)
        appositive = self.mentions.within(b, verb, PERSON)
        head = tokens(self.masked, a, b)
        pronoun = bool(head) and head[-1].word.lower() in PRONOUNS
        if appositive and not pronoun and not self.mentions.within(a, b, PERSON):
            # "The Bishop of Durham, the Rt Rev Dr Tom Wright, said": the name is in the aside
            return Speaker(appositive[-1].canonical, "PERSON")
        if found is None or found.label == "ORG":
            before = self.masked[clause:a].rstrip()
            if before.endswith(","):
                comma = clause + len(before) - 1
                for m in self.mentions.within(comma - 2, comma, PERSON):
                    if 0 <= comma - m.end <= 2:
                        return Speaker(m.canonical, "PERSON")
        return found

    def _role(self, words: list[Token], lower: list[str], pos: int) -> Speaker | None:
        """A role noun ("a spokesman", "officials", "the company", "the mayor")."""
        nouns = [
            i
            for i, w in enumerate(lower)
            if (w in UNNAMED_NOUNS or w in ORG_NOUNS or w in PERSON_NOUNS or _AGE_RE.search(w))
            and not any(" " in m.text for m in self.mentions.within(words[i].start, words[i].start + 1, ORG))
        ]
        if not nouns:
            return None
        i = max(nouns)
        noun = lower[i]
        det = next((w for w in lower[:i] if w in _DETERMINERS_UNNAMED or w in _DETERMINERS_BACK), None)
        if det in _DETERMINERS_BACK or (det is None and words[0].word[0].isupper() and noun in ORG_NOUNS):
            if noun in GENERIC_BODIES:
                return UNNAMED
            if noun in ORG_NOUNS and noun not in PERSON_NOUNS:
                name = self.people.body(pos, noun)
                return Speaker(name, "ORG") if name else UNNAMED
            if noun in UNNAMED_NOUNS and noun in self.unnamed_heads:
                return UNNAMED
            if noun in PERSON_NOUNS or _AGE_RE.search(noun) or noun in UNNAMED_NOUNS:
                first = lower.index(det) + 1 if det else 0
                described = [w for w in lower[first : i + 1] if w not in ("former", "new")]
                # "the spokesman" is an unnamed source unless a named person was introduced so
                name = self.people.described(pos, described, fallback=noun not in UNNAMED_NOUNS)
                if name:
                    return Speaker(name, "PERSON")
                return UNNAMED if noun in UNNAMED_NOUNS else None
            return None
        if noun in UNNAMED_NOUNS or (noun.endswith("s") and noun[:-1] in PERSON_NOUNS):
            self.unnamed_heads.add(noun)
            return UNNAMED
        if noun in PERSON_NOUNS and det in _DETERMINERS_UNNAMED:
            self.unnamed_heads.add(noun)
            return UNNAMED
        return None

    def _surface(self, words: list[Token], lower: list[str]) -> Speaker | None:
        """A capitalised name no mention covers: "Mr San", "Deathifier", or a run of
        capitalised words ending the phrase from a common given name on ("Green MEP
        Alain Lipietz" is Alain Lipietz)."""
        run = words[::-1]
        run = [t for t in run[: next((i for i, t in enumerate(run) if not t.word[0].isupper()), len(run))]][
            ::-1
        ]
        given = next((i for i, t in enumerate(run[:-1]) if _is_given_name(t.word)), None)
        if given is not None and not self.mentions.within(run[given].start, run[-1].end):
            named = " ".join(t.word for t in run[given:])
            return Speaker(self.people.by_surname(run[-1].word) or named, "PERSON")
        caps = [t for t in words if t.word[0].isupper()]
        if not caps or len(caps) != len(words) or len(words) > 4:
            return None
        if self.mentions.within(words[0].start, words[-1].end):
            return None  # a place or other entity, not a speaker
        honorific = lower[0].rstrip(".") in HONORIFICS
        names = [t.word for t in words[1:]] if honorific else [t.word for t in words]
        if not names:
            return None
        known = self.people.by_surname(names[-1])
        if known:
            return Speaker(known, "PERSON")
        if honorific or (
            len(names) == 1 and words[0].start > 0 and not _sentence_initial(self.masked, words[0].start)
        ):
            return Speaker(" ".join(names), "PERSON")
        return None


def _is_given_name(word: str) -> bool:
    return word in GIVEN_NAMES or word.lower() in FEMALE_NAMES or word.lower() in MALE_NAMES


def _is_group(word: str) -> bool:
    """A lower-case plural noun right before the verb: a group of people."""
    return (
        word.isalpha()
        and word.islower()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in ORG_NOUNS
        and word not in _NOT_GROUPS
    )


_NOT_GROUPS = lexicon("news has was is this his its as thus always perhaps sometimes")


def _sentence_initial(masked: str, pos: int) -> bool:
    before = masked[max(0, pos - 3) : pos].rstrip()
    return not before or before[-1] in '.!?"”\n'


__all__ = ["ORG", "PERSON", "UNNAMED", "Resolver", "Speaker", "object_head", "subject_head"]
