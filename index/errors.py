"""Errors the CLI and the TUI turn into a message and a documented exit code.

Each carries its exit code so that one `except MorgueError` at the edge of the
program is enough: no traceback ever reaches a user.
"""

from __future__ import annotations

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_NO_RESULTS = 1  # `morgue search` found nothing
EXIT_USAGE = 2  # bad arguments or a query that cannot be parsed
EXIT_LOCKED = 3  # another process is writing the index, or it is not writable
EXIT_NO_INDEX = 4  # no index yet, wrong schema version, or a corrupt index
EXIT_NOT_FOUND = 5  # an article id or path that does not exist
EXIT_RESOURCES = 6  # the machine ran out of memory: not a bug, not the index's fault
EXIT_NOTEBOOK = 7  # the user's notebook (marks, saved searches) is damaged or cannot be written
EXIT_INTERNAL = 70  # a bug in Morgue: the message asks for a report
EXIT_INTERRUPTED = 130


class MorgueError(Exception):
    """Base of every error that is the user's to fix, with its exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(MorgueError):
    exit_code = EXIT_USAGE


class IndexLockedError(MorgueError):
    exit_code = EXIT_LOCKED


class IndexNotWritableError(MorgueError):
    exit_code = EXIT_LOCKED


class IndexMissingError(MorgueError):
    exit_code = EXIT_NO_INDEX


class SchemaVersionError(MorgueError):
    exit_code = EXIT_NO_INDEX


class CorruptIndexError(MorgueError):
    exit_code = EXIT_NO_INDEX


class NotFoundError(MorgueError):
    exit_code = EXIT_NOT_FOUND


class NotebookError(MorgueError):
    """The notebook database cannot be read or written: the message names it and what to do."""

    exit_code = EXIT_NOTEBOOK


class OutOfMemoryError(MorgueError):
    """Morgue ran out of memory: the message says while doing what, and what to try."""

    exit_code = EXIT_RESOURCES


def out_of_memory(doing: str, advice: str = "") -> OutOfMemoryError:
    """The error for a MemoryError met while `doing` something ("indexing", "searching")."""
    return OutOfMemoryError(
        f"Morgue ran out of memory while {doing}. Free memory (close other programs){advice}, then try again."
    )
