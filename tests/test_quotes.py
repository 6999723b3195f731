"""Quotations and their speakers (`index.quotes`), on small handwritten texts.

The entity mentions are given by hand (as the extractor would give them, short
forms already carrying the full name), so these tests check the quotation rules
alone, whatever NER model is installed.
"""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from index.models import Mention
from index.quotes import Quote, find_quotes


def mentions(text: str, **labels: dict[str, str]) -> list[Mention]:
    """Every whole-word occurrence of each surface form: PERSON={"Okafor": "Ines Okafor"}."""
    found = []
    for label, names in labels.items():
        for surface, canonical in names.items():
            for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
                found.append(Mention(m.start(), m.end(), surface, label, canonical))
    found.sort(key=lambda m: (m.start, -m.end))
    out: list[Mention] = []
    for m in found:  # the longest mention wins, as the extractor's output never overlaps
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def people(*names: str) -> dict[str, str]:
    """Full names and their surnames, all naming the full name."""
    table = {}
    for name in names:
        table[name] = name
        table[name.split()[-1]] = name
    return table


def quotes(text: str, **labels: dict[str, str]) -> tuple[Quote, ...]:
    found = find_quotes(text, mentions(text, **labels))
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def test_a_quotation_before_said_and_a_name_belongs_to_that_name() -> None:
    text = 'The mine will close. "We had no choice," said Ines Okafor, the chief executive.'
    (q,) = quotes(text, PERSON=people("Ines Okafor"))
    assert (q.text, q.speaker, q.speaker_label, q.cue) == (
        "We had no choice,",
        "Ines Okafor",
        "PERSON",
        "said",
    )
    assert (q.start, q.end) == (text.index("We had"), text.index('," said') + 1)


def test_curly_quotes_are_quote_marks_too() -> None:
    text = "Tomas Reyes spoke first. “Prices will fall,” Mr Reyes told reporters."
    (q,) = quotes(text, PERSON=people("Tomas Reyes"))
    assert (q.text, q.speaker, q.cue) == ("Prices will fall,", "Tomas Reyes", "told")


def test_a_quotation_split_by_its_attribution_gives_two_linked_segments() -> None:
    text = "Ms Dana Pruitt addressed the rally. “We will,” she said, “win this seat.”"
    first, second = quotes(text, PERSON=people("Dana Pruitt"))
    assert (first.text, second.text) == ("We will,", "win this seat.")
    assert first.part_of is None and second.part_of == 0
    assert first.speaker == second.speaker == "Dana Pruitt"


def test_attributions_before_the_quotation_name_the_subject_of_the_verb() -> None:
    text = (
        'Lena Varga told the committee: "The figures are wrong." '
        'According to Paul Imre, "nothing was hidden." '
        'Sam Ode wrote in his blog: "I resign."'
    )
    found = quotes(text, PERSON=people("Lena Varga", "Paul Imre", "Sam Ode"))
    assert [(q.speaker, q.cue) for q in found] == [
        ("Lena Varga", "told"),
        ("Paul Imre", "according to"),
        ("Sam Ode", "wrote"),
    ]


def test_asked_and_added_after_the_quotation_attribute_it() -> None:
    text = 'Kai Lund spoke. "Who pays for this?" asked Mr Lund. "Not the farmers," he added.'
    found = quotes(text, PERSON=people("Kai Lund"))
    assert [(q.speaker, q.cue) for q in found] == [("Kai Lund", "asked"), ("Kai Lund", "added")]


def test_a_name_and_a_colon_attribute_what_follows() -> None:
    text = 'The minister answered at once.\n\nRuth Abara: "We are ready for the vote."'
    (q,) = quotes(text, PERSON=people("Ruth Abara"))
    assert (q.speaker, q.cue) == ("Ruth Abara", "colon")


def test_a_quotation_continued_in_the_next_paragraph_is_one_quotation() -> None:
    text = (
        'Mr Olsen said: "The harvest was poor this year.\n\n'
        '"Next year we will plant earlier."\n\nThe co-operative agreed.'
    )
    first, second = quotes(text, PERSON=people("Jon Olsen") | {"Olsen": "Jon Olsen"})
    assert first.text == "The harvest was poor this year."
    assert second.text == "Next year we will plant earlier."
    assert second.part_of == 0 and second.speaker == "Jon Olsen"


