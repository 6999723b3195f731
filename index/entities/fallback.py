"""The rule-based extractor: the fallback when no spaCy model is installed.

Capitalised runs of words, labelled by titles, given names, organisation and
place words, the built-in lists of places and nationalities, and simple date
patterns. Its candidates then go through the same clean-up rules as the
model's (`entity_rules`), so both engines give entities of the same shape.
Kept apart from `entities` (which chooses and loads an engine) because it is a
whole engine of its own, with no spaCy in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from index.entities import canonical as cn
from index.entities import cleanup as er
from index.entities import spans as es
from index.entities.extent import ner_text
from index.models import DATE, ORG, PERSON, PLACE, Extraction

RULES_NAME = "rules"

_TOKEN_RE = re.compile(r"[^\W_][\w'’.&-]*|&")
_CONNECTORS = cn.lexicon("of|de|du|des|la|le|del|della|da|dos|van|von|der|den|bin|al|el|for|&|on|upon")
_HEAD_ORG_WORDS = cn.lexicon(
    "Ministry|University|Bank|Department|Council|Commission|Committee"
    "|Party|Court|Office|Institute|Museum|Church|Federation|Union"
    "|Association|Agency|Board|Embassy|Academy|Society|League|College"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November"
    "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_DATE_RE = re.compile(
    rf"\b(?:{_WEEKDAYS})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?"
    r"|(?<=\b(?:in|by|of) )(?:the )?(?:early |mid-|late )?(?:1[89]|20)\d\d(?:s\b|\b)"
    r"|(?<=\bsince )(?:1[89]|20)\d\d\b"
)
_DATE_WORD_RE = re.compile(rf"^(?:{_WEEKDAYS}|{_MONTHS})$")
_LONE_MONTH_RE = re.compile(r"^(?:May|March|Mar|Jan|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?$")


def _bare(word: str) -> str:
    return word.rstrip(".,'’") if not re.fullmatch(r"(?:[A-Za-z]\.)+", word) else word


def _ends_sentence(word: str) -> bool:
    if not word.endswith("."):
        return False
    return not (
        re.fullmatch(r"(?:[A-Za-z]\.)+", word)
        or cn.fold(word) in cn.TITLES
        or cn.fold(word) in cn.CORPORATE_SUFFIXES
    )


class RuleExtractor:
    """The fallback when no spaCy model is installed: capitalised runs of words,
    labelled by titles, given names, organisation and place words, the built-in
    lists of places and nationalities, and simple date patterns; then the same
    clean-up rules as the model."""

    is_model = False

    def __init__(self, name: str = f"{RULES_NAME} (no spaCy model installed)") -> None:
        self.name = name

    def extract(self, text: str) -> Extraction:
        text = ner_text(text)  # a huge text: its bounded prefix (see `extent`)
        return er.to_extraction(text, er.clean(text, self.candidates(text)))

    def extract_many(
        self, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64
    ) -> Iterator[Extraction]:
        """Same order as `texts`; rules are fast, so one process does."""
        return (self.extract(t) for t in texts)

    def candidates(self, text: str) -> list[es.Span]:
        spans = [
            es.Span(m.start(), m.end(), DATE)
            for m in _DATE_RE.finditer(text)
            if not _LONE_MONTH_RE.match(m.group())
        ]
        for run in self._runs(text):
            spans.extend(self._label_run(text, run))
        return sorted(spans, key=lambda s: (s.start, -s.end))

    @staticmethod
    def _runs(text: str) -> Iterator[list[tuple[int, int]]]:
        """Capitalised words in a row (joined by one space, or by "of", "de", "&"...).
        A sentence end, other punctuation, a line break or a day or month name
        (dates are found apart: "Wednesday Australia") ends a run."""
        run: list[tuple[int, int]] = []
        tokens = list(_TOKEN_RE.finditer(text))
        for k, m in enumerate(tokens):
            word = m.group()
            joined = bool(run) and text[run[-1][1] : m.start()] in (" ", "\t")
            nxt = tokens[k + 1].group() if k + 1 < len(tokens) else ""
            is_name_word = word[:1].isupper() and not _DATE_WORD_RE.match(_bare(word))
            is_connector = word in _CONNECTORS and joined and nxt[:1].isupper()
            if run and not (joined and (is_name_word or is_connector)):
                yield run
                run = []
            if is_name_word or (run and is_connector):
                run.append((m.start(), m.end()))
                if _ends_sentence(word):
                    yield run
                    run = []
        if run:
            yield run

    def _label_run(self, text: str, run: list[tuple[int, int]]) -> Iterable[es.Span]:
        words = [_bare(text[a:b]) for a, b in run]
        while run and cn.fold(words[0]) in cn.STOPWORDS:  # "The BBC", "In Paris"
            run, words = run[1:], words[1:]
        while run and words[-1] in _CONNECTORS:
            run, words = run[:-1], words[:-1]
        if not run:
            return
        after_title = self._title_before(text, run[0][0])
        if cn.fold(words[-1]) in cn.ORG_WORDS and len(run) > 1 and not after_title:
            # "Home Office", "Australian Financial Review": one organisation, unsplit.
            yield es.Span(run[0][0], run[0][0] + len(_bare(text[run[0][0] : run[-1][1]])), ORG)
            return
        before = text[max(0, run[0][0] - 40) : run[0][0]]
        if (
            len(run) >= 3
            and re.search(r"[\w-]+[ \t]+of[ \t]+$", before)
            and self._title_before(text, text.rindex("of", 0, run[0][0]))
        ):
            # "co-Minister of Interior Sar Kheng": the department belongs to the title.
            run, words, after_title = run[1:], words[1:], True
        # Titles and nationalities split a run: "US Ambassador Kent Wiedemann" ->
        # "US" | "Kent Wiedemann"; a title after a given name is a surname ("Malcolm Leader").
        parts: list[tuple[list[tuple[int, int]], bool]] = []
        current: list[tuple[int, int]] = []
        for n, ((a, b), word) in enumerate(zip(run, words, strict=True)):
            key = cn.fold(word)
            surname = (
                bool(current)
                and n == len(run) - 1
                and (after_title or cn.fold(text[current[0][0] : current[0][1]]) in cn.GIVEN_NAMES)
            )
            if (key in cn.TITLES and not surname) or key in cn.DEMONYMS:
                if current:
                    parts.append((current, after_title))
                if key in cn.DEMONYMS:
                    parts.append(([(a, a + len(word))], False))
                current, after_title = [], key in cn.TITLES
            else:
                current.append((a, b))
        if current:
            parts.append((current, after_title))
        for part, titled in parts:
            label = self._label(text, part, titled)
            if label is not None:
                end = part[0][0] + len(_bare(text[part[0][0] : part[-1][1]]))
                yield es.Span(part[0][0], end, label)

    @staticmethod
    def _title_before(text: str, start: int) -> bool:
        m = re.search(r"([\w.'-]+)[ \t]+$", text[max(0, start - 30) : start])
        return m is not None and cn.fold(m.group(1).split("-")[-1]) in cn.TITLES

    def _label(self, text: str, part: list[tuple[int, int]], titled: bool) -> str | None:
        surface = _bare(text[part[0][0] : part[-1][1]])
        words = surface.split()
        keys = [cn.fold(w) for w in words]
        first, last = keys[0], keys[-1]
        sentence_start = es.at_sentence_start(text, part[0][0])
        if cn.alias_of(surface) is not None:
            return cn.ALIAS_LABELS[cn.alias_of(surface) or ""]
        if cn.fold(surface) in cn.DEMONYMS:
            return "NORP"
        if len(words) > 1 and last in cn.EVENT_WORDS:
            return "EVENT"
        if len(words) > 1 and last in cn.LAW_WORDS:
            return "LAW"
        if (
            last in cn.ORG_WORDS
            or last in cn.CORPORATE_SUFFIXES
            or (first in _HEAD_ORG_WORDS and len(words) > 2 and keys[1] in ("of", "for"))
        ):
            return ORG
        if cn.fold(surface) in cn.KNOWN_PLACES or (len(words) > 1 and last in cn.PLACE_SUFFIXES):
            return PLACE
        if titled or first in cn.GIVEN_NAMES or re.fullmatch(r"[A-Z]\.", words[0]):
            return PERSON if len(words) <= 4 else ORG
        if len(words) == 1:
            after = es.next_word(text, part[-1][1]).rstrip(".,;:")
            if after.islower() and cn.fold(after) in cn.PLACE_NOUNS:
                return PLACE  # "the Kandal province"
            if surface.isupper() and 2 <= len(surface) <= 6 and first not in cn.STOPWORDS:
                return ORG
            return None
        if sentence_start and first in cn.STOPWORDS:
            return None
        if len(words) <= 3 and all(
            w[:1].isupper() and not w.isupper() and not es.is_common_word(text, w) for w in words
        ):
            return PERSON  # "Khieu Sopheak": capitalised words never written in lower case
        return ORG
