"""Plain-text and Markdown articles, the shared Article fields, and scanning an archive."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from index.ingest import SourceFile, content_hash, read_source, scan
from index.ingest.clean import parse_date
from index.models import Article, Skip

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc" / "news"


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read_one(root: Path, rel: str, content: str | bytes) -> Article | Skip:
    write(root, rel, content)
    files, skips = scan(root, [root / rel])
    assert skips == []
    items = read_source(files[0])
    assert len(items) == 1
    return items[0]


def article(root: Path, rel: str, content: str | bytes) -> Article:
    item = read_one(root, rel, content)
    assert isinstance(item, Article), item
    return item


# --- plain text -----------------------------------------------------------------


def test_first_non_empty_line_is_the_title_and_the_rest_the_body(tmp_path: Path) -> None:
    text = "\n\n  Budget row deepens  \n\nFirst paragraph.\n\nSecond one.\n"
    a = article(tmp_path, "a.txt", text)
    assert a.title == "Budget row deepens"
    assert a.body == "First paragraph.\n\nSecond one."


def test_paragraphs_stay_separated_by_a_single_blank_line(tmp_path: Path) -> None:
    a = article(tmp_path, "a.txt", "Title\n\nOne.   \n\n\n\n\nTwo.\nstill two.\t\n\n")
    assert a.body == "One.\n\nTwo.\nstill two."


def test_id_and_path_are_the_archive_relative_posix_path(tmp_path: Path) -> None:
    a = article(tmp_path, "business/2005/rates.txt", "Rates rise\n\nThe bank raised rates.")
    assert a.id == a.path == "business/2005/rates.txt"


def test_section_is_the_immediate_parent_folder(tmp_path: Path) -> None:
    assert article(tmp_path, "sport/x.txt", "T\n\nBody.").section == "sport"
    assert article(tmp_path, "a/b/tech/x.txt", "T\n\nBody.").section == "tech"


def test_section_is_empty_at_the_archive_root(tmp_path: Path) -> None:
    assert article(tmp_path, "x.txt", "T\n\nBody.").section == ""


def test_date_is_none_without_a_stated_date(tmp_path: Path) -> None:
    a = article(tmp_path, "x.txt", "Title\n\nPublished long ago, but the file does not say when.")
    assert a.date is None
    assert (a.source, a.url, a.author) == ("", "", "")


def test_a_title_only_file_is_skipped_for_having_no_body(tmp_path: Path) -> None:
    assert read_one(tmp_path, "x.txt", "Just a headline\n\n") == Skip("x.txt", "no body")


def test_a_long_first_line_gives_a_shortened_title_and_stays_in_the_body(tmp_path: Path) -> None:
    para = "word " * 200
    a = article(tmp_path, "x.txt", para)
    assert a.title.endswith("…") and len(a.title) <= 301
    assert a.body == para.strip()


# --- Markdown and front matter ----------------------------------------------------


def test_markdown_heading_marks_are_stripped_from_the_title(tmp_path: Path) -> None:
    a = article(tmp_path, "x.md", "## Floods in the north ##\n\nRivers burst their banks.")
    assert a.title == "Floods in the north"
    assert a.body == "Rivers burst their banks."


def test_markdown_setext_underline_is_not_part_of_the_body(tmp_path: Path) -> None:
    a = article(tmp_path, "x.markdown", "Floods in the north\n===================\n\nRivers rose.")
    assert a.title == "Floods in the north"
    assert a.body == "Rivers rose."


def test_hash_marks_in_a_txt_title_are_kept(tmp_path: Path) -> None:
    assert article(tmp_path, "x.txt", "# 1 story\n\nBody.").title == "# 1 story"


FRONT = """---
title: "Floods: the aftermath"
date: 2005-03-01T12:30:00+02:00
source: 'The Daily Example'
url: https://example.com/floods  # canonical
author:
  - Jane Reporter
  - Tom O'Hara
section: weather
tags: [a, b]
---
# A different first line

