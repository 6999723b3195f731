"""How long `morgue export` takes for 10,000 results (target: at most 5 s), on a synthetic archive.

    python tests/bench/export_speed.py [--docs 10000] [--workdir DIR]

Writes DOCS short articles that all match the query, indexes them without
entities (one process), marks a tenth of them in a notebook, then times
exporting every result in each format, through the same library calls as
`morgue export` (`index.notebook.export`), to an in-memory file. Prints one
line per format: results, seconds (the median of three runs).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

WORDS = ("market", "shares", "bank", "rates", "trade", "growth", "election", "minister", "energy", "film")


def write_archive(root: Path, docs: int) -> None:
    for i in range(docs):
        folder = root / f"s{i % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(60))
        body = f"The market moved {i} points on the day. {words}.\n\nAnalysts said {words}."
        (folder / f"{i:06}.txt").write_text(f"Report {i}: market {WORDS[i % 10]}\n\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="morgue-export-bench-"))
    os.environ["MORGUE_USER_DATA"] = str(work / "userdata")

    from index.build import BuildOptions, update_index
    from index.notebook import export, notebook_path
    from index.notebook.store import Notebook
    from index.search import SearchIndex

    archive, index_dir = work / "archive", work / "index"
    if not archive.exists():
        write_archive(archive, args.docs)
    if not index_dir.exists():
        started = time.perf_counter()
        update_index(archive, index_dir, options=BuildOptions(procs=1, entities=False))
        print(f"built {args.docs:,} articles in {time.perf_counter() - started:.1f} s")
    notebook = Notebook(notebook_path(archive))
    with SearchIndex(index_dir) as index:
        for hit in index.search("market", limit=1000, facets=False).hits[::10]:
            notebook.update(hit.id, starred=True, add_tags=["bench"], note="a note")
        for fmt in export.FORMATS:
            times, count = [], 0
            for _ in range(3):
                started = time.perf_counter()
                count = export.write(io.StringIO(), fmt, export.rows(index, notebook, "market"))
                times.append(time.perf_counter() - started)
            verdict = "PASS" if statistics.median(times) <= 5.0 else "FAIL"
            print(
                f"export {fmt:5} {count:,} results: {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}) target <= 5 s: {verdict}"
            )


if __name__ == "__main__":
    main()
