"""`morgue index --watch`: keep the index in step with the archive until Ctrl+C (`index.watch`)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from index.errors import EXIT_OK
from index.text.safe_text import json_dumps, one_line

from .where import Where

if TYPE_CHECKING:
    from index.build import BuildOptions
    from index.watch import Batch


def add_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--watch",
        action="store_true",
        help="stay running and re-index files as they are added, changed or deleted (Ctrl+C stops; exit 0)",
    )


def cmd_watch(args: argparse.Namespace, where: Where, options: BuildOptions) -> int:
    """Watch until Ctrl+C, a line per update (a JSON line each with --json); Ctrl+C exits 0."""
    from index.watch import watch_archive

    def report(batch: Batch) -> None:
        if args.json:
            r = batch.report
            data = {
                "files": list(batch.paths),
                "added": r.added if r else 0,
                "updated": r.updated if r else 0,
                "removed": r.removed if r else 0,
                "docs": r.docs if r else None,
                "seconds": r.seconds if r else None,
                "note": batch.note,
            }
            sys.stdout.write(json_dumps(data) + "\n")
        elif not args.quiet:
            if batch.report is None:
                line = batch.note
            else:
                r = batch.report
                line = f"+{r.added} ~{r.updated} -{r.removed} articles · {r.docs:,} in the index · {r.seconds:.2f} s"
            sys.stdout.write(one_line(line) + "\n")
        sys.stdout.flush()

    if not (args.quiet or args.json):
        sys.stderr.write(f"Watching {one_line(str(where.archive))} (Ctrl+C stops).\n")
    try:
        watch_archive(where.archive, where.index, options, report)
    except KeyboardInterrupt:
        if not (args.quiet or args.json):
            sys.stderr.write("Stopped watching.\n")
    return EXIT_OK
