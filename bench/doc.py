"""The document being generated: rows per table with ids handed out in order, plus the shared sizes."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Size:
    """How much of everything a generated audit holds (scale 1: the issue's consultant-sized audit)."""

    years: int = 10  # of monthly data, ending with 2025
    lines: int = 8  # production lines; each has its own sub-meters
    materials: int = 48  # raw materials; with the energy carriers the 60 of the issue
    carriers: int = 12  # energy carriers
    units: int = 400  # unit operations of the audit focus
    options: int = 1000
    photos: int = 200
    causes: int = 160
    findings: int = 40
    equipment: int = 100


def size_for(scale: float) -> Size:
    """Every count times `scale`, never below what a meaningful audit needs (scale 0.01 is a smoke test)."""
    if not scale > 0:
        raise ValueError("scale must be positive")
    full = Size()

    def n(value: int, low: int) -> int:
        return max(low, round(value * scale))

    units = n(full.units, 12)
    lines = max(1, min(full.lines, units // 12, n(full.lines, 1)))
    return Size(
        years=min(full.years, n(full.years, 1)),
        lines=lines,
        materials=n(full.materials, 6),
        carriers=min(full.carriers, n(full.carriers, 3)),
        units=units,
        options=n(full.options, 12),
        photos=n(full.photos, 3),
        causes=n(full.causes, 8),
        findings=n(full.findings, 6),
        equipment=n(full.equipment, 10),
    )


@dataclass
class Document:
    """Tables of JSON-ready rows; `add` gives each row the next id of its table."""

    tables: dict[str, list[dict[str, Any]]]
    rng: random.Random
    size: Size
    counters: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, **values: Any) -> int:
        rows = self.tables.setdefault(table, [])
        next_id = self.counters.get(table)
        if next_id is None:
            next_id = max((r["id"] for r in rows), default=0) + 1
        self.counters[table] = next_id + 1
        rows.append({"id": next_id, **{k: v for k, v in values.items() if v is not None}})
        return next_id

    def clear(self, *tables: str) -> None:
        for table in tables:
            self.tables[table] = []
            self.counters.pop(table, None)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.setdefault(table, [])

    def noisy(self, value: float, relative_sd: float) -> float:
        return value * (1 + self.rng.gauss(0, relative_sd))


def sig(value: float, digits: int = 4) -> float:
    """`value` rounded to `digits` significant digits, as a meter or a lab report gives it."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))
