"""Figures of each period from the multi-year data (预评估): energy in standard coal and CO2, costs,
pollutant loads and compliance with the applied discharge limits (REFERENCE.md §6, reference B2)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cp_audit.calc.energy import to_co2, to_standard_coal
from cp_audit.engine.context import Context, Problems
from cp_audit.errors import CalculationError
from cp_audit.i18n import _
from cp_audit.models import DischargeLimit, DischargeStandard, EmissionPoint, InventoryItem, Period
from cp_audit.models.base import ItemCategory, PeriodKind, PointKind
from cp_audit.units import convert, magnitude_in, product_in, quantity


@dataclass
class CarrierFigure:
    """One energy carrier in one period: physical quantity, 当量值 tce, 等价值 tce, tCO2, cost."""

    name: str
    carrier_key: str
    name_zh: str
    quantity: float
    unit: str
    tce: float | None = None
    tce_equal_value: float | None = None
    tco2: float | None = None
    cost: float | None = None


@dataclass
class LoadFigure:
    """A pollutant's annual load at an outlet or stack: concentration × volume (or flow × hours)."""

    name: str
    param: str
    name_zh: str
    point_key: str
    concentration: float
    unit: str
    volume: float | None
    load_kg: float | None


@dataclass
class PeriodFigures:
    key: str
    label_zh: str
    full_year: bool
    operating_days: float | None
    operating_hours: float | None = None
    values: dict[str, float] = field(default_factory=dict)  # item name -> value in the item's unit
    element_inputs: dict[str, dict[str, float]] = field(default_factory=dict)  # element -> item -> kg
    energy: list[CarrierFigure] = field(default_factory=list)
    tce_total: float | None = None
    tce_equal_value_total: float | None = None
    tco2_total: float | None = None
    costs: dict[str, dict[str, float]] = field(default_factory=dict)  # category -> item name -> cost
    cost_totals: dict[str, float] = field(default_factory=dict)
    category_totals: dict[str, dict[str, float]] = field(default_factory=dict)  # category -> unit -> total
    loads: list[LoadFigure] = field(default_factory=list)


@dataclass
class ComplianceFigure:
    name: str
    param: str
    name_zh: str
    value: float
    unit: str
    limit_min: float | None
    limit_max: float | None
    ratio: float | None
    complies: bool
    standard_key: str
    applied: bool


def period_figures(ctx: Context, period: Period, problems: Problems) -> PeriodFigures:
    figures = PeriodFigures(period.key, period.label_zh, period.kind == PeriodKind.full_year,
                            period.operating_days, ctx.operating_hours(period))
    figures.values = {name: value for name in ctx.names.items
                      if (value := ctx.names.item_value(name, period)) is not None}
    with problems.section(f"element inputs {period.key}"):
        figures.element_inputs = _element_inputs(ctx, figures, problems)
    with problems.section(f"energy {period.key}"):
        _energy(ctx, period, figures, problems)
    _costs(ctx, period, figures, problems)
    _category_totals(ctx, period, figures)
    with problems.section(f"loads {period.key}"):
        figures.loads = _loads(ctx, period, problems)
    return figures


FRACTION_SUFFIX = "_fraction"


def _element_inputs(ctx: Context, figures: PeriodFigures, problems: Problems) -> dict[str, dict[str, float]]:
    """Mass of an element brought in by each material: quantity × its mass fraction property (e.g. the Ni
    in nickel salts from `ni_fraction`), in kg."""
    result: dict[str, dict[str, float]] = {}
    for key, prop in ctx.names.properties.items():
        item_name, _dot, prop_key = key.rpartition(".")
        if not prop_key.endswith(FRACTION_SUFFIX) or item_name not in figures.values:
            continue
        element = prop_key[: -len(FRACTION_SUFFIX)]
        item = ctx.names.items[item_name]
        amount = problems.attempt(lambda: product_in((figures.values[item_name], prop.value), (item.unit, prop.unit),
                                                     "kg", f"{element} in {item.name_zh}"))
        if amount is not None:
            result.setdefault(element, {})[item_name] = amount
    return result


def _energy(ctx: Context, period: Period, figures: PeriodFigures, problems: Problems) -> None:
    for name, item in ctx.names.items.items():
        if item.category != ItemCategory.energy or item.part_of_id is not None:
            continue
        value = ctx.names.item_value(name, period)
        if value is None:
            continue
        carrier = item.carrier_key or item.key
        figure = CarrierFigure(name, carrier, item.name_zh, value, item.unit)
        what = _("{0}（{1}）").format(item.name_zh, period.key)
        figure.tce = problems.attempt(lambda: _coefficient_product(ctx.tce, carrier, value, item.unit, what, "tce"))
        figure.tco2 = problems.attempt(lambda: _coefficient_product(ctx.co2, carrier, value, item.unit, what, "tco2"))
        if ctx.tce_equal_value:
            figure.tce_equal_value = problems.attempt(
                lambda: _coefficient_product(ctx.tce_equal_value, carrier, value, item.unit, what, "tce"))
        figures.energy.append(figure)
    figures.tce_total = _sum_or_none([f.tce for f in figures.energy])
    figures.tco2_total = _sum_or_none([f.tco2 for f in figures.energy])
    if ctx.tce_equal_value:
        figures.tce_equal_value_total = _sum_or_none([f.tce_equal_value for f in figures.energy])


