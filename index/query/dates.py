"""Dates as a query gives them (`date:2005-03`), read the way Whoosh's DATETIME field read them.

A date may stop at any unit: `2005` is the whole year, `2005-03-14` the
whole day. Its floor and ceiling are the first and last instants it covers,
which the parser turns into a date range; only a date given down to the
microsecond is one instant. Kept apart from the parser because its rules
(separators ignored, every unit range-checked, a month's last day) are
Whoosh's `_parse_datestring` and `adatetime`, not the query language's.
"""

from __future__ import annotations

import calendar
from datetime import datetime
from typing import TypeAlias, cast

# year, month, day, hour, minute, second, microsecond: None for the units the date does not give.
Partial: TypeAlias = tuple[int | None, int | None, int | None, int | None, int | None, int | None, int | None]


def parse_date(text: str) -> datetime | Partial:
    """YYYY[MM[DD[hh[mm[ss[uuuuuu]]]]]] with spaces, '-' and '.' ignored (Whoosh's `_parse_datestring`).

    A date given down to the microsecond is one instant; any other is the
    span from its floor to its ceiling (`2005-03`: all of March 2005).
    """
    digits = text.replace(" ", "").replace("-", "").replace(".", "")
    parts: list[int | None] = [None] * 7
    for n, (a, b) in enumerate(((0, 4), (4, 6), (6, 8), (8, 10), (10, 12), (12, 14))):
        if len(digits) >= b:
            parts[n] = int(digits[a:b])
    if len(digits) == 20:
        parts[6] = int(digits[14:])
    year, month, day, hour, minute, second, micro = parts
    if month is not None and not 1 <= month <= 12:
        raise ValueError("month must be in 1..12")
    if day is not None and day < 1:
        raise ValueError("day must be greater than 1")
    if (
        year is not None
        and month is not None
        and day is not None
        and day > calendar.monthrange(year, month)[1]
    ):
        raise ValueError("day is out of range for month")
    for value, top in ((hour, 23), (minute, 59), (second, 59), (micro, 999_999)):
        if value is not None and not 0 <= value <= top:
            raise ValueError("time out of range")
    if None not in parts:
        y, mo, d, h, mi, s, us = cast(list[int], parts)
        return datetime(y, mo, d, h, mi, s, us)
    if year is None:
        raise ValueError(f"{digits!r} is not a parseable date")
    return year, month, day, hour, minute, second, micro


def floor(when: datetime | Partial) -> datetime:
    """The first instant of a partial date: the units it does not give at their lowest."""
    if isinstance(when, datetime):  # an exact date as a range end: Whoosh's parser crashed on it
        raise ValueError("an exact date has no floor")
    year, month, day, hour, minute, second, micro = when
    if year is None:
        raise ValueError("Date has no year")
    return datetime(
        year,
        1 if month is None else month,
        1 if day is None else day,
        0 if hour is None else hour,
        0 if minute is None else minute,
        0 if second is None else second,
        0 if micro is None else micro,
    )


def ceil(when: datetime | Partial) -> datetime:
    """The last instant of a partial date (a month's last day depends on the month and year)."""
    if isinstance(when, datetime):
        raise ValueError("an exact date has no ceiling")
    year, month, day, hour, minute, second, micro = when
    if year is None:
        raise ValueError("Date has no year")
    month = 12 if month is None else month
    return datetime(
        year,
        month,
        calendar.monthrange(year, month)[1] if day is None else day,
        23 if hour is None else hour,
        59 if minute is None else minute,
        59 if second is None else second,
        999_999 if micro is None else micro,
    )


__all__ = ["Partial", "ceil", "floor", "parse_date"]
