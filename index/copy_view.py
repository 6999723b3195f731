"""What the reader shows of an article's copies: the list (source, date, size of the change) and a diff.

Both are computed from the stored texts (title and body, as the build
sketched them), so what the list says changed is what the diff marks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from index.copies import DiffSize, Span, diff_size, word_diff
from index.copies.diff import change_starts, size_of
from index.copies.text import copy_text
from index.errors import NotFoundError
from index.grouping import CopyGroups
from index.models import StoredArticle
from index.store.versions import Version, versions_of


@dataclass(frozen=True)
class CopyEntry:
    """One other copy of an article, for the copies list."""

    id: str
    title: str
    source: str
    date: datetime | None
    similarity: float
    difference: DiffSize  # from the article to this copy


@dataclass(frozen=True)
class VersionEntry:
    """An earlier text of the article (a re-indexed file whose text changed), for the same list."""

    number: int  # 0: the oldest kept
    title: str
    replaced: datetime  # when an update replaced it
    difference: DiffSize  # from that version to the text now


@dataclass(frozen=True)
class CopiesOf:
    """An article's copy group as the reader lists it, and its earlier versions."""

    article: StoredArticle
    group: int
    copies: tuple[CopyEntry, ...]
    versions: tuple[VersionEntry, ...] = ()


@dataclass(frozen=True)
class CopyDiff:
    """A word-level diff from the open article (`a`) to a chosen copy (`b`), and where each change starts."""

    a: StoredArticle
    b: StoredArticle
    spans: tuple[Span, ...]
    changes: tuple[int, ...]  # indexes into `spans` (`change_starts`)
    size: DiffSize


def copies_of(groups: CopyGroups, article_id: str) -> CopiesOf:
    """The article's other copies, most similar first (NotFoundError if there is no such article)."""
    index = groups.search_index
    article = index.article(article_id)
    group, copies = groups.copies_of(article_id)
    own = copy_text(article.title, article.body)
    entries = []
    for c in copies:
        other = index.article(c.id)
        size = diff_size(own, copy_text(other.title, other.body))
        entries.append(CopyEntry(c.id, other.title, other.source, other.date, c.similarity, size))
    versions = tuple(
        VersionEntry(
            n, v.title, datetime.fromtimestamp(v.replaced, UTC), diff_size(copy_text(v.title, v.body), own)
        )
        for n, v in enumerate(_versions(groups, article_id))
    )
    return CopiesOf(article, group, tuple(entries), versions)


def version_diff(groups: CopyGroups, article_id: str, number: int) -> CopyDiff:
    """The word-level diff from an earlier version of the article (`a`) to its text now (`b`)."""
    now = groups.search_index.article(article_id)
    kept = _versions(groups, article_id)
    if not 0 <= number < len(kept):
        raise NotFoundError(f"No version {number + 1} of {article_id!r} is kept.")
    v = kept[number]
    then = replace(now, id=f"{article_id} (version {number + 1})", title=v.title, body=v.body, date=v.date)
    spans = word_diff(copy_text(v.title, v.body), copy_text(now.title, now.body))
    return CopyDiff(then, now, tuple(spans), tuple(change_starts(spans)), size_of(spans))


def _versions(groups: CopyGroups, article_id: str) -> list[Version]:
    gen = groups.search_index.generation
    return versions_of(gen, article_id) if gen is not None else []


def diff_with(groups: CopyGroups, article_id: str, copy_id: str) -> CopyDiff:
    """The word-level diff from one article to another (any two: a copy, or an earlier version)."""
    index = groups.search_index
    a, b = index.article(article_id), index.article(copy_id)
    spans = word_diff(copy_text(a.title, a.body), copy_text(b.title, b.body))
    return CopyDiff(a, b, tuple(spans), tuple(change_starts(spans)), size_of(spans))
