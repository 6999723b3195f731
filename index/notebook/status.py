"""Whether a marked article is still as it was: "ok", "changed" (edited since marked) or "missing"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from index.errors import NotFoundError
from index.notebook.model import Mark, MarkStatus

if TYPE_CHECKING:
    from index.search import SearchIndex


def status(index: SearchIndex, mark: Mark) -> MarkStatus:
    try:
        article = index.article(mark.id)
    except NotFoundError:
        return MarkStatus(mark, "missing")
    changed = bool(mark.content_hash) and article.content_hash != mark.content_hash
    return MarkStatus(mark, "changed" if changed else "ok")


def statuses(index: SearchIndex, marks: Iterable[Mark]) -> list[MarkStatus]:
    """Each mark with its status; a vanished article keeps its marks, listed as missing."""
    return [status(index, m) for m in marks]


__all__ = ["status", "statuses"]
