"""One correction to the entities, and corrections compiled for applying.

The data and the lookups behind `curation` (which holds the user's file):
`Compiled` turns a list of corrections into lookups by folded name and
memoises each (name, label)'s outcome, because an archive has far fewer
distinct names than entity rows, so that 100 corrections over a 20,000-article
table take a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.entities.canonical import fold
from index.models import GROUP_OF_LABEL, ORG, PERSON, PLACE

OTHER = "OTHER"
USER_LABELS = (PERSON, ORG, PLACE, OTHER)
KINDS = ("merge", "rename", "relabel", "hide", "split")

# kind -> (field naming the entity, field naming the result or "" for none, whether the result is required)
FIELDS = {
    "merge": ("alias", "into", True),
    "rename": ("name", "to", True),
    "relabel": ("name", "to", True),
    "hide": ("name", "", False),
    "split": ("alias", "into", False),
}


class CurationError(ValueError):
    """A curation file that cannot be read; `line` is 1-based, 0 when unknown."""

    def __init__(self, path: Path | None, line: int, message: str) -> None:
        where = f"{path}: " if path else ""
        super().__init__(f"{where}line {line}: {message}" if line else f"{where}{message}")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Correction:
    """One correction. `name` is the entity it applies to (the alias, for merge and
    split), `target` its result (canonical name, new name or new label; "" for
    hide, and for a split of any merge), `label` an optional restriction."""

    kind: str
    name: str
    target: str = ""
    label: str = ""

    def describe(self) -> str:
        only = f" [{self.label}]" if self.label else ""
        arrow = {"merge": " -> ", "rename": " -> ", "relabel": " as ", "split": " from "}.get(self.kind, "")
        tail = f"{arrow}{self.target}" if self.target else ""
        return f"{self.kind}: {self.name}{tail}{only}"

    def to_json(self) -> dict[str, str]:
        named, result, _ = FIELDS[self.kind]
        out = {"kind": self.kind, named: self.name}
        if result and self.target:
            out[result] = self.target
        if self.label:
            out["label"] = self.label
        return out


def label_matches(wanted: str, label: str) -> bool:
    if not wanted:
        return True
    if wanted == OTHER:
        return label == OTHER or GROUP_OF_LABEL.get(label, "other") == "other"
    return wanted == label


def check(c: Correction, path: Path | None, line: int) -> None:
    if c.kind not in KINDS:
        raise CurationError(path, line, f"unknown kind {c.kind!r} (expected one of {', '.join(KINDS)})")
    if not c.name.strip():
        raise CurationError(path, line, f"{c.kind}: the name is empty")
    if FIELDS[c.kind][2] and not c.target.strip():
        raise CurationError(path, line, f"{c.kind}: {FIELDS[c.kind][1]!r} is missing or empty")
    if c.kind == "relabel" and c.target not in USER_LABELS:
        raise CurationError(path, line, f"relabel: label {c.target!r} is not one of {', '.join(USER_LABELS)}")
    if c.label and c.label not in USER_LABELS:
        raise CurationError(path, line, f"{c.kind}: label {c.label!r} is not one of {', '.join(USER_LABELS)}")


class Compiled:
    """Corrections as lookups by folded name, and each (name, label)'s outcome memoised:
    an archive has far fewer distinct names than rows."""

    def __init__(self, corrections: Sequence[Correction]) -> None:
        self.by_kind: dict[str, dict[str, list[Correction]]] = {k: {} for k in KINDS}
        for c in corrections:
            self.by_kind[c.kind].setdefault(fold(c.name), []).append(c)
        self.splits = self.by_kind["split"]
        self.memo: dict[tuple[str, str], tuple[str, str] | None] = {}

    def _find(self, kind: str, name: str, label: str) -> Correction | None:
        found = None
        for c in self.by_kind[kind].get(fold(name), ()):
            if label_matches(c.label, label):
                found = c  # the latest made wins
        return found

    def is_split(self, alias: str, into: str, label: str) -> bool:
        c = self._find("split", alias, label)
        return c is not None and fold(alias) != fold(into) and (not c.target or fold(c.target) == fold(into))

    def outcome(self, name: str, label: str) -> tuple[str, str] | None:
        """(name, label) after merge, rename, relabel; None if hidden."""
        key = (name, label)
        known = self.memo.get(key, key)  # a key is never a stored outcome's object
        if known is not key:
            return known
        seen = {fold(name)}
        while (m := self._find("merge", name, label)) is not None and fold(m.target) not in seen:
            name = m.target
            seen.add(fold(name))
        r = self._find("rename", name, label)
        if r is not None:
            name = r.target
        lab = self._find("relabel", name, label)
        if lab is not None:
            label = lab.target
        result = None if self._find("hide", name, label) is not None else (name, label)
        self.memo[key] = result
        return result
