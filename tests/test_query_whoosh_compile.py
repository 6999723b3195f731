"""Morgue's own parser, compiled for Whoosh, gives the queries Whoosh's parser gave: same results, same scores.

Differential tests against `whoosh_reference_parser` (a verbatim copy of the
Whoosh-based parser the new one replaced), on every query string of the test
suite, the README's table, the benchmark workload and Hypothesis-generated
strings from a small grammar, then on a real index, hit by hit and score by
score.

A few behaviours changed on purpose; the oracle is the reference parser with
exactly those changes made the Whoosh way (`_EXPECTED`, `_fix`), so that every
other difference still fails:

- D1 `+x y`, ANDMAYBE and REQUIRE are ANDs (Morgue's tree has no optional clause);
- D2 `-x` / `+x` work inside brackets (Whoosh refused `x (oil -opec)`);
- D3 a `date:` Whoosh could not read is left out for real (it made an AND match
  nothing), and a query of nothing but such dates is refused with a message;
- D4 a quoted keyword is one value, normalised like a filter (commas, spaces);
- D5 a fielded one-word phrase keeps its boost (`title:"oil"^2`);
- D6 a quoted date reads like an unquoted one (`date:"2005"`: the year);
- D8 a `^2` left over inside brackets is a word in title or body (it was a field-less term);
- D9 only Morgue's fields can be named (not Whoosh's stored-only ones).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import MultifieldParser, plugins
from whoosh.qparser import syntax as wsyntax

from index.engine.whoosh.compile import ReaderTermSource, to_whoosh
from index.engine.whoosh.schema import build_schema
from index.fields import KEYWORD_FIELDS, MARK_FIELDS, QUERY_FIELDS
from index.models import Filter
from index.query import QueryError, QueryMarks, bound_expansions, parse_query
from index.query.parser import BAD_DATE, ONLY_BAD_DATES
from index.text.vocab import Vocabulary

from . import whoosh_reference_parser as ref

TESTS = Path(__file__).resolve().parent
README = TESTS.parent / "README.md"

# -- the oracle: the reference parser with the intended changes --------------------------------


class _KeepBoostPhrase(wq.Phrase):  # type: ignore[misc]
    """D5: Whoosh's Phrase.normalize drops the boost of a one-word phrase."""

    def normalize(self) -> Any:
        q = super().normalize()
        if isinstance(q, wq.Term):
            q.boost = self.boost
        return q


class _AndPair(wsyntax.BinaryGroup):  # type: ignore[misc]
    """D1: where Whoosh made AndMaybe / Require, an AND of the two sides."""

    @staticmethod
    def qclass(a: Any, b: Any) -> Any:
        return wq.And([a, b])


class _PlusMinusEverywhere(plugins.PlusMinusPlugin):  # type: ignore[misc]
    """D2 (and D1 for `+`): Whoosh's plus/minus rule, in every bracket group, `+` as AND."""

    def do_plusminus(self, parser: Any, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, wsyntax.AndGroup):
                group[i] = self.do_plusminus(parser, node)
        if not any(isinstance(n, self.Plus | self.Minus) for n in group):
            return group
        required, optional, banned = wsyntax.AndGroup(), wsyntax.AndGroup(), wsyntax.OrGroup()
        optional.boost = group.boost
        target = optional
        for node in group:
            if isinstance(node, self.Plus):
                target = required
            elif isinstance(node, self.Minus):
                target = banned
            else:
                target.append(node)
                target = optional
        result = optional
        if required:
            result = _AndPair([required, result])
        if banned:
            result = wsyntax.AndNotGroup([result, banned])
        return result


