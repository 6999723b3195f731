"""`morgue entities merge|rename|relabel|hide|unhide|split|corrections`: the user's corrections.

Each command edits the archive's curation file (`index.entities.curation`),
the one the index reads its entities through (`index.entities.curated_engine`):
the change shows at once in `morgue entities`, the filters and the explorer,
with nothing rebuilt. The file is found through the open index, so the CLI
and the index always agree on which file it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index.errors import EXIT_OK, UsageError

from .where import Where

LABEL_CHOICES = ("PERSON", "ORG", "PLACE", "OTHER")

# action -> (help, positional arguments (name, help))
ACTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "merge": (
        "merge ALIAS into CANONICAL: one entity, filters by either name find both",
        (("alias", "the name to merge (as the sidebar shows it)"), ("canonical", "the name it is")),
    ),
    "rename": ("show an entity under another name", (("old", "the name now"), ("new", "the name to show"))),
    "relabel": (
        "move an entity to another group",
        (("name", "the entity"), ("label", f"its group: {', '.join(LABEL_CHOICES)}")),
    ),
    "hide": (
        "drop an entity from the sidebar and facets (its text stays searchable)",
        (("name", "the entity"),),
    ),
    "unhide": ("show a hidden entity again", (("name", "the entity"),)),
    "split": ("undo a merge: ALIAS is its own entity again", (("alias", "the merged name"),)),
    "corrections": ("list the corrections and where the file is", ()),
}


def add_parsers(entities: argparse.ArgumentParser) -> None:
    """The correction commands, under `morgue entities` (which alone still lists the entities)."""
    shared = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: given before the action (`morgue entities --archive X merge ...`), they are kept.
    shared.add_argument("--archive", metavar="DIR", default=argparse.SUPPRESS, help="the archive")
    shared.add_argument("--index", metavar="DIR", default=argparse.SUPPRESS, help="the index")
    shared.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    sub = entities.add_subparsers(dest="entities_action", metavar="ACTION")
    for action, (text, positionals) in ACTIONS.items():
        p = sub.add_parser(action, parents=[shared], help=text, description=text[0].upper() + text[1:] + ".")
        for name, helptext in positionals:
            p.add_argument(name, help=helptext)
        if action in ("merge", "rename", "hide", "unhide", "split"):
            p.add_argument(
                "--only",
                metavar="LABEL",
                default="",
                type=str.upper,
                choices=("", *LABEL_CHOICES),
                help="only the entity with this label (default: any)",
            )


def run(args: argparse.Namespace, where: Where) -> int:
    from index.entities.curated_engine import curation_of
    from index.search import SearchIndex

    with SearchIndex(where.index) as index:
        curated = curation_of(index.engine)
        if curated is None or curated.path is None:
            raise UsageError("This index does not name its archive, so it has no corrections file.")
        path = curated.path
        if args.entities_action == "corrections":
            return _list(path, bool(getattr(args, "json", False)))
        message = _edit(args, path, str(where.archive))
        curated.applied()  # read back: what the index serves from now on
        _say(message, args)
    return EXIT_OK


def _edit(args: argparse.Namespace, path: Path, archive: str) -> str:
    from index.entities.curation import CurationError, load_curation, save_curation

    try:
        curation = load_curation(path)
    except CurationError as exc:
        raise UsageError(f"The corrections file cannot be read, so it is left as it is: {exc}") from None
    action = args.entities_action
    only = getattr(args, "only", "")
    before = curation
    _refuse_self_merge(action, args)
    try:
        if action == "merge":
            curation, message = (
                curation.add_merge(args.alias, args.canonical, only),
                (f"Merged {args.alias!r} into {args.canonical!r}."),
            )
        elif action == "rename":
            curation, message = (
                curation.add_rename(args.old, args.new, only),
                f"Renamed {args.old!r} to {args.new!r}.",
            )
        elif action == "relabel":
            label = args.label.upper()
            curation, message = (
                curation.add_relabel(args.name, label),
                f"Relabelled {args.name!r} as {label}.",
            )
        elif action == "hide":
            curation, message = (
                curation.add_hide(args.name, only),
                f"Hid {args.name!r} (its text stays searchable).",
            )
        elif action == "unhide":
            curation = curation.unhide(args.name, only or None)
            message = f"Unhid {args.name!r}." if curation != before else f"{args.name!r} was not hidden."
        else:
            curation = curation.add_split(args.alias, "", only)
            message = f"Split {args.alias!r}: it is its own entity again."
    except CurationError as exc:
        raise UsageError(str(exc)) from None
    save_curation(curation, path, archive)
    return f"{message} Corrections: {path}"


def _refuse_self_merge(action: str, args: argparse.Namespace) -> None:
    from index.entities.canonical import fold

    if action == "merge" and fold(args.alias) == fold(args.canonical):
        raise UsageError(f"{args.alias!r} and {args.canonical!r} are the same name: nothing to merge.")
    if action == "rename" and args.old == args.new:
        raise UsageError(f"{args.old!r} is already called that: nothing to rename.")


def _say(message: str, args: argparse.Namespace) -> None:
    from index.cli import output as out

    if getattr(args, "json", False):
        sys.stdout.write(json.dumps({"done": message}, ensure_ascii=False) + "\n")
    else:
        out.info(message)


def _list(path: Path, as_json: bool) -> int:
    from index.cli import output as out
    from index.entities.curation import load_curation_or_empty

    curation, error = load_curation_or_empty(path)
    if as_json:
        data = {
            "path": str(path),
            "error": str(error) if error else None,
            "corrections": [c.to_json() for c in curation.corrections],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if error:
        out.error(f"Corrections ignored: {error}")
    out.info(f"Corrections: {path}")
    for n, c in enumerate(curation.corrections, 1):
        sys.stdout.write(f"{n}. {_one_line(c.describe())}\n")
    if not curation.corrections and not error:
        out.info("No corrections yet.")
    return EXIT_OK


def _one_line(text: str) -> str:
    from index.text.safe_text import one_line

    return one_line(text)
