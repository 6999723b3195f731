"""Match offsets and snippet fragments, as offsets: never markup.

Text is tokenized exactly as the index tokenizes it (same pattern, lowercase,
stop words, Porter stems, see `schema`), so "prices" lights up for `price`
and what is highlighted is what matched. A term that occurs only inside a
phrase of the query is highlighted only where the whole phrase stands, as one
span.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence

from index.models import Fragment
from index.text.analysis import STOP_WORDS, TOKEN_PATTERN, stem, words

Span = tuple[int, int]
Token = tuple[int, int, str]  # start, end, stemmed text

FRAGMENT_CHARS = 200
MAX_FRAGMENTS = 3


def tokens(text: str) -> list[Token]:
    return list(words(text))


class TermFinder:
    """One query's terms as one regex over the lowercased text, from the vocabulary's surface forms.

    The fastest path: no tokenizing or stemming per text, one C-level scan. It
    needs every word of the archive with its stem (the vocabulary sidecar) and
    a text whose lowercase has the same length (else offsets would shift): for
    any other text `spans` returns None and the caller takes `_term_spans`.
    """

    def __init__(self, forms: Mapping[str, Sequence[str]], terms: Iterable[str]) -> None:
        self.key_of = {word: term for term in terms for word in forms.get(term, ())}
        self.pattern = _words_pattern(self.key_of) if self.key_of else None

    def spans(self, text: str) -> list[tuple[int, int, str]] | None:
        if self.pattern is None:
            return []
        low = text.lower()
        if len(low) != len(text):
            return None
        key_of = self.key_of
        return [
            (m.start(), m.end(), key_of[m.group()])
            for m in self.pattern.finditer(low)
            if _token_starts_at(low, m.start())
        ]


_WORDISH = re.compile(r"[\w*]")


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """These exact words ending where the tokenizer ends a token; `_token_starts_at` checks the start.

    The start is checked in Python, on the few matches, rather than by a
    lookbehind in the pattern: a pattern that opens with a lookbehind is tried
    at every position of the text, one opening with the words is not (two
    orders of magnitude faster on an article).
    """
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternation})(?![\w*])(?!\.[\w*])")


def _token_starts_at(text: str, start: int) -> bool:
    """Whether the tokenizer starts a token at `start`: not inside a word, nor after a word's joining dot."""
    if start == 0:
        return True
    if _WORDISH.match(text, start - 1):
        return False
    return not (text[start - 1] == "." and start >= 2 and _WORDISH.match(text, start - 2))


def match_spans(
    text: str,
    terms: Iterable[str],
    phrase_words: Sequence[tuple[str, ...]] = (),
    finder: TermFinder | None = None,
) -> list[tuple[int, int, str]]:
    """Spans (start, end, key) of every match; `key` names the term or phrase matched.

    `terms` are highlighted wherever they stand; `phrase_words` only where the
    whole phrase does (the caller leaves phrase-only words out of `terms`).
    `finder`, built from the terms and the phrases' words, is tried first.
    """
    termset = set(terms)
    found = finder.spans(text) if finder is not None else None
    if not phrase_words:
        return found if found is not None else _term_spans(text, termset)
    # With a finder (built from the terms and the phrases' words) the candidates are its
    # matches, and two are adjacent when only stop words stand between them; else every token.
    toks = found if found is not None else tokens(text)
    spans = [(start, end, key) for start, end, key in toks if key in termset]
    for phrase in phrase_words:
        n = len(phrase)
        if n == 0:
            continue
        first = phrase[0]
        for i, (start, _end, key) in enumerate(toks):
            if (
                key == first
                and tuple(t[2] for t in toks[i : i + n]) == phrase
                and (found is None or _adjacent(text, toks, i, n))
            ):
                spans.append((start, toks[i + n - 1][1], " ".join(phrase)))
    spans.sort()
    return _merge(spans)