def _expected_parser() -> Any:
    full = build_schema()
    schema = Schema(**{name: full[name] for name in QUERY_FIELDS})  # D9
    parser = MultifieldParser(["title", "body"], schema, phraseclass=_KeepBoostPhrase)
    for plugin in parser.plugins:
        if isinstance(plugin, plugins.OperatorsPlugin):
            plugin.ops = [
                (
                    plugins.OperatorsPlugin.OpTagger(tagger.expr, _AndPair, memo=tagger.memo)
                    if tagger.grouptype in (wsyntax.AndMaybeGroup, wsyntax.RequireGroup)
                    else tagger,
                    priority,
                )
                for tagger, priority in plugin.ops
            ]
    parser.add_plugin(ref._FuzzyPlugin())
    parser.add_plugin(plugins.GtLtPlugin())
    parser.add_plugin(
        _PlusMinusEverywhere(plusexpr=r"(?:^|(?<=[\s(]))\+(?=\S)", minusexpr=r"(?:^|(?<=[\s(]))-(?=\S)")
    )
    return parser


_EXPECTED = _expected_parser()


@contextmanager
def _oracle() -> Iterator[None]:
    saved = ref._PARSER
    ref._PARSER = _EXPECTED
    try:
        yield
    finally:
        ref._PARSER = saved


def _fix(q: Any, bad_dates: list[str]) -> Any:
    """D3, D4, D6, D8 on a parsed Whoosh query (simplified again afterwards)."""
    if isinstance(q, wq.qcore._NullQuery):
        if getattr(q, "error", None):
            bad_dates.append(str(q.error))
        return wq.NullQuery  # D3: an unreadable date, left out
    if isinstance(q, wq.AndNot):
        return wq.AndNot(_fix(q.a, bad_dates), _fix(q.b, bad_dates))
    if isinstance(q, wq.Not):
        return wq.Not(_fix(q.query, bad_dates))
    if isinstance(q, wq.And | wq.Or):
        return type(q)([_fix(c, bad_dates) for c in q.subqueries], boost=q.boost)
    field = getattr(q, "fieldname", "")
    if isinstance(q, wq.Term) and field in KEYWORD_FIELDS:  # D4
        return wq.Term(field, " ".join(q.text.split()), boost=q.boost)
    if isinstance(q, wq.Prefix | wq.Wildcard) and field in KEYWORD_FIELDS:  # D4
        return type(q)(field, " ".join(q.text.split()), boost=q.boost)
    if isinstance(q, wq.TermRange) and field in KEYWORD_FIELDS:  # D4
        start, end = (None if e is None else " ".join(e.split()) for e in (q.start, q.end))
        return wq.TermRange(field, start, end, q.startexcl, q.endexcl, boost=q.boost)
    if isinstance(q, wq.Phrase) and field in KEYWORD_FIELDS:  # D4
        return wq.Term(field, " ".join(" ".join(q.words).split()), boost=q.boost)
    if isinstance(q, wq.Term) and field == "date" and isinstance(q.text, str):  # D6
        return _fix(_EXPECTED.schema["date"].parse_query("date", q.text, boost=q.boost), bad_dates)
    if isinstance(q, wq.Term) and field is None:  # D8
        # As a boosted word is parsed (`x^2`): the boost on each field's term, not on the group.
        kids = [_EXPECTED.term_query(f, q.text, wq.Term, boost=q.boost) for f in ("title", "body")]
        return wq.Or([k for k in kids if k is not None])
    return q


def expected(text: str, filters: tuple[Filter, ...] = ()) -> tuple[Any, ...]:
    """What the new parser must give: ("error", message) or (canonical query, warnings)."""
    with _oracle():
        try:
            parsed = ref.parse_query(text, filters)
        except ref.QueryError as exc:
            return ("error", str(exc))
    q = parsed.query
    n = len(filters)
    if n:  # separate the query from the filters, to fix the query alone
        has_query = isinstance(q, wq.And) and len(q.subqueries) == n + 1
        part, rest = (q.subqueries[0], q.subqueries[1:]) if has_query else (None, list(q) if n > 1 else [q])
    else:
        part, rest = q, []
    warnings = parsed.warnings
    if part is not None:
        bad_dates: list[str] = []
        fixed = _fix(part, bad_dates).normalize()
        if bad_dates and BAD_DATE not in warnings:
            warnings += (BAD_DATE,)
        if fixed is wq.NullQuery and bad_dates:
            if not rest:
                return ("error", ONLY_BAD_DATES)
            part = None
        else:
            part = fixed
    parts = ([part] if part is not None else []) + list(rest)
    combined = parts[0] if len(parts) == 1 else wq.And(parts)
    return (canonical(combined), warnings)


