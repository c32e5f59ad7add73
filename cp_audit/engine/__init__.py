"""The calculation engine: every derived figure of an audit, computed in one place from AuditData.

`compute(data)` returns AuditResults; the workbench, the report, the Excel workbook and
`cp-audit compute` all read their figures from it. A figure that cannot be computed is left out and
its reason is listed in `problems` (naming the record), so one gap never hides the other results.
The JSON form (`results_json`) is documented in docs/results.md.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from cp_audit.engine import indicators as ind
from cp_audit.engine import summary
from cp_audit.engine.context import Context, Problems, ResultProblem
from cp_audit.engine.focus import FocusFigures, focus_figures
from cp_audit.engine.inventory import ComplianceFigure, PeriodFigures, compliance, period_figures
from cp_audit.engine.options import OptionsFigures, options_figures
from cp_audit.services import AuditData


@dataclass
class AuditResults:
    problems: list[ResultProblem]
    codes: Any
    deadlines: Any
    deadline_checks: tuple
    preparation: summary.PreparationFigures
    periods: dict[str, PeriodFigures]
    product_output: dict[str, ind.IndicatorValue]
    indicators: dict[str, dict[str, ind.IndicatorValue]]
    indicator_levels: dict[str, dict[str, str | None]]
    intensities: dict[str, dict[str, ind.IndicatorValue]]
    item_intensities: dict[str, dict[str, ind.IndicatorValue]]
    discharge_ratio_pct: dict[str, float | None]
    compliance: dict[str, list[ComplianceFigure]]
    focus: summary.FocusChoice
    targets: list[ind.TargetResult]
    evaluation: ind.EvaluationSummary | None
    assessment: FocusFigures
    options: OptionsFigures
    cppp: summary.CpppFigures | None
    continuous: summary.ContinuousFigures
    performance: summary.PerformanceTable
    coefficient_sets: dict[str, str | None] = field(default_factory=dict)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)  # the constants formulas read


def compute(data: AuditData) -> AuditResults:
    ctx = Context(data)
    problems = Problems()
    periods, products, by_period, per_product, discharge = {}, {}, {}, {}, {}
    levels, per_item, checked = {}, {}, {}
    for period in _periods(ctx):
        figures = period_figures(ctx, period, problems)
        periods[period.key] = figures
        with problems.section(f"indicators {period.key}"):
            builtins = ind.period_builtins(ctx, period, figures, problems)
            if "product_output" in builtins:
                products[period.key] = ind.IndicatorValue("product_output", ctx.info.product_name_zh or "",
                                                          ctx.info.product_unit or "",
                                                          builtins["product_output"].magnitude)
            by_period[period.key] = ind.period_indicators(ctx, period, builtins, problems)
            levels[period.key] = ind.indicator_levels(ctx, by_period[period.key], problems)
            per_product[period.key] = ind.intensities(ctx, figures, builtins)
            per_item[period.key] = ind.item_intensities(ctx, figures, builtins)
            discharge[period.key] = ind.discharge_ratio(figures)
        with problems.section(f"compliance {period.key}"):
            checked[period.key] = compliance(ctx, period)
    due, checks = summary.mandatory(ctx)
    with problems.section("options"):
        options = options_figures(ctx, problems)
    with problems.section("targets"):
        targets = ind.targets(ctx, by_period, problems)
    return AuditResults(
        problems=problems.items, codes=summary.code_checks(ctx), deadlines=due, deadline_checks=checks,
        preparation=summary.preparation(ctx, due, problems), periods=periods, product_output=products,
        indicators=by_period, indicator_levels=levels, intensities=per_product, item_intensities=per_item,
        discharge_ratio_pct=discharge, compliance=checked,
        focus=summary.focus_choice(ctx, problems), targets=targets,
        evaluation=ind.evaluation(ctx, by_period, problems), assessment=focus_figures(ctx, problems),
        options=options, cppp=summary.cppp_figures(ctx, options, problems), continuous=summary.continuous(ctx, due),
        performance=summary.performance_table(ctx, options, targets),
        coefficient_sets=summary.coefficient_sets(ctx),
        parameters={p.key: {"value": p.value, "unit": p.unit} for p in ctx.names.parameters.values()})


def _periods(ctx: Context):
    return sorted(ctx.names.periods.values(), key=lambda p: (p.position, p.id))


def to_plain(value: Any) -> Any:
    """Results as JSON-ready values: dataclasses as objects, enums by value, dates as ISO text, and
    non-finite numbers as null (a figure that does not exist is never printed as a number)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.name.startswith("_")}
    if isinstance(value, dict):
        return {_key(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _key(key: Any) -> str:
    if isinstance(key, Enum):
        return str(key.name if isinstance(key.value, int) else key.value)
    return str(key)


def results_json(results: AuditResults) -> dict[str, Any]:
    return {"format": "cp-audit-workbench/results", **to_plain(results)}
