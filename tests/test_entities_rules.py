"""The clean-up rules, one at a time, and the rule-based fallback extractor.

No spaCy model is needed here: spans are written by hand as the model would give
them, so these run everywhere and fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from index.entities import cleanup as er
from index.entities import labels as el
from index.entities import model as ner_model
from index.entities import shaping as sh
from index.entities import spans as es
from index.entities.extractor import chunks, load_extractor
from index.entities.fallback import RuleExtractor
from index.entities.model import engine_description
from index.models import Extraction

REPO = Path(__file__).resolve().parent.parent


def span(text: str, surface: str, label: str, nth: int = 0, **kw: object) -> es.Span:
    """The span of the nth occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return es.Span(start, start + len(surface), label, **kw)  # type: ignore[arg-type]


def _bounds(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def shown(text: str, spans: list[es.Span]) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in sorted(spans, key=lambda s: s.start)]


# --- labels -----------------------------------------------------------------------


def test_map_label_folds_places_and_drops_numbers() -> None:
    assert [er.map_label(x) for x in ("GPE", "LOC", "FAC")] == ["PLACE"] * 3
    assert er.map_label("PERSON") == "PERSON" and er.map_label("NORP") == "NORP"
    assert er.map_label("DATE") == "DATE" and er.map_label("LAW") == "LAW"
    for numeric in ("CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "TIME", "PRODUCT"):
        assert er.map_label(numeric) is None
    assert er.from_model([(0, 2, "CARDINAL"), (3, 5, "GPE"), (6, 6, "ORG")]) == [es.Span(3, 5, "PLACE")]


# --- debris and boundaries -------------------------------------------------------------


def test_drop_paragraph_crossing() -> None:
    text = "jail sentences.\n\nRelated Stories\n\nExit mobile version"
    spans = [span(text, "Related Stories\n\nExit", "ORG"), span(text, "jail", "ORG")]
    assert shown(text, sh.drop_paragraph_crossing(text, spans)) == [("jail", "ORG")]
    text2 = "Kent\n  \nWiedemann"
    assert sh.drop_paragraph_crossing(text2, [es.Span(0, len(text2), "PERSON")]) == []


def test_drop_debris_phrases() -> None:
    text = "Cambodia.\nRelated Stories\nExit mobile version"
    spans = [
        span(text, "Cambodia", "PLACE"),
        span(text, "Related Stories", "ORG"),
        span(text, "Exit", "ORG"),
        span(text, "Stories", "PERSON"),
    ]
    assert shown(text, sh.drop_debris(text, spans)) == [("Cambodia", "PLACE")]


def test_a_wire_services_sign_off_on_the_last_line_is_no_mention_but_reuters_in_the_text_is() -> None:
    text = "A Reuters survey was rated AAA by Standard and Poor's\nCorp.\n REUTER\n"
    glued = es.Span(text.index("Standard"), text.index("REUTER") + 6, "ORG")
    spans = [span(text, "Reuters", "ORG"), glued, span(text, "REUTER", "ORG")]
    assert shown(text, sh.drop_debris(text, spans)) == [
        ("Reuters", "ORG"),
        ("Standard and Poor's\nCorp.", "ORG"),
    ]


def test_split_at_separators() -> None:
    text = "Romania - Cosmin Contra, Grace Road, Leicestershire (UK) and Acme, Inc. won"
    spans = [
        span(text, "Romania - Cosmin Contra", "ORG"),
        span(text, "Grace Road, Leicestershire (UK)", "PLACE"),
        span(text, "Acme, Inc.", "ORG"),
    ]
    assert shown(text, sh.split_at_separators(text, spans)) == [
        ("Romania", "ORG"),
        ("Cosmin Contra", "ORG"),
        ("Grace Road", "PLACE"),
        ("Leicestershire", "PLACE"),
        ("UK", "PLACE"),
        ("Acme, Inc.", "ORG"),
    ]
    firm = "Goldman, Sachs and Co, Kidder, Peabody & Co, Smith, Jones said"
    spans = [es.Span(0, firm.index(" said"), "ORG")]
    assert shown(firm, sh.split_at_separators(firm, spans)) == [
        ("Goldman, Sachs and Co", "ORG"),  # partners named with a comma, as wire copy writes a firm
        ("Kidder, Peabody & Co", "ORG"),
        ("Smith", "ORG"),
        ("Jones", "ORG"),
    ]
    title = "Star Wars: A New Hope"
    assert sh.split_at_separators(title, [es.Span(0, len(title), "WORK_OF_ART")]) == [
        es.Span(0, len(title), "WORK_OF_ART")
    ]


def test_trim_punctuation_keeps_abbreviations() -> None:
    text = '"Cambodia," the U.S. and Acme Inc. (ACME) said.'
    spans = [
        es.Span(0, 10, "PLACE"),
        span(text, "U.S.", "PLACE"),
        span(text, "Acme Inc.", "ORG"),
        span(text, "(ACME) ", "ORG"),
    ]
    assert shown(text, sh.trim_punctuation(text, spans)) == [
        ("Cambodia", "PLACE"),
        ("U.S.", "PLACE"),
        ("Acme Inc.", "ORG"),
        ("ACME", "ORG"),
    ]
    assert sh.trim_punctuation("--", [es.Span(0, 2, "ORG")]) == []


def test_trim_invisible_and_control_characters() -> None:
    text = "\x00 Sar Kheng\u200b met \u202eEvil Corp\u202c"
    spans = [es.Span(0, 12, "PERSON"), span(text, "\u202eEvil Corp\u202c", "ORG")]
    assert [t for t, _ in shown(text, sh.trim_punctuation(text, spans))] == ["Sar Kheng", "Evil Corp"]


def test_strip_possessive() -> None:
    text = "Cambodia's plan, Reuters' report, Devon White 's hit, Sopheak’s view"
    spans = [
        span(text, "Cambodia's", "PLACE"),
        span(text, "Reuters'", "ORG"),
        span(text, "Devon White 's", "PERSON"),
        span(text, "Sopheak’s", "PERSON"),
    ]
    assert [t for t, _ in shown(text, sh.strip_possessive(text, spans))] == [
        "Cambodia",
        "Reuters",
        "Devon White",
        "Sopheak",
    ]


def test_strip_leading_the() -> None:
    text = "The Cincinnati Reds, the Netherlands, The Hague, The United States, The Times"
    spans = [
        span(text, "The Cincinnati Reds", "ORG"),
        span(text, "the Netherlands", "PLACE"),
        span(text, "The Hague", "PLACE"),
        span(text, "The United States", "PLACE"),
        span(text, "The Times", "WORK_OF_ART"),
    ]
    assert [t for t, _ in shown(text, sh.strip_leading_the(text, spans))] == [
        "Cincinnati Reds",
        "Netherlands",
        "The Hague",
        "United States",
        "The Times",
    ]


def test_strip_titles_from_people_only() -> None:
    text = "President Saddam Hussein met Mr Barzani, Deputy Prime Minister Tareq Aziz and Mr"
    spans = [
        span(text, "President Saddam Hussein", "PERSON"),
        span(text, "Mr Barzani", "PERSON"),
        span(text, "Deputy Prime Minister Tareq Aziz", "PERSON"),
        es.Span(len(text) - 2, len(text), "PERSON"),
        span(text, "President Saddam Hussein", "ORG"),
    ]
    assert [t for t, _ in shown(text, sh.strip_titles(text, spans))] == [
        "President Saddam Hussein",
        "Saddam Hussein",
        "Barzani",
        "Tareq Aziz",
        "Mr",
    ]


def test_trim_codes() -> None:
    text = "Lithuania 2-1 ; Dublin Newsroom +353 ; Channel 4 ; Kent 1996 Wiedemann 3"
    spans = [
        span(text, "Lithuania 2-1", "PLACE"),
        span(text, "Dublin Newsroom +353", "ORG"),
        span(text, "Channel 4", "ORG"),
        span(text, "Wiedemann 3", "PERSON"),
        span(text, "1996", "DATE"),
    ]
    assert shown(text, sh.trim_codes(text, spans)) == [
        ("Lithuania", "PLACE"),
        ("Dublin Newsroom", "ORG"),
        ("Channel 4", "ORG"),
        ("1996", "DATE"),
        ("Wiedemann", "PERSON"),
    ]


def test_trim_lower_case_words_but_not_particles() -> None:
    text = "the Interfax news agency, broadcaster BSkyB, de Gaulle, al-Qaeda leaders"
    spans = [
        span(text, "Interfax news agency", "ORG"),
        span(text, "broadcaster BSkyB", "PERSON"),
        span(text, "de Gaulle", "PERSON"),
        span(text, "al-Qaeda leaders", "ORG"),
    ]
    assert [t for t, _ in shown(text, sh.trim_codes(text, spans))] == [
        "Interfax",
        "BSkyB",
        "de Gaulle",
        "al-Qaeda",
    ]


def test_drop_non_names() -> None:
    text = "A 1996 -- ministry He Cambodia 1996 X 999th 2-1 19 2004-08-30 1990s"
    spans = [
        es.Span(0, 1, "ORG"),
        span(text, "1996", "ORG"),
        span(text, "--", "ORG"),
        span(text, "ministry", "ORG"),
        span(text, "He", "PERSON"),
        span(text, "Cambodia", "PLACE"),
        span(text, "1996", "DATE", nth=1),
        span(text, "X", "PERSON"),
        span(text, "999th", "LAW"),
        span(text, "2-1", "EVENT"),
        span(text, " 19 ", "DATE"),
        span(text, "2004-08-30", "DATE"),
        span(text, "1990s", "DATE"),
    ]
    assert shown(text, sh.drop_non_names(text, spans)) == [
        ("Cambodia", "PLACE"),
        ("1996", "DATE"),
        ("2004-08-30", "DATE"),
        ("1990s", "DATE"),
    ]


def test_exact_known_names_fix_any_label() -> None:
    text = "the Iraq war, Labour voters, Liberal Democrats"
    spans = [
        span(text, "Iraq", "EVENT"),
        span(text, "Labour", "NORP"),
        span(text, "Liberal Democrats", "WORK_OF_ART"),
    ]
    assert [s.label for s in el.label_known_names(text, spans)] == ["PLACE", "ORG", "ORG"]


def test_shouted_headlines_lose_model_spans() -> None:
    text = (
        "BASEBALL - KEVIN BROWN LOWERS ERA .\nCINCINNATI 1996\nKevin Brown threw well "
        "and the Florida Marlins beat the Cincinnati Reds for their seventh straight win."
    )
    spans = [span(text, "BASEBALL - KEVIN BROWN LOWERS ERA", "ORG"), span(text, "Kevin Brown", "PERSON")]
    assert es.shouted_zones(text)
    assert shown(text, sh.drop_in_shouted_text(text, spans)) == [("Kevin Brown", "PERSON")]
    loud = "ALL OF THIS TEXT IS SHOUTED BY KEVIN BROWN ."
    assert es.shouted_zones(loud) == ()
    brown = [span(loud, "KEVIN BROWN", "PERSON")]
    assert sh.drop_in_shouted_text(loud, brown) == brown


# --- labels from evidence -----------------------------------------------------------------


def test_label_by_place_noun() -> None:
    text = "A raid on a Tuol Kok district house near Kandal province, the Cambodian border."
    spans = [span(text, "Tuol Kok", "PERSON"), span(text, "Kandal", "ORG"), span(text, "Cambodian", "NORP")]
    out = el.label_by_place_noun(text, spans)
    assert shown(text, out) == [("Tuol Kok", "PLACE"), ("Kandal", "PLACE"), ("Cambodian", "NORP")]
    assert out[0].locked
    text2 = "Tuol Kok District Council"
    assert el.label_by_place_noun(text2, [span(text2, "Tuol Kok", "ORG")])[0].label == "ORG"


def test_label_known_names() -> None:
    text = "Liechtenstein, Jordan, Jordan, US, U.N., Pochentong Airport, Pirelli SpA"
    spans = [
        span(text, "Liechtenstein", "PERSON"),
        span(text, "Jordan", "PERSON"),
        span(text, "Jordan", "ORG", nth=1),
        span(text, "US", "ORG"),
        span(text, "U.N.", "PLACE"),
        span(text, "Pochentong Airport", "ORG"),
        span(text, "Pirelli SpA", "PERSON"),
    ]
    out = el.label_known_names(text, spans)
    assert [s.label for s in out] == ["PLACE", "PERSON", "PLACE", "PLACE", "ORG", "PLACE", "ORG"]
    assert out[-1].locked and not any(s.locked for s in out[:-1])


def test_label_known_organisations_and_acronyms() -> None:
    text = "Labour, Lib Dems, Manchester United, BT, GPRS, NATO, LONDON, Tuol Kok"
    spans = [
        span(text, "Labour", "PERSON"),
        span(text, "Lib Dems", "PERSON"),
        span(text, "Manchester United", "PLACE"),
        span(text, "BT", "PLACE"),
        span(text, "GPRS", "PERSON"),
        span(text, "NATO", "ORG"),
        span(text, "LONDON", "ORG"),
        span(text, "Tuol Kok", "PERSON"),
    ]
    assert [s.label for s in el.label_known_names(text, spans)] == [
        "ORG",
        "ORG",
        "ORG",
        "ORG",
        "ORG",
        "ORG",
        "PLACE",
        "PERSON",
    ]
    locked = [es.Span(0, 6, "PLACE", locked=True)]
    assert el.label_known_names(text, locked) == locked


def test_label_people_by_given_name() -> None:
    text = "Marion Clignet, D. Fleming, Peter Bank, Mihai Tararache, Acme Foods"
    spans = [
        span(text, "Marion Clignet", "ORG"),
        span(text, "D. Fleming", "PLACE"),
        span(text, "Peter Bank", "ORG"),
        span(text, "Acme Foods", "ORG"),
    ]
    assert [s.label for s in el.label_people_by_given_name(text, spans)] == ["PERSON", "PERSON", "ORG", "ORG"]


def test_more_given_names_make_people_but_a_possessive_or_a_firms_word_does_not() -> None:
    text = "Bernie Ebbers, Fabien Pelous, Wendy's Burgers, Kelly Associates and Takugin International"
    spans = [
        span(text, "Bernie Ebbers", "ORG"),
        span(text, "Fabien Pelous", "ORG"),
        span(text, "Wendy's Burgers", "ORG"),
        span(text, "Kelly Associates", "ORG"),
        span(text, "Takugin International", "ORG"),
    ]
    out = el.label_people_by_given_name(text, spans)
    assert [s.label for s in out] == ["PERSON", "PERSON", "ORG", "ORG", "ORG"]


def test_a_team_sheets_initials_without_dots_are_people_but_not_i_a_or_a_place() -> None:
    text = "Italy: M Bortolami, S Parisse. I Heart Huckabees. S Africa won."
    spans = [
        span(text, "M Bortolami", "ORG"),
        span(text, "S Parisse", "PLACE"),
        span(text, "I Heart Huckabees", "ORG"),
        span(text, "S Africa", "ORG"),
    ]
    assert [s.label for s in el.label_people_by_given_name(text, spans)] == ["PERSON", "PERSON", "ORG", "ORG"]


def test_label_events() -> None:
    text = "the Hong Kong Open and the U.S. Open and Fed Cup and Davis and Norwich Union Grand Prix"
    spans = [
        span(text, "Hong Kong Open", "PLACE"),
        span(text, "U.S.", "PLACE"),
        span(text, "Fed Cup", "ORG"),
        span(text, "Davis", "PERSON"),
        span(text, "Norwich Union Grand Prix", "ORG"),
    ]
    assert shown(text, el.label_events(text, spans)) == [
        ("Hong Kong Open", "EVENT"),
        ("U.S. Open", "EVENT"),
        ("Fed Cup", "EVENT"),
        ("Davis", "PERSON"),
        ("Norwich Union Grand Prix", "EVENT"),
    ]
    text2 = "Virgin Radio Classic Rock"
    assert el.label_events(text2, [span(text2, "Virgin Radio", "ORG")])[0].label == "ORG"


def test_label_demonyms() -> None:
    text = "A Briton and two Chechens met Tajik officials."
    spans = [span(text, "Briton", "PERSON"), span(text, "Chechens", "PLACE"), span(text, "Tajik", "PERSON")]
    assert {s.label for s in el.label_demonyms(text, spans)} == {"NORP"}


def test_label_by_locative() -> None:
    text = "fighting in Tavildara, the town of Longyear, in Blair's view, east of Barvikha"
    spans = [
        span(text, "Tavildara", "PERSON"),
        span(text, "Longyear", "PERSON"),
        span(text, "Blair", "PERSON"),
        span(text, "Barvikha", "PERSON"),
    ]
    out = el.label_by_locative(text, spans)
    assert [s.label for s in out] == ["PLACE", "PLACE", "PERSON", "PLACE"]
    assert [s.locked for s in out] == [False, True, False, True]


# --- article-wide rules -----------------------------------------------------------------------


def test_vote_labels_majority_per_surface_form() -> None:
    text = "Khieu Sopheak. Khieu Sopheak. KHIEU SOPHEAK. Acme. Acme. May. May"
    spans = [
        span(text, "Khieu Sopheak", "PERSON"),
        span(text, "Khieu Sopheak", "ORG", nth=1),
        span(text, "KHIEU SOPHEAK", "PERSON"),
        span(text, "Acme", "ORG"),
        span(text, "Acme", "PLACE", nth=1),
        span(text, "May", "DATE"),
        span(text, "May", "PERSON", nth=1),
    ]
    out = el.vote_labels(text, spans)
    assert [s.label for s in out] == ["PERSON"] * 3 + ["ORG", "ORG", "DATE", "PERSON"]


def test_vote_labels_locked_evidence_wins() -> None:
    text = "Tuol Kok district. Tuol Kok. Tuol Kok."
    spans = [
        span(text, "Tuol Kok", "PLACE", locked=True),
        span(text, "Tuol Kok", "PERSON", nth=1),
        span(text, "Tuol Kok", "PERSON", nth=2),
    ]
    assert {s.label for s in el.vote_labels(text, spans)} == {"PLACE"}


def test_resolve_short_forms_to_the_full_name() -> None:
    text = "US Ambassador Kent Wiedemann. Wiedemann said. Wiedemann's view. Kent spoke."
    spans = [
        span(text, "US", "PLACE"),
        span(text, "Kent Wiedemann", "PERSON"),
        span(text, "Wiedemann", "ORG", nth=1),
        span(text, "Wiedemann", "ORG", nth=2),
        span(text, "Kent", "PERSON", nth=1),
    ]
    out = el.resolve_short_forms(text, spans)
    assert [s.label for s in out] == ["PLACE", "PERSON", "PERSON", "PERSON", "PERSON"]
    ex = er.to_extraction(text, out)
    assert [m.canonical for m in ex.mentions] == ["US"] + ["Kent Wiedemann"] * 4
    assert [(e.name, e.label, e.count) for e in ex.entities] == [
        ("Kent Wiedemann", "PERSON", 4),
        ("US", "PLACE", 1),
    ]


def test_resolve_short_forms_prefix_nearest_and_places() -> None:
    text = (
        "Wang Donghai was held. Wang said. George Bush met Laura Bush. Bush smiled. "
        "Jordan Smith went to Jordan."
    )
    spans = [
        span(text, "Wang Donghai", "PERSON"),
        span(text, "Wang", "ORG", nth=1),
        span(text, "George Bush", "PERSON"),
        span(text, "Laura Bush", "PERSON"),
        span(text, "Bush", "PERSON", nth=2),
        span(text, "Jordan Smith", "PERSON"),
        span(text, "Jordan", "PLACE", nth=1),
    ]
    out = er.to_extraction(text, el.resolve_short_forms(text, spans))
    assert [(m.text, m.label, m.canonical) for m in out.mentions] == [
        ("Wang Donghai", "PERSON", "Wang Donghai"),
        ("Wang", "PERSON", "Wang Donghai"),
        ("George Bush", "PERSON", "George Bush"),
        ("Laura Bush", "PERSON", "Laura Bush"),
        ("Bush", "PERSON", "Laura Bush"),
        ("Jordan Smith", "PERSON", "Jordan Smith"),
        ("Jordan", "PLACE", "Jordan"),
    ]


def test_drop_common_words() -> None:
    text = "Men 's singles .\nAttendance rose as men watched the attendance .\nAcme rose ."
    spans = [span(text, "Men", "ORG"), span(text, "Attendance", "PERSON"), span(text, "Acme", "ORG")]
    assert shown(text, el.drop_common_words(text, spans)) == [("Acme", "ORG")]


def test_label_org_prefixes() -> None:
    text = "Virgin Radio said Virgin would grow. Kent Wiedemann met Kent Foods. Kent spoke."
    spans = [
        span(text, "Virgin Radio", "ORG"),
        span(text, "Virgin", "PERSON", nth=1),
        span(text, "Kent Wiedemann", "PERSON"),
        span(text, "Kent Foods", "ORG"),
        span(text, "Kent", "PERSON", nth=2),
    ]
    assert [s.label for s in el.label_org_prefixes(text, spans)] == [
        "ORG",
        "ORG",
        "PERSON",
        "ORG",
        "PERSON",
    ]


def test_propagate_names() -> None:
    text = (
        "HENKE LEADS IN MILWAUKEE .\nLONDON 1996\nNolan Henke fired a 62 as the rest of "
        "the field struggled in the wind. Later Henke said so. Henke Brothers declined.\n"
        "Young people cheered Alan Young, a young man, as Young left. Young fans stayed."
    )
    spans = [span(text, "Nolan Henke", "PERSON"), span(text, "Alan Young", "PERSON")]
    out = el.propagate_names(text, spans)
    assert shown(text, out) == [
        ("HENKE", "PERSON"),
        ("LONDON", "PLACE"),
        ("Nolan Henke", "PERSON"),
        ("Henke", "PERSON"),
        ("Alan Young", "PERSON"),
        ("Young", "PERSON"),
    ]
    assert out[0].key == out[3].key == "nolan henke"
    assert out[-1].key == "alan young"


# --- the whole pipeline ----------------------------------------------------------------------


def test_clean_is_sorted_without_overlaps_and_offsets_are_exact() -> None:
    text = "\r\n  “Khieu Sopheak’s” aide met the US Embassy in Tuol Kok district.\n"
    spans = er.from_model(
        [
            (*_bounds(text, "“Khieu Sopheak’s”"), "PERSON"),
            (*_bounds(text, "the US Embassy"), "ORG"),
            (*_bounds(text, "Tuol Kok"), "PERSON"),
            (0, 2, "CARDINAL"),
        ]
    )
    ex = er.to_extraction(text, er.clean(text, spans))
    assert [(m.text, m.label, m.canonical) for m in ex.mentions] == [
        ("Khieu Sopheak", "PERSON", "Khieu Sopheak"),
        ("US Embassy", "ORG", "US Embassy"),
        ("Tuol Kok", "PLACE", "Tuol Kok"),
    ]
    assert all(text[m.start : m.end] == m.text for m in ex.mentions)


def test_entities_sorted_by_count_then_name() -> None:
    text = "Bravo. Alpha. Bravo. Charlie. Alpha. Delta"
    spans = [
        span(text, w, "ORG", nth=n)
        for w, n in (("Bravo", 0), ("Alpha", 0), ("Bravo", 1), ("Charlie", 0), ("Alpha", 1), ("Delta", 0))
    ]
    ex = er.to_extraction(text, spans)
    assert [(e.name, e.count) for e in ex.entities] == [
        ("Alpha", 2),
        ("Bravo", 2),
        ("Charlie", 1),
        ("Delta", 1),
    ]
    assert er.to_extraction("", []) == Extraction()


def test_chunks_cover_the_text_at_paragraph_breaks() -> None:
    text = ("word " * 30 + "\n\n") * 10
    pieces = list(chunks(text, 200))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 200 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])
    assert list(chunks("")) == [(0, "")]
    assert list(chunks("x" * 450, 200)) == [(0, "x" * 200), (200, "x" * 200), (400, "x" * 50)]


