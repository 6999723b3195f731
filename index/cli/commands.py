"""The commands: each a few lines over the library, given its parsed arguments.

Whoosh, the builder and the rich output are imported inside the commands that
use them: `morgue` with no command opens the TUI, and its first screen must
not wait ~0.2 s for modules it will load later, off the UI thread.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import EXIT_NO_RESULTS, EXIT_OK, NotFoundError, UsageError
from index.models import Filter

from .copies import cmd_copies as cmd_copies  # `morgue copies`, `morgue dupes`: `main` finds them here
from .copies import cmd_dupes as cmd_dupes
from .ids import article_id, not_found
from .names import KEYWORD_FIELDS, canonical_fields, group_of, spellings
from .quotes import cmd_quotes as cmd_quotes
from .timeline import run_timeline
from .where import Where, current_archive, exists

if TYPE_CHECKING:
    from index.search import SearchIndex


def existing_archive(folder: Path, given: str | None) -> str:
    """A folder named on the command line as the archive: it must exist, and not contradict --archive."""
    if given is not None and Path(given).expanduser().resolve() != folder.expanduser().resolve():
        raise UsageError(f"Two archives given: {folder} and --archive {given}; give one.")
    if not exists(folder):
        raise UsageError(f"No such archive: {folder} does not exist.")
    return str(folder)


def archive_from_paths(args: argparse.Namespace) -> None:
    """`morgue index DIR` with DIR outside the current archive: DIR is the archive to index."""
    if args.archive is not None or not args.paths:
        return
    current = current_archive()
    outside = [p for p in args.paths if not _inside(p, current)]
    if not outside:
        return
    if len(args.paths) > 1:
        raise UsageError(
            f"{outside[0]} is not inside the archive {current}. To index another archive, "
            "give its folder alone (`morgue index DIR`) or use --archive DIR."
        )
    args.archive = existing_archive(args.paths[0], None)
    args.paths = []


def _inside(path: Path, root: Path) -> bool:
    resolved = path.expanduser().resolve()
    return resolved == root or root in resolved.parents


def _open(where: Where) -> SearchIndex:
    from index.search import SearchIndex

    return SearchIndex(where.index)


def cmd_index(args: argparse.Namespace, where: Where) -> int:
    from index.build import BuildOptions, update_index
    from index.cli import output as out

    if args.procs < 1:
        raise UsageError("--procs must be at least 1.")
    options = BuildOptions(
        procs=args.procs,
        entities=not args.no_entities,
        ner_model=args.ner_model,
        follow_symlinks=args.follow_symlinks,
        wait=args.wait,
    )
    if args.watch:
        from .watch import cmd_watch

        return cmd_watch(args, where, options)
    with out.progress(enabled=not (args.quiet or args.json)) as tick:
        report = update_index(
            where.archive,
            where.index,
            paths=args.paths or None,
            rebuild=args.rebuild,
            options=options,
            progress=tick,
        )
    out.index_report(report, where, as_json=args.json, quiet=args.quiet)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out
    from index.stats import index_stats

    with _open(where) as index:
        out.stats(index_stats(index), where, as_json=args.json)
    return EXIT_OK


def cmd_list(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out

    with _open(where) as index:
        out.article_list(index.iter_articles(), where, fmt=args.format)
    return EXIT_OK


def cmd_search(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out

    filters = tuple(date_or_field_filter(f) for f in args.filter)
    if args.since or args.until:  # `--since`/`--until`: one date filter, beside any `date:` of the query
        filters += (Filter("date", f"{args.since or ''}..{args.until or ''}"),)
    query = " ".join(args.query)
    from index.grouping import CopyGroups

    with _open(where) as index:
        grouped = CopyGroups(index).search(
            canonical_fields(query),
            expand=args.expand_copies,
            filters=filters,
            sort=args.sort,
            offset=args.offset,
            limit=args.limit,
            facets=args.format == "json",  # no other output shows facets: counting them costs
        )
    result = grouped.result
    if result.error:
        raise UsageError(result.error)
    out.search_result(replace(result, query=query), where, fmt=args.format, grouped=grouped)  # query as typed
    return EXIT_OK if result.total else EXIT_NO_RESULTS


def cmd_timeline(args: argparse.Namespace, where: Where) -> int:
    return run_timeline(args, where, tuple(date_or_field_filter(f) for f in args.filter))


def date_or_field_filter(text: str) -> Filter:
    """`--filter date:1987-03` (or `date:A..B`): a date filter; any other, as `_filter` reads it."""
    name, sep, value = text.partition(":")
    if sep and name.strip().lower() == "date" and value.strip():
        return Filter("date", value.strip())
    return _filter(text)


def _filter(text: str) -> Filter:
    """`--filter people:"Tony Blair"`: a group (any spelling: `names`), section or source, and a value."""
    name, sep, value = text.partition(":")
    field = group_of(name) or (name.strip().lower() if name.strip().lower() in KEYWORD_FIELDS else None)
    if not sep or field is None or not value.strip():
        raise UsageError(
            f"--filter takes FIELD:VALUE, FIELD an entity group, {spellings()}, or section or source "
            f"(got {text!r})."
        )
    return Filter(field, value.strip().strip('"'))


def cmd_show(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out

    doc_id = article_id(args.id, where.archive)
    with _open(where) as index:
        try:
            article = index.article(doc_id)
        except NotFoundError:
            raise not_found(args.id, where.archive) from None
        marks = (
            index.highlights(doc_id, canonical_fields(args.query), article=article) if args.query else None
        )
        if marks is not None:  # an entity query's matches are the entity's mentions
            from index.entities.mention_marks import with_entity_mentions

            marks = with_entity_mentions(article, marks, canonical_fields(args.query))
    out.article(article, marks, where, as_json=args.json)
    return EXIT_OK


def cmd_related(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out

    doc_id = article_id(args.id, where.archive)
    with _open(where) as index:
        try:
            hits = index.more_like(doc_id, limit=args.limit)
        except NotFoundError:
            raise not_found(args.id, where.archive) from None
    out.related(hits, where, fmt=args.format)
    return EXIT_OK if hits else EXIT_NO_RESULTS


def cmd_extract(args: argparse.Namespace) -> int:
    from index.cli import output as out
    from index.entities.extractor import load_extractor

    texts: list[tuple[str | None, str]] = []
    for path in args.files:
        texts.append((str(path), _extract_input(path).decode("utf-8", "replace")))
    if not args.files:
        texts.append((None, _extract_input(None).decode("utf-8", "replace")))
    extractor = load_extractor(args.ner_model)
    out.extractions([(name, extractor.extract(text), text) for name, text in texts])
    return EXIT_OK


def _extract_input(path: Path | None) -> bytes:
    """A file's bytes (standard input's for None), as the ingest reads an article's: regular
    files only (never blocking on a FIFO, never reading /dev/zero forever), up to its 16 MiB."""
    from index.files import read_bounded, read_stream
    from index.ingest import MAX_TEXT_BYTES

    try:
        if path is None:
            return read_stream(sys.stdin.buffer, MAX_TEXT_BYTES, "standard input")
        return read_bounded(path, MAX_TEXT_BYTES, follow_symlinks=True)
    except OSError as exc:
        raise UsageError(f"Cannot read {path or 'standard input'}: {exc.strerror or exc}.") from exc


def cmd_entities(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out
    from index.stats import entity_counts

    if getattr(args, "entities_action", None):  # merge, rename, ...: `index.cli.curation`
        from index.cli import curation

        return curation.run(args, where)
    group = args.label  # a group's name: the parser took any spelling
    with _open(where) as index:
        rows = entity_counts(index, group, args.limit)
    out.entities(rows, as_json=args.json)
    return EXIT_OK


def cmd_forget(args: argparse.Namespace) -> int:
    from index.cli import output as out
    from index.config import forget

    try:
        was = forget()
    except OSError as exc:
        raise UsageError(
            f"Cannot forget the archive last used: {exc.strerror or exc} ({exc.filename})."
        ) from exc
    out.info(
        f"Forgot the archive last used, {was.archive}: `morgue` opens the bundled sample until another is named."
        if was
        else "No archive is remembered: `morgue` opens the bundled sample until one is named."
    )
    return EXIT_OK
