"""A verbatim copy of Morgue's Whoosh-based query parser (`index/query.py` at a26a83c).

Kept only as the reference for the differential tests of Morgue's own parser
(`index.query.parser`) and its Whoosh compiler (`index.engine.whoosh.compile`):
the new code must give the queries this gave, so that results and scores stay
the same. At the end, as verbatim, the highlighting that walked Whoosh's query
objects (`ranking.query_terms`, `query_marks.QueryMarks`), for `index.query.marks`.
Only the imports changed (the modules moved). Do not fix bugs here.

Original docstring follows.

Morgue's query language: Whoosh's parser, configured and made forgiving.

Users type what they would type into any search box, and most mistakes should
still give results: a stray quote or bracket is closed, an unknown `field:` is
searched as words, field names are case-insensitive. Each such repair comes
back as a warning so the user knows what ran. Only queries that cannot mean
anything (empty, a lone `*`, absurdly deep nesting) are refused, with a message.

Fuzzy terms (`goverment~`) are matched against the *unstemmed* vocabulary and
then mapped to stems; Whoosh's default fuzzes the stem ("gover") and drags in
cover, over and rover. Wildcards and fuzzy terms are bounded in how many words
they may expand to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.fields import NUMERIC
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.qparser import MultifieldParser, plugins
from whoosh.reading import IndexReader

from index.engine.whoosh.schema import build_schema
from index.fields import ENTITY_FIELDS, QUERY_FIELDS, TEXT_FIELDS
from index.models import Filter
from index.text.highlight import TermFinder, match_spans
from index.text.vocab import Vocabulary

MAX_QUERY_CHARS = 2000
MAX_DEPTH = 20
MAX_EXPANSION = 256  # words one wildcard or fuzzy term may expand to
KEYWORD_FIELDS = frozenset({*ENTITY_FIELDS, "section", "source"})

_FIELD_RE = re.compile(r'(?<![\w"\\])([A-Za-z_]+):(?=\S)')


class QueryError(ValueError):
    """A query that cannot be run; the message is for the user."""


@dataclass(frozen=True)
class ParsedQuery:
    query: wq.Query
    text: str  # the parsed query, for display
    warnings: tuple[str, ...]


class _StemmedFuzzyTerm(wq.FuzzyTerm):  # type: ignore[misc]
    """A fuzzy term on the surface word; `bound_expansions` expands it over the vocabulary."""

    def _btexts(self, ixreader: IndexReader) -> Iterator[bytes]:
        # Unexpanded (no vocabulary at hand), it matches the word itself.
        field = ixreader.schema[self.fieldname]
        for token in field.process_text(self.text, mode="query"):
            yield field.to_bytes(token)


class _FuzzyPlugin(plugins.FuzzyTermPlugin):  # type: ignore[misc]
    class FuzzyTermNode(plugins.FuzzyTermPlugin.FuzzyTermNode):  # type: ignore[misc]
        def query(self, parser: Any) -> wq.Query:
            return _StemmedFuzzyTerm(
                self.fieldname,
                self.text.lower(),
                boost=self.boost,
                maxdist=self.maxdist,
                prefixlength=self.prefixlength,
            )


_SCHEMA = build_schema()


def make_parser() -> MultifieldParser:
    parser = MultifieldParser(["title", "body"], _SCHEMA)
    parser.add_plugin(_FuzzyPlugin())
    parser.add_plugin(plugins.GtLtPlugin())
    # `-word` excludes, but only at the start of a word: "2005-03" and "e-mail" stay whole.
    parser.add_plugin(
        plugins.PlusMinusPlugin(plusexpr=r"(?:^|(?<=[\s(]))\+(?=\S)", minusexpr=r"(?:^|(?<=[\s(]))-(?=\S)")
    )
    return parser


_PARSER = make_parser()


def parse_query(text: str, filters: tuple[Filter, ...] = ()) -> ParsedQuery:
    """Parse a user's query (plus exact filters); raises QueryError with a message."""
    warnings: list[str] = []
    cleaned = _repair(text, warnings)
    parts: list[wq.Query] = []
    if cleaned.strip():
        try:
            q = _PARSER.parse(cleaned)
        except Exception as exc:  # Whoosh's parser crashes on some junk (`<>`): a message, not a crash
            raise QueryError("The query could not be understood: check its brackets and operators.") from exc
        q = _check(q, warnings)
        if q is not None:
            parts.append(q)
    for f in filters:
        parts.append(filter_query(f))
    if not parts:
        if text.strip():
            raise QueryError("Nothing left to search for: the query has only common words or operators.")
        raise QueryError("Type something to search for.")
    combined = parts[0] if len(parts) == 1 else wq.And(parts)
    return ParsedQuery(combined, str(combined), tuple(warnings))


def filter_query(f: Filter) -> wq.Query:
    if f.field not in KEYWORD_FIELDS:
        raise QueryError(f"Cannot filter on {f.field!r}; use one of {', '.join(sorted(KEYWORD_FIELDS))}.")
    value = " ".join(f.value.replace(",", " ").split()).lower()
    return wq.Term(f.field, value)


