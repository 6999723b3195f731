"""JSON objects, JSON lists and JSON lines: one article per record."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from index.ingest import read_source, scan
from index.models import Article, Skip


def read(root: Path, rel: str, content: Any, *, raw: bool = False) -> list[Article | Skip]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw:
        data = content.encode("utf-8") if isinstance(content, str) else content
    else:
        data = json.dumps(content).encode("utf-8")
    path.write_bytes(data)
    files, _ = scan(root, [path])
    return read_source(files[0])


def only_article(items: list[Article | Skip]) -> Article:
    [a] = items
    assert isinstance(a, Article), a
    return a


RECORD = {
    "title": "Rates rise again",
    "body": "The central bank raised rates.\n\nMarkets fell.",
    "date": "2005-03-01T09:00:00Z",
    "source": "Example Wire",
    "url": "https://example.com/rates",
    "author": "Ann Economist",
    "likes": 42,
    "tags": ["economy"],
}


def test_a_json_object_is_one_article_with_id_rel(tmp_path: Path) -> None:
    a = only_article(read(tmp_path, "business/rates.json", RECORD))
    assert a.id == a.path == "business/rates.json"
    assert a.title == "Rates rise again"
    assert a.body == "The central bank raised rates.\n\nMarkets fell."
    assert a.date == datetime(2005, 3, 1, 9, 0)
    assert (a.source, a.author) == ("Example Wire", "Ann Economist")
    assert a.url == "https://example.com/rates"
    assert a.section == "business"


def test_a_json_list_gives_one_article_per_record_numbered_from_one(tmp_path: Path) -> None:
    records = [RECORD, {**RECORD, "title": "Second", "body": "Other text."}]
    items = read(tmp_path, "wire.json", records)
    assert [a.id for a in items] == ["wire.json#1", "wire.json#2"]
    assert all(isinstance(a, Article) and a.path == "wire.json" for a in items)


def test_body_text_and_content_are_all_accepted_as_the_body(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "x.json",
        [
            {"title": "A", "text": "From text."},
            {"title": "B", "content": "From content."},
            {"title": "C", "body": "", "text": "Empty body falls through."},
        ],
    )
    assert [a.body for a in items if isinstance(a, Article)] == [
        "From text.",
        "From content.",
        "Empty body falls through.",
    ]


def test_published_is_accepted_as_the_date(tmp_path: Path) -> None:
    record = {"title": "T", "body": "B.", "published": "1 March 2005"}
    a = only_article(read(tmp_path, "x.json", record))
    assert a.date == datetime(2005, 3, 1)


def test_non_string_values_are_coerced_or_ignored(tmp_path: Path) -> None:
    a = only_article(
        read(
            tmp_path,
            "x.json",
            {
                "Title": 2005,
                "BODY": ["First paragraph.", "Second paragraph.", {"ignored": True}],
                "date": 1109678400,
                "source": {"id": "bbc", "name": "BBC News"},
                "author": ["Ann", "Bob"],
                "url": None,
                "section": True,
            },
        )
    )
    assert a.title == "2005"
    assert a.body == "First paragraph.\n\nSecond paragraph."
    assert a.date == datetime(2005, 3, 1, 12, 0)
    assert (a.source, a.author, a.url, a.section) == ("BBC News", "Ann, Bob", "", "")


def test_an_unparseable_date_is_none_not_a_skip(tmp_path: Path) -> None:
    record = {"title": "T", "body": "B.", "date": "the other day"}
    a = only_article(read(tmp_path, "x.json", record))
    assert a.date is None


def test_a_record_section_beats_the_folder(tmp_path: Path) -> None:
    record = {"title": "T", "body": "B.", "section": "sport"}
    a = only_article(read(tmp_path, "misc/x.json", record))
    assert a.section == "sport"


def test_bad_records_are_skipped_one_by_one(tmp_path: Path) -> None:
    items = read(
        tmp_path,
        "x.json",
        [
            RECORD,
            "just a string",
            {"title": "Headline only"},
            {"likes": 3},
            {"body": "No title here.\n\nMore."},
        ],
    )
    assert items[0] == only_article([items[0]])
    assert items[1] == Skip("x.json#2", "record 2: not a JSON object")
    assert items[2] == Skip("x.json#3", "record 3: no body")
    assert items[3] == Skip("x.json#4", "record 4: no title and no body")
    last = items[4]
    assert isinstance(last, Article) and last.title == "No title here." and last.id == "x.json#5"


def test_a_wrapper_object_holding_a_list_of_articles_is_unwrapped(tmp_path: Path) -> None:
    items = read(tmp_path, "feed.json", {"status": "ok", "articles": [RECORD, RECORD]})
    assert [a.id for a in items] == ["feed.json#1", "feed.json#2"]


def test_json_that_holds_no_articles_is_skipped_with_a_reason(tmp_path: Path) -> None:
    assert read(tmp_path, "a.json", []) == [Skip("a.json", "no records")]
    assert read(tmp_path, "b.json", "text") == [
        Skip("b.json", "JSON is neither an object nor a list of objects")
    ]
    assert read(tmp_path, "c.json", {"status": "ok"}) == [
        Skip("c.json", "JSON object without article fields")
    ]


def test_jsonl_gives_one_article_per_line_numbered_by_line(tmp_path: Path) -> None:
    lines = [json.dumps(RECORD), "", json.dumps({**RECORD, "title": "Third line"}), "{oops", "  "]
    items = read(tmp_path, "feed.jsonl", "\n".join(lines) + "\n", raw=True)
    assert [i.path if isinstance(i, Skip) else i.id for i in items] == [
        "feed.jsonl#1",
        "feed.jsonl#3",
        "feed.jsonl#4",
    ]
    assert isinstance(items[1], Article) and items[1].title == "Third line"
    bad = items[2]
    assert isinstance(bad, Skip)
    assert bad.reason.startswith("record 4: malformed JSON: Expecting property name")


def test_jsonl_with_crlf_and_a_bom_reads(tmp_path: Path) -> None:
    data = "\ufeff" + json.dumps(RECORD) + "\r\n" + json.dumps(RECORD) + "\r\n"
    items = read(tmp_path, "x.jsonl", data, raw=True)
    assert [i.id for i in items if isinstance(i, Article)] == ["x.jsonl#1", "x.jsonl#2"]


def test_utf16_jsonl_reads(tmp_path: Path) -> None:
    second = json.dumps({**RECORD, "title": "Zürich"}, ensure_ascii=False)
    data = json.dumps(RECORD) + "\n" + second
    items = read(tmp_path, "x.jsonl", data.encode("utf-16"), raw=True)
    assert [i.title for i in items if isinstance(i, Article)] == ["Rates rise again", "Zürich"]


def test_raw_control_characters_and_lone_surrogates_in_json_strings_are_cleaned(
    tmp_path: Path,
) -> None:
    raw = '{"title": "Tab\there\\u0007", "body": "Bad \\ud800 half\\u001b[31m red"}'
    a = only_article(read(tmp_path, "x.json", raw, raw=True))
    assert a.title == "Tab here"
    assert a.body == "Bad \ufffd half red"


def test_html_entities_in_json_values_are_decoded(tmp_path: Path) -> None:
    record = {"title": "AT&amp;T &#8217;s deal", "body": "Caf&eacute;."}
    a = only_article(read(tmp_path, "x.json", record))
    assert (a.title, a.body) == ("AT&T ’s deal", "Café.")
