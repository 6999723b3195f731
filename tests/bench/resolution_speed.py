"""The build's resolution step on BBC and Reuters: its cost, and what it resolves.

Not collected by pytest. Run from the repository root:

    PYTHONPATH=. python tests/bench/resolution_speed.py --raw-cache DIR [--show N]

Each corpus's entity table is made as a build makes it (`entities_eval`'s
extraction: the model's spans from `--raw-cache`, then the rules; `rows_of`
per article), then the step is timed as the build runs it:

* rebuild: `write_resolution` (the `Resolver` over the whole table, its alias
  map, `entities.json` written), best and median of 3;
* one-file update: `load_table` of the forked file, one article's rows
  replaced, `resolve_table`, `save_table` (what `update_resolution` does after
  it has the manifest's kept ids), best and median of 3;
* reading: `load_aliases` and compiling them (`Resolved`), once per generation
  a reader opens.

`--show N` prints the N most frequent resolutions (name -> resolved name,
articles) per corpus, and every acronym resolved.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from entities_eval import BBC_DIR, REUTERS_FILE, RawCache, extract_all, read_articles  # noqa: E402

from index.build.resolution import resolve_table, write_resolution  # noqa: E402
from index.entities.extractor import load_extractor  # noqa: E402
from index.entities.resolve import AliasMap, EntityRow  # noqa: E402
from index.entities.resolved import Resolved  # noqa: E402
from index.entities.table import load_aliases, load_table, rows_of, save_table  # noqa: E402
from index.store.generations import ENTITIES  # noqa: E402


def timed(fn: object, runs: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def measure(corpus: str, rows: dict[str, list[EntityRow]]) -> AliasMap:
    """Time the step on one corpus's rows; print the figures; the alias map it made."""
    n_rows = sum(len(r) for r in rows.values())
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp)
        best, median = timed(lambda: write_resolution(gen, rows))
        size = (gen / ENTITIES).stat().st_size
        one = sorted(rows)[len(rows) // 2]

        def update() -> None:
            table = load_table(gen)
            assert table is not None
            del table.rows[one]
            table.rows[one] = rows[one]
            resolve_table(table)
            save_table(gen, table)

        u_best, u_median = timed(update)
        t0 = time.perf_counter()
        aliases = load_aliases(gen)
        Resolved(aliases)
        read = time.perf_counter() - t0
    print(
        f"{corpus}: {len(rows)} articles, {n_rows} rows, {len(aliases)} aliases, {size / 1e6:.2f} MB; "
        f"rebuild step {best:.2f} s (median {median:.2f}); one-file update {u_best:.2f} s "
        f"(median {u_median:.2f}); read + compile {read:.2f} s"
    )
    return aliases


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw-cache", type=Path, required=True)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args(argv)
    extractor = load_extractor(None)
    cache = RawCache(args.raw_cache, extractor.name)
    for corpus, where in (("bbc", BBC_DIR), ("reuters", REUTERS_FILE)):
        articles = read_articles(where)
        extracted = extract_all([a.body for a in articles], extractor, cache, 1)
        rows: dict[str, list[EntityRow]] = {
            a.id: rows_of(a.id, x.entities) for a, x in zip(articles, extracted, strict=True)
        }
        aliases = measure(corpus, rows)
        if args.show:
            made = Counter((name, label, target) for (_, name, label), target in aliases.items())
            for (name, label, target), n in made.most_common(args.show):
                print(f"  {name} [{label}] -> {target}: {n}")
            acronyms = sorted(
                ((n, name, target) for (name, label, target), n in made.items() if name.isupper()),
                reverse=True,
            )
            print("  acronyms: " + "; ".join(f"{name} -> {target} ({n})" for n, name, target in acronyms))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
