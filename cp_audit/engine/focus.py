"""Phase 3 评估 figures: every stream's quantity, each balance of the audit focus (per unit operation and
at the boundary), the losses, reconciliation, consistency of calculated streams with their carriers,
the balance-test indicators, and the cause analysis by the eight aspects (REFERENCE.md §2, §4)."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass, field

import pint

from cp_audit.calc.balances import BalanceNode, BalanceResult, BalanceStream, compute_balance, stream_value
from cp_audit.engine.context import Context, Problems
from cp_audit.calc.formula import formula_name
from cp_audit.engine.indicators import IndicatorValue, balance_indicators, indicator_levels, parsed_formula
from cp_audit.engine.names import conversion_factor, stream_names
from cp_audit.errors import CalculationError
from cp_audit.i18n import _
from cp_audit.models import Balance, Cause, Indicator, Node, Stream, StreamFactor
from cp_audit.models.base import Aspect, BalanceKind, FactorRole, IndicatorScope
from cp_audit.units import parse_unit, quantity


@dataclass
class BalanceFigures:
    key: str
    name_zh: str
    kind: str
    unit: str
    tolerance_pct: float
    stream_values: dict[str, float]  # stream code -> quantity in the balance unit
    result: BalanceResult | None = None
    reconciliation: object | None = None  # cp_audit.calc.reconciliation result when it could be computed
    carrier_mismatches: list[str] = field(default_factory=list)


@dataclass
class FocusFigures:
    balances: dict[str, BalanceFigures] = field(default_factory=dict)
    indicators: dict[str, IndicatorValue] = field(default_factory=dict)
    indicator_levels: dict[str, str | None] = field(default_factory=dict)
    causes_by_aspect: dict[str, list[str]] = field(default_factory=dict)
    aspects_without_causes: list[str] = field(default_factory=list)


@dataclass
class BalancePart:
    """What one balance contributes: its figures (None when its section stopped on a problem), and the
    unit its streams are read in by the balance-test formulas (None: none are)."""

    figures: BalanceFigures | None = None
    unit: str | None = None


@dataclass
class FocusInputs:
    nodes: dict[int, Node]
    factors: dict[int, list[StreamFactor]]
    streams_by_balance: dict[int, list[Stream]]


def focus_figures(ctx: Context, problems: Problems) -> FocusFigures:
    inputs = focus_inputs(ctx)
    parts = [(balance, balance_part(ctx, balance, inputs, problems)) for balance in ctx.data.rows(Balance)]
    return finish_focus(ctx, parts, inputs, problems)


def focus_inputs(ctx: Context) -> FocusInputs:
    factors: dict[int, list[StreamFactor]] = {}
    for factor in ctx.data.rows(StreamFactor):
        factors.setdefault(factor.stream_id, []).append(factor)
    streams_by_balance: dict[int, list[Stream]] = {}
    for stream in ctx.data.rows(Stream):
        streams_by_balance.setdefault(stream.balance_id, []).append(stream)
    return FocusInputs({n.id: n for n in ctx.data.rows(Node)}, factors, streams_by_balance)


def balance_part(ctx: Context, balance: Balance, inputs: FocusInputs, problems: Problems) -> BalancePart:
    """One balance of the focus; reads only its own streams, their factors and the nodes."""
    part = BalancePart()
    with problems.section(f"balance {balance.key}"):
        part.figures = _balance(ctx, balance, inputs.streams_by_balance.get(balance.id, []), inputs.nodes,
                                inputs.factors, problems)
        if part.figures.stream_values:
            parse_unit(balance.unit)  # a unit that is not one stops here, before any stream is a quantity
            part.unit = balance.unit
    return part


def finish_focus(ctx: Context, parts: list[tuple[Balance, BalancePart]], inputs: FocusInputs,
                 problems: Problems) -> FocusFigures:
    """The focus from its balances: carrier checks, balance-test indicators and the cause analysis."""
    figures = FocusFigures()
    wanted = balance_formula_names(ctx)
    all_quantities: dict[str, pint.Quantity] = {}
    for balance, part in parts:
        if part.figures is None:
            continue
        figures.balances[balance.key] = dataclasses.replace(part.figures, carrier_mismatches=[])  # appended below
        if part.unit is not None:
            for code, value in part.figures.stream_values.items():
                if _formula_name(code) in wanted:  # only streams a formula reads become quantities
                    all_quantities[code] = quantity(value, part.unit)
    _check_carriers(ctx, figures, inputs.factors, problems)
    with problems.section("balance-test indicators"):
        figures.indicators = balance_indicators(ctx, stream_names(all_quantities), problems)
        figures.indicator_levels = indicator_levels(ctx, figures.indicators, problems)
    _causes(ctx, figures)
    return figures


def balance_formula_names(ctx: Context) -> set[str]:
    """Every name the balance-test formulas read (a formula that cannot be read reads none)."""
    names: set[str] = set()
    for row in ctx.data.rows(Indicator):
        if row.scope == IndicatorScope.balance and row.formula:
            try:
                names |= parsed_formula(row.formula, _("指标 {0}").format(row.key)).names
            except CalculationError:
                continue
    return names


@functools.lru_cache(maxsize=65536)
def _formula_name(code: str) -> str:
    return formula_name(code)


def _balance(ctx: Context, balance: Balance, streams: list[Stream], nodes: dict[int, Node],
             factors: dict[int, list[StreamFactor]], problems: Problems) -> BalanceFigures:
    tolerance = balance.tolerance_pct or ctx.info.balance_tolerance_pct
    figures = BalanceFigures(balance.key, balance.name_zh, balance.kind.value, balance.unit, tolerance, {})
    for stream in streams:
        what = _("物流 {0}").format(stream.code)
        value = problems.attempt(lambda: stream_value(
            stream.calc.value, stream.value, stream.unit,
            [(f.role.value, f.value, f.unit) for f in factors.get(stream.id, [])], balance.unit, what))
        if value is not None:
            figures.stream_values[stream.code] = value
    _check_bases(balance, streams, problems)
    if not streams:
        return figures
    used = {s.from_node_id for s in streams} | {s.to_node_id for s in streams}
    calc_nodes = [BalanceNode(n.code, n.kind.value) for n in nodes.values()
                  if n.id in used or n.kind.value == "unit_operation"]
    calc_streams = [BalanceStream(s.code, nodes[s.from_node_id].code, nodes[s.to_node_id].code,
                                  figures.stream_values[s.code]) for s in streams if s.code in figures.stream_values]
    if len(calc_streams) != len(streams):
        return figures  # a stream could not be computed; its problem is reported, no closure is shown
    product_sinks = [n.code for n in nodes.values() if n.is_product]
    figures.result = problems.attempt(lambda: compute_balance(calc_nodes, calc_streams, tolerance_pct=tolerance,
                                                              product_sinks=product_sinks, what=balance.name_zh))
    figures.reconciliation = problems.attempt(lambda: _reconcile(calc_nodes, calc_streams, streams))
    return figures


def _check_bases(balance: Balance, streams: list[Stream], problems: Problems) -> None:
    """Streams of one balance must share a basis (per batch, day or year): mixing them is refused."""
    bases = {s.basis for s in streams}
    if len(bases) > 1:
        first = streams[0]
        other = next(s for s in streams if s.basis != first.basis)
        problems.add(_("{0}：物流 {1} 按{2}计，而 {3} 按{4}计；一个平衡的所有物流应换算为同一基准").format(
            balance.name_zh, other.code, _(other.basis.label), first.code, _(first.basis.label)))


def _reconcile(nodes: list[BalanceNode], calc_streams: list[BalanceStream], streams: list[Stream]):
    """Weighted least squares so every unit closes; uncertainties default by data status."""
    from cp_audit.calc import reconciliation

    by_code = {s.code: s for s in streams}
    inputs = [reconciliation.ReconciliationStream(s.code, s.from_code, s.to_code, s.value,
                                                  status=by_code[s.code].status.value,
                                                  uncertainty_pct=by_code[s.code].uncertainty_pct)
              for s in calc_streams]
    return reconciliation.reconcile(nodes, inputs)


def _check_carriers(ctx: Context, figures: FocusFigures, factors: dict[int, list[StreamFactor]],
                    problems: Problems) -> None:
    """A stream computed from a carrier (N-04 from W-16) must use the carrier's measured quantity."""
    streams = {s.id: s for s in ctx.data.rows(Stream)}
    balances = {b.id: b for b in ctx.data.rows(Balance)}
    for stream in streams.values():
        carrier = streams.get(stream.carrier_stream_id)
        if carrier is None:
            continue
        factor = next((f for f in factors.get(stream.id, []) if f.role in (FactorRole.carrier, FactorRole.area)), None)
        carrier_balance = balances[carrier.balance_id]
        carrier_value = figures.balances.get(carrier_balance.key, BalanceFigures("", "", "", "", 0, {})).stream_values.get(carrier.code)
        if factor is None or carrier_value is None:
            continue
        scale = conversion_factor(factor.unit, carrier_balance.unit)
        try:
            used = (factor.value * scale if scale is not None else
                    quantity(factor.value, factor.unit).to(quantity(1, carrier_balance.unit).units).magnitude)
        except Exception:  # noqa: BLE001 - a unit mismatch is reported by the stream itself
            continue
        if not math.isclose(used, carrier_value, rel_tol=1e-6, abs_tol=1e-12):
            message = _("物流 {0} 用了 {1:g} {2} 的 {3}，但 {3} 是 {4:g} {2}").format(
                stream.code, used, carrier_balance.unit, carrier.code, carrier_value)
            figures.balances[balances[stream.balance_id].key].carrier_mismatches.append(message)
            problems.add(message)


def _causes(ctx: Context, figures: FocusFigures) -> None:
    by_aspect: dict[str, list[str]] = {aspect.value: [] for aspect in Aspect}
    for cause in ctx.data.rows(Cause):
        by_aspect[cause.aspect.value].append(cause.code)
    figures.causes_by_aspect = by_aspect
    figures.aspects_without_causes = [aspect for aspect, codes in by_aspect.items() if not codes]


def water_balance(figures: FocusFigures) -> BalanceFigures | None:
    return next((b for b in figures.balances.values() if b.kind == BalanceKind.water.value), None)

