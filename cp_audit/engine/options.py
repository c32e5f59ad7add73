"""Phases 4–6 figures: cost class (无/低费, 中/高费), tallies by aspect, class, screening and status, effects in
tce and tCO2, weighted-sum screening, the economic evaluation of each option with feasibility inputs
(expected, and actual once implemented) and the totals of what was implemented (REFERENCE.md §2.2, §3, §5)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from cp_audit.calc import economics, scoring
from cp_audit.calc.balances import check_typed_total
from cp_audit.calc.energy import to_co2, to_standard_coal
from cp_audit.engine.context import Context, Problems
from cp_audit.i18n import N_, _
from cp_audit.models import (
    CashFlowYear,
    CashItem,
    Criterion,
    MonitoringRecord,
    Option,
    OptionEffect,
    OptionScore,
)
from cp_audit.models.base import Aspect, CashKind, CriterionScope, EffectBasis, OptionStatus, Screening
from cp_audit.units import product_in


@dataclass
class Effects:
    """Annual effects by resource (positive = saving or reduction), with their tce and tCO2."""

    values: dict[str, float] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    tce: float = 0.0
    tco2: float = 0.0
    tce_by_resource: dict[str, float] = field(default_factory=dict)
    tco2_by_resource: dict[str, float] = field(default_factory=dict)

    def add(self, other: Effects) -> None:
        for key, value in other.values.items():
            self.values[key] = self.values.get(key, 0.0) + value
            self.units.setdefault(key, other.units[key])
        for mine, theirs in ((self.tce_by_resource, other.tce_by_resource), (self.tco2_by_resource, other.tco2_by_resource)):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0.0) + value
        self.tce += other.tce
        self.tco2 += other.tco2


@dataclass
class OptionFigures:
    code: str
    title_zh: str
    aspect: str
    cost_class: str  # scoring.CostClass value
    screening: str | None
    status: str
    investment: float | None
    expected_savings: float | None
    simple_payback: float | None
    expected: Effects
    actual: Effects | None
    actual_investment: float | None
    actual_savings: float | None
    actual_payback: float | None
    investment_variance_pct: float | None
    savings_variance_pct: float | None
    depreciation_years: float | None = None
    life_years: int | None = None
    tax_rate: float | None = None
    discount_rate: float | None = None
    economics: economics.EconomicResult | None = None
    post_economics: economics.EconomicResult | None = None


@dataclass
class MonitoringFigure:
    """实施前后监测: a before/after pair, direct or numerator/denominator (then also its inverse, e.g. a
    chiller's COP from its kWh per kWh of cooling)."""

    option: str | None
    indicator_zh: str
    unit: str
    before: float | None
    after: float | None
    change: float | None
    change_pct: float | None
    inverse_before: float | None = None
    inverse_after: float | None = None


@dataclass
class Tally:
    count: int
    codes: list[str]
    investment: float
    savings: float
    savings_missing: int
    effects: Effects
    actual_investment: float = 0.0
    actual_savings: float = 0.0
    actual_effects: Effects | None = None


@dataclass
class OptionsFigures:
    options: dict[str, OptionFigures] = field(default_factory=dict)
    by_aspect: dict[str, Tally] = field(default_factory=dict)
    by_class: dict[str, Tally] = field(default_factory=dict)
    by_screening: dict[str, Tally] = field(default_factory=dict)
    by_status: dict[str, Tally] = field(default_factory=dict)
    class_by_screening: dict[str, dict[str, int]] = field(default_factory=dict)
    class_by_status: dict[str, dict[str, int]] = field(default_factory=dict)
    all_options: Tally | None = None
    retained: Tally | None = None
    retained_by_class: dict[str, Tally] = field(default_factory=dict)
    implemented: Tally | None = None
    implemented_by_class: dict[str, Tally] = field(default_factory=dict)
    implementation_rate_pct: float | None = None
    implementation_rate_retained_pct: float | None = None
    screening: scoring.WeightedSum | None = None
    screening_weights: dict[str, float] = field(default_factory=dict)
    monitoring: list[MonitoringFigure] = field(default_factory=list)


def options_figures(ctx: Context, problems: Problems) -> OptionsFigures:
    result = OptionsFigures()
    thresholds = cost_thresholds(ctx)
    effects = _effects_by_option(ctx, problems)
    cash = _cash_by_option(ctx)
    options = ctx.data.rows(Option)
    for option in options:
        with problems.section(f"option {option.code}"):
            result.options[option.code] = _option(ctx, option, thresholds, effects, cash, problems)
    finish_options(ctx, result, options, problems)
    return result


def cost_thresholds(ctx: Context) -> scoring.CostThresholds:
    return scoring.CostThresholds(ctx.info.low_cost_max, ctx.info.medium_cost_max)


def finish_options(ctx: Context, result: OptionsFigures, options: list[Option], problems: Problems,
                   tallies: TallyCache | None = None) -> None:
    """What follows from all the options together: tallies, the weighted screening, the monitoring."""
    _tallies(result, options, tallies.tally if tallies is not None else _tally)
    with problems.section("option screening"):
        result.screening_weights = {c.key: c.weight for c in ctx.data.rows(Criterion) if c.scope == CriterionScope.option}
        result.screening = _screening(ctx)
    codes = {o.id: o.code for o in options}
    with problems.section("monitoring"):
        result.monitoring = [m for m in (_monitoring(row, codes, problems) for row in ctx.data.rows(MonitoringRecord))
                             if m is not None]


def _monitoring(row: MonitoringRecord, codes: dict[int, str], problems: Problems) -> MonitoringFigure | None:
    what = _("监测指标 {0}").format(row.indicator_zh)
    before = problems.attempt(lambda: _side(row.before_value, row.before_num, row.before_den, row, what))
    after = problems.attempt(lambda: _side(row.after_value, row.after_num, row.after_den, row, what))
    change = after - before if before is not None and after is not None else None
    figure = MonitoringFigure(codes.get(row.option_id), row.indicator_zh, row.unit, before, after, change,
                              change / before * 100 if change is not None and before else None)
    if row.before_num is not None and not row.num_unit:
        figure.inverse_before = 1 / before if before else None
        figure.inverse_after = 1 / after if after else None
    return figure


def _side(value: float | None, num: float | None, den: float | None, row: MonitoringRecord, what: str) -> float | None:
    """A direct value, or num/den — converted into the record's unit when both have units (m³/d ÷ m²/d → L/m²)."""
    if value is not None:
        return value
    if num is None or den is None or den == 0:
        return None
    if row.num_unit and row.den_unit:
        return product_in((num, 1 / den), (row.num_unit, f"1/({row.den_unit})"), row.unit, what)
    return num / den


def _effects_by_option(ctx: Context, problems: Problems) -> dict[tuple[int, EffectBasis], Effects]:
    found: dict[tuple[int, EffectBasis], Effects] = {}
    codes = {o.id: o.code for o in ctx.data.rows(Option)}
    for effect in ctx.data.rows(OptionEffect):
        add_effect(ctx, found, effect, codes, problems)
    finish_effects(found)
    return found


def add_effect(ctx: Context, found: dict[tuple[int, EffectBasis], Effects], effect: OptionEffect,
               codes: dict[int, str], problems: Problems) -> None:
    """Add one effect row to its option's bucket, with its tce and tCO2."""
    bucket = found.setdefault((effect.option_id, effect.basis), Effects())
    key = effect.resource_key
    bucket.values[key] = bucket.values.get(key, 0.0) + effect.value
    bucket.units[key] = effect.unit
    what = _("方案 {0}（{1}）{2}").format(codes.get(effect.option_id), _(effect.basis.label), key)
    for table, into, convert, unit in ((ctx.tce, bucket.tce_by_resource, to_standard_coal, "tce/a"),
                                       (ctx.co2, bucket.tco2_by_resource, to_co2, "tCO2/a")):
        if table and key in table:
            figure = problems.attempt(lambda: convert(effect.value, effect.unit, *table[key], what, unit))
            if figure is not None:
                into[key] = into.get(key, 0.0) + figure


def finish_effects(found: dict[tuple[int, EffectBasis], Effects]) -> None:
    for bucket in found.values():
        bucket.tce = math.fsum(bucket.tce_by_resource.values())
        bucket.tco2 = math.fsum(bucket.tco2_by_resource.values())


def _cash_by_option(ctx: Context, items: list[CashItem] | None = None) -> dict[tuple[int, EffectBasis], list[CashItem]]:
    found: dict[tuple[int, EffectBasis], list[CashItem]] = {}
    for item in sorted(ctx.data.rows(CashItem) if items is None else items, key=lambda c: (c.position, c.id)):
        found.setdefault((item.option_id, item.basis), []).append(item)
    return found


def _variance(expected: float | None, actual: float | None) -> float | None:
    if expected is None or actual is None or expected == 0:
        return None
    return (actual - expected) / expected * 100


def _option(ctx: Context, option: Option, thresholds, effects, cash, problems: Problems) -> OptionFigures:
    cost_class = scoring.classify_cost(option.investment, thresholds, _("方案 {0}").format(option.code)).cost_class
    actual_effects = effects.get((option.id, EffectBasis.actual))
    implemented = option.status == OptionStatus.implemented
    figures = OptionFigures(
        option.code, option.title_zh, option.aspect.value, cost_class.value,
        option.screening.value if option.screening else None, option.status.value, option.investment,
        option.expected_savings, economics.simple_payback(option.investment or 0.0, option.expected_savings, option.code)
        if option.investment is not None else None,
        effects.get((option.id, EffectBasis.expected), Effects()), actual_effects,
        option.actual_investment, option.actual_savings,
        economics.simple_payback(option.actual_investment, option.actual_savings, option.code)
        if implemented and option.actual_investment is not None else None,
        _variance(option.investment, option.actual_investment) if implemented else None,
        _variance(option.expected_savings, option.actual_savings) if implemented else None)
    if option.depreciation_years and option.life_years:
        figures.depreciation_years, figures.life_years = option.depreciation_years, option.life_years
        figures.tax_rate = option.tax_rate if option.tax_rate is not None else ctx.info.tax_rate
        figures.discount_rate = option.discount_rate if option.discount_rate is not None else ctx.info.discount_rate
        figures.economics = problems.attempt(lambda: _economics(ctx, option, cash, EffectBasis.expected, problems))
        if implemented and option.actual_investment is not None:
            figures.post_economics = problems.attempt(lambda: _economics(ctx, option, cash, EffectBasis.actual, problems))
    return figures


def _economics(ctx: Context, option: Option, cash, basis: EffectBasis, problems: Problems) -> economics.EconomicResult:
    lines = cash.get((option.id, basis), [])
    by_kind = {kind: [_cash_line(line) for line in lines if line.kind == kind] for kind in CashKind}
    expected = basis == EffectBasis.expected
    investment = option.investment if expected else option.actual_investment
    savings = option.expected_savings if expected else option.actual_savings
    terms = dict(depreciation_years=option.depreciation_years, life_years=option.life_years,
                 tax_rate=option.tax_rate if option.tax_rate is not None else ctx.info.tax_rate,
                 discount_rate=option.discount_rate if option.discount_rate is not None else ctx.info.discount_rate,
                 cash_flows=_cash_flows(ctx, option) if expected else None)
    record = (_("方案 {0}（预期）") if expected else _("方案 {0}（实际）")).format(option.code)
    if by_kind[CashKind.saving] or by_kind[CashKind.added_cost]:
        inputs = economics.inputs_from_lines(record, investment_lines=by_kind[CashKind.investment] or
                                             [economics.CashLine("investment", investment or 0.0)],
                                             savings_lines=by_kind[CashKind.saving],
                                             added_cost_lines=by_kind[CashKind.added_cost], **terms)
        _compare(N_("{0}：填写的投资（{1:,.2f}）与各项之和（{2:,.2f}）不一致"), record, investment, inputs.investment,
                 problems)
        _compare(N_("{0}：填写的年节省（{1:,.2f}）与各项之和（{2:,.2f}）不一致"), record, savings, inputs.net_savings,
                 problems)
        if not by_kind[CashKind.investment] and investment is not None:
            inputs = economics.EconomicInputs(record, investment, inputs.net_savings, savings_lines=inputs.savings_lines,
                                              added_cost_lines=inputs.added_cost_lines, **terms)
    else:
        inputs = economics.EconomicInputs(record, investment or 0.0, savings or 0.0, **terms)
    result = economics.evaluate(inputs)
    if inputs.savings_lines or inputs.added_cost_lines:
        # With a cash breakdown, a kind without lines totals 0 (F8 saves without added costs); calc leaves
        # it None, which reads as "no breakdown given".
        result = dataclasses.replace(
            result, savings_total=0.0 if result.savings_total is None else result.savings_total,
            added_costs_total=0.0 if result.added_costs_total is None else result.added_costs_total)
    return result


def _cash_line(line: CashItem) -> economics.CashLine:
    if line.amount is not None:
        return economics.CashLine(line.item_zh, line.amount)
    return economics.CashLine.priced(line.item_zh, line.quantity or 0.0, line.unit_price or 0.0)


def _cash_flows(ctx: Context, option: Option) -> tuple[float, ...] | None:
    years = sorted((c.year, c.amount) for c in ctx.data.rows(CashFlowYear) if c.option_id == option.id)
    if not years:
        return None
    return tuple(amount for _year, amount in years)


def _compare(message: str, record: str, typed: float | None, computed: float, problems: Problems) -> None:
    """A total typed on the option that disagrees with its breakdown is flagged (REFERENCE.md §4.2 spirit).
    `message` is a msgid taking the record, the typed total and the sum of the lines."""
    if typed is None:
        return
    discrepancy = check_typed_total(typed, computed, record, rel_tol=1e-9, abs_tol=0.005)
    if discrepancy is not None:
        problems.add(_(message).format(record, typed, computed))


_CHUNK = 32


def _tally(figures: list[OptionFigures], chunk_sum=None) -> Tally:
    chunk_sum = chunk_sum or _sum_effects
    return Tally(len(figures), [f.code for f in figures], math.fsum(f.investment or 0.0 for f in figures),
                 math.fsum(f.expected_savings or 0.0 for f in figures),
                 sum(f.expected_savings is None for f in figures),
                 _sum_chunked([f.expected for f in figures], chunk_sum),
                 math.fsum(f.actual_investment or 0.0 for f in figures),
                 math.fsum(f.actual_savings or 0.0 for f in figures),
                 _sum_chunked([f.actual for f in figures if f.actual is not None], chunk_sum))


def _sum_chunked(effects: list[Effects], chunk_sum) -> Effects:
    """The sum of each run of 32 effects, then the sum of those: after one option changes, the incremental
    engine adds up its run again instead of a thousand options (TallyCache keeps the runs). A full compute
    adds up the same runs, so both agree to the last bit."""
    return _sum_effects([chunk_sum(effects[i:i + _CHUNK]) for i in range(0, len(effects), _CHUNK)])


def _sum_effects(items) -> Effects:
    """Effects.add of every item in turn (the same sums in the same order, to the last bit), in one loop."""
    total = Effects()
    values, units, tce_by, tco2_by = total.values, total.units, total.tce_by_resource, total.tco2_by_resource
    tce = tco2 = 0.0
    for effects in items:
        for key, value in effects.values.items():
            values[key] = values.get(key, 0.0) + value
            units.setdefault(key, effects.units[key])
        for key, value in effects.tce_by_resource.items():
            tce_by[key] = tce_by.get(key, 0.0) + value
        for key, value in effects.tco2_by_resource.items():
            tco2_by[key] = tco2_by.get(key, 0.0) + value
        tce += effects.tce
        tco2 += effects.tco2
    total.tce, total.tco2 = tce, tco2
    return total


class TallyCache:
    """Tallies kept from one computation to the next by their member figures: a group whose figures are
    the same objects as last time has the same tally (the incremental engine reuses unchanged figures)."""

    def __init__(self) -> None:
        # key: the ids of the members; the entry holds the members, so their ids are not reused meanwhile
        self._previous: dict[tuple[int, ...], tuple[tuple, Any]] = {}
        self._current: dict[tuple[int, ...], tuple[tuple, Any]] = {}

    def _kept(self, members: list, make):
        key = tuple(map(id, members))
        entry = self._current.get(key) or self._previous.get(key)
        if entry is None:
            entry = (tuple(members), make(members))
        self._current[key] = entry
        return entry[1]

    def tally(self, figures: list[OptionFigures]) -> Tally:
        return self._kept(figures, lambda members: _tally(members, self._chunk_sum))

    def _chunk_sum(self, effects: list[Effects]) -> Effects:
        return self._kept(effects, _sum_effects)

    def next_round(self) -> None:
        self._previous, self._current = self._current, {}


_TWO_WAY = {c.value: c.group.value for c in scoring.CostClass}


def _two_way(figure: OptionFigures) -> str:
    group = _TWO_WAY.get(figure.cost_class)
    return group if group is not None else scoring.CostClass(figure.cost_class).group.value


def _grouped(figures: list[OptionFigures], key, order, tally=_tally) -> dict[str, Tally]:
    return {k: tally(v) for k, v in scoring.group_by(figures, key, order).items()}


def _tallies(result: OptionsFigures, options: list[Option], tally=_tally) -> None:
    figures = list(result.options.values())
    classes = [scoring.CostClass.no_low.value, scoring.CostClass.medium_high.value]
    result.by_aspect = _grouped(figures, lambda f: f.aspect, [a.value for a in Aspect], tally)
    result.by_class = _grouped(figures, _two_way, classes, tally)
    result.by_screening = _grouped(figures, lambda f: f.screening, [s.value for s in Screening], tally)
    result.by_status = _grouped(figures, lambda f: f.status, [s.value for s in OptionStatus], tally)
    result.class_by_screening = scoring.cross_count(figures, _two_way, lambda f: f.screening, row_order=classes,
                                                    column_order=[s.value for s in Screening])
    result.class_by_status = scoring.cross_count(figures, _two_way, lambda f: f.status, row_order=classes,
                                                 column_order=[s.value for s in OptionStatus])
    retained = [f for f in figures if f.screening != Screening.infeasible.value]
    implemented = [f for f in figures if f.status == OptionStatus.implemented.value]
    result.all_options = tally(figures)
    result.retained = tally(retained)
    result.retained_by_class = _grouped(retained, _two_way, classes, tally)
    result.implemented = tally(implemented)
    result.implemented_by_class = _grouped(implemented, _two_way, classes, tally)
    if figures:
        result.implementation_rate_pct = len(implemented) / len(figures) * 100
    if retained:
        result.implementation_rate_retained_pct = len(implemented) / len(retained) * 100


def _screening(ctx: Context) -> scoring.WeightedSum | None:
    criteria = [c for c in ctx.data.rows(Criterion) if c.scope == CriterionScope.option]
    scores: dict[str, dict[str, float]] = {}
    codes = {o.id: o.code for o in ctx.data.rows(Option)}
    keys = {c.id: c.key for c in criteria}
    for score in ctx.data.rows(OptionScore):
        if score.criterion_id in keys:
            scores.setdefault(codes[score.option_id], {})[keys[score.criterion_id]] = score.score
    if not criteria or not scores:
        return None
    return scoring.weighted_sum([scoring.Criterion(c.key, c.weight, c.name_zh) for c in criteria], scores)
