"""What the reader shows of an article's copies: the list (source, date, size of the change) and a diff.

Both are computed from the stored texts (title and body, as the build
sketched them), so what the list says changed is what the diff marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from index.copies import DiffSize, Span, diff_size, word_diff
from index.copies.diff import change_starts, size_of
from index.copies.text import copy_text
from index.grouping import CopyGroups
from index.models import StoredArticle


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
class CopiesOf:
    """An article's copy group as the reader lists it."""

    article: StoredArticle
    group: int
    copies: tuple[CopyEntry, ...]


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
    return CopiesOf(article, group, tuple(entries))


def diff_with(groups: CopyGroups, article_id: str, copy_id: str) -> CopyDiff:
    """The word-level diff from one article to another (any two: a copy, or an earlier version)."""
    index = groups.search_index
    a, b = index.article(article_id), index.article(copy_id)
    spans = word_diff(copy_text(a.title, a.body), copy_text(b.title, b.body))
    return CopyDiff(a, b, tuple(spans), tuple(change_starts(spans)), size_of(spans))
