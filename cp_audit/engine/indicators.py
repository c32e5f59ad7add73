"""Indicators: the auditor's formulas evaluated per period and for the balance test, the standard
per-unit-product intensities, cleaner production targets (baseline, attainment) and the levels of the
industry evaluation index system (REFERENCE.md §6, §7; reference conventions target_attainment)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache

import pint

from cp_audit.calc import evaluation as ev
from cp_audit.calc.balances import check_typed_total
from cp_audit.calc.formula import Formula, parse_formula
from cp_audit.engine.context import Context, Problems
from cp_audit.engine.inventory import PeriodFigures
from cp_audit.engine.names import MissingValue
from cp_audit.errors import CalculationError
from cp_audit.i18n import N_, _, list_text
from cp_audit.models import EvaluationIndicator, EvaluationSystem, Indicator, Period, Target
from cp_audit.models.base import Direction, IndicatorScope, ItemCategory
from cp_audit.units import convert, magnitude_in, quantity, registry


@dataclass
class IndicatorValue:
    key: str
    name_zh: str
    unit: str
    value: float | None
    missing: str | None = None  # the name that has no value in this period


@dataclass
class TargetResult:
    code: str
    name_zh: str
    unit: str
    direction: str
    baseline: float | None
    baseline_computed: float | None
    baseline_entered: float | None
    baseline_differs: bool
    near_value: float | None
    near_change_pct: float | None
    long_value: float | None
    long_change_pct: float | None
    actual: float | None = None
    actual_change_pct: float | None = None
    near_attainment_pct: float | None = None
    near_met: bool | None = None
    long_attainment_pct: float | None = None
    long_met: bool | None = None


@dataclass
class LevelResult:
    key: str
    name_zh: str
    unit: str
    limiting: bool
    before: float | None
    level_before: str | None
    after: float | None
    level_after: str | None


@dataclass
class EvaluationSummary:
    system_key: str
    name_zh: str
    partial: bool
    indicators: list[LevelResult] = field(default_factory=list)
    composite_before: dict[str, float] | None = None
    level_before: str | None = None
    composite_after: dict[str, float] | None = None
    level_after: str | None = None


@lru_cache(maxsize=4096)
def _parsed(text: str, owner: str) -> Formula:
    return parse_formula(text, owner)


def parsed_formula(text: str, owner: str) -> Formula:
    """The formula as the engine reads it (parsed once per text)."""
    return _parsed(text, owner)


def _evaluate(ctx: Context, key: str, name_zh: str, unit: str, text: str, resolve, extra: dict,
              scope: IndicatorScope, problems: Problems) -> IndicatorValue:
    result = IndicatorValue(key, name_zh, unit, None)
    try:
        owner = _("指标 {0}").format(key)
        formula = _parsed(text, owner)
        unknown = sorted(n for n in formula.names if not ctx.names.known(n, extra, scope))
        if unknown:
            raise CalculationError(_("{0}：公式读取的 {1} 在审核中没有（请检查项目、参数或物流的编号）").format(
                owner, list_text(unknown)))
        result.value = magnitude_in(formula.evaluate(_missing_aware(resolve)), unit, owner)
    except _Missing as missing:
        result.missing = missing.name
    except CalculationError as exc:
        problems.add(exc.message)
    return result


class _Missing(Exception):
    def __init__(self, name: str):
        self.name = name


def _missing_aware(resolve):
    def wrapped(name: str) -> pint.Quantity:
        try:
            return resolve(name)
        except MissingValue as exc:
            raise _Missing(str(exc.args[0])) from None
    return wrapped


def period_builtins(ctx: Context, period: Period, figures: PeriodFigures, problems: Problems) -> dict[str, pint.Quantity]:
    """Names the engine provides to formulas: tce_total, tco2_total, operating_days, product_output."""
    builtins: dict[str, pint.Quantity] = {}
    for name, value, unit in (("tce_total", figures.tce_total, "tce"), ("tco2_total", figures.tco2_total, "tCO2"),
                              ("tce_equal_value_total", figures.tce_equal_value_total, "tce"),
                              ("operating_days", period.operating_days, "d")):
        if value is not None:
            builtins[name] = quantity(value, unit)
    product = product_output(ctx, period, builtins, problems)
    if product is not None:
        builtins["product_output"] = quantity(product.value, product.unit)
    return builtins


def product_output(ctx: Context, period: Period, builtins: dict, problems: Problems) -> IndicatorValue | None:
    info = ctx.info
    if not info.product_formula or not info.product_unit:
        return None
    resolve = ctx.names.period_resolver(period, builtins)
    value = _evaluate(ctx, "product_output", info.product_name_zh or "产品产量", info.product_unit,
                      info.product_formula, resolve, builtins, IndicatorScope.period, problems)
    return value if value.value is not None else None


def _ordered(ctx: Context, scope: IndicatorScope) -> list[Indicator]:
    return sorted((i for i in ctx.data.rows(Indicator) if i.scope == scope), key=lambda i: (i.position, i.id))


def _in_order(ctx: Context, scope: IndicatorScope, make_resolver, known: dict[str, pint.Quantity],
              problems: Problems) -> dict[str, IndicatorValue]:
    """Evaluate the scope's indicators in their order; each value becomes a name for the later formulas."""
    known = dict(known)
    values = {}
    for row in _ordered(ctx, scope):
        value = _evaluate(ctx, row.key, row.name_zh, row.unit, row.formula, make_resolver(known), known, scope,
                          problems)
        values[row.key] = value
        if value.value is not None:
            known[row.key] = quantity(value.value, row.unit)
    return values


