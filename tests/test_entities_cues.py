"""Clean-up rules reading the words next to a mention (cues.py), capital letters (capitals.py) and short forms (org_forms.py).

Sentences are made up for the tests; spans are written by hand as the model would give them.
"""

from __future__ import annotations

import re

from index.entities import capitals as ca
from index.entities import cleanup as er
from index.entities import cues as cu
from index.entities import finders as fd
from index.entities import kinds as kd
from index.entities import org_forms as og
from tests.test_entities_rules import shown, span


def test_a_name_after_an_honorific_is_a_person() -> None:
    text = "The report was welcomed by Ms Carvel, who chairs the panel."
    assert shown(text, cu.label_by_honorific(text, [span(text, "Carvel", "ORG")])) == [("Carvel", "PERSON")]
    assert cu.label_by_honorific(text, [span(text, "Carvel", "ORG")])[0].locked


def test_an_honorific_inside_a_span_splits_it() -> None:
    text = "Speaking at Devcon Mr Pellow said the tools were ready."
    out = cu.label_by_honorific(text, [span(text, "Devcon Mr Pellow", "ORG")])
    assert shown(text, out) == [("Devcon", "ORG"), ("Mr Pellow", "PERSON")]


def test_capitals_that_only_look_like_an_honorific_are_none() -> None:
    text = "Players from DR Congo arrived, and MS Office shipped."
    spans = [span(text, "DR Congo", "PLACE"), span(text, "MS Office", "ORG")]
    assert shown(text, cu.label_by_honorific(text, spans)) == [("DR Congo", "PLACE"), ("MS Office", "ORG")]


def test_an_honorific_keeps_a_surname_a_short_form_of_the_full_name() -> None:
    text = "Anna Merrow spoke first. Later Ms Merrow took questions."
    spans = [span(text, "Anna Merrow", "PERSON"), span(text, "Merrow", "ORG", nth=1)]
    entities = er.to_extraction(text, er.clean(text, spans)).entities
    assert [(e.name, e.label, e.count) for e in entities] == [("Anna Merrow", "PERSON", 2)]


def test_a_name_after_a_company_noun_is_an_organisation() -> None:
    text = "Shares in the mobile content firm Quillby rose after the law firm Dane Hartley advised it."
    spans = [span(text, "Quillby", "PERSON"), span(text, "Dane Hartley", "PERSON")]
    assert shown(text, cu.label_companies(text, spans)) == [("Quillby", "ORG"), ("Dane Hartley", "ORG")]


def test_an_apposition_ending_in_a_company_noun_makes_an_organisation() -> None:
    text = "It bought Tarnbanken, a small regional bank, last year."
    assert shown(text, cu.label_companies(text, [span(text, "Tarnbanken", "PERSON")])) == [
        ("Tarnbanken", "ORG")
    ]


def test_company_nouns_that_are_also_jobs_or_sizes_are_no_cue() -> None:
    text = "The peacemaker Orrin Brisk met the giant Oskar Velt, and the brewer Yann Moss."
    spans = [span(text, s, "PERSON") for s in ("Orrin Brisk", "Oskar Velt", "Yann Moss")]
    assert [label for _, label in shown(text, cu.label_companies(text, spans))] == ["PERSON"] * 3


def test_a_person_with_a_common_given_name_stays_a_person_after_a_company_noun() -> None:
    text = "The Australian firm Alan Grove's group owns the rest."
    assert shown(text, cu.label_companies(text, [span(text, "Alan Grove", "PERSON")])) == [
        ("Alan Grove", "PERSON")
    ]


def test_an_apposition_about_the_name_before_of_is_not_about_the_place() -> None:
    text = "It is run by Tovex BV of Harlem Park, a subsidiary of Tovex Holdings."
    assert shown(text, cu.label_companies(text, [span(text, "Harlem Park", "PLACE")])) == [
        ("Harlem Park", "PLACE")
    ]


def test_a_product_named_beside_its_kind_is_no_organisation_in_any_mention() -> None:
    text = "Makers got a look at the new Zentro 2 console. Zentro sales grew."
    spans = [span(text, "Zentro", "ORG"), span(text, "Zentro", "ORG", nth=1)]
    assert er.to_extraction(text, er.clean(text, spans)).entities == ()


