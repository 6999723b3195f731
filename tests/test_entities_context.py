"""The clean-up rules that read a mention's context, wire-copy wraps and defined short forms.

Spans are written by hand as the model would give them; no model is needed.
"""

from __future__ import annotations

from index.entities import acronyms as ea
from index.entities import canonical as cn
from index.entities import cleanup as er
from index.entities import context as cx
from index.entities import shaping as sh
from index.entities import spans as es
from tests.test_entities_rules import shown, span

WIRE = (
    "The company said the agreement with Standard and\n"
    "Poor's was signed on Monday by Nigel Lawson and the other\n"
    "members of the committee, who met in London last week to\n"
    "discuss it.\n"
    "    A second paragraph starts indented here.\n"
)


def test_wire_copy_line_wraps_are_found_and_paragraph_starts_are_not() -> None:
    wraps = es.soft_wraps(WIRE)
    assert WIRE.index("and\nPoor") + 3 in wraps
    assert WIRE.index("it.\n") + 3 not in wraps  # the line ends a sentence
    assert WIRE.index("\n    A") not in wraps  # an indented line opens a paragraph


def test_unwrapping_keeps_every_offset() -> None:
    flat = es.unwrap(WIRE)
    assert len(flat) == len(WIRE) and "Standard and Poor's" in flat
    assert es.unwrap("One line.\n\nAnother.") == "One line.\n\nAnother."


def test_a_text_of_long_paragraphs_has_no_soft_wraps() -> None:
    body = ("A long paragraph of prose that runs past the wrap width of any wire. " * 3 + "\n\n") * 3
    assert es.soft_wraps(body) == frozenset()


def test_a_name_across_a_soft_wrap_is_not_split() -> None:
    s = es.Span(WIRE.index("Standard"), WIRE.index("Poor's") + 6, "ORG")
    assert [WIRE[x.start : x.end] for x in sh.split_at_separators(WIRE, [s])] == ["Standard and\nPoor's"]


def test_a_name_ending_a_sentence_with_a_legal_form_is_cut_there() -> None:
    text = "The park was sold by Penn Central Corp. Bally bought it."
    out = sh.split_at_separators(text, [es.Span(text.index("Penn"), text.index(" bought"), "ORG")])
    assert [text[s.start : s.end] for s in out] == ["Penn Central Corp.", "Bally"]


def test_two_legal_forms_in_a_row_stay_one_name() -> None:
    text = "Merrill Lynch and Co. Inc. said so."
    out = sh.split_at_separators(text, [es.Span(0, text.index(" said"), "ORG")])
    assert [text[s.start : s.end] for s in out] == ["Merrill Lynch and Co. Inc."]


def test_a_line_break_in_a_text_of_paragraphs_still_separates_names() -> None:
    text = "Related\nExit"
    assert len(sh.split_at_separators(text, [es.Span(0, len(text), "ORG")])) == 2


def test_a_wrapped_line_start_is_no_sentence_start() -> None:
    assert not es.at_sentence_start(WIRE, WIRE.index("Poor's"))
    assert es.at_sentence_start(WIRE, WIRE.index("A second"))


def test_letters_after_a_name_are_dropped() -> None:
    text = "Andrew Nicol QC said so, as did Ann Clwyd MP."
    spans = [span(text, "Andrew Nicol QC", "PERSON"), span(text, "Ann Clwyd MP", "PERSON")]
    assert shown(text, sh.strip_postnominals(text, spans)) == [
        ("Andrew Nicol", "PERSON"),
        ("Ann Clwyd", "PERSON"),
    ]


def test_legal_forms_units_and_table_headings_alone_are_no_names() -> None:
    text = "Smith and Co said. Shr 12 cts vs 10 cts. Revs 1.2 mln. 500 mln U.S. Dlrs went to Acme."
    spans = [span(text, w, "ORG") for w in ("Co", "Shr", "Revs", "U.S. Dlrs", "Acme")]
    assert shown(text, sh.drop_non_names(text, spans)) == [("Acme", "ORG")]


def test_and_co_is_a_legal_form() -> None:
    assert cn.strip_corporate_suffix("Bear Stearns and Co") == "Bear Stearns"
    assert cn.canonical_key("E.F. Hutton & Co.") == cn.canonical_key("E.F. Hutton")


# --- sports sides -------------------------------------------------------------------

REPORT = (
    "Newcastle beat Leicester 2-1 in the league on Saturday. The striker scored two goals "
    "and the coach praised the squad. Newcastle are now third. Fans travelled from Newcastle "
    "to the match, and England beat Wales in the Six Nations."
)


def test_a_city_named_as_a_side_is_an_organisation_in_every_mention() -> None:
    spans = [span(REPORT, "Newcastle", "PLACE", n) for n in range(3)]
    spans += [span(REPORT, "Leicester", "PLACE")]
    labels = {
        (REPORT[s.start : s.end], s.label) for s in er.vote_labels(REPORT, cx.label_teams(REPORT, spans))
    }
    assert labels == {("Newcastle", "ORG"), ("Leicester", "ORG")}


