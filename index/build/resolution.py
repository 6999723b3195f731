"""The build's resolution step: the generation's entity table (`entities.json`), kept incrementally.

A rebuild writes every kept article's entity rows, as the documents streamed
past (`Documents.entity_rows`), and the alias map `Resolver` makes of them. An
update loads the copy the fork made of the live table, drops the rows of the
articles that are no longer kept or that it rewrites, adds the rewritten ones'
rows (their extraction, from the cache or the model, which the update ran
anyway), and resolves again from the table alone: no article is re-read and
the model never runs for resolution. Only the articles whose resolution may
change are resolved again (`Resolver.affected`: those naming a name that
gained or lost articles, or a short form such a name may stand for); the other
aliases are kept, so an update and a rebuild of the same archive agree.

A generation written without the table (an index from before this step) is
given one on its next update from the engine's stored articles: slower once,
then incremental. Figures (the step's cost on BBC and Reuters): RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from index.engine import open_engine
from index.entities.resolve import EntityRow, Resolver
from index.entities.table import EntityTable, load_table, rows_of, save_table
from index.store.manifest import Manifest


def resolve_table(table: EntityTable) -> EntityTable:
    """`table` with its alias map made again from its rows."""
    table.aliases = Resolver(table.all_rows()).aliases()
    return table


def write_resolution(gen: Path, rows: Mapping[str, list[EntityRow]]) -> EntityTable:
    """A rebuild's table: every kept article's rows, resolved, written into the new generation."""
    table = resolve_table(EntityTable(rows=dict(rows)))
    save_table(gen, table)
    return table


def update_resolution(
    gen: Path,
    index_dir: Path,
    search_engine: str,
    manifest: Manifest,
    rewritten: Mapping[str, list[EntityRow]],
) -> EntityTable:
    """An update's table: the forked one, less the ids no longer kept, plus `rewritten`, resolved."""
    kept = {ids[0] for ids in manifest.hash_groups().values()}
    table = load_table(gen)
    if table is None:
        table = resolve_table(_from_engine(gen, index_dir, search_engine, kept))
    save_table(gen, apply_update(table, kept, rewritten))
    return table


def apply_update(table: EntityTable, kept: set[str], rewritten: Mapping[str, list[EntityRow]]) -> EntityTable:
    """`table` (resolved) less the articles not in `kept` or in `rewritten`, plus `rewritten`,
    resolved again where it may have changed (in place)."""
    changed = {(r.name, r.label) for rows in rewritten.values() for r in rows}
    for article in [a for a in table.rows if a not in kept or a in rewritten]:
        changed.update((r.name, r.label) for r in table.rows.pop(article))
    table.rows.update(rewritten)
    resolver = Resolver(table.all_rows())
    again = resolver.affected(changed) | set(rewritten)
    aliases = {k: v for k, v in table.aliases.items() if k[0] not in again and k[0] in table.rows}
    aliases.update(resolver.aliases(again))
    table.aliases = aliases
    return table


def _from_engine(gen: Path, index_dir: Path, search_engine: str, kept: set[str]) -> EntityTable:
    """The table of what the engine in `gen` holds (already updated), for a generation without one."""
    table = EntityTable()
    engine = open_engine(gen, index_dir, search_engine)
    try:
        for record in engine.iter_records():
            if record.id not in kept:
                continue
            article = engine.article(record.id)
            if article is not None:
                table.rows[record.id] = rows_of(record.id, article.entities)
    finally:
        engine.close()
    return table