# --- the rule-based fallback -------------------------------------------------------------------


def test_rule_extractor_finds_people_orgs_places_and_dates() -> None:
    text = (
        "Mr John Smith, chief executive of Acme Holdings Ltd, flew to Paris on Monday. "
        "Smith met officials of the Bank of England and the University of Oxford in "
        "the Kandal province on 19 August 2004. The BBC said Smith was pleased."
    )
    ex = RuleExtractor().extract(text)
    got = {(e.name, e.label) for e in ex.entities}
    assert {
        ("John Smith", "PERSON"),
        ("Acme Holdings", "ORG"),
        ("Paris", "PLACE"),
        ("Bank of England", "ORG"),
        ("University of Oxford", "ORG"),
        ("Kandal", "PLACE"),
        ("BBC", "ORG"),
        ("Monday", "DATE"),
        ("19 August 2004", "DATE"),
    } <= got
    assert next(e.count for e in ex.entities if e.name == "John Smith") == 3
    assert not any(e.name in ("Mr", "The", "Smith") for e in ex.entities)
    assert all(text[m.start : m.end] == m.text for m in ex.mentions)


def test_rule_extractor_on_the_seed() -> None:
    raw = (REPO / "seeds" / "000_770da38ff012cf80.txt").read_text(encoding="utf-8")
    ex = RuleExtractor().extract(raw.split("\n\n", 1)[1])
    by = {label: {e.name for e in ex.entities if e.label == label} for label in ("PERSON", "ORG", "PLACE")}
    assert {"Kent Wiedemann", "Khieu Sopheak", "Malcolm Leader", "Sar Kheng"} <= by["PERSON"]
    assert {"Cambodia", "US", "Australia", "Southeast Asia", "Pochentong Airport", "Tuol Kok"} <= by["PLACE"]
    assert {"Ministry of Interior", "US Embassy"} <= by["ORG"]
    assert not any("Related" in m.text or "Exit" in m.text for m in ex.mentions)