def test_a_market_index_is_no_organisation() -> None:
    text = "The Lisbon Stock Index fell, and the Brava 50 index rose."
    spans = [span(text, "Lisbon Stock Index", "ORG"), span(text, "Brava", "ORG")]
    out = cu.label_products(text, spans)
    assert [s.label for s in out] == [cu.PRODUCT, cu.PRODUCT]
    assert cu.drop_products(text, out) == []


def test_a_groups_average_and_a_known_organisations_product_keep_their_names() -> None:
    text = "Growth beat the Group of Five average, and BBC codes changed."
    spans = [span(text, "Group of Five", "ORG"), span(text, "BBC", "ORG")]
    assert [s.label for s in cu.label_products(text, spans)] == ["ORG", "ORG"]


# --- capital letters (index/entities/capitals.py) -------------------------------------------


def test_a_capitalised_ing_word_opening_a_sentence_comes_off_a_name() -> None:
    text = "The panel met. Questioning Varnley, the chair asked about the fund. Tallying took days."
    spans = [span(text, "Questioning Varnley", "PERSON"), span(text, "Tallying", "PERSON")]
    assert shown(text, ca.strip_leading_verbs(text, spans)) == [("Varnley", "PERSON")]


def test_an_ing_name_the_text_capitalises_mid_sentence_is_kept() -> None:
    text = "Redding won again. The fans of Redding cheered."
    spans = [span(text, "Redding", "ORG"), span(text, "Redding", "ORG", nth=1)]
    assert len(ca.strip_leading_verbs(text, spans)) == 2


def test_an_ing_word_before_an_organisation_word_is_part_of_the_name() -> None:
    text = "Befriending Network said the rate was too low."
    spans = [span(text, "Befriending Network", "ORG")]
    assert shown(text, ca.strip_leading_verbs(text, spans)) == [("Befriending Network", "ORG")]


def test_a_word_alone_on_a_line_is_a_heading() -> None:
    text = "Prices rose again.\n\nSchedule\n\nThe talks resume on Monday in Vantor.\n\nVantor\n"
    spans = [
        span(text, "Schedule", "ORG"),
        span(text, "Vantor", "PLACE"),
        span(text, "Vantor", "PLACE", nth=1),
    ]
    assert shown(text, ca.drop_heading_words(text, spans)) == [("Vantor", "PLACE"), ("Vantor", "PLACE")]


def test_a_name_after_a_capital_the_mid_sentence_is_a_title() -> None:
    text = "She starred in the thriller The Lamplighter last year, and The Quarry Bank Group paid."
    spans = [span(text, "Lamplighter", "PERSON"), span(text, "Quarry Bank Group", "ORG")]
    out = ca.label_capital_the_titles(text, spans)
    assert shown(text, out) == [("Lamplighter", "WORK_OF_ART"), ("Quarry Bank Group", "ORG")]


def test_a_capital_the_at_a_sentence_start_or_before_a_newspaper_or_company_is_no_title() -> None:
    text = "The Vellums left. It said so in The Guardian. It bought The Harrow Co last week."
    spans = [span(text, "Vellums", "ORG"), span(text, "Guardian", "ORG"), span(text, "Harrow", "ORG")]
    assert [s.label for s in ca.label_capital_the_titles(text, spans)] == ["ORG"] * 3


# --- organisations' short forms (index/entities/org_forms.py) --------------------------------


def test_a_company_named_by_its_first_word_is_the_full_company() -> None:
    text = "Harlow Motor Co said sales rose. Harlow said trucks fell."
    spans = [span(text, "Harlow Motor Co", "ORG"), span(text, "Harlow", "ORG", nth=1)]
    entities = er.to_extraction(text, er.clean(text, spans)).entities
    assert [(e.name, e.count) for e in entities] == [("Harlow Motor", 2)]


def test_a_legal_form_right_after_the_span_makes_a_company_name() -> None:
    text = "<Pellam Canada Ltd>, owned by Pellam Group, said Pellam would grow."
    spans = [span(text, "Pellam Canada", "ORG"), span(text, "Pellam", "ORG", nth=2)]
    out = og.resolve_org_short_forms(text, spans)
    assert out[1].key == "pellam canada"


