"""`morgue`'s arguments: one parser, its subcommands and their help texts."""

from __future__ import annotations

import argparse
from pathlib import Path

from index.models import SORTS

from .formats import FORMATS
from .names import group_of, spellings


def _group(text: str) -> str:
    """`--label`: any spelling of an entity group (`PERSON`, `people`, `GPE`...), as the group's name."""
    group = group_of(text)
    if group is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an entity group: use {spellings()}")
    return group


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--archive",
        help="archive folder (default: $MORGUE_ARCHIVE, else the archive last named, else the bundled seeds/)",
    )
    common.add_argument(
        "--index",
        help="index folder (default: $MORGUE_INDEX or one per archive in the user data dir)",
    )
    jsonable = argparse.ArgumentParser(add_help=False)
    jsonable.add_argument("--json", action="store_true", help="machine-readable output")
    formatted = argparse.ArgumentParser(add_help=False)
    formatted.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=(
            "text (to read; the default), ids or paths (one a line), tsv (tab-separated, a header "
            "line, \\t \\n \\\\ escaped), json"
        ),
    )
    formatted.add_argument("--json", dest="format", action="store_const", const="json", help="--format json")

    p = argparse.ArgumentParser(prog="morgue", description="Search and read a news archive, offline.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    tui = sub.add_parser(
        "tui",
        parents=[common],
        help="open the terminal explorer (the default; `morgue DIR` opens DIR)",
        description="Open the terminal explorer on an archive: `morgue tui DIR`, or `morgue DIR`.",
    )
    tui.add_argument("folder", nargs="?", type=Path, help="the archive folder (same as --archive)")

    ix = sub.add_parser(
        "index",
        parents=[common, jsonable],
        help="build or update the index",
        description=(
            "Build or update the index of an archive. Given files or folders inside the archive, "
            "update only those; given one folder outside it (`morgue index ~/clips`), take that "
            "folder as the archive."
        ),
    )
    ix.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders of the archive to update; or one folder outside it: the archive to index",
    )
    ix.add_argument("--rebuild", action="store_true", help="build afresh beside the live index, then swap")
    ix.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    ix.add_argument("--no-entities", action="store_true", help="skip entity extraction")
    ix.add_argument("--ner-model", help="spaCy model to use (default: $MORGUE_NER_MODEL or en_core_web_sm)")
    ix.add_argument("--procs", type=int, default=2, help="processes for entities and writing (default 2)")
    ix.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait for another writer")
    ix.add_argument("--follow-symlinks", action="store_true", help="follow symbolic links in the archive")

    sub.add_parser("stats", parents=[common, jsonable], help="what the index holds")
    sub.add_parser(
        "list",
        parents=[common, formatted],
        help="every article: id, date, section, title (tab-separated)",
        description=(
            "Every article, a line each: id, date, section and title, tab-separated. "
            "--format tsv adds a header and the path; --json prints JSON lines."
        ),
    )

    se = sub.add_parser("search", parents=[common, formatted], help="search the archive")
    se.add_argument("query", nargs="+", help="the query (see README: Query language)")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--offset", type=int, default=0)
    se.add_argument("--sort", choices=SORTS, default="relevance")
    se.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD:VALUE",
        help=(f"an exact filter (repeatable): FIELD is an entity group, {spellings()}, or section or source"),
    )

    sh = sub.add_parser("show", parents=[common, jsonable], help="one whole article")
    sh.add_argument("id")
    sh.add_argument("--query", default="", help="highlight the matches of this query")

    rel = sub.add_parser("related", parents=[common, formatted], help="articles like one article")
    rel.add_argument("id")
    rel.add_argument("--limit", type=int, default=10)

    sub.add_parser(
        "forget",
        help="forget the archive last used: `morgue` opens the bundled seeds/ again",
        description=(
            "A command given an archive (`morgue DIR`, `--archive DIR`, `morgue index DIR`) remembers it, "
            "and `morgue` alone goes back to it. `morgue forget` forgets it."
        ),
    )
    ex = sub.add_parser("extract", help="entities of a text, as JSON (stdin when no file)")
    ex.add_argument("files", nargs="*", type=Path)
    ex.add_argument("--ner-model")

    en = sub.add_parser("entities", parents=[common, jsonable], help="the archive's most frequent entities")
    en.add_argument(
        "--label",
        type=_group,
        metavar="GROUP",
        help=f"only this entity group: {spellings()}",
    )
    en.add_argument("--limit", type=int, default=30)
    return p


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
