"""`morgue quotes`: who said what, from the quotations the build stored.

    morgue quotes [QUERY] [--speaker NAME] [--limit N] [--json]

JSON is a list of `{"id", "title", "date", "speaker", "speaker_label", "text",
"start", "end"}`: `start`/`end` are offsets into the body as `morgue show --json`
gives it (`body[start:end] == text`). The text output is an article's line (id,
date, title), then its quotations, each after its speaker, every line made
terminal-safe (articles are untrusted text). `quote_json.quote_json` is also the
shape of the `"quotes"` that `morgue extract` prints.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from index.errors import EXIT_NO_RESULTS, EXIT_OK
from index.models import Quote
from index.text.safe_text import json_dumps, one_line

from .names import canonical_fields
from .numbers import count
from .quote_json import hit_json

if TYPE_CHECKING:
    from index.quotes.listing import QuoteHit

    from .where import Where

NO_SPEAKER = "(no speaker)"
UNNAMED = "(unnamed source)"


def add_quotes_parser(sub: Any, *parents: argparse.ArgumentParser) -> None:
    """The `quotes` subcommand, registered on the parser's subcommands (`parser.build_parser`)."""
    qp = sub.add_parser(
        "quotes",
        parents=list(parents),
        help="quotations and who said them",
        description=(
            "The quotations of the articles a query finds (every quotation in the archive with no "
            "query), each with its speaker, article and date. The build finds them when it extracts "
            "entities (not with --no-entities)."
        ),
        epilog=(
            "JSON: a list of {id, title, date, speaker, speaker_label (PERSON, ORG or null), text, "
            "start, end}; start and end are offsets into the body as `morgue show --json` prints it. "
            'Queries may use said:"NAME" (articles quoting NAME) and quote:WORD (WORD inside a '
            "quotation). Exit code 1: no quotation found."
        ),
    )
    qp.add_argument("query", nargs="*", help="a query, as `morgue search` takes it (words are joined)")
    qp.add_argument(
        "--speaker", metavar="NAME", help="only the quotations of this speaker (the entity's name)"
    )
    qp.add_argument("--limit", type=_count, default=None, metavar="N", help="print at most N quotations")


_count = count


def speaker_text(q: Quote) -> str:
    """Who said it, for a reader: the name, else whether the source is unnamed."""
    if q.speaker:
        return q.speaker
    return UNNAMED if q.unnamed else NO_SPEAKER


def cmd_quotes(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out
    from index.quotes.listing import list_quotes
    from index.search import SearchIndex

    query = canonical_fields(" ".join(args.query))
    with SearchIndex(where.index) as index:
        listing = list_quotes(index, query, speaker=args.speaker, limit=args.limit)
    out.notes(listing.warnings)
    if args.json:
        sys.stdout.write(json_dumps([hit_json(h) for h in listing.hits], indent=2) + "\n")
    else:
        _print_text(listing.hits)
        articles = len({h.id for h in listing.hits})
        more = " (--limit reached)" if listing.truncated else ""
        out.info(f"{_n(len(listing.hits), 'quotation')} in {_n(articles, 'article')}{more}.")
    return EXIT_OK if listing.hits else EXIT_NO_RESULTS


def _print_text(hits: tuple[QuoteHit, ...]) -> None:
    write = sys.stdout.write
    current = None
    for h in hits:
        if h.id != current:
            if current is not None:
                write("\n")
            current = h.id
            date = h.date.strftime("%Y-%m-%d") if h.date else "undated"
            write("  ".join(one_line(x) for x in (h.id, date, h.title)) + "\n")
        write(f"  {one_line(speaker_text(h.quote))}: \u201c{one_line(h.quote.text)}\u201d\n")


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