def test_a_country_named_as_a_side_stays_a_place() -> None:
    spans = [span(REPORT, "England", "PLACE"), span(REPORT, "Wales", "PLACE")]
    assert [s.label for s in cx.label_teams(REPORT, spans)] == ["PLACE", "PLACE"]


def test_a_city_in_other_news_stays_a_place() -> None:
    text = "Prices rose in Newcastle and Leicester against the trend, the council said."
    spans = [span(text, "Newcastle", "PLACE"), span(text, "Leicester", "PLACE")]
    assert [s.label for s in cx.label_teams(text, spans)] == ["PLACE", "PLACE"]


def test_in_a_match_report_the_models_org_for_a_city_survives_the_gazetteer() -> None:
    text = REPORT.replace("Newcastle beat", "Liverpool lost, Newcastle beat")
    s = span(text, "Liverpool", "ORG")
    out = er.clean(text, [s])
    assert [(text[x.start : x.end], x.label) for x in out] == [("Liverpool", "ORG")]


# --- works, awards and no-names -----------------------------------------------------


def test_the_title_of_a_film_is_a_work_not_a_person() -> None:
    text = "The film Vera Drake won. Vera Drake director Mike Leigh spoke, and the Jim Carrey film did too."
    spans = [span(text, "Vera Drake", "PERSON", 0), span(text, "Vera Drake", "ORG", 1)]
    spans.append(span(text, "Jim Carrey", "PERSON"))
    assert [s.label for s in cx.label_works(text, spans)] == [
        "WORK_OF_ART",
        "ORG",
        "PERSON",
    ]  # "BBC director"
    text2 = "Vera Drake director Mike Leigh spoke."
    assert cx.label_works(text2, [span(text2, "Vera Drake", "PERSON")])[0].label == "WORK_OF_ART"


def test_an_award_is_an_event() -> None:
    text = "The Oscar-winning actor missed the Oscars. Another Oscar went to Ray."
    spans = [span(text, "Oscar", "PERSON", 0), span(text, "Oscars", "ORG"), span(text, "Oscar", "PERSON", 2)]
    assert {s.label for s in cx.label_works(text, spans)} == {"EVENT"}


def test_a_name_with_a_plural_is_no_person_unless_part_of_a_full_name() -> None:
    text = "Grammy voters and the Grammys. Serena Williams met William."
    spans = [
        span(text, "Grammys", "ORG"),
        span(text, "Serena Williams", "PERSON"),
        span(text, "William", "PERSON"),
    ]
    spans.insert(0, span(text, "Grammy", "PERSON"))
    assert [s.label for s in cx.label_works(text, spans)] == ["EVENT", "EVENT", "PERSON", "PERSON"]


def test_a_country_before_award_words_stays_a_place() -> None:
    text = "Three UK nominees were named."
    assert cx.label_works(text, [span(text, "UK", "PLACE")])[0].label == "PLACE"


def test_time_zones_days_and_job_title_openings_are_not_organisations() -> None:
    text = "At 1500 GMT on Easter Monday the Home Secretary and the Finance Minister met the Home Office."
    spans = [span(text, w, "ORG") for w in ("GMT", "Easter", "Home", "Finance", "Home Office")]
    assert shown(text, cx.drop_non_entities(text, spans)) == [("Easter", "DATE"), ("Home Office", "ORG")]


def test_a_capitalised_common_noun_is_no_organisation() -> None:
    text = "Ahead of the Budget, he said the budget was tight. Labour said labour costs rose."
    spans = [span(text, "Budget", "ORG"), span(text, "Labour", "ORG")]
    assert shown(text, cx.drop_lowercase_twins(text, spans)) == [("Labour", "ORG")]


def test_competitions_known_by_a_name_of_their_own_are_events() -> None:
    text = "He joined the Premiership side."
    assert er.clean(text, [span(text, "Premiership", "PERSON")])[0].label == "EVENT"


def test_a_single_golden_globe_and_the_grand_slams_are_events() -> None:
    text = "She won a Golden Globe and two Grand Slams."
    spans = [span(text, "Golden Globe", "PLACE"), span(text, "Grand Slams", "PLACE")]
    assert [s.label for s in er.clean(text, spans)] == ["EVENT", "EVENT"]


def test_the_budget_is_an_occasion_not_an_organisation_but_a_firm_named_budget_is_left() -> None:
    text = "Shares rose before the Budget. Budget Rent a Car Corp said sales rose."
    spans = [span(text, "Budget", "ORG"), span(text, "Budget Rent a Car Corp", "ORG")]
    assert [s.label for s in er.clean(text, spans)] == ["EVENT", "ORG"]


# --- names ----------------------------------------------------------------------------


def test_party_variants_share_one_name() -> None:
    for group in (
        ("Labour", "Labour Party", "New Labour"),
        ("Lib Dems", "Lib Dem", "Liberal Democrats"),
        ("Conservatives", "Conservative Party", "Tories"),
    ):
        assert len({cn.canonical_key(name) for name in group}) == 1
    assert cn.alias_of("Tory Party") == "Conservatives" and cn.ALIAS_LABELS["Conservatives"] == "ORG"


