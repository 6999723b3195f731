"""The notebook's records, as frozen values: what the CLI prints and the TUI draws."""

from __future__ import annotations

from dataclasses import dataclass

from index.models import Filter

# Review states, in the order they are offered; "unread" is the state of an article never marked.
STATES = ("unread", "read", "relevant", "not relevant", "follow up")
# `is:` values: the states (spaces as hyphens or underscores too), and `starred`.
IS_VALUES = ("starred", "unread", "read", "relevant", "not-relevant", "follow-up")
HISTORY_CAP = 500  # searches kept in the history, the most recent


def state_named(text: str) -> str | None:
    """A review state from how a user may type it (`not_relevant`, `follow-up`, `FOLLOWUP`); None if none."""
    key = "".join(ch for ch in text.lower() if ch.isalpha())
    for state in STATES:
        if state.replace(" ", "") == key:
            return state
    return None


@dataclass(frozen=True)
class Mark:
    """What the user did to one article: star, tags, note, review state.

    `content_hash` is the article's hash when it was last marked: an article
    edited since shows it changed; `title` is kept so a vanished article is
    still listed by name.
    """

    id: str
    content_hash: str = ""
    title: str = ""
    starred: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    state: str = "unread"
    updated: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.starred or self.tags or self.note or self.state != "unread")

    def badge(self) -> str:
        """The marks in a few characters, for a result line: `★ ✎ R #2` (✓: read; R, I, F: the review)."""
        parts = []
        if self.starred:
            parts.append("★")
        if self.note:
            parts.append("✎")
        code = {"read": "✓", "relevant": "R", "not relevant": "I", "follow up": "F"}.get(self.state, "")
        if code:
            parts.append(code)
        if self.tags:
            parts.append(f"#{len(self.tags)}")
        return " ".join(parts)


@dataclass(frozen=True)
class MarkStatus:
    """A mark as `morgue marks` lists it: with whether its article changed or vanished since."""

    mark: Mark
    status: str  # "ok", "changed" (edited since marked), "missing" (no longer in the index)


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    filters: tuple[Filter, ...] = ()
    sort: str = "relevance"
    created: float = 0.0
    last_run: float = 0.0


@dataclass(frozen=True)
class HistoryEntry:
    query: str
    filters: tuple[Filter, ...] = ()
    sort: str = "relevance"
    used: float = 0.0


__all__ = [
    "HISTORY_CAP",
    "IS_VALUES",
    "STATES",
    "HistoryEntry",
    "Mark",
    "MarkStatus",
    "SavedSearch",
    "state_named",
]
