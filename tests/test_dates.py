"""Every date an article's source states is read, with where it was stated; no file time ever is.

One test per format an archive uses (ISO with and without a zone, RFC 2822,
`March 3, 1987`, `3 March 1987`, epoch seconds and milliseconds in JSON,
front matter `date:`/`published:`, HTML metadata, and a date in the path),
and an undated article stays undated.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.ingest import read_source, scan
from index.ingest.path_dates import path_date
from index.models import Article
from index.search import SearchIndex
from index.stats import index_stats


def read(root: Path, rel: str, content: str) -> Article:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    files, _skips = scan(root, [path])
    items = read_source(files[0])
    assert len(items) == 1
    assert isinstance(items[0], Article), items[0]
    return items[0]


def front(date_line: str) -> str:
    return f"---\ntitle: Council\n{date_line}\n---\nThe council met to discuss the budget.\n"


def record(date: object) -> str:
    return json.dumps([{"title": "Wire", "body": "Oil prices rose on Tuesday.", "date": date}])


# --- the formats ------------------------------------------------------------------


def test_an_iso_date_is_read_as_that_day(tmp_path: Path) -> None:
    a = read(tmp_path, "a.md", front("date: 1987-03-03"))
    assert (a.date, a.date_source) == (datetime(1987, 3, 3), "front-matter")


def test_an_iso_timestamp_without_a_zone_keeps_its_time_of_day(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", front("date: 1987-03-03T14:32:10")).date == datetime(1987, 3, 3, 14, 32, 10)


def test_an_iso_timestamp_with_a_zone_is_kept_in_utc(tmp_path: Path) -> None:
    a = read(tmp_path, "a.md", front("date: 1987-03-03T14:32:10+02:00"))
    assert a.date == datetime(1987, 3, 3, 12, 32, 10)


def test_an_iso_timestamp_in_zulu_time_is_read(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", front("date: 1987-03-03T14:32:10Z")).date == datetime(
        1987, 3, 3, 14, 32, 10
    )


def test_an_rfc_2822_date_is_read_with_its_time(tmp_path: Path) -> None:
    a = read(tmp_path, "a.md", front('date: "Tue, 3 Mar 1987 14:32:10 GMT"'))
    assert a.date == datetime(1987, 3, 3, 14, 32, 10)


def test_month_day_comma_year_is_read(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", front('date: "March 3, 1987"')).date == datetime(1987, 3, 3)


def test_day_month_year_is_read(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", front("date: 3 March 1987")).date == datetime(1987, 3, 3)


def test_front_matter_published_is_read_when_there_is_no_date(tmp_path: Path) -> None:
    a = read(tmp_path, "a.txt", front("published: 1987-03-03 09:15"))
    assert (a.date, a.date_source) == (datetime(1987, 3, 3, 9, 15), "front-matter")


def test_epoch_seconds_in_json_are_read_in_utc(tmp_path: Path) -> None:
    a = read(tmp_path, "wire.json", record(541780330))
    assert (a.date, a.date_source) == (datetime(1987, 3, 3, 14, 32, 10), "json")


def test_epoch_milliseconds_in_json_are_read_in_utc(tmp_path: Path) -> None:
    assert read(tmp_path, "wire.json", record(541780330000)).date == datetime(1987, 3, 3, 14, 32, 10)


def test_epoch_seconds_written_as_a_string_in_json_are_read(tmp_path: Path) -> None:
    assert read(tmp_path, "wire.json", record("541780330")).date == datetime(1987, 3, 3, 14, 32, 10)


def test_an_iso_date_in_a_json_lines_record_is_read(tmp_path: Path) -> None:
    line = json.dumps({"title": "Wire", "body": "Oil rose.", "published": "1987-03-03T14:32:10Z"})
    a = read(tmp_path, "wire.jsonl", line + "\n")
    assert (a.date, a.date_source) == (datetime(1987, 3, 3, 14, 32, 10), "json")


def test_html_metadata_gives_the_date(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Floods hit towns</title>"
        '<meta property="article:published_time" content="2005-03-03T14:32:10+00:00">'
        "</head><body><article><h1>Floods hit towns</h1>"
        + "<p>Floods hit the northern towns on Tuesday, and the river rose by two metres overnight.</p>" * 4
        + "</article></body></html>"
    )
    a = read(tmp_path, "page.html", page)
    assert a.date is not None and a.date.date() == datetime(2005, 3, 3).date()
    assert a.date_source == "html"


def test_a_date_in_the_folders_dates_the_article_and_is_not_its_section(tmp_path: Path) -> None:
    a = read(tmp_path, "2005/03/14/council.txt", "Council meets\n\nThe council met.\n")
    assert (a.date, a.date_source, a.section) == (datetime(2005, 3, 14), "path", "")


def test_a_date_in_the_folders_below_a_section_keeps_the_section(tmp_path: Path) -> None:
    a = read(tmp_path, "politics/2005/03/14/council.txt", "Council meets\n\nThe council met.\n")
    assert (a.date, a.section) == (datetime(2005, 3, 14), "politics")


def test_a_dashed_date_starting_the_file_name_dates_the_article(tmp_path: Path) -> None:
    a = read(tmp_path, "blog/2005-03-14-council.md", "# Council meets\n\nThe council met.\n")
    assert (a.date, a.date_source, a.section) == (datetime(2005, 3, 14), "path", "blog")


def test_a_compact_date_starting_the_file_name_dates_the_article(tmp_path: Path) -> None:
    a = read(tmp_path, "20050314_council.txt", "Council meets\n\nThe council met.\n")
    assert (a.date, a.date_source) == (datetime(2005, 3, 14), "path")


def test_a_stated_date_wins_over_the_path_date(tmp_path: Path) -> None:
    a = read(tmp_path, "2005/03/14/council.md", front("date: 2005-03-13T23:00:00"))
    assert (a.date, a.date_source) == (datetime(2005, 3, 13, 23), "front-matter")


@pytest.mark.parametrize("rel", ["20051399_council.txt", "2005/13/01/council.txt", "123456789_x.txt"])
def test_numbers_in_a_path_that_are_not_a_day_give_no_date(rel: str) -> None:
    assert path_date(rel) is None


def test_an_undated_article_stays_undated_whatever_its_file_times(tmp_path: Path) -> None:
    a = read(tmp_path, "news/council.txt", "Council meets\n\nThe council met.\n")
    os.utime(tmp_path / "news/council.txt", (541780330, 541780330))
    again = read_source(scan(tmp_path, [tmp_path / "news/council.txt"])[0][0])[0]
    assert (a.date, a.date_source) == (None, "")
    assert isinstance(again, Article) and again.date is None


def test_an_unreadable_date_leaves_the_article_undated(tmp_path: Path) -> None:
    assert read(tmp_path, "a.md", front("date: sometime last spring")).date is None


# --- reporting ----------------------------------------------------------------------


def test_stats_count_the_dated_articles_by_where_the_date_was_stated(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    read(archive, "2005/03/14/council.txt", "Council meets\n\nThe council met.\n")
    read(archive, "news/fm.md", front("date: 2005-03-15T10:30:00"))
    read(archive, "news/wire.json", record(541780330))
    read(archive, "news/undated.txt", "Undated\n\nNo date here.\n")
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1, entities=False))
    with SearchIndex(tmp_path / "index") as index:
        stats = index_stats(index)
    assert stats.docs == 4
    assert stats.dated_by == {"front-matter": 1, "json": 1, "path": 1}


def test_an_archive_without_dates_reports_none_by_source(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    read(archive, "news/undated.txt", "Undated\n\nNo date here.\n")
    update_index(archive, tmp_path / "index", options=BuildOptions(procs=1, entities=False))
    with SearchIndex(tmp_path / "index") as index:
        assert index_stats(index).dated_by == {}