SCAN_CHARS = 1 << 17  # a longer text is searched a piece at a time, each cut after a space


def text_pieces(text: str, size: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of pieces covering `text`, each at most `size` characters, cut after
    a space or line break when one is in the piece's second half.

    No token crosses such a cut, and a token at a piece's start starts there in
    the whole text too, so each piece's matches are the whole text's (a phrase
    across a cut is the one thing lost).
    """
    size = SCAN_CHARS if size is None else size
    start, n = 0, len(text)
    while n - start > size:
        end = start + size
        cut = max(text.rfind(" ", start + size // 2, end), text.rfind("\n", start + size // 2, end))
        end = cut + 1 if cut >= 0 else end
        yield start, end
        start = end
    yield start, n


def bounded_match_spans(
    text: str,
    terms: Iterable[str],
    phrase_words: Sequence[tuple[str, ...]] = (),
    finder: TermFinder | None = None,
    *,
    enough: int | None = None,
    max_chars: int | None = None,
) -> tuple[list[tuple[int, int, str]], bool]:
    """`match_spans` over a text of any length, in linear time: (spans, whether all were found).

    A text up to `SCAN_CHARS` is searched whole, as `match_spans` does. A
    longer one is searched a piece at a time, stopping before the next piece
    once `enough` spans are found or `max_chars` characters searched: what a
    15 MiB article costs is then bounded by what its reader is shown.
    """
    if len(text) <= SCAN_CHARS:
        return match_spans(text, terms, phrase_words, finder), True
    terms = set(terms)
    surfaces = _Surfaces(terms)
    found: list[tuple[int, int, str]] = []
    for start, end in text_pieces(text):
        if (enough is not None and len(found) >= enough) or (max_chars is not None and start >= max_chars):
            return found, False
        piece = text[start:end]
        spans: list[tuple[int, int, str]] | None = None
        if phrase_words:
            spans = match_spans(piece, terms, phrase_words, finder)
        elif finder is not None:
            spans = finder.spans(piece)
        if spans is None:  # as `match_spans`, each distinct word of the whole text stemmed once
            spans = surfaces.spans(piece)
        found.extend((s + start, e + start, k) for s, e, k in spans)
    return found, True


class _Surfaces:
    """`_term_spans` over the pieces of one long text, learning its surface words as it goes.

    Each distinct word of the text is lowercased and stemmed once, not once
    per piece: the words of a piece already seen are set aside by a set
    difference. The words found so far that stem to a term all go into the
    pattern: one absent from a piece matches nothing there.
    """

    def __init__(self, termset: set[str]) -> None:
        self.termset = termset
        self.seen: set[str] = set()
        self.surface: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self._size = 0

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        if not self.termset or not text:
            return []
        new = set(TOKEN_PATTERN.findall(text))
        new.difference_update(self.seen)
        self.seen |= new
        longest = _longest_word(self.termset)
        for word in new:
            lower = word.lower()
            if lower not in STOP_WORDS and len(lower) <= longest and stem(lower) in self.termset:
                self.surface[word] = stem(lower)
        if not self.surface:
            return []
        if self._pattern is None or len(self.surface) != self._size:
            self._pattern, self._size = _words_pattern(self.surface), len(self.surface)
        surface = self.surface
        return [
            (m.start(), m.end(), surface[m.group()])
            for m in self._pattern.finditer(text)
            if _token_starts_at(text, m.start())
        ]


def _adjacent(text: str, found: Sequence[tuple[int, int, str]], i: int, n: int) -> bool:
    """Whether found[i : i + n] are consecutive indexed tokens: nothing but stop words between them."""
    for (_s, end, _k), (start, _e, _k2) in zip(found[i : i + n - 1], found[i + 1 : i + n], strict=True):
        if any(word.lower() not in STOP_WORDS for word in TOKEN_PATTERN.findall(text, end, start)):
            return False
    return True


def _term_spans(text: str, termset: set[str]) -> list[tuple[int, int, str]]:
    """The fast path: find which surface words of `text` stem to a term, then regex-scan for them.

    Snippets are made for 20 articles per keystroke; tokenizing whole bodies in
    Python cost milliseconds each. Unique words are found by a C-level `findall`, and
    the matches by one alternation regex whose boundaries are the tokenizer's.
    """
    if not termset or not text:
        return []
    surface: dict[str, str] = {}
    longest = _longest_word(termset)
    for word in set(TOKEN_PATTERN.findall(text)):
        lower = word.lower()
        if lower in STOP_WORDS or len(lower) > longest:
            continue
        stemmed = stem(lower)
        if stemmed in termset:
            surface[word] = stemmed
    if not surface:
        return []
    pattern = _words_pattern(surface)
    return [
        (m.start(), m.end(), surface[m.group()])
        for m in pattern.finditer(text)
        if _token_starts_at(text, m.start())
    ]


# The Porter stemmer removes at most 22 characters from a word's end (its longest suffixes, step
# after step): a word this much longer than every term cannot stem to one, and stemming a huge
# token (a 15 MiB one) costs seconds of regex matching.
_STEM_CUT = 40


def _longest_word(termset: set[str]) -> int:
    """The length past which a word cannot stem to any of the terms."""
    return max(map(len, termset), default=0) + _STEM_CUT


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], span[1]), last[2])
        else:
            merged.append(span)
    return merged


def fragments(
    text: str, spans: Sequence[tuple[int, int, str]], *, max_fragments: int = MAX_FRAGMENTS
) -> tuple[Fragment, ...]:
    """One to three fragments around the densest clusters of distinct matches."""
    if not text:
        return ()
    if not spans:
        return (_fragment(text, 0, min(len(text), FRAGMENT_CHARS), []),)
    # Spans are sorted and do not overlap, so the spans inside a window are one slice,
    # found by bisection: linear in the matches, where scanning them all per window was not.
    starts = [s[0] for s in spans]
    ends = [s[1] for s in spans]
    candidates = []
    for i, start in enumerate(starts):
        lo = max(0, start - FRAGMENT_CHARS // 3)
        hi = min(len(text), lo + FRAGMENT_CHARS)
        first, last = bisect_left(starts, lo, 0, i), bisect_right(ends, hi, i)
        distinct = len({s[2] for s in spans[first:last]})
        candidates.append((distinct * 100 + (last - first), -start, lo, hi))
    candidates.sort(reverse=True)
    chosen: list[tuple[int, int]] = []
    for _score, _neg, lo, hi in candidates:
        if any(lo < c_hi and c_lo < hi for c_lo, c_hi in chosen):
            continue
        chosen.append((lo, hi))
        if len(chosen) >= max_fragments:
            break
    chosen.sort()
    return tuple(_fragment(text, lo, hi, spans) for lo, hi in chosen)


def _fragment(text: str, lo: int, hi: int, spans: Sequence[tuple[int, int, str]]) -> Fragment:
    lo, hi = _snap(text, lo, hi)
    raw = text[lo:hi]
    # Fold line breaks so a fragment is one line; offsets stay valid (same length).
    flat = raw.replace("\n", " ").replace("\t", " ")
    matches = tuple((s - lo, e - lo) for s, e, _k in spans if s >= lo and e <= hi)
    return Fragment(text=flat, matches=matches, start_in_body=lo)


def _snap(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Move fragment edges to word boundaries so no word is cut in half."""
    if lo > 0:
        space = text.find(" ", lo, min(len(text), lo + 20))
        if space != -1:
            lo = space + 1
    if hi < len(text):
        space = text.rfind(" ", max(lo, hi - 20), hi)
        if space != -1:
            hi = space
    return lo, hi


def spans_only(spans: Iterable[tuple[int, int, str]]) -> tuple[Span, ...]:
    return tuple((s, e) for s, e, _k in spans)
