"""The timeline: a query's results counted over time, from the date column, as `morgue timeline` prints them.

On a small dated archive every count is checked by hand; on a Reuters 1987
subset (skipped without ../shared) every query of the benchmark workload
must agree with search: the buckets and the undated add up to the total, and
a bucket holds exactly what `QUERY date:BUCKET` (and its drill-down filter) finds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.models import Filter
from index.query import QueryError
from index.search import SearchIndex
from index.timeline import choose_granularity, sparkline, timeline, zoomed

from .bench.workload import QUERIES, Query
from .conftest import SHARED
from .morgue_runner import cli

REUTERS = SHARED / "corpora" / "reuters-1987" / "reuters-1987.jsonl"
REUTERS_STEP = 6  # every 6th story: ~1,800 from February to October, a build of seconds
# Words of the wire stories themselves, beside the workload's (written for BBC).
EXTRA = (Query("wire", "cocoa"), Query("wire", "oil"), Query("wire", "dollar OR yen"))


def story(title: str, when: str | None, body: str = "The council debated the budget.") -> str:
    date_line = f"date: {when}\n" if when else ""
    return f"---\ntitle: {title}\n{date_line}---\n{body}\n"


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("timeline")
    archive = root / "archive"
    stories = {
        "a.md": story("A", "1987-03-02T09:00:00"),
        "b.md": story("B", "1987-03-04T23:59:59"),
        "c.md": story("C", "1987-03-16"),
        "d.md": story("D", "1987-05-01"),
        "e.md": story("E", None),
        "f.md": story("F", "1987-03-03", body="Nothing about money here."),
        "1987/06/01/g.txt": "G\n\nThe budget again.\n",
    }
    for rel, text in stories.items():
        (archive / rel).parent.mkdir(parents=True, exist_ok=True)
        (archive / rel).write_text(text, encoding="utf-8")
    update_index(archive, root / "index", options=BuildOptions(procs=1, entities=False))
    return archive, root / "index"


def test_counts_by_month_include_the_empty_months_between(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as index:
        t = timeline(index, "budget", by="month")
    assert [(b.label, b.count) for b in t.buckets] == [
        ("1987-03", 3),
        ("1987-04", 0),
        ("1987-05", 1),
        ("1987-06", 1),
    ]
    assert (t.undated, t.total) == (1, 6)
    assert t.buckets[0].start == date(1987, 3, 1) and t.buckets[0].end == date(1987, 4, 1)


def test_weeks_start_on_monday_and_drill_down_to_their_days(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as index:
        t = timeline(index, "budget", by="week")
        first = t.buckets[0]
        assert (first.start, first.end, first.count) == (date(1987, 3, 2), date(1987, 3, 9), 2)
        assert first.query == "date:[1987-03-02 TO 1987-03-08]"
        assert index.search("budget", filters=(first.filter,)).total == 2
        assert index.search(f"budget {first.query}").total == 2


def test_a_day_keeps_an_article_dated_late_that_evening(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as index:
        t = timeline(index, "budget", by="day")
        day = next(b for b in t.buckets if b.start == date(1987, 3, 4))
        assert day.count == 1
        assert index.search(f"budget {day.query}").total == 1


def test_the_whole_archive_is_the_timeline_of_no_query(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as index:
        t = timeline(index, "", by="year")
    assert [(b.label, b.count) for b in t.buckets] == [("1987", 6)]
    assert (t.undated, t.total) == (1, 7)


def test_filters_narrow_the_timeline_as_they_narrow_search(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as index:
        t = timeline(index, "budget", (Filter("date", "1987-03"),), by="month")
    assert [(b.label, b.count) for b in t.buckets] == [("1987-03", 3)]
    assert (t.undated, t.total) == (0, 3)


def test_the_counts_agree_warmed_up_after_a_search_and_one_shot(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as cold:
        one_shot = timeline(cold, "budget", by="day")  # from the matches' own column values
    with SearchIndex(dated[1]) as warm:
        warm.warm_up()  # as the TUI opens it: from the facet map's days
        fresh = timeline(warm, "budget", by="day")
        warm.search("budget")
        after_search = timeline(warm, "budget", by="day")  # the search's matches, reused
        warm.search("council")
        other = timeline(warm, "budget", by="day")  # another query's matches are not reused
    assert one_shot == fresh == after_search == other
    assert sum(b.count for b in one_shot.buckets) == 5


def test_the_command_takes_a_date_filter(
    dated: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = cli(
        capsys, *dated, "timeline", "budget", "--filter", "date:1987-03-01..1987-03-10", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert (data["by"], [b["count"] for b in data["buckets"]], data["total"]) == ("day", [1, 0, 1], 2)


def test_a_query_that_cannot_run_raises_a_query_error(dated: tuple[Path, Path]) -> None:
    with SearchIndex(dated[1]) as index, pytest.raises(QueryError):
        timeline(index, "*")


def test_the_granularity_follows_the_span() -> None:
    assert choose_granularity(date(1987, 3, 1), date(1987, 3, 20)) == "day"
    assert choose_granularity(date(1987, 2, 26), date(1987, 10, 20)) == "week"
    assert choose_granularity(date(1985, 1, 1), date(1987, 10, 20)) == "month"
    assert choose_granularity(date(1950, 1, 1), date(1987, 10, 20)) == "year"


def test_zooming_stops_at_day_and_year() -> None:
    assert zoomed("month", -1) == "week" and zoomed("day", -1) == "day"
    assert zoomed("month", +1) == "year" and zoomed("year", +1) == "year"


def test_a_sparkline_scales_to_the_largest_count_and_leaves_none_blank() -> None:
    assert sparkline([8, 0, 1, 4]) == "█ ▁▄"
    assert sparkline([0, 0]) == "  "


def test_the_command_prints_the_issue_s_json_shape(
    dated: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = cli(capsys, *dated, "timeline", "budget", "--by", "month", "--json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["query", "by", "buckets", "undated", "total"]
    assert data["buckets"][0] == {"start": "1987-03-01", "end": "1987-04-01", "count": 3}
    assert (data["query"], data["by"], data["undated"], data["total"]) == ("budget", "month", 1, 6)


def test_the_command_draws_a_histogram(dated: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = cli(capsys, *dated, "timeline", "budget", "--by", "month")
    assert code == 0
    assert "█ ▃▃" in out  # March's 3, April's none, May and June's 1 each
    assert "1987-04  0" in out and "undated: 1 · total: 6" in out


def test_the_command_says_plainly_when_every_article_is_undated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive"
    (archive / "news").mkdir(parents=True)
    (archive / "news" / "a.txt").write_text("A\n\nThe budget.\n", encoding="utf-8")
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1, entities=False))
    code, out, _err = cli(capsys, archive, tmp_path / "index", "timeline", "budget")
    assert code == 0
    assert "All 1 matching articles are undated" in out and "█" not in out


def test_search_since_and_until_keep_the_articles_of_those_dates(
    dated: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = cli(
        capsys, *dated, "search", "budget", "--since", "1987-03-04", "--until", "1987-05", "--format", "ids"
    )
    assert code == 0
    assert sorted(out.split()) == ["b.md", "c.md", "d.md"]


def test_an_unreadable_since_is_a_usage_error(
    dated: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = cli(capsys, *dated, "search", "budget", "--since", "soon")
    assert code == 2
    assert "could not be read" in err


# --- the Reuters acceptance -------------------------------------------------------------


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not REUTERS.is_file():
        pytest.skip("the Reuters corpus (../shared/corpora/reuters-1987) is not present")
    root = tmp_path_factory.mktemp("reuters")
    lines = REUTERS.read_text(encoding="utf-8").splitlines()[::REUTERS_STEP]
    (root / "archive").mkdir()
    (root / "archive" / "reuters.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    update_index(root / "archive", root / "index", options=BuildOptions(procs=1, entities=False))
    return root / "index"


def test_reuters_timelines_agree_with_search_for_every_workload_query(reuters: Path) -> None:
    checked = 0
    with SearchIndex(reuters) as index:
        for q in (*QUERIES, *EXTRA):
            filters = tuple(Filter(f, v) for f, v in q.filters)
            found = index.search(q.text, filters=filters, limit=0, facets=False)
            if found.error:
                continue
            t = timeline(index, q.text, filters, by="month")
            assert sum(b.count for b in t.buckets) + t.undated == t.total == found.total, q.label
            for bucket in t.buckets:
                text = f"({q.text}) {bucket.query}" if q.text.strip() else bucket.query
                assert index.search(text, filters=filters, limit=0, facets=False).total == bucket.count, (
                    q.label,
                    bucket.label,
                )
                drilled = index.search(q.text, filters=(*filters, bucket.filter), limit=0, facets=False)
                assert drilled.total == bucket.count, (q.label, bucket.label)
            checked += bool(t.buckets)
    assert checked >= 10  # the workload's words do occur in 1987 wire stories


def test_reuters_weeks_agree_with_search(reuters: Path) -> None:
    with SearchIndex(reuters) as index:
        t = timeline(index, "oil")
        assert t.by == "week" and len(t.buckets) > 20
        assert sum(b.count for b in t.buckets) + t.undated == t.total
        for bucket in t.buckets[:: max(1, len(t.buckets) // 6)]:
            assert index.search(f"oil {bucket.query}", limit=0, facets=False).total == bucket.count
