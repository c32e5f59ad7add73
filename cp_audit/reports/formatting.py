"""How raw report values are shown as text: decimals, thousands separators, percentages, "—" for missing.

Pure, so that the PDF, a future Excel export and the Qt preview show the same figures.
"""

from __future__ import annotations

import math

from cp_audit.reports.model import CellValue, Column

MISSING = "—"


def format_value(value: CellValue, column: Column) -> str:
    """The text shown for a raw cell value, per the column's kind and decimals."""
    if value is None:
        return MISSING
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if column.kind == "percent":
        return format_number(value * 100, 1 if column.decimals is None else column.decimals) + "%"
    if column.kind == "money":
        return format_number(value, 2 if column.decimals is None else column.decimals)
    return format_number(value, column.decimals)


def format_number(value: float, decimals: int | None = None) -> str:
    """Fixed decimals when given; otherwise integers plain and about four significant digits."""
    if isinstance(value, int) and (decimals is None or abs(value) >= 10**15):
        return f"{value:,}"  # also ints too large for a float
    value = float(value)
    if not math.isfinite(value):
        return MISSING if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if decimals is not None:
        return f"{value:,.{max(decimals, 0)}f}"
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    magnitude = math.floor(math.log10(abs(value)))
    places = min(max(3 - magnitude, 0), 6)  # 12.35, 0.003245, 1,235
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def finite(value: object) -> float | None:
    """`value` as a float when it is a finite real number (not a bool), else None: what a chart can plot."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None
