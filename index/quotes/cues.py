"""The words that attribute a quotation, and where sentences begin and end.

Why word lists and not a parser: the dependency parser would cost about as much
as the NER it would sit beside (the build budget for quotations is a tenth of
that), while attributions in news copy come in a handful of fixed shapes built
around a closed class of reporting verbs. The lists are general English and
newsroom usage, not taken from any evaluation article.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from index.quotes.marks import PARAGRAPH_RE


def lexicon(block: str) -> frozenset[str]:
    """A word list written as a whitespace-separated block."""
    return frozenset(block.split())


# Reporting verbs by their base form. Irregular forms are listed; the rest get -s,
# -ed and -ing. "said"/"told"/"added"/"asked"/"wrote" are the cues the gold set
# names; the others are reported as their past tense.
_REGULAR = lexicon(
    """
add ask explain continue state argue insist warn claim admit note comment remark reply
respond declare announce stress conclude suggest concede acknowledge confirm observe
joke quip urge predict recall reveal maintain complain agree caution counter reckon
describe call brand label term accuse deny condemn praise dismiss criticise criticize
promise vow pledge boast tweet shout yell scream whisper exclaim plead demand muse
murmur mutter sigh enthuse gush reflect recount point emphasise emphasize assert allege
contend answer respond retort protest lament hail welcome question query inquire enquire
apologise apologize
testify advise estimate forecast indicate report
"""
)
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "go on": ("went on", "goes on", "going on"),
    "feel": ("felt", "feels"),
    "think": ("thinks", "thought"),
    "believe": ("believes", "believed"),
}
# "reported" names the newspaper or agency that relayed someone's words, not the
# speaker ("..., the Press Association reported"); "point" only counts as "pointed out".
_NOT_SPEECH = frozenset({"report", "reports", "reported", "reporting", "point", "points", "pointed"})
_CANONICAL_CUE = {"say": "said", "tell": "told", "write": "wrote", "go on": "continued"}


def _inflect(base: str) -> tuple[str, ...]:
    stem = base[:-1] if base.endswith("e") else base
    if base.endswith("y") and base[-2] not in "aeiou":
        return (base, base[:-1] + "ies", base[:-1] + "ied", base + "ing")
    past = stem + "ed"
    third = base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")
    return (base, third, past, stem + "ing")


def _verb_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in _REGULAR:
        forms = _inflect(base)
        for form in forms:
            if form not in _NOT_SPEECH:
                table[form] = forms[2]
    for base, forms in _IRREGULAR.items():
        for form in forms:
            table[form] = _CANONICAL_CUE.get(base, forms[2] if len(forms) > 2 else forms[0])
    table["pointed out"] = "pointed out"
    table["according to"] = "according to"
    return table


VERBS = _verb_table()
# Verbs that only attribute a short fragment of someone's words ("felt "great"",
# "described it as "..."") but never introduce a full quotation on their own.
FRAGMENT_ONLY = frozenset({"felt", "feels", "thinks", "thought", "believes", "believed"})
_LOWER_WORD_RE = re.compile(r"[a-z]+")
_LOWER_RE = re.compile(r"[a-z]")
# Tried only where `str.find` saw "According to": a regex search tried every position.
_ACCORDING_RE = re.compile(r"\bAccording to\b")
# Two-word verbs by their first word: "went on", "pointed out", "according to".
_PAIRS = {v.split()[0]: v for v in VERBS if " " in v}


@dataclass(frozen=True)
class Verb:
    """A reporting verb at masked[start:end]."""

    start: int
    end: int
    word: str


# The words that can open a reporting verb: one-word verbs and the first words of two-word ones.
_OPENERS = frozenset(_PAIRS) | frozenset(v for v in VERBS if " " not in v)


@lru_cache(maxsize=8)
def _all_verbs(masked: str) -> tuple[tuple[int, ...], tuple[Verb, ...]]:
    """Every lower-case reporting verb of `masked`: a maximal run of a-z letters that is a
    verb and follows no other letter ("Said" never attributes).

    The runs are listed in C (`findall`), and only the few distinct verbs among them are
    then looked for: a Python step per word of the article cost more than the rest of
    the quotation step's look-ups together (figures: tests/bench/RESULTS.md).
    """
    found: list[Verb] = []
    for word in _OPENERS.intersection(_LOWER_WORD_RE.findall(masked)):
        size = len(word)
        pair = _PAIRS.get(word)
        start = masked.find(word)
        while start >= 0:
            end = start + size
            if (start == 0 or not masked[start - 1].isalpha()) and not _LOWER_RE.match(masked, end):
                if pair is not None and masked.startswith(pair[size:], end):
                    found.append(Verb(start, end + len(pair) - size, pair))
                elif word in VERBS:
                    found.append(Verb(start, end, word))
            start = masked.find(word, start + 1)
    # "According to X, ..." opens a sentence; a capitalised "Said" never attributes.
    start = masked.find("According to")
    while start >= 0:
        if _ACCORDING_RE.match(masked, start):
            found.append(Verb(start, start + 12, "according to"))
        start = masked.find("According to", start + 1)
    found.sort(key=lambda v: v.start)
    return tuple(v.start for v in found), tuple(found)


def speech_verbs(masked: str, start: int, end: int) -> list[Verb]:
    """The reporting verbs in masked[start:end], in order."""
    starts, verbs = _all_verbs(masked)
    return [
        v for v in verbs[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)] if v.end <= end
    ]


def cue_of(verb: str) -> str:
    return VERBS.get(verb.lower(), verb.lower())


# Sources the article does not name. A determiner-less plural ("officials said") or
# a singular with a/an/one ("a spokesman said") is unnamed; "the" + one of these
# refers back to a source met earlier.
UNNAMED_NOUNS = lexicon(
    """
