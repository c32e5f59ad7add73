"""Material, water and element balances of the audit focus: Σin, Σout and the closure error per unit
operation and at the focus boundary, outputs by sink, and where the material that is not product goes
(REFERENCE.md §4). Totals are always recomputed from the streams, never taken as typed (§4.2)."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from cp_audit.errors import CalculationError
from cp_audit.i18n import _, list_text
from cp_audit.models.base import CALC_FACTORS, FactorRole, NodeKind, StreamCalc
from cp_audit.units import convert, product_in

NO_STREAMS = "no streams in this balance"
NO_INPUT = "no input"


@dataclass(frozen=True)
class BalanceNode:
    code: str
    kind: str  # a NodeKind value: unit_operation, source or sink
    is_product: bool = False  # a product sink: what reaches it is product, not loss (Node.is_product)


@dataclass(frozen=True)
class BalanceStream:
    code: str
    from_code: str
    to_code: str
    value: float  # already in the balance's unit


@dataclass(frozen=True)
class UnitBalance:
    code: str
    applicable: bool
    total_in: float
    total_out: float
    difference: float
    closure_error_pct: float | None
    exceeds_tolerance: bool
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    reason: str | None = None  # why there is no closure error: NO_STREAMS or NO_INPUT


@dataclass(frozen=True)
class OverallBalance:
    total_in: float
    total_out: float
    difference: float
    closure_error_pct: float | None
    exceeds_tolerance: bool
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    internal_streams: tuple[str, ...]
    reason: str | None = None


@dataclass(frozen=True)
class BalanceResult:
    per_unit: dict[str, UnitBalance]
    overall: OverallBalance
    units_exceeding_tolerance: tuple[str, ...]
    units_not_applicable: tuple[str, ...]
    by_sink: dict[str, float]
    by_source: dict[str, float]
    loss_share_pct: dict[str, float]  # each non-product output to a sink, as % of the focus input
    unaccounted_share_pct: float | None  # the overall closure error: input not found in any output


@dataclass(frozen=True)
class Discrepancy:
    what: str
    typed: float
    computed: float
    difference: float  # typed − computed

    @property
    def message(self) -> str:
        return (f"{self.what}: the figure entered ({self.typed:g}) differs from the recomputed "
                f"{self.computed:g}")


def closure_error_pct(total_in: float, total_out: float) -> float | None:
    """(Σin − Σout) / Σin × 100, positive for an unaccounted loss (REFERENCE.md §4.2); None without input."""
    if total_in <= 0:
        return None
    return (total_in - total_out) / total_in * 100


# --- one stream's quantity ---------------------------------------------------------------------------

def stream_value(calc: str, value: float | None, unit: str, factors: Sequence[tuple[str, float, str]],
                 balance_unit: str, what: str) -> float:
    """A stream's quantity in the balance unit: given directly, or the product of its factors
    (carrier × mass fraction, carrier × concentration, area × thickness × density; REFERENCE.md §4.4).
    `value` and `unit` are read only for a direct stream."""
    kind = StreamCalc(calc)
    if kind == StreamCalc.direct:
        if value is None:
            raise CalculationError(_("{0}：没有给出数量").format(what))
        return convert(value, unit, balance_unit, what)  # the factor is found once per pair of units
    by_role = _factors_by_role(kind, factors, what)
    roles = CALC_FACTORS[kind]
    shown = " × ".join(by_role[role][1] or "1" for role in roles)
    return product_in(tuple(by_role[role][0] for role in roles), tuple(by_role[role][1] for role in roles),
                      balance_unit, what, shown_as=shown)


def _factors_by_role(kind: StreamCalc, factors: Sequence[tuple[str, float, str]],
                     what: str) -> dict[FactorRole, tuple[float, str]]:
    needed = CALC_FACTORS[kind]
    by_role: dict[FactorRole, tuple[float, str]] = {}
    for role_text, factor_value, factor_unit in factors:
        role = FactorRole(role_text) if role_text in FactorRole.__members__ else None
        if role is None or role not in needed or role in by_role:
            raise CalculationError(_("{0}：按“{1}”计算时以下因子各取一个：{2}，这里不能是“{3}”").format(
                what, _(kind.label), list_text(_(r.label) for r in needed), role_text))
        by_role[role] = (factor_value, factor_unit)
    missing = [_(role.label) for role in needed if role not in by_role]
    if missing:
        raise CalculationError(_("{0}：按“{1}”计算还需要 {2}").format(what, _(kind.label), list_text(missing)))
    return by_role


# --- the balance -------------------------------------------------------------------------------------

def _check_streams(nodes: dict[str, BalanceNode], streams: Sequence[BalanceStream], what: str) -> None:
    if not streams:
        raise CalculationError(_("{0}：平衡中没有物流").format(what))
    seen: set[str] = set()
    for stream in streams:
        label = _("{0}，物流 {1}").format(what, stream.code)
        if stream.code in seen:
            raise CalculationError(_("{0}：编号重复").format(label))
        seen.add(stream.code)
        for end in (stream.from_code, stream.to_code):
            if end not in nodes:
                raise CalculationError(_("{0}：“{1}”不是本平衡的节点").format(label, end))
        if stream.from_code == stream.to_code:
            raise CalculationError(_("{0}：从 {1} 流回 {1} 本身").format(label, stream.from_code))
        if not (_is_unit(nodes[stream.from_code]) or _is_unit(nodes[stream.to_code])):
            raise CalculationError(_("{0}：物流必须起于或止于单元操作").format(label))
        if math.isnan(stream.value):
            raise CalculationError(_("{0}：数值不是数字").format(label))
        if stream.value < 0:
            raise CalculationError(
                _("{0}：流量为 {1:g}；流量不能为负，请反转该物流的方向").format(label, stream.value))


def _is_unit(node: BalanceNode) -> bool:
    return node.kind == NodeKind.unit_operation


def _unit_balance(code: str, inputs: Sequence[BalanceStream], outputs: Sequence[BalanceStream],
                  tolerance_pct: float) -> UnitBalance:
    total_in, total_out = sum(s.value for s in inputs), sum(s.value for s in outputs)
    error = closure_error_pct(total_in, total_out)
    reason = NO_STREAMS if not (inputs or outputs) else (NO_INPUT if error is None else None)
    return UnitBalance(
        code=code, applicable=reason != NO_STREAMS, total_in=total_in, total_out=total_out,
        difference=total_in - total_out, closure_error_pct=error,
        exceeds_tolerance=error is not None and abs(error) > tolerance_pct,
        inputs=tuple(s.code for s in inputs), outputs=tuple(s.code for s in outputs), reason=reason)


def _overall(nodes: dict[str, BalanceNode], streams: Sequence[BalanceStream],
             tolerance_pct: float) -> OverallBalance:
    # Unit-to-unit streams are internal and cancel at the focus boundary (reference conventions).
    inputs = [s for s in streams if not _is_unit(nodes[s.from_code])]
    outputs = [s for s in streams if not _is_unit(nodes[s.to_code])]
    internal = [s for s in streams if _is_unit(nodes[s.from_code]) and _is_unit(nodes[s.to_code])]
    total_in, total_out = sum(s.value for s in inputs), sum(s.value for s in outputs)
    error = closure_error_pct(total_in, total_out)
    return OverallBalance(
        total_in=total_in, total_out=total_out, difference=total_in - total_out, closure_error_pct=error,
        exceeds_tolerance=error is not None and abs(error) > tolerance_pct,
        inputs=tuple(s.code for s in inputs), outputs=tuple(s.code for s in outputs),
        internal_streams=tuple(s.code for s in internal), reason=NO_INPUT if error is None else None)


def _totals_by(streams: Iterable[BalanceStream], key: str) -> dict[str, float]:
    totals: dict[str, float] = {}
    for stream in streams:
        node = getattr(stream, key)
        totals[node] = totals.get(node, 0.0) + stream.value
    return totals


def _loss_shares(nodes: dict[str, BalanceNode], streams: Sequence[BalanceStream], overall: OverallBalance,
                 product_sinks: Collection[str]) -> dict[str, float]:
    if overall.closure_error_pct is None:
        return {}
    return {s.code: s.value / overall.total_in * 100 for s in streams
            if not _is_unit(nodes[s.to_code]) and not nodes[s.to_code].is_product
            and s.to_code not in product_sinks}


def compute_balance(nodes: Iterable[BalanceNode], streams: Iterable[BalanceStream], *,
                    tolerance_pct: float = 5.0, product_sinks: Collection[str] = (),
                    what: str = "balance") -> BalanceResult:
    """Per-unit and overall balance; a unit is flagged when |closure error| > tolerance_pct (a configurable
    default, REFERENCE.md §4.2). Outputs to a node marked is_product, or listed in `product_sinks`, are
    product, not loss."""
    by_code = {node.code: node for node in nodes}
    stream_list = list(streams)
    _check_streams(by_code, stream_list, what)
    into: dict[str, list[BalanceStream]] = {}
    out_of: dict[str, list[BalanceStream]] = {}
    for stream in stream_list:
        into.setdefault(stream.to_code, []).append(stream)
        out_of.setdefault(stream.from_code, []).append(stream)
    per_unit = {code: _unit_balance(code, into.get(code, []), out_of.get(code, []), tolerance_pct)
                for code, node in by_code.items() if _is_unit(node)}
    overall = _overall(by_code, stream_list, tolerance_pct)
    return BalanceResult(
        per_unit=per_unit, overall=overall,
        units_exceeding_tolerance=tuple(code for code, unit in per_unit.items() if unit.exceeds_tolerance),
        units_not_applicable=tuple(code for code, unit in per_unit.items() if not unit.applicable),
        by_sink=_totals_by((s for s in stream_list if not _is_unit(by_code[s.to_code])), "to_code"),
        by_source=_totals_by((s for s in stream_list if not _is_unit(by_code[s.from_code])), "from_code"),
        loss_share_pct=_loss_shares(by_code, stream_list, overall, product_sinks),
        unaccounted_share_pct=overall.closure_error_pct)


def check_typed_total(typed_value: float, computed_value: float, what: str, rel_tol: float = 1e-3,
                      abs_tol: float = 0.0) -> Discrepancy | None:
    """A Discrepancy when a typed-in total or percentage disagrees with the recomputed one (§4.2: published
    reports have been found whose printed totals and differences disagree)."""
    if math.isclose(typed_value, computed_value, rel_tol=rel_tol, abs_tol=abs_tol):
        return None
    return Discrepancy(what=what, typed=typed_value, computed=computed_value,
                       difference=typed_value - computed_value)