def actual(text: str, filters: tuple[Filter, ...] = ()) -> tuple[Any, ...]:
    try:
        parsed = parse_query(text, filters)
    except QueryError as exc:
        return ("error", str(exc))
    return (canonical(to_whoosh(parsed.node)), parsed.warnings)


def canonical(q: Any) -> Any:
    """A Whoosh query as nested tuples: equality that sees Morgue's own query classes as Whoosh's."""
    if isinstance(q, wq.FuzzyTerm):
        return ("fuzzy", q.fieldname, q.text, q.maxdist, q.prefixlength, q.boost, q.constantscore)
    if type(q).__name__ in ("_WordSet", "WordSetQuery"):
        return ("wordset", q.fieldname, q.btexts, q.boost)
    if isinstance(q, wq.Phrase):
        return ("phrase", q.fieldname, tuple(q.words), q.slop, q.boost)
    if isinstance(q, wq.Not):
        return ("not", canonical(q.query))
    if isinstance(q, wq.AndNot | wq.AndMaybe | wq.Require):
        return (type(q).__name__, canonical(q.a), canonical(q.b))
    if isinstance(q, wq.And | wq.Or):
        return (type(q).__name__, q.boost, tuple(canonical(c) for c in q.subqueries))
    if isinstance(q, wq.qcore._NullQuery):
        return ("null",)
    assert type(q) in (wq.Term, wq.Prefix, wq.Wildcard, wq.TermRange, wq.NumericRange), repr(q)
    return q


# -- the corpus ---------------------------------------------------------------------------------


def _test_suite_strings() -> list[str]:
    """Every short string literal of the search, query and hostile tests: queries, and then some."""
    found: set[str] = set()
    for path in sorted(TESTS.glob("test_*.py")):
        if path.name.startswith(("test_query_", "test_search", "test_hostile", "test_cli", "test_tui")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 300:
                    found.add(node.value)
    return sorted(found)


def _readme_queries() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Query language", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`([^`]+)`", section)


def _workload_queries() -> list[str]:
    from .bench.workload import QUERIES

    return [q.text for q in QUERIES] + [q.whoosh for q in QUERIES if q.whoosh]


# Fields the oracle (Whoosh's own parser, kept aside) never knew: the notebook's marks and the
# quotations. It reads `is:relevant` as words of the body; their own tests
# (test_notebook_cli.py, test_quotes_search.py) check what they mean.
NEWER_FIELDS = (*MARK_FIELDS, "said", "quote")


def _known_to_the_oracle(queries: list[str]) -> list[str]:
    return [q for q in queries if not any(f"{f}:" in q for f in NEWER_FIELDS)]


SUITE = _known_to_the_oracle(_test_suite_strings())
README_QUERIES = _known_to_the_oracle(_readme_queries())
WORKLOAD = _workload_queries()


def test_the_corpus_holds_the_documented_and_tested_queries() -> None:
    assert {"oil NOT opec", '"oil rose"~2', "date:[2004-12 to 2005-02]", "goverment~"} <= set(README_QUERIES)
    assert {'person:"Tony Blair"', "econom*", "(film OR movie) award"} <= set(SUITE) | set(WORKLOAD)
    assert len(SUITE) > 200


@pytest.mark.parametrize("query", README_QUERIES)
def test_every_query_of_the_readme_compiles_to_what_whoosh_parsed(query: str) -> None:
    assert actual(query) == expected(query)