def _repair(text: str, warnings: list[str]) -> str:
    if len(text) > MAX_QUERY_CHARS:
        warnings.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
        text = text[:MAX_QUERY_CHARS]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if text.count('"') % 2:
        warnings.append("Unbalanced quote: closed at the end of the query.")
        text += '"'
    depth = max_depth = 0
    fixed: list[str] = []
    in_quote = False
    for ch in text:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
            max_depth = max(max_depth, depth)
        elif not in_quote and ch == ")":
            if depth == 0:
                warnings.append("Unmatched ')' ignored.")
                continue
            depth -= 1
        fixed.append(ch)
    if max_depth > MAX_DEPTH:
        raise QueryError(f"The query nests parentheses {max_depth} deep; at most {MAX_DEPTH} are allowed.")
    if depth:
        warnings.append("Unbalanced '(': closed at the end of the query.")
        fixed.append(")" * depth)
    return _FIELD_RE.sub(lambda m: _field(m, warnings), "".join(fixed))


def _field(match: re.Match[str], warnings: list[str]) -> str:
    name = match.group(1).lower()
    if name in QUERY_FIELDS:
        return f"{name}:"
    warnings.append(
        f"Unknown field {match.group(1)!r}: searched as words. Fields: {', '.join(QUERY_FIELDS)}."
    )
    return f"{match.group(1)} "


def _check(q: wq.Query, warnings: list[str]) -> wq.Query | None:
    """Refuse what cannot mean anything; drop what Whoosh could not parse, with a warning."""
    for sub in _walk(q):
        if isinstance(sub, wq.Every):
            raise QueryError("A lone '*' would match everything: add letters before it, like econom*.")
    if q is wq.NullQuery:
        warnings.append("Part of the query could not be understood and was ignored.")
        return None
    normalized = q.normalize()
    if normalized is wq.NullQuery:
        warnings.append("Part of the query could not be understood and was ignored.")
        return None
    if any(sub is wq.NullQuery for sub in _walk(q)) or _has_error(q):
        warnings.append("Part of the query could not be understood (a date?) and was ignored.")
    return normalized


def _has_error(q: wq.Query) -> bool:
    return any(getattr(sub, "error", None) for sub in _walk(q))


def _walk(q: wq.Query) -> Iterator[wq.Query]:
    yield q
    if q.is_leaf():
        return
    for child in q.children():
        yield from _walk(child)


def bound_expansions(
    q: wq.Query, reader: IndexReader, warnings: list[str], vocab: Vocabulary | None = None
) -> wq.Query:
    """Expand fuzzy terms over the vocabulary; cap what wildcards and fuzzy terms expand to."""
    if not q.is_leaf():
        return q.apply(lambda child: bound_expansions(child, reader, warnings, vocab))
    if isinstance(q, _StemmedFuzzyTerm) and vocab is not None:
        return _expand_fuzzy(q, reader, vocab, warnings)
    if not isinstance(q, wq.PatternQuery | wq.FuzzyTerm | wq.TermRange):
        return q
    btexts = []
    for n, btext in enumerate(q._btexts(reader)):
        if n >= MAX_EXPANSION * 8:
            break
        btexts.append(btext)
    if len(btexts) <= MAX_EXPANSION:
        return q
    field = q.fieldname
    top = sorted(btexts, key=lambda b: -reader.doc_frequency(field, b))[:MAX_EXPANSION]
    text = q.text if hasattr(q, "text") else f"{q.start} TO {q.end}"
    _warn_once(warnings, f"'{text}' matches too many words; searched its {MAX_EXPANSION} most common.")
    return _WordSet(field, top, text, boost=q.boost)


class _WordSet(wq.MultiTerm):  # type: ignore[misc]
    """The capped expansion of a wildcard or range: its chosen words as one constant-score set.

    Scoring an OR of hundreds of terms is what made `a*` cost seconds; the
    union of their postings, as a list, costs a few ms.
    """

    def __init__(self, fieldname: str, btexts: list[bytes], text: str, boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.btexts = tuple(btexts)
        self.text = text
        self.boost = boost
        self.constantscore = True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _WordSet) and (other.fieldname, other.btexts) == (
            self.fieldname,
            self.btexts,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.btexts))

    def __repr__(self) -> str:
        return f"_WordSet({self.fieldname!r}, {len(self.btexts)} words of {self.text!r})"

    def __str__(self) -> str:
        return f"{self.fieldname}:{self.text} (top {len(self.btexts)} words)"

    def _btexts(self, ixreader: IndexReader) -> Iterator[bytes]:
        return iter(self.btexts)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        docs: set[int] = set()
        for btext in self.btexts:
            if (self.fieldname, btext) in reader:
                docs.update(reader.postings(self.fieldname, btext).all_ids())
        if not docs:
            return NullMatcher()
        return ListMatcher(sorted(docs), all_weights=self.boost)


