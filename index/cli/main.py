"""`morgue`'s headless command line: parse, dispatch, and turn every error into its exit code.

Never imports textual: `morgue index` from cron starts in a fraction of a
second. The TUI is opened through a callback that the `tui` launcher passes
in, so this package never imports the front end either.
Every `MorgueError` becomes its message on stderr and its documented exit code.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from index.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_NO_RESULTS,
    EXIT_OK,
    EXIT_USAGE,
    MorgueError,
    OutOfMemoryError,
    UsageError,
    out_of_memory,
)

from . import commands, notebook
from .parser import build_parser, command_names
from .where import Where, check_openable, locate, remember

OpenTui = Callable[[Path, Path], int]

# Commands whose own output names the archive and index (`stats`, the report of `index`).
SAYS_WHERE = ("index", "stats")


# What a command was doing when memory ran out, and what else may help than freeing memory.
OUT_OF_MEMORY: dict[str, tuple[str, str]] = {
    "index": ("indexing", " or index with `--procs 1` or `--no-entities`"),
    "search": ("searching", " or ask for fewer results (`--limit`)"),
    "extract": ("extracting entities", " or give it a shorter text"),
    "tui": ("running the explorer", ""),
}
READING = ("stats", "list", "search", "show", "related", "entities", "quotes")
# Damaged bytes can make a reader ask for absurd amounts of memory: the one case that is the index's.
IF_AGAIN = (
    " If it happens again with memory to spare, the index may be damaged: run `morgue index --rebuild`."
)


def main(argv: Sequence[str] | None = None, *, open_tui: OpenTui | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands_ = command_names(parser)
    if not argv or (not argv[0].startswith("-") and argv[0] not in commands_):
        if argv and (typo := _mistyped_command(argv[0], commands_)):
            _error(
                f"No command or archive {argv[0]!r}: did you mean `morgue {typo}`? (`morgue --help` lists them)"
            )
            return EXIT_USAGE
        argv = ["tui", *argv]  # `morgue`: the explorer; `morgue DIR`: open DIR, as `morgue tui DIR` does
    args = parser.parse_args(argv)
    command = args.command
    where: Where | None = None
    try:
        if not hasattr(args, "archive"):  # `extract`, `forget`: no archive
            handler: Callable[[argparse.Namespace], int] = getattr(commands, f"cmd_{command}")
            code = handler(args)
            sys.stdout.flush()
            return code
        if command == "tui" and args.folder is not None:
            args.archive = commands.existing_archive(args.folder, args.archive)
        if command == "index":
            commands.archive_from_paths(args)
        where = locate(args.archive, args.index, command=command)
        if command == "tui":
            return _tui(where, open_tui)
        if not (where.obvious or command in SAYS_WHERE or _json_object(args, command)):
            _info(where.describe())
        run: Callable[[argparse.Namespace, Where], int] = getattr(
            notebook, f"cmd_{command}", None
        ) or getattr(commands, f"cmd_{command}")
        code = run(args, where)
        sys.stdout.flush()  # here, not at exit: a reader that left (`| head`) is a BrokenPipeError below
        if code in (EXIT_OK, EXIT_NO_RESULTS):  # it did use the archive: a mistyped one is not kept
            remember(where)
        return code
    except MorgueError as exc:
        _error(where.advise(exc) if where is not None else exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _error("Interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `morgue list | head`: the reader left; nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if where is not None and command != "tui":
            remember(where)
        return EXIT_OK
    except MemoryError:
        pass  # reported below, once the failed command's frames (and the memory they hold) are let go
    except Exception as exc:
        if os.environ.get("MORGUE_DEBUG"):
            raise
        _error(
            f"internal error: {type(exc).__name__}: {exc}. Set MORGUE_DEBUG=1 for details, and please report it."
        )
        return EXIT_INTERNAL
    error = _out_of_memory(command)
    _error(error.message)
    return error.exit_code


def _out_of_memory(command: str) -> OutOfMemoryError:
    """Running out of memory is the machine's state, not a bug in Morgue: say so, and what may help."""
    doing, advice = OUT_OF_MEMORY.get(command, (f"running `morgue {command}`", ""))
    error = out_of_memory(doing, advice)
    if command in READING:
        error.message += IF_AGAIN
    return error


def _mistyped_command(word: str, commands_: set[str]) -> str | None:
    """`morgue serch oil`: a command, mistyped (and no folder of that name), rather than an archive."""
    try:
        if Path(word).expanduser().exists():
            return None
    except (OSError, ValueError, RuntimeError):
        pass
    close = difflib.get_close_matches(word.lower(), sorted(commands_), n=1, cutoff=0.7)
    return close[0] if close else None


def _tui(where: Where, open_tui: OpenTui | None) -> int:
    """Open the explorer, after what it would fail on has been said in plain text, not drawn."""
    if open_tui is None:
        raise UsageError("The TUI is opened by the `morgue` command.")
    check_openable(where)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "The explorer needs a terminal (standard input and output are not one). "
            "In a script, use `morgue search`, `morgue list` or `morgue show` (see `morgue --help`)."
        )
    remember(where)
    if not where.obvious:
        _info(f"opening {where.describe()}")
    return open_tui(where.archive, where.index)


def _json_object(args: argparse.Namespace, command: str) -> bool:
    """JSON output that names the archive and index in its own fields."""
    as_json = bool(getattr(args, "json", False)) or getattr(args, "format", None) == "json"
    return as_json and command in ("search", "show")


def _info(message: str) -> None:
    from index.cli import output as out

    out.info(message)


def _error(message: str) -> None:
    try:
        from index.cli import output as out

        out.error(message)
    except MemoryError:  # too little left even to format it: plain text
        sys.stderr.write(f"morgue: {message}\n")


def run() -> None:
    """`python -m index`: the headless commands only."""
    code = main(sys.argv[1:])
    sys.exit(code if code is not None else EXIT_USAGE)
