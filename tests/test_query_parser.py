"""Morgue's query language, parsed into its own syntax tree: no search engine involved.

What each form of the language means (README's "Query language"), the repairs
and their notes, the refusals, the cut of a long query, dates, filters, and the
walkers that say what a query highlights. Equality with what Whoosh's parser
made is `test_query_whoosh_compile`'s business.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.models import Filter
from index.query import (
    MAX_QUERY_CHARS,
    QueryError,
    QueryMarks,
    bound_expansions,
    filter_node,
    highlight_terms,
    parse_query,
    phrases,
    plain_words,
    positive_leaves,
    walk,
)
from index.query import syntax as q


def node(text: str, filters: tuple[Filter, ...] = ()) -> q.Node:
    return parse_query(text, filters).node


def warnings(text: str) -> tuple[str, ...]:
    return parse_query(text).warnings


def word(w: str, boost: float = 1.0) -> q.Or:
    """An unfielded word: the title or the body."""
    return q.Or((q.Term("title", w), q.Term("body", w)), boost)


def refusal(text: str, filters: tuple[Filter, ...] = ()) -> str:
    with pytest.raises(QueryError) as info:
        parse_query(text, filters)
    return str(info.value)


# -- the language -------------------------------------------------------------------


def test_words_are_stemmed_and_searched_in_title_or_body() -> None:
    assert node("prices") == word("price")


def test_words_are_anded_by_default_and_and_is_the_same() -> None:
    assert node("oil price") == node("oil AND price") == q.And((word("oil"), word("price")))


def test_or_joins_the_fields_of_both_words_into_one_or() -> None:
    assert node("oil OR gas") == q.Or((*word("oil").children, *word("ga").children))


def test_not_and_minus_exclude() -> None:
    assert node("oil NOT opec") == q.And((word("oil"), q.Not(word("opec"))))
    assert node("oil -opec") == q.AndNot(word("oil"), word("opec"))


def test_minus_and_plus_count_only_at_the_start_of_a_word() -> None:
    assert node("2005-03") == q.Or((q.Phrase("title", ("2005", "03")), q.Phrase("body", ("2005", "03"))))
    assert node("e-mail") == q.Or((q.Phrase("title", ("e", "mail")), q.Phrase("body", ("e", "mail"))))


def test_plus_requires_like_the_default_and() -> None:
    assert node("+oil gas") == q.And((word("oil"), word("ga")))


def test_minus_works_inside_brackets_too() -> None:
    assert node("price (oil -opec)") == q.And((word("price"), q.AndNot(word("oil"), word("opec"))))


def test_only_uppercase_operators_are_operators() -> None:
    assert node("oil or gas") == q.And((word("oil"), word("ga")))  # "or" is a stop word
    assert node("oil and gas") == node("oil AND gas")


def test_and_binds_tighter_than_or_and_or_tighter_than_juxtaposition() -> None:
    assert node("oil OR gas AND price") == q.Or((*word("oil").children, q.And((word("ga"), word("price")))))
    assert node("x oil OR gas") == q.And((word("x"), q.Or((*word("oil").children, *word("ga").children))))


def test_grouping_with_brackets() -> None:
    assert node("(oil OR gas) price") == q.And(
        (q.Or((*word("oil").children, *word("ga").children)), word("price"))
    )


def test_a_phrase_is_stemmed_and_keeps_its_slop() -> None:
    assert node('"prime ministers"~2') == q.Or(
        (q.Phrase("title", ("prime", "minist"), 2), q.Phrase("body", ("prime", "minist"), 2))
    )


def test_a_single_quoted_term_is_a_phrase_without_slop() -> None:
    assert node("'prime minister'") == node('"prime minister"')


def test_prefix_wildcards_and_their_boost() -> None:
    assert node("econom*") == q.Or((q.Prefix("title", "econom"), q.Prefix("body", "econom")))
    assert node("wom?n") == q.Or((q.Wildcard("title", "wom?n"), q.Wildcard("body", "wom?n")))
    assert node("*ball") == q.Or((q.Wildcard("title", "*ball"), q.Wildcard("body", "*ball")))
    assert node("econom*^2") == q.Or((q.Prefix("title", "econom"), q.Prefix("body", "econom")), 2.0)


def test_fuzzy_words_keep_the_surface_word_distance_and_prefix() -> None:
    assert node("title:Goverment~") == q.Fuzzy("title", "goverment", 1, 0)
    assert node("title:goverment~2") == q.Fuzzy("title", "goverment", 2, 0)
    assert node("title:goverment~2/3") == q.Fuzzy("title", "goverment", 2, 3)


def test_a_boost_applies_to_the_word_before_it() -> None:
    assert node("oil^2 gas") == q.And((word("oil", 2.0), word("ga")))
    assert node("title:oil^2.5") == q.Term("title", "oil", 2.5)


def test_field_names_are_case_insensitive_and_restrict_the_word() -> None:
    assert node("Title:Oil") == q.Term("title", "oil")
    assert node("title:(oil OR gas)") == q.Or((q.Term("title", "oil"), q.Term("title", "ga")))
    assert node('body:"oil prices"') == q.Phrase("body", ("oil", "price"))


def test_keyword_fields_take_one_lowercased_value() -> None:
    assert node('person:"Tony Blair"') == q.Term("person", "tony blair")
    assert node('person:"Blair,  Tony"') == q.Term("person", "blair tony")  # as a filter normalises it
    assert node("section:Politics") == q.Term("section", "politics")
    assert node("place:london,paris") == q.And((q.Term("place", "london"), q.Term("place", "paris")))


def test_author_words_are_lowercased_not_stemmed_and_exact_fields_are_as_typed() -> None:
    assert node("author:Doing") == q.Term("author", "doing")
    assert node('author:"Jane Doe"') == q.Phrase("author", ("jane", "doe"))
    assert node("id:Business/Oil.md") == q.Term("id", "Business/Oil.md")


def test_word_ranges_inclusive_and_exclusive_with_lowercase_to() -> None:
    assert node("title:[apple TO banana]") == q.TermRange("title", "appl", "banana")
    assert node("title:{apple to banana]") == q.TermRange("title", "appl", "banana", start_excl=True)
    assert node("title:[TO b]") == q.TermRange("title", None, "b")


def test_overlapping_word_ranges_merge_as_whoosh_merged_them() -> None:
    assert node("title:[a TO c] title:[b TO d]") == q.TermRange("title", "b", "c")
    assert node("title:[a TO c] OR title:[b TO d]") == q.TermRange("title", "a", "d")


def test_stop_words_drop_out() -> None:
    assert node("the oil") == word("oil")
    assert node('"the oil"') == word("oil")


def test_duplicate_words_count_once() -> None:
    assert node("oil oil") == node("oil OR oil") == word("oil")


# -- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ("date:2005", datetime(2005, 1, 1), datetime(2005, 12, 31, 23, 59, 59, 999999)),
        ("date:2005-03", datetime(2005, 3, 1), datetime(2005, 3, 31, 23, 59, 59, 999999)),
        ("date:2004-02", datetime(2004, 2, 1), datetime(2004, 2, 29, 23, 59, 59, 999999)),
        ("date:2005.03.14", datetime(2005, 3, 14), datetime(2005, 3, 14, 23, 59, 59, 999999)),
        ("date:[2004-12 to 2005-02]", datetime(2004, 12, 1), datetime(2005, 2, 28, 23, 59, 59, 999999)),
        ("date:>2005-01-01", datetime(2005, 1, 1), None),  # Whoosh's reading: the day itself included
        ("date:<2005", None, datetime(2005, 12, 31, 23, 59, 59, 999999)),
        ("date:>=2005", datetime(2005, 1, 1), None),
        ('date:"2005"', datetime(2005, 1, 1), datetime(2005, 12, 31, 23, 59, 59, 999999)),
    ],
)
def test_dates_cover_their_floor_to_their_ceiling(
    query: str, start: datetime | None, end: datetime | None
) -> None:
    assert node(query) == q.DateRange("date", start, end)


def test_a_date_down_to_the_microsecond_is_one_instant() -> None:
    at = datetime(2005, 3, 1, 12, 30, 45, 123456)
    assert node("date:20050301123045123456") == q.DateRange("date", at, at)


def test_an_unreadable_date_is_left_out_with_a_note() -> None:
    parsed = parse_query("oil date:2005-13")
    assert parsed.node == word("oil")
    assert parsed.warnings == ("Part of the query could not be understood (a date?) and was ignored.",)


def test_a_query_of_only_unreadable_dates_is_refused_with_the_forms_that_work() -> None:
    assert "date:2005-03" in refusal("date:yesterday")


def test_a_fuzzy_date_or_an_open_date_range_is_refused_or_left_as_is() -> None:
    assert node("date:oil~") == q.Fuzzy("date", "oil")  # `query.expand` notes and drops it
    assert "match everything" in refusal("date:[TO]")


# -- repairs and refusals --------------------------------------------------------------


def test_an_unbalanced_quote_is_closed_with_a_note() -> None:
    parsed = parse_query('"prime minister')
    assert parsed.node == node('"prime minister"')
    assert parsed.warnings == ("Unbalanced quote: closed at the end of the query.",)


def test_an_unmatched_closing_bracket_is_ignored_and_an_open_one_closed() -> None:
    assert warnings("oil) gas") == ("Unmatched ')' ignored.",)
    assert node("oil) gas") == node("oil gas")
    assert warnings("(oil OR gas") == ("Unbalanced '(': closed at the end of the query.",)
    assert node("(oil OR gas") == node("(oil OR gas)")


def test_an_unknown_field_is_searched_as_words_with_the_list_of_fields() -> None:
    parsed = parse_query("colour:red")
    assert parsed.node == q.And((word("colour"), word("red")))
    (note,) = parsed.warnings
    assert note.startswith("Unknown field 'colour': searched as words. Fields: title, body, person")


def test_control_characters_are_replaced_by_spaces() -> None:
    assert node("oil\x1b[31mgas\x00") == node("oil [31mgas ")


def test_nesting_deeper_than_twenty_is_refused() -> None:
    assert refusal("(" * 21 + "oil" + ")" * 21) == (
        "The query nests parentheses 21 deep; at most 20 are allowed."
    )
    assert node("(" * 20 + "oil" + ")" * 20) == word("oil")


@pytest.mark.parametrize("query", ["*", "title:*", "*:*", "oil *", "[TO]"])
def test_what_would_match_everything_is_refused(query: str) -> None:
    assert refusal(query) == "A lone '*' would match everything: add letters before it, like econom*."


def test_empty_and_stop_word_only_queries_are_refused() -> None:
    assert refusal("") == refusal("   ") == "Type something to search for."
    assert (
        refusal("the of AND") == "Nothing left to search for: the query has only common words or operators."
    )


@pytest.mark.parametrize("query", ["NOT NOT oil", ">5", "oil ANDNOT ANDNOT gas", "date:[2005-13 TO 2006]"])
def test_what_whoosh_could_not_parse_gets_one_message(query: str) -> None:
    assert refusal(query) == "The query could not be understood: check its brackets and operators."


# -- the cut of a long query -------------------------------------------------------------


def test_a_short_query_is_never_cut() -> None:
    query = "oil " * (MAX_QUERY_CHARS // 4)
    assert not any("cut" in w for w in warnings(query.strip()))


def test_a_cut_never_falls_inside_a_word() -> None:
    """`*a* OR *b* ... OR` cut in the middle of an OR left an `O`: a word, ANDed to everything."""
    query = " OR ".join(f"*{chr(97 + n % 26)}{n}*" for n in range(400))
    assert len(query) > MAX_QUERY_CHARS
    parsed = parse_query(query)
    kept = int(parsed.warnings[0].split(" characters")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert kept <= MAX_QUERY_CHARS and query[kept] == " " and query[kept - 1] != " "
    assert isinstance(parsed.node, q.Or)  # no `AND o`
    assert not any(isinstance(t, q.Term) for t in walk(parsed.node))


def test_the_cut_warning_says_what_was_dropped() -> None:
    query = "oil " * 499 + "gas OPEC"  # 2004 characters: `OPEC` would be cut to `OP`
    (note,) = warnings(query)
    assert note == "The query was cut to 1,999 characters; dropped: `OPEC`"


def test_a_long_dropped_tail_is_shortened_in_the_warning() -> None:
    query = "oil " * 600
    (note,) = warnings(query)
    assert note.startswith("The query was cut to 1,999 characters; dropped: `oil oil")
    assert note.endswith("…` (399 characters)")


def test_a_cut_never_falls_inside_a_phrase_or_a_range() -> None:
    phrase = '"' + "prime minister " * 10 + '"'
    query = "oil " * 480 + phrase + " gas"
    parsed = parse_query(query)
    assert 'dropped: `"prime minister prime' in parsed.warnings[0]
    assert not any(isinstance(leaf, q.Phrase) for leaf in walk(parsed.node))
    query = "oil " * 495 + "title:[apple TO banana] gas"
    assert "title:[apple TO banana]" in warnings(query)[0]


def test_a_single_word_longer_than_the_limit_is_refused() -> None:
    assert "too long" in refusal("x" * (MAX_QUERY_CHARS + 1))


@settings(max_examples=200, deadline=None, database=None)
@given(
    words=st.lists(
        st.sampled_from(["oil", "OR", "AND", "NOT", "econ*", '"a b"', "[a TO b]", "(x", "y)"]), min_size=1
    ),
    pad=st.integers(0, 9),
)
def test_a_cut_query_is_a_prefix_of_the_query_ending_at_a_word(words: list[str], pad: int) -> None:
    query = " ".join(words * (MAX_QUERY_CHARS // max(1, len(" ".join(words)))) + words) + " " * pad
    try:
        parsed = parse_query(query)
    except QueryError:
        return
    cuts = [w for w in parsed.warnings if w.startswith("The query was cut")]
    if len(query) <= MAX_QUERY_CHARS:
        assert not cuts
        return
    kept = int(cuts[0].split(" characters")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert 0 < kept <= MAX_QUERY_CHARS
    assert query[kept].isspace() and not query[kept - 1].isspace()


# -- filters ------------------------------------------------------------------------------


def test_filters_are_anded_as_normalised_keyword_terms() -> None:
    assert node("oil", (Filter("person", "Tony  Blair"), Filter("section", "Politics"))) == q.And(
        (word("oil"), q.Term("person", "tony blair"), q.Term("section", "politics"))
    )
    assert node("", (Filter("person", "Blair, Tony"),)) == q.Term("person", "blair tony")


def test_a_filter_on_a_field_that_is_not_a_keyword_is_refused() -> None:
    assert refusal("oil", (Filter("title", "x"),)) == (
        "Cannot filter on 'title'; use one of org, other, person, place, section, source."
    )
    with pytest.raises(QueryError):
        filter_node(Filter("author", "doe"))


def test_a_query_of_stop_words_with_a_filter_keeps_the_filter_and_notes_the_rest() -> None:
    parsed = parse_query("the", (Filter("place", "London"),))
    assert parsed.node == q.Term("place", "london")
    assert parsed.warnings == ("Part of the query could not be understood and was ignored.",)


def test_the_parsed_text_is_the_tree_printed() -> None:
    parsed = parse_query('title:oil -"prime minister"~2 date:2005')
    assert parsed.text == str(parsed.node)
    assert (
        "title:oil" in parsed.text and "ANDNOT" in parsed.text and "date:[2005-01-01T00:00:00" in parsed.text
    )


# -- walking the tree -------------------------------------------------------------------------


class Words:
    """A TermSource over a fixed word list (what an engine answers from its index)."""

    def __init__(self, words: dict[str, int]) -> None:
        self.words = words

    def expand(self, leaf: q.Prefix | q.Wildcard | q.TermRange) -> Iterator[str]:
        return (w for w in sorted(self.words) if matches(leaf, w))

    def doc_frequency(self, field: str, word: str) -> int:
        return self.words.get(word, 0)


def matches(leaf: q.Prefix | q.Wildcard | q.TermRange, w: str) -> bool:
    if isinstance(leaf, q.Prefix):
        return w.startswith(leaf.text)
    if isinstance(leaf, q.Wildcard):
        return fnmatchcase(w, leaf.pattern)
    return (leaf.start or "") <= w <= (leaf.end or "\uffff")


def test_positive_leaves_leave_out_negated_branches() -> None:
    tree = node("oil -opec NOT gas title:price")
    fields = {(leaf.field, getattr(leaf, "text", "")) for leaf in positive_leaves(tree)}
    assert ("title", "oil") in fields and ("title", "price") in fields
    assert not any(text in ("opec", "ga") for _f, text in fields)


def test_phrases_lists_every_phrase_with_its_field() -> None:
    assert phrases(node('"prime minister" -"oil price"')) == [
        ("title", ("prime", "minist")),
        ("body", ("prime", "minist")),
        ("title", ("oil", "price")),
        ("body", ("oil", "price")),
    ]


def test_highlight_terms_come_from_an_expanded_tree_without_an_index() -> None:
    expanded = bound_expansions(node("econ* oil -gas"), Words({"economy": 5, "economi": 3}), None, [])
    terms = highlight_terms(expanded)
    assert terms["body"] == {"economi", "economy", "oil"}
    assert "ga" not in terms["body"]


def test_a_wildcard_over_too_many_words_becomes_the_most_common_as_a_set() -> None:
    words = {f"w{n:03d}": n for n in range(300)}
    notes: list[str] = []
    expanded = bound_expansions(node("title:w*"), Words(words), None, notes)
    assert isinstance(expanded, q.WordSet) and len(expanded.words) == 256
    assert expanded.words[0] == "w299" and "w000" not in expanded.words
    assert notes == ["'w' matches too many words; searched its 256 most common."]


def test_query_marks_highlight_phrase_words_only_inside_the_phrase() -> None:
    marks = QueryMarks(node('"prime minister" oil'))
    spans = marks.spans("The prime minister met a minister about oil.", "body")
    assert [(s, e) for s, e, _k in spans] == [(4, 18), (40, 43)]  # not the lone `minister`


def test_query_marks_of_no_query_mark_nothing() -> None:
    assert QueryMarks(None).spans("oil", "body") == []


def test_plain_words_skip_fields_operators_and_wildcards() -> None:
    assert plain_words('goverment AND title:oil econ* "prime ministr" NOT of') == [
        "goverment",
        "prime",
        "ministr",
    ]
