"""The archive is remembered: a bare `morgue` goes back to the archive last named, and says so.

Every test runs `morgue` as a user does, in a subprocess; the user's state and
data directories are the test's own (conftest). The explorer itself is replaced
by a stand-in that prints what it was asked to open: these tests are about
which archive, not about drawing it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import REPO, child_env, morgue_argv, run_morgue

# The explorer replaced by a line naming what it would open (the launcher looks it up at call time).
FAKE_TUI = (
    "import tui.launcher as launcher\n"
    "launcher.open_tui = lambda archive, index: print('OPENED', archive, index) or 0\n"
)
ALT_SCREEN = "\x1b[?1049h"  # what a full-screen app writes first
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def words(text: str) -> str:
    """What was said, whatever the layout: colours removed, line breaks and runs of spaces folded."""
    return " ".join(ANSI.sub("", text).split())


def morgue(
    *args: str, env: dict[str, str] | None = None, prelude: str = "", stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_morgue(*args, env=env, prelude=prelude, stdin=stdin, timeout=120)


def in_a_terminal(*args: str, prelude: str = "", timeout: float = 60) -> tuple[int, str]:
    """`morgue ARGS` with a pseudo-terminal for stdin, stdout and stderr: (exit code, what it wrote)."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        morgue_argv(*args, prelude=prelude),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env=child_env({"TERM": "xterm-256color"}),
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "clips", dict(FIXTURE_ARTICLES))


@pytest.fixture
def indexed(archive: Path) -> Path:
    """The archive indexed by `morgue index DIR` (an archive outside the current one): now remembered."""
    result = morgue("index", str(archive), "--no-entities", "--procs", "1")
    assert result.returncode == 0, result.stderr
    return archive


def test_a_bare_morgue_opens_the_archive_last_named_and_says_which(indexed):
    code, screen = in_a_terminal(prelude=FAKE_TUI)
    assert code == 0, screen
    assert f"OPENED {indexed}" in screen
    assert "opening archive:" in screen and f"{indexed} (the archive last used" in words(screen)


def test_morgue_dir_opens_dir_and_remembers_it(archive, tmp_path):
    other = write_archive(tmp_path / "other", {"a.txt": "Other story\n\nAbout ships.\n"})
    code, screen = in_a_terminal(str(other), prelude=FAKE_TUI)
    assert code == 0 and f"OPENED {other}" in screen, screen
    assert "opening" not in screen  # named on the command line: nothing to say
    code, screen = in_a_terminal(prelude=FAKE_TUI)
    assert f"OPENED {other}" in screen, screen


def test_every_command_without_an_archive_uses_the_last_one_and_says_which_on_stderr(indexed):
    result = morgue("search", "oil")
    assert result.returncode == 0, result.stderr
    assert f"archive: {indexed}" in result.stderr and "index: " in result.stderr
    assert "Oil prices climb" in result.stdout
    named = morgue("search", "oil", "--archive", str(indexed))
    assert "archive:" not in named.stderr  # named: obvious


def test_json_names_the_archive_and_the_index(indexed):
    for args in (("search", "oil"), ("show", "politics/blair.md"), ("stats",), ("index",)):
        result = morgue(*args, "--json")
        assert result.returncode == 0, (args, result.stderr)
        data = json.loads(result.stdout)
        assert data["archive"] == str(indexed), args
        assert Path(data["index"]).is_dir(), args


def test_morgue_forget_goes_back_to_the_bundled_sample(indexed):
    result = morgue("forget")
    assert result.returncode == 0 and str(indexed) in result.stderr
    after = morgue("list", "--json")
    assert "(the bundled sample)" in after.stderr and str(indexed) not in after.stderr


@pytest.mark.parametrize("how", ["--archive", "$MORGUE_ARCHIVE", "morgue DIR", "morgue index DIR"])
def test_an_archive_that_does_not_exist_exits_2_and_says_so(tmp_path, how):
    missing = tmp_path / "no-such-clips"
    args, env = {
        "--archive": (("search", "oil", "--archive", str(missing)), None),
        "$MORGUE_ARCHIVE": (("stats",), {"MORGUE_ARCHIVE": str(missing)}),
        "morgue DIR": ((str(missing),), None),
        "morgue index DIR": (("index", str(missing)), None),
    }[how]
    result = morgue(*args, env=env)
    assert result.returncode == 2, result.stderr
    assert "does not exist" in result.stderr and str(missing) in result.stderr
    assert "Traceback" not in result.stderr


def test_an_archive_last_used_that_was_deleted_says_how_to_switch_or_forget(tmp_path):
    gone = write_archive(tmp_path / "gone", {"a.txt": "A story\n\nAbout ships.\n"})
    assert morgue("index", str(gone), "--no-entities", "--procs", "1").returncode == 0
    for path in sorted(gone.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    gone.rmdir()
    result = morgue("search", "ships")
    assert result.returncode == 2
    assert "no longer exists" in words(result.stderr) and "morgue forget" in result.stderr


def test_the_no_index_message_names_the_archive_and_a_command_that_indexes_that_archive(archive):
    result = morgue("search", "oil", "--archive", str(archive))
    assert result.returncode == 4
    assert str(archive) in result.stderr
    advice = result.stderr.split("`")[1]
    assert advice.startswith("morgue index --archive ")
    built = morgue(*shlex.split(advice)[1:], "--no-entities", "--procs", "1")  # copied as it is
    assert built.returncode == 0, built.stderr
    assert morgue("search", "oil", "--archive", str(archive)).returncode == 0


def test_a_command_that_failed_on_its_archive_does_not_remember_it(indexed, tmp_path):
    unindexed = write_archive(tmp_path / "typo", {"a.txt": "A story\n\nAbout ships.\n"})
    assert morgue("search", "oil", "--archive", str(unindexed)).returncode == 4
    assert f"archive: {indexed}" in morgue("search", "oil").stderr


def test_the_explorer_without_a_terminal_exits_2_at_once(indexed):
    started = time.monotonic()
    result = morgue("tui", stdin="")
    assert result.returncode == 2 and "needs a terminal" in result.stderr
    assert time.monotonic() - started < 30
    assert morgue(str(indexed), prelude=FAKE_TUI).returncode == 2  # `morgue DIR` too


def test_the_explorer_on_a_damaged_index_prints_its_error_and_never_draws(indexed):
    index_dir = Path(json.loads(morgue("stats", "--json").stdout)["index"])
    (index_dir / "CURRENT").write_text("nonsense")
    code, screen = in_a_terminal()  # the real explorer: it must not start
    assert code == 4, screen
    assert "damaged" in screen and ALT_SCREEN not in screen
    assert f"morgue index --rebuild --archive {indexed}" in words(screen)


def test_the_explorer_on_an_index_it_cannot_create_says_so_without_drawing(archive, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, screen = in_a_terminal("tui", "--archive", str(archive), "--index", str(blocker / "index"))
    assert code == 3, screen
    assert "Cannot create the index" in words(screen) and ALT_SCREEN not in screen