def test_rule_extractor_extract_many_keeps_order() -> None:
    ex = RuleExtractor()
    texts = ["Paris is nice.", "", "Mr Kent Wiedemann spoke.", "Nothing here."]
    assert list(ex.extract_many(texts, n_process=2)) == [ex.extract(t) for t in texts]
    assert ex.extract("") == Extraction()
    assert ex.is_model is False


# --- choosing the engine -----------------------------------------------------------------------


def test_missing_model_falls_back_to_rules_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ner_model.ENV_MODEL, raising=False)
    ex = load_extractor("xx_no_such_model")
    assert isinstance(ex, RuleExtractor) and not ex.is_model
    assert ex.name == "rules (model 'xx_no_such_model' not installed)"
    assert engine_description("xx_no_such_model") == ex.name
    monkeypatch.setenv(ner_model.ENV_MODEL, "xx_other_missing")
    assert load_extractor().name == "rules (model 'xx_other_missing' not installed)"
    assert load_extractor("rules").name == "rules (requested)"


def test_no_model_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ner_model.ENV_MODEL, raising=False)
    monkeypatch.setattr(ner_model, "_installed", lambda name: False)
    assert engine_description() == "rules (no spaCy model installed)"
    assert load_extractor().name == "rules (no spaCy model installed)"


