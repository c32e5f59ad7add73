"""The calculation engine: every derived figure of an audit, computed in one place from AuditData.

`compute(data)` returns AuditResults; the workbench, the report, the Excel workbook and
`cp-audit compute` all read their figures from it. A figure that cannot be computed is left out and
its reason is listed in `problems` (naming the record), so one gap never hides the other results.
The JSON form (`results_json`) is documented in docs/results.md.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
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
from cp_audit.models import Period
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

    def periods(problems: Problems) -> list[tuple[Period, dict[str, Any]]]:
        return [(period, {**period_part(ctx, period, problems), **compliance_part(ctx, period, problems)})
                for period in _periods(ctx)]

    return assemble(ctx, Problems(), periods, lambda problems: options_figures(ctx, problems),
                    lambda problems: focus_figures(ctx, problems))


#: The AuditResults fields filled per period (a dict by period key each).
PERIOD_FIELDS = ("periods", "product_output", "indicators", "indicator_levels", "intensities", "item_intensities",
                 "discharge_ratio_pct", "compliance")


def period_part(ctx: Context, period: Period, problems: Problems) -> dict[str, Any]:
    """A period's figures and indicators by AuditResults field; a field is left out when its section
    stopped on a problem. Reads only this period's values (cp_audit.engine.incremental relies on it)."""
    figures = period_figures(ctx, period, problems)
    part: dict[str, Any] = {"periods": figures}
    with problems.section(f"indicators {period.key}"):
        builtins = ind.period_builtins(ctx, period, figures, problems)
        if "product_output" in builtins:
            part["product_output"] = ind.IndicatorValue("product_output", ctx.info.product_name_zh or "",
                                                        ctx.info.product_unit or "",
                                                        builtins["product_output"].magnitude)
        part["indicators"] = ind.period_indicators(ctx, period, builtins, problems)
        part["indicator_levels"] = ind.indicator_levels(ctx, part["indicators"], problems)
        part["intensities"] = ind.intensities(ctx, figures, builtins)
        part["item_intensities"] = ind.item_intensities(ctx, figures, builtins)
        part["discharge_ratio_pct"] = ind.discharge_ratio(figures)
    return part


def compliance_part(ctx: Context, period: Period, problems: Problems) -> dict[str, Any]:
    part: dict[str, Any] = {}
    with problems.section(f"compliance {period.key}"):
        part["compliance"] = compliance(ctx, period)
    return part


def assemble(ctx: Context, problems: Problems,
             periods: Callable[[Problems], list[tuple[Period, dict[str, Any]]]],
             options: Callable[[Problems], OptionsFigures],
             focus: Callable[[Problems], FocusFigures]) -> AuditResults:
    """AuditResults from the per-period parts, the options and the focus (computed, or replayed from a
    cache by the incremental engine) and the audit-wide figures, with problems in one fixed order."""
    fields: dict[str, dict[str, Any]] = {name: {} for name in PERIOD_FIELDS}
    for period, part in periods(problems):
        for name, value in part.items():
            fields[name][period.key] = value
    by_period = fields["indicators"]
    due, checks = summary.mandatory(ctx)
    with problems.section("options"):
        option_figures = options(problems)
    with problems.section("targets"):
        targets = ind.targets(ctx, by_period, problems)
    return AuditResults(
        problems=problems.items, codes=summary.code_checks(ctx), deadlines=due, deadline_checks=checks,
        preparation=summary.preparation(ctx, due, problems), periods=fields["periods"],
        product_output=fields["product_output"], indicators=by_period, indicator_levels=fields["indicator_levels"],
        intensities=fields["intensities"], item_intensities=fields["item_intensities"],
        discharge_ratio_pct=fields["discharge_ratio_pct"], compliance=fields["compliance"],
        focus=summary.focus_choice(ctx, problems), targets=targets,
        evaluation=ind.evaluation(ctx, by_period, problems), assessment=focus(problems),
        options=option_figures, cppp=summary.cppp_figures(ctx, option_figures, problems),
        continuous=summary.continuous(ctx, due),
        performance=summary.performance_table(ctx, option_figures, targets),
        coefficient_sets=summary.coefficient_sets(ctx),
        parameters={p.key: {"value": p.value, "unit": p.unit} for p in ctx.names.parameters.values()})


def _periods(ctx: Context) -> list[Period]:
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