def _expand_fuzzy(
    q: _StemmedFuzzyTerm, reader: IndexReader, vocab: Vocabulary, warnings: list[str]
) -> wq.Query:
    field = reader.schema[q.fieldname]
    if isinstance(field, NUMERIC):  # `date:oil~`: no word is near a date (and Whoosh raises on one)
        _warn_once(warnings, f"'{q.fieldname}:{q.text}~': fuzzy matching works on words, not dates.")
        return wq.NullQuery
    maxdist = 1 if len(q.text) <= 4 else min(q.maxdist, 2)
    near = vocab.near(q.text, maxdist)
    if len(near) > MAX_EXPANSION:
        _warn_once(
            warnings,
            f"'{q.text}~' is close to too many words; searched its {MAX_EXPANSION} closest.",
        )
        near = near[:MAX_EXPANSION]
    stems = {tok for word, _d in near for tok in field.process_text(word, mode="index")}
    terms = [wq.Term(q.fieldname, s) for s in sorted(stems)]
    return wq.Or(terms, boost=q.boost) if len(terms) > 1 else (terms[0] if terms else wq.NullQuery)


def _warn_once(warnings: list[str], message: str) -> None:
    if message not in warnings:
        warnings.append(message)


def phrases(q: wq.Query) -> list[tuple[str, tuple[str, ...]]]:
    """(field, stemmed words) of every phrase in the query, for phrase highlighting."""
    return [(sub.fieldname, tuple(sub.words)) for sub in _walk(q) if isinstance(sub, wq.Phrase)]


def plain_words(text: str) -> list[str]:
    """The bare words of a query string (no fields, operators or syntax), for did-you-mean."""
    words: list[str] = []
    for token in re.findall(r'[\w:*~"]+', text):
        if ":" in token or "*" in token or token in {"AND", "OR", "NOT", "TO"}:
            continue
        word = token.strip('"~')
        if word.isalpha() and len(word) > 2:
            words.append(word)
    return words


# -- verbatim from index/ranking.py at a26a83c ------------------------------------------


def query_terms(q: wq.Query, reader: IndexReader) -> dict[str, set[str]]:
    """field -> the terms a match can stand for (negated branches left out)."""
    out: dict[str, set[str]] = {}
    for leaf in _positive_leaves(q):
        field = getattr(leaf, "fieldname", None)
        if not field or field not in reader.schema:
            continue
        if isinstance(leaf, wq.Term):
            out.setdefault(field, set()).add(str(leaf.text))
        elif isinstance(leaf, wq.MultiTerm):
            words = out.setdefault(field, set())
            for n, btext in enumerate(leaf._btexts(reader)):
                if n >= MAX_EXPANSION:
                    break
                words.add(btext.decode("utf-8", "replace"))
        elif isinstance(leaf, wq.Phrase):
            out.setdefault(field, set())
    return out


def _positive_leaves(q: wq.Query) -> Iterator[wq.Query]:
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
        return
    if isinstance(q, wq.Phrase) or q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


# -- verbatim from index/query_marks.py at a26a83c --------------------------------------


class QueryMarks:
    """What a query highlights, worked out once per query and applied to each text."""

    def __init__(self, q: wq.Query, reader: Any, vocabulary: Vocabulary | None = None) -> None:
        self.terms = query_terms(q, reader) if q is not wq.NullQuery else {}
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for field, words in phrases(q):
            self.phrases.setdefault(field, []).append(words)
        for field, field_phrases in self.phrases.items():
            standalone = {t.text for t in _leaf_terms(q) if t.fieldname == field}
            phrase_only = {w for words in field_phrases for w in words} - standalone
            self.terms[field] = self.terms.get(field, set()) - phrase_only
        # The one-regex finder for the stemmed fields, when the vocabulary (with stems) is loaded:
        # a long-lived searcher has it; a one-shot command does not load 30,000 words for it.
        forms = vocabulary.forms if vocabulary is not None else None
        self.finders: dict[str, TermFinder] = {}
        for field in TEXT_FIELDS:
            wanted = self.terms.get(field, set()) | {w for p in self.phrases.get(field, ()) for w in p}
            if forms is not None and wanted:
                self.finders[field] = TermFinder(forms, wanted)

    def spans(self, text: str, field: str) -> list[tuple[int, int, str]]:
        if not text or not (self.terms.get(field) or self.phrases.get(field)):
            return []
        return match_spans(
            text, self.terms.get(field, set()), self.phrases.get(field, ()), self.finders.get(field)
        )


def _leaf_terms(q: wq.Query) -> Iterator[wq.Term]:
    if isinstance(q, wq.Term):
        yield q
    elif not q.is_leaf() and not isinstance(q, wq.Phrase):
        for child in q.children():
            yield from _leaf_terms(child)


__all__ = [
    "MAX_EXPANSION",
    "ParsedQuery",
    "QueryError",
    "QueryMarks",
    "bound_expansions",
    "filter_query",
    "make_parser",
    "parse_query",
    "phrases",
    "plain_words",
    "query_terms",
]
