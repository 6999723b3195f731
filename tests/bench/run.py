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
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for _p in (str(ROOT), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import corpus as corpus_mod  # noqa: E402
import reference  # noqa: E402
from measure import Figure, Measured, dir_size, percentile, run_measured  # noqa: E402
from workload import QUERIES, Query  # noqa: E402

PY = sys.executable
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpora" / "bbc" / "news"
SEEDS = ROOT / "seeds"
MB = 1024 * 1024
GB = 1024 * MB
BBC_ARTICLES = 2095
MAIN_INDEX_FILE = "main-index.txt"  # in the work folder: which index figures 2-5 use (for --reuse)


# Child processes cache their bytecode (outside the repository) as an installed `morgue` would:
# a sandbox's PYTHONDONTWRITEBYTECODE=1 would otherwise add compiling to every start-up figure.
PYCACHE = Path(tempfile.gettempdir()) / "morgue-bench-pycache"
CHILD_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("PYTHONDONTWRITEBYTECODE", "MORGUE_INDEX", "MORGUE_ARCHIVE")
}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
WARM_IMPORTS = (
    "import index.cli, index.build, index.search, index.entities_stage, index.entities, tui.launcher, tui.app"
)


class BenchError(RuntimeError):
    pass


def warm_bytecode() -> None:
    """Compile the project's modules once into PYCACHE, before anything is timed."""
    subprocess.run([PY, "-c", WARM_IMPORTS], cwd=ROOT, env=CHILD_ENV, capture_output=True, check=False)


# -- the report ------------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    name: str
    figure: Figure
    fmt: str = "{:.2f}"
    extra: str = ""


@dataclass
class Target:
    name: str
    value: float
    limit: float
    unit: str
    applies: bool = True
    why: str = ""

    @property
    def status(self) -> str:
        if not self.applies:
            return "n/a"
        if math.isnan(self.value):
            return "FAIL (not measured)"
        return "PASS" if self.value <= self.limit else "FAIL"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, section: str, name: str, figure: Figure, fmt: str = "{:.2f}", extra: str = "") -> Figure:
        self.rows.append(Row(section, name, figure, fmt, extra))
        return figure

    def print(self) -> None:
        section = None
        width = max([len(r.name) for r in self.rows] + [40])
        for row in self.rows:
            if row.section != section:
                section = row.section
                print(f"\n== {section}")
                print(
                    f"  {'figure':<{width}}  {'median':>10}  {'min':>10}  {'max':>10}  {'unit':<6} n  notes"
                )
            f = row.figure

            def cell(v: float, fmt: str = row.fmt) -> str:
                return "-" if math.isnan(v) else fmt.format(v)

            print(
                f"  {row.name:<{width}}  {cell(f.median):>10}  {cell(f.min):>10}  {cell(f.max):>10}  "
                f"{f.unit:<6} {len(f.values)}  {row.extra}{f.note}"
            )
        print("\n== Targets")
        for t in self.targets:
            shown = "-" if math.isnan(t.value) else f"{t.value:.3g}"
            print(
                f"  {t.status:<6} {t.name}: {shown} {t.unit} (target <= {t.limit:g} {t.unit}){'  ' + t.why if t.why else ''}"
            )
        if self.notes:
            print("\n== Notes")
            for note in self.notes:
                print(f"  - {note}")

    def as_json(self) -> dict[str, Any]:
        return {
            **self.data,
            "figures": [
                {"section": r.section, "name": r.name, **r.figure.as_json(), "extra": r.extra}
                for r in self.rows
            ],
            "targets": [
                {
                    "name": t.name,
                    "value": None if math.isnan(t.value) else round(t.value, 6),
                    "limit": t.limit,
                    "unit": t.unit,
                    "status": t.status,
                    "why": t.why,
                }
                for t in self.targets
            ],
            "notes": self.notes,
        }


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- Morgue's command line ---------------------------------------------------------------------


def morgue_index(
    archive: Path, index: Path, *, procs: int = 2, entities: bool = True, rebuild: bool = False
) -> tuple[Measured, dict[str, Any]]:
    cmd = [PY, "-m", "index", "index", "--archive", str(archive), "--index", str(index), "--json"]
    cmd += ["--procs", str(procs)]
    if not entities:
        cmd.append("--no-entities")
    if rebuild:
        cmd.append("--rebuild")
    m = run_measured(cmd, cwd=ROOT, env=CHILD_ENV)
    if m.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({m.returncode}):\n{m.stderr[-3000:]}")
    return m, json.loads(m.stdout)