def test_a_short_form_of_two_companies_or_of_a_division_stays_as_written() -> None:
    two = "Pellam Oil Co and Pellam Canada Ltd agreed. Pellam said so."
    spans = [
        span(two, "Pellam Oil Co", "ORG"),
        span(two, "Pellam Canada Ltd", "ORG"),
        span(two, "Pellam", "ORG", nth=2),
    ]
    assert og.resolve_org_short_forms(two, spans)[2].key == ""
    division = "Varo Auto grew, and Varo said so."
    spans = [span(division, "Varo Auto", "ORG"), span(division, "Varo", "ORG", nth=1)]
    assert og.resolve_org_short_forms(division, spans)[1].key == ""


def test_an_institution_named_by_its_head_noun_is_the_one_the_article_named_in_full() -> None:
    text = "The Bank of Varonia cut rates. The Bank said, and a Bank official agreed."
    spans = [
        span(text, "Bank of Varonia", "ORG"),
        span(text, "Bank", "ORG", nth=1),
        span(text, "Bank", "ORG", nth=2),
    ]
    entities = er.to_extraction(text, er.clean(text, spans)).entities
    assert [(e.name, e.count) for e in entities] == [("Bank of Varonia", 3)]
    club = "Varton United won. United were better."
    spans = [span(club, "Varton United", "ORG"), span(club, "United", "ORG", nth=1)]
    assert og.resolve_institution_heads(club, spans)[1].key == "varton united"
    world = "The Lodan Commission met. The Commission said so."
    spans = [span(world, "Lodan Commission", "ORG"), span(world, "Commission", "ORG", nth=1)]
    assert og.resolve_institution_heads(world, spans)[1].key == "lodan commission"


def test_a_head_noun_beside_two_institutions_or_before_any_stays_as_written() -> None:
    two = "Varo Bank and Bank of Lodan met. The Bank said so."
    spans = [
        span(two, "Varo Bank", "ORG"),
        span(two, "Bank of Lodan", "ORG"),
        span(two, "Bank", "ORG", nth=2),
    ]
    assert og.resolve_institution_heads(two, spans)[2].key == ""
    before = "The Bank said so. Later the Bank of Lodan agreed."
    spans = [span(before, "Bank", "ORG"), span(before, "Bank of Lodan", "ORG")]
    assert og.resolve_institution_heads(before, spans)[0].key == ""
    house = "The White House and the House disagreed."
    spans = [span(house, "White House", "ORG"), span(house, "House", "ORG", nth=1)]
    assert og.resolve_institution_heads(house, spans)[1].key == ""  # another body


def test_a_firm_named_by_a_possessive_is_its_full_name_in_the_article() -> None:
    text = "Moodlo's Investors Service Inc cut it. Moodlo's said so."
    spans = [span(text, "Moodlo's Investors Service Inc", "ORG"), span(text, "Moodlo's", "ORG", nth=1)]
    entities = er.to_extraction(text, er.clean(text, spans)).entities
    assert [(e.name, e.count) for e in entities] == [("Moodlo's Investors Service", 2)]
    lloyd = "Lloyd's of Lodan said it. Lloyd's agreed."
    spans = [span(lloyd, "Lloyd's of Lodan", "ORG"), span(lloyd, "Lloyd", "ORG", nth=1)]
    assert og.resolve_possessive_short_forms(lloyd, spans)[1].key == "lloyd's of lodan"


def test_a_possessive_before_a_product_is_no_firm_name() -> None:
    text = "Gooble's Desktop search is out. Gooble said so."
    spans = [span(text, "Gooble's Desktop", "ORG"), span(text, "Gooble", "ORG", nth=1)]
    assert og.resolve_possessive_short_forms(text, spans)[1].key == ""


def test_a_well_known_organisation_keeps_its_name_beside_one_of_its_parts() -> None:
    text = "BBC Radio aired it, and the BBC said so."
    spans = [span(text, "BBC Radio", "ORG"), span(text, "BBC", "ORG", nth=1)]
    assert og.resolve_org_short_forms(text, spans)[1].key == ""


def test_a_thing_called_by_a_name_and_a_streaming_plus_are_products() -> None:
    text = "It passed a test called Speedmark, and Vextra+ streams films."
    spans = [span(text, "Speedmark", "ORG"), span(text, "Vextra", "ORG")]
    out = cu.label_products(text, spans)
    assert shown(text, out) == [("Speedmark", cu.PRODUCT), ("Vextra+", cu.PRODUCT)]


