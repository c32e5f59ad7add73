"""The units of the streams a template adds or changes, checked as the balance calculation will use them
(cp_audit.calc.balances.stream_value): a stream given directly is converted into its balance's unit, a
calculated one is the product of its factors in that unit. A unit of the wrong kind (kWh in a water
balance) or time base (per year in a per-day balance) is reported at its cell instead of leaving a
figure the workbench cannot compute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cp_audit.errors import UnitError
from cp_audit.excel.template_read import CellProblem, SheetRows
from cp_audit.excel.template_stored import StoredRecords
from cp_audit.i18n import _
from cp_audit.models import Balance, StreamFactor
from cp_audit.models.base import CALC_FACTORS, FactorRole, StreamCalc
from cp_audit.units import convert, product_in
from cp_audit.validation import unit_problem

Place = tuple[SheetRows, int, str]  # sheet, row number, column code


@dataclass
class _StreamUnits:
    code: str
    calc: StreamCalc
    factors: dict[FactorRole, str]  # each role's unit, as stored or as the template gives it
    calc_place: Place | None = None  # the stream row that chose the calculation, if the template did
    factor_places: list[Place] = field(default_factory=list)
    settled: bool = False  # a unit already reported, or a factor the calculation does not take


class StreamUnitCheck:
    """Collects the stream and factor rows of one import; `problems()` gives what the balance
    calculation could not convert."""

    def __init__(self, data: StoredRecords):
        self.balances = {r.id: (r.key, r.unit) for r in data.rows(Balance)}
        self.stored: dict[int, dict[FactorRole, str]] = {}
        for factor in data.rows(StreamFactor):
            self.stored.setdefault(factor.stream_id, {})[factor.role] = factor.unit or ""
        self.streams: dict[tuple[int, str], _StreamUnits] = {}
        self.found: list[CellProblem] = []

    def stream_row(self, sheet: SheetRows, number: int, values: dict[str, Any], existing) -> None:
        """A row of 物流及实测 (values converted, with balance_id); `existing` is the stored stream."""
        calc = values.get("calc", getattr(existing, "calc", StreamCalc.direct))
        unit = values.get("unit", getattr(existing, "unit", ""))
        entry = self._entry((values["balance_id"], values["code"]), existing)
        entry.calc = calc
        if existing is not None and (existing.calc, existing.unit) == (calc, unit):
            return  # as stored: the workbench reports it, and an unchanged row must import again
        if calc != StreamCalc.direct:
            entry.calc_place = (sheet, number, "calc")
            return
        key, balance_unit = self.balances[values["balance_id"]]
        if not unit or not balance_unit or unit_problem(balance_unit):
            return
        try:
            convert(1.0, unit, balance_unit)
        except UnitError:
            reason = _("单位“{0}”不能换算为平衡“{1}”的单位“{2}”；直接给出数量的物流按平衡的单位计算。")
            self.found.append(sheet.problem(number, "unit", reason.format(unit, key, balance_unit)))

    def factor_row(
        self, sheet: SheetRows, number: int, identity: tuple[int, str], stream, role, unit: str | None
    ) -> None:
        """A row of 物流因子 for the stream `identity` (balance id, code); `unit` None when its cell
        could not be used (reported already)."""
        entry = self._entry(identity, stream)
        if unit is None:
            entry.settled = True
            return
        if entry.factors.get(role) == unit:
            return  # as stored: the workbench reports it, and an unchanged row must import again
        entry.factors[role] = unit
        entry.factor_places.append((sheet, number, "unit"))

    def problems(self) -> list[CellProblem]:
        for (balance_id, _code), entry in self.streams.items():
            place = entry.factor_places[-1] if entry.factor_places else entry.calc_place
            if place is not None and not entry.settled and entry.calc != StreamCalc.direct:
                self._check_product(balance_id, entry, place)
        return self.found

    def _entry(self, identity: tuple[int, str], stream) -> _StreamUnits:
        if identity not in self.streams:
            stored = getattr(stream, "id", None)  # None for a stream this import adds
            calc = getattr(stream, "calc", None) or StreamCalc.direct
            self.streams[identity] = _StreamUnits(identity[1], calc, dict(self.stored.get(stored, {})))
        return self.streams[identity]

    def _check_product(self, balance_id: int, entry: _StreamUnits, place: Place) -> None:
        roles = CALC_FACTORS[entry.calc]
        units = tuple(entry.factors.get(role) for role in roles)
        key, balance_unit = self.balances[balance_id]
        if None in units or not balance_unit or any(unit_problem(u) for u in (*units, balance_unit) if u):
            return  # a missing factor or an unknown unit: the workbench (or the unit column) says so
        try:
            product_in((1.0,) * len(units), units, balance_unit)
        except UnitError:
            shown = " × ".join(unit or "1" for unit in units)
            sheet, number, code = place
            reason = _("物流“{0}”的因子单位相乘为 {1}，不能换算为平衡“{2}”的单位“{3}”；请检查因子的单位。")
            self.found.append(
                sheet.problem(number, code, reason.format(entry.code, shown, key, balance_unit))
            )
