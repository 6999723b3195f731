"""Team sheets: the names in a match report's line-ups are people.

Spans are written by hand as the model would give them; no model is needed.
"""

from __future__ import annotations

from index.entities import cleanup as er
from index.entities.lineups import label_line_ups
from tests.test_entities_rules import shown, span

REPORT = (
    "Chelsea beat Liverpool 3-2 after extra time in the League Cup final. Drogba scored the\n"
    "winning goal in the 107th minute, after an own goal had levelled the match for the striker's side.\n\n"
    "Dudek, Finnan, Carragher, Hyypia, Traore (Biscan 67), Gerrard, Hamann.\n\n"
    "Subs Not Used: Carson, Nunez.\n\n"
    "Cech, Paulo Ferreira, Terry, Gallas (Kezman 74), Drogba, Duff.\n"
)


def test_a_line_up_with_a_substitution_makes_its_names_people() -> None:
    spans = [
        span(REPORT, "Finnan", "PLACE"),
        span(REPORT, "Carragher", "PLACE"),
        span(REPORT, "Hyypia", "ORG"),
        span(REPORT, "Biscan 67", "DATE"),
        span(REPORT, "Gerrard", "PERSON"),
    ]
    out = label_line_ups(REPORT, spans)
    assert shown(REPORT, out) == [
        ("Finnan", "PERSON"),
        ("Carragher", "PERSON"),
        ("Hyypia", "PERSON"),
        ("Biscan", "PERSON"),  # the minute is no part of the name
        ("Gerrard", "PERSON"),
    ]
    assert all(s.locked for s in out)


def test_two_names_the_model_glued_together_in_a_line_up_become_two_people() -> None:
    text = "Pacquette, Chorley, Johnson, Shields, Moore (McKoy 45), Bell.\n"
    out = label_line_ups(text, [span(text, "Shields, Moore", "WORK_OF_ART")])
    assert shown(text, out) == [("Shields", "PERSON"), ("Moore", "PERSON")]


def test_a_headed_list_in_a_sports_report_is_a_line_up() -> None:
    out = label_line_ups(REPORT, [span(REPORT, "Carson", "ORG"), span(REPORT, "Nunez", "PLACE")])
    assert shown(REPORT, out) == [("Carson", "PERSON"), ("Nunez", "PERSON")]


def test_a_list_of_firms_after_a_colon_is_no_line_up() -> None:
    text = "Its rivals in the market: Ford, Chrysler, Toyota, Honda, Nissan.\n"
    spans = [span(text, name, "ORG") for name in ("Ford", "Chrysler", "Toyota", "Honda", "Nissan")]
    assert label_line_ups(text, spans) == spans


def test_a_sentence_that_opens_with_names_is_no_line_up() -> None:
    text = "Finnan, Carragher and Hyypia (Biscan 67) all played well, said the coach.\n"
    spans = [span(text, "Finnan", "PLACE"), span(text, "Carragher", "PLACE")]
    assert label_line_ups(text, spans) == spans


def test_a_country_in_a_listed_paragraph_keeps_its_label() -> None:
    text = "Ireland, Spain, Carragher, Hyypia (Biscan 67), Traore.\n"
    out = label_line_ups(text, [span(text, "Ireland", "PLACE"), span(text, "Carragher", "PLACE")])
    assert shown(text, out) == [("Ireland", "PLACE"), ("Carragher", "PERSON")]


def test_a_player_in_the_line_up_is_a_person_throughout_the_report() -> None:
    spans = [span(REPORT, "Drogba", "ORG"), span(REPORT, "Drogba", "ORG", nth=1), span(REPORT, "Cech", "ORG")]
    out = er.clean(REPORT, spans)
    assert [label for name, label in shown(REPORT, out) if name == "Drogba"] == ["PERSON", "PERSON"]


def test_a_line_of_scorers_in_a_sports_report_is_a_line_up() -> None:
    text = REPORT + "\nGerrard 79 og, Drogba 107, Kezman 112.\n"
    spans = [span(text, "Drogba 107", "ORG"), span(text, "Kezman 112", "LAW")]
    assert shown(text, label_line_ups(text, spans)) == [("Drogba", "PERSON"), ("Kezman", "PERSON")]


def test_figures_with_names_in_a_business_story_are_no_line_up() -> None:
    text = "Sales rose at two chains.\n\nTesco 12, Asda 9.\n"
    spans = [span(text, "Tesco", "ORG"), span(text, "Asda", "ORG")]
    assert label_line_ups(text, spans) == spans


def test_a_huge_text_of_name_lists_is_read_in_bounded_time() -> None:
    line = "Abc, Bcd, Cde, Def, Efg.\n"
    text = REPORT + line * 20_000
    spans = [span(text, "Abc", "ORG", nth=n) for n in range(0, 20_000, 10)]
    out = label_line_ups(text, spans)
    assert len(out) == len(spans)  # it ends, having looked at a bounded number of lists