def test_a_capital_inside_one_word_makes_a_company_not_a_person() -> None:
    text = "RocketWorks hired Ian MacDonald and Leo DiCaprio."
    spans = [
        span(text, "RocketWorks", "PERSON"),
        span(text, "MacDonald", "PERSON"),
        span(text, "DiCaprio", "PERSON"),
    ]
    assert [s.label for s in ca.label_inner_capitals(text, spans)] == ["ORG", "PERSON", "PERSON"]


# --- kinds of names (index/entities/kinds.py) ---------------------------------------------------


def test_a_name_only_ever_before_festival_is_an_events() -> None:
    text = "Tickets for the Lowbury festival sold out. The Lowbury festival opens in June."
    spans = [span(text, "Lowbury", "ORG"), span(text, "Lowbury", "ORG", nth=1)]
    assert {s.label for s in kd.label_named_events(text, spans)} == {"EVENT"}


def test_a_name_also_used_alone_or_an_organisation_word_keeps_its_label() -> None:
    text = "The Harlan festival and the Harlan Society festival were held; Harlan said so."
    spans = [
        span(text, "Harlan", "ORG"),
        span(text, "Harlan Society", "ORG"),
        span(text, "Harlan", "ORG", nth=2),
    ]
    assert [s.label for s in kd.label_named_events(text, spans)] == ["ORG", "ORG", "ORG"]


def test_a_places_inhabitants_are_no_place() -> None:
    text = "Londoners and Parisians queued; London did not."
    spans = [span(text, w, "PLACE") for w in ("Londoners", "Parisians", "London")]
    assert [s.label for s in kd.label_inhabitants(text, spans)] == ["NORP", "NORP", "PLACE"]


def test_a_short_form_of_lower_case_words_is_a_term_not_a_name() -> None:
    text = "It makes 440 megawatts (MW) under a value added tax (VAT). The dam gives 900 MW. The Vale Energy Board (VEB) agreed."
    spans = [
        span(text, "MW", "ORG"),
        span(text, "VAT", "ORG"),
        span(text, "MW", "ORG", nth=1),
        span(text, "VEB", "ORG"),
    ]
    assert shown(text, kd.drop_lowercase_acronyms(text, spans)) == [("VEB", "ORG")]


def test_a_name_ending_in_a_kind_of_place_or_followed_by_one_is_a_place() -> None:
    text = "Work on Harrow Gorge Dam stopped at Finca Lomas, a cattle ranch owned by Agrovia."
    spans = [span(text, "Harrow Gorge Dam", "ORG"), span(text, "Finca Lomas", "ORG")]
    assert [s.label for s in cu.label_places_by_kind(text, spans)] == ["PLACE", "PLACE"]


def test_a_person_before_a_place_apposition_stays_a_person() -> None:
    text = "They met David Orme, the town of Brask's mayor, and Lena Voss, a farm worker."
    spans = [span(text, "David Orme", "PERSON"), span(text, "Lena Voss", "PERSON")]
    assert [s.label for s in cu.label_places_by_kind(text, spans)] == ["PERSON", "PERSON"]


# --- untagged organisations (index/entities/finders.py) -----------------------------------------


def test_an_untagged_name_after_a_company_noun_is_an_organisation() -> None:
    text = "It was registered with net domain giant Quenlo, while marques Varda and Tesk grew."
    found = fd.find_untagged_orgs(text, [])
    assert shown(text, found) == [("Quenlo", "ORG"), ("Varda", "ORG"), ("Tesk", "ORG")]


def test_a_tagged_name_a_common_word_or_a_legal_form_is_not_found_again() -> None:
    text = "The firm Quenlo grew. The company Trust was there, and the trust paid. A rival Co left."
    spans = [span(text, "Quenlo", "PERSON")]
    assert fd.find_untagged_orgs(text, spans) == spans


def test_a_company_named_before_its_longer_unit_is_the_parent() -> None:
    text = "Harlow Motors cut jobs. Harlow Motors Finance Corp lent more."
    spans = [span(text, "Harlow Motors", "ORG"), span(text, "Harlow Motors Finance Corp", "ORG")]
    assert og.resolve_org_short_forms(text, spans)[0].key == ""


