"""Figure 4 and the reference engines' queries (figure 6): the query workload, in this
warm process (Morgue, bare Whoosh and FTS5 interleaved query by query) and in a
new process per query.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

import reference
from harness import CHILD_ENV, PY, ROOT, BenchError, Ctx, log
from measure import Figure, percentile
from report import Target
from workload import QUERIES, Query


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
    idx.warm_up()  # as the TUI does after opening (the warm-up pass below would load the same)
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


def fig_new_process(ctx: Ctx, refs: dict[str, Path]) -> None:
    assert ctx.main_index is not None
    quick = ctx.args.quick
    subset = [i for i, q in enumerate(QUERIES) if q.quick or not quick]
    passes = 1 if quick else 3
    times: dict[int, list[float]] = {i: [] for i in subset}
    cpu: dict[int, list[float]] = {i: [] for i in subset}
    bare = refs.get("whoosh")
    bare_subset = [i for i in subset if QUERIES[i].whoosh is not None] if bare is not None else []
    bare_cpu: dict[int, list[float]] = {i: [] for i in bare_subset}
    pair_cpu: dict[int, list[float]] = {i: [] for i in bare_subset}  # Morgue's CPU next to the bare run
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
            if i in bare_cpu and bare is not None:
                # The same search by a bare Whoosh script in a new process, right after (A B A B).
                script = str(Path(__file__).with_name("reference.py"))
                whoosh_q = QUERIES[i].whoosh or ""
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(
                    [PY, script, "search-whoosh", str(bare), whoosh_q],
                    cwd=ROOT,
                    env=CHILD_ENV,
                    capture_output=True,
                    check=True,
                )
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                bare_cpu[i].append(
                    (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
                )
                pair_cpu[i].append(cpu[i][-1])
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
    if bare_subset:
        ratio = Figure(
            "",
            "x",
            [
                percentile([pair_cpu[i][p] for i in bare_subset], 50)
                / max(1e-9, percentile([bare_cpu[i][p] for i in bare_subset], 50))
                for p in range(passes)
            ],
        )
        bare50 = Figure(
            "", "ms", [percentile([bare_cpu[i][p] for i in bare_subset], 50) for p in range(passes)]
        )
        ctx.report.add(
            section,
            f"bare Whoosh script, new process, same {len(bare_subset)} queries: CPU p50",
            bare50,
            "{:.0f}",
        )
        ctx.report.add(section, "new process vs a bare Whoosh script, CPU p50 ratio", ratio, "{:.2f}")
        ctx.report.targets.append(
            Target(
                "a search in a new process, CPU against a bare Whoosh script (p50 ratio)",
                ratio.median,
                1.3,
                "x",
                why="(the same queries, each run by `python -m index search --json` and by a bare script, in turn)",
            )
        )
    ctx.report.data["new_process_ms"] = {QUERIES[i].label: [round(t, 1) for t in times[i]] for i in subset}