def index_sizes(index: Path) -> tuple[int, int]:
    """(whole index folder, live generation only) in bytes."""
    current = (index / "CURRENT").read_text().strip()
    return dir_size(index), dir_size(index / current)


def copy_cache(src_index: Path, dest_index: Path) -> None:
    dest_index.mkdir(parents=True, exist_ok=True)
    for p in src_index.glob("entity-cache.sqlite*"):
        shutil.copyfile(p, dest_index / p.name)


# -- figures -------------------------------------------------------------------------------------


@dataclass
class Ctx:
    args: argparse.Namespace
    work: Path
    archive: Path
    articles: int
    report: Report
    runs: int
    main_index: Path | None = None
    docs: int = 0
    checkpoint: Any = None  # writes the JSON measured so far


def fig_builds(ctx: Ctx) -> None:
    rep, scale = ctx.report, ctx.args.scale
    section = "1. Full build (python -m index index --rebuild, fresh index folder)"
    variants: list[tuple[str, int, bool, bool]] = []  # (name, procs, entities, seeded cache)
    if scale == 1:
        variants = [("entities, 2 procs", 2, True, False), ("entities, 1 proc", 1, True, False)]
    else:
        variants = [
            ("entities, 2 procs, cold cache", 2, True, False),
            ("entities, 2 procs, cache seeded", 2, True, True),
            ("entities, 1 proc, cache seeded", 1, True, True),
        ]
    variants.append(("no entities, 2 procs", 2, False, False))
    seed_cache: Path | None = None
    peaks: list[float] = []
    for name, procs, entities, seeded in variants:
        secs = Figure(f"build {name}", "s")
        rate = Figure(f"build {name} art/s", "art/s")
        rss = Figure(f"build {name} peak RSS", "MB")
        pss = Figure(f"build {name} peak PSS", "MB")
        single = Figure(f"build {name} largest process", "MB")
        size = Figure(f"build {name} index size", "MB")
        gen = Figure(f"build {name} generation size", "MB")
        internal = Figure(f"build {name} (in-process seconds)", "s")
        cpu = Figure(f"build {name} CPU seconds", "s")
        loads: list[float] = []
        for run in range(ctx.runs):
            index = ctx.work / f"ix-{name.replace(', ', '-').replace(' ', '')}-{run}"
            if seeded and seed_cache is not None:
                copy_cache(seed_cache, index)
            log(f"build {name} run {run + 1}/{ctx.runs}")
            m, report = morgue_index(ctx.archive, index, procs=procs, entities=entities, rebuild=True)
            total, gen_size = index_sizes(index)
            secs.values.append(m.wall)
            rate.values.append(report["added"] / m.wall)
            rss.values.append(m.peak_rss / MB)
            pss.values.append(m.peak_pss / MB)
            single.values.append(m.max_single_rss / MB)
            size.values.append(total / MB)
            gen.values.append(gen_size / MB)
            internal.values.append(float(report["seconds"]))
            cpu.values.append(m.cpu)
            loads.append(os.getloadavg()[0])
            ctx.docs = int(report["docs"])
            log(f"  {m.wall:.1f} s, {m.peak_rss / MB:.0f} MB, {report['docs']} docs")
            if name == variants[0][0] and run == ctx.runs - 1:
                # figures 2-5 run on this index; its entity cache seeds the other rows
                ctx.main_index = seed_cache = index
                (ctx.work / MAIN_INDEX_FILE).write_text(f"{index.name}\n{ctx.docs}\n")
            else:
                shutil.rmtree(index, ignore_errors=True)
        rep.add(section, f"{name}: seconds", secs, extra=f"load average {_loads(loads)}; ")
        rep.add(section, f"{name}: CPU seconds, all processes", cpu, "{:.1f}")
        rep.add(section, f"{name}: articles/s", rate, "{:.0f}")
        rep.add(section, f"{name}: peak RSS, all processes", rss, "{:.0f}")
        rep.add(section, f"{name}: peak PSS, all processes (shared pages split)", pss, "{:.0f}")
        rep.add(section, f"{name}: largest single process", single, "{:.0f}")
        rep.add(
            section, f"{name}: index folder size", size, "{:.1f}", extra=f"generation {gen.median:.1f} MB; "
        )
        rep.add(section, f"{name}: seconds inside update_index", internal)
        peaks.extend(rss.values)
        if ctx.checkpoint is not None:
            ctx.checkpoint()
        ctx.report.data.setdefault("builds", {})[name] = {
            "seconds": secs.as_json(),
            "peak_rss_mb": rss.as_json(),
        }
    first = variants[0][0]
    build_fig = next(r.figure for r in rep.rows if r.name == f"{first}: seconds")
    cpu_fig = next(r.figure for r in rep.rows if r.name == f"{first}: CPU seconds, all processes")
    is_bbc = scale == 1 and ctx.articles == BBC_ARTICLES
    rep.targets.append(
        Target(
            "BBC full build, entities, 2 procs",
            build_fig.median,
            45,
            "s",
            applies=is_bbc,
            why=(
                f"(CPU {cpu_fig.median:.0f} s over all processes: {cpu_fig.median / 2:.0f} s at best on 2 idle cores)"
                if is_bbc
                else "only for the 2,095 BBC articles at --scale 1"
            ),
        )
    )
    at_20k = 15_000 <= ctx.docs <= 30_000
    rep.targets.append(
        Target(
            "peak memory of a full build at 20k (max over the build rows)",
            max(peaks) / 1024 if peaks else math.nan,
            1.5,
            "GB",
            applies=at_20k,
            why="" if at_20k else f"only at ~20k articles (this run: {ctx.docs:,})",
        )
    )


