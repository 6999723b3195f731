"""What the timeline adds to a query: its p95 over a query set, at 20k and 100k synthetic dated articles.

Not collected by pytest. Run from the repository root:

    python tests/bench/timeline_speed.py [--sizes 20000 100000] [--rounds 5] [--keep DIR]

Each size gets its own archive of synthetic wire stories (JSON lines: a
title, a body of 40 words drawn from a Zipf-like vocabulary so that some
words are in most stories and others in few, a date from 1987 to 1995 with
its time of day, one in twenty undated), indexed without entities. The index
is opened as the TUI opens it (`warm_up`: the facet map, with each document's
day), and every query is run `--rounds` times as the TUI runs it:

- search: `SearchIndex.search` (20 hits, exact total, facets);
- added: `index.timeline.timeline` right after that search, the strip's cost
  on top of the results (it reuses the search's matches);
- alone: the timeline of a query not searched just before (an entity's
  sparkline, a zoom after another query ran);
- one-shot: `morgue timeline` in a fresh process's way, without `warm_up`
  (the matched documents' own column values).

The p95 is over every query and round. Targets (issue 18): added ≤ 10 ms at
20k, ≤ 40 ms at 100k.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from index.build import BuildOptions, update_index  # noqa: E402
from index.search import SearchIndex  # noqa: E402
from index.timeline import timeline  # noqa: E402

QUERIES = ("w1", "w4", "w30", "w300", "w1 w7", "w2 OR w60", '"w1 w3"', "w12*", "w5 -w2", "date:1990 w3")
WORDS = 3000
PER_FILE = 5000
START = datetime(1987, 1, 1)
SPAN_SECONDS = int((datetime(1995, 12, 31) - START).total_seconds())


def write_archive(folder: Path, size: int, seed: int = 18) -> None:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(WORDS)]
    words = [f"w{rank}" for rank in range(WORDS)]
    folder.mkdir(parents=True)
    for start in range(0, size, PER_FILE):
        with open(folder / f"wire-{start // PER_FILE:03d}.jsonl", "w", encoding="utf-8") as out:
            for n in range(start, min(size, start + PER_FILE)):
                body = " ".join(rng.choices(words, weights, k=40))
                record: dict[str, object] = {"title": f"Story {n} {body[:30]}", "body": body}
                if rng.random() >= 0.05:
                    when = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
                    record["date"] = when.isoformat()
                out.write(json.dumps(record) + "\n")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def timed(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return (time.perf_counter() - t0) * 1000


def measure(index_dir: Path, rounds: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"search": [], "added": [], "alone": [], "one-shot": []}
    with SearchIndex(index_dir) as index:
        index.warm_up()
        for _ in range(rounds):
            for i, q in enumerate(QUERIES):
                out["search"].append(timed(lambda q=q: index.search(q, limit=20)))  # type: ignore[misc]
                out["added"].append(timed(lambda q=q: timeline(index, q)))  # type: ignore[misc]
                other = QUERIES[(i + 1) % len(QUERIES)]
                out["alone"].append(timed(lambda o=other: timeline(index, o)))  # type: ignore[misc]
    for _ in range(max(1, rounds // 2)):
        for q in QUERIES:
            with SearchIndex(index_dir) as cold:
                out["one-shot"].append(timed(lambda q=q, c=cold: timeline(c, q)))  # type: ignore[misc]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="build (or reuse) the archives and indexes here")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="morgue-timeline-"))
    try:
        for size in args.sizes:
            archive, index_dir = base / f"archive-{size}", base / f"index-{size}"
            if not archive.exists():
                write_archive(archive, size)
            if not index_dir.exists():
                t0 = time.perf_counter()
                update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
                print(f"{size:,} articles: built in {time.perf_counter() - t0:.0f} s", flush=True)
            samples = measure(index_dir, args.rounds)
            print(f"{size:,} articles, {len(QUERIES)} queries x {args.rounds} rounds (ms):")
            for name, values in samples.items():
                print(f"  {name:<9} p50 {statistics.median(values):7.1f}  p95 {p95(values):7.1f}")
            print(flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
