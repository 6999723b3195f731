"""Well-known organisations the model leaves untagged or mislabels (index/entities/finders.py,
wordlists.KNOWN_ORGS)."""

from __future__ import annotations

from index.entities import cues as cu
from index.entities import finders as fd
from index.entities import labels as lb
from index.entities import org_forms as og
from index.entities import spans as es
from tests.test_entities_rules import shown, span


def test_a_known_organisation_before_a_verb_of_saying_or_doing_is_found() -> None:
    text = "Orange told the paper it would act. O2 also offers a service. Neither Vodafone said more."
    out = fd.find_known_orgs(text, [])
    assert shown(text, out) == [("Orange", "ORG"), ("O2", "ORG"), ("Vodafone", "ORG")]


def test_a_known_name_without_a_verb_or_already_tagged_is_left_alone() -> None:
    text = "She ate an orange. Orange juice is sweet. Orange Julius said it sold units."
    spans = [span(text, "Orange Julius", "ORG")]
    assert shown(text, fd.find_known_orgs(text, spans)) == [("Orange Julius", "ORG")]


def test_todays_large_platforms_are_organisations_not_people_or_places() -> None:
    text = "Twitter banned him, and Netflix and SpaceX did not comment."
    spans = [span(text, "Twitter", "PERSON"), span(text, "Netflix", "PLACE"), span(text, "SpaceX", "PERSON")]
    assert [s.label for s in lb.label_known_names(text, spans)] == ["ORG", "ORG", "ORG"]


def test_where_an_analyst_or_a_dealer_works_is_a_firm() -> None:
    text = "Ann Lee, an analyst at Vennick Hale, and dealers with Orrin Brothers said so."
    spans = [
        span(text, "Ann Lee", "PERSON"),
        span(text, "Vennick Hale", "PERSON"),
        span(text, "Orrin Brothers", "PERSON"),
    ]
    assert [s.label for s in cu.label_companies(text, spans)] == ["PERSON", "ORG", "ORG"]


def test_a_name_ending_in_a_trade_word_is_a_firm_even_after_a_given_name() -> None:
    text = "Sales rose at Claire's Stores and Costco Wholesale, and Eldorado Bancorp gained."
    spans = [
        span(text, "Claire's Stores", "ORG"),
        span(text, "Costco Wholesale", "PERSON"),
        span(text, "Eldorado Bancorp", "PERSON"),
    ]
    out = lb.label_known_names(text, lb.label_people_by_given_name(text, spans))
    assert [s.label for s in out] == ["ORG", "ORG", "ORG"]


def test_acronyms_in_the_plural_are_kinds_of_people_not_organisations() -> None:
    text = "Labour MPs and MEPs met the BBC."
    spans = [span(text, "MPs", "ORG"), span(text, "MEPs", "ORG"), span(text, "BBC", "ORG")]
    assert shown(text, og.drop_role_acronyms(text, spans)) == [("BBC", "ORG")]


def test_rating_grades_go_in_an_article_about_ratings_but_the_commodity_credit_corp_stays() -> None:
    rated = "Standard and Poor's Corp cut the debt to BB-plus from BBB. Moody's rated it AA."
    spans = [span(rated, "BB", "ORG"), span(rated, "BBB", "PERSON"), span(rated, "AA", "ORG")]
    assert og.drop_rating_grades(rated, spans) == []
    wheat = "The CCC will buy wheat, a CCC spokesman said."
    assert shown(wheat, og.drop_rating_grades(wheat, [span(wheat, "CCC", "ORG")])) == [("CCC", "ORG")]


def test_crude_oil_grades_are_products_in_an_article_about_crude() -> None:
    text = "West Texas Intermediate crude rose, and Louisiana Sweet and Arab Light followed."
    spans = [
        span(text, "West Texas Intermediate", "ORG"),
        span(text, "Louisiana Sweet", "PERSON"),
        span(text, "Arab Light", "ORG"),
    ]
    assert {s.label for s in cu.label_products(text, spans)} == {"PRODUCT"}
    other = "The Northern Light sailed on."
    assert cu.label_products(other, [span(other, "Northern Light", "ORG")])[0].label == "ORG"


def test_a_firms_short_form_taken_for_a_person_is_the_firm_and_its_surname_follows() -> None:
    text = "Jardine Matheson Holdings Ltd said profits rose. Jardine Matheson said more. Jardine added."
    first = text.index("Jardine Matheson said")
    spans = [
        span(text, "Jardine Matheson Holdings Ltd", "ORG"),
        es.Span(first, first + len("Jardine Matheson"), "PERSON"),
        es.Span(text.rindex("Jardine"), text.rindex("Jardine") + 7, "PERSON", key="jardine matheson"),
    ]
    out = og.resolve_org_short_forms(text, spans)
    assert [s.label for s in out] == ["ORG", "ORG", "ORG"]
    assert len({es.span_key(text, s) for s in out}) == 1


def test_a_person_whose_name_opens_no_firms_name_stays_a_person() -> None:
    text = "Ford Motor Co said so. Tom Hanks agreed."
    spans = [span(text, "Ford Motor Co", "ORG"), span(text, "Tom Hanks", "PERSON")]
    assert [s.label for s in og.resolve_org_short_forms(text, spans)] == ["ORG", "PERSON"]
