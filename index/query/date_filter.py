"""A date filter: the removable chip a timeline bucket or `--since`/`--until` adds beside the query.

Its value is what `date:` takes (`1987`, `1987-03`, `1987-03-14`), or a span
`SINCE..UNTIL` whose ends are such dates and either may be left open
(`1987-03-02..1987-03-08`, `1987-03..`, `..1987-06`). Each end covers its
whole unit, as `date:[1987-03 TO 1987-06]` does: `..1987-06` runs to the last
instant of June.
"""

from __future__ import annotations

from datetime import datetime

from index.query.dates import ceil, floor, parse_date
from index.query.syntax import DateRange

SPAN = ".."
FORMS = "a year, a month or a day (1987, 1987-03, 1987-03-14), or SINCE..UNTIL"


def date_filter_node(value: str) -> DateRange:
    """The filter as a range of the `date` field; ValueError (for the user) when it cannot be read."""
    text = value.strip()
    since_text, span, until_text = text.partition(SPAN)
    if not span:
        return DateRange("date", _end(text, upper=False), _end(text, upper=True))
    if not since_text.strip() and not until_text.strip():
        raise ValueError(f"The date filter {value!r} gives no date: use {FORMS}.")
    since = _end(since_text, upper=False) if since_text.strip() else None
    until = _end(until_text, upper=True) if until_text.strip() else None
    if since is not None and until is not None and since > until:
        raise ValueError(f"The date filter {value!r} ends before it starts.")
    return DateRange("date", since, until)


def span_value(since: str | None, until: str | None) -> str:
    """`--since`/`--until` as one filter value (`SINCE..UNTIL`, an end left empty when not given)."""
    return f"{(since or '').strip()}{SPAN}{(until or '').strip()}"


def _end(text: str, *, upper: bool) -> datetime:
    """The first instant of the date (`upper`: its last); a date down to the microsecond is itself."""
    try:
        when = parse_date(text.strip())
    except ValueError:
        raise ValueError(f"The date {text.strip()!r} could not be read: use {FORMS}.") from None
    if isinstance(when, datetime):
        return when
    return ceil(when) if upper else floor(when)


__all__ = ["FORMS", "SPAN", "date_filter_node", "span_value"]
