"""A small spreadsheet evaluator for the tests: it computes the formulas of a written workbook from the
cell values read back with openpyxl, as Excel would, so a test can compare a live formula's result
with the reference audit's figure. It knows only the functions the worksheets use."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from openpyxl.formula import Tokenizer
from openpyxl.utils import column_index_from_string, range_boundaries

_EXCEL_EPOCH = date(1899, 12, 30)
_CELL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def _criterion(value, criterion) -> bool:
    return value == criterion


def _flat(args) -> list:
    values = []
    for arg in args:
        values += arg if isinstance(arg, list) else [arg]
    return values


def _numbers(args) -> list[float]:
    return [v for v in _flat(args) if isinstance(v, (int, float)) and not isinstance(v, bool)]


def _rate(periods, payment, present):
    """RATE(n, pmt, pv): the rate at which pv + pmt × annuity factor = 0, by bisection."""

    def value(rate):
        return present + payment * (1 - (1 + rate) ** -periods) / rate

    low, high = 1e-9, 10.0
    if value(low) * value(high) > 0:
        raise ValueError("RATE has no root in (0, 10)")
    for _ in range(200):
        middle = (low + high) / 2
        if value(low) * value(middle) <= 0:
            high = middle
        else:
            low = middle
    return (low + high) / 2


FUNCTIONS = {
    "SUM": lambda *a: sum(_numbers(a)),
    "MIN": lambda *a: min(_numbers(a)),
    "MAX": lambda *a: max(_numbers(a)),
    "IF": lambda test, yes, no=False: yes if test else no,
    "COUNTIF": lambda cells, c: sum(1 for v in cells if _criterion(v, c)),
    "COUNTIFS": lambda *a: sum(
        1 for row in zip(*a[0::2]) if all(_criterion(v, c) for v, c in zip(row, a[1::2], strict=True))
    ),
    "SUMIF": lambda cells, c, summed: sum(
        s for v, s in zip(cells, summed, strict=True) if _criterion(v, c) and isinstance(s, (int, float))
    ),
    "RANK": lambda x, cells: 1 + sum(1 for v in _numbers([cells]) if v > x),
    "RATE": _rate,
}

_OPERATORS = {"^": "**", "=": "==", "<>": "!=", "&": "+"}


class Evaluator:
    """Evaluates the formulas of one worksheet (loaded with data_only=False)."""

    def __init__(self, worksheet):
        self.sheet = worksheet
        self._cache: dict[str, object] = {}

    def value(self, ref: str):
        """The value of a cell: a constant as stored, a formula as computed."""
        ref = ref.replace("$", "")
        if ref not in self._cache:
            raw = self.sheet[ref].value
            if isinstance(raw, str) and raw.startswith("=") and self.sheet[ref].data_type == "f":
                raw = self.evaluate(raw)
            if isinstance(raw, datetime):
                raw = (raw.date() - _EXCEL_EPOCH).days
            elif isinstance(raw, date):
                raw = (raw - _EXCEL_EPOCH).days
            self._cache[ref] = raw
        return self._cache[ref]

    def cells(self, span: str) -> list:
        min_col, min_row, max_col, max_row = range_boundaries(span.replace("$", ""))
        return [
            self.value(f"{_letter(c)}{r}")
            for r in range(min_row, max_row + 1)
            for c in range(min_col, max_col + 1)
        ]

    def evaluate(self, formula: str):
        parts = []
        for token in Tokenizer(formula).items:
            parts.append(self._python(token))
        expression = "".join(parts)
        scope = {"_v": self.value, "_r": self.cells, **{f"_{k}": f for k, f in FUNCTIONS.items()}}
        return eval(expression, scope)

    def _python(self, token) -> str:
        if token.type == "OPERAND" and token.subtype == "RANGE":
            return f"_r({token.value!r})" if ":" in token.value else f"_v({token.value!r})"
        if token.type == "OPERAND" and token.subtype == "TEXT":
            return repr(token.value[1:-1].replace('""', '"'))
        if token.type == "OPERAND":
            return token.value
        if token.type == "FUNC" and token.subtype == "OPEN":
            name = token.value[:-1].upper()
            if name not in FUNCTIONS:
                raise NotImplementedError(f"function {name} is not known to the test evaluator")
            return f"_{name}("
        if token.type == "OPERATOR-INFIX":
            return _OPERATORS.get(token.value, token.value)
        if token.type == "WHITE-SPACE":
            return " "
        return token.value


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def column_of(ref: str) -> int:
    return column_index_from_string(_CELL.match(ref).group(1))


def is_close(a: float, b: float, tolerance: float = 1e-4) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=tolerance)
