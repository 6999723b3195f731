"""The user's corrections as the index reads them: names, groups and the terms that find them.

Why: the index holds the names extraction wrote, and a correction must show at
once, without re-running the model or rebuilding. So a correction is applied
where the entities are read: a facet list is remapped (`remap_counts`), an
entity query term is widened to every name that now means it (`widen`), an
article's own entities are renamed (`Curation.apply`). `Applied` compiles one
Curation into those lookups once; it is rebuilt only when the file changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from index.entities.canonical import fold
from index.entities.corrections import OTHER, USER_LABELS, Compiled
from index.entities.curation import Curation
from index.fields import ENTITY_FIELDS
from index.models import GROUP_OF_LABEL, ORG, PERSON, PLACE, Count
from index.query.meaning import keyword_value
from index.query.syntax import And, AndNot, Node, Not, Or, Term

SAID = "said"  # `said:` (index.quotes): the speakers of an article's quotations
SPEAKER_GROUPS = ("person", "org")

# The label a group's facet values are looked up with (the "other" group holds several).
LABEL_OF_GROUP = {"person": PERSON, "org": ORG, "place": PLACE, "other": OTHER}


def group_of(label: str) -> str:
    return GROUP_OF_LABEL.get(label, "other")


@dataclass(frozen=True)
class Target:
    """What a (group, name) becomes: its group and the name to show; None when hidden."""

    group: str
    name: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.group, keyword_value(self.name))


class Applied:
    """One Curation compiled for reading: outcomes by (group, name), and for each
    corrected name, the (group, keyword) terms of every name that now means it."""

    def __init__(self, curation: Curation) -> None:
        self.curation = curation
        self._rules = Compiled(curation.corrections)
        self._memo: dict[tuple[str, str], Target | None] = {}
        # (group, keyword value) of a result -> the (group, keyword value) terms that mean it
        self.sources: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.names: dict[tuple[str, str], str] = {}  # such a result's name as the correction gives it
        self._spelled: dict[tuple[str, str], str] = {}  # a source's name as the correction gives it
        for c in curation.corrections:
            for label in USER_LABELS:
                group = group_of(label)
                got = self.target(group, c.name)
                if got is None:
                    continue
                own = (group, keyword_value(c.name))
                if got.key != own:
                    self.sources.setdefault(got.key, set()).add(own)
                    self.names[got.key] = got.name
                    self._spelled[own] = c.name

    def __bool__(self) -> bool:
        return bool(self.curation.corrections)

    def target(self, group: str, name: str) -> Target | None:
        """What the value `name` of facet group `group` becomes (itself when no correction applies)."""
        key = (group, name)
        if key in self._memo:
            return self._memo[key]
        out = self._rules.outcome(name, LABEL_OF_GROUP.get(group, OTHER))
        result = None if out is None else Target(group_of(out[1]), out[0])
        if result is not None and result.group == group and fold(result.name) == fold(name):
            result = Target(group, name)  # unchanged: keep the index's own spelling
        self._memo[key] = result
        return result

    # -- queries -------------------------------------------------------------------------

    def terms_for(self, group: str, value: str) -> list[Term]:
        """The terms an entity filter on `group:value` means now: the value, and every name
        merged, renamed or relabelled into it."""
        own = (group, keyword_value(value))
        more = sorted(self.sources.get(own, ()))
        return [Term(group, own[1]), *(Term(g, v) for g, v in more if (g, v) != own)]

    def widen(self, node: Node) -> Node:
        """`node` with each entity term made an OR of every name that now means it."""
        if not self.sources:
            return node
        return _map_terms(node, self._widen_term)

    def _widen_term(self, term: Term) -> Node:
        if term.field == SAID:  # a speaker is a person's or organisation's name: its merges count too
            names = sorted({t.text for g in SPEAKER_GROUPS for t in self.terms_for(g, term.text)})
            if len(names) == 1:
                return term
            return Or(tuple(Term(SAID, n, boost=term.boost) for n in names))
        if term.field not in ENTITY_FIELDS:
            return term
        terms = self.terms_for(term.field, term.text)
        if len(terms) == 1:
            return term
        return Or(tuple(replace(t, boost=term.boost) for t in terms))

    def aliases(self, group: str, name: str) -> list[str]:
        """The names corrections merged, renamed or relabelled into `group:name`."""
        own = (group, keyword_value(name))
        return sorted(self._spelled.get(k, k[1]) for k in self.sources.get(own, ()) if k != own)

    # -- counts --------------------------------------------------------------------------

    def remap_counts(
        self,
        lists: Mapping[str, Sequence[Count]],
        exact: Callable[[list[Term]], int],
        limit: int | None,
        wanted: Sequence[str] | None = None,
        *,
        complete: bool = False,
    ) -> dict[str, tuple[Count, ...]]:
        """Facet lists (group -> counts, by documents) corrected: hidden names dropped, renamed
        and relabelled ones moved, and a name others were merged into counted again, exactly,
        by `exact` (the documents matching any of its terms): a document naming both
        "Blair" and "Tony Blair" counts once. `complete`: also count every name corrections
        bring into a group that the lists do not show (a list cut at its top N may miss it)."""
        out: dict[str, dict[str, tuple[str, int]]] = {g: {} for g in (wanted or lists)}
        for group, counts in lists.items():
            for c in counts:
                t = self.target(group, c.value)
                if t is None or t.group not in out:
                    continue
                slot = out[t.group]
                key = keyword_value(t.name)
                name, n = slot.get(key, (t.name, 0))
                slot[key] = (name, n + c.count)
        if complete:
            for (group, key), name in self.names.items():
                if group in out:
                    out[group].setdefault(key, (name, 0))
        result: dict[str, tuple[Count, ...]] = {}
        for group, slot in out.items():
            rows = []
            for key, (name, n) in slot.items():
                if (group, key) in self.sources:
                    n = exact(self.terms_for(group, name))
                if n:
                    rows.append(Count(name, n))
            rows.sort(key=lambda c: (-c.count, c.value.lower()))
            result[group] = tuple(rows[:limit] if limit is not None else rows)
        return result


def _map_terms(node: Node, fn: Callable[[Term], Node]) -> Node:
    if isinstance(node, Term):
        return fn(node)
    if isinstance(node, And):
        return replace(node, children=tuple(_map_terms(c, fn) for c in node.children))
    if isinstance(node, Or):
        return replace(node, children=tuple(_map_terms(c, fn) for c in node.children))
    if isinstance(node, Not):
        return Not(_map_terms(node.child, fn))
    if isinstance(node, AndNot):
        return AndNot(_map_terms(node.positive, fn), _map_terms(node.negative, fn))
    return node