def _loads(loads: list[float]) -> str:
    """The 1-minute load averages seen at the end of each run: how busy the machine was."""
    return "/".join(f"{x:.1f}" for x in loads)


def fig_updates(ctx: Ctx) -> None:
    assert ctx.main_index is not None
    rep, index = ctx.report, ctx.main_index
    section = "2. Updates (python -m index index, on the built index)"
    n = max(3, ctx.runs)
    noop, noop_in = Figure("no-op update", "s"), Figure("no-op update (in-process)", "s")
    noop_cpu, one_cpu = Figure("no-op cpu", "s"), Figure("one-file cpu", "s")
    for run in range(n):
        log(f"no-op update {run + 1}/{n}")
        m, report = morgue_index(ctx.archive, index)
        if report["added"] or report["updated"] or report["removed"]:
            raise BenchError(f"the no-op update changed something: {report}")
        noop.values.append(m.wall)
        noop_cpu.values.append(m.cpu)
        noop_in.values.append(float(report["seconds"]))
    target_file = corpus_mod.pick_edit_target(ctx.archive)
    original = target_file.read_bytes()
    one, one_in, one_rss = (
        Figure("one-file update", "s"),
        Figure("one-file update (in-process)", "s"),
        Figure("one-file update peak RSS", "MB"),
    )
    try:
        for run in range(n):
            log(f"one-file update {run + 1}/{n}")
            target_file.write_bytes(corpus_mod.edited(original, int(time.time() * 1000) + run))
            m, report = morgue_index(ctx.archive, index)
            if report["updated"] != 1:
                raise BenchError(f"the one-file update did not update one article: {report}")
            one.values.append(m.wall)
            one_cpu.values.append(m.cpu)
            one_in.values.append(float(report["seconds"]))
            one_rss.values.append(m.peak_rss / MB)
    finally:
        target_file.write_bytes(original)
        morgue_index(ctx.archive, index)
    rel = target_file.relative_to(ctx.archive)
    rep.add(section, "no-op update: command wall time", noop, "{:.2f}")
    rep.add(section, "no-op update: inside update_index", noop_in, "{:.3f}")
    rep.add(section, "no-op update: CPU seconds of the command", noop_cpu, "{:.2f}")
    rep.add(
        section, "one-file update: command wall time", one, "{:.2f}", extra=f"{rel} edited; NER runs on it; "
    )
    rep.add(section, "one-file update: inside update_index", one_in, "{:.3f}")
    rep.add(section, "one-file update: CPU seconds of the command", one_cpu, "{:.2f}")
    rep.add(section, "one-file update: peak RSS", one_rss, "{:.0f}")
    is_2k = ctx.args.scale == 1
    rep.targets.append(
        Target(
            "no-op update (command wall time)",
            noop.median,
            2,
            "s",
            applies=is_2k,
            why=f"(CPU {noop_cpu.median:.2f} s)" if is_2k else "at 2k only",
        )
    )


