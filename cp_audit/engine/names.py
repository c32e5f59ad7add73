"""How formulas name the audit's data: items (electricity, ni_line.plated_area, total_outlet.COD), their
properties (niso4.ni_fraction), parameters (ni_density, test.plated_area), stream codes (W-05 as W_05)
and the engine's own totals (tce_total). One resolver per period or for the balance test."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pint

from cp_audit.calc.formula import formula_name
from cp_audit.models import (
    EmissionPoint,
    InventoryItem,
    InventoryValue,
    ItemProperty,
    Parameter,
    Period,
    ProductionLine,
)
from cp_audit.models.base import IndicatorScope
from cp_audit.services import AuditData
from cp_audit.units import quantity


class MissingValue(KeyError):
    """A known name that has no value in this period (not an error: the figure is just not available)."""


@dataclass(frozen=True)
class ItemRef:
    item: InventoryItem
    name: str


def item_names(data: AuditData) -> dict[str, InventoryItem]:
    """Formula name of every inventory item: line or point key, dot, item key; or the bare key."""
    lines = {line.id: line.key for line in data.rows(ProductionLine)}
    points = {point.id: point.key for point in data.rows(EmissionPoint)}
    names = {}
    for item in data.rows(InventoryItem):
        prefix = lines.get(item.line_id) or points.get(item.point_id)
        names[f"{prefix}.{item.key}" if prefix else item.key] = item
    return names


class AuditNames:
    """Everything formulas can read, indexed once per computation."""

    def __init__(self, data: AuditData):
        self.items = item_names(data)
        self.by_item_id = {item.id: name for name, item in self.items.items()}
        self.periods = {p.key: p for p in data.rows(Period)}
        self.values: dict[tuple[int, int], InventoryValue] = {
            (v.item_id, v.period_id): v for v in data.rows(InventoryValue)}
        self.properties = {f"{self.by_item_id[p.item_id]}.{p.key}": p for p in data.rows(ItemProperty)
                           if p.item_id in self.by_item_id}
        self.parameters = {p.key: p for p in data.rows(Parameter)}

    def replace_values(self, removed: list[InventoryValue], added: list[InventoryValue]) -> None:
        """Index changed values without rebuilding everything (old versions in `removed`, new in `added`)."""
        for value in removed:
            if self.values.get((value.item_id, value.period_id)) is not None and \
                    self.values[(value.item_id, value.period_id)].id == value.id:
                del self.values[(value.item_id, value.period_id)]
        for value in added:
            self.values[(value.item_id, value.period_id)] = value

    def item_quantity(self, name: str, period: Period) -> pint.Quantity:
        item = self.items[name]
        value = self.values.get((item.id, period.id))
        if value is None:
            raise MissingValue(name)
        return quantity(value.value, value.unit if value.unit is not None else item.unit, f"{name} ({period.key})")

    def item_value(self, name: str, period: Period) -> float | None:
        """The value in the item's own unit (None when it has none in that period)."""
        item = self.items[name]
        value = self.values.get((item.id, period.id))
        if value is None:
            return None
        factor = conversion_factor(value.unit if value.unit is not None else item.unit, item.unit)
        if factor is not None:  # a plain multiplication, as pint's conversion is, found once per pair of units
            return value.value * factor
        return self.item_quantity(name, period).to(quantity(1, item.unit).units).magnitude

    def known(self, name: str, extra: Mapping[str, object], scope: IndicatorScope) -> bool:
        if name in extra or name in self.parameters:
            return True
        return scope == IndicatorScope.period and (name in self.items or name in self.properties)

    def period_resolver(self, period: Period, builtins: Mapping[str, pint.Quantity]) -> Callable[[str], pint.Quantity]:
        def resolve(name: str) -> pint.Quantity:
            if name in builtins:
                return builtins[name]
            if name in self.items:
                return self.item_quantity(name, period)
            if name in self.properties:
                prop = self.properties[name]
                return quantity(prop.value, prop.unit, name)
            if name in self.parameters:
                parameter = self.parameters[name]
                return quantity(parameter.value, parameter.unit, name)
            raise KeyError(name)
        return resolve

    def balance_resolver(self, streams: Mapping[str, pint.Quantity]) -> Callable[[str], pint.Quantity]:
        def resolve(name: str) -> pint.Quantity:
            if name in streams:
                return streams[name]
            if name in self.parameters:
                parameter = self.parameters[name]
                return quantity(parameter.value, parameter.unit, name)
            raise KeyError(name)
        return resolve


@functools.lru_cache(maxsize=4096)
def conversion_factor(source: str, target: str) -> float | None:
    """The factor pint's conversion from `source` to `target` multiplies by; None when the conversion is not
    a plain multiplication (°C) or fails (item_value then repeats it to raise the error)."""
    try:
        one = quantity(1.0, source).to(quantity(1, target).units).magnitude
        zero = quantity(0.0, source).to(quantity(1, target).units).magnitude
    except Exception:  # noqa: BLE001 - any failure: the slow path raises it with the record's name
        return None
    return float(one) if zero == 0.0 else None


def stream_names(codes: Mapping[str, pint.Quantity]) -> dict[str, pint.Quantity]:
    """Stream quantities under their formula names (W-05 → W_05)."""
    return {formula_name(code): value for code, value in codes.items()}
