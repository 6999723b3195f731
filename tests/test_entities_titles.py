"""Titles of works, awards, codenames and gadgets told from names by the words around them
(index/entities/capitals.py, context.py, cues.py). Names are invented."""

from __future__ import annotations

from index.entities import capitals as ca
from index.entities import context as cx
from index.entities import cues as cu
from tests.test_entities_rules import shown, span


def test_a_name_after_a_capitalised_preposition_mid_sentence_ends_a_title() -> None:
    text = "He directed the 2002 hit About Bramley, and later wrote the sequel to Escape From Castlemoor."
    spans = [span(text, "Bramley", "PERSON"), span(text, "Castlemoor", "PLACE")]
    out = ca.label_capital_word_titles(text, spans)
    assert shown(text, out) == [("About Bramley", "WORK_OF_ART"), ("From Castlemoor", "WORK_OF_ART")]


def test_a_preposition_opening_a_sentence_or_a_quotation_is_no_title() -> None:
    text = 'About Bramley, little was said. She said, "With Castlemoor, we have a chance."'
    spans = [span(text, "Bramley", "PERSON"), span(text, "Castlemoor", "ORG")]
    assert shown(text, ca.label_capital_word_titles(text, spans)) == [
        ("Bramley", "PERSON"),
        ("Castlemoor", "ORG"),
    ]


def test_a_headline_in_title_case_is_no_title() -> None:
    text = "Minister Meets With Bramley Over Pay\n\nThe talks went on for hours into the night."
    spans = [span(text, "Bramley", "PERSON")]
    assert shown(text, ca.label_capital_word_titles(text, spans)) == [("Bramley", "PERSON")]


def test_a_preposition_inside_a_firms_own_name_is_not_looked_at() -> None:
    text = "Shares in the sportswear maker Under Vellam rose, the firm said today."
    spans = [span(text, "Under Vellam", "ORG")]
    assert shown(text, ca.label_capital_word_titles(text, spans)) == [("Under Vellam", "ORG")]


def test_a_codename_is_a_product() -> None:
    text = "The new console, codenamed Quillon, ships in May; a project code-named Tarrow followed."
    spans = [span(text, "Quillon", "PERSON"), span(text, "Tarrow", "ORG")]
    assert [s.label for s in cu.label_products(text, spans)] == [cu.PRODUCT, cu.PRODUCT]


def test_the_work_an_award_went_to_is_a_work_but_its_winner_stays_a_person() -> None:
    text = (
        "Liam Doyle won best actor for Pellworth, and best actress for her role in Marrowdene "
        "went to Ida Kell. It got best director for Hesketh, whom Tom Hesketh thanked."
    )
    spans = [
        span(text, "Liam Doyle", "PERSON"),
        span(text, "Pellworth", "ORG"),
        span(text, "Marrowdene", "PLACE"),
        span(text, "Ida Kell", "PERSON"),
        span(text, "Hesketh", "ORG"),
        span(text, "Tom Hesketh", "PERSON"),
    ]
    labels = [s.label for s in cx.label_works(text, spans)]
    assert labels == ["PERSON", "WORK_OF_ART", "WORK_OF_ART", "PERSON", "ORG", "PERSON"]


def test_a_preposition_after_a_bullet_opens_the_line_and_is_no_title() -> None:
    text = "LA PRESSE\n- After Vardonia called on its neighbour to respect the treaty, talks resumed."
    spans = [span(text, "Vardonia", "PLACE")]
    assert shown(text, ca.label_capital_word_titles(text, spans)) == [("Vardonia", "PLACE")]


def test_a_lower_case_i_before_a_capital_names_a_gadget_unless_a_firm_noun_comes_first() -> None:
    text = "Sales of the iZarro rose, and security firm iVantor said iZarro owners should update."
    spans = [span(text, "iZarro", "ORG"), span(text, "iVantor", "ORG"), span(text, "iZarro", "ORG", 1)]
    assert [s.label for s in cu.label_products(text, spans)] == [cu.PRODUCT, "ORG", cu.PRODUCT]


def test_a_gadget_named_after_its_maker_is_still_a_gadget() -> None:
    text = "He bought the Vantor iZarro last week at the fair."
    spans = [span(text, "Vantor iZarro", "ORG")]
    assert [s.label for s in cu.label_products(text, spans)] == [cu.PRODUCT]
