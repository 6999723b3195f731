"""Archive-wide name resolution: one name for what an archive writes several ways.

Extraction sees one article at a time. It ties "Blair" to "Tony Blair" when
the same article names him in full, but an article that only says "Blair", or
only "EC", or "Lib Dem" where others say "Lib Dems", stays apart in the
sidebar and in the `person:`/`org:` filters. The archive knows better: which
full names end in "Blair", which of them the articles around this one name,
which long names "EC" abbreviates.

This runs after extraction, over the archive's entity table (article id,
name, label, mention count: what the index stores), and never re-runs the
model. It is incremental: `Resolver.add`/`remove` take one article's rows at
a time, `affected(names)` says which articles a change of those names' rows
may resolve differently, and `aliases(articles)` answers for just those; the
statistics it decides by are the whole table's, and are updated, not rebuilt
(`index.build.resolution` keeps the table in the generation).

Five rules, each conservative (a name stays as written unless the evidence
points one way):

* **Variants** of an organisation that differ only by a trailing "Party" or a
  plural "s" ("Green Party"/"Greens", "Lib Dem"/"Lib Dems") are one, named as
  the archive writes it most often; an acronym's variants are acronyms.
* **Surnames**: a one-word person name becomes the full name that ends in it
  (the article's own, else) the one that *dominates among related articles*:
  each candidate scores, for every other entity of the article, the share of
  that entity's articles that also name the candidate, so that "Brown" beside
  "Manchester United" finds the footballer, and beside "Treasury" the
  chancellor. The best must score at least DOMINANCE times the next.
* **Acronyms**: an all-capitals organisation name becomes the long name it
  abbreviates, chosen the same way ("EC" -> "European Community"), but only a
  long name the archive *defines* (articles that name both are a good share
  of the acronym's: PAIR_SHARE) or that is about as widely used as the
  acronym (SPREAD). An acronym used far more than any long name it could
  stand for is a name of its own: "EU" in hundreds of articles is not the
  "Edinburgh University" of three.
* **Possessive firms**: a one-word organisation ("Moody", what the rules leave of
  "Moody's") becomes the firm named "X's ..." ("Moody's Investors Service") that
  dominates among related articles, as a surname does; only a name that looks like a
  firm's (an organisation word at its end, or "of": "Lloyd's of London").
* **Words cut short**: an organisation whose words begin another's, one by
  one, cut to a few letters ("Lib Dems", "Lib Dem" for "Liberal Democrats"),
  becomes that one when exactly one longer name fits and the archive names
  both side by side (PAIR_SHARE: "BBC News" is not "BBC Newcastle").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.entities.canonical import ORG_WORDS, fold
from index.models import ORG, PERSON

DOMINANCE = 2.0  # the best candidate must score this many times the second best
MIN_SCORE = 0.05  # and at least this much: some related article must name it
PAIR_SHARE = 0.1  # an acronym's long name: named beside it in this share of its articles...
SPREAD = 4  # ... or in at least 1/SPREAD as many articles as the acronym


@dataclass(frozen=True, slots=True)
class EntityRow:
    """One row of the archive's entity table: `name` with `label` in `article`, `count` mentions."""

    article: str
    name: str
    label: str
    count: int = 1


# (article id, name, label) -> the name to show and filter by instead
AliasMap = dict[tuple[str, str, str], str]


