"""Running out of memory is reported as what it is, with its own exit code, never as a bug.

A real `morgue` process is given an address-space limit (RLIMIT_AS) and made
to allocate past it, so the MemoryError is the interpreter's own: the command
must exit 6 with a message that says what it was doing and what may help,
with no traceback and no request to report a bug. Inside Whoosh a MemoryError
is not damage either (no "run morgue index --rebuild"), and the explorer
shows the same message as the command line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import whoosh

from index.build import BuildOptions, update_index
from index.engine.whoosh.opening import reads_index
from index.errors import EXIT_RESOURCES, CorruptIndexError
from tui.app import make_app
from tui.session import Session

from .archive_fixtures import FIXTURE_ARTICLES, write_archive
from .morgue_runner import run_morgue
from .tui_pilot import run, screen_words, search

# Prepended to `morgue`: a cap on its address space, and `TARGET` (module:function) made to allocate past it.
ALLOCATES_TOO_MUCH = """
import importlib, os, resource
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
_module, _, _name = os.environ["TARGET"].partition(":")
_owner = importlib.import_module(_module)
_path = _name.split(".")
for _part in _path[:-1]:
    _owner = getattr(_owner, _part)
def _greedy(*args, **kwargs):
    return bytearray(4 << 30)
setattr(_owner, _path[-1], _greedy)
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("oom")
    archive = write_archive(root / "archive", dict(FIXTURE_ARTICLES))
    update_index(archive, root / "index", options=BuildOptions(entities=False, procs=1))
    return archive, root / "index"


@pytest.mark.parametrize(
    ("args", "target", "says"),
    [
        (("search", "oil"), "index.search:SearchIndex.search", "while searching"),
        (("stats",), "index.stats:index_stats", "while running `morgue stats`"),
        (
            ("index", "--rebuild", "--no-entities", "--procs", "1"),
            "index.build.rebuild:read_files",
            "while indexing. Free memory (close other programs) or index with `--procs 1` or `--no-entities`",
        ),
    ],
    ids=["search", "stats", "index --rebuild"],
)
def test_a_command_out_of_memory_exits_6_saying_so_never_as_a_bug(built, args, target, says) -> None:
    archive, index_dir = built
    done = run_morgue(
        *args,
        archive=archive,
        index=index_dir,
        prelude=ALLOCATES_TOO_MUCH,
        env={"TARGET": target},
        timeout=120,
    )
    err = " ".join(done.stderr.split())
    assert done.returncode == EXIT_RESOURCES, err
    assert f"Morgue ran out of memory {says}" in err and "then try again" in err, err
    assert "Traceback" not in err and "internal error" not in err and "report" not in err, err
    assert run_morgue("search", "oil", archive=archive, index=index_dir).returncode == 0  # still there


def _raises_in_whoosh(exc: BaseException) -> object:
    """A function whose frame is in Whoosh's own files, as if Whoosh itself had raised `exc`."""
    namespace: dict[str, object] = {"exc": exc}
    code = compile(
        "def fail():\n    raise exc\n", os.path.join(os.path.dirname(whoosh.__file__), "x.py"), "exec"
    )
    exec(code, namespace)
    return namespace["fail"]


class _Reader:
    index_dir = Path("/nowhere")

    def __init__(self, fail: object) -> None:
        self.fail = fail

    @reads_index
    def read(self) -> None:
        self.fail()  # type: ignore[operator]


def test_whoosh_running_out_of_memory_is_not_called_damage() -> None:
    with pytest.raises(MemoryError):
        _Reader(_raises_in_whoosh(MemoryError())).read()
    with pytest.raises(CorruptIndexError):  # what Whoosh meets in damaged files still is
        _Reader(_raises_in_whoosh(ValueError("bad bytes"))).read()


@pytest.mark.slow
def test_the_explorer_says_a_search_ran_out_of_memory_never_internal_error(built, monkeypatch) -> None:
    def greedy(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(Session, "search", greedy)
    app = make_app(built[1], timings=False, poll_seconds=0)

    async def scenario(pilot) -> None:  # type: ignore[no-untyped-def]
        await search(pilot, "oil")
        words = screen_words(app)
        assert "ran out of memory while searching" in words and "Internal error" not in words, words

    run(app, scenario)


@pytest.mark.slow
def test_the_explorer_opening_out_of_memory_exits_6(built, monkeypatch) -> None:
    def greedy(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(Session, "open", greedy)
    app = make_app(built[1], timings=False, poll_seconds=0)

    async def scenario(pilot) -> None:  # type: ignore[no-untyped-def]
        words = screen_words(app)
        assert "ran out of memory while opening the index" in words and "Internal error" not in words, words

    run(app, scenario)
    assert app.exit_code == EXIT_RESOURCES
