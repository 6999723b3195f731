"""What near-duplicate grouping costs: `add` throughput, the file, loading, memory.

    python tests/bench/copies_speed.py            # BBC, Reuters, BBC x10 (20,950 texts)
    python tests/bench/copies_speed.py --build    # ... and one BBC build (entities, 2 procs)
                                                  #     in the same minutes, for the ratio

The build's own reading, NER and indexing are not here: the texts are read
first, then `CopyIndex.add` (sketch + LSH lookup + union) is timed over all of
them in one process, as a build's main process would run it. The ratio to a
build is therefore an upper bound: a build can sketch in its worker processes
(`sketch()` is pure) and hand over only `add_sketch`. The x10 archive is the
benchmark's scaled one (`corpus.py`): every body ten times, titles prefixed
"[copy k] ", so every text has nine near-copies: the grouping's worst case.
The one-file update is load + add one + save, what `morgue index` would add.
Memory: the traced peak (tracemalloc) of building the index, texts excluded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from harness import CHILD_ENV, PY  # noqa: E402
from measure import machine_speed, run_measured  # noqa: E402

from index.copies import CopyIndex, CopyParams, load, save, sketch  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
if not SHARED.exists():
    SHARED = Path("/work/shared/corpora")
BBC = SHARED / "bbc" / "news"
REUTERS = SHARED / "reuters-1987" / "reuters-1987.jsonl"

Item = tuple[str, str, datetime | None]


def bbc_items() -> list[Item]:
    items = []
    for path in sorted(BBC.glob("*/*.txt")):
        text = path.read_text("utf-8", errors="replace")
        items.append((str(path.relative_to(BBC)), text, None))
    return items


def scaled(items: list[Item], scale: int) -> list[Item]:
    out = list(items)
    for k in range(1, scale):
        out += [(f"copy-{k}-{i}", f"[copy {k}] {text.lstrip()}", d) for i, text, d in items]
    return out


def reuters_items() -> list[Item]:
    with open(REUTERS, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f]
    return [
        (str(n), r["title"] + "\n" + r["body"], datetime.fromisoformat(r["date"])) for n, r in enumerate(recs)
    ]


def best(runs: int, fn: Callable[[], float]) -> float:
    return min(fn() for _ in range(runs))


def build(items: list[Item]) -> CopyIndex:
    index = CopyIndex()
    for article, text, date in items:
        index.add(article, text, date, len(text))
    return index


def measure(name: str, items: list[Item], runs: int) -> dict[str, object]:
    params = CopyParams()

    def sketch_only() -> float:
        start = time.perf_counter()
        for _, text, _ in items:
            sketch(text, params)
        return time.perf_counter() - start

    def add_all() -> float:
        start = time.perf_counter()
        build(items)
        return time.perf_counter() - start

    sketch_s = best(runs, sketch_only)
    add_s = best(runs, add_all)
    index = build(items)
    tracemalloc.start()
    build(items)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        path = save(index, folder)
        save_s = time.perf_counter() - start
        size = path.stat().st_size
        start = time.perf_counter()
        loaded = load(folder)
        load_s = time.perf_counter() - start
        article, text, date = items[0]
        start = time.perf_counter()
        loaded = load(folder)
        loaded.add(article + "-edited", text + "\nOne more line.", date, len(text))
        save(loaded, folder)
        update_s = time.perf_counter() - start
    groups = index.groups()
    return {
        "corpus": name,
        "texts": len(items),
        "sketch_s": round(sketch_s, 2),
        "add_s": round(add_s, 2),
        "per_text_ms": round(1000 * add_s / len(items), 3),
        "texts_per_s": round(len(items) / add_s),
        "groups": len(groups),
        "grouped_texts": sum(len(g.members) for g in groups),
        "file_mb": round(size / 1e6, 2),
        "bytes_per_text": round(size / len(items)),
        "traced_peak_mb": round(peak / 1e6, 1),
        "save_s": round(save_s, 3),
        "load_s": round(load_s, 3),
        "one_file_update_s": round(update_s, 3),
    }


def bbc_build() -> dict[str, object]:
    """One BBC build with entities, 2 processes, cold cache: the harness's own command."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [PY, "-m", "index", "index", "--archive", str(BBC), "--index", str(Path(tmp) / "ix")]
        cmd += ["--json", "--procs", "2", "--rebuild"]
        m = run_measured(cmd, cwd=ROOT, env=CHILD_ENV)
        if m.returncode:
            raise SystemExit(f"build failed: {m.stderr[-2000:]}")
        return {"build_wall_s": round(m.wall, 1), "build_cpu_s": round(m.cpu, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", action="store_true", help="also time one BBC build, for the ratio")
    ap.add_argument("--runs", type=int, default=3, help="best of N for the timings")
    ap.add_argument("--scale", type=int, default=10)
    args = ap.parse_args()
    print(f"machine speed {machine_speed():.1f} ms")
    bbc = bbc_items()
    results = [measure("bbc", bbc, args.runs), measure("reuters", reuters_items(), args.runs)]
    results.append(measure(f"bbc x{args.scale}", scaled(bbc, args.scale), args.runs))
    for r in results:
        print(json.dumps(r))
    if args.build:
        figures = bbc_build()
        figures["copies_add_share"] = (
            f"{100 * float(str(results[0]['add_s'])) / float(str(figures['build_wall_s'])):.1f} %"
        )
        print(json.dumps(figures))
    print(f"machine speed {machine_speed():.1f} ms")


if __name__ == "__main__":
    main()