def fig_rebuild(ctx: Ctx) -> None:
    assert ctx.main_index is not None
    section = "3. Rebuild of unchanged content (--rebuild, entity cache warm)"
    secs, rss, internal = Figure("rebuild", "s"), Figure("rebuild peak RSS", "MB"), Figure("rebuild in", "s")
    cpu, loads = Figure("rebuild cpu", "s"), []
    for run in range(ctx.runs):
        log(f"rebuild unchanged {run + 1}/{ctx.runs}")
        m, report = morgue_index(ctx.archive, ctx.main_index, rebuild=True)
        secs.values.append(m.wall)
        rss.values.append(m.peak_rss / MB)
        internal.values.append(float(report["seconds"]))
        cpu.values.append(m.cpu)
        loads.append(os.getloadavg()[0])
    ctx.report.add(
        section, "rebuild, entities, 2 procs: seconds", secs, extra=f"load average {_loads(loads)}; "
    )
    ctx.report.add(section, "rebuild: CPU seconds, all processes", cpu, "{:.1f}")
    ctx.report.add(section, "rebuild: peak RSS, all processes", rss, "{:.0f}")
    ctx.report.add(section, "rebuild: seconds inside update_index", internal)
    is_2k = ctx.args.scale == 1
    ctx.report.targets.append(
        Target(
            "rebuild of unchanged content",
            secs.median,
            8,
            "s",
            applies=is_2k,
            why=f"(CPU {cpu.median:.1f} s over all processes)" if is_2k else "at 2k only",
        )
    )


# -- references: builds ------------------------------------------------------------------------------


def fig_reference_builds(ctx: Ctx) -> dict[str, Path]:
    section = "6. Reference engines: build (same archive; reading the files included)"
    out: dict[str, Path] = {}
    script = str(HERE / "reference.py")
    for engine in ("whoosh", "fts5"):
        cpu = Figure(f"{engine} cpu", "s")
        secs, rss, size = (
            Figure(f"{engine} build", "s"),
            Figure(f"{engine} rss", "MB"),
            Figure(f"{engine} size", "MB"),
        )
        docs = 0
        for run in range(ctx.runs):
            target = ctx.work / f"ref-{engine}-{run}" / ("ix" if engine == "whoosh" else "fts.sqlite")
            shutil.rmtree(target.parent, ignore_errors=True)  # left by an earlier run (--reuse)
            log(f"reference build {engine} {run + 1}/{ctx.runs}")
            m = run_measured([PY, script, engine, str(ctx.archive), str(target)], cwd=ROOT, env=CHILD_ENV)
            if m.returncode != 0:
                raise BenchError(f"reference build {engine} failed:\n{m.stderr[-3000:]}")
            docs = int(m.stdout.strip())
            cpu.values.append(m.cpu)
            secs.values.append(m.wall)
            rss.values.append(m.peak_rss / MB)
            size.values.append(dir_size(target.parent) / MB)
            if run < ctx.runs - 1:
                shutil.rmtree(target.parent, ignore_errors=True)
            else:
                out[engine] = target
        title = "bare Whoosh (1 process, default writer)" if engine == "whoosh" else "SQLite FTS5 (porter)"
        ctx.report.add(section, f"{title}: seconds", secs, extra=f"{docs:,} docs; ")
        ctx.report.add(
            section, f"{title}: articles/s", Figure("", "art/s", [docs / v for v in secs.values]), "{:.0f}"
        )
        ctx.report.add(section, f"{title}: CPU seconds", cpu, "{:.1f}")
        ctx.report.add(section, f"{title}: peak RSS", rss, "{:.0f}")
        ctx.report.add(section, f"{title}: size", size, "{:.1f}")
    return out


def build_ratios(ctx: Ctx) -> None:
    rows = {r.name: r.figure for r in ctx.report.rows}
    section = "6. Reference engines: build ratios (median / median)"
    noent = rows.get("no entities, 2 procs: seconds")
    ent = next(
        (f for n, f in rows.items() if n.startswith("entities, 2 procs") and n.endswith(": seconds")), None
    )
    for ref_name, ref_key in (
        ("bare Whoosh", "bare Whoosh (1 process, default writer): seconds"),
        ("FTS5", "SQLite FTS5 (porter): seconds"),
    ):
        ref = rows.get(ref_key)
        if ref is None:
            continue
        for label, fig in (("Morgue no entities", noent), ("Morgue entities, 2 procs", ent)):
            if fig is None:
                continue
            ratio = Figure("", "x", [fig.median / ref.median])
            ctx.report.add(section, f"{label} / {ref_name}", ratio, "{:.2f}")
            ctx.report.data.setdefault("ratios", {})[f"build {label} / {ref_name}"] = round(
                fig.median / ref.median, 3
            )


# -- queries -----------------------------------------------------------------------------------------


def _filters(q: Query) -> tuple[Any, ...]:
    from index.models import Filter

    return tuple(Filter(f, v) for f, v in q.filters)


def _timed(fn: Any) -> tuple[float, float, Any]:
    """(wall ms, CPU ms of this thread, value): the CPU time is what the call costs on an idle core."""
    started, cpu = time.perf_counter(), time.thread_time()
    value = fn()
    return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000, value


CLOCKS = ("wall", "cpu")


