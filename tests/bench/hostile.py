"""Allowed content that must not stall everything: each hostile archive built, then searched.

    python tests/bench/hostile.py WORKDIR [--only NAME ...] [--runs N]

Writes the fixtures (`hostile_fixtures.py`) under WORKDIR/fixtures once, builds each archive
into WORKDIR/NAME-index (entities on where the NER has work: the big article and the single
token), then times one-shot commands on it, each a fresh process as a person would run it
(wall time and peak RSS of the process tree: `measure.run_measured`), and prints each figure
beside its target. The figures are printed, never asserted: tests/bench/RESULTS.md records
them. A search's cost must follow the hits shown and counted, not the archive's vocabulary or
record count; the big article's build and reader must stay linear and capped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_fixtures
from harness import CHILD_ENV, MB, PY, ROOT, BenchError, log, morgue_index, warm_bytecode
from measure import Measured, machine_speed, run_measured


@dataclass
class Case:
    fixture: str
    entities: bool
    searches: tuple[str, ...]  # words searched, each a `morgue search WORD --json`
    show_query: str = ""  # `morgue show ID --query WORD` on the largest article, when set
    build_target: float | None = None  # seconds


CASES = (
    Case("many-records", False, ("election", "note"), build_target=None),
    Case("many-words", False, ("blair", "browm~", "zzqx")),
    Case("big-article", True, ("blair",), show_query="blair", build_target=60.0),
    Case("one-token", True, ("blair",), show_query="blob", build_target=60.0),
)
SEARCH_TARGET = (1.0, 400 * MB)  # seconds, bytes: a one-shot CLI search
SHOW_TARGET = 2.0  # seconds: `show --query` on the big article


def morgue(*args: str) -> Measured:
    cmd = [PY, "-m", "index", *args]
    m = run_measured(cmd, cwd=ROOT, env=CHILD_ENV)
    if m.returncode not in (0, 1):  # 1: a search that found nothing
        raise BenchError(f"{' '.join(cmd)} failed ({m.returncode}):\n{m.stderr[-3000:]}")
    return m


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def line(name: str, m: Measured, target: str, ok: bool | None) -> str:
    mark = "" if ok is None else f"  {verdict(ok)}"
    return (
        f"  {name:<28} {m.wall:8.2f} s  {m.peak_rss / MB:6.0f} MB (PSS {m.peak_pss / MB:5.0f})"
        f"  cpu {m.cpu:7.2f} s  ({target}){mark}"
    )


def keep(out: list[str], figure: str) -> None:
    """A figure for the closing summary, logged now too (a later step may fail)."""
    out.append(figure)
    log(figure.strip())


def median_run(runs: int, *args: str) -> Measured:
    """The run of median wall time among `runs` runs of one command."""
    measured = sorted((morgue(*args) for _ in range(runs)), key=lambda m: m.wall)
    return measured[len(measured) // 2]


def run_case(case: Case, work: Path, runs: int, rebuild: bool) -> list[str]:
    archive = hostile_fixtures.write(work / "fixtures", [case.fixture])[case.fixture]
    index = work / f"{case.fixture}-index"
    out = [f"{case.fixture} ({'entities' if case.entities else 'no entities'}):"]
    if rebuild or not (index / "CURRENT").exists():
        shutil.rmtree(index, ignore_errors=True)
        log(f"building {case.fixture}")
        m, built = morgue_index(archive, index, entities=case.entities)
        ok = None if case.build_target is None else m.wall <= case.build_target
        target = "no target" if case.build_target is None else f"target <= {case.build_target:.0f} s"
        keep(out, line(f"build ({built.get('docs', '?')} articles)", m, target, ok))
    for word in case.searches:
        log(f"{case.fixture}: search {word}")
        m = median_run(runs, "search", word, "--index", str(index), "--json")
        ok = m.wall <= SEARCH_TARGET[0] and m.peak_rss <= SEARCH_TARGET[1]
        keep(out, line(f"search {word} --json", m, "target <= 1 s, <= 400 MB", ok))
    if case.show_query:
        doc = _hostile_id(index)
        log(f"{case.fixture}: show {doc} --query {case.show_query}")
        m = median_run(runs, "show", doc, "--query", case.show_query, "--index", str(index))
        ok = m.wall <= SHOW_TARGET
        keep(out, line(f"show --query {case.show_query}", m, f"target <= {SHOW_TARGET:.0f} s", ok))
    return out


def _hostile_id(index: Path) -> str:
    """The id of the archive's largest article (the fixture's own file, not the ordinary one)."""
    listed = morgue("list", "--index", str(index), "--json").stdout.splitlines()
    paths = {str(a["path"]): str(a["id"]) for a in map(json.loads, filter(None, listed))}
    for name in ("report.txt", "blob.txt", "wordlist.txt"):
        for path, doc in paths.items():
            if path.endswith(name):
                return doc
    raise BenchError(f"no hostile article listed in {index}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workdir", type=Path)
    p.add_argument("--only", nargs="*", choices=[c.fixture for c in CASES])
    p.add_argument("--runs", type=int, default=3, help="runs of each one-shot command (the median is shown)")
    p.add_argument("--reuse", action="store_true", help="search the indexes built by an earlier run")
    args = p.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    warm_bytecode()
    speeds = [machine_speed()]
    lines = []
    for case in CASES:
        if args.only and case.fixture not in args.only:
            continue
        lines += run_case(case, args.workdir, args.runs, rebuild=not args.reuse)
    speeds.append(machine_speed())
    print(f"hostile content, commit figures (median of {args.runs} runs per command):")
    print("\n".join(lines))
    print(f"machine speed {speeds[0]} -> {speeds[1]} ms (median {statistics.median(speeds)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