def variant_key(name: str) -> str:
    """What variants of an organisation's name share: folded, without a trailing
    "party" and without the plural "s" of its last word ("Lib Dems" -> "lib dem"),
    unless that word is in capitals ("HBOS" is not HBO's plural)."""
    key = fold(name)
    if key.endswith(" party") and len(key) > len(" party"):
        key = key[: -len(" party")]
    words = key.split()
    last = name.split()[-1] if name.split() else ""
    plural = not (last.isupper() and len(last) > 1)
    if plural and words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _initials(name: str) -> set[str]:
    """The acronyms `name` could have (all initials, or those of its content words)."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if len(words) < 2:
        return set()
    return {
        "".join(_initial(w) for w in words).lower(),
        "".join(_initial(w) for w in words if fold(w) not in _SMALL).lower(),
    }


def _initial(word: str) -> str:
    """What a word gives an acronym: its first letter, or every letter of a dotted one ("U.S.")."""
    return word.replace(".", "") if "." in word.rstrip(".") else word[0]


_SMALL = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to"})


CUT_MAX = 4  # a word cut short keeps at most this many letters ("Lib", "Dem", "Govt")
CUT_AWAY = 3  # and drops at least this many ("News" is not "Newcastle" cut short, nor "Times" "Timesheet")


def _words_cut_short(short: str, long: str) -> bool:
    """Whether `short`'s words are `long`'s one by one, some of them cut short ("Lib Dems"
    for "Liberal Democrats"), and the rest the same words."""
    short_words, long_words = fold(short).split(), fold(long).split()
    if len(short_words) != len(long_words):
        return False
    cut = 0
    for s, w in zip(short_words, long_words, strict=True):
        stem = s.rstrip(".")
        stem = stem[:-1] if stem.endswith("s") and len(stem) > 2 else stem
        if s == w or stem == w:
            continue
        if len(stem) < 2 or len(stem) > CUT_MAX or len(w) < len(stem) + CUT_AWAY or not w.startswith(stem):
            return False
        cut += 1
    return cut > 0


def _possessive_owner(name: str) -> str | None:
    """ "moody" for a firm named "Moody's Investors Service" or "Lloyd's of London": a first
    word in the possessive, and an organisation word at the end or "of" after it (not
    "Google's Desktop", a product)."""
    words = fold(name).split()
    if len(words) < 2 or not words[0].endswith("'s") or len(words[0]) < 4:
        return None
    if words[1] != "of" and words[-1] not in ORG_WORDS:
        return None
    return words[0][:-2]


def _shape(name: str) -> str:
    """The first letters of a name's words: what a name and its words cut short share."""
    return "".join(w[0] for w in fold(name).split())


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class Resolver:
    """The archive's entity table, kept up to date one article at a time."""

    def __init__(self, rows: Iterable[EntityRow] = ()) -> None:
        self._rows: dict[str, list[EntityRow]] = {}
        self._docs: dict[tuple[str, str], set[str]] = defaultdict(set)  # (name, label) -> articles
        self._surnames: dict[str, set[str]] = defaultdict(set)  # folded last word -> full person names
        self._acronyms: dict[str, set[str]] = defaultdict(set)  # possible acronym -> long org names
        self._variants: dict[str, set[str]] = defaultdict(set)  # variant key -> org names
        self._shapes: dict[str, set[str]] = defaultdict(set)  # word initials of a multi-word org -> names
        self._short_people: dict[str, set[str]] = defaultdict(set)  # folded one-word person -> names
        self._acronym_names: dict[str, set[str]] = defaultdict(set)  # lowercased letters -> acronyms
        self._possessive: dict[str, set[str]] = defaultdict(set)  # folded "X" -> firms named "X's ..."
        self._short_orgs: dict[str, set[str]] = defaultdict(set)  # folded one-word org -> names
        self._by_name: dict[str, str | None] = {}
        self.add(rows)

    # -- keeping the table -------------------------------------------------------------

    def add(self, rows: Iterable[EntityRow]) -> None:
        """Add articles' rows; an article already present has its rows replaced."""
        by_article: dict[str, list[EntityRow]] = defaultdict(list)
        for row in rows:
            by_article[row.article].append(row)
        self.remove(a for a in by_article if a in self._rows)
        for article, article_rows in by_article.items():
            self._rows[article] = article_rows
            for row in article_rows:
                docs = self._docs[row.name, row.label]
                docs.add(article)
                if len(docs) == 1:
                    self._index(row.name, row.label)

    def remove(self, articles: Iterable[str]) -> None:
        """Forget articles (deleted or about to be replaced)."""
        for article in list(articles):
            for row in self._rows.pop(article, ()):
                docs = self._docs.get((row.name, row.label))
                if docs is None:
                    continue
                docs.discard(article)
                if not docs:
                    del self._docs[row.name, row.label]
                    self._unindex(row.name, row.label)

    def _index(self, name: str, label: str) -> None:
        for table, key in self._keys(name, label):
            table[key].add(name)

    def _unindex(self, name: str, label: str) -> None:
        for table, key in self._keys(name, label):
            table[key].discard(name)
            if not table[key]:
                del table[key]

    def _keys(self, name: str, label: str) -> list[tuple[dict[str, set[str]], str]]:
        keys: list[tuple[dict[str, set[str]], str]] = []
        words = name.split()
        if label == PERSON and len(words) >= 2:
            keys.append((self._surnames, fold(words[-1])))
        if label == PERSON and len(words) == 1:
            keys.append((self._short_people, fold(name)))
        if label == ORG and _is_acronym(name):
            keys.append((self._acronym_names, name.replace(".", "").lower()))
        if label == ORG:
            keys.append((self._variants, variant_key(name)))
            keys.extend((self._acronyms, initials) for initials in _initials(name))
            if len(words) >= 2:
                keys.append((self._shapes, _shape(name)))
            if len(words) == 1:
                keys.append((self._short_orgs, fold(name)))
            owner = _possessive_owner(name)
            if owner is not None:
                keys.append((self._possessive, owner))
        return keys

    def affected(self, changed: Iterable[tuple[str, str]]) -> set[str]:
        """The articles whose resolution may differ once the (name, label)s in `changed` have
        gained or lost articles: those naming one of them (its statistics, or a context's,
        changed), and those naming a short form one of them may be the long name of (a
        surname, an acronym, a variant, words cut short). The others' aliases stand."""
        out: set[str] = set()
        for name, label in set(changed):
            out |= self._docs.get((name, label), set())
            related: set[str] = set()
            words = name.split()
            if label == PERSON and len(words) >= 2:
                related |= self._short_people.get(fold(words[-1]), set())
            if label == ORG:
                for initials in _initials(name):
                    related |= self._acronym_names.get(initials, set())
                related |= self._variants.get(variant_key(name), set())
                if len(words) >= 2:
                    related |= self._shapes.get(_shape(name), set())
                owner = _possessive_owner(name)
                if owner is not None:
                    related |= self._short_orgs.get(owner, set())
            for other in related:
                out |= self._docs.get((other, label), set())
        return out

    def docs(self, name: str, label: str) -> int:
        """In how many articles `name` appears with `label`."""
        return len(self._docs.get((name, label), ()))

    # -- resolving -------------------------------------------------------------------------

    def aliases(self, articles: Iterable[str] | None = None) -> AliasMap:
        """The names to change in `articles` (default: all), by the whole table's evidence."""
        wanted = self._rows.keys() if articles is None else [a for a in articles if a in self._rows]
        out: AliasMap = {}
        self._by_name = {}  # what a name's article-free rules give: decided once per call
        for article in wanted:
            rows = self._rows[article]
            for row in rows:
                target = self._resolve(article, row, rows)
                if target is not None and target != row.name:
                    out[article, row.name, row.label] = target
        return out

    def _resolve(self, article: str, row: EntityRow, rows: list[EntityRow]) -> str | None:
        if row.label == PERSON and " " not in row.name.strip():
            own = [
                r.name
                for r in rows
                if r.label == PERSON and r.name.split()[-1:] == [row.name] and r is not row
            ]
            if own:
                return max(own, key=lambda n: self.docs(n, PERSON))
            return self._dominant(article, row, self._surnames.get(fold(row.name), set()), PERSON)
        if row.label == ORG:
            if _is_acronym(row.name):
                longs = self._acronyms.get(row.name.replace(".", "").lower(), set())
                own = [r.name for r in rows if r.label == ORG and r.name in longs]
                if own:
                    return max(own, key=lambda n: (self.docs(n, ORG), n))
                found = self._dominant(article, row, self._plausible(row.name, longs), ORG)
                if found is not None:
                    return found
            firms = self._possessive.get(fold(row.name), set()) if " " not in row.name.strip() else set()
            if firms:
                found = self._dominant(article, row, firms, ORG)
                if found is not None:
                    return found
            if row.name not in self._by_name:  # the same for every article: decided once per name
                longer = self._cut_short(row.name)
                self._by_name[row.name] = (
                    self._best_variant(longer)
                    if longer is not None
                    else self._best_variant(variant_key(row.name), row.name)
                )
            return self._by_name[row.name]
        return None

    def _best_variant(self, key: str, name: str | None = None) -> str | None:
        """The name of the variants sharing `key` that the archive writes most often (of
        `name`'s shape: an acronym's variants are acronyms, "SIM" is not "Sims")."""
        variants = self._variants.get(key, set())
        if name is not None:
            variants = {v for v in variants if _is_acronym(v) == _is_acronym(name)}
        if not variants:
            return None
        return max(variants, key=lambda n: (self.docs(n, ORG), len(n), n))

    def _plausible(self, acronym: str, longs: set[str]) -> set[str]:
        """The long names `acronym` may stand for across the archive: defined beside it, or as widely used."""
        docs = self._docs.get((acronym, ORG), set())
        out = set()
        for long in longs:
            where = self._docs.get((long, ORG), set())
            pairs = len(where & docs)
            if (pairs and pairs >= PAIR_SHARE * len(docs)) or len(where) * SPREAD >= len(docs):
                out.add(long)
        return out

    def _cut_short(self, name: str) -> str | None:
        """The variant key of the one longer organisation name whose words `name`'s begin."""
        if len(name.split()) < 2:
            return None
        own = variant_key(name)
        docs = self._docs.get((name, ORG), set())
        found = set()
        for other in self._shapes.get(_shape(name), set()):
            if variant_key(other) == own or not _words_cut_short(name, other):
                continue
            pairs = len(docs & self._docs.get((other, ORG), set()))
            if pairs and pairs >= PAIR_SHARE * len(docs):  # the archive writes both, side by side
                found.add(variant_key(other))
        return found.pop() if len(found) == 1 else None

    def _dominant(self, article: str, row: EntityRow, candidates: set[str], label: str) -> str | None:
        """The candidate that the articles related to `article` name far more than the others."""
        if not candidates:
            return None
        others = [r for r in self._rows[article] if r is not row]
        scores = []
        for candidate in candidates:
            where = self._docs.get((candidate, label), set())
            score = 0.0
            for other in others:
                docs = self._docs.get((other.name, other.label), set())
                if len(docs) > 1:
                    shared = len(where & docs) if len(where) < len(docs) else len(docs & where)
                    # an entity in few articles says more than "US" in hundreds
                    score += shared / len(docs) / math.log2(1 + len(docs))
            scores.append((score, candidate))
        scores.sort(reverse=True)
        best, name = scores[0]
        second = scores[1][0] if len(scores) > 1 else 0.0
        if best >= MIN_SCORE and best >= DOMINANCE * second:
            return name
        return None


def resolve(rows: Iterable[EntityRow]) -> AliasMap:
    """The alias map of a whole entity table, at once (`Resolver` for the incremental way)."""
    return Resolver(rows).aliases()


def apply_aliases(rows: Iterable[EntityRow], aliases: Mapping[tuple[str, str, str], str]) -> list[EntityRow]:
    """`rows` with resolved names; rows that come to share a name in one article are
    summed into one."""
    merged: dict[tuple[str, str, str], int] = {}
    for row in rows:
        name = aliases.get((row.article, row.name, row.label), row.name)
        key = (row.article, name, row.label)
        merged[key] = merged.get(key, 0) + row.count
    return [EntityRow(a, n, lab, c) for (a, n, lab), c in merged.items()]