@pytest.mark.parametrize("query", WORKLOAD)
def test_every_workload_query_compiles_to_what_whoosh_parsed(query: str) -> None:
    assert actual(query) == expected(query)


def test_every_string_of_the_test_suite_compiles_to_what_whoosh_parsed() -> None:
    differ = [(q, actual(q), expected(q)) for q in SUITE if actual(q) != expected(q)]
    assert differ == []


def test_the_documented_changes_are_the_only_ones_on_the_reference_examples() -> None:
    """The oracle's changes really are changes: the bare reference disagrees on each of these."""
    changed = {
        "+oil gas": "D1",
        "x (oil -opec)": "D2",
        "date:x oil": "D3",
        'person:"Blair, Tony"': "D4",
        'title:"oil"^2': "D5",
        'date:"2005"': "D6",
        "x (^2 oil)": "D8",
    }
    for query in changed:
        try:
            bare = ref.parse_query(query)
            old: tuple[Any, ...] = (canonical(bare.query), bare.warnings)
        except ref.QueryError as exc:
            old = ("error", str(exc))
        assert actual(query) == expected(query) != old, changed[query]


# -- Hypothesis: strings from a small grammar of the language and its junk ----------------------

WORDS = [
    "oil",
    "gas",
    "prices",
    "prime",
    "minister",
    "Blair",
    "economy",
    "e-mail",
    "2005-03",
    "O'Brien",
    "x1",
]
STOP = ["the", "a", "of", "and", "or", "not", "to"]
OPS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO", "to"]
FIELDS = [f"{f}:" for f in QUERY_FIELDS] + [
    "TITLE:",
    "Person:",
    "colour:",
    "x:",
    "url:",
    "1x:",
    "über:",
    "*:",
]
CORES = [
    '"prime minister"',
    '"oil"',
    '"oil prices rose"~3',
    '"the"',
    '""',
    "'tony blair'",
    "'",
    '"',
    "(",
    ")",
    "[a TO c]",
    "{b to d}",
    "[TO z]",
    "[a TO]",
    "[TO]",
    "[potato]",
    "2005",
    "2005-03",
    "2005-03-14",
    "20051301",
    "0000",
    "[2004-12 to 2005-02]",
    "{2004 TO 2005}",
    ">2005",
    "<2005-03",
    ">=2004",
    "=<b",
    "<>",
    "*",
    "?",
    "*a*",
    "econ*",
    "wom?n",
    "*:*",
    "Tony, Blair",
    "日本",
    "é",
    "\u055e",
    "\\",
    "/",
    "&&",
    "!",
    ",",
    ".",
    "-",
    "+",
    "^2",
    "~",
]
SUFFIXES = ["", "", "", "~", "~2", "~2/3", "~/2", "*", "?", "^2", "^0.5", "^", "*^3", "~^2", ")", "'"]
PREFIXES = ["", "", "", "-", "+", "(", "NOT "]

