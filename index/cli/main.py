"""`morgue`'s headless command line: parse, dispatch, and turn every error into its exit code.

Never imports textual: `morgue index` from cron starts in a fraction of a
second. The TUI is opened through a callback that the `tui` launcher passes
in, so this package never imports the front end either.
Every `MorgueError` becomes its message on stderr and its documented exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from index.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    MorgueError,
    UsageError,
)

from . import commands
from .parser import build_parser, command_names

OpenTui = Callable[[Path, Path], int]


def main(argv: Sequence[str] | None = None, *, open_tui: OpenTui | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in command_names(parser):
        argv = ["tui", *argv]  # `morgue DIR`: open DIR, as `morgue tui DIR` does
    args = parser.parse_args(argv)
    command = args.command or "tui"
    try:
        if command == "tui":
            if args.folder is not None:
                args.archive = commands.existing_archive(args.folder, args.archive)
            archive, index_dir = commands.locations(args)
            if open_tui is None:
                raise UsageError("The TUI is opened by the `morgue` command.")
            return open_tui(archive, index_dir)
        handler: Callable[[argparse.Namespace], int] = getattr(commands, f"cmd_{command}")
        return handler(args)
    except MorgueError as exc:
        _error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _error("Interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `morgue list | head`: the reader left; nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("MORGUE_DEBUG"):
            raise
        _error(
            f"internal error: {type(exc).__name__}: {exc}. Set MORGUE_DEBUG=1 for details, and please report it."
        )
        return EXIT_INTERNAL


def _error(message: str) -> None:
    from index.cli import output as out

    out.error(message)


def run() -> None:
    """`python -m index`: the headless commands only."""
    code = main(sys.argv[1:])
    sys.exit(code if code is not None else EXIT_USAGE)
