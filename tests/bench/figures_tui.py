"""Figure 5: the TUI's launch and keystroke latency, from tui_latency.py child processes."""

from __future__ import annotations

import json
import math
import subprocess
import time
from pathlib import Path
from typing import Any

from harness import CHILD_ENV, HERE, PY, ROOT, SEEDS, BenchError, Ctx, log, morgue_index
from measure import Figure, percentile
from report import Target


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


def _first_screen(
    ctx: Ctx, index: Path, archive: Path | None, mode: str = "first-screen"
) -> dict[str, float]:
    cmd = [PY, str(HERE / "tui_latency.py"), mode, "--index", str(index)]
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
    floor = Figure("", "ms")
    for run in range(n):
        log(f"TUI first screen of a bare Textual app (the floor) {run + 1}/{n}")
        floor.values.append(_first_screen(ctx, seeds_index, None, mode="floor")["painted"])
    rep.add(
        section, "reference: a bare Textual app (input, text, footer): first frame painted", floor, "{:.0f}"
    )
    rep.targets.append(
        Target(
            "TUI first screen on seeds/ (the later of first frame and index open)",
            worst_first,
            600,
            "ms",
            why=f"(CPU time of the process: {worst_cpu:.0f} ms; a bare Textual app: {floor.median:.0f} ms)",
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
