from hypothesis import given, settings
from hypothesis import strategies as st

from index.engine.whoosh.analyzer import stem
from index.text.highlight import TermFinder, fragments, match_spans, tokens
from index.text.vocab import document_words


def test_stemmed_variants_are_highlighted():
    text = "Oil prices rose. The price of oil is priced daily."
    spans = match_spans(text, {"price"})
    assert [text[s:e] for s, e, _ in spans] == ["prices", "price", "priced"]


def test_a_phrase_highlights_as_one_span_only_where_it_stands():
    text = "The prime minister spoke. A minister said prime time."
    spans = match_spans(text, set(), [("prime", "minist")])
    assert [text[s:e] for s, e, _ in spans] == ["prime minister"]


def test_stop_words_do_not_break_a_phrase():
    text = "The Bank of England raised rates."
    spans = match_spans(text, set(), [("bank", "england")])
    assert [text[s:e] for s, e, _ in spans] == ["Bank of England"]


def test_fragment_offsets_point_at_the_matches():
    text = ("Filler words here. " * 30) + "The election was won. " + ("More filler. " * 30)
    spans = match_spans(text, {"elect"})
    frags = fragments(text, spans)
    assert len(frags) == 1
    frag = frags[0]
    assert [frag.text[s:e] for s, e in frag.matches] == ["election"]
    assert text[frag.start_in_body : frag.start_in_body + len(frag.text)].replace("\n", " ") == frag.text


def test_at_most_three_fragments_and_in_text_order():
    text = " ".join(f"para{i} filler " * 40 + f"target{i % 2} word" for i in range(8))
    spans = match_spans(text, {"target0", "target1"})
    frags = fragments(text, spans)
    assert 1 <= len(frags) <= 3
    starts = [f.start_in_body for f in frags]
    assert starts == sorted(starts)


def test_no_matches_gives_the_opening_as_snippet():
    frags = fragments("Just an opening line.\nAnd more.", [])
    assert frags[0].text.startswith("Just an opening line.")
    assert frags[0].matches == ()


def test_tokens_skip_stop_words_and_stem():
    assert [t[2] for t in tokens("The markets are falling")] == ["market", "fall"]


def _slow_spans(text, terms):
    return [(s, e, k) for s, e, k in tokens(text) if k in terms]


@given(st.text(alphabet=st.sampled_from(list("aeiou prcsdtlmnXY.*,-'’\n\u0130\u00df1")), max_size=120))
@settings(max_examples=300, deadline=None)
def test_the_fast_term_scan_finds_exactly_what_the_tokenizer_finds(text):
    stems = {k for _s, _e, k in tokens(text)}
    terms = set(sorted(stems)[::2])
    assert match_spans(text, terms) == _slow_spans(text, terms)


@given(
    st.text(alphabet=st.sampled_from(list("aeiou prcsdtlmnXY.*,-'’\n\u0130\u00df\u212a1")), max_size=120),
    st.text(alphabet=st.sampled_from(list("aeiou prcsdtlmnXY.\u0130\u00df")), max_size=60),
)
@settings(max_examples=300, deadline=None)
def test_the_vocabulary_term_finder_finds_exactly_what_the_tokenizer_finds(text, other_text):
    # The archive's vocabulary: every word of this text and of another, with its stem, as the build writes it.
    vocabulary = document_words(text, other_text)
    forms: dict[str, list[str]] = {}
    for word in vocabulary:
        forms.setdefault(stem(word), []).append(word)
    stems = {k for _s, _e, k in tokens(text)}
    terms = set(sorted(stems)[::2])
    assert match_spans(text, terms, finder=TermFinder(forms, terms)) == _slow_spans(text, terms)


def test_the_term_finder_steps_aside_where_lowercasing_changes_the_length():
    text = "İstanbul prices rose"  # "İ".lower() is two characters: offsets would shift
    finder = TermFinder({"price": ["prices"]}, {"price"})
    assert finder.spans(text) is None
    assert match_spans(text, {"price"}, finder=finder) == [(9, 15, "price")]


def _fragments_by_scanning(text, spans):  # the definition: every span inside each candidate window
    from index.text.highlight import FRAGMENT_CHARS, MAX_FRAGMENTS, _fragment

    if not spans:
        return fragments(text, spans)
    candidates = []
    for i, (start, _end, _key) in enumerate(spans):
        lo = max(0, start - FRAGMENT_CHARS // 3)
        hi = min(len(text), lo + FRAGMENT_CHARS)
        inside = [s for s in spans[i:] if s[1] <= hi] + [s for s in spans[:i] if s[0] >= lo]
        candidates.append((len({s[2] for s in inside}) * 100 + len(inside), -start, lo, hi))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for _score, _neg, lo, hi in candidates:
        if any(lo < c_hi and c_lo < hi for c_lo, c_hi in chosen):
            continue
        chosen.append((lo, hi))
        if len(chosen) >= MAX_FRAGMENTS:
            break
    return tuple(_fragment(text, lo, hi, spans) for lo, hi in sorted(chosen))


@given(
    st.lists(st.sampled_from(["oil", "price", "rose", "the", "a", "market", "x" * 40, "\n"]), max_size=400)
)
@settings(max_examples=200, deadline=None)
def test_fragments_choose_the_same_windows_as_scanning_every_span(words):
    text = " ".join(words)
    spans = match_spans(text, {"oil", "price", "market"})
    assert fragments(text, spans) == _fragments_by_scanning(text, spans)


@given(
    st.lists(
        st.sampled_from(
            ["pri", "min", "oil", "the", "of", "a", "pris", "u.s", "x*", ",", ".", "-", "\u0130l", "\n"]
        ),
        max_size=40,
    ),
    st.data(),
)
@settings(max_examples=300, deadline=None)
def test_phrases_found_with_the_term_finder_are_those_the_tokens_give(pieces, data):
    text = " ".join(pieces)
    vocabulary = document_words(text)
    forms: dict[str, list[str]] = {}
    for word in vocabulary:
        forms.setdefault(stem(word), []).append(word)
    stems = [k for _s, _e, k in tokens(text)]
    if len(stems) < 2:
        return
    start = data.draw(st.integers(0, len(stems) - 2))
    phrase = tuple(stems[start : start + data.draw(st.integers(2, 3))])  # a phrase that stands in the text
    other = (data.draw(st.sampled_from(stems)), data.draw(st.sampled_from(stems)))  # one that may not
    terms = set(stems[::3]) - set(phrase) - set(other)
    finder = TermFinder(forms, terms | set(phrase) | set(other))
    expected = match_spans(text, terms, (phrase, other))
    assert match_spans(text, terms, (phrase, other), finder=finder) == expected
