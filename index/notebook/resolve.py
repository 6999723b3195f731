"""The query fields the notebook answers: `tag:`, `is:` and `has:`, made sets of article ids.

The parser reads `tag:oil`, `is:starred` or `has:note` as it reads any keyword
field; here each such leaf becomes the ids the notebook holds for it, as a
`WordSet` on the `id` field: a constant-score set that every engine already
matches (no engine object, no new node kind). `is:unread`, every article not
marked otherwise, is the set of the others, negated. So these fields combine
with everything else (`oil is:starred -tag:done`), and score nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from index.fields import MARK_FIELDS
from index.notebook import notebook_path
from index.notebook.model import IS_VALUES, state_named
from index.notebook.store import Notebook
from index.query import syntax as q
from index.query.terms import walk
from index.store.generations import Meta


def names_marks(node: q.Node) -> bool:
    """Whether a query uses a notebook field."""
    return any(getattr(n, "field", None) in MARK_FIELDS for n in walk(node))


def with_marks(node: q.Node, gen: Path | None, warnings: list[str] | None = None) -> q.Node:
    """The tree with its notebook fields answered from the notebook of the generation's archive.

    An `is:` or `has:` value that means nothing finds nothing, and `warnings` says so.
    """
    if gen is None or not names_marks(node):
        return node
    if warnings is not None:
        warnings.extend(_unknown_values(node))
    try:
        archive = Meta.read(gen).archive
    except (OSError, ValueError):
        archive = ""
    if not archive:
        return resolve(node, None)
    with Notebook(notebook_path(Path(archive))) as notebook:
        return resolve(node, notebook)


def resolve(node: q.Node, notebook: Notebook | None) -> q.Node:
    """Each notebook leaf as its set of ids (none, without a notebook); the rest unchanged."""
    if isinstance(node, q.And | q.Or):
        return replace(node, children=tuple(resolve(c, notebook) for c in node.children))
    if isinstance(node, q.Not):
        return q.Not(resolve(node.child, notebook))
    if isinstance(node, q.AndNot):
        return q.AndNot(resolve(node.positive, notebook), resolve(node.negative, notebook))
    field = getattr(node, "field", None)
    if field not in MARK_FIELDS:
        return node
    value = _value(node)
    label = f"{field}:{value}"
    ids, exclude = notebook.ids_where(str(field), value) if notebook is not None else (frozenset(), False)
    boost = getattr(node, "boost", 1.0)
    found = q.WordSet("id", tuple(sorted(ids)), label, boost)
    return q.Not(found) if exclude else found


def _unknown_values(node: q.Node) -> list[str]:
    found = []
    for leaf in walk(node):
        field = getattr(leaf, "field", None)
        if field not in ("is", "has"):
            continue
        value = _value(leaf)
        if field == "is" and value not in ("starred", "star") and state_named(value) is None:
            found.append(f"is:{value} finds nothing: use is:{', is:'.join(IS_VALUES)}.")
        if field == "has" and value not in ("note", "notes", "tag", "tags"):
            found.append(f"has:{value} finds nothing: use has:note or has:tag.")
    return found


def _value(node: q.Node) -> str:
    """What the user typed after the field, as a pattern for tags (`oil*`)."""
    if isinstance(node, q.Term | q.Fuzzy):
        return node.text
    if isinstance(node, q.Phrase):
        return " ".join(node.words)
    if isinstance(node, q.Prefix):
        return f"{node.text}*"
    if isinstance(node, q.Wildcard):
        return node.pattern
    if isinstance(node, q.TermRange):
        return ""
    return ""


__all__ = ["names_marks", "resolve", "with_marks"]
