"""How much `find_quotes` would add to a build with entities: its time over the BBC
bodies against the entity extractor's time over the same bodies.

Not collected by pytest. Run from the repository root:

    python tests/bench/quotes_speed.py [--ner rules|MODEL] [--limit N] [--repeat R]

Bodies are read as a build reads them (`scan` + `read_source`). The extractor runs
in this one process (`extract_many`, n_process=1, the build's batch size), so its
time is CPU time a build spends whatever the number of processes; `find_quotes`
runs after it on each body and its mentions, `--repeat` times (the best run is
kept, the machine's speed drifts). The budget (issue 21): quotations add at most
10% to the build with entities.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from index.entities.extractor import load_extractor  # noqa: E402
from index.ingest import read_source, scan  # noqa: E402
from index.models import Article  # noqa: E402
from index.quotes import find_quotes  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "news"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ner", default=None, help="entity model ('rules' for the rule-based extractor)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files, _ = scan(BBC)
    files = files[: args.limit] if args.limit else files
    bodies = [a.body for f in files for a in read_source(f) if isinstance(a, Article)]
    extractor = load_extractor(args.ner)
    t0, c0 = time.perf_counter(), time.process_time()
    extractions = list(extractor.extract_many(bodies, n_process=1, batch_size=32))
    ner_wall, ner_cpu = time.perf_counter() - t0, time.process_time() - c0
    best, best_cpu = float("inf"), float("inf")
    count = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        count = sum(len(find_quotes(b, x.mentions)) for b, x in zip(bodies, extractions, strict=True))
        best, best_cpu = min(best, time.perf_counter() - t0), min(best_cpu, time.process_time() - c0)
    print(f"NER: {extractor.name}; {len(bodies)} bodies, {sum(map(len, bodies)):,} characters")
    print(f"entities     {ner_wall:7.2f} s wall, {ner_cpu:7.2f} s CPU")
    print(f"find_quotes  {best:7.2f} s wall, {best_cpu:7.2f} s CPU (best of {args.repeat}), {count} segments")
    print(
        f"quotes / NER: {best_cpu / ner_cpu:.1%} of its CPU time; {best_cpu / len(bodies) * 1000:.2f} ms a body"
    )


if __name__ == "__main__":
    main()
