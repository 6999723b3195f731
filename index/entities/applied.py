"""The user's corrections as the index reads them: names, groups and the terms that find them.

Why: the index holds the names extraction wrote, and a correction must show at
once, without re-running the model or rebuilding. So a correction is applied
where the entities are read: a facet list is remapped (`remap_counts`), an
entity query term is widened to every name that now means it (`widen`), an
article's own entities are renamed (`Curation.apply`). `Applied` compiles one
Curation into those lookups once; it is rebuilt only when the file changes.

The archive-wide resolution (`index.entities.resolved`) is applied first, the
same way but per article: a term also matches the articles where resolution
made its name, and no longer those where resolution made it another name; the
user's corrections apply to what resolution gives.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from index.entities.canonical import fold
from index.entities.corrections import OTHER, USER_LABELS, Compiled
from index.entities.curation import Curation
from index.entities.resolved import Resolved
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

    def __init__(self, curation: Curation, resolved: Resolved | None = None) -> None:
        self.curation = curation
        self.resolved = resolved if resolved is not None else Resolved({})
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
        return bool(self.curation.corrections) or bool(self.resolved)

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

    def node_for(self, group: str, value: str, boost: float = 1.0) -> Node:
        """What an entity filter on `group:value` matches now: its terms (`terms_for`), each
        less the articles where resolution made that name another, and the articles where
        resolution made one of them."""
        parts: list[Node] = []
        for t in self.terms_for(group, value):
            key = (t.field, t.text)
            t = replace(t, boost=boost)
            away = self.resolved.ids_away(key)
            parts.append(t if away is None else AndNot(t, away))
            into = self.resolved.ids_into(key, f"{group}:{value}")
            if into is not None:
                parts.append(replace(into, boost=boost))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _touched(self, group: str, value: str) -> tuple[bool, int]:
        """Whether corrections or resolution change `group:value`'s count, and by how many
        articles resolution may add to it at most."""
        keys = [(t.field, t.text) for t in self.terms_for(group, value)]
        touched = len(keys) > 1 or any(self.resolved.touches(k) for k in keys)
        return touched, sum(self.resolved.gained(k) for k in keys)

    def widen(self, node: Node) -> Node:
        """`node` with each entity term made an OR of every name that now means it."""
        if not self.sources and not self.resolved:
            return node
        return _map_terms(node, self._widen_term)

    def _widen_term(self, term: Term) -> Node:
        if term.field == SAID:  # a speaker is a person's or organisation's name: its merges count too
            terms = [t for g in SPEAKER_GROUPS for t in self.terms_for(g, term.text)]
            names = sorted({t.text for t in terms})
            # and the speakers resolution made that name, in the articles where it did
            resolved: list[Node] = [
                And((Term(SAID, source, boost=term.boost), ids))
                for t in terms
                for source, ids in self.resolved.speakers((t.field, t.text))
            ]
            if len(names) == 1 and not resolved:
                return term
            return Or((*(Term(SAID, n, boost=term.boost) for n in names), *resolved))
        if term.field not in ENTITY_FIELDS:
            return term
        node = self.node_for(term.field, term.text, term.boost)
        return term if node == term else node

    def aliases(self, group: str, name: str) -> list[str]:
        """The names corrections merged, renamed or relabelled into `group:name`, and those
        resolution made it in some articles."""
        own = (group, keyword_value(name))
        merged = {self._spelled.get(k, k[1]) for k in self.sources.get(own, ()) if k != own}
        resolved = {
            n for t in self.terms_for(group, name) for n in self.resolved.sources.get((t.field, t.text), ())
        }
        return sorted(merged | resolved)

    # -- counts --------------------------------------------------------------------------

    def remap_counts(
        self,
        lists: Mapping[str, Sequence[Count]],
        exact: Callable[[Node], int],
        limit: int | None,
        wanted: Sequence[str] | None = None,
        *,
        complete: bool = False,
    ) -> dict[str, tuple[Count, ...]]:
        """Facet lists (group -> counts, by documents) corrected: hidden names dropped, renamed
        and relabelled ones moved, and a name others were merged into, or that resolution
        changed, counted again, exactly, by `exact` (the documents matching `node_for` it): a
        document naming both "Blair" and "Tony Blair" counts once. `complete`: also count every
        name corrections or resolution bring into a group that the lists do not show (a list cut
        at its top N may miss it). Only the names that can reach the top `limit` are counted
        again: a name's count before is a bound, plus what resolution may add."""
        out: dict[str, dict[str, tuple[str, int]]] = {g: {} for g in (wanted or lists)}
        floor: dict[str, int] = {}
        for group, counts in lists.items():
            floor[group] = min((c.count for c in counts), default=0)
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
            for (group, _key), name in self.resolved.names.items():
                t = self.target(group, name)
                if t is not None and t.group in out:
                    out[t.group].setdefault(keyword_value(t.name), (t.name, floor.get(group, 0)))
        return {group: self._top(group, slot, exact, limit) for group, slot in out.items()}

    def _top(
        self, group: str, slot: Mapping[str, tuple[str, int]], exact: Callable[[Node], int], limit: int | None
    ) -> tuple[Count, ...]:
        """The top `limit` of a group's slot, counting again only the changed names that can reach it."""
        bounds = []
        for key, (name, n) in slot.items():
            touched, gain = self._touched(group, name)
            touched = touched or (group, key) in self.sources
            bounds.append((n + gain, touched, name, n))
        bounds.sort(key=lambda b: (-b[0], b[2].lower()))
        rows: list[Count] = []
        best: list[int] = []  # a min-heap of the `limit` highest exact counts so far
        for bound, touched, name, n in bounds:
            if limit is not None and len(best) >= limit and best[0] > bound:
                break  # no name from here on can enter the top `limit`
            if touched:
                n = exact(self.node_for(group, name))
            if not n:
                continue
            rows.append(Count(name, n))
            if limit is not None and len(best) < limit:
                heapq.heappush(best, n)
            elif limit is not None:
                heapq.heappushpop(best, n)
        rows.sort(key=lambda c: (-c.count, c.value.lower()))
        return tuple(rows[:limit] if limit is not None else rows)


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
