"""Every hostile file of the issue in one archive, through a real `morgue index --json` run.

tests/test_bad_files.py covers each file at the reader level; here the whole
run must survive them together: every bad file is in the run's JSON report
with a reason (or is read, when it is text after all), every good article is
indexed and searchable, nothing hangs, and a second run is a no-op that
reports the same skips without reading anything again.

Tests run as root, where chmod 000 does not stop a read: the unreadable file
is a FIFO (and a folder named like a file); a permission error is covered by
tests/test_bad_files.py with a patched open.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from index.ingest import OUTSIDE_SYMLINK
from index.search import SearchIndex

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import cli, run_morgue

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def good(token: str) -> str:
    return f"Good story {token}\n\nThis article mentions {token} and must be indexed.\n"


# archive-relative path -> content; each good one carries a unique word to search for.
GOOD: dict[str, str] = {f"good/{n:02d}.txt": good(f"goodword{n}") for n in range(6)}
TEXT_AFTER_ALL = {  # odd encodings that are still text: read, not skipped
    "odd/latin1.txt": ("Caf\xe9 story\n\nna\xefve latin1word body.\n".encode("latin-1"), "latin1word"),
    "odd/utf16-bom.txt": ("Sixteen\n\nutf16bomword body.\n".encode("utf-16"), "utf16bomword"),
    "odd/utf16-nobom.txt": ("Sixteen\n\nutf16nobomword body.\n".encode("utf-16-le"), "utf16nobomword"),
    "odd/mixed.txt": ("Mixed\n\nmixedword é ".encode() + b"\xff\xfe bytes\n", "mixedword"),
}
# archive-relative path (as reported) -> the start of the reason the report must give
EXPECTED_SKIPS = {
    "bad/binary.txt": "binary file",
    "bad/binary.json": "binary file",
    "bad/zero.txt": "empty file",
    "bad/zero.json": "empty file",
    "bad/huge-line.txt": "larger than 16 MiB limit",
    "bad/huge-line.jsonl#1": "record 1: line larger than 16 MiB limit",
    "bad/nested.json": "malformed JSON: nested too deeply",
    "bad/malformed.json": "malformed JSON: ",
    "bad/records.jsonl#2": "record 2: malformed JSON",
    "bad/binary-line.jsonl#2": "record 2: binary data",
    "bad/binary.jsonl": "binary file",
    "bad/fifo.txt": "not a regular file",
    "leak.txt": OUTSIDE_SYMLINK,
    "leakdir": OUTSIDE_SYMLINK,
}


def make_archive(root: Path) -> tuple[Path, list[str]]:
    """The archive, and the ids of every article that must be indexed."""
    archive = write_archive(root / "archive", {**FIXTURE_ARTICLES, **GOOD})
    expected = [
        "business/bank.txt",
        "business/oil.md",
        "politics/blair.md",
        "politics/brown.md",
        "tech/games.json#1",
        "tech/games.json#2",
        "tech/phones.txt",
        *GOOD,
    ]
    for rel, (data, _word) in TEXT_AFTER_ALL.items():
        write_archive(archive, {rel: data})
        expected.append(rel)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    write_archive(
        archive,
        {
            "bad/binary.txt": png,
            "bad/binary.json": png,
            "bad/zero.txt": b"",
            "bad/zero.json": b"",
            "bad/nested.json": "[" * 200_000,
            "bad/nested.html": "<html><body>"
            + "<div>" * 100_000
            + "<p>"
            + "nestedhtmlword text. " * 40
            + "</p></body></html>",
            "bad/malformed.json": '[{"title": "ok", "body": "fine"},,]',
            "bad/records.jsonl": json.dumps({"title": "Record one", "body": "jsonlword one."})
            + "\n{broken\n"
            + json.dumps({"title": "Record three", "body": "jsonlword three."})
            + "\n",
            "bad/binary-line.jsonl": json.dumps({"title": "Line one", "body": "binlineword one."}).encode()
            + b"\n\x00\x01\x02\xff\xfe binary \x00\x00\n"
            + json.dumps({"title": "Line three", "body": "binlineword three."}).encode()
            + b"\n",
            "bad/binary.jsonl": png,
            "bad/unsupported.pdf": b"%PDF-1.4 ignored",
            ".hidden/secret.txt": good("hiddenword"),
        },
    )
    expected += [
        "bad/records.jsonl#1",
        "bad/records.jsonl#3",
        "bad/binary-line.jsonl#1",
        "bad/binary-line.jsonl#3",
    ]
    with open(archive / "bad" / "huge-line.txt", "wb") as fh:  # 50 MB, one line
        fh.write(b"x" * (50 * MB))
    with open(archive / "bad" / "huge-line.jsonl", "wb") as fh:
        fh.write(b'{"title": "Huge", "body": "' + b"y" * (50 * MB) + b'"}\n')
        fh.write(json.dumps({"title": "After the huge line", "body": "afterhugeword."}).encode() + b"\n")
    expected.append("bad/huge-line.jsonl#2")
    os.mkfifo(archive / "bad" / "fifo.txt")  # unreadable: opening it would block
    write_archive(archive, {"folder.txt/inside.txt": good("folderword")})  # a folder named like a file
    expected.append("folder.txt/inside.txt")
    # Symlinks: loops inside the archive, and out of it.
    (archive / "loops").mkdir()
    (archive / "loops" / "self.txt").symlink_to("self.txt")
    (archive / "loops" / "up").symlink_to("..", target_is_directory=True)
    (archive / "loops" / "a.txt").symlink_to("b.txt")
    (archive / "loops" / "b.txt").symlink_to("a.txt")
    outside = write_archive(root / "outside", {"secret.txt": good("secretword")})
    (archive / "leak.txt").symlink_to(outside / "secret.txt")
    (archive / "leakdir").symlink_to(outside, target_is_directory=True)
    # File names with a newline and with bytes that are not UTF-8.
    write_archive(archive, {"names/line\nbreak.txt": good("newlineword")})
    with open(os.fsencode(archive / "names") + b"/caf\xe9\xff.txt", "wb") as fh:
        fh.write(good("latin1nameword").encode())
    expected += ["names/line\\nbreak.txt", "names/caf\\xe9\\xff.txt"]
    # Deeper than the walker goes.
    deep = archive.joinpath(*["d"] * 70)
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(good("deepword"))
    return archive, expected


def morgue(archive: Path, index_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_morgue(*args, archive=archive, index=index_dir)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("files-run")
    archive, expected = make_archive(root)
    index_dir = root / "index"
    first = morgue(archive, index_dir, "index", "--json", "--no-entities", "--procs", "1")
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    return {
        "archive": archive,
        "index": index_dir,
        "expected": expected,
        "report": json.loads(first.stdout),
        "root": root,
    }


def reasons(report: dict[str, Any]) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in report["skipped"]}


def test_each_bad_file_is_in_the_report_with_its_reason(run):
    got = reasons(run["report"])
    for path, reason in EXPECTED_SKIPS.items():
        assert path in got, (path, sorted(got))
        assert got[path].startswith(reason), (path, got[path])
    assert any(p.startswith("d/d/d/") and "nested deeper than" in r for p, r in got.items())
    for path, reason in got.items():
        assert reason and "\n" not in path and "Traceback" not in reason


def test_every_good_article_is_indexed_and_none_is_lost(run):
    with SearchIndex(run["index"]) as ix:
        ids = {a.id for a in ix.iter_articles()}
    missing = set(run["expected"]) - ids
    assert not missing, f"articles lost: {sorted(missing)}"
    extra = ids - set(run["expected"])
    assert extra <= {"bad/nested.html"}, extra  # the only file that may go either way
    if "bad/nested.html" not in ids:
        assert "bad/nested.html" in reasons(run["report"])
    assert run["report"]["docs"] == len(ids)


def test_every_good_article_is_searchable_by_its_own_word(run):
    words = [f"goodword{n}" for n in range(6)] + [w for _d, w in TEXT_AFTER_ALL.values()]
    words += ["folderword", "newlineword", "latin1nameword", "afterhugeword"]
    with SearchIndex(run["index"]) as ix:
        for word in words:
            assert ix.search(word).total == 1, word
        assert ix.search("jsonlword").total == 2
        for word in ("secretword", "hiddenword", "deepword"):  # outside, hidden, too deep: not indexed
            assert ix.search(word).total == 0, word


def test_escaped_file_names_open_with_show(run, capsys):
    for article_id, word in (
        ("names/line\\nbreak.txt", "newlineword"),
        ("names/caf\\xe9\\xff.txt", "latin1nameword"),
    ):
        code, out, err = cli(capsys, run["archive"], run["index"], "show", article_id, "--json")
        assert code == 0, err
        data = json.loads(out)
        assert data["id"] == article_id and word in data["body"]


def test_a_second_run_is_a_no_op_that_reports_the_same_skips(run, capsys):
    code, out, err = cli(
        capsys, run["archive"], run["index"], "index", "--json", "--no-entities", "--procs", "1"
    )
    assert code == 0, err
    report = json.loads(out)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 0)
    assert report["unchanged"] == len(run["expected"]) + ("bad/nested.html" not in reasons(run["report"]))
    assert report["docs"] == run["report"]["docs"]
    assert reasons(report) == reasons(run["report"])
    assert report["seconds"] < run["report"]["seconds"] + 5


def test_following_symlinks_reports_the_loops_and_still_loses_nothing(run, capsys):
    index_dir = run["root"] / "index-follow"
    code, out, err = cli(
        capsys,
        run["archive"],
        index_dir,
        "index",
        "--json",
        "--no-entities",
        "--procs",
        "1",
        "--follow-symlinks",
    )
    assert code == 0, err
    got = reasons(json.loads(out))
    for loop in ("loops/self.txt", "loops/a.txt", "loops/b.txt", "loops/up"):
        assert got.get(loop) == "symlink loop", (loop, got.get(loop))
    with SearchIndex(index_dir) as ix:
        ids = {a.id for a in ix.iter_articles()}
        assert set(run["expected"]) <= ids
        assert ix.search("secretword").total >= 1  # followed on request