atom = st.builds(
    lambda prefix, field, core, suffix: prefix + field + core + suffix,
    st.sampled_from(PREFIXES),
    st.one_of(st.just(""), st.just(""), st.sampled_from(FIELDS)),
    st.sampled_from(WORDS + STOP + OPS + CORES),
    st.sampled_from(SUFFIXES),
)
grammar_query = st.lists(st.tuples(atom, st.sampled_from([" ", " ", " ", "", "  ", "\t"])), max_size=12).map(
    lambda parts: "".join(a + sep for a, sep in parts)
)
GRAMMAR = settings(
    max_examples=1500,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@GRAMMAR
@given(query=grammar_query)
@example(query="x OR y AND z NOT w")
@example(query="(oil gas)^2 AND price")
@example(query="oil^2 OR gas")
@example(query="title:[a TO c] title:[b TO d] OR title:[c TO e]")
@example(query="NOT NOT oil")
@example(query=">5 (>x)")
def test_grammar_queries_compile_to_what_whoosh_parsed(query: str) -> None:
    assert actual(query) == expected(query)


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(
    query=st.one_of(grammar_query, st.just("")),
    filters=st.lists(
        st.builds(
            Filter,
            # not "date": a date filter (the timeline's chip) is newer than the oracle; test_timeline.py
            st.sampled_from([*KEYWORD_FIELDS, "title", "PERSON"]),
            st.sampled_from(["Tony Blair", "tony  blair", "Blair, Tony", "", " ", "*", "London"]),
        ),
        max_size=3,
    ),
)
def test_queries_with_filters_compile_to_what_whoosh_parsed(query: str, filters: list[Filter]) -> None:
    assert actual(query, tuple(filters)) == expected(query, tuple(filters))


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(query=st.text(max_size=60))
def test_arbitrary_text_compiles_to_what_whoosh_parsed(query: str) -> None:
    assert actual(query) == expected(query)


SHORT_SUITE = [s for s in SUITE if len(s) <= 12]  # the hostile tests' tokens among them


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(parts=st.lists(st.sampled_from(SHORT_SUITE), max_size=16), joiner=st.sampled_from([" ", ""]))
def test_the_hostile_tokens_in_any_order_compile_to_what_whoosh_parsed(parts: list[str], joiner: str) -> None:
    query = joiner.join(parts)
    assert actual(query) == expected(query)


# -- a real index: identical hits and scores ---------------------------------------------------

ARTICLES = {
    "business/oil.txt": "---\ntitle: Oil prices climb\ndate: 2005-01-14\nsource: Wire Service\n"
    "author: Jane Doe\n---\nOil prices rose sharply. The price of crude oil climbed as traders "
    "worried about supply. The economy could slow if prices stayed high. E-mail the desk.\n",
    "business/bank.txt": "Bank of England holds rates\n\nThe Bank of England kept interest rates on hold. "
    "The governor said the economic outlook was uncertain and the government should watch spending.\n",
    "politics/blair.txt": "---\ntitle: Blair speaks on the economy\ndate: 2005-02-03\nsection: politics\n"
    "author: John O'Brien\n---\nThe prime minister said the government would cut prices of gas and oil. "
    "Economists and economic advisers were cautious about the economy.\n",
    "politics/brown.txt": "---\ntitle: Budget plans\ndate: 2004-12-20\nsource: Daily Paper\n---\n"
    "The chancellor set out a budget. The minister for energy said gas prices would fall in 2005.\n",
    "tech/phones.txt": "---\ntitle: Mobile phone women\ndate: 2005-03-10\n---\nWomen and woman "
    "buyers of mobile phones pushed prices down; the economist said the economy of phones grew.\n",
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from whoosh.index import open_dir

    from index.build import BuildOptions, update_index
    from index.store.generations import current_generation

    root = tmp_path_factory.mktemp("compile")
    for name, text in ARTICLES.items():
        (root / "archive" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "archive" / name).write_text(text, encoding="utf-8")
    update_index(root / "archive", root / "index", options=BuildOptions(entities=False, procs=1))
    gen = current_generation(root / "index")
    assert gen is not None
    ix = open_dir(str(gen))
    with ix.searcher() as s:
        yield s


def _hits(searcher: Any, q: Any) -> list[tuple[str, float]]:
    results = searcher.search(q, limit=None)
    return sorted((hit["id"], round(hit.score, 9)) for hit in results)


LIVE = [
    *README_QUERIES,
    "oil prices",
    "econom* OR gas",
    "wom?n",
    "*conom*",
    "econ*^2 oil",
    "oil~ price",
    "title:[a TO c]",
    "prices -oil",
    "x (oil -gas)",
    "+oil gas",
    '"prime minister"~3^2 economy',
    "date:[2005 TO 2005-02] OR date:2004",
    "author:O'Brien",
    "section:politics gas",
    "e-mail",
    "oil^2 OR gas",
    "author:doe~",
    "source:wire~ OR pric~",
    "title:[a TO f] OR title:[d TO k]",
]


@pytest.mark.parametrize("query", LIVE)
def test_a_documented_query_finds_the_same_articles_with_the_same_scores(searcher: Any, query: str) -> None:
    """Against the oracle (the reference itself, but for D1 `+oil gas` and D2 `x (oil -gas)`)."""
    reader = searcher.reader()
    try:
        with _oracle():
            old_parsed = ref.parse_query(query)
    except ref.QueryError as exc:
        with pytest.raises(QueryError, match=re.escape(str(exc))):
            parse_query(query)
        return
    vocabulary = Vocabulary.load(Path(searcher._ix.storage.folder))
    old_warnings: list[str] = []
    new_warnings: list[str] = []
    old_q = ref.bound_expansions(old_parsed.query, reader, old_warnings, vocabulary)
    new_node = bound_expansions(parse_query(query).node, ReaderTermSource(reader), vocabulary, new_warnings)
    new_q = to_whoosh(new_node)
    assert canonical(new_q) == canonical(old_q)
    assert new_warnings == old_warnings
    assert _hits(searcher, new_q) == _hits(searcher, old_q)


@pytest.mark.parametrize("query", LIVE)
def test_a_query_highlights_what_it_highlighted_when_whoosh_parsed_it(searcher: Any, query: str) -> None:
    """Terms, phrases and the spans they mark in every article, from the expanded tree alone."""
    reader = searcher.reader()
    vocabulary = Vocabulary.load(Path(searcher._ix.storage.folder))
    try:
        with _oracle():
            old_q = ref.bound_expansions(ref.parse_query(query).query, reader, [], vocabulary)
    except ref.QueryError:
        return
    new_node = bound_expansions(parse_query(query).node, ReaderTermSource(reader), vocabulary, [])
    old = ref.QueryMarks(old_q, reader, vocabulary)
    new = QueryMarks(new_node, vocabulary)
    assert {f: t for f, t in new.terms.items() if f != "date"} == {
        f: t for f, t in old.terms.items() if f != "date"
    }
    assert new.phrases == old.phrases
    for fields in reader.all_stored_fields():
        for field in ("title", "body"):
            assert new.spans(fields[field], field) == old.spans(fields[field], field)


def test_the_live_queries_find_something(searcher: Any) -> None:
    """The score comparison above would be empty talk on queries that match nothing."""
    found = [q for q in LIVE[len(README_QUERIES) :] if _hits(searcher, to_whoosh(parse_query(q).node))]
    assert len(found) >= 12, found
    assert "government" in Vocabulary.load(
        Path(searcher._ix.storage.folder)
    )  # fuzzy words have words to expand to


def test_a_wildcard_over_too_many_words_is_the_same_capped_set(
    searcher: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a small index the cap is lowered to 4 words, in both parsers."""
    import index.query.expand as expand

    monkeypatch.setattr(ref, "MAX_EXPANSION", 4)
    monkeypatch.setattr(expand, "MAX_EXPANSION", 4)
    monkeypatch.setattr(expand, "_LOOKED_AT", 32)
    reader = searcher.reader()
    old_w: list[str] = []
    new_w: list[str] = []
    for query in ("*e*", "econ* OR pr*", "title:[a TO z]", "wom?n ec*"):
        old_q = ref.bound_expansions(ref.parse_query(query).query, reader, old_w)
        new_node = bound_expansions(parse_query(query).node, ReaderTermSource(reader), None, new_w)
        assert canonical(to_whoosh(new_node)) == canonical(old_q), query
        assert new_w == old_w
        assert _hits(searcher, to_whoosh(new_node)) == _hits(searcher, old_q)
    assert any("matches too many words" in w for w in new_w)
