"""`morgue timeline`: when a query's results happened, as JSON or a histogram drawn in the terminal.

Its arguments are registered by `add_timeline_parser` (called from
`parser.build_parser`) and it runs as `run_timeline` (`commands.cmd_timeline` reads its
filters as `search` does); the counting is
`index.timeline`'s, imported here only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from index.errors import EXIT_NO_RESULTS, EXIT_OK, UsageError
from index.models import Filter
from index.text.safe_text import json_dumps, one_line

from .names import canonical_fields, spellings
from .where import Where

if TYPE_CHECKING:
    from index.timeline import Timeline

BAR = 50  # the widest bar of the plain histogram, in cells
GRANULARITY_NAMES = ("day", "week", "month", "year")  # `index.timeline.GRANULARITIES`, without its import


def add_timeline_parser(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:  # type: ignore[type-arg]
    tl = sub.add_parser(
        "timeline",
        parents=parents,
        help="when the results happened: counts per day, week, month or year",
        description=(
            "Count a query's results (every article without one) over time, by the date each article "
            "states: a histogram, or --json. Undated articles are counted apart."
        ),
    )
    tl.add_argument("query", nargs="*", help="the query (none: the whole archive)")
    tl.add_argument("--by", choices=GRANULARITY_NAMES, help="the bucket size (default: chosen from the span)")
    tl.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD:VALUE",
        help=f"an exact filter (repeatable): {spellings()}, section, source, or date (1987-03, A..B)",
    )


def run_timeline(args: argparse.Namespace, where: Where, filters: tuple[Filter, ...]) -> int:
    from index.query import QueryError
    from index.search import SearchIndex
    from index.timeline import timeline

    query = " ".join(args.query)
    with SearchIndex(where.index) as index:
        try:
            result = timeline(index, canonical_fields(query), filters, args.by)
        except QueryError as exc:
            raise UsageError(str(exc)) from None
    if args.json:
        sys.stdout.write(json_dumps(as_json(result, query), indent=2) + "\n")
    else:
        draw(result)
    return EXIT_OK if result.total else EXIT_NO_RESULTS


def as_json(result: Timeline, query: str) -> dict[str, object]:
    """The shape the issue fixes: query, by, buckets (start, end excluded, count), undated, total."""
    return {
        "query": query,
        "by": result.by,
        "buckets": [
            {"start": b.start.isoformat(), "end": b.end.isoformat(), "count": b.count} for b in result.buckets
        ],
        "undated": result.undated,
        "total": result.total,
    }


def draw(result: Timeline) -> None:
    """The histogram: a sparkline of the whole span, then a bar a bucket, then the undated count."""
    from index.timeline import sparkline

    write = sys.stdout.write
    if result.total == 0:
        write("Nothing found.\n")
        return
    if not result.buckets:
        write(f"All {result.total:,} matching articles are undated: there is no timeline to draw.\n")
        return
    counts = [b.count for b in result.buckets]
    first, last = result.buckets[0].label, result.buckets[-1].label
    write(f"{result.dated:,} dated articles by {result.by}, {first} to {last}\n")
    write(f"{sparkline(counts)}\n\n")
    top = max(counts)
    width = max(len(b.label) for b in result.buckets)
    digits = len(f"{top:,}")
    for b in result.buckets:
        cells = 0 if not b.count else max(1, round(b.count * BAR / top))
        write(f"{one_line(b.label):<{width}}  {b.count:>{digits},}  {'█' * cells}\n")
    write(f"\nundated: {result.undated:,} · total: {result.total:,}\n")