def fig_queries(ctx: Ctx, refs: dict[str, Path]) -> None:
    assert ctx.main_index is not None
    from index.search import SearchIndex

    passes = 3 if ctx.args.quick else 7
    idx = SearchIndex(ctx.main_index)
    bare = reference.BareWhoosh(refs["whoosh"]) if "whoosh" in refs else None
    fts = reference.Fts5(refs["fts5"]) if "fts5" in refs else None
    engines = ["morgue", "whoosh", "whoosh+hl", "fts5"]
    times: dict[str, dict[str, dict[int, list[float]]]] = {
        c: {e: {i: [] for i in range(len(QUERIES))} for e in engines} for c in CLOCKS
    }
    totals: dict[str, dict[int, int]] = {e: {} for e in engines}
    errors: dict[int, str] = {}

    def record(engine: str, i: int, wall: float, cpu: float) -> None:
        times["wall"][engine][i].append(wall)
        times["cpu"][engine][i].append(cpu)

    def one(i: int, q: Query) -> None:
        wall, cpu, r = _timed(lambda: idx.search(q.text, filters=_filters(q), sort=q.sort, limit=20))
        if r.error:
            errors[i] = r.error
        record("morgue", i, wall, cpu)
        totals["morgue"][i] = r.total
        if bare is not None and q.whoosh is not None:
            wall, cpu, n = _timed(lambda: bare.query(q.whoosh))
            record("whoosh", i, wall, cpu)
            totals["whoosh"][i] = n
            wall, cpu, n = _timed(lambda: bare.query_highlights(q.whoosh))
            record("whoosh+hl", i, wall, cpu)
        if fts is not None and q.fts5 is not None:
            wall, cpu, n = _timed(lambda: fts.query(q.fts5, q.fts5_section))
            record("fts5", i, wall, cpu)
            totals["fts5"][i] = n

    log("queries: warm-up pass")
    for i, q in enumerate(QUERIES):
        one(i, q)
    for c in CLOCKS:
        for e in engines:
            for i in times[c][e]:
                times[c][e][i].clear()
    for p in range(passes):
        log(f"queries: pass {p + 1}/{passes}")
        for i, q in enumerate(QUERIES):
            one(i, q)
    if errors:
        raise BenchError(f"queries failed: {errors}")

    rep = ctx.report

    def pass_stats(clock: str, engine: str, subset: list[int], pct: float) -> Figure:
        fig = Figure("", "ms")
        for p in range(passes):
            fig.values.append(percentile([times[clock][engine][i][p] for i in subset], pct))
        return fig

    def median_of(clock: str, engine: str, i: int) -> float:
        return statistics.median(times[clock][engine][i])

    everything = list(range(len(QUERIES)))
    section = "4. Queries, warm process: search + exact total + 20 hits with snippets + facets"
    p95_by_clock: dict[str, Figure] = {}
    for clock in CLOCKS:
        how = "wall time" if clock == "wall" else "CPU time of the searching thread (load-independent)"
        p50 = pass_stats(clock, "morgue", everything, 50)
        p95_by_clock[clock] = p95 = pass_stats(clock, "morgue", everything, 95)
        rep.add(section, f"Morgue, {len(QUERIES)} queries, {how}: p50", p50)
        rep.add(section, f"Morgue, {len(QUERIES)} queries, {how}: p95", p95)
        worst = max(everything, key=lambda i, c=clock: median_of(c, "morgue", i))
        rep.add(
            section,
            f"  slowest query ({clock})",
            Figure("", "ms", list(times[clock]["morgue"][worst])),
            extra=f"{QUERIES[worst].label!r}; ",
        )
    by_kind: dict[str, list[int]] = {}
    for i, q in enumerate(QUERIES):
        by_kind.setdefault(q.kind, []).append(i)
    for kind, subset in by_kind.items():
        med = [median_of("wall", "morgue", i) for i in subset]
        rep.add(
            section, f"  kind {kind} ({len(subset)}): wall, median of query medians", Figure("", "ms", med)
        )
    limit, where = _query_target(ctx.docs)
    cpu95 = p95_by_clock["cpu"].median
    rep.targets.append(
        Target(
            f"query p95, warm, at {where}",
            p95_by_clock["wall"].median,
            limit,
            "ms",
            why=f"(CPU time p95 {cpu95:.1f} ms: {'within' if cpu95 <= limit else 'over'} the target on an idle core)",
        )
    )

    ref_section = "6. Reference engines: queries (same passes, interleaved query by query)"
    for engine, title in (
        ("whoosh", "bare Whoosh: search + len(results)"),
        ("whoosh+hl", "bare Whoosh + highlights of 20 hits"),
        ("fts5", "FTS5: top 20 by bm25 + snippet() + count(*)"),
    ):
        subset = [i for i in everything if times["wall"][engine][i]]
        if not subset:
            continue
        worst_ratio: dict[str, float] = {}
        for clock in CLOCKS:
            tag = "" if clock == "wall" else " [CPU time]"
            m50, m95 = pass_stats(clock, "morgue", subset, 50), pass_stats(clock, "morgue", subset, 95)
            r50, r95 = pass_stats(clock, engine, subset, 50), pass_stats(clock, engine, subset, 95)
            rep.add(ref_section, f"{title} ({len(subset)} shared queries){tag}: p50", r50)
            rep.add(ref_section, f"{title}{tag}: p95", r95)
            rep.add(ref_section, f"Morgue on the same {len(subset)} queries{tag}: p50", m50)
            rep.add(ref_section, f"Morgue on the same {len(subset)} queries{tag}: p95", m95)
            ratio50 = Figure("", "x", [a / b for a, b in zip(m50.values, r50.values, strict=True)])
            ratio95 = Figure("", "x", [a / b for a, b in zip(m95.values, r95.values, strict=True)])
            per_query = [median_of(clock, "morgue", i) / median_of(clock, engine, i) for i in subset]
            rep.add(ref_section, f"  Morgue / {engine}{tag}: p50 ratio (per pass)", ratio50)
            rep.add(ref_section, f"  Morgue / {engine}{tag}: p95 ratio (per pass)", ratio95)
            rep.add(
                ref_section,
                f"  Morgue / {engine}{tag}: per-query ratio of medians",
                Figure("", "x", per_query),
            )
            ratios = rep.data.setdefault("ratios", {})
            ratios[f"query p50 Morgue / {engine}{tag}"] = round(ratio50.median, 3)
            ratios[f"query p95 Morgue / {engine}{tag}"] = round(ratio95.median, 3)
            worst_ratio[clock] = max(ratio50.median, ratio95.median)
        if engine == "whoosh":
            rep.targets.append(
                Target(
                    "query overhead vs bare Whoosh (the larger of the p50 and p95 ratios)",
                    worst_ratio["wall"],
                    1.5,
                    "x",
                    why=f"(on CPU time: {worst_ratio['cpu']:.2f}x)",
                )
            )
    skipped_w = [q.label for q in QUERIES if q.whoosh is None]
    skipped_f = [q.label for q in QUERIES if q.fts5 is None]
    rep.notes.append(f"bare Whoosh has no equivalent for ({len(skipped_w)}): {'; '.join(skipped_w)}")
    rep.notes.append(f"FTS5 has no equivalent for ({len(skipped_f)}): {'; '.join(skipped_f)}")
    rep.data["queries"] = [
        {
            "kind": q.kind,
            "query": q.label,
            "whoosh": q.whoosh,
            "fts5": q.fts5 if q.fts5_section is None else f"{q.fts5} [section={q.fts5_section}]",
            "total": {e: totals[e].get(i) for e in ("morgue", "whoosh", "fts5")},
            "median_ms": {
                c: {e: round(median_of(c, e, i), 3) for e in engines if times[c][e][i]} for c in CLOCKS
            },
        }
        for i, q in enumerate(QUERIES)
    ]
    idx.close()
    if bare is not None:
        bare.close()
    if fts is not None:
        fts.close()


