"""Column specs of the report's tables and the few text helpers the chapters share.

Report rounding (reference audit): tce, tCO2, %, L/m² 2 decimals; kWh, m³ and 元/a whole numbers;
investments in 元 with 2 decimals. Tables carry raw numbers; the renderer formats them per column.
"""

from __future__ import annotations

from datetime import date

from cp_audit.reports.content.language import _
from cp_audit.reports.formatting import MISSING, format_number
from cp_audit.reports.model import Column

#: Decimals of an amount by its unit (per year or in total), for columns and sentences.
UNIT_DECIMALS = {
    "kWh": 0,
    "m3": 0,
    "m³": 0,
    "kg": 0,
    "kg Ni": 0,
    "t": 2,
    "tce": 2,
    "tCO2": 2,
    "%": 2,
    "L/m2": 2,
    "L/m²": 2,
    "元": 0,
    "CNY": 0,
    "万元": 2,
    "项": 0,
    "人": 0,
    "天": 0,
}


def unit_decimals(unit: str | None, default: int | None = None) -> int | None:
    """Decimals for `unit` ("kWh/a" rounds like "kWh"); `default` (the renderer's choice) otherwise."""
    base = (unit or "").strip().removesuffix("/a").strip()
    return UNIT_DECIMALS.get(base, default)


def text(header: str, align: str | None = None) -> Column:
    return Column(header, align=align)  # type: ignore[arg-type]


def count(header: str, unit: str = "") -> Column:
    return Column(header, unit, "number", 0)


def number(header: str, unit: str = "", decimals: int | None = 2) -> Column:
    return Column(header, unit, "number", decimals)


def quantity(header: str, unit: str) -> Column:
    """A physical quantity, rounded as the report rounds its unit."""
    return Column(header, unit, "number", unit_decimals(unit))


def investment(header: str) -> Column:
    return Column(header, _("元"), "money", 2)


def annual_money(header: str) -> Column:
    return Column(header, _("元/a"), "money", 0)


def percent(header: str) -> Column:
    """A figure already in per cent (2.55 means 2.55 %), as the engine gives it."""
    return Column(header, "%", "number", 2)


def share(header: str) -> Column:
    """A fraction shown in per cent (0.76 is 76.00 %)."""
    return Column(header, kind="percent", decimals=2)


def centered(header: str) -> Column:
    return Column(header, align="center")


def yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return _("是") if value else _("否")


def day(value: date | str | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def span(start: date | str | None, end: date | str | None) -> str:
    if not start and not end:
        return ""
    return f"{day(start)}～{day(end)}"


def figure(value: float | None, decimals: int | None = 2) -> str:
    """A number inside a sentence, rounded as in the tables ("—" when it does not exist)."""
    if value is None:
        return MISSING
    return format_number(value, decimals)


def amount(value: float | None, unit: str) -> str:
    """ "397,300 kWh/a": a quantity with its unit, rounded for that unit."""
    return f"{figure(value, unit_decimals(unit))} {unit}".strip()


def joined(items: list[str]) -> str:
    return _("、").join(i for i in items if i)


def nonempty(*parts: str | None) -> str:
    return "".join(p for p in parts if p)


def per_period(periods: list, unit: str = "", decimals: int | None = None) -> list[Column]:
    """One number column per period, headed by the period's label (2023年 …)."""
    return [Column(p.label_zh or p.key, unit, "number", decimals) for p in periods]


def blank_total(label: str, width: int, values: dict[int, object]) -> list:
    """A total row of `width` cells: the label first, `values` at their indexes, the rest empty."""
    row: list = [label] + [""] * (width - 1)
    for index, value in values.items():
        row[index] = value
    return row


def fitting_decimals(values: list, cap: int = 2) -> int:
    """The fewest decimals (at most `cap`) that show every value of a column as entered: 34.1 and 17 in
    one column both get 1 (34.1, 17.0), so a column of one unit reads evenly."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    for decimals in range(cap + 1):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in numbers):
            return decimals
    return cap


def without_empty(
    columns: list[Column], rows: list[list], optional: set[int]
) -> tuple[list[Column], list[list]]:
    """Leave out the `optional` columns that are empty in every row (nothing entered there)."""
    empty = {i for i in optional if all(row[i] in (None, "") for row in rows)}
    keep = [i for i in range(len(columns)) if i not in empty]
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]
