"""Hostile and broken files: each is skipped (or handled) with a reason, nothing raises,
nothing hangs, and every good article next to them is still read."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import index.ingest as ingest
from index.ingest import (
    OUTSIDE_SYMLINK,
    SourceFile,
    path_of,
    read_source,
    scan,
)
from index.models import Article, Skip

GOOD = "Good story\n\nThis one must always be indexed.\n"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail, rather than hang, if anything blocks (a FIFO, a symlink loop)."""

    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError("test hung")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def make(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read_all(root: Path, **kw: bool) -> tuple[list[Article], dict[str, str]]:
    files, skips = scan(root, **kw)
    reasons = {s.path: s.reason for s in skips}
    articles: list[Article] = []
    for src in files:
        for item in read_source(src):
            if isinstance(item, Skip):
                reasons[item.path] = item.reason
            else:
                articles.append(item)
    return articles, reasons


def reason_for(root: Path, rel: str, data: bytes | str) -> str:
    path = make(root, rel, data)
    files, _ = scan(root, [path])
    [item] = read_source(files[0])
    assert isinstance(item, Skip), item
    return item.reason


# --- contents ---------------------------------------------------------------------


def test_a_binary_file_is_skipped(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert reason_for(tmp_path, "image.txt", png) == "binary file"
    assert reason_for(tmp_path, "image.md", png) == "binary file"
    assert reason_for(tmp_path, "image.html", png) == "binary file"
    assert reason_for(tmp_path, "image.json", png) == "binary file"
    assert reason_for(tmp_path, "image.jsonl", png) == "binary file"


def test_control_heavy_bytes_without_nuls_are_binary(tmp_path: Path) -> None:
    data = bytes(b % 31 + 1 for b in range(4000))
    assert reason_for(tmp_path, "blob.txt", data) == "binary file"


def test_zero_byte_and_whitespace_only_files_are_empty(tmp_path: Path) -> None:
    for name in ["a.txt", "b.md", "c.html", "d.json", "e.jsonl"]:
        assert reason_for(tmp_path, name, b"") == "empty file"
        assert reason_for(tmp_path, "ws-" + name, b" \n\t\r\n  \n") == "empty file"
    assert reason_for(tmp_path, "bom.txt", "\ufeff \n".encode("utf-16")) == "empty file"


def test_a_50_mb_single_line_text_file_is_skipped_as_too_large(tmp_path: Path) -> None:
    assert reason_for(tmp_path, "huge.txt", b"x" * (50 * MB)) == "larger than 16 MiB limit"


def test_json_over_its_limit_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(ingest.MAX_JSON_BYTES + 1)  # sparse: nothing is written or read
    [src] = scan(tmp_path)[0]
    assert read_source(src) == [Skip("huge.json", "larger than 256 MiB limit")]


def test_a_jsonl_line_over_the_limit_skips_only_that_record(tmp_path: Path) -> None:
    record = json.dumps({"title": "Small", "body": "Fine."})
    with open(tmp_path / "feed.jsonl", "wb") as f:
        f.write(record.encode() + b"\n" + b'{"body": "' + b"x" * (17 * MB) + b'"}\n')
        f.write(record.encode() + b"\n")
    [src] = scan(tmp_path)[0]
    items = read_source(src)
    assert [type(i).__name__ for i in items] == ["Article", "Skip", "Article"]
    assert items[1] == Skip("feed.jsonl#2", "record 2: line larger than 16 MiB limit")
    assert isinstance(items[2], Article) and items[2].id == "feed.jsonl#3"


def test_a_jsonl_file_with_a_line_of_binary_bytes_skips_only_that_record(tmp_path: Path) -> None:
    records = [json.dumps({"title": f"Record {n}", "body": f"Body {n}."}).encode() for n in (1, 3, 4)]
    binary = b"\x00\x01\x02\xff\xfe\x89PNG\x00\x00"
    controls = bytes(b % 31 + 1 for b in range(200)).replace(b"\n", b"")  # no NUL, still not text
    data = records[0] + b"\n" + binary + b"\n" + records[1] + b"\n" + records[2] + b"\n" + controls + b"\n"
    items = read_source(scan(tmp_path, [make(tmp_path, "feed.jsonl", data)])[0][0])
    assert [i.id for i in items if isinstance(i, Article)] == ["feed.jsonl#1", "feed.jsonl#3", "feed.jsonl#4"]
    assert [i for i in items if isinstance(i, Skip)] == [
        Skip("feed.jsonl#2", "record 2: binary data"),
        Skip("feed.jsonl#5", "record 5: binary data"),
    ]


def test_a_jsonl_file_that_is_binary_throughout_is_one_binary_file(tmp_path: Path) -> None:
    lines = b"\n".join(bytes(range(256)) for _ in range(50))
    assert reason_for(tmp_path, "blob.jsonl", lines) == "binary file"


def test_invalid_utf8_mixed_into_utf8_is_read_not_skipped(tmp_path: Path) -> None:
    make(tmp_path, "mixed.txt", "Naïve title\n\n".encode() + b"bad \xff\xfe bytes and \xe9t\xe9\n")
    [a], reasons = read_all(tmp_path)
    assert reasons == {}
    assert a.title == "Naïve title" and a.body == "bad ÿþ bytes and été"


def test_malformed_json_is_skipped_with_the_parser_position(tmp_path: Path) -> None:
    data = '[\n  {"title": "ok", "body": "fine"},\n    ,\n]'
    assert reason_for(tmp_path, "bad.json", data) == ("malformed JSON: Expecting value at line 3 column 5")
    assert reason_for(tmp_path, "trunc.json", '{"title": "cut off').startswith("malformed JSON: ")


def test_deeply_nested_json_is_skipped(tmp_path: Path) -> None:
    assert reason_for(tmp_path, "deep.json", "[" * 100_000) == "malformed JSON: nested too deeply"
    deep_line = "[" * 100_000 + "\n"
    items = read_source(scan(tmp_path, [make(tmp_path, "deep.jsonl", deep_line)])[0][0])
    assert items == [Skip("deep.jsonl#1", "record 1: malformed JSON: nested too deeply")]


def test_a_huge_json_number_is_malformed_not_a_crash(tmp_path: Path) -> None:
    data = '{"title": "t", "body": "b", "n": ' + "9" * 5000 + "}"
    assert reason_for(tmp_path, "num.json", data).startswith("malformed JSON: ")


def test_deeply_nested_html_is_handled_quickly(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 100_000 + "<p>" + "Deep text. " * 40 + "</p></body></html>"
    path = make(tmp_path, "deep.html", page)
    items = read_source(scan(tmp_path, [path])[0][0])
    assert len(items) == 1  # skipped with a reason, or read: never an exception


def test_malformed_html_still_gives_its_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Broken page</title><body><p>Unclosed <b>bold <i>text "
        + "and a long enough paragraph about the council vote on flood defences. " * 5
        + "<p>Second <div>paragraph</span> here.</table></html></html>"
    )
    path = make(tmp_path, "broken.html", page)
    [a] = read_source(scan(tmp_path, [path])[0][0])
    assert isinstance(a, Article), a
    assert "council vote on flood defences" in a.body


def test_a_reader_bug_becomes_a_skip_not_an_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.ingest import readers

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("reader bug")

    monkeypatch.setitem(readers.READERS, ".txt", (boom, readers.MAX_TEXT_BYTES))
    assert reason_for(tmp_path, "x.txt", GOOD) == "could not be read: ValueError: reader bug"


# --- the file system ----------------------------------------------------------------


def test_an_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make(tmp_path, "locked.txt", GOOD)
    [src] = scan(tmp_path)[0]
    real_open = os.open

    def denied(file: object, *args: int, **kwargs: int) -> int:
        if os.fspath(file) == str(path):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    assert read_source(src) == [Skip("locked.txt", "unreadable: permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_chmod_000_file_is_skipped(tmp_path: Path) -> None:
    path = make(tmp_path, "locked.txt", GOOD)
    path.chmod(0)
    try:
        [src] = scan(tmp_path)[0]
        assert read_source(src) == [Skip("locked.txt", "unreadable: permission denied")]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_an_unreadable_folder_is_skipped_and_the_rest_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path, "locked/x.txt", GOOD)
    make(tmp_path, "open/y.txt", GOOD)
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, skips = scan(tmp_path)
    assert [f.rel for f in files] == ["open/y.txt"]
    assert skips == [Skip("locked", "folder unreadable: permission denied")]


def test_a_file_that_vanished_after_the_scan_is_skipped(tmp_path: Path) -> None:
    path = make(tmp_path, "gone.txt", GOOD)
    [src] = scan(tmp_path)[0]
    path.unlink()
    assert read_source(src) == [Skip("gone.txt", "no such file or directory")]


def test_a_fifo_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    make(tmp_path, "good.txt", GOOD)
    files, skips = scan(tmp_path)
    assert [f.rel for f in files] == ["good.txt"]
    assert skips == [Skip("pipe.txt", "not a regular file")]
    # Even handed to the reader directly, a FIFO is refused without blocking.
    refused = [Skip("pipe.txt", "not a regular file")]
    assert read_source(SourceFile(fifo, "pipe.txt", 0, 0)) == refused
    assert scan(tmp_path, [fifo])[1] == [Skip("pipe.txt", "not a regular file")]


def test_symlink_loops_never_hang(tmp_path: Path) -> None:
    make(tmp_path, "a/good.txt", GOOD)
    (tmp_path / "a" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "self").symlink_to("self")
    (tmp_path / "x.txt").symlink_to("y.txt")
    (tmp_path / "y.txt").symlink_to("x.txt")
    articles, reasons = read_all(tmp_path)
    assert [a.id for a in articles] == ["a/good.txt"]
    assert reasons == {}  # links inside the archive are simply not followed

    articles, reasons = read_all(tmp_path, follow_symlinks=True)
    assert [a.id for a in articles] == ["a/good.txt"]
    assert reasons == {
        "a/up": "symlink loop",
        "x.txt": "symlink loop",
        "y.txt": "symlink loop",
        "self": "symlink loop",
    }


def test_a_symlink_out_of_the_archive_is_not_followed_by_default(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    make(archive, "good.txt", GOOD)
    secret = make(tmp_path, "outside/secret.txt", "Secret\n\nNot part of the archive.")
    (archive / "leak.txt").symlink_to(secret)
    (archive / "leakdir").symlink_to(secret.parent, target_is_directory=True)
    articles, reasons = read_all(archive)
    assert [a.id for a in articles] == ["good.txt"]
    assert reasons == {"leak.txt": OUTSIDE_SYMLINK, "leakdir": OUTSIDE_SYMLINK}

    articles, reasons = read_all(archive, follow_symlinks=True)
    assert [a.id for a in articles] == ["good.txt", "leak.txt", "leakdir/secret.txt"]
    assert reasons == {}


def test_a_symlink_inside_the_archive_is_ignored_silently(tmp_path: Path) -> None:
    make(tmp_path, "real/story.txt", GOOD)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real" / "story.txt")
    articles, reasons = read_all(tmp_path)
    assert [a.id for a in articles] == ["real/story.txt"] and reasons == {}


def test_file_names_with_newlines_and_non_utf8_bytes_are_made_safe(tmp_path: Path) -> None:
    make(tmp_path, "line\nbreak.txt", GOOD)
    raw = os.fsencode(tmp_path) + b"/caf\xe9\\x.txt"
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, GOOD.encode())
    os.close(fd)
    articles, reasons = read_all(tmp_path)
    assert reasons == {}
    assert sorted(a.id for a in articles) == ["caf\\xe9\\\\x.txt", "line\\nbreak.txt"]
    for a in articles:
        a.id.encode("utf-8")  # valid UTF-8, printable
        assert re.search(r"[\x00-\x1f\x7f]", a.id) is None
        assert path_of(tmp_path, a.path).is_file()  # the rel maps back to the real file
        assert a.body == "This one must always be indexed."


def test_every_good_article_survives_an_archive_full_of_bad_files(tmp_path: Path) -> None:
    goods = ["a/good.txt", "b/good.md", "c/good.json"]
    make(tmp_path, "a/good.txt", GOOD)
    make(tmp_path, "b/good.md", "# Good\n\nMarkdown body.")
    make(tmp_path, "c/good.json", json.dumps([{"title": "Good", "body": "JSON body."}]))
    make(tmp_path, "bad/binary.txt", b"\x00\x01\x02" * 100)
    make(tmp_path, "bad/empty.md", b"")
    make(tmp_path, "bad/nested.json", "[" * 50_000)
    make(tmp_path, "bad/broken.jsonl", "{nope\n")
    make(tmp_path, "bad/utf16.txt", "Title\n\nBody in UTF-16.".encode("utf-16-le"))
    os.mkfifo(tmp_path / "bad" / "fifo.html")
    (tmp_path / "bad" / "loop").symlink_to("loop")
    articles, reasons = read_all(tmp_path)
    ids = [a.id for a in articles]
    assert ids == ["a/good.txt", "b/good.md", "bad/utf16.txt", "c/good.json#1"]
    assert set(goods) | {"c/good.json"} >= {a.path for a in articles if a.path != "bad/utf16.txt"}
    assert reasons == {
        "bad/binary.txt": "binary file",
        "bad/empty.md": "empty file",
        "bad/nested.json": "malformed JSON: nested too deeply",
        "bad/broken.jsonl#1": "record 1: malformed JSON: Expecting property name enclosed in "
        "double quotes at line 1 column 2",
        "bad/fifo.html": "not a regular file",
    }
