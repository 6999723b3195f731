"""Canonical names: folding, aliases, display forms and the lexicons."""

from __future__ import annotations

import pytest

from index.entities import canonical as cn


def test_fold_ignores_case_space_quotes_article_and_possessive() -> None:
    assert cn.fold("The  BBC’s") == cn.fold("the bbc") == cn.fold("BBC's") == "bbc"
    assert cn.fold("Kent\nWiedemann") == "kent wiedemann"
    assert cn.fold("Reuters'") == "reuters"
    assert cn.fold("O’Neill") == "o'neill"


@pytest.mark.parametrize(
    "variant",
    [
        "US",
        "U.S.",
        "U.S",
        "USA",
        "U.S.A.",
        "United States",
        "the United States",
        "UNITED STATES",
        "United States of America",
        "us",
    ],
)
def test_us_variants_are_one_entity_shown_as_us(variant: str) -> None:
    assert cn.alias_of(variant) == "US"
    assert cn.canonical_key(variant) == cn.canonical_key("US")
    assert cn.display_name([variant]) == "US"


@pytest.mark.parametrize(
    ("variants", "display"),
    [
        (("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"), "UK"),
        (("EU", "E.U.", "European Union", "the European Union"), "EU"),
        (("UN", "U.N.", "United Nations"), "UN"),
    ],
)
def test_other_alias_groups(variants: tuple[str, ...], display: str) -> None:
    assert {cn.canonical_key(v) for v in variants} == {cn.fold(display)}
    assert {cn.alias_of(v) for v in variants} == {display}
    assert cn.ALIAS_LABELS[display] in ("PLACE", "ORG")


def test_a_us_states_wire_abbreviation_is_the_state() -> None:
    for short, state in (
        ("Calif.", "California"),
        ("Calif", "California"),
        ("N.J.", "New Jersey"),
        ("Okla", "Oklahoma"),
    ):
        assert cn.alias_of(short) == state and cn.canonical_key(short) == cn.fold(state)
        assert cn.ALIAS_LABELS[state] == "PLACE"


def test_abbreviations_that_are_also_words_or_acronyms_are_no_state() -> None:
    for name in ("PA", "MD", "VA", "Mass", "Miss", "Wash", "Kan"):
        assert cn.alias_of(name) is None


def test_distinct_names_keep_distinct_keys() -> None:
    keys = {cn.canonical_key(n) for n in ("US Embassy", "US", "Cambodia", "Cambodian")}
    assert len(keys) == 4


def test_display_is_most_frequent_form_preferring_mixed_case() -> None:
    assert cn.display_name(["WIEDEMANN", "WIEDEMANN", "Wiedemann"]) == "Wiedemann"
    assert cn.display_name(["Khieu  Sopheak", "Khieu Sopheak's"]) == "Khieu Sopheak"
    assert cn.display_name(["the Ministry", "Ministry"]) == "Ministry"
    assert cn.display_name(["Foo Corp", "Foo"]) == "Foo"
    assert cn.display_name([]) == ""


def test_display_ties_go_to_the_first_seen() -> None:
    assert cn.display_name(["Abc Def", "ABC def"]) == "Abc Def"
    assert cn.display_name(["ABC def", "Abc Def"]) == "ABC def"


def test_corporate_suffixes_are_not_part_of_a_name() -> None:
    assert cn.strip_corporate_suffix("Pirelli SpA") == "Pirelli"
    assert cn.strip_corporate_suffix("Apple, Inc.") == "Apple"
    assert cn.strip_corporate_suffix("Ford Motor Co.") == "Ford Motor"
    assert cn.strip_corporate_suffix("Inc") == "Inc"
    assert cn.canonical_key("Pirelli SpA") == cn.canonical_key("Pirelli")


def test_lexicons_are_folded_and_consistent() -> None:
    for lexicon in (
        cn.COUNTRIES,
        cn.CITIES,
        cn.REGIONS,
        cn.GIVEN_NAMES,
        cn.TITLES,
        cn.ORG_WORDS,
        cn.PLACE_NOUNS,
        cn.DEMONYMS,
        cn.STOPWORDS,
    ):
        assert lexicon and all(w and w == cn.fold(w) for w in lexicon)
    assert {"cambodia", "australia", "southeast asia", "us", "uk"} <= cn.KNOWN_PLACES
    assert "eu" not in cn.KNOWN_PLACES  # a union of states is an organisation
    assert {"district", "province", "village", "river"} <= cn.PLACE_NOUNS
    assert "chechens" in cn.DEMONYMS and "briton" in cn.DEMONYMS
