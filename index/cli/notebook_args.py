"""The notebook's subcommands' arguments: `saved`, `export`, `mark`, `marks`, `notebook`.

Added to `morgue`'s parser by `add_notebook_commands` (one call in `parser`).
"""

from __future__ import annotations

import argparse

from index.models import SORTS

EXPORT_FORMATS = ("csv", "jsonl", "md")  # `index.notebook.export.FORMATS`, not imported: light `--help`
STATES_HELP = "unread, read, relevant, not-relevant, follow-up"

NOTEBOOK_HELP = """\
the notebook: what you keep of your work on an archive (history, saved searches,
stars, tags, notes, review states) lives in one file per archive in the user
data directory, beside the indexes, never inside them (`morgue notebook path`);
a rebuild never touches it. In a query: tag:NAME, is:starred, is:unread,
is:read, is:relevant, is:not-relevant, is:follow-up, has:note."""


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--filter", action="append", default=[], metavar="FIELD:VALUE", help="an exact filter"
    )
    parser.add_argument("--sort", choices=SORTS, default="relevance", help="the order (default relevance)")


def add_notebook_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    jsonable: argparse.ArgumentParser,
) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    saved = sub.add_parser(
        "saved",
        help="saved searches: add, list, rm, rename (run one: `morgue search --saved NAME [--new]`)",
        epilog=NOTEBOOK_HELP,
        formatter_class=raw,
    )
    ssub = saved.add_subparsers(dest="saved_command", metavar="ACTION", required=True)
    add = ssub.add_parser(
        "add", parents=[common], help="save a query under a name (replacing one of that name)"
    )
    add.add_argument("name")
    add.add_argument("query", nargs="+", help="the query (words are joined)")
    _filters(add)
    ssub.add_parser("list", parents=[common, jsonable], help="the saved searches")
    rm = ssub.add_parser("rm", parents=[common], help="delete a saved search")
    rm.add_argument("name")
    rn = ssub.add_parser("rename", parents=[common], help="rename a saved search")
    rn.add_argument("name")
    rn.add_argument("new_name")

    ex = sub.add_parser(
        "export",
        parents=[common],
        help="every result of a query (not a page), with your marks: csv, jsonl or md",
        description=(
            "Every result of a query, in its order, with the first matching passage and your marks. "
            "CSV and JSON Lines columns: id, path, title, date, source, section, url, score, passage, "
            "starred, state, tags, note. md: a citation list (title, source, date, id/path, url, "
            "passage, tags, note)."
        ),
        epilog=NOTEBOOK_HELP,
        formatter_class=raw,
    )
    ex.add_argument("query", nargs="+", help="the query (words are joined)")
    ex.add_argument("--format", choices=EXPORT_FORMATS, default="csv", help="csv (default), jsonl or md")
    ex.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
    _filters(ex)

    mark = sub.add_parser(
        "mark",
        parents=[common, jsonable],
        help="star, tag, note or set the review state of an article",
        epilog=NOTEBOOK_HELP,
        formatter_class=raw,
    )
    mark.add_argument("id", help="the article's id, or its file's path")
    mark.add_argument("--star", action="store_true", help="star it")
    mark.add_argument("--unstar", action="store_true", help="take its star away")
    mark.add_argument("--tag", action="append", default=[], metavar="TAG", help="add a tag (repeatable)")
    mark.add_argument("--untag", action="append", default=[], metavar="TAG", help="remove a tag")
    mark.add_argument("--note", metavar="TEXT", help="its note (replacing the note it had; '' deletes)")
    mark.add_argument("--state", metavar="STATE", help=STATES_HELP)

    sub.add_parser(
        "marks",
        parents=[common, jsonable],
        help="every article you marked, and whether it changed or vanished since",
        epilog=NOTEBOOK_HELP,
        formatter_class=raw,
    )

    nb = sub.add_parser(
        "notebook",
        help="the notebook as a whole: export, import (JSON), path",
        epilog=NOTEBOOK_HELP,
        formatter_class=raw,
    )
    nsub = nb.add_subparsers(dest="notebook_command", metavar="ACTION", required=True)
    nex = nsub.add_parser("export", parents=[common], help="the whole notebook as JSON")
    nex.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
    nim = nsub.add_parser(
        "import", parents=[common], help="read a notebook exported as JSON, merged into this one"
    )
    nim.add_argument("file", help="the JSON file ('-': standard input)")
    nsub.add_parser("path", parents=[common], help="where the notebook is")


def add_saved_options(search: argparse.ArgumentParser) -> None:
    """`morgue search --saved NAME [--new]`."""
    search.add_argument("--saved", metavar="NAME", help="run a saved search (`morgue saved list`)")
    search.add_argument(
        "--new",
        action="store_true",
        help=(
            "with --saved: only the results that were not there the last time it ran with --new "
            "(then remember these); exit code 1 when nothing is new"
        ),
    )
