"""The reporting verbs of a text (`index.quotes.cues.speech_verbs`), found in one pass.

`_all_verbs` lists the lower-case runs in C and then looks only for the verbs among
them; these tests hold it to the plain reading of the rule: every maximal run of
a-z letters that is a reporting verb and follows no other letter, a two-word verb
("went on", "pointed out") taken whole, and a capitalised "According to".
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.quotes.cues import _PAIRS, VERBS, Verb, speech_verbs


def reference(masked: str) -> list[Verb]:
    """The rule read word by word (the implementation before the one-pass look-up)."""
    found: list[Verb] = []
    for m in re.finditer(r"[a-z]+", masked):
        word, start, end = m.group(), m.start(), m.end()
        if start and masked[start - 1].isalpha():
            continue
        pair = _PAIRS.get(word)
        if pair is not None and masked.startswith(pair[len(word) :], end):
            found.append(Verb(start, end + len(pair) - len(word), pair))
        elif word in VERBS and " " not in word:
            found.append(Verb(start, end, word))
    found.extend(Verb(m.start(), m.end(), "according to") for m in re.finditer(r"\bAccording to\b", masked))
    return sorted(found, key=lambda v: v.start)


def verbs(text: str) -> list[str]:
    return [v.word for v in speech_verbs(text, 0, len(text))]


def test_reporting_verbs_are_found_in_order_with_their_two_word_forms() -> None:
    text = "He said it. She went on to say more, and pointed out that According to them it was fine."
    assert verbs(text) == ["said", "went on", "say", "pointed out", "according to"]


def test_a_verb_inside_a_word_or_after_a_capital_or_accented_letter_is_not_a_verb() -> None:
    assert verbs("Said the man. Unsaid things. Ésaid. resaid.") == []


def test_a_verb_glued_to_a_digit_or_sign_before_it_still_counts() -> None:
    assert verbs("5said (told) -added_") == ["said", "told", "added"]


def test_verbs_within_a_range_are_those_that_end_inside_it() -> None:
    text = "She said yes and he told her."
    assert [v.word for v in speech_verbs(text, 0, 8)] == ["said"]
    assert [v.word for v in speech_verbs(text, 5, 7)] == []


_PIECES = st.sampled_from(
    ["said", "says", "told", "went", "on", "pointed", "out", "according", "to", "According", "to", " ", " ",
     ",", ".", "S", "é", "5", "-", "\n", "a", "added", "adds", "ask", "asked", "goes", "xsaid", "going"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_the_one_pass_look_up_finds_what_reading_word_by_word_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert speech_verbs(text, 0, len(text)) == reference(text)