spokesman spokeswoman spokesperson spokesmen spokeswomen official officials source sources
analyst analysts expert experts critic critics observer observers diplomat diplomats
economist economists trader traders dealer dealers insider insiders aide aides witness
witnesses resident residents executive executives banker bankers lawyer lawyers investor
investors broker brokers people police government authorities ministers campaigners
activists officers protesters protestors fans scientists researchers doctors industry
statement spokespeople members colleague colleagues friend friends representative
representatives person man woman one others some many several most
"""
)
# Bodies that are generic, not proper names ("the government said"): unnamed.
GENERIC_BODIES = lexicon("government police authorities court judge council")
# Nouns for an organisation as a body: "the company said" is the article's company.
ORG_NOUNS = lexicon(
    """
company firm group bank carrier airline retailer maker manufacturer chain giant insurer
operator club agency ministry department commission exchange association union party board
corporation business institute organisation organization federation council network studio
label broadcaster publisher statement report channel league body regulator watchdog
committee office service embassy team
"""
)
PRONOUNS = {"he": "m", "she": "f"}
PLURAL_PRONOUNS = frozenset({"they", "we"})
MALE_TITLES = frozenset(
    ["mr", "mr.", "sir", "lord", "baron", "earl", "duke", "king", "prince", "father", "brother"]
)
FEMALE_TITLES = lexicon(
    """