def period_indicators(ctx: Context, period: Period, builtins: dict, problems: Problems) -> dict[str, IndicatorValue]:
    return _in_order(ctx, IndicatorScope.period, lambda known: ctx.names.period_resolver(period, known),
                     builtins, problems)


def balance_indicators(ctx: Context, streams: dict[str, pint.Quantity], problems: Problems) -> dict[str, IndicatorValue]:
    return _in_order(ctx, IndicatorScope.balance, ctx.names.balance_resolver, streams, problems)


def indicator_levels(ctx: Context, values: dict[str, IndicatorValue], problems: Problems) -> dict[str, str | None]:
    """The level of each indicator that names a benchmark of the audit's evaluation system (§7.3)."""
    benchmarks = {r.key: r for r in ctx.data.rows(EvaluationIndicator)
                  if r.system_id == ctx.info.evaluation_system_id}
    levels = {}
    for row in ctx.data.rows(Indicator):
        benchmark = benchmarks.get(row.benchmark_key or "")
        value = values.get(row.key)
        if benchmark is None or value is None or value.value is None:
            continue
        shown = problems.attempt(lambda: convert(value.value, value.unit, benchmark.unit, _("指标 {0}").format(row.key)))
        levels[row.key] = _level(benchmark, shown, problems) if shown is not None else None
    return levels


INTENSITY_NAMES = {  # msgids: the engine's results stay in the source language; views translate them
    "tce": N_("单位产品综合能耗（当量值）"), "tce_equal_value": N_("单位产品综合能耗（等价值）"),
    "tco2": N_("单位产品二氧化碳排放量"), "fresh_water": N_("单位产品新鲜水耗"),
    "wastewater": N_("单位产品废水产生量"), "hazardous_waste": N_("单位产品危险废物产生量"),
}


def intensities(ctx: Context, figures: PeriodFigures, builtins: dict) -> dict[str, IndicatorValue]:
    """Standard per-unit-product figures of a period (per the audit's product output, e.g. per 万m²)."""
    product = builtins.get("product_output")
    if product is None or product.magnitude == 0:
        return {}
    per = ctx.info.product_unit
    totals = {"tce": (figures.tce_total, "tce"), "tce_equal_value": (figures.tce_equal_value_total, "tce"),
              "tco2": (figures.tco2_total, "tCO2")}
    for key, category in (("fresh_water", ItemCategory.water), ("wastewater", ItemCategory.wastewater),
                          ("hazardous_waste", ItemCategory.hazardous_waste)):
        by_unit = figures.category_totals.get(category.value, {})
        if len(by_unit) == 1:
            (unit, value), = by_unit.items()
            totals[key] = (value, unit)
    result = {}
    for key, (value, unit) in totals.items():
        if value is None:
            continue
        shown_unit = f"{unit}/{per}"
        amount = quantity(value, unit) / product
        result[key] = IndicatorValue(f"intensity.{key}", INTENSITY_NAMES[key], shown_unit,
                                     magnitude_in(amount, shown_unit, key))
    return result


