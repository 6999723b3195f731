"""Untrusted text reaching a terminal is inert; `--json` keeps it exact, and escaped.

An archive's titles, bodies, metadata and entity names carry Rich/Textual
markup (`[bold]`, `[/]`, `[link=file:///etc/passwd]x[/link]`), ANSI CSI and
OSC sequences (an OSC 52 clipboard write, a window-title change, 8-bit CSI),
bidirectional overrides and isolates, and zero-width characters. Raw bytes go
into a .txt file and JSON-escaped (`\\u001b`) into a .json file. On a
terminal (forced with FORCE_COLOR, and a real pty), `morgue search`, `show`,
`list`, `stats`, `entities` and `related` may only emit the SGR colour codes
rich itself writes: every ESC starts a `\\x1b[...m` sequence, there is no OSC
and no BEL, no bidi or zero-width code point, and the markup shows literally.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from index.build import BuildOptions, update_index
from index.cli.main import main
from index.search import SearchIndex
from index.text.safe_text import PLACEHOLDER

REPO = Path(__file__).resolve().parent.parent

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # clipboard write
TITLE_CHANGE = "\x1b]0;pwned\x07"
CSI = "\x1b[2J\x1b[31m"
MARKUP = "[bold]Bold[/bold] [/] [link=file:///etc/passwd]x[/link]"
INVISIBLE = "\u202eevil\u202c zero\u200bwidth \u2066iso\u2069 \u061cmark\ufeff"
HOSTILE = f"{MARKUP} {INVISIBLE} {OSC52}{TITLE_CHANGE}{CSI}\x9b2J\x07"
# Code points that must never reach a terminal raw.
DANGEROUS = ["\x07", "\x9b", "\u202e", "\u202c", "\u200b", "\u2066", "\u2069", "\u061c", "\ufeff", "\u2028"]
SGR = re.compile(r"\x1b\[[0-9;]*m")

RECORD = {
    "title": f"Hostile title {HOSTILE}",
    "body": (
        f"Yesterday John \u2066Doe\u2069 of Microsoft Corporation spoke in Berlin about oil. {HOSTILE}\n\n"
        f"Later Mark Twain\u200b met Mary Smith\u200b in Madrid. The Bank of [red]England[/red] said oil. "
        f"Second [red]paragraph[/red]\u2028 line with oil. {OSC52}"
    ),
    "source": f"[red]Evil[/red] Source\u202e{TITLE_CHANGE}",
    "section": "[/]sec\u200btion",
    "author": f"[link=file:///etc/passwd]Author[/link]{OSC52}",
    "url": "https://example.org/[bold]\u202e",
    "date": "2005-03-01",
}
RAW_TXT = (
    b"\x1b]0;pwned\x07Raw [bold]title[/bold] \xe2\x80\xae rtl\n\n"
    b"\x1b[31mred\x1b[0m oil text \x1b]52;c;SGVsbG8=\x07 [link=file:///etc/passwd]click[/link]"
    b" \xe2\x80\x8b zw \xc2\x9b2J. Peter Jones spoke in Paris.\n"
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile-terminal")
    archive = root / "archive"
    (archive / "wire").mkdir(parents=True)
    (archive / "wire" / "hostile.json").write_text(json.dumps([RECORD]))  # ESC as \u001b in the file
    (archive / "wire" / "raw.txt").write_bytes(RAW_TXT)
    (archive / "wire" / "plain.txt").write_text(
        "Plain oil story\n\nNothing odd about this oil story at all.\n"
    )
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1))  # entities too: their names are hostile
    return archive, index_dir


@pytest.fixture(scope="module")
def stored(hostile) -> dict[str, object]:
    with SearchIndex(hostile[1]) as ix:
        return {a.id: ix.article(a.id) for a in ix.iter_articles()}


def assert_inert(output: str) -> None:
    """Only rich's own SGR codes; no other escape, control, bidi or invisible code point."""
    without_sgr = SGR.sub("", output)
    assert "\x1b" not in without_sgr, repr(without_sgr[max(0, without_sgr.find("\x1b") - 40) :][:120])
    for cp in DANGEROUS:
        assert cp not in output, f"U+{ord(cp):04X} reached the terminal"
    controls = {c for c in without_sgr if (ord(c) < 32 and c not in "\n\t\r") or 0x7F <= ord(c) <= 0x9F}
    assert not controls, controls


def assert_markup_literal(output: str) -> None:
    plain = SGR.sub("", output)
    assert "[link=file:///etc/passwd]x[/link]" in plain
    assert "[bold]Bold[/bold] [/]" in plain


