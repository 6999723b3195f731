"""The notebook's commands: `saved`, `search --saved [--new]`, `export`, `mark`, `marks`, `notebook`.

Each a few lines over `index.notebook`. `main` looks a command up here
before `commands`, so `cmd_search` here runs a saved search, or hands an
ordinary one to `commands.cmd_search`.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from index.errors import EXIT_NO_RESULTS, EXIT_OK, NotFoundError, UsageError
from index.models import Filter
from index.notebook import notebook_path
from index.notebook.model import STATES, Mark, SavedSearch, state_named
from index.notebook.store import Notebook

from . import commands
from .ids import article_id, not_found
from .names import canonical_fields
from .where import Where


def _notebook(where: Where) -> Notebook:
    return Notebook(notebook_path(where.archive))


def _filters(texts: list[str]) -> tuple[Filter, ...]:
    return tuple(commands._filter(t) for t in texts)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def saved_json(s: SavedSearch) -> dict[str, Any]:
    return {
        "name": s.name,
        "query": s.query,
        "filters": [{"field": f.field, "value": f.value} for f in s.filters],
        "sort": s.sort,
        "created": s.created,
        "last_run": s.last_run or None,
    }


def mark_json(m: Mark, status: str = "ok") -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "starred": m.starred,
        "tags": list(m.tags),
        "note": m.note,
        "state": m.state,
        "content_hash": m.content_hash,
        "status": status,
        "updated": m.updated,
    }


# -- saved searches ----------------------------------------------------------------


def cmd_saved(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out

    with _notebook(where) as notebook:
        action = args.saved_command
        if action == "add":
            from index.query import QueryError, parse_query

            filters = _filters(args.filter)
            try:  # a query that cannot run is refused now, not at its first cron run
                parse_query(canonical_fields(" ".join(args.query)), filters)
            except QueryError as exc:
                raise UsageError(str(exc)) from None
            saved = notebook.save(args.name, " ".join(args.query), filters, args.sort)
            out.info(f"Saved {saved.name!r}: {saved.query}")
        elif action == "list":
            searches = notebook.saved_searches()
            if args.json:
                _print_json([saved_json(s) for s in searches])
            else:
                for s in searches:
                    extra = "".join(f"  [{f.field}:{f.value}]" for f in s.filters)
                    sort = f"  (sort {s.sort})" if s.sort != "relevance" else ""
                    sys.stdout.write(f"{s.name}\t{s.query}{extra}{sort}\n")
        elif action == "rm":
            if not notebook.remove_saved(args.name):
                raise NotFoundError(f"No saved search named {args.name!r} (`morgue saved list`).")
        else:
            try:
                renamed = notebook.rename_saved(args.name, args.new_name)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            if not renamed:
                raise NotFoundError(f"No saved search named {args.name!r} (`morgue saved list`).")
    return EXIT_OK


def cmd_search(args: argparse.Namespace, where: Where) -> int:
    """`morgue search`: a saved search (`--saved NAME [--new]`), or the query given."""
    if args.saved is None:
        if args.new:
            raise UsageError("--new goes with --saved NAME.")
        if not args.query:
            raise UsageError("Give a query (`morgue search 'oil price'`) or a saved search (--saved NAME).")
        return commands.cmd_search(args, where)
    if args.query or args.filter:
        raise UsageError("--saved runs the saved query and filters: give no query or --filter with it.")
    with _notebook(where) as notebook:
        saved = notebook.saved(args.saved)
        if saved is None:
            raise NotFoundError(f"No saved search named {args.saved!r} (`morgue saved list`).")
        if not args.new:
            args.query, args.filter, args.sort = [saved.query], [], saved.sort
            return _search(args, where, saved.filters)
        return _search_new(args, where, notebook, saved)


def _search(args: argparse.Namespace, where: Where, filters: tuple[Filter, ...]) -> int:
    from index.cli import output as out

    query = " ".join(args.query)
    with commands._open(where) as index:
        result = index.search(
            canonical_fields(query),
            filters=filters,
            sort=args.sort,
            offset=args.offset,
            limit=args.limit,
            facets=args.format == "json",
        )
    if result.error:
        raise UsageError(result.error)
    out.search_result(replace(result, query=query), where, fmt=args.format)
    return EXIT_OK if result.total else EXIT_NO_RESULTS


def _search_new(args: argparse.Namespace, where: Where, notebook: Notebook, saved: SavedSearch) -> int:
    """The results not there at the last `--new` run, all of them; then these results are remembered."""
    from index.cli import output as out
    from index.notebook.whats_new import new_hits

    with commands._open(where) as index:
        query = canonical_fields(saved.query)
        new, every = new_hits(index, notebook, saved.name, "cli", query, saved.filters, saved.sort)
        result = index.search(query, filters=saved.filters, sort=saved.sort, limit=1, facets=False)
    notebook.record_seen(saved.name, "cli", every)
    shown = replace(result, query=saved.query, hits=tuple(new), total=len(new), offset=0)
    out.search_result(shown, where, fmt=args.format)
    return EXIT_OK if new else EXIT_NO_RESULTS


# -- export --------------------------------------------------------------------------


@contextmanager
def _output(path: str | None) -> Any:
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        handle: TextIO = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    with handle:
        yield handle


def cmd_export(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out
    from index.notebook import export

    query = canonical_fields(" ".join(args.query))
    filters = _filters(args.filter)
    with commands._open(where) as index, _notebook(where) as notebook:
        rows = list(export.rows(index, notebook, query, filters, args.sort))
        with _output(args.output) as handle:
            count = export.write(handle, args.format, iter(rows))
    if args.output:
        out.info(f"Exported {count} result{'s' if count != 1 else ''} to {args.output}.")
    return EXIT_OK if count else EXIT_NO_RESULTS


# -- marks ---------------------------------------------------------------------------


def cmd_mark(args: argparse.Namespace, where: Where) -> int:
    state = None
    if args.state is not None:
        state = state_named(args.state)
        if state is None:
            raise UsageError(f"Unknown review state {args.state!r}: use one of {', '.join(STATES)}.")
    if args.star and args.unstar:
        raise UsageError("--star and --unstar: give one.")
    doc_id = article_id(args.id, where.archive)
    with commands._open(where) as index:
        try:
            article = index.article(doc_id)
        except NotFoundError:
            raise not_found(args.id, where.archive) from None
    with _notebook(where) as notebook:
        mark = notebook.update(
            article.id,
            content_hash=article.content_hash,
            title=article.title,
            starred=True if args.star else False if args.unstar else None,
            note=args.note,
            state=state,
            add_tags=args.tag,
            remove_tags=args.untag,
        )
    if args.json:
        _print_json(mark_json(mark))
    else:
        sys.stdout.write(_mark_line(mark, "ok") + "\n")
    return EXIT_OK


def cmd_marks(args: argparse.Namespace, where: Where) -> int:
    from index.notebook.status import statuses

    with _notebook(where) as notebook:
        marks = notebook.marks()
    with commands._open(where) as index:
        listed = statuses(index, marks.values())
    if args.json:
        _print_json([mark_json(s.mark, s.status) for s in listed])
    else:
        for s in listed:
            sys.stdout.write(_mark_line(s.mark, s.status) + "\n")
    return EXIT_OK if listed else EXIT_NO_RESULTS


def _mark_line(m: Mark, status: str) -> str:
    """id, marks, state, tags, title, note: tab-separated, the status after the id when not ok."""
    from index.text.safe_text import one_line

    flags = ("★" if m.starred else "") + (f" [{status}]" if status != "ok" else "")
    return "\t".join(one_line(x) for x in (m.id, flags.strip(), m.state, ", ".join(m.tags), m.title, m.note))


# -- the whole notebook ------------------------------------------------------------------


def cmd_notebook(args: argparse.Namespace, where: Where) -> int:
    from index.cli import output as out
    from index.notebook import transfer

    path = notebook_path(where.archive)
    if args.notebook_command == "path":
        sys.stdout.write(f"{path}\n")
        return EXIT_OK
    with Notebook(path) as notebook:
        if args.notebook_command == "export":
            with _output(args.output) as handle:
                json.dump(transfer.dump(notebook), handle, ensure_ascii=False, indent=1)
                handle.write("\n")
            return EXIT_OK
        try:
            text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"Cannot read {args.file}: {exc}.") from exc
        counts = transfer.load(notebook, text)
    out.info("Imported " + ", ".join(f"{n} {what}" for what, n in counts.items()) + f" into {path}.")
    return EXIT_OK
