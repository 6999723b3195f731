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
from typing import TYPE_CHECKING

from index.errors import EXIT_OK

from .where import Where

if TYPE_CHECKING:
    from index.entities.store import CurationStore

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
    from index.entities.store import CurationStore
    from index.search import SearchIndex

    with SearchIndex(where.index) as index:
        store = CurationStore(index)
        if args.entities_action == "corrections":
            return _list(store, bool(getattr(args, "json", False)))
        message = _edit(args, store)
        _say(f"{message} Corrections: {store.path}", args)
    return EXIT_OK


def _edit(args: argparse.Namespace, store: CurationStore) -> str:
    from index.entities.corrections import Correction

    action = args.entities_action
    only = getattr(args, "only", "")
    if action == "merge":
        store.add(Correction("merge", args.alias, args.canonical, only))
        return f"Merged {args.alias!r} into {args.canonical!r}."
    if action == "rename":
        store.add(Correction("rename", args.old, args.new, only))
        return f"Renamed {args.old!r} to {args.new!r}."
    if action == "relabel":
        label = args.label.upper()
        store.add(Correction("relabel", args.name, label))
        return f"Relabelled {args.name!r} as {label}."
    if action == "hide":
        store.add(Correction("hide", args.name, "", only))
        return f"Hid {args.name!r} (its text stays searchable)."
    if action == "unhide":
        return (
            f"Unhid {args.name!r}."
            if store.unhide(args.name, only or None)
            else f"{args.name!r} was not hidden."
        )
    store.add(Correction("split", args.alias, "", only))
    return f"Split {args.alias!r}: it is its own entity again."


def _say(message: str, args: argparse.Namespace) -> None:
    from index.cli import output as out

    if getattr(args, "json", False):
        sys.stdout.write(json.dumps({"done": message}, ensure_ascii=False) + "\n")
    else:
        out.info(message)


def _list(store: CurationStore, as_json: bool) -> int:
    from index.cli import output as out

    listed = store.listed()
    if as_json:
        data = {
            "path": str(listed.path),
            "error": listed.error or None,
            "corrections": [c.to_json() for c in listed.corrections],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if listed.error:
        out.error(f"Corrections ignored: {listed.error}")
    out.info(f"Corrections: {listed.path}")
    for n, c in enumerate(listed.corrections, 1):
        sys.stdout.write(f"{n}. {_one_line(c.describe())}\n")
    if not listed.corrections and not listed.error:
        out.info("No corrections yet.")
    return EXIT_OK


def _one_line(text: str) -> str:
    from index.text.safe_text import one_line

    return one_line(text)