@pytest.fixture
def terminal(monkeypatch):
    """Make rich believe it writes to a colour terminal, wide enough not to wrap."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(capsys, hostile, *args: str) -> tuple[int, str, str]:
    archive, index_dir = hostile
    code = main([*args, "--archive", str(archive), "--index", str(index_dir)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ingest_removed_every_escape_sequence_but_kept_markup_bidi_and_zero_width(stored):
    for article in stored.values():
        for text in (
            article.title,
            article.body,
            article.source,
            article.section,
            article.author,
            article.url,
        ):
            assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    hostile_json = stored["wire/hostile.json#1"]
    assert hostile_json.title.startswith(f"Hostile title {MARKUP} {INVISIBLE}")
    assert "[link=file:///etc/passwd]click[/link]" in stored["wire/raw.txt"].body


def test_search_on_a_terminal_is_inert_and_shows_markup_literally(terminal, capsys, hostile):
    code, out, err = run(capsys, hostile, "search", "oil")
    assert code == 0, err
    assert "\x1b[" in out, "rich should colour a terminal"
    assert_inert(out + err)
    assert_markup_literal(out)
    assert PLACEHOLDER in out  # bidi and zero-width shown as visible placeholders


def test_show_on_a_terminal_is_inert_for_title_body_metadata_and_entities(terminal, capsys, hostile, stored):
    code, out, err = run(capsys, hostile, "show", "wire/hostile.json#1", "--query", "oil")
    assert code == 0, err
    assert_inert(out + err)
    assert_markup_literal(out)
    plain = SGR.sub("", out)
    assert "[link=file:///etc/passwd]Author[/link]" in plain and "[red]Evil[/red] Source" in plain
    names = [e.name for e in stored["wire/hostile.json#1"].entities]
    assert any("\u2066" in n or "\u200b" in n for n in names), names  # entity names are hostile too
    assert "People:" in plain and f"John {PLACEHOLDER}Doe{PLACEHOLDER}" in plain


def test_show_of_a_raw_text_file_is_inert(terminal, capsys, hostile):
    code, out, err = run(capsys, hostile, "show", "wire/raw.txt")
    assert code == 0, err
    assert_inert(out + err)
    assert "[link=file:///etc/passwd]click[/link]" in SGR.sub("", out)


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("stats",),
        ("entities",),
        ("related", "wire/hostile.json#1"),
        ("search", "goverment \u202e[bold]x\x1b]0;t\x07 colour:red"),
    ],
    ids=["list", "stats", "entities", "related", "search with a hostile query"],
)
def test_every_other_command_on_a_terminal_is_inert(terminal, capsys, hostile, command):
    code, out, err = run(capsys, hostile, *command)
    assert code in (0, 1), err
    assert_inert(out + err)
    if command[0] == "list":
        assert "[link=file:///etc/passwd]x[/link]" in out


def test_errors_that_quote_untrusted_text_are_inert(terminal, capsys, hostile):
    code, out, err = run(capsys, hostile, "show", f"no such id {OSC52}{TITLE_CHANGE}\u202e")
    assert code == 5
    assert_inert(out + err)


@pytest.mark.parametrize(
    ("command", "pick"),
    [
        (("show", "wire/hostile.json#1"), lambda data: data),
        (("search", "hostile"), lambda data: data["hits"][0]),
        (("list",), None),
    ],
    ids=["show", "search", "list"],
)
def test_json_keeps_the_text_exact_with_dangerous_code_points_escaped(capsys, hostile, stored, command, pick):
    code, out, err = run(capsys, hostile, *command, "--json")
    assert code == 0, err
    for cp in DANGEROUS:
        assert cp not in out
    assert "\\u202e" in out and "\\u200b" in out
    article = stored["wire/hostile.json#1"]
    if pick is None:
        rows = [json.loads(line) for line in out.splitlines()]
        data = next(r for r in rows if r["id"] == article.id)
    else:
        data = pick(json.loads(out))
    assert data["title"] == article.title
    if "body" in data:
        assert data["body"] == article.body
        assert (
            data["author"] == article.author
            and data["source"] == article.source
            and data["url"] == article.url
        )
    if "fragments" in data:
        folded_body = " ".join(article.body.split())  # a fragment may span a paragraph break
        for fragment in data["fragments"]:
            assert " ".join(fragment["text"].strip("…").split()) in folded_body


def test_a_json_query_and_suggestion_echo_the_hostile_query_exactly(capsys, hostile):
    query = "goverment \u202e[bold]x[/bold]"
    code, out, _err = run(capsys, hostile, "search", query, "--json")
    assert code in (0, 1)
    assert "\u202e" not in out
    assert json.loads(out)["query"] == query


@pytest.mark.slow
def test_a_real_pty_sees_only_sgr_codes(hostile):
    """rich decides for itself that it writes to a terminal: no environment forcing."""
    archive, index_dir = hostile
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "COLUMNS")
    }
    env["TERM"] = "xterm-256color"
    code = (
        "import sys\nfrom index.cli.main import main\n"
        f"where = ['--archive', {str(archive)!r}, '--index', {str(index_dir)!r}]\n"
        "rc = [main(['search', 'oil', *where]), main(['show', 'wire/hostile.json#1', '--query', 'oil', *where]),\n"
        "      main(['show', 'wire/raw.txt', *where]), main(['stats', *where]), main(['list', *where])]\n"
        "print('RC', rc)\n"
    )
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 400, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the pty
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    output = b"".join(chunks).decode("utf-8", "replace")
    assert "RC [0, 0, 0, 0, 0]" in output, output[-2000:]
    assert "\x1b[" in output, "rich did not see a terminal"
    assert_inert(output)
    assert_markup_literal(output)


def test_the_index_report_on_a_terminal_is_inert_for_hostile_file_names(terminal, capsys, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    raw = os.fsencode(archive)
    for name, data in [
        (b"\x1b]0;pwned\x07[bold]x[red].txt", b"\x00\x01binary\x00" * 50),  # skipped: reported by name
        (b"\xe2\x80\xae\x1b[2Jevil.txt", b""),  # empty: reported by name
        (b"ok\x9b[link=file:]y[bold].txt", b"Fine story\n\nAn ordinary body.\n"),
    ]:
        with open(raw + b"/" + name, "wb") as fh:
            fh.write(data)
    code = main(["index", "--archive", str(archive), "--index", str(tmp_path / "index"), "--no-entities"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "skipped" in captured.err and "[bold]x[red]" in SGR.sub("", captured.err)
    assert_inert(captured.out + captured.err)
    code = main(["list", "--archive", str(archive), "--index", str(tmp_path / "index")])
    listing = capsys.readouterr().out
    assert code == 0 and "[link=file:]y[bold]" in listing
    assert_inert(listing)
