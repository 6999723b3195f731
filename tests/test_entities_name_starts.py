"""Words that describe a person before the name and come off it (index/entities/shaping.py)."""

from __future__ import annotations

from index.entities import shaping as sh
from tests.test_entities_rules import shown, span


def test_a_nationality_before_a_persons_name_comes_off_it() -> None:
    text = "Kenyan Alice Timbo won, ahead of Briton Tom Vell and Russian Korvak."
    spans = [span(text, "Kenyan Alice Timbo", "PERSON"), span(text, "Briton Tom Vell", "PERSON")]
    spans.append(span(text, "Russian Korvak", "PERSON"))
    assert [t for t, _ in shown(text, sh.strip_titles(text, spans))] == ["Alice Timbo", "Tom Vell", "Korvak"]


def test_a_nationality_that_is_also_a_given_name_or_a_whole_name_stays() -> None:
    text = "Christian Bale met Welsh at the club, and the Kenyan smiled."
    spans = [span(text, "Christian Bale", "PERSON"), span(text, "Welsh", "PERSON")]
    assert [t for t, _ in shown(text, sh.strip_titles(text, spans))] == ["Christian Bale", "Welsh"]
