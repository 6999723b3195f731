"""`morgue copies ID` and `morgue dupes`: an article's near-duplicate copies, and every group.

The JSON shapes are an interface (issue 20): `copies` prints
`{"id": ..., "group": G, "copies": [{"id": ..., "similarity": 0.93}]}`, the
article itself left out; `dupes` prints `[{"group": G, "representative": ID,
"members": [ID, ...]}]`, largest group first.
"""

from __future__ import annotations

import argparse
from typing import Any

from index.errors import EXIT_NO_RESULTS, EXIT_OK, NotFoundError
from index.text.safe_text import json_dumps, one_line, terminal_safe

from .ids import article_id, not_found
from .where import Where


def add_parsers(sub: Any, common: argparse.ArgumentParser, jsonable: argparse.ArgumentParser) -> None:
    """Register `copies` and `dupes` (called by `parser.build_parser`)."""
    co = sub.add_parser(
        "copies",
        parents=[common, jsonable],
        help="an article's near-duplicate copies (syndicated or updated versions)",
        description=(
            "The other articles of an article's copy group, most similar first, with their "
            "estimated similarity (0-1). Exit code 1: the article has no copies."
        ),
    )
    co.add_argument("id", help="the article's id, or its file's path")
    sub.add_parser(
        "dupes",
        parents=[common, jsonable],
        help="every group of near-duplicate copies, largest first",
        description="Every group of two or more near-duplicate articles: its representative first.",
    )


def add_search_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--expand-copies",
        action="store_true",
        help="list every copy of a story (by default copies are folded: one entry per story, '+N copies')",
    )


def cmd_copies(args: argparse.Namespace, where: Where) -> int:
    from index.grouping import CopyGroups
    from index.search import SearchIndex

    doc_id = article_id(args.id, where.archive)
    with SearchIndex(where.index) as index:
        try:
            group, copies = CopyGroups(index).copies_of(doc_id)
        except NotFoundError:
            raise not_found(args.id, where.archive) from None
    if args.json:
        data = {
            "id": doc_id,
            "group": group,
            "copies": [{"id": c.id, "similarity": round(c.similarity, 2)} for c in copies],
        }
        _print(json_dumps(data, indent=2))
    elif not copies:
        _print(f"{terminal_safe(one_line(doc_id))} has no copies (group {group}).")
    else:
        _print(f"{terminal_safe(one_line(doc_id))}: group {group}, {len(copies)} other article(s)")
        for c in copies:
            _print(f"  {c.similarity:.2f}  {terminal_safe(one_line(c.id))}")
    return EXIT_OK if copies else EXIT_NO_RESULTS


def cmd_dupes(args: argparse.Namespace, where: Where) -> int:
    from index.grouping import CopyGroups
    from index.search import SearchIndex

    with SearchIndex(where.index) as index:
        groups = CopyGroups(index).groups()
    if args.json:
        rows = [
            {"group": g.id, "representative": g.representative, "members": list(g.members)} for g in groups
        ]
        _print(json_dumps(rows, indent=2))
    else:
        for g in groups:
            _print(
                f"group {g.id}: {len(g.members)} articles, representative {terminal_safe(one_line(g.representative))}"
            )
            for member in g.members[1:]:
                _print(f"  {terminal_safe(one_line(member))}")
        _print(f"{len(groups)} group{'s' if len(groups) != 1 else ''} of copies")
    return EXIT_OK if groups else EXIT_NO_RESULTS


def _print(line: str) -> None:
    import sys

    sys.stdout.write(line + "\n")