mrs mrs. ms ms. miss dame lady baroness countess queen princess madam mme sister actress
chairwoman spokeswoman businesswoman sportswoman
"""
)
MALE_WORDS = frozenset({"he", "him", "his", "himself"})
FEMALE_WORDS = frozenset({"she", "her", "hers", "herself"})
# Common given names that are almost always one gender (names used for both, like
# Alex, Sam, Chris, Jamie, Kim, Robin, Andrea, Jean or Hilary, are left out): a prior, weaker than an
# honorific, for "she said" when the article has neither "Ms" nor a "her".
FEMALE_NAMES = lexicon(
    """
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
margaret sandra dorothy kimberly emily donna michelle carol amanda melissa deborah
stephanie rebecca sharon laura cynthia amy angela helen anna brenda pamela nicole emma
samantha katherine christine debra rachel catherine carolyn janet ruth maria heather diane
virginia julie joyce victoria christina lauren olivia judith megan cheryl
martha frances hannah jacqueline ann gloria kathryn alice teresa sara janice
doris madison julia grace judy abigail marie denise beverly amber theresa marilyn danielle
diana brittany natalie sophia rose isabella alexis kayla charlotte hillary gillian
fiona claire clare siobhan sian kirsty lorraine tracy tracey joanna katie lucy sophie
jane louise caroline harriet penelope yvonne vanessa paula sheila margaret irene agnes
ingrid greta monika monica beatrice francesca giulia chiara elena sofia natasha olga irina
svetlana tatiana anastasia mei ling priya aisha fatima leila yasmin serena venus justine
amelie kylie madonna britney beyonce shakira oprah angelina nigella condoleezza sonia ursula
"""
)
MALE_NAMES = lexicon(
    """
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
brandon benjamin samuel gregory frank alexander raymond patrick jack dennis jerry tyler aaron
jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold keith christian
roger noah gerald carl arthur lawrence sean albert joe bruce willie dylan alan ralph
gabriel roy juan wayne eugene louis russell vincent philip bobby johnny bradley ian gordon
tony colin nigel graham neil gareth rhys dafydd alistair angus hamish rupert giles tristan
hugh jeremy simon martin trevor barry derek kenny malcolm duncan stuart fraser callum liam
ciaran sean declan brendan pierre jean-pierre jacques francois michel gerhard wolfgang
helmut klaus jurgen dieter hans franz giuseppe giovanni luca marco paolo carlos miguel pedro
luis javier sergei vladimir dmitry mikhail boris igor yuri ivan mohammed muhammad ahmed ali
omar hassan hussein rafael roberto fernando wayne ronaldo thierry zinedine jose arsene
"""
)
HONORIFICS = lexicon("mr mrs ms miss dr sir dame lord lady prof professor")

# Words before a mention that make it an object, not the subject of what follows
# ("a letter from farmer Jo Hart", "held off Kim Lee").
OBJECT_WORDS = lexicon(
    """
of from with by to for against at in on over about into than between under off beat beating
beaten defeated replace replacing replaced versus v vs succeed succeeding like behind after
before and or nor including among
"""
)

# A sentence ends at . ! ? (and a closing mark or bracket after it) followed by space
# and a capital, digit or opening mark; not after a title, an initial or "U.S.".
_SENTENCE_END_RE = re.compile(r"[.!?][\"”'’)\]]*\s+(?=[\"“'‘(\[]*[A-Z0-9])")
_ABBREVIATION_RE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Prof|Gen|Col|Capt|Lt|Sgt|Rev|Gov|Sen|Rep|Inc|Ltd|Co|Corp|No|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mt|Ft)|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])\.$"
)


@lru_cache(maxsize=8)
def sentence_starts(masked: str) -> tuple[int, ...]:
    """Offsets where sentences start in `masked` (quotations masked, paragraphs kept)."""
    starts = {0}
    for m in _SENTENCE_END_RE.finditer(masked):
        dot = masked.find(".", m.start(), m.start() + 1)
        if dot >= 0 and _ABBREVIATION_RE.search(masked, max(0, dot - 12), dot + 1):
            continue
        starts.add(m.end())
    starts.update(m.end() for m in PARAGRAPH_RE.finditer(masked))
    return tuple(sorted(starts))


# How far a sentence reaches on either side of a position. Real sentences are far shorter;
# a text without sentence breaks (a hostile one, or a long run of quoted words) made each
# quotation's look-ups read to its ends: quadratic, hours for a 500 KB article.
MAX_SENTENCE_REACH = 600


def sentence_bounds(masked: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding `pos`, at most `MAX_SENTENCE_REACH` either side of it."""
    starts = sentence_starts(masked)
    i = bisect.bisect_right(starts, pos) - 1
    end = starts[i + 1] if i + 1 < len(starts) else len(masked)
    return max(starts[max(i, 0)], pos - MAX_SENTENCE_REACH), min(end, pos + MAX_SENTENCE_REACH)


WORD_RE = re.compile(r"[^\W_][\w'’.-]*")