def test_a_lost_paragraph_break_inside_a_quotation_still_splits_its_segments() -> None:
    text = 'Mara Keel said: "Costs are rising. "We cannot wait any longer." The board met later.'
    first, second = quotes(text, PERSON=people("Mara Keel"))
    assert (first.text, second.text) == ("Costs are rising.", "We cannot wait any longer.")
    assert second.part_of == 0


def test_an_unattributed_quotation_right_after_an_attribution_continues_it() -> None:
    text = '"It was a long night," said Ivo Brandt. "We are all tired now."'
    _first, second = quotes(text, PERSON=people("Ivo Brandt"))
    assert second.part_of == 0 and second.speaker == "Ivo Brandt" and second.cue == "said"


def test_she_is_the_woman_named_earlier_even_when_a_man_was_named_since() -> None:
    text = (
        "Mrs Alma Reid opened the debate. Her rival, Mr Victor Hale, sat down. "
        '"This plan is a disgrace," she said.'
    )
    (q,) = quotes(text, PERSON=people("Alma Reid", "Victor Hale"))
    assert q.speaker == "Alma Reid"


def test_gender_comes_from_pronouns_when_there_is_no_honorific() -> None:
    text = (
        "Noor Haddad said her team was ready. Tariq Sami said his side was too. "
        '"We will be there early," she said.'
    )
    (q,) = quotes(text, PERSON=people("Noor Haddad", "Tariq Sami"))
    assert q.speaker == "Noor Haddad"


def test_he_skips_a_person_named_only_as_an_object() -> None:
    text = (
        "Gil Moreno said the ruling would stand, despite an appeal from farmer Otto Brandt. "
        '"The court has spoken," he said.'
    )
    (q,) = quotes(text, PERSON=people("Gil Moreno", "Otto Brandt"))
    assert q.speaker == "Gil Moreno"


def test_a_surname_the_extractor_missed_is_matched_to_the_full_name() -> None:
    text = 'Chidi Okafor ran the club for years. "I loved it," Mr Okafor said.'
    (q,) = quotes(text, PERSON={"Chidi Okafor": "Chidi Okafor"})
    assert q.speaker == "Chidi Okafor"


def test_a_description_refers_to_the_person_introduced_with_it() -> None:
    text = (
        "City mayor Lina Rask met the unions. Union leader Bo Strand said talks went well. "
        'Later the mayor spoke. "We have a deal," the mayor said.'
    )
    (q,) = quotes(text, PERSON=people("Lina Rask", "Bo Strand"))
    assert q.speaker == "Lina Rask"


def test_an_age_description_refers_to_the_last_person_in_the_news() -> None:
    text = 'Ana Ruiz won the final. "It is a dream," the 22-year-old said.'
    (q,) = quotes(text, PERSON=people("Ana Ruiz"))
    assert q.speaker == "Ana Ruiz"


def test_organisations_speak_as_bodies() -> None:
    text = (
        'Harland Mining said in a statement: "Output fell by a third." '
        'Shares fell. "We expect a recovery," the company said.'
    )
    found = quotes(text, ORG={"Harland Mining": "Harland Mining"})
    assert [(q.speaker, q.speaker_label) for q in found] == [("Harland Mining", "ORG")] * 2


def test_unnamed_sources_are_marked_unnamed_without_a_speaker() -> None:
    text = (
        '"The talks have stalled," officials said. '
        '"No comment," a Harland Mining spokesman said. '
        '"It was a mistake," one analyst told reporters.'
    )
    found = quotes(text, ORG={"Harland Mining": "Harland Mining"})
    assert len(found) == 3
    assert all(q.unnamed and q.speaker is None and q.speaker_label is None for q in found)


def test_he_after_an_unnamed_source_stays_unnamed() -> None:
    text = 'Karl Veit spoke on Monday. A spokesman said the firm had no plans. "None at all," he said.'
    (q,) = quotes(text, PERSON=people("Karl Veit"))
    assert q.unnamed and q.speaker is None


