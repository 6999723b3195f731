"""Fail a test, rather than hang the suite, when something blocks (opening a FIFO to read it)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class Hung(BaseException):
    """Not a TimeoutError: that is an OSError, which Morgue would catch and report."""


@contextlib.contextmanager
def fail_if_hung(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hung("test hung")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
