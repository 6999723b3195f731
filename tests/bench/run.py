"""Morgue's benchmark: every speed and memory figure, against targets and reference engines.

Not collected by pytest (the pytest config skips `bench` folders). From the repository root:

    python tests/bench/run.py [--corpus DIR] [--scale N] [--quick] [--json FILE]

It copies the corpus (default ../shared/corpora/bbc/news) N times into a
temporary archive (see corpus.py; the corpus itself is never written to), then:

1. full builds (`python -m index index --rebuild`, fresh index folder each time)
   with entities on 1 and 2 processes and without entities: wall seconds of the
   command, articles/s, peak RSS of the whole process tree (sampled from /proc
   every 50 ms, summed over the processes), size on disk. At --scale > 1 the
   first row is a cold build (the NER model runs on every distinct body), and
   the other entity rows start with that build's entity cache copied in, so
   they measure the index, not the model;
2. a no-op update and a one-file update (an article edited: its entities are
   extracted again) on the built index;
3. a rebuild of unchanged content (entity cache warm);
4. the query workload (workload.py): each query through `SearchIndex.search`
   (parse, search, exact total, 20 hits with snippets, facets), in this warm
   process: one untimed pass, then passes of every query in turn; p50 and p95
   across the queries of a pass, median/min/max over passes. And in a new
   process per query (`python -m index search ... --json`, wall time);
5. the TUI (tui_latency.py, Pilot, headless): launch to first screen on seeds/
   (prebuilt index) and on the benchmark's archive; keystroke to results in the
   search bar, with the app's own debounce and with none;
6. the reference engines (reference.py) on the same articles and queries, in
   the same passes, interleaved query by query with Morgue's so that load from
   elsewhere hits all engines alike: bare Whoosh and SQLite FTS5.

Each figure is the median of at least 3 runs (`--quick`: 1 build run and
fewer queries in new processes, for the large scales; the output says so),
with min and max. Targets are printed PASS/FAIL; those that apply only at one
scale say n/a at the others.

This file parses the arguments and runs the figures in order; they live in
figures_build.py (1-3, and the reference builds of 6), figures_query.py (4, and
the reference queries of 6) and figures_tui.py (5), on harness.py's shared
context, and report.py prints them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import corpus as corpus_mod  # noqa: E402
from figures_build import build_ratios, fig_builds, fig_rebuild, fig_reference_builds, fig_updates  # noqa: E402
from figures_query import fig_new_process, fig_queries  # noqa: E402
from figures_tui import fig_tui  # noqa: E402
from harness import GB, MAIN_INDEX_FILE, MB, Ctx, log, warm_bytecode  # noqa: E402
from measure import machine_speed  # noqa: E402
from report import Report  # noqa: E402
from workload import QUERIES  # noqa: E402

DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpora" / "bbc" / "news"


def _meta(args: argparse.Namespace, corpus: Path, archive: corpus_mod.Archive) -> dict[str, Any]:
    def git(*a: str) -> str:
        r = subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, check=False)
        return r.stdout.strip()

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["python", "tests/bench/run.py", *sys.argv[1:]]),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "index", "tui")),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GB, 1),
        "corpus": str(corpus.resolve()),
        "scale": args.scale,
        "quick": args.quick,
        "archive_files": archive.files,
        "archive_mb": round(archive.bytes / MB, 1),
        "loadavg_start": os.getloadavg(),
        "speed_ms_start": machine_speed(),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--scale", type=int, default=1, help="build an N-times larger archive from the corpus")
    p.add_argument("--quick", action="store_true", help="1 build run, fewer query passes (for large scales)")
    p.add_argument("--json", type=Path, help="write every figure to this file")
    p.add_argument("--runs", type=int, help="build runs per figure (default 3, --quick 1)")
    p.add_argument(
        "--figures",
        default="1,2,3,4,5,6",
        help="which figures to run (1 is always run: the others need its index); e.g. 1,4,6",
    )
    p.add_argument("--workdir", type=Path, help="where to put the temporary archive and indexes")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument(
        "--reuse",
        type=Path,
        metavar="WORKDIR",
        help="a folder kept by --keep: skip the builds (figure 1) and run the other figures on its archive and index",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = args.corpus
    if not corpus.is_dir():
        print(f"corpus not found: {corpus} (use --corpus DIR)", file=sys.stderr)
        return 2
    if args.scale < 1:
        print("--scale must be at least 1", file=sys.stderr)
        return 2
    figures = {int(x) for x in args.figures.split(",") if x.strip()}
    runs = args.runs or (1 if args.quick else 3)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    work = args.reuse or Path(tempfile.mkdtemp(prefix="morgue-bench-", dir=args.workdir))
    report = Report()
    started = time.perf_counter()
    try:
        if args.reuse:
            archive = corpus_mod.existing_archive(work / "archive", args.scale)
            log(f"reusing {work}: the builds (figure 1) are skipped")
        else:
            log(f"archive: {corpus} x{args.scale} -> {work / 'archive'}")
            archive = corpus_mod.make_archive(corpus, work / "archive", args.scale)
        warm_bytecode()
        report.data["meta"] = _meta(args, corpus, archive)
        ctx = Ctx(args, work, archive.path, archive.files, report, runs)
        if args.quick:
            subset = sum(1 for q in QUERIES if q.quick)
            report.notes.append(
                f"--quick: 1 run per build figure, 3 warm query passes, {subset} of the queries in new processes (1 pass)"
            )
        report.notes.append(
            "BBC states no dates: date queries and date sorts run (and are timed) but find nothing / keep relevance order"
        )

        def checkpoint() -> None:
            """Write what is measured so far (a long run that is stopped keeps its figures)."""
            if args.json:
                report.data["meta"]["partial"] = True
                args.json.write_text(json.dumps(report.as_json(), indent=2, default=str) + "\n")

        ctx.checkpoint = checkpoint
        if args.reuse:
            name, docs = (work / MAIN_INDEX_FILE).read_text().split()
            ctx.main_index, ctx.docs = work / name, int(docs)
            report.notes.append(f"--reuse {work}: figure 1 (builds) not run; the other figures on its index")
        else:
            fig_builds(ctx)
        checkpoint()
        if 2 in figures:
            fig_updates(ctx)
            checkpoint()
        if 3 in figures:
            fig_rebuild(ctx)
            checkpoint()
        refs: dict[str, Path] = fig_reference_builds(ctx) if 6 in figures else {}
        if refs:
            build_ratios(ctx)
            checkpoint()
        if 4 in figures or 6 in figures:
            fig_queries(ctx, refs)
            checkpoint()
        if 4 in figures:
            fig_new_process(ctx, refs)
            checkpoint()
        if 5 in figures:
            fig_tui(ctx)
        report.data["meta"]["loadavg_end"] = os.getloadavg()
        report.data["meta"]["speed_ms_end"] = machine_speed()
        report.data["meta"]["docs"] = ctx.docs
        report.data["meta"]["minutes"] = round((time.perf_counter() - started) / 60, 1)
    finally:
        if args.keep or args.reuse:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    meta = report.data["meta"]
    meta.pop("partial", None)
    print(
        f"Morgue benchmark {meta['date']} · commit {meta['commit']}{' (+ local changes)' if meta['dirty'] else ''} · "
        f"Python {meta['python']} · {meta['cpus']} CPUs ({meta['cpu']}) · {meta['memory_gb']} GB\n"
        f"corpus {meta['corpus']} x{args.scale}: {meta['archive_files']:,} files, {meta['docs']:,} articles indexed"
        f"{' · --quick' if args.quick else ''} · load average {meta['loadavg_start'][0]:.2f} at start, "
        f"{meta['loadavg_end'][0]:.2f} at end · {meta['minutes']} min\n"
        f"machine speed (a fixed pure-Python workload, lower is faster): {meta['speed_ms_start']} ms at start, "
        f"{meta['speed_ms_end']} ms at end"
    )
    report.print()
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2, default=str) + "\n")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