def item_intensities(ctx: Context, figures: PeriodFigures, builtins: dict) -> dict[str, IndicatorValue]:
    """Every plant-level item per unit of product (e.g. each hazardous waste in t/万m²)."""
    product = builtins.get("product_output")
    if product is None or product.magnitude == 0:
        return {}
    result = {}
    for name, value in figures.values.items():
        item = ctx.names.items[name]
        if item.line_id is not None or item.point_id is not None or not item.unit:
            continue
        unit = f"{item.unit}/{ctx.info.product_unit}"
        factor = _per_unit_factor(item.unit, product.units, unit)
        if factor is not None:  # what pint multiplies by, found once per pair of units
            shown = (value / product.magnitude) * factor
        else:
            shown = magnitude_in(quantity(value, item.unit) / product, unit, name)
        result[name] = IndicatorValue(name, item.name_zh, unit, shown)
    return result


@lru_cache(maxsize=4096)
def _per_unit_factor(unit: str, product_units: pint.Unit, shown_unit: str) -> float | None:
    """(1 unit / 1 product unit) in shown_unit; None when it fails or is not a plain multiplication."""
    try:
        product = registry().Quantity(1.0, product_units)
        one = magnitude_in(quantity(1.0, unit) / product, shown_unit)
        zero = magnitude_in(quantity(0.0, unit) / product, shown_unit)
    except Exception:  # noqa: BLE001 - the slow path raises it with the item's name
        return None
    return one if zero == 0.0 else None


def discharge_ratio(figures: PeriodFigures) -> float | None:
    """排水率 = wastewater / fresh water intake × 100 (REFERENCE.md §4.3)."""
    water = figures.category_totals.get(ItemCategory.water.value, {})
    waste = figures.category_totals.get(ItemCategory.wastewater.value, {})
    if len(water) != 1 or len(waste) != 1:
        return None
    (water_unit, intake), = water.items()
    (waste_unit, discharged), = waste.items()
    if intake == 0:
        return None
    return convert(discharged, waste_unit, water_unit, "discharge ratio") / intake * 100


