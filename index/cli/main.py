"""`morgue`'s headless command line: each command a few lines over the library.

Never imports textual: `morgue index` from cron starts in a fraction of a
second. The TUI is opened through a callback that the `tui` launcher passes
in, so this package never imports the front end either.
Every `MorgueError` becomes its message on stderr and its documented exit code.

Whoosh, the builder and the rich output are imported inside the commands that
use them: `morgue` with no command opens the TUI, and its first screen must
not wait ~0.2 s for modules it will load later, off the UI thread.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.config import resolve_archive, resolve_index
from index.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_NO_RESULTS,
    EXIT_OK,
    EXIT_USAGE,
    MorgueError,
    UsageError,
)
from index.models import GROUPS, SORTS, Filter

if TYPE_CHECKING:
    from index.search import SearchIndex

OpenTui = Callable[[Path, Path], int]

LABEL_GROUPS = {"PERSON": "person", "ORG": "org", "PLACE": "place", "OTHER": "other"}


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--archive", help="archive folder (default: $MORGUE_ARCHIVE or the bundled seeds/)")
    common.add_argument(
        "--index",
        help="index folder (default: $MORGUE_INDEX or one per archive in the user data dir)",
    )
    jsonable = argparse.ArgumentParser(add_help=False)
    jsonable.add_argument("--json", action="store_true", help="machine-readable output")

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
    sub.add_parser("list", parents=[common, jsonable], help="every article: id, path, title, date, section")

    se = sub.add_parser("search", parents=[common, jsonable], help="search the archive")
    se.add_argument("query", nargs="+", help="the query (see README: Query language)")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--offset", type=int, default=0)
    se.add_argument("--sort", choices=SORTS, default="relevance")
    se.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="FIELD:VALUE",
        help=f"exact filter on {', '.join((*GROUPS, 'section', 'source'))}",
    )

    sh = sub.add_parser("show", parents=[common, jsonable], help="one whole article")
    sh.add_argument("id")
    sh.add_argument("--query", default="", help="highlight the matches of this query")

    rel = sub.add_parser("related", parents=[common, jsonable], help="articles like one article")
    rel.add_argument("id")
    rel.add_argument("--limit", type=int, default=10)

    ex = sub.add_parser("extract", help="entities of a text, as JSON (stdin when no file)")
    ex.add_argument("files", nargs="*", type=Path)
    ex.add_argument("--ner-model")

    en = sub.add_parser("entities", parents=[common, jsonable], help="the archive's most frequent entities")
    en.add_argument("--label", type=str.upper, choices=sorted(LABEL_GROUPS))
    en.add_argument("--limit", type=int, default=30)
    return p


def main(argv: Sequence[str] | None = None, *, open_tui: OpenTui | None = None) -> int:
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in _commands(parser):
        argv = ["tui", *argv]  # `morgue DIR`: open DIR, as `morgue tui DIR` does
    args = parser.parse_args(argv)
    command = args.command or "tui"
    try:
        if command == "tui":
            if args.folder is not None:
                args.archive = _existing_archive(args.folder, args.archive)
            archive, index_dir = _locations(args)
            if open_tui is None:
                raise UsageError("The TUI is opened by the `morgue` command.")
            return open_tui(archive, index_dir)
        handler: Callable[[argparse.Namespace], int] = globals()[f"cmd_{command}"]
        return handler(args)
    except MorgueError as exc:
        _error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        _error("Interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `morgue list | head`: the reader left; nothing to report.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("MORGUE_DEBUG"):
            raise
        _error(
            f"internal error: {type(exc).__name__}: {exc}. Set MORGUE_DEBUG=1 for details, and please report it."
        )
        return EXIT_INTERNAL


def _error(message: str) -> None:
    from index.cli import output as out

    out.error(message)


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _existing_archive(folder: Path, given: str | None) -> str:
    """A folder named on the command line as the archive: it must exist, and not contradict --archive."""
    if given is not None and Path(given).expanduser().resolve() != folder.expanduser().resolve():
        raise UsageError(f"Two archives given: {folder} and --archive {given}; give one.")
    if not folder.expanduser().exists():
        raise UsageError(f"No such archive: {folder} does not exist.")
    return str(folder)


def _archive_from_paths(args: argparse.Namespace) -> None:
    """`morgue index DIR` with DIR outside the current archive: DIR is the archive to index."""
    if args.archive is not None or not args.paths:
        return
    current = resolve_archive(None)
    outside = [p for p in args.paths if not _inside(p, current)]
    if not outside:
        return
    if len(args.paths) > 1:
        raise UsageError(
            f"{outside[0]} is not inside the archive {current}. To index another archive, "
            "give its folder alone (`morgue index DIR`) or use --archive DIR."
        )
    args.archive = _existing_archive(args.paths[0], None)
    args.paths = []


def _inside(path: Path, root: Path) -> bool:
    resolved = path.expanduser().resolve()
    return resolved == root or root in resolved.parents


def _locations(args: argparse.Namespace) -> tuple[Path, Path]:
    archive = resolve_archive(getattr(args, "archive", None))
    return archive, resolve_index(getattr(args, "index", None), archive)


def _open(args: argparse.Namespace) -> SearchIndex:
    from index.search import SearchIndex

    return SearchIndex(_locations(args)[1])


def cmd_index(args: argparse.Namespace) -> int:
    from index.build import BuildOptions, update_index
    from index.cli import output as out

    _archive_from_paths(args)
    archive, index_dir = _locations(args)
    if args.procs < 1:
        raise UsageError("--procs must be at least 1.")
    options = BuildOptions(
        procs=args.procs,
        entities=not args.no_entities,
        ner_model=args.ner_model,
        follow_symlinks=args.follow_symlinks,
        wait=args.wait,
    )
    with out.progress(enabled=not (args.quiet or args.json)) as tick:
        report = update_index(
            archive,
            index_dir,
            paths=args.paths or None,
            rebuild=args.rebuild,
            options=options,
            progress=tick,
        )
    out.index_report(report, index_dir, as_json=args.json, quiet=args.quiet)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from index.cli import output as out
    from index.stats import index_stats

    with _open(args) as index:
        out.stats(index_stats(index), as_json=args.json)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from index.cli import output as out

    with _open(args) as index:
        out.article_list(index.iter_articles(), as_json=args.json)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from index.cli import output as out

    filters = tuple(_filter(f) for f in args.filter)
    with _open(args) as index:
        result = index.search(
            " ".join(args.query),
            filters=filters,
            sort=args.sort,
            offset=args.offset,
            limit=args.limit,
            facets=args.json,  # the text output shows no facets
        )
    if result.error:
        raise UsageError(result.error)
    out.search_result(result, as_json=args.json)
    return EXIT_OK if result.total else EXIT_NO_RESULTS


def _filter(text: str) -> Filter:
    field, sep, value = text.partition(":")
    if not sep or field.lower() not in (*GROUPS, "section", "source") or not value.strip():
        raise UsageError(
            f"--filter takes FIELD:VALUE with FIELD one of person, org, place, other, section, source (got {text!r})."
        )
    return Filter(field.lower(), value.strip().strip('"'))


def cmd_show(args: argparse.Namespace) -> int:
    from index.cli import output as out

    with _open(args) as index:
        article = index.article(args.id)
        marks = index.highlights(args.id, args.query, article=article) if args.query else None
    out.article(article, marks, as_json=args.json)
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    from index.cli import output as out

    with _open(args) as index:
        hits = index.more_like(args.id, limit=args.limit)
    out.related(hits, as_json=args.json)
    return EXIT_OK if hits else EXIT_NO_RESULTS


def cmd_extract(args: argparse.Namespace) -> int:
    from index.cli import output as out
    from index.entities.extractor import load_extractor

    texts: list[tuple[str | None, str]] = []
    for path in args.files:
        try:
            texts.append((str(path), path.read_bytes().decode("utf-8", "replace")))
        except OSError as exc:
            raise UsageError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if not args.files:
        texts.append((None, sys.stdin.buffer.read().decode("utf-8", "replace")))
    extractor = load_extractor(args.ner_model)
    out.extractions([(name, extractor.extract(text), text) for name, text in texts])
    return EXIT_OK


def cmd_entities(args: argparse.Namespace) -> int:
    from index.cli import output as out
    from index.stats import entity_counts

    group = LABEL_GROUPS[args.label] if args.label else None
    with _open(args) as index:
        rows = entity_counts(index, group, args.limit)
    out.entities(rows, as_json=args.json)
    return EXIT_OK


def run() -> None:
    """`python -m index`: the headless commands only."""
    code = main(sys.argv[1:])
    sys.exit(code if code is not None else EXIT_USAGE)
