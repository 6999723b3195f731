"""The build's resolution step on BBC and Reuters: its cost, and what it resolves.

Not collected by pytest. Run from the repository root:

    PYTHONPATH=. python tests/bench/resolution_speed.py --raw-cache DIR [--show N]

Each corpus's entity table is made as a build makes it (`entities_eval`'s
extraction: the model's spans from `--raw-cache`, then the rules; `rows_of`
per article), then the step is timed as the build runs it:

* rebuild: `write_resolution` (the `Resolver` over the whole table, its alias
  map, `entities.json` written), best and median of 3;
* one-file update: `load_table` of the forked file, one article's rows
  replaced, `apply_update` (only the articles it may change resolved again),
  `save_table` (what `update_resolution` does once it has the manifest's kept
  ids), best and median of 3; then, for 25 articles across the corpus, removing
  and adding it back incrementally is checked to give the whole table's aliases;
* reading: `load_aliases` and compiling them (`Resolved`), once per generation
  a reader opens.

`--build DIR [--corpus reuters]` builds BBC (or Reuters) for real instead (a
copy of the archive in DIR, a cold entity cache, 2 processes) and times the step inside the build, then edits one
file and times it inside the update: the step's share of each.

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

from index.build.resolution import apply_update, resolve_table, write_resolution  # noqa: E402
from index.entities.extractor import load_extractor  # noqa: E402
from index.entities.resolve import AliasMap, EntityRow  # noqa: E402
from index.entities.resolved import Resolved  # noqa: E402
from index.entities.table import EntityTable, load_aliases, load_table, rows_of, save_table  # noqa: E402
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
            save_table(gen, apply_update(table, set(rows), {one: rows[one]}))

        u_best, u_median = timed(update)
        # the incremental answer is the whole table's: checked on every article of a sample
        for gone in sorted(rows)[:: max(1, len(rows) // 25)]:
            table = load_table(gen)
            assert table is not None
            less = dict(rows)
            del less[gone]
            by_update = apply_update(table, set(less), {}).aliases
            assert by_update == resolve_table(EntityTable(rows=less)).aliases, gone
            back = apply_update(EntityTable(rows=less, aliases=by_update), set(rows), {gone: rows[gone]})
            assert back.aliases == resolve_table(EntityTable(rows=dict(rows))).aliases, gone
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


def build(folder: Path, corpus: str) -> None:
    """A real build and (BBC: its archive is a folder of files) a one-file update, the
    resolution step timed inside each."""
    import shutil

    import index.build.rebuild as rebuild_module
    import index.build.update as update_module
    from index.build import BuildOptions, update_index

    spent: list[float] = []

    def timing(fn):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent.append(time.perf_counter() - t0)

        return run

    rebuild_module.write_resolution = timing(rebuild_module.write_resolution)  # type: ignore[attr-defined]
    update_module.update_resolution = timing(update_module.update_resolution)  # type: ignore[attr-defined]
    archive, index_dir = folder / "archive", folder / "index"
    shutil.rmtree(folder, ignore_errors=True)
    if corpus == "bbc":
        shutil.copytree(BBC_DIR, archive)
    else:
        archive.mkdir(parents=True)
        shutil.copy(REUTERS_FILE, archive / REUTERS_FILE.name)
    options = BuildOptions(procs=2)
    t0 = time.perf_counter()
    report = update_index(archive, index_dir, rebuild=True, options=options)
    total = time.perf_counter() - t0
    print(
        f"{corpus} build: {report.docs} docs, {total:.1f} s; resolution step {spent[-1]:.2f} s ({spent[-1] / total:.1%})"
    )
    if corpus != "bbc":
        return  # one file holds the whole archive: no one-file update to time
    edited = sorted(archive.rglob("*.txt"))[100]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nTony Blair said so.\n", encoding="utf-8")
    t0 = time.perf_counter()
    update_index(archive, index_dir, options=options)
    total = time.perf_counter() - t0
    print(f"bbc one-file update: {total:.2f} s; resolution step {spent[-1]:.2f} s ({spent[-1] / total:.1%})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw-cache", type=Path, required=True)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--build", type=Path, default=None, help="folder for a real build (removed first)")
    ap.add_argument("--corpus", choices=("bbc", "reuters"), default="bbc", help="what --build builds")
    args = ap.parse_args(argv)
    if args.build:
        build(args.build, args.corpus)  # alone: the table figures are another run's
        return 0
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