def _query_target(docs: int) -> tuple[float, str]:
    if docs < 10_000:
        return 50, f"2k ({docs:,} articles)"
    if docs < 60_000:
        return 150, f"20k ({docs:,} articles)"
    return 400, f"100k ({docs:,} articles)"


def fig_new_process(ctx: Ctx) -> None:
    assert ctx.main_index is not None
    quick = ctx.args.quick
    subset = [i for i, q in enumerate(QUERIES) if q.quick or not quick]
    passes = 1 if quick else 3
    times: dict[int, list[float]] = {i: [] for i in subset}
    cpu: dict[int, list[float]] = {i: [] for i in subset}
    for p in range(passes):
        log(f"queries in new processes: pass {p + 1}/{passes} ({len(subset)} queries)")
        for i in subset:
            q = QUERIES[i]
            cmd = [
                PY,
                "-m",
                "index",
                "search",
                q.text,
                "--index",
                str(ctx.main_index),
                "--json",
                "--limit",
                "20",
            ]
            cmd += ["--sort", q.sort]
            for f, v in q.filters:
                cmd += ["--filter", f"{f}:{v}"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, env=CHILD_ENV, capture_output=True, check=False)
            times[i].append((time.perf_counter() - started) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[i].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
            if proc.returncode not in (0, 1):
                raise BenchError(f"{cmd} failed: {proc.stderr.decode()[-2000:]}")
    section = "4. Queries, new process per query (python -m index search ... --json: wall time)"
    fig50, fig95 = Figure("", "ms"), Figure("", "ms")
    for p in range(passes):
        fig50.values.append(percentile([times[i][p] for i in subset], 50))
        fig95.values.append(percentile([times[i][p] for i in subset], 95))
    note = f" (--quick: {len(subset)} queries, 1 pass)" if quick else ""
    ctx.report.add(section, f"new process, {len(subset)} queries: p50", fig50, "{:.0f}", extra=note)
    ctx.report.add(section, f"new process, {len(subset)} queries: p95", fig95, "{:.0f}")
    cpu50 = Figure("", "ms", [percentile([cpu[i][p] for i in subset], 50) for p in range(passes)])
    cpu95 = Figure("", "ms", [percentile([cpu[i][p] for i in subset], 95) for p in range(passes)])
    ctx.report.add(section, "new process, CPU time of the process (load-independent): p50", cpu50, "{:.0f}")
    ctx.report.add(section, "new process, CPU time of the process (load-independent): p95", cpu95, "{:.0f}")
    ctx.report.data["new_process_ms"] = {QUERIES[i].label: [round(t, 1) for t in times[i]] for i in subset}


# -- the TUI -------------------------------------------------------------------------------------------


def tui_available() -> str | None:
    try:
        import tui.app as app_mod
    except Exception as exc:
        return f"tui.app cannot be imported ({type(exc).__name__}: {exc})"
    if not hasattr(app_mod, "make_app"):
        return "tui.app has no make_app"
    return None


def _child(cmd: list[str], ctx: Ctx, what: str) -> Any:
    """Run a tui_latency.py child; its JSON line, even if it then hung on the way out (noted)."""
    proc = subprocess.run(cmd, cwd=ROOT, env=CHILD_ENV, capture_output=True, check=False, timeout=3600)
    lines = [ln for ln in proc.stdout.decode().splitlines() if ln.startswith(("{", "["))]
    if proc.returncode != 0:
        dump = ctx.work.parent / f"tui-{what}-{int(time.time())}.stderr.txt"
        dump.write_bytes(proc.stderr)
        if not lines:
            raise BenchError(f"{' '.join(cmd)} failed ({proc.returncode}); stderr in {dump}")
        ctx.report.notes.append(f"TUI child ({what}) measured, then hung or failed on exit: stacks in {dump}")
        log(f"  the TUI child hung or failed after measuring; stacks saved to {dump}")
    return json.loads(lines[-1])


def _first_screen(ctx: Ctx, index: Path, archive: Path | None) -> dict[str, float]:
    cmd = [PY, str(HERE / "tui_latency.py"), "first-screen", "--index", str(index)]
    if archive is not None:
        cmd += ["--archive", str(archive)]
    spawned = time.monotonic()
    marks = _child(cmd, ctx, "first-screen")
    return {k: (v if k.startswith("cpu_") else v - spawned) * 1000 for k, v in marks.items()}


def _keys(ctx: Ctx, index: Path, archive: Path, debounce: float | None) -> list[dict[str, Any]]:
    cmd = [PY, str(HERE / "tui_latency.py"), "keys", "--index", str(index), "--archive", str(archive)]
    if debounce is not None:
        cmd += ["--debounce", str(debounce)]
    rows: list[dict[str, Any]] = _child(cmd, ctx, "keys")
    if not all(r["ok"] for r in rows):
        raise BenchError(f"some keys never showed their results: {rows}")
    return rows


def _shipped_debounce() -> float:
    import inspect

    from tui.app import make_app

    return float(inspect.signature(make_app).parameters["debounce"].default)


def fig_tui(ctx: Ctx) -> None:
    assert ctx.main_index is not None
    rep = ctx.report
    section = "5. TUI (Pilot, headless, 120x40): from spawning the process (interpreter and imports included)"
    missing = tui_available()
    if missing:
        rep.add(section, "SKIPPED (tui not available)", Figure("", "ms"), extra=missing)
        rep.targets.append(
            Target("TUI first screen", math.nan, 600, "ms", applies=False, why="SKIPPED: " + missing)
        )
        rep.targets.append(
            Target("TUI keystroke to results p95 at 2k", math.nan, 100, "ms", applies=False, why="SKIPPED")
        )
        return
    n = 3 if ctx.args.quick else 5
    seeds_index = ctx.work / "ix-seeds"
    if not (seeds_index / "CURRENT").exists():
        log("building the seeds/ index")
        morgue_index(SEEDS, seeds_index, rebuild=True)
    marks = ("imported", "ready", "painted", "index_open", "searchable")
    labels = {
        "imported": "imports done (tui.launcher, tui.app)",
        "ready": "app running, first screen mounted",
        "painted": "first frame painted (search bar focused)",
        "index_open": "overview figures painted",
        "searchable": "index open, a query can run",
    }
    worst_first = worst_cpu = math.nan
    for where, index, archive in (
        ("seeds/", seeds_index, SEEDS),
        (f"{ctx.docs:,} articles", ctx.main_index, ctx.archive),
    ):
        figs = {k: Figure("", "ms") for k in marks}
        cpus = {k: Figure("", "ms") for k in marks}
        for run in range(n):
            log(f"TUI first screen on {where} {run + 1}/{n}")
            got = _first_screen(ctx, index, archive)
            for k in marks:
                figs[k].values.append(got[k])
                cpus[k].values.append(got.get(f"cpu_{k}", math.nan))
        for k in marks:
            rep.add(section, f"launch on {where}: {labels[k]}", figs[k], "{:.0f}")
        for k in ("painted", "index_open"):
            rep.add(section, f"  CPU time of the process to: {labels[k]}", cpus[k], "{:.0f}")
        if where == "seeds/":
            worst_first = max(figs["painted"].median, figs["index_open"].median)
            worst_cpu = max(cpus["painted"].median, cpus["index_open"].median)
    rep.targets.append(
        Target(
            "TUI first screen on seeds/ (the later of first frame and index open)",
            worst_first,
            600,
            "ms",
            why=f"(CPU time of the process: {worst_cpu:.0f} ms)",
        )
    )
    key_runs = 1 if ctx.args.quick else 3
    p95_default = cpu95_default = math.nan
    shipped = _shipped_debounce()
    configs: list[tuple[str, float | None]] = [(f"as shipped (debounce {shipped:g} s)", None)]
    if shipped:
        configs.append(("debounce 0", 0.0))
    for label, debounce in configs:
        w50, w95, p50, p95, c50, c95 = (Figure("", "ms") for _ in range(6))
        keys_n = 0
        for run in range(key_runs):
            log(f"TUI keystrokes ({label}) {run + 1}/{key_runs}")
            rows = _keys(ctx, ctx.main_index, ctx.archive, debounce)
            keys_n = len(rows)
            w50.values.append(percentile([r["widget_ms"] for r in rows], 50))
            w95.values.append(percentile([r["widget_ms"] for r in rows], 95))
            p50.values.append(percentile([r["painted_ms"] for r in rows], 50))
            p95.values.append(percentile([r["painted_ms"] for r in rows], 95))
            c50.values.append(percentile([r.get("cpu_ms", math.nan) for r in rows], 50))
            c95.values.append(percentile([r.get("cpu_ms", math.nan) for r in rows], 95))
            rep.data.setdefault("tui_keys", {}).setdefault(label, []).append(rows)
        rep.add(
            section,
            f"keystroke -> results painted, {label}: p50",
            p50,
            "{:.0f}",
            extra=f"{keys_n} keys/run; ",
        )
        rep.add(section, f"keystroke -> results painted, {label}: p95", p95, "{:.0f}")
        rep.add(section, f"keystroke -> results in the list, {label}: p50", w50, "{:.0f}")
        rep.add(section, f"keystroke -> results in the list, {label}: p95", w95, "{:.0f}")
        rep.add(section, f"  CPU time per keystroke (all threads, to painted), {label}: p50", c50, "{:.0f}")
        rep.add(section, f"  CPU time per keystroke (all threads, to painted), {label}: p95", c95, "{:.0f}")
        if debounce is None:
            p95_default, cpu95_default = p95.median, c95.median
    is_2k = ctx.args.scale == 1
    rep.targets.append(
        Target(
            "TUI keystroke -> results painted p95, app as shipped",
            p95_default,
            100,
            "ms",
            applies=is_2k,
            why=f"(CPU time per keystroke p95: {cpu95_default:.0f} ms)" if is_2k else "at 2k only",
        )
    )


# -- main ------------------------------------------------------------------------------------------------


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
            fig_new_process(ctx)
            checkpoint()
        if 5 in figures:
            fig_tui(ctx)
        report.data["meta"]["loadavg_end"] = os.getloadavg()
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
        f"{meta['loadavg_end'][0]:.2f} at end · {meta['minutes']} min"
    )
    report.print()
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2, default=str) + "\n")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