The water receded on Friday.
"""


def test_front_matter_title_wins_over_first_line(tmp_path: Path) -> None:
    a = article(tmp_path, "news/x.md", FRONT)
    assert a.title == "Floods: the aftermath"
    assert a.body == "# A different first line\n\nThe water receded on Friday."


def test_front_matter_fields_are_read_with_quotes_and_comments_stripped(tmp_path: Path) -> None:
    a = article(tmp_path, "news/x.md", FRONT)
    assert a.date == datetime(2005, 3, 1, 10, 30)  # converted to UTC, naive
    assert a.source == "The Daily Example"
    assert a.url == "https://example.com/floods"
    assert a.author == "Jane Reporter, Tom O'Hara"
    assert a.section == "weather"  # the front matter's section beats the folder


def test_front_matter_works_in_txt_files_too(tmp_path: Path) -> None:
    a = article(tmp_path, "x.txt", "---\ntitle: From front matter\ndate: 2005-03-01\n---\nBody.")
    assert (a.title, a.date, a.body) == ("From front matter", datetime(2005, 3, 1), "Body.")


def test_front_matter_title_repeated_as_the_first_heading_is_dropped(tmp_path: Path) -> None:
    a = article(tmp_path, "x.md", "---\ntitle: Storm\n---\n\n# Storm\n\nWind.")
    assert a.body == "Wind."


def test_front_matter_without_title_falls_back_to_the_first_line(tmp_path: Path) -> None:
    a = article(tmp_path, "x.md", "---\nauthor: Ann\n---\n\n# Heading\n\nText.")
    assert (a.title, a.author, a.body) == ("Heading", "Ann", "Text.")


def test_an_unparseable_front_matter_date_is_none_not_a_skip(tmp_path: Path) -> None:
    a = article(tmp_path, "x.md", "---\ntitle: T\ndate: sometime in spring\n---\nBody.")
    assert a.date is None


def test_a_leading_markdown_rule_is_not_front_matter(tmp_path: Path) -> None:
    a = article(tmp_path, "x.md", "---\nNot metadata at all\n---\nTitle below\n\nBody.")
    assert a.title == "---"  # nothing looked like `key: value`, so the text is kept whole
    assert "Not metadata at all" in a.body


def test_unclosed_front_matter_is_read_as_text(tmp_path: Path) -> None:
    a = article(tmp_path, "x.md", "---\ntitle: never closed\n\nBody text.")
    assert a.title == "---"
    assert "title: never closed" in a.body


# --- dates and hashes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2005-03-01", datetime(2005, 3, 1)),
        ("2005-03-01T12:30:00+02:00", datetime(2005, 3, 1, 10, 30)),
        ("2005-03-01T12:30:00Z", datetime(2005, 3, 1, 12, 30)),
        ("2005-03-01 12:00", datetime(2005, 3, 1, 12, 0)),
        ("2005-03-01 12:00:00 -0500", datetime(2005, 3, 1, 17, 0)),
        ("Tue, 01 Mar 2005 12:00:00 GMT", datetime(2005, 3, 1, 12, 0)),
        ("Tue, 01 Mar 2005 12:00:00 +0100", datetime(2005, 3, 1, 11, 0)),
        ("March 1, 2005", datetime(2005, 3, 1)),
        ("1 March 2005", datetime(2005, 3, 1)),
        ("2005/03/01", datetime(2005, 3, 1)),
        ("last Tuesday", None),
        ("2005", None),
        ("", None),
    ],
)
def test_dates_parse_to_naive_utc_or_none(text: str, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_content_hash_ignores_whitespace_and_case() -> None:
    assert content_hash("Rates Rise", "The bank\n\nraised  rates.") == content_hash(
        "rates rise", "the BANK raised rates. "
    )
    assert content_hash("Rates rise", "A") != content_hash("Rates rise", "B")
    assert len(content_hash("t", "b")) == 40


def test_exact_duplicates_in_two_files_share_a_content_hash(tmp_path: Path) -> None:
    a = article(tmp_path, "a/x.txt", "Same story\n\nSame words.")
    b = article(tmp_path, "b/y.txt", "Same story\r\n\r\nSame words.\r\n")
    assert a.content_hash == b.content_hash and a.id != b.id


# --- scanning ---------------------------------------------------------------------


def test_scan_finds_supported_files_in_nested_folders_sorted_by_rel(tmp_path: Path) -> None:
    for rel in ["b/z.txt", "a/deep/er/y.MD", "a/x.json", "c.jsonl", "d.htm", "e.pdf", "f", "g.TXT"]:
        write(tmp_path, rel, "T\n\nB.")
    files, skips = scan(tmp_path)
    assert [f.rel for f in files] == [
        "a/deep/er/y.MD",
        "a/x.json",
        "b/z.txt",
        "c.jsonl",
        "d.htm",
        "g.TXT",
    ]
    assert skips == []


def test_scan_reports_absolute_path_size_and_mtime(tmp_path: Path) -> None:
    path = write(tmp_path, "a/x.txt", "T\n\nBody.")
    [src] = scan(tmp_path)[0]
    assert src == SourceFile(path, "a/x.txt", 8, path.stat().st_mtime_ns)
    assert src.path.is_absolute()


def test_scan_ignores_hidden_files_and_folders(tmp_path: Path) -> None:
    write(tmp_path, ".hidden.txt", "T\n\nB.")
    write(tmp_path, ".git/x.txt", "T\n\nB.")
    write(tmp_path, "a/.cache/x.md", "T\n\nB.")
    write(tmp_path, "a/seen.txt", "T\n\nB.")
    files, skips = scan(tmp_path)
    assert [f.rel for f in files] == ["a/seen.txt"]
    assert skips == []


def test_scan_of_given_paths_returns_only_those(tmp_path: Path) -> None:
    for rel in ["a/1.txt", "a/2.txt", "b/3.txt", "c/4.txt"]:
        write(tmp_path, rel, "T\n\nB.")
    files, skips = scan(tmp_path, [tmp_path / "a", tmp_path / "c" / "4.txt", tmp_path / "a/1.txt"])
    assert [f.rel for f in files] == ["a/1.txt", "a/2.txt", "c/4.txt"]
    assert skips == []


def test_scan_reports_given_paths_it_cannot_take(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    write(archive, "x.pdf", b"%PDF")
    write(archive, ".secret/x.txt", "T\n\nB.")
    outside = write(tmp_path, "elsewhere.txt", "T\n\nB.")
    files, skips = scan(
        archive,
        [archive / "missing.txt", archive / "x.pdf", archive / ".secret" / "x.txt", outside],
    )
    assert files == []
    reasons = {s.path: s.reason for s in skips}
    assert reasons["missing.txt"] == "no such file or directory"
    assert reasons["x.pdf"] == "unsupported file type"
    assert reasons[".secret/x.txt"] == "hidden file or folder, ignored"
    assert reasons[str(outside)] == "outside the archive"


def test_scan_of_a_single_file_uses_its_name_as_rel(tmp_path: Path) -> None:
    path = write(tmp_path, "deep/folder/story.txt", "Story\n\nBody.")
    files, skips = scan(path)
    assert [f.rel for f in files] == ["story.txt"] and skips == []
    [a] = read_source(files[0])
    assert isinstance(a, Article) and a.id == "story.txt" and a.section == ""


def test_scan_of_a_missing_archive_is_a_skip_not_an_exception(tmp_path: Path) -> None:
    files, skips = scan(tmp_path / "nope")
    assert files == [] and skips[0].reason == "no such file or directory"


@pytest.mark.corpus
@pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not present")
def test_the_bbc_corpus_reads_completely_and_quickly() -> None:
    files, skips = scan(BBC)
    assert len(files) == 2095 and skips == []
    start = time.process_time()  # CPU time: not inflated by other processes
    items = [item for src in files for item in read_source(src)]
    elapsed = time.process_time() - start
    assert all(isinstance(a, Article) for a in items)
    articles = [a for a in items if isinstance(a, Article)]
    sections = {"business", "entertainment", "politics", "sport", "tech"}
    assert {a.section for a in articles} == sections
    assert all(a.title and a.body and a.date is None for a in articles)
    assert elapsed < 2.0, f"reading the BBC corpus took {elapsed:.2f} s"
