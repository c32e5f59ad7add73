"""Energy in standard coal, CO2 and terajoules: physical quantity × coefficient, with the units checked by
pint so that a coefficient per kg applied to tonnes, or per kWh applied to m³, cannot slip through
(REFERENCE.md §6: store raw quantities, compute tce and tCO2 on the fly from coefficient data)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from cp_audit.errors import CalculationError
from cp_audit.i18n import N_, _
from cp_audit.models.base import CoefficientKind
from cp_audit.units import magnitude_in, parse_unit, product_in, quantity


class EnergyRow(NamedTuple):
    """One consumption figure of an energy carrier (a plain tuple in this order works as well)."""

    carrier_key: str
    value: float
    unit: str
    label: str


@dataclass(frozen=True)
class CarrierTotals:
    per_carrier: dict[str, float]
    total: float
    unit: str


# What each coefficient kind produces, and the message when a carrier has none (carrier, row).
_RESULT_UNITS = {
    CoefficientKind.tce: ("tce", N_("没有“{0}”的折标准煤系数（{1}）")),
    CoefficientKind.tce_equal_value: ("tce", N_("没有“{0}”的折标准煤系数（等价值）（{1}）")),
    CoefficientKind.co2: ("tCO2", N_("没有“{0}”的二氧化碳排放因子（{1}）")),
    CoefficientKind.energy_content: ("TJ", N_("没有“{0}”的热值（{1}）")),
}


def _product(value: float, unit: str, coef_value: float, coef_unit: str, result_unit: str,
             what: str) -> float:
    factor = _unit_factor(unit, coef_unit, result_unit)
    if factor is not None:  # what pint multiplies by, found once per combination of units
        return (value * coef_value) * factor
    product = quantity(value, unit, what) * quantity(coef_value, coef_unit, what)
    return magnitude_in(product, result_unit, what, shown_as=f"{unit} × {coef_unit}")


@functools.lru_cache(maxsize=4096)
def _unit_factor(unit: str, coef_unit: str, result_unit: str) -> float | None:
    """unit × coef_unit in result_unit as a plain factor; None when that fails (_product then repeats the
    conversion to raise the error with the record's name) or is not a plain multiplication."""
    try:
        one = magnitude_in(quantity(1.0, unit) * quantity(1.0, coef_unit), result_unit)
        zero = magnitude_in(quantity(0.0, unit) * quantity(1.0, coef_unit), result_unit)
    except Exception:  # noqa: BLE001 - the slow path raises it with the record's name
        return None
    return one if zero == 0.0 else None


def to_standard_coal(value: float, unit: str, coef_value: float, coef_unit: str, what: str,
                     result_unit: str = "tce") -> float:
    """value × coefficient in tce, e.g. kWh × kgce/kWh (REFERENCE.md §6.1)."""
    return _product(value, unit, coef_value, coef_unit, result_unit, what)


def to_co2(value: float, unit: str, coef_value: float, coef_unit: str, what: str,
           result_unit: str = "tCO2") -> float:
    """value × emission factor in tCO2, e.g. kWh × kgCO2/kWh (REFERENCE.md §6.2, §6.3)."""
    return _product(value, unit, coef_value, coef_unit, result_unit, what)


def _is_energy(unit: str, what: str) -> bool:
    return parse_unit(unit, what).dimensionality == parse_unit("J").dimensionality


def energy_tj(value: float, unit: str, energy_content_value: float | None = None,
              energy_content_unit: str | None = None, what: str = "") -> float:
    """The energy of a quantity in TJ: directly when it is energy (kWh, GJ), else × calorific value."""
    if _is_energy(unit, what):
        return magnitude_in(quantity(value, unit, what), "TJ", what, shown_as=unit)
    if energy_content_value is None or energy_content_unit is None:
        raise CalculationError(_("{0}：“{1}”不是能量单位，而且没有给出热值").format(what, unit))
    return _product(value, unit, energy_content_value, energy_content_unit, "TJ", what)


def carrier_totals(rows: Iterable[EnergyRow | tuple[str, float, str, str]],
                   coefficients: Mapping[str, tuple[float, str]], kind: str) -> CarrierTotals:
    """Per-carrier and total tce, tCO2 or TJ of energy rows, with coefficients by carrier key."""
    try:
        result_unit, missing_message = _RESULT_UNITS[CoefficientKind(kind)]
    except ValueError as error:
        raise CalculationError(_("未知的系数种类“{0}”").format(kind)) from error
    per_carrier: dict[str, float] = {}
    for row in rows:
        carrier, value, unit, label = EnergyRow(*row)
        figure = _row_figure(carrier, value, unit, label, coefficients, kind, missing_message)
        per_carrier[carrier] = per_carrier.get(carrier, 0.0) + figure
    return CarrierTotals(per_carrier=per_carrier, total=sum(per_carrier.values()), unit=result_unit)


def _row_figure(carrier: str, value: float, unit: str, label: str,
                coefficients: Mapping[str, tuple[float, str]], kind: str, missing_message: str) -> float:
    what = _("能源项目 {0}").format(label)
    coefficient = coefficients.get(carrier)
    energy_content = kind == CoefficientKind.energy_content
    if coefficient is None and not (energy_content and _is_energy(unit, what)):
        raise CalculationError(_(missing_message).format(carrier, what))
    if energy_content:
        return energy_tj(value, unit, *(coefficient or (None, None)), what=what)
    assert coefficient is not None  # checked above
    return _product(value, unit, *coefficient, _RESULT_UNITS[CoefficientKind(kind)][0], what)
