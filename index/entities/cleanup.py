"""Clean-up rules applied on top of the NER model (and of the rule-based fallback).

A statistical tagger looks at a few words at a time, so it is inconsistent over a
whole article ("Wiedemann" is a PERSON in one sentence and an ORG in the next),
tags web debris and shouted headlines, and folds titles, punctuation and
possessives into names. Each rule fixes one such class of mistakes with
article-level evidence and general knowledge, is documented with why, and has
its own test. `clean()` runs them in `RULES` order; `to_extraction()` turns the
surviving spans into the public `Extraction`.

No spaCy here: the spans come in as plain (start, end, label) triples.

The rules themselves live in `entity_shaping` (where a mention starts and ends,
and which are no names) and `entity_labels` (labels, short forms, propagation);
`entity_span` holds the `Span` they pass along.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from index.entities import canonical as cn
from index.entities.acronyms import resolve_acronyms
from index.entities.capitals import (
    drop_heading_words,
    label_capital_the_titles,
    label_capital_word_titles,
    label_inner_capitals,
    strip_leading_verbs,
)
from index.entities.context import drop_lowercase_twins, drop_non_entities, label_teams, label_works
from index.entities.cues import (
    drop_products,
    label_by_honorific,
    label_by_role,
    label_companies,
    label_places_by_kind,
    label_products,
)
from index.entities.finders import find_known_orgs, find_untagged_orgs
from index.entities.kinds import drop_lowercase_acronyms, label_inhabitants, label_named_events
from index.entities.labels import (
    drop_common_words,
    label_by_locative,
    label_by_place_noun,
    label_demonyms,
    label_events,
    label_known_names,
    label_org_prefixes,
    label_people_by_given_name,
    propagate_names,
    resolve_short_forms,
    vote_labels,
)
from index.entities.lineups import label_line_ups
from index.entities.org_forms import (
    drop_rating_grades,
    drop_role_acronyms,
    join_place_and_org_word,
    resolve_institution_heads,
    resolve_org_short_forms,
    resolve_possessive_short_forms,
)
from index.entities.shaping import (
    drop_debris,
    drop_in_shouted_text,
    drop_non_names,
    drop_paragraph_crossing,
    join_and_company,
    split_at_separators,
    strip_leading_the,
    strip_possessive,
    strip_postnominals,
    strip_titles,
    trim_codes,
    trim_punctuation,
)
from index.entities.spans import Rule, Span
from index.models import DATE, ORG, OTHER_LABELS, PERSON, PLACE, Entity, Extraction, Mention

# Bump when a rule changes what it outputs: cached extractions keyed by the old
# version are then recomputed (see entity_cache.py).
RULES_VERSION = 26

# spaCy (OntoNotes) label -> Morgue label; labels not here are dropped.
_LABEL_MAP = {
    "PERSON": PERSON,
    "ORG": ORG,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    DATE: DATE,
    **{label: label for label in OTHER_LABELS},
}


def map_label(label: str) -> str | None:
    """The Morgue label of a model label (GPE/LOC/FAC -> PLACE), None for numeric ones."""
    return _LABEL_MAP.get(label)


def from_model(triples: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Model output -> spans, with labels mapped and numeric labels dropped."""
    spans = []
    for start, end, label in triples:
        mapped = map_label(label)
        if mapped is not None and end > start:
            spans.append(Span(start, end, mapped))
    return spans


RULES: tuple[Rule, ...] = (
    drop_paragraph_crossing,
    drop_debris,
    split_at_separators,
    trim_punctuation,
    strip_possessive,
    strip_leading_the,
    label_by_honorific,
    label_by_role,
    strip_leading_verbs,
    strip_titles,
    strip_postnominals,
    trim_codes,
    trim_punctuation,
    join_and_company,
    join_place_and_org_word,
    drop_role_acronyms,
    drop_rating_grades,
    drop_non_names,
    drop_in_shouted_text,
    drop_non_entities,
    drop_heading_words,
    drop_lowercase_acronyms,
    label_line_ups,
    label_teams,
    label_works,
    label_companies,
    label_places_by_kind,
    label_products,
    label_capital_the_titles,
    label_capital_word_titles,
    label_inner_capitals,
    label_named_events,
    label_inhabitants,
    label_by_place_noun,
    label_known_names,
    label_people_by_given_name,
    label_events,
    label_demonyms,
    label_by_locative,
    label_org_prefixes,
    resolve_acronyms,
    vote_labels,
    drop_products,
    resolve_short_forms,
    resolve_org_short_forms,
    resolve_institution_heads,
    resolve_possessive_short_forms,
    drop_common_words,
    drop_lowercase_twins,
    find_untagged_orgs,
    find_known_orgs,
    propagate_names,
    drop_debris,
)


def clean(text: str, spans: Sequence[Span], rules: Sequence[Rule] = RULES) -> list[Span]:
    """Run the clean-up rules in order; the result is sorted and non-overlapping."""
    current = sorted(spans, key=lambda s: (s.start, -s.end))
    for rule in rules:
        current = rule(text, current)
    out: list[Span] = []
    for s in sorted(current, key=lambda s: (s.start, -s.end)):
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def to_extraction(text: str, spans: Sequence[Span]) -> Extraction:
    """Spans -> the public Extraction: mentions with their canonical display name,
    and one entity per (name, label) with its mention count, most frequent first."""
    surfaces: dict[str, list[str]] = defaultdict(list)
    keyed = []
    for s in spans:
        piece = text[s.start : s.end]
        own = cn.canonical_key(piece)
        key = s.key or own  # `span_key`, without folding the piece twice
        keyed.append((piece, key))
        if own == key:
            surfaces[own].append(piece)
    names = {key: cn.display_name(forms) for key, forms in surfaces.items()}
    mentions = []
    for s, (piece, key) in zip(spans, keyed, strict=True):
        name = names.get(key) or cn.display_name([piece])
        mentions.append(Mention(s.start, s.end, piece, s.label, name))
    counts = Counter((m.canonical, m.label) for m in mentions)
    entities = sorted(
        (Entity(name, label, n) for (name, label), n in counts.items()),
        key=lambda e: (-e.count, e.name, e.label),
    )
    return Extraction(mentions=tuple(mentions), entities=tuple(entities))
