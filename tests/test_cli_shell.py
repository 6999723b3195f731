"""`morgue` in a shell: pipes that close early, text that is piped, notes and errors on stderr.

Each test runs `morgue` in a subprocess, as a shell pipeline would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import REPO, child_env, morgue_argv, run_morgue

LONG_TITLE = "A very long headline " + " ".join(f"word{n}" for n in range(30))


@pytest.fixture(scope="module")
def shell_index(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("shell")
    articles = dict(FIXTURE_ARTICLES)
    articles["world/long.txt"] = f"{LONG_TITLE}\n\nA long oil story. " + "More oil words here. " * 40 + "\n"
    # 300 words beginning with "zq": a wildcard over them is capped, with a note.
    articles["misc/many.txt"] = "Many words\n\n" + " ".join(f"zq{n:03d}x" for n in range(300)) + "\n"
    archive = write_archive(root / "archive", articles)
    index_dir = root / "index"
    result = run_morgue("index", "--no-entities", "--procs", "1", archive=archive, index=index_dir)
    assert result.returncode == 0, result.stderr
    return archive, index_dir


def morgue(shell_index, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_morgue(*args, archive=shell_index[0], index=shell_index[1], env=env, timeout=120)


@pytest.mark.parametrize(
    "command",
    [
        ("search", "oil"),
        ("list",),
        ("related", "business/oil.md"),
        ("show", "world/long.txt"),
        ("stats",),
        ("entities",),
        ("search", "oil", "--json"),
    ],
    ids=lambda c: " ".join(c),
)
@pytest.mark.parametrize("terminal", [False, True], ids=["plain", "rich"])
def test_a_reader_that_leaves_early_exits_0_quietly(shell_index, command, terminal):
    """`morgue search oil | head -0`: the pipe is closed before morgue writes."""
    env = child_env({"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"} if terminal else {"TTY_COMPATIBLE": "0"})
    proc = subprocess.Popen(
        morgue_argv(*command, archive=shell_index[0], index=shell_index[1]),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader has left before the first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""


def test_piped_text_is_neither_padded_nor_hard_wrapped(shell_index):
    result = morgue(shell_index, "search", "long oil story")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"1. {LONG_TITLE}" in lines  # one line, however long
    assert all(line == line.rstrip() for line in lines)  # no padding to 80 columns
    assert "\x1b" not in result.stdout  # no styles
    shown = morgue(shell_index, "show", "world/long.txt").stdout.splitlines()
    assert shown[0] == LONG_TITLE and max(map(len, shown)) > 200


def test_an_error_down_a_pipe_is_one_line(shell_index, tmp_path):
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "index"
    result = run_morgue("stats", archive=shell_index[0], index=deep)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("morgue: No index")
    assert str(deep) in result.stderr


def test_on_a_terminal_text_wraps_to_the_terminal_width(shell_index):
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 132, 0, 0))
    env = {k: v for k, v in child_env().items() if k not in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE")}
    proc = subprocess.Popen(
        morgue_argv("search", "long oil story", archive=shell_index[0], index=shell_index[1]),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env={**env, "TERM": "xterm-256color"},
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=30) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode())
    widths = [len(line) for line in text.splitlines()]
    assert max(widths) <= 132 and max(widths) > 100, widths  # the terminal's width, not 80


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("(oil price", "Unbalanced '('"),
        ("colour:red oil", "Unknown field 'colour'"),
        ("zq*", "256"),
    ],
    ids=["unbalanced bracket", "unknown field", "capped wildcard"],
)
def test_query_notes_are_printed_on_stderr_in_text_output(shell_index, query, note):
    result = morgue(shell_index, "search", query)
    assert result.returncode in (0, 1), result.stderr
    assert f"note: {note}" in result.stderr or (note in result.stderr and "note:" in result.stderr)
    assert "note:" not in result.stdout


def test_piped_text_never_loads_rich(shell_index):
    where = f"'--archive', {str(shell_index[0])!r}, '--index', {str(shell_index[1])!r}"
    code = (
        "import sys; from index.cli import main\n"
        "for args in (['search', 'oil'], ['show', 'business/oil.md'], ['stats'], ['entities']):\n"
        f"    main([*args, {where}])\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=child_env(), timeout=120
    )
    assert result.stderr.strip().splitlines()[-1] == "False", result.stderr