def test_scare_quotes_and_labels_are_not_quotations() -> None:
    text = (
        'The so-called "reforms" were dropped. Fans fear a "super-league". '
        'Voters backed a "no" vote in the end.'
    )
    assert quotes(text) == ()


def test_quoted_titles_are_not_quotations() -> None:
    text = (
        'She starred in the film "The Long Road Home" last year. '
        'The band released an album called "Blue Skies Over Leeds". '
        'Its motto, "Always Forward", was painted on the wall.'
    )
    assert quotes(text) == ()


def test_a_short_fragment_a_speaker_is_reported_using_is_a_quotation() -> None:
    text = 'Eva Lind called the plan "unworkable" and left. Critics said it was "a gift to the rich".'
    first, second = quotes(text, PERSON=people("Eva Lind"))
    assert (first.text, first.speaker, first.cue) == ("unworkable", "Eva Lind", "called")
    assert second.unnamed


def test_a_double_quote_used_as_an_apostrophe_is_not_a_mark() -> None:
    text = 'Turkey"s foreign minister Ilhan Aksu said "the\ncountry"s position is unchanged," in Ankara.'
    (q,) = quotes(text, PERSON=people("Ilhan Aksu"))
    assert q.text == 'the\ncountry"s position is unchanged,'
    assert q.speaker == "Ilhan Aksu"


def test_two_apostrophes_stand_for_a_double_quote_mark() -> None:
    text = "''I am delighted to join,'' said Rob Kerr. ''The fans are great.''"
    first, second = quotes(text, PERSON=people("Rob Kerr"))
    assert (first.text, second.text) == ("I am delighted to join,", "The fans are great.")
    assert first.speaker == second.speaker == "Rob Kerr"


def test_hard_wrapped_paragraphs_with_an_indent_are_paragraphs() -> None:
    text = (
        "The exchange will decide soon, its president Ray Cole\nsaid.\n"
        '    "We will meet again tomorrow and reach\na decision," he said.\n'
        "    Traders welcomed the move."
    )
    (q,) = quotes(text, PERSON=people("Ray Cole"))
    assert q.text == "We will meet again tomorrow and reach\na decision,"
    assert q.speaker == "Ray Cole"


def test_single_quotes_inside_a_quotation_stay_inside_it() -> None:
    text = "\"People tell me: 'we are fine, the country is not',\" said Vera Stone."
    (q,) = quotes(text, PERSON=people("Vera Stone"))
    assert q.text == "People tell me: 'we are fine, the country is not',"


def test_a_quotation_with_no_attribution_anywhere_has_no_speaker() -> None:
    text = 'Rain fell all day.\n\n"Nobody expected this much water in one night."\n\nThe river rose.'
    (q,) = quotes(text)
    assert (q.speaker, q.unnamed, q.cue) == (None, False, "none")


def test_a_text_without_quote_marks_has_no_quotations() -> None:
    assert find_quotes("Nothing was said.", []) == ()
    assert find_quotes("", []) == ()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"ab AB.,:\n\"“”'", " said ", " he ", "Mr ", "\n\n", "''"]), max_size=40))