def _coefficient_product(table: dict[str, tuple[float, str]] | None, carrier: str, value: float, unit: str,
                         what: str, kind: str) -> float:
    tce = kind == "tce"
    if table is None:
        message = (_("{0}：本审核没有选定折标准煤系数集；请在“系数集”中选择") if tce
                   else _("{0}：本审核没有选定二氧化碳排放因子集；请在“系数集”中选择"))
        raise CalculationError(message.format(what))
    if carrier not in table:
        message = (_("{0}：本审核的系数集中没有“{1}”的折标准煤系数；请在“系数集”中添加") if tce
                   else _("{0}：本审核的系数集中没有“{1}”的二氧化碳排放因子；请在“系数集”中添加"))
        raise CalculationError(message.format(what, carrier))
    coef_value, coef_unit = table[carrier]
    convert_to = to_standard_coal if kind == "tce" else to_co2
    return convert_to(value, unit, coef_value, coef_unit, what)


def _sum_or_none(values: list[float | None]) -> float | None:
    if not values or any(v is None for v in values):
        return None
    return math.fsum(values)


def _costs(ctx: Context, period: Period, figures: PeriodFigures, problems: Problems) -> None:
    """Costs at the item's price, only in the period the price belongs to (prices change every year)."""
    for name, item in ctx.names.items.items():
        if item.price is None or not item.price_unit or item.price_period_key != period.key or item.part_of_id:
            continue
        value = ctx.names.item_value(name, period)
        if value is None:
            continue
        cost = problems.attempt(lambda: item_cost(item, value))
        if cost is not None:
            figures.costs.setdefault(item.category.value, {})[name] = cost
    figures.cost_totals = {category: math.fsum(costs.values()) for category, costs in figures.costs.items()}
    if figures.energy and ItemCategory.energy.value in figures.costs:
        for carrier in figures.energy:
            carrier.cost = figures.costs[ItemCategory.energy.value].get(carrier.name)


def item_cost(item: InventoryItem, value: float) -> float:
    """value (in the item's unit) × price, converting the amount into the price's unit (CNY/t, CNY/kWh)."""
    _currency, _sep, per = item.price_unit.partition("/")
    return convert(value, item.unit, per.strip(), _("{0} 的价格").format(item.name_zh)) * item.price


def _category_totals(ctx: Context, period: Period, figures: PeriodFigures) -> None:
    """Plant totals per category and unit; items that are part of another item are not added twice."""
    for name, item in ctx.names.items.items():
        if item.part_of_id is not None or item.line_id is not None or item.point_id is not None:
            continue
        value = ctx.names.item_value(name, period)
        if value is None:
            continue
        per_unit = figures.category_totals.setdefault(item.category.value, {})
        per_unit[item.unit] = per_unit.get(item.unit, 0.0) + value


def _loads(ctx: Context, period: Period, problems: Problems) -> list[LoadFigure]:
    points = {p.id: p for p in ctx.data.rows(EmissionPoint)}
    loads = []
    for name, item in ctx.names.items.items():
        point = points.get(item.point_id)
        if point is None or item.category not in (ItemCategory.water_pollutant, ItemCategory.air_pollutant):
            continue
        concentration = ctx.names.item_value(name, period)
        if concentration is None or not item.unit:
            continue
        volume, load = problems.attempt(lambda: _load(ctx, period, point, concentration, item)) or (None, None)
        loads.append(LoadFigure(name, item.key, item.name_zh, point.key, concentration, item.unit, volume, load))
    return loads


def _load(ctx: Context, period: Period, point: EmissionPoint, concentration: float,
          item: InventoryItem) -> tuple[float | None, float | None]:
    """Water: conc × the outlet's volume in the period; air: conc × flow × operating hours (reference B2)."""
    what = _("{0}（{1}，{2}）").format(item.name_zh, point.name_zh, period.key)
    if point.kind == PointKind.water_outlet:
        name = point.volume_item_key
        if not name or name not in ctx.names.items or ctx.names.item_value(name, period) is None:
            return None, None
        volume = ctx.names.item_quantity(name, period)
    else:
        hours = ctx.operating_hours(period)
        if point.flow_value is None or not point.flow_unit or hours is None:
            return None, None
        volume = quantity(point.flow_value, point.flow_unit, what) * quantity(hours, "h")
    load = quantity(concentration, item.unit, what) * volume
    return magnitude_in(volume, "m3", what), magnitude_in(load, "kg", what)


def compliance(ctx: Context, period: Period) -> list[ComplianceFigure]:
    """Each measured pollutant of the period against every standard with a limit for it; `applied` marks
    the compliance basis, the others are shown for comparison (e.g. GB 21900 表2 beside 表3)."""
    standards = {s.id: s for s in ctx.data.rows(DischargeStandard)}
    limits = ctx.data.rows(DischargeLimit)
    result = []
    for name, item in ctx.names.items.items():
        if item.category not in (ItemCategory.water_pollutant, ItemCategory.air_pollutant):
            continue
        value = ctx.names.item_value(name, period)
        if value is None:
            continue
        water = item.category == ItemCategory.water_pollutant
        for limit in limits:
            standard = standards[limit.standard_id]
            if limit.param == item.key and (standard.medium.value == "water") == water:
                result.append(_check_limit(name, item, value, limit, standard))
    return result


def _check_limit(name: str, item: InventoryItem, value: float, limit: DischargeLimit,
                 standard: DischargeStandard) -> ComplianceFigure:
    shown = value if not limit.unit or not item.unit else convert(value, item.unit, limit.unit, name)
    ratio = shown / limit.limit_max if limit.limit_max else None
    complies = ((limit.limit_max is None or shown <= limit.limit_max)
                and (limit.limit_min is None or shown >= limit.limit_min))
    return ComplianceFigure(name, item.key, item.name_zh, shown, limit.unit, limit.limit_min, limit.limit_max, ratio,
                            complies, standard.key, standard.applied)