def test_a_person_with_a_chief_executive_or_shares_is_a_company() -> None:
    text = "Zintel's chief executive quit, and shares in Morvane fell; Ada Quist's shares rose."
    spans = [
        span(text, "Zintel", "PERSON"),
        span(text, "Morvane", "PERSON"),
        span(text, "Ada Quist", "PERSON"),
    ]
    assert [s.label for s in cu.label_companies(text, spans)] == ["ORG", "ORG", "PERSON"]


def test_shares_traded_in_a_place_leave_it_a_place() -> None:
    text = "Shares in Brantwick closed higher."
    assert [s.label for s in cu.label_companies(text, [span(text, "Brantwick", "PLACE")])] == ["PLACE"]


def test_a_name_also_written_without_the_capital_the_is_no_title() -> None:
    text = "A bidding war for The Harwick Group began. Harwick said no. WASHINGTON - The Mint said so."
    spans = [
        span(text, "Harwick Group", "ORG"),
        span(text, "Harwick", "ORG", nth=1),
        span(text, "Mint", "ORG"),
    ]
    assert [s.label for s in ca.label_capital_the_titles(text, spans)] == ["ORG", "ORG", "ORG"]


def test_a_known_place_before_share_index_stays_a_place() -> None:
    text = "The plunge in the Tokyo share index hit Tokyo brokers."
    spans = [span(text, "Tokyo", "PLACE"), span(text, "Tokyo", "PLACE", nth=1)]
    assert [s.label for s in cu.label_products(text, spans)] == ["PLACE", "PLACE"]


def test_a_place_before_an_untagged_organisation_word_is_that_organisation() -> None:
    text = "According to Harbury Reporter, the U.K. Bank rate held."
    spans = [span(text, "Harbury", "PLACE"), span(text, "U.K.", "PLACE")]
    assert shown(text, og.join_place_and_org_word(text, spans)) == [
        ("Harbury Reporter", "ORG"),
        ("U.K.", "PLACE"),
    ]


def test_an_acronym_after_an_indefinite_article_ending_a_phrase_is_a_role() -> None:
    text = "As an MSP, he spoke to a BBC reporter."
    spans = [span(text, "MSP", "ORG"), span(text, "BBC", "ORG")]
    assert shown(text, og.drop_role_acronyms(text, spans)) == [("BBC", "ORG")]


def test_a_name_after_a_persons_occupation_is_a_person() -> None:
    text = "The film stars actress Mirela Grange, and impressionist Tod Harwick mocked it."
    spans = [span(text, "Mirela Grange", "ORG"), span(text, "Tod Harwick", "ORG")]
    out = cu.label_by_role(text, spans)
    assert shown(text, out) == [("Mirela Grange", "PERSON"), ("Tod Harwick", "PERSON")]
    assert all(s.locked for s in out)


def test_an_occupation_a_firm_can_have_or_a_known_place_makes_no_person() -> None:
    text = "The broadcaster Telvina cut jobs, and coach Brazil is no name of anyone."
    spans = [span(text, "Telvina", "ORG"), span(text, "Brazil", "PLACE")]
    assert shown(text, cu.label_by_role(text, spans)) == [("Telvina", "ORG"), ("Brazil", "PLACE")]


def test_an_awards_category_is_no_occupation() -> None:
    text = "She is the favourite for the best actress Oscar and the best supporting actor Bafta."
    spans = [span(text, "Oscar", "ORG"), span(text, "Bafta", "ORG")]
    assert shown(text, cu.label_by_role(text, spans)) == [("Oscar", "ORG"), ("Bafta", "ORG")]


def test_honorifics_are_found_only_as_whole_words_after_no_word_character() -> None:
    # The scan is written to skip to the capitals; it must find what `\b(?:Mr|...)\b` finds.
    plain = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Sir|Dame|Mme|Mlle|Monsieur|Herr|Frau)\b")
    for text in (
        "Mr Mrs Ms Mx Dr Sir Dame Mme Mlle Monsieur Herr Frau",
        "AMr xDr _Sir 5Dame éMr -Mr (Mrs) Mrss Drs Sr Dram Mx. MrMr Dr.Dr",
    ):
        assert [m.span() for m in cu._ANY_HONORIFIC.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
