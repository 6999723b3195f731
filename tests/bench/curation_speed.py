"""What applying 100 entity corrections costs: the library over a 20k-article table, and an index.

    python tests/bench/curation_speed.py                          # the library figure only
    python tests/bench/curation_speed.py --index DIR   # ... and a built index's

The library figure: 100 corrections (20 each of merge, rename, relabel, hide,
split) over a synthetic entity table of 20,000 articles x 12 entities
(240,000 rows, 9,700 distinct names), as `Curation.outcomes` (one answer per
distinct name: what the index does) and `Curation.apply_rows` (row by row).

The index figure: the time from writing the file to the first answers that
show it, in one process with the index open and warm (the TUI's case): the
file re-read and compiled, a broad search with its facets, `morgue entities`
(all groups), an entity filter widened to its aliases, and that entity's
co-occurrence (the entity view's "appears with"). The corrections are
made of the index's own most frequent names, so each one changes something.
The target (issue 17) is 1 s on a 20k-article index.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.entities.curation import Curation, save_curation  # noqa: E402
from index.entities.resolve import EntityRow  # noqa: E402


def library() -> None:
    names = [(f"Person {i}", "PERSON") for i in range(6000)] + [(f"Surname{i}", "PERSON") for i in range(900)]
    names += [(f"Org {i}", "ORG") for i in range(2000)] + [(f"Place {i}", "PLACE") for i in range(800)]
    rows = [
        EntityRow(f"a{i}", *names[(i * 7 + k * 131) % len(names)], 1 + k % 3)
        for i in range(20_000)
        for k in range(12)
    ]
    c = Curation()
    for i in range(20):
        c = c.add_merge(f"Surname{i}", f"Person {i}").add_rename(f"Org {i}", f"Company {i}")
        c = c.add_relabel(f"Place {i}", "ORG").add_hide(f"Person {100 + i}").add_split(f"Surname{50 + i}")
    start = time.perf_counter()
    c.outcomes((r.name, r.label) for r in rows)
    by_name = time.perf_counter() - start
    start = time.perf_counter()
    c.apply_rows(rows)
    by_row = time.perf_counter() - start
    print(
        f"library: 100 corrections, {len(rows):,} rows: by distinct name {by_name:.3f} s, row by row {by_row:.3f} s"
    )


def on_index(index_dir: Path) -> None:
    import os

    from index.entities.curated_engine import curation_of
    from index.search import SearchIndex
    from index.stats import entity_counts

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "curation.toml"
        os.environ["MORGUE_CURATION"] = str(path)
        with SearchIndex(index_dir) as index:
            index.warm_up()
            docs = index.doc_count()
            top = {
                g: [c.value for c in index.engine.value_counts(None, g, 60)]
                for g in ("person", "org", "place")
            }
            c = Curation()
            people, orgs, places = top["person"], top["org"], top["place"]
            for i in range(20):
                c = c.add_merge(people[20 + i], people[i]).add_rename(orgs[i], f"{orgs[i]} (renamed)")
                c = c.add_relabel(places[i], "ORG").add_hide(people[40 + i]).add_split(orgs[20 + i])
            assert len(c.corrections) == 100
            save_curation(c, path)
            start = time.perf_counter()
            curated = curation_of(index.engine)
            assert curated is not None
            curated.applied()
            compiled = time.perf_counter() - start
            result = index.search("government", limit=20)
            searched = time.perf_counter() - start
            entity_counts(index, None, 30)
            listed = time.perf_counter() - start
            filtered = index.search(f'person:"{people[0]}"', limit=20)
            widened = time.perf_counter() - start
            index.cooccurring("person", people[0])
            done = time.perf_counter() - start
        print(
            f"index: {docs:,} articles, 100 corrections: file read and compiled {compiled:.3f} s, "
            f"+ a broad search with facets ({result.total:,} hits) {searched:.3f} s, "
            f"+ `morgue entities` {listed:.3f} s, + a widened filter ({filtered.total} hits) {widened:.3f} s, "
            f"+ its co-occurrence {done:.3f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", type=Path, help="a built index (with entities) to measure")
    args = parser.parse_args()
    library()
    if args.index:
        on_index(args.index)


if __name__ == "__main__":
    main()
