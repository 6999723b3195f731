"""Hostile queries: no exception ever escapes the search API, and every call is bounded.

Property tests (Hypothesis) throw random printable and unprintable text,
unbalanced quotes and brackets, deep nesting, unknown fields, wildcards that
would expand to the whole vocabulary and fuzzy terms everywhere at
`search()`, `highlights()`, `cooccurring()` and filters. A query mistake comes
back in `result.error` or `result.warnings`; each example has a generous
deadline (2 s) rather than a timed assertion of speed. The index holds the
fixture articles plus about 3,500 random words, so that `a*`, `*a*` and `?`
have a real vocabulary to expand over. The CLI turns broken queries into exit
code 2 with a message, checked in a few real processes.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.build import BuildOptions, update_index
from index.errors import EXIT_USAGE, NotFoundError
from index.models import GROUPS, Filter, Highlights, SearchResult
from index.search import SORTS, SearchIndex

from .archive_fixtures import FIXTURE_ARTICLES, write_archive

REPO = Path(__file__).resolve().parent.parent
KB100 = 100 * 1024
FIELDS = ("person", "org", "place", "other", "section", "source")
PROPERTY = settings(
    max_examples=120,
    deadline=2000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

TOKENS = [
    "oil",
    "economy",
    "Blair",
    "government",
    "goverment",
    "prime",
    "minister",
    "a",
    "the",
    "e",
    "AND",
    "OR",
    "NOT",
    "TO",
    "and",
    "or",
    "not",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    "*",
    "?",
    "~",
    "~2",
    "~99",
    "^",
    "^3",
    "^-1",
    ":",
    "-",
    "+",
    "\\",
    "/",
    "<",
    ">",
    "<=",
    ">=",
    "=",
    "<>",
    "!",
    "&&",
    "||",
    "%",
    "$",
    "#",
    "@",
    ",",
    ";",
    ".",
    "title:",
    "body:",
    "person:",
    "place:",
    "org:",
    "other:",
    "section:",
    "source:",
    "date:",
    "id:",
    "path:",
    "TITLE:",
    "colour:",
    "x:",
    "date:>",
    "date:<",
    "date:[2004 TO 2005]",
    "[a TO z]",
    "{a TO b}",
    "[* TO *]",
    "a*",
    "*a*",
    "?",
    "??",
    "*e",
    "e?",
    "econ*",
    "*:*",
    "t*t",
    "*?*",
    "oil~",
    "o~",
    "~~",
    '"prime minister"~3',
    "\x00",
    "\x1b",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x9b",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ud800",
    "日本",
    "é",
    "ß",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "2005",
    "2005-03",
    "10:30",
    "-1",
    "1e308",
]
token_queries = st.lists(st.sampled_from(TOKENS), max_size=40)
hostile_query = st.one_of(
    token_queries.map(" ".join),
    token_queries.map("".join),
    st.text(max_size=300),
    st.text(
        alphabet=st.characters(categories=["Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp", "Po", "Ps", "Pe", "Sm"]),
        max_size=200,
    ),
)
nested_query = st.builds(
    lambda opens, closes, word, quote: "(" * opens + quote + word + ")" * closes,
    st.integers(0, 60),
    st.integers(0, 60),
    st.sampled_from(["oil", "a*", "*a*", "?", "oil~", "title:x", ""]),
    st.sampled_from(["", '"', "'", "[", "{"]),
)
hostile_filter = st.builds(
    Filter,
    st.sampled_from([*FIELDS, "title", "body", "date", "", "PERSON", "x"]),
    st.one_of(
        st.text(max_size=80), st.sampled_from(["Tony Blair", "tony blair", "", " ", "*", "a*", '"', "Blair~"])
    ),
)
HUGE = [
    "a* " * (KB100 // 3),
    "*a* " * (KB100 // 4),
    "oil~ " * (KB100 // 5),
    "(" * KB100,
    "(" * KB100 + "oil" + ")" * KB100,
    '"' * KB100,
    "[" * KB100,
    "x" * KB100,
    "? " * (KB100 // 2),
    "".join(chr(c) for c in range(0x20, 0x20 + KB100 // 2)),
    "\x1b[" * (KB100 // 2),
]


def vocabulary_archive(root: Path) -> Path:
    rng = random.Random(20050314)
    words = sorted(
        {
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
            for _ in range(4000)
        }
    )
    files: dict[str, str | bytes] = dict(FIXTURE_ARTICLES)
    for n in range(30):
        files[f"vocabulary/{n:02d}.txt"] = f"Vocabulary {n}\n\n" + " ".join(
            rng.choice(words) for _ in range(250)
        )
    return write_archive(root, files)


@pytest.fixture(scope="module")
def index_dirs(tmp_path_factory, built_fixture) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile-queries")
    archive = vocabulary_archive(root / "archive")
    update_index(archive, root / "index", options=BuildOptions(entities=False, procs=1))
    return {"vocabulary": root / "index", "entities": built_fixture[1]}


@pytest.fixture(scope="module")
def ix(index_dirs):
    with SearchIndex(index_dirs["vocabulary"]) as index:
        index.search("goverment")  # load the vocabulary once, outside any deadline
        yield index


@pytest.fixture(scope="module")
def ents(index_dirs):
    with SearchIndex(index_dirs["entities"]) as index:
        index.search("goverment")
        yield index


def check(result: SearchResult, limit: int = 20) -> None:
    assert isinstance(result, SearchResult)
    assert all(isinstance(w, str) and w for w in result.warnings)
    if result.error is not None:
        assert isinstance(result.error, str) and result.error
        assert result.total == 0 and result.hits == ()
        return
    assert len(result.hits) <= max(0, limit)
    assert result.total >= len(result.hits) + (result.offset if result.hits else 0)
    for hit in result.hits:
        assert all(0 <= s < e <= len(hit.title) for s, e in hit.title_matches)
        for fragment in hit.fragments:
            assert all(0 <= s < e <= len(fragment.text) for s, e in fragment.matches)


@PROPERTY
@given(query=hostile_query)
@example(query="a*")
@example(query="*a*")
@example(query="?")
@example(query="??")
@example(query="*?*?*?*")
@example(query="[a TO z]")
@example(query="{a TO zzzz}")
@example(query="date:oil~")
@example(query="<>")
@example(query="a~ b~ c~ d~ e~ f~ g~ h~ i~ j~ k~")
@example(query="title:title:title:oil")
def test_no_query_string_makes_search_raise(ix, query):
    check(ix.search(query))


@PROPERTY
@given(query=nested_query)
def test_deep_and_unbalanced_nesting_is_repaired_or_refused(ix, query):
    result = ix.search(query)
    check(result)
    depth = query.count("(")
    if depth > 20 and query.count(")") >= depth:
        assert result.error and "nests" in result.error


@PROPERTY
@given(
    query=hostile_query,
    sort=st.one_of(st.sampled_from(SORTS), st.text(max_size=10)),
    offset=st.integers(-(10**6), 10**6),
    limit=st.integers(-(10**6), 10**6),
)
@example(query="oil", sort="relevance", offset=10**18, limit=10**18)
@example(query="e*", sort="newest", offset=-1, limit=-1)
def test_sorts_offsets_and_limits_of_any_value_never_raise(ix, query, sort, offset, limit):
    check(ix.search(query, sort=sort, offset=offset, limit=limit), limit=min(limit, 1000))


@PROPERTY
@given(query=st.one_of(hostile_query, st.just("")), filters=st.lists(hostile_filter, max_size=4))
@example(query="", filters=[Filter("person", "Tony Blair")])
@example(query="*", filters=[Filter("person", "Tony Blair")])
@example(query="", filters=[Filter("colour", "red")])
def test_hostile_filter_values_never_raise(ents, query, filters):
    result = ents.search(query, filters=tuple(filters))
    check(result)
    if any(f.field not in FIELDS for f in filters):
        assert result.error


@pytest.mark.parametrize("query", HUGE, ids=[f"{q[:6]!r}x{len(q)}" for q in HUGE])
def test_100_kb_queries_are_cut_or_refused_quickly(ix, query):
    result = ix.search(query)
    check(result)
    assert result.error or any("cut" in w for w in result.warnings)
    assert ix.highlights("business/oil.md", query) is not None


def test_wildcards_over_the_whole_vocabulary_are_bounded_with_a_warning(ix):
    for query in ("*a*", "?*", "*?*?*", "[a TO z]"):
        result = ix.search(query)
        assert result.error is None and result.total > 30, query
        assert any("matches too many words" in w for w in result.warnings), (query, result.warnings)
    assert ix.search("a*").error is None and ix.search("?").error is None


@PROPERTY
@given(
    doc_id=st.one_of(
        st.sampled_from(["business/oil.md", "tech/games.json#1", "vocabulary/03.txt"]), st.text(max_size=60)
    ),
    query=st.one_of(hostile_query, nested_query),
)
@example(doc_id="business/oil.md", query='oil~ *i* [a TO z] "oil prices"~2')
def test_highlights_never_raise_and_stay_inside_the_text(ix, doc_id, query):
    marks = ix.highlights(doc_id, query)
    assert isinstance(marks, Highlights)
    try:
        article = ix.article(doc_id)
    except NotFoundError:
        assert marks == Highlights((), ())
        return
    assert all(0 <= s < e <= len(article.title) for s, e in marks.title)
    assert all(0 <= s < e <= len(article.body) for s, e in marks.body)


@PROPERTY
@given(
    field=st.one_of(st.sampled_from([*GROUPS, "section", "source"]), st.text(max_size=10)),
    value=st.one_of(st.sampled_from(["Tony Blair", "London", "*", ""]), st.text(max_size=60)),
    query=st.one_of(st.just(""), hostile_query),
    filters=st.lists(hostile_filter, max_size=2),
    limit=st.integers(-5, 50),
)
@example(field="person", value="Tony Blair", query="", filters=[], limit=10)
def test_cooccurring_never_raises_for_hostile_values(ents, field, value, query, filters, limit):
    groups = ents.cooccurring(field, value, query, tuple(filters), limit=limit)
    assert isinstance(groups, dict)
    for counts in groups.values():
        assert all(c.count > 0 for c in counts)


@PROPERTY
@given(doc_id=st.text(max_size=80))
def test_unknown_article_ids_are_a_not_found_error(ix, doc_id):
    for call in (ix.article, ix.more_like):
        try:
            call(doc_id)
        except NotFoundError as exc:
            assert "No article" in exc.message


# -- the CLI -------------------------------------------------------------------------


@pytest.mark.slow
def test_the_cli_exits_2_with_a_message_and_no_traceback_for_broken_queries(index_dirs):
    """A handful of broken queries in one real process each: exit 2, a message, nothing else."""
    broken = ["*", "(" * 30 + "oil" + ")" * 30, "AND", "<>", "\x1b\u202e\x07\x9b AND -", "title:*"]
    code = (
        "import sys\nfrom tui.launcher import main\n"
        "from index import cli\n"
        f"for q in {broken!r}:\n"
        f"    rc = cli.main(['search', q, '--index', {str(index_dirs['vocabulary'])!r}])\n"
        "    print('rc', rc, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "MORGUE_ARCHIVE": str(REPO / "seeds")},
    )
    err = result.stderr
    assert result.returncode == 0, err
    assert err.count(f"rc {EXIT_USAGE}") == len(broken), err
    assert err.count("morgue: ") == len(broken)
    assert "Traceback" not in err and "internal error" not in err
    assert "\x1b]" not in err and "\x07" not in err and "\u202e" not in err
    assert result.stdout == ""
    empty = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tui.launcher import main; main()",
            "search",
            "",
            "--index",
            str(index_dirs["vocabulary"]),
            "--archive",
            str(REPO / "seeds"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert (
        empty.returncode == EXIT_USAGE
        and "Type something" in empty.stderr
        and "Traceback" not in empty.stderr
    )