def change_pct(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return (after - before) / before * 100


def _met(direction: Direction, actual: float, target: float) -> bool:
    return actual <= target if direction == Direction.le else actual >= target


def _attainment(direction: Direction, baseline: float, actual: float, target: float) -> float | None:
    """Achieved improvement / targeted improvement × 100, uncapped (reference conventions)."""
    planned = baseline - target if direction == Direction.le else target - baseline
    achieved = baseline - actual if direction == Direction.le else actual - baseline
    return achieved / planned * 100 if planned else None


def targets(ctx: Context, by_period: dict[str, dict[str, IndicatorValue]], problems: Problems) -> list[TargetResult]:
    indicators = {i.id: i for i in ctx.data.rows(Indicator)}
    after_key = ctx.info.verification_period_key
    results = []
    for t in ctx.data.rows(Target):
        indicator = indicators.get(t.indicator_id)
        computed = _indicator_in(by_period, indicator, t.baseline_period_key, t.unit, problems)
        baseline = computed if computed is not None else t.baseline_entered
        differs = (computed is not None and t.baseline_entered is not None and
                   check_typed_total(t.baseline_entered, computed, t.code, rel_tol=5e-3) is not None)
        result = TargetResult(t.code, t.name_zh, t.unit, t.direction.value, baseline, computed, t.baseline_entered,
                              differs, t.near_value, change_pct(baseline, t.near_value), t.long_value,
                              change_pct(baseline, t.long_value))
        actual = _indicator_in(by_period, indicator, after_key, t.unit, problems)
        if actual is not None and baseline is not None and t.direction != Direction.info:
            result.actual, result.actual_change_pct = actual, change_pct(baseline, actual)
            if t.near_value is not None:
                result.near_attainment_pct = _attainment(t.direction, baseline, actual, t.near_value)
                result.near_met = _met(t.direction, actual, t.near_value)
            if t.long_value is not None:
                result.long_attainment_pct = _attainment(t.direction, baseline, actual, t.long_value)
                result.long_met = _met(t.direction, actual, t.long_value)
        results.append(result)
    return results


def _indicator_in(by_period, indicator, period_key, unit: str, problems: Problems) -> float | None:
    if indicator is None or not period_key or period_key not in by_period:
        return None
    value = by_period[period_key].get(indicator.key)
    if value is None or value.value is None:
        return None
    return problems.attempt(lambda: convert(value.value, value.unit, unit, _("指标 {0}").format(indicator.key)))


LEVEL_KEYS = {ev.Level.I: "I", ev.Level.II: "II", ev.Level.III: "III", ev.Level.BELOW_III: "below_III"}


def evaluation(ctx: Context, by_period: dict[str, dict[str, IndicatorValue]], problems: Problems) -> EvaluationSummary | None:
    """Each bound indicator's level before (baseline) and after (verification), and the composite index
    when the system carries its first-level groups (§7.3)."""
    system = next((s for s in ctx.data.rows(EvaluationSystem) if s.id == ctx.info.evaluation_system_id), None)
    if system is None:
        return None
    rows = [i for i in ctx.data.rows(EvaluationIndicator) if i.system_id == system.id]
    summary = EvaluationSummary(system.key, system.name_zh, system.partial)
    before_values, after_values = {}, {}
    for row in rows:
        before = _bound_value(ctx, by_period, row, ctx.info.baseline_period_key, problems)
        after = _bound_value(ctx, by_period, row, ctx.info.verification_period_key, problems)
        summary.indicators.append(LevelResult(row.key, row.name_zh, row.unit, row.limiting, before,
                                              _level(row, before, problems), after, _level(row, after, problems)))
        if before is not None:
            before_values[row.key] = before
        if after is not None:
            after_values[row.key] = after
    calc_system = _calc_system(system, rows)
    if calc_system is not None:
        summary.composite_before, summary.level_before = _composite(calc_system, rows, before_values, problems)
        summary.composite_after, summary.level_after = _composite(calc_system, rows, after_values, problems)
    return summary


def _bound_value(ctx, by_period, row: EvaluationIndicator, period_key, problems) -> float | None:
    indicators = {i.key: i for i in ctx.data.rows(Indicator)}
    return _indicator_in(by_period, indicators.get(row.indicator_key), period_key, row.unit, problems)


def _level(row: EvaluationIndicator, value: float | None, problems: Problems) -> str | None:
    if value is None or row.descriptive:
        return LEVEL_KEYS[ev.Level(row.assessed_level)] if row.assessed_level else None
    level = problems.attempt(lambda: ev.indicator_level(value, row.direction.value,
                                                       (row.level_1, row.level_2, row.level_3), row.name_zh))
    return LEVEL_KEYS[level] if level is not None else None


def _calc_system(system: EvaluationSystem, rows: list[EvaluationIndicator]) -> ev.EvaluationSystem | None:
    """The composite index needs first-level groups and weights; a system without them gives levels only."""
    if not rows or any(r.group_key is None or r.group_weight is None for r in rows):
        return None
    groups: dict[str, list[EvaluationIndicator]] = {}
    for row in rows:
        groups.setdefault(row.group_key, []).append(row)
    calc_groups = tuple(
        ev.IndicatorGroup(key, members[0].group_zh or key, members[0].group_weight, tuple(
            ev.IndicatorSpec(r.key, r.name_zh, "descriptive" if r.descriptive else r.direction.value,
                             (r.level_1, r.level_2, r.level_3), r.weight, r.pool, r.limiting, r.unit)
            for r in members), {r.pool: r.pool_weight for r in members if r.pool})
        for key, members in groups.items())
    rules = tuple(ev.LevelRule(ev.Level.from_key(r["level"]), r["min_index"],
                               ev.Level.from_key(r["limiting_min_level"]) if r.get("limiting_min_level") else None,
                               ev.Level.from_key(r["others_min_level"]) if r.get("others_min_level") else None)
                  for r in json.loads(system.rules_json or "[]")) or DEFAULT_RULES
    return ev.EvaluationSystem(system.key, system.name_zh, calc_groups, rules, partial=system.partial)


#: REFERENCE.md §7.3 level rules, used when a system does not state its own.
DEFAULT_RULES = (ev.LevelRule(ev.Level.I, 85, ev.Level.I), ev.LevelRule(ev.Level.II, 85, ev.Level.II),
                 ev.LevelRule(ev.Level.III, 100))


def _composite(system: ev.EvaluationSystem, rows, values: dict[str, float], problems: Problems):
    assessed = {r.key: ev.Level(r.assessed_level) for r in rows if r.descriptive and r.assessed_level}
    missing = [r.key for r in rows if r.applicable and r.key not in values and r.key not in assessed]
    if missing:
        return None, None
    not_applicable = [r.key for r in rows if not r.applicable]
    result = problems.attempt(lambda: ev.evaluate(system, {k: v for k, v in values.items() if k not in not_applicable},
                                                  assessed, not_applicable))
    if result is None:
        return None, None
    return {LEVEL_KEYS[k]: v for k, v in result.indices.items()}, LEVEL_KEYS[result.level]


def finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
