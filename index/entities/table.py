"""The archive's entity table and its resolution, as a sidecar of a generation (`entities.json`).

Why a sidecar: archive-wide resolution (`index.entities.resolve`) decides by
the whole archive's (article, name, label, count) rows, and an update must
re-resolve without re-reading every article or re-running the model. So the
build keeps the table here, next to the alias map it gives: a rebuild writes
both, an update forks the file with the generation, drops the rows of the
articles it rewrites or deletes, adds the new ones, and resolves again from
the table alone (`index.build.resolution`).

Readers load only `aliases.json`, the alias map alone, written beside it. The file is compact JSON: each distinct (name, label) once, rows as indexes
into that list, the alias map as (article, name index, resolved name). It is
read bounded and checked field by field, as every sidecar (an index folder is
untrusted): a missing or damaged file reads as None, which the reader takes
as "no resolution", never as an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.entities.resolve import AliasMap, EntityRow
from index.files import read_bounded
from index.models import DATE, Entity
from index.store.generations import ALIASES, ENTITIES, sidecar_limit, write_json_atomic

FORMAT_VERSION = 1


@dataclass
class EntityTable:
    """Every kept article's entity rows, and the alias map resolution made of them."""

    rows: dict[str, list[EntityRow]] = field(default_factory=dict)
    aliases: AliasMap = field(default_factory=dict)

    def all_rows(self) -> Iterable[EntityRow]:
        for article_rows in self.rows.values():
            yield from article_rows


def rows_of(article: str, entities: Sequence[Entity]) -> list[EntityRow]:
    """An article's rows: its entities less dates (the timeline's, not names to resolve)."""
    return [EntityRow(article, e.name, e.label, e.count) for e in entities if e.label != DATE]


def save_table(gen: Path, table: EntityTable) -> None:
    names: dict[tuple[str, str], int] = {}

    def number(name: str, label: str) -> int:
        return names.setdefault((name, label), len(names))

    articles = {
        article: [[number(r.name, r.label), r.count] for r in rows] for article, rows in table.rows.items()
    }
    aliases = [
        [article, number(name, label), target] for (article, name, label), target in table.aliases.items()
    ]
    data = {
        "version": FORMAT_VERSION,
        "names": [[n, lab] for (n, lab) in names],
        "articles": articles,
        "aliases": aliases,
    }
    write_json_atomic(gen / ENTITIES, data)
    # The readers' copy: the alias map alone. Every search process opens it, and parsing the
    # whole table (one row per entity of every article) for it cost a one-shot command a
    # quarter of a second on BBC and grows with the archive.
    alias_rows = [[article, name, label, target] for (article, name, label), target in table.aliases.items()]
    write_json_atomic(gen / ALIASES, {"version": FORMAT_VERSION, "aliases": alias_rows})


def load_table(gen: Path, *, rows: bool = True) -> EntityTable | None:
    """The generation's table (without its rows unless `rows`); None when there is none, or it
    is damaged in any way."""
    try:
        raw = json.loads(read_bounded(gen / ENTITIES, sidecar_limit(gen)).decode("utf-8"))
        return _parse(raw, rows)
    except (OSError, ValueError, RecursionError, TypeError, IndexError, KeyError):
        return None


def load_aliases(gen: Path) -> AliasMap:
    """The generation's alias map (what a reader needs), from its own small file; {} when there
    is none or it is damaged in any way (no resolution, never an error)."""
    try:
        raw = json.loads(read_bounded(gen / ALIASES, sidecar_limit(gen)).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(raw, dict)
        or raw.get("version") != FORMAT_VERSION
        or not isinstance(raw.get("aliases"), list)
    ):
        return {}
    aliases: AliasMap = {}
    for item in raw["aliases"]:
        if not (isinstance(item, list) and len(item) == 4 and all(isinstance(x, str) for x in item)):
            return {}
        aliases[item[0], item[1], item[2]] = item[3]
    return aliases


def _parse(raw: Any, with_rows: bool = True) -> EntityTable | None:
    if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
        return None
    names_raw, articles_raw, aliases_raw = raw.get("names"), raw.get("articles"), raw.get("aliases")
    if (
        not isinstance(names_raw, list)
        or not isinstance(articles_raw, dict)
        or not isinstance(aliases_raw, list)
    ):
        return None
    names: list[tuple[str, str]] = []
    for item in names_raw:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            return None
        names.append((item[0], item[1]))
    table = EntityTable()
    for article, rows in articles_raw.items() if with_rows else ():
        if not isinstance(rows, list):
            return None
        out = []
        for row in rows:
            if not (isinstance(row, list) and len(row) == 2 and _index(row[0], names) and _count(row[1])):
                return None
            name, label = names[row[0]]
            out.append(EntityRow(article, name, label, row[1]))
        table.rows[article] = out
    for item in aliases_raw:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str)):
            return None
        if not (_index(item[1], names) and isinstance(item[2], str)):
            return None
        name, label = names[item[1]]
        table.aliases[item[0], name, label] = item[2]
    return table


def _index(value: object, names: Sequence[object]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(names)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