def test_short_forms_are_initials_or_cut_words() -> None:
    assert ea.abbreviates("SEPA", "State Environmental Protection Agency")
    assert ea.abbreviates("Opec", "Organisation of Petroleum Exporting Countries")
    assert ea.abbreviates("Lib Dems", "Liberal Democrats")
    assert not ea.abbreviates("BBC", "State Environmental Protection Agency")
    assert not ea.abbreviates("Agency", "State Agency")


def test_a_defined_short_form_names_the_long_one_everywhere() -> None:
    text = "The Financial Services Authority (FSA) said so. Later the FSA added more."
    spans = [span(text, "Financial Services Authority", "ORG"), span(text, "FSA", "ORG", 1)]
    out = ea.resolve_acronyms(text, spans)
    assert [(text[s.start : s.end], es.span_key(text, s)) for s in out] == [
        ("Financial Services Authority", "financial services authority"),
        ("FSA", "financial services authority"),
        ("FSA", "financial services authority"),
    ]
    extraction = er.to_extraction(text, er.clean(text, spans))
    assert [(e.name, e.count) for e in extraction.entities] == [("Financial Services Authority", 3)]


def test_a_legal_form_takes_in_the_name_cut_at_and() -> None:
    text = "Ratings by Standard and Poor's Corp and by S.G. Warburg and Co Ltd rose."
    spans = [span(text, "Standard", "ORG"), span(text, "Poor's Corp", "ORG"), span(text, "Co Ltd", "ORG")]
    spans.insert(2, span(text, "S.G. Warburg", "ORG"))
    out = sh.join_and_company(text, spans)
    assert [text[s.start : s.end] for s in out] == ["Standard and Poor's Corp", "S.G. Warburg and Co Ltd"]
    assert cn.canonical_key("S.G. Warburg and Co Ltd") == cn.canonical_key("S.G. Warburg")


def test_a_name_ending_in_a_legal_form_is_not_joined_to_the_next_firm() -> None:
    text = "Advisers were Goldman, Sachs and Co and Salomon Brothers Inc."
    spans = [span(text, "Goldman, Sachs and Co", "ORG"), span(text, "Salomon Brothers Inc.", "ORG")]
    out = sh.join_and_company(text, sorted(spans, key=lambda s: s.start))
    assert [text[s.start : s.end] for s in out] == ["Goldman, Sachs and Co", "Salomon Brothers Inc."]


def test_currencies_and_leftover_legal_forms_are_no_names() -> None:
    text = "It fell against the U.S. Dollar, said Co Ltd and John Mark."
    spans = [span(text, "U.S. Dollar", "ORG"), span(text, "Co Ltd", "ORG"), span(text, "John Mark", "PERSON")]
    assert shown(text, sh.drop_non_names(text, spans)) == [("John Mark", "PERSON")]


def test_the_end_of_a_job_title_is_no_organisation() -> None:
    text = "Secretary of State George Shultz met the Minister of Finance at the State Department."
    spans = [span(text, "State", "ORG"), span(text, "Finance", "ORG"), span(text, "State Department", "ORG")]
    assert shown(text, cx.drop_non_entities(text, spans)) == [("State Department", "ORG")]


def test_an_acronym_of_one_longer_name_in_the_article_is_that_name() -> None:
    text = "General Motors said sales fell. GM shares rose, and the IMF said nothing."
    spans = [span(text, "General Motors", "ORG"), span(text, "GM", "ORG"), span(text, "IMF", "ORG")]
    out = ea.resolve_acronyms(text, spans)
    assert [es.span_key(text, s) for s in out] == ["general motors", "general motors", "imf"]


def test_a_band_is_an_organisation() -> None:
    text = "The rock group Franz Ferdinand played. Franz Ferdinand frontman Alex Kapranos sang."
    spans = [span(text, "Franz Ferdinand", "PERSON", 0), span(text, "Franz Ferdinand", "PERSON", 1)]
    assert [s.label for s in cx.label_works(text, spans)] == ["ORG", "ORG"]


def test_in_a_match_report_a_city_after_a_preposition_of_place_stays_a_place() -> None:
    text = REPORT + " He grew tired of life in Buenos Aires, which shared with Buenos Aires its air."
    spans = [span(text, "Buenos Aires", "PLACE", 0), span(text, "Buenos Aires", "ORG", 1)]
    out = er.vote_labels(text, cx.label_teams(text, spans))
    assert [s.label for s in out] == ["PLACE", "ORG"]  # each keeps its own evidence


def test_a_city_before_assistant_coach_or_after_signing_from_is_a_club() -> None:
    text = "Valdora assistant coach Ben Tull was angry about the striker, a signing from Brastow."
    spans = [span(text, "Valdora", "PLACE"), span(text, "Brastow", "PLACE")]
    assert shown(text, cx.label_teams(text, spans)) == [("Valdora", "ORG"), ("Brastow", "ORG")]


def test_arriving_from_a_city_does_not_make_it_a_club() -> None:
    text = "The minister arrived from Valdora aboard a plane."
    assert shown(text, cx.label_teams(text, [span(text, "Valdora", "PLACE")])) == [("Valdora", "PLACE")]