def test_any_text_gives_segments_whose_offsets_hold(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = find_quotes(text, mentions(text, PERSON={"AB": "AB"}))
    for i, q in enumerate(found):
        assert text[q.start : q.end] == q.text
        assert q.part_of is None or 0 <= q.part_of < i


def test_the_subject_of_a_passive_is_not_its_speaker() -> None:
    text = 'Leon Marsh, who ran the scheme, was called "a disgrace to the trade" by the judge.'
    (q,) = quotes(text, PERSON=people("Leon Marsh"))
    assert q.speaker is None and q.unnamed


def test_a_name_before_its_appositive_is_the_speaker() -> None:
    text = 'Iris Vane, head of research at the bank, says: "Rates will rise."'
    (q,) = quotes(text, PERSON=people("Iris Vane"), ORG={"bank": "bank"})
    assert q.speaker == "Iris Vane"


def test_a_possessive_name_is_not_the_speaker() -> None:
    text = '"No date has been set," said Lola Grey\'s agent Tim Marr.'
    (q,) = quotes(text, PERSON=people("Lola Grey", "Tim Marr"))
    assert q.speaker == "Tim Marr"


def test_a_pronoun_right_before_the_verb_is_the_subject() -> None:
    text = 'Nils Dahl met the press. Asked whether the Daily Post was fair, he said: "Mostly, yes."'
    (q,) = quotes(text, PERSON=people("Nils Dahl"), ORG={"Daily Post": "Daily Post"})
    assert q.speaker == "Nils Dahl"


def test_it_said_is_the_organisation_just_named() -> None:
    text = 'Shares in Orla Foods fell. "Trading was weak," it said in a statement.'
    (q,) = quotes(text, ORG={"Orla Foods": "Orla Foods"})
    assert (q.speaker, q.speaker_label) == ("Orla Foods", "ORG")


def test_an_age_or_aside_between_name_and_verb_is_skipped() -> None:
    text = "“We lost everything,” Rosa Diaz, 45, said on Tuesday. “The water came at night,” she said."
    first, second = quotes(text, PERSON=people("Rosa Diaz"))
    assert first.speaker == second.speaker == "Rosa Diaz"


def test_an_aside_in_dashes_after_the_name_is_not_the_speaker() -> None:
    text = "“Nobody listens to us here,” said Omar Haidari — a farmer from the Sun Valley co-op — on Monday."
    (q,) = quotes(text, PERSON=people("Omar Haidari"), ORG={"Sun Valley": "Sun Valley"})
    assert q.speaker == "Omar Haidari"


def test_a_long_article_with_thousands_of_quotations_stays_linear() -> None:
    """Every look-up is bounded: 2,000 attributed quotations in ~140 KB take well under
    a second (a scan of all mentions per attribution made this quadratic)."""
    piece = 'Anna Berg said the plan was late. "We will finish it soon," she said. '
    text = piece * 2000
    found = mentions(text, PERSON={"Anna Berg": "Anna Berg"})
    started = time.perf_counter()
    result = find_quotes(text, found)
    assert len(result) == 2000 and all(q.speaker == "Anna Berg" for q in result)
    assert time.perf_counter() - started < 5


def test_a_description_whose_aside_names_the_person_is_that_person() -> None:
    text = 'The club\'s chairman, Lord Hale, described the deal as "a fair price".'
    (q,) = quotes(text, PERSON={"Hale": "Lord Hale"})
    assert q.speaker == "Lord Hale"


def test_a_common_given_name_tells_the_gender_when_nothing_else_does() -> None:
    text = 'Susan Ward chairs the panel. Its report was written by Tom Ames. "We were thorough," she said.'
    (q,) = quotes(text, PERSON=people("Susan Ward", "Tom Ames"))
    assert q.speaker == "Susan Ward"


def test_a_name_the_extractor_missed_is_found_from_its_given_name() -> None:
    text = 'Green MEP Fiona Loop warned that it would be "an insult" to the assembly.'
    (q,) = quotes(text)
    assert (q.speaker, q.speaker_label) == ("Fiona Loop", "PERSON")


def test_a_text_without_sentence_breaks_is_read_only_near_each_position() -> None:
    """A 100 KB "sentence" (no break anywhere) would make every quotation's look-up read it all."""
    from index.quotes.cues import MAX_SENTENCE_REACH, sentence_bounds

    masked = "word " * 20_000
    start, end = sentence_bounds(masked, 50_000)
    assert (start, end) == (50_000 - MAX_SENTENCE_REACH, 50_000 + MAX_SENTENCE_REACH)
    assert sentence_bounds("One. Two is here.", 7) == (5, 17)


def test_a_quotation_after_a_long_run_of_quoted_words_keeps_its_speaker() -> None:
    text = '"a" ' * 3000 + '"We will finish it soon," said Anna Berg.'
    found = [
        q for q in find_quotes(text, mentions(text, PERSON={"Anna Berg": "Anna Berg"})) if len(q.text) > 3
    ]
    assert [(q.text, q.speaker) for q in found] == [("We will finish it soon,", "Anna Berg")]
