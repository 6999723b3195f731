"""One way for every test to run `morgue`: in a subprocess (the real entry point), or in-process.

A subprocess runs the console script's own code (`tui.launcher.main`) under
this interpreter, from the repository, so it tests what a user runs: exit
codes, stderr, a killed process. In-process runs (`cli`) call the same
`index.cli.main` and capture its output with pytest's `capsys`.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ENTRY = "from tui.launcher import main; main()"
# Where a `morgue` child remembers the archive last used when the test gives no XDG_STATE_HOME
# (a module-scoped fixture runs before conftest isolates the user directories): never the real one.
_STATE = tempfile.mkdtemp(prefix="morgue-test-state-")
atexit.register(shutil.rmtree, _STATE, True)


def child_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a `morgue` child: this checkout's packages first, the user's directories isolated.

    The package may be installed (editable) from another checkout; PYTHONPATH
    makes the child import the code under test, whatever its working directory.
    """
    merged = {**os.environ, **(env or {})}
    merged["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), merged.get("PYTHONPATH", "")) if p)
    merged.setdefault("XDG_STATE_HOME", _STATE)
    return merged


def morgue_argv(
    *args: str, archive: Path | None = None, index: Path | None = None, prelude: str = ""
) -> list[str]:
    """The command line of a `morgue` process; `prelude` is Python run before the entry point."""
    where = [*(["--archive", str(archive)] if archive else []), *(["--index", str(index)] if index else [])]
    return [sys.executable, "-c", f"{prelude}\n{ENTRY}" if prelude else ENTRY, *args, *where]


def run_morgue(
    *args: str,
    archive: Path | None = None,
    index: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    prelude: str = "",
    timeout: float = 300,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `morgue ARGS` to completion, capturing its output as text (in `cwd`, else the repository)."""
    return subprocess.run(
        morgue_argv(*args, archive=archive, index=index, prelude=prelude),
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=child_env(env),
        input=stdin,
        timeout=timeout,
    )


def start_morgue(
    *args: str,
    archive: Path | None = None,
    index: Path | None = None,
    env: dict[str, str] | None = None,
    prelude: str = "",
) -> subprocess.Popen[str]:
    """Start `morgue ARGS` and return at once (to kill it, or to run another beside it)."""
    return subprocess.Popen(
        morgue_argv(*args, archive=archive, index=index, prelude=prelude),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=child_env(env),
    )


def cli(
    capsys: pytest.CaptureFixture[str], archive: Path, index_dir: Path, *args: str
) -> tuple[int, str, str]:
    """`morgue ARGS` in this process: (exit code, stdout, stderr with its line wrapping folded)."""
    from index.cli import main

    code = main([*args, "--archive", str(archive), "--index", str(index_dir)])
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started and has not reaped (Linux: /proc), e.g. a build's writer processes."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def pid_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, dead but not reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")
