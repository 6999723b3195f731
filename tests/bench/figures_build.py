"""Figures 1-3 and the reference engines' builds (figure 6): full builds, updates, a rebuild.

Each runs Morgue's indexer (or reference.py) as a child process, timed and with
its memory sampled (measure.run_measured), on the run's archive.
"""

from __future__ import annotations

import math
import os
import shutil
import time
from pathlib import Path

import corpus as corpus_mod
from harness import (
    CHILD_ENV,
    HERE,
    MAIN_INDEX_FILE,
    MB,
    PY,
    ROOT,
    BenchError,
    Ctx,
    copy_cache,
    index_sizes,
    log,
    morgue_index,
)
from measure import Figure, dir_size, run_measured
from report import Target

BBC_ARTICLES = 2095


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