def test_a_model_that_fails_to_load_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken_model"
    broken.mkdir()
    (broken / "meta.json").write_text('{"version": "0.0.1"}')
    monkeypatch.setattr(ner_model.importlib.util, "find_spec", lambda name: object())

    def load(name: str, exclude: list[str]) -> None:
        raise OSError(f"[E050] Can't find model '{name}'.\nmore detail")

    monkeypatch.setitem(sys.modules, "spacy", types.SimpleNamespace(load=load))
    assert engine_description(str(broken)) == "spacy:broken_model-0.0.1"
    ex = load_extractor(str(broken))
    assert isinstance(ex, RuleExtractor)
    reason = f"OSError: [E050] Can't find model '{broken}'."[:120]  # the first line, cut as the name cuts it
    assert ex.name == f"rules (model {str(broken)!r} failed to load: {reason})"


def test_importing_entities_does_not_import_spacy() -> None:
    code = (
        "import sys, index.entities.extractor, index.entities.model as e, index.entities.cache, index.entities.canonical\n"
        "d = e.engine_description()\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "print(d)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(ner_model.ENV_MODEL, None)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(("spacy:", "rules ("))


def test_thousands_of_mentions_stay_fast() -> None:
    """Every rule is linear in the mentions: a pathological article finishes quickly."""
    text = "Paris. John Smith met Smith. " * 4000
    started = time.perf_counter()
    ex = RuleExtractor().extract(text)
    assert time.perf_counter() - started < 30  # about a second when linear; hours when not
    assert {(e.name, e.label) for e in ex.entities} >= {("Paris", "PLACE"), ("John Smith", "PERSON")}
    assert len(ex.mentions) >= 12000


def test_at_a_one_word_name_is_a_weak_vote_for_a_place() -> None:
    text = "They won at Anfield. Anfield was full."
    spans = [span(text, "Anfield", "PERSON", 0), span(text, "Anfield", "PERSON", 1)]
    out = el.label_by_locative(text, spans)
    assert [(s.label, s.locked) for s in out] == [("PLACE", False), ("PERSON", False)]
