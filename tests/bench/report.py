"""The benchmark's report: figures in sections, targets with PASS/FAIL, notes; as a table or JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from measure import Figure


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
