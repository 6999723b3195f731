"""One measured build of a scaled archive, in a work folder that `run.py --reuse` accepts.

    python tests/bench/scale_build.py SCALE WORKDIR cold
    python tests/bench/scale_build.py SCALE WORKDIR seeded --seed INDEX_DIR

Figure 1 at `--scale N` builds four variants, three times each with `--runs`: at 100k
articles that is hours. This runs the one build a figure needs, measured exactly as
figure 1 measures it (`harness.morgue_index`: `python -m index index --rebuild --procs 2`,
wall time and peak RSS/PSS summed over the process tree), prints the figures as JSON,
and records the index as the work folder's main index, so that
`run.py --scale N --quick --reuse WORKDIR --figures 4` times the queries on it.
`seeded` first copies the entity cache of INDEX_DIR (e.g. a kept 2k run's index: the
scaled archive repeats its bodies, so the model never runs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
from harness import MAIN_INDEX_FILE, copy_cache, index_sizes, morgue_index, warm_bytecode  # noqa: E402
from measure import machine_speed  # noqa: E402

DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpora" / "bbc" / "news"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("scale", type=int)
    p.add_argument("work", type=Path)
    p.add_argument("mode", choices=("cold", "seeded"))
    p.add_argument("--seed", type=Path, help="an index whose entity cache seeds the build")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = p.parse_args()
    if args.mode == "seeded" and args.seed is None:
        p.error("seeded needs --seed INDEX_DIR")
    args.work.mkdir(parents=True, exist_ok=True)
    if (args.work / "archive").exists():
        archive = corpus_mod.existing_archive(args.work / "archive", args.scale)
    else:
        archive = corpus_mod.make_archive(args.corpus, args.work / "archive", args.scale)
    warm_bytecode()
    index = args.work / f"ix-{args.mode}"
    if args.mode == "seeded":
        copy_cache(args.seed, index)
    started, speed_start = time.strftime("%H:%M:%S"), machine_speed()
    m, report = morgue_index(archive.path, index, procs=2, entities=True, rebuild=True)
    total, gen = index_sizes(index)
    mb = 2**20
    print(
        json.dumps(
            {
                "scale": args.scale,
                "mode": args.mode,
                "started": started,
                "files": archive.files,
                "docs": report["docs"],
                "wall_s": round(m.wall, 1),
                "cpu_s": round(m.cpu, 1),
                "peak_rss_mb": round(m.peak_rss / mb),
                "peak_pss_mb": round(m.peak_pss / mb),
                "largest_mb": round(m.max_single_rss / mb),
                "index_mb": round(total / mb, 1),
                "generation_mb": round(gen / mb, 1),
                "loadavg": list(os.getloadavg()),
                "speed_ms": [speed_start, machine_speed()],
            }
        )
    )
    (args.work / MAIN_INDEX_FILE).write_text(f"{index.name}\n{report['docs']}\n")


if __name__ == "__main__":
    main()
