"""Numbers on the command line: one argparse type for every count option (`--limit`, `--offset`)."""

from __future__ import annotations

import argparse


def count(text: str) -> int:
    """A number of results or articles: 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value
