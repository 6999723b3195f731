"""`morgue`'s arguments: one parser, its subcommands and their help texts.

An installed copy has no README: `--help` carries what a user needs to run a
command without it, the query language and what an article's id is included.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from index.models import SORTS

from . import copies, curation, watch
from .formats import FORMATS
from .names import group_of, spellings
from .notebook_args import add_notebook_commands, add_saved_options
from .numbers import count
from .quotes import add_quotes_parser
from .timeline import add_timeline_parser

MAX_LIMIT = 1000  # `index.search.MAX_LIMIT`, not imported: it would load Whoosh for `--help`

QUERY_HELP = """\
query language (the explorer's search bar takes the same):
  oil price                 both words (AND is the default)
  oil OR gas                either
  oil NOT opec, oil -opec   oil, without opec
  "prime minister"          the phrase; "oil rose"~2: within two words
  econom*                   economy, economic, economist...
  goverment~                words one edit away (~2: two)
  (oil OR gas) price        grouping
  title:budget body:cannes  a word in the title, in the body
  person:"Tony Blair"       an entity, exact; org:"Bank of England" place:london other:
  section:politics source:"Daily Paper" author:doe
  said:"Tony Blair"         articles quoting him; quote:election: the word inside a quotation
  date:2005 date:2005-03 date:[2004-12 to 2005-02] date:>2005-01-01 date:<2005
Words match on their stems (price finds prices, priced); case is ignored;
common words (the, of) are skipped. A mistake does not stop a search: an
unbalanced quote or bracket is closed, an unknown field searched as words,
and a note on stderr says so."""

ID_HELP = """\
an article's id is its path in the archive, as `morgue list` prints it
(politics/blair.md), with #N for the N-th record of a JSON file
(wire/feed.json#3); `show` and `related` take the file's path too."""

EPILOG = f"""\
`morgue DIR` opens the explorer on the archive in DIR and remembers it: `morgue`
alone, and every command without --archive, go back to it (`morgue forget`
forgets it). `morgue COMMAND --help` for a command's options.

{ID_HELP}

{QUERY_HELP}

exit codes: 0 done, 1 nothing found, 2 usage error, 3 index locked or not
writable, 4 no index (or damaged, or of another version), 5 no such article,
7 the notebook (marks, saved searches) is damaged or cannot be written."""


def _group(text: str) -> str:
    """`--label`: any spelling of an entity group (`PERSON`, `people`, `GPE`...), as the group's name."""
    group = group_of(text)
    if group is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an entity group: use {spellings()}")
    return group


_count = count  # the name the options below use


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--archive",
        metavar="DIR",
        help="the archive (default: $MORGUE_ARCHIVE, else the archive last used, else the bundled seeds/)",
    )
    common.add_argument(
        "--index",
        metavar="DIR",
        help="the index (default: $MORGUE_INDEX, else one per archive in the user data directory)",
    )
    jsonable = argparse.ArgumentParser(add_help=False)
    jsonable.add_argument("--json", action="store_true", help="machine-readable output")
    formatted = argparse.ArgumentParser(add_help=False)
    formatted.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=(
            "text (to read; the default); ids or paths, one a line; tsv: a header line, then "
            "tab-separated fields with \\\\ \\t \\n \\r escaped; json"
        ),
    )
    formatted.add_argument("--json", dest="format", action="store_const", const="json", help="--format json")

    def page(parser: argparse.ArgumentParser, default: int, what: str) -> None:
        parser.add_argument(
            "--limit",
            type=_count,
            default=default,
            metavar="N",
            help=f"print at most N {what} (default {default}, at most {MAX_LIMIT})",
        )

    raw = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(
        prog="morgue",
        description="Search and read a news archive, offline: the explorer, and commands for scripts.",
        epilog=EPILOG,
        formatter_class=raw,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    tui = sub.add_parser(
        "tui",
        parents=[common],
        help="open the terminal explorer (the default; `morgue DIR` opens DIR)",
        description=(
            "Open the terminal explorer on an archive: `morgue tui DIR`, or `morgue DIR`, which "
            "remembers it; `morgue` alone opens the archive last used."
        ),
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
    watch.add_flags(ix)

    sub.add_parser("stats", parents=[common, jsonable], help="what the index holds")
    sub.add_parser(
        "list",
        parents=[common, formatted],
        help="every article: id, date, section, title (tab-separated)",
        description=(
            "Every article, a line each: id, date, section and title, tab-separated. "
            "--format tsv adds a header and the path; --json prints JSON lines."
        ),
        epilog=ID_HELP,
        formatter_class=raw,
    )

    se = sub.add_parser(
        "search",
        parents=[common, formatted],
        help="search the archive",
        description="Search the archive: the best results first (or the newest, or the oldest).",
        epilog=f"{QUERY_HELP}\n\nexit code 1: nothing found.",
        formatter_class=raw,
    )
    se.add_argument("query", nargs="*", help="the query (words are joined: quote it for the shell)")
    add_saved_options(se)
    page(se, 20, "results")
    se.add_argument(
        "--offset",
        type=_count,
        default=0,
        metavar="N",
        help="skip the first N results, to page: --offset 20 --limit 20 prints results 21-40",
    )
    se.add_argument("--sort", choices=SORTS, default="relevance", help="the order (default relevance)")
    copies.add_search_flags(se)
    se.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD:VALUE",
        help=f"an exact filter (repeatable): FIELD an entity group, {spellings()}, or section or source",
    )

    se.add_argument(
        "--since", metavar="DATE", help="only articles dated DATE or later (1987, 1987-03, 1987-03-14)"
    )
    se.add_argument("--until", metavar="DATE", help="only articles dated up to DATE, all of it included")
    add_timeline_parser(sub, [common, jsonable])

    sh = sub.add_parser(
        "show",
        parents=[common, jsonable],
        help="one whole article",
        description="One whole article: its title, metadata, text and entities.",
        epilog=ID_HELP,
        formatter_class=raw,
    )
    sh.add_argument("id", help="the article's id, or its file's path")
    sh.add_argument("--query", default="", help="highlight the matches of this query")

    rel = sub.add_parser(
        "related",
        parents=[common, formatted],
        help="articles like one article",
        description="The articles most like one article (by the words of its text).",
        epilog=ID_HELP,
        formatter_class=raw,
    )
    rel.add_argument("id", help="the article's id, or its file's path")
    page(rel, 10, "articles")

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
    en.add_argument("--label", type=_group, metavar="GROUP", help=f"only this entity group: {spellings()}")
    en.add_argument(
        "--limit", type=_count, default=30, metavar="N", help="print the N most frequent (default 30)"
    )
    add_quotes_parser(sub, common, jsonable)
    add_notebook_commands(sub, common, jsonable)
    copies.add_parsers(sub, common, jsonable)
    curation.add_parsers(en)
    return p


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
