"""Economic evaluation of an option (经济评估, REFERENCE.md §5): depreciation, cash flow, payback, NPV,
NPVR and IRR, the verdicts that make an option economically feasible, and the payback norms."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and scipy load with the first IRR: every page module imports this one at start
    import numpy as np

from cp_audit.errors import CalculationError
from cp_audit.i18n import N_, _

# IRR search interval: a rate of −99 % to +1000 % a year covers every plausible option; outside it the
# question "what rate?" has no useful answer for an auditor.
_IRR_LOW, _IRR_HIGH = -0.99, 10.0
# Grid points in log(1 + r) to find where NPV changes sign before the exact root is polished.
_IRR_GRID_POINTS = 4001
# Sums of money lines are compared with the entered total to a relative 1e-9 (rounding of cents only).
_LINES_RELATIVE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class CashLine:
    """One line of an investment, savings or added-cost breakdown."""

    label: str
    amount: float

    @classmethod
    def priced(cls, label: str, quantity: float, unit_price: float) -> CashLine:
        return cls(label, quantity * unit_price)


@dataclass(frozen=True)
class EconomicInputs:
    """I, P, Y, n, tax and discount rate of one option (REFERENCE.md §5.1). `record` names the option in
    messages ("option F9"). `cash_flows` (F_1..F_n), when given, replace the uniform F."""

    record: str
    investment: float
    net_savings: float
    depreciation_years: float
    life_years: int
    tax_rate: float
    discount_rate: float
    benchmark_rate: float | None = None
    cash_flows: tuple[float, ...] | None = None
    investment_lines: tuple[CashLine, ...] = ()
    savings_lines: tuple[CashLine, ...] = ()
    added_cost_lines: tuple[CashLine, ...] = ()

    @property
    def benchmark(self) -> float:
        """基准收益率: the discount rate unless the auditor sets another benchmark (§5.2)."""
        return self.discount_rate if self.benchmark_rate is None else self.benchmark_rate


def inputs_from_lines(
    record: str,
    *,
    investment_lines: Sequence[CashLine],
    savings_lines: Sequence[CashLine],
    added_cost_lines: Sequence[CashLine] = (),
    **terms,
) -> EconomicInputs:
    """Inputs whose I is the sum of its investment lines and P = savings − added costs (§5.1 notes)."""
    lines = {
        "investment_lines": tuple(investment_lines),
        "savings_lines": tuple(savings_lines),
        "added_cost_lines": tuple(added_cost_lines),
    }
    net = (_line_total(lines["savings_lines"]) or 0.0) - (_line_total(lines["added_cost_lines"]) or 0.0)
    return EconomicInputs(record, _line_total(lines["investment_lines"]) or 0.0, net, **lines, **terms)


@dataclass(frozen=True)
class EconomicVerdict:
    """The reference audit's rule (inputs.json conventions.economic_verdict, REFERENCE.md §5.2): feasible
    when NPV ≥ 0, IRR ≥ benchmark and the payback is shorter than both Y and n. `irr_meets_benchmark` is
    None when the IRR is undefined; the verdict then rests on the other tests."""

    npv_non_negative: bool
    irr_meets_benchmark: bool | None
    payback_within_depreciation: bool
    payback_within_life: bool
    feasible: bool
    failures: tuple[str, ...]


@dataclass(frozen=True)
class EconomicResult:
    record: str
    investment: float
    net_savings: float
    savings_total: float | None
    added_costs_total: float | None
    depreciation: float
    taxable_profit: float
    net_profit: float
    cash_flow: float  # the uniform F = E + D from P
    cash_flows: tuple[float, ...]  # F_1..F_n used for payback, NPV and IRR (explicit ones if given)
    payback_years: float | None
    payback_note: str | None
    annuity_factor: float
    npv: float
    npvr_pct: float | None
    npvr_note: str | None
    irr: float | None
    irr_note: str | None
    benchmark_rate: float
    verdict: EconomicVerdict


def evaluate(inputs: EconomicInputs) -> EconomicResult:
    """Every figure of the economic evaluation, to full precision (REFERENCE.md §5.1)."""
    _validate(inputs)
    depreciation, taxable, net_profit, cash_flow = _uniform_cash_flow(inputs)
    flows = inputs.cash_flows or (cash_flow,) * inputs.life_years
    payback, payback_note = _payback(inputs, flows)
    npv = npv_at(inputs.discount_rate, inputs.investment, flows)
    npvr, npvr_note = _npvr(inputs.investment, npv)
    irr, irr_note = internal_rate_of_return(inputs.investment, flows)
    return EconomicResult(
        record=inputs.record,
        investment=inputs.investment,
        net_savings=inputs.net_savings,
        savings_total=_line_total(inputs.savings_lines),
        added_costs_total=_line_total(inputs.added_cost_lines),
        depreciation=depreciation,
        taxable_profit=taxable,
        net_profit=net_profit,
        cash_flow=cash_flow,
        cash_flows=tuple(flows),
        payback_years=payback,
        payback_note=payback_note,
        annuity_factor=annuity_factor(inputs.discount_rate, inputs.life_years),
        npv=npv,
        npvr_pct=npvr,
        npvr_note=npvr_note,
        irr=irr,
        irr_note=irr_note,
        benchmark_rate=inputs.benchmark,
        verdict=_verdict(inputs, npv, irr, payback),
    )


def annuity_factor(rate: float, years: int) -> float:
    """(1 − (1+i)^−n) / i, the present value of 1 a year for n years; n when i = 0 (§5.1 notes)."""
    if rate == 0:
        return float(years)
    return (1 - (1 + rate) ** -years) / rate


def npv_at(rate: float, investment: float, flows: Sequence[float]) -> float:
    """NPV = Σ_{j=1..n} F_j / (1+i)^j − I (REFERENCE.md §5.1)."""
    return math.fsum(f / (1 + rate) ** j for j, f in enumerate(flows, start=1)) - investment


def internal_rate_of_return(investment: float, flows: Sequence[float]) -> tuple[float | None, str | None]:
    """The rate at which NPV = 0, found exactly (bracket, then Brent's method to machine precision).

    Returns (None, reason) when no single rate in −99 %..1000 % makes NPV zero: the IRR is then
    undefined and must never be shown as a number (REFERENCE.md §5.1 notes).
    """
    if investment == 0:
        return None, "undefined: there is no investment to earn a return on"
    import numpy as np

    rates = np.geomspace(1 + _IRR_LOW, 1 + _IRR_HIGH, _IRR_GRID_POINTS) - 1
    values = _npv_on_grid(rates, investment, flows)
    roots = _roots_on_grid(rates, values, investment, flows)
    if len(roots) == 1:
        return roots[0], None
    if len(roots) > 1:
        shown = ", ".join(f"{r * 100:.2f} %" for r in roots)
        return None, (
            f"ambiguous: the cash flows change sign more than once and NPV is zero at {shown}; "
            "judge the option by its NPV"
        )
    if np.all(values < 0):
        return None, "undefined: the cash flows never recover the investment at any rate above −99 %"
    return None, "undefined: NPV stays positive at every rate up to 1000 % a year"


def interpolated_irr(inputs: EconomicInputs, rate_low: float, rate_high: float) -> float:
    """The textbook hand value IRR = i1 + NPV1 (i2 − i1) / (NPV1 + |NPV2|), with NPV1 > 0 at i1 and
    NPV2 < 0 at i2 (REFERENCE.md §5.1); it slightly overstates the exact IRR."""
    _validate(inputs)
    flows = inputs.cash_flows or (_uniform_cash_flow(inputs)[3],) * inputs.life_years
    npv_low = npv_at(rate_low, inputs.investment, flows)
    npv_high = npv_at(rate_high, inputs.investment, flows)
    if not (npv_low > 0 > npv_high):
        raise CalculationError(
            _(
                "{0}：插值法要求 {1:.2%} 时 NPV > 0、{2:.2%} 时 NPV < 0（现为 {3:,.2f} 和 {4:,.2f}）；"
                "请选择位于 IRR 两侧的利率"
            ).format(inputs.record, rate_low, rate_high, npv_low, npv_high)
        )
    return rate_low + npv_low * (rate_high - rate_low) / (npv_low + abs(npv_high))


def simple_payback(investment: float, annual_savings: float | None, record: str = "") -> float | None:
    """I / P, the quick payback used for no/low-cost options; None when P is missing or not positive."""
    if investment < 0:
        raise CalculationError(_("{0}：投资不能为负数（{1:,.2f}）").format(record or _("方案"), investment))
    if investment == 0:
        return 0.0
    if annual_savings is None or annual_savings <= 0:
        return None
    return investment / annual_savings


@dataclass(frozen=True)
class PaybackNorm:
    """定额 payback for a cost class (REFERENCE.md §5.2, ✔ S30), loaded from payback_norms.json."""

    key: str
    name_zh: str
    years_max: float
    years_min: float | None
    source: str
    confidence: str


@dataclass(frozen=True)
class PaybackNormCheck:
    norm_key: str
    payback_years: float | None
    within: bool  # N shorter than the upper end of the norm
    within_strict: bool | None  # N shorter than the lower end, where the norm is a range (中费 2–3 a)
    message: str


def check_payback_norm(payback_years: float | None, norm: PaybackNorm) -> PaybackNormCheck:
    """Acceptable when the payback is shorter than the norm of the option's cost class (§5.2)."""
    span = f"{norm.years_max:g} a" if norm.years_min is None else f"{norm.years_min:g}–{norm.years_max:g} a"
    if payback_years is None:
        return PaybackNormCheck(
            norm.key,
            None,
            False,
            False if norm.years_min is not None else None,
            f"never repays; the norm for {norm.name_zh} is {span}",
        )
    within = payback_years < norm.years_max
    strict = None if norm.years_min is None else payback_years < norm.years_min
    verdict = "within" if within else "beyond"
    return PaybackNormCheck(
        norm.key,
        payback_years,
        within,
        strict,
        f"payback {payback_years:.2f} a is {verdict} the norm for {norm.name_zh} ({span})",
    )


def _validate(inputs: EconomicInputs) -> None:
    name = inputs.record or "option"
    numbers = (
        inputs.investment,
        inputs.net_savings,
        inputs.depreciation_years,
        inputs.tax_rate,
        inputs.discount_rate,
        inputs.benchmark,
        *(inputs.cash_flows or ()),
    )
    if not all(math.isfinite(x) for x in numbers):
        raise CalculationError(_("{0}：每项经济评估数据都必须是有限的数值").format(name))
    if inputs.investment < 0:
        raise CalculationError(_("{0}：投资不能为负数（{1:,.2f}）").format(name, inputs.investment))
    if inputs.depreciation_years <= 0:
        raise CalculationError(
            _("{0}：折旧年限应为正数（现为 {1:g}）").format(name, inputs.depreciation_years)
        )
    if (
        isinstance(inputs.life_years, bool)
        or not isinstance(inputs.life_years, int)
        or inputs.life_years <= 0
    ):
        raise CalculationError(_("{0}：经济寿命应为正整数年（现为 {1!r}）").format(name, inputs.life_years))
    if not 0 <= inputs.tax_rate < 1:
        raise CalculationError(
            _("{0}：税率应不小于 0 且小于 1（现为 {1:g}）；25 % 应填写为 0.25").format(name, inputs.tax_rate)
        )
    if inputs.discount_rate <= -1 or inputs.benchmark <= -1:
        raise CalculationError(_("{0}：贴现率和基准收益率必须大于 −100 %").format(name))
    if inputs.cash_flows is not None and len(inputs.cash_flows) != inputs.life_years:
        raise CalculationError(
            _("{0}：给出了 {1} 年的现金流量，而经济寿命为 {2} 年；请每年给出一个").format(
                name, len(inputs.cash_flows), inputs.life_years
            )
        )
    _check_lines(
        name, N_("{0}：投资 {1:,.2f} 与各项之和 {2:,.2f} 不一致"), inputs.investment, inputs.investment_lines
    )
    if inputs.savings_lines or inputs.added_cost_lines:
        lines_p = (_line_total(inputs.savings_lines) or 0.0) - (_line_total(inputs.added_cost_lines) or 0.0)
        _check_total(
            name, N_("{0}：年净节省 P {1:,.2f} 与各项之和 {2:,.2f} 不一致"), inputs.net_savings, lines_p
        )


def _check_lines(name: str, message: str, total: float, lines: tuple[CashLine, ...]) -> None:
    if lines:
        _check_total(name, message, total, math.fsum(line.amount for line in lines))


def _check_total(name: str, message: str, total: float, from_lines: float) -> None:
    """`message`: a msgid with the record, the total and the sum of the lines as {0} {1} {2}."""
    if abs(total - from_lines) > _LINES_RELATIVE_TOLERANCE * max(1.0, abs(total)):
        raise CalculationError(_(message).format(name, total, from_lines))


def _line_total(lines: tuple[CashLine, ...]) -> float | None:
    return math.fsum(line.amount for line in lines) if lines else None


def _uniform_cash_flow(inputs: EconomicInputs) -> tuple[float, float, float, float]:
    """D, T, E and F of REFERENCE.md §5.1, unrounded."""
    depreciation = inputs.investment / inputs.depreciation_years  # D = I / Y
    taxable = inputs.net_savings - depreciation  # T = P − D
    # E = T (1 − tax) also when T < 0: the textbook treats a loss as reducing tax elsewhere in the firm.
    net_profit = taxable * (1 - inputs.tax_rate)
    return depreciation, taxable, net_profit, net_profit + depreciation  # F = E + D


def _payback(inputs: EconomicInputs, flows: Sequence[float]) -> tuple[float | None, str | None]:
    """N = I / F for a uniform F (§5.1); with year-by-year flows, the year the cumulative flow reaches I,
    interpolated within that year."""
    if inputs.investment == 0:
        return 0.0, None
    if inputs.cash_flows is None:
        if flows[0] <= 0:
            return None, f"never repays: the annual cash flow F is {flows[0]:,.2f}, not positive"
        return inputs.investment / flows[0], None
    cumulative = 0.0
    for year, flow in enumerate(flows, start=1):
        if flow > 0 and cumulative + flow >= inputs.investment:
            return year - 1 + (inputs.investment - cumulative) / flow, None
        cumulative += flow
    return None, (
        f"never repays within the {inputs.life_years}-year life: the cash flows add up to "
        f"{cumulative:,.2f} against an investment of {inputs.investment:,.2f}"
    )


def _npvr(investment: float, npv: float) -> tuple[float | None, str | None]:
    """NPVR = NPV / I × 100 (§5.1)."""
    if investment == 0:
        return None, "undefined: there is no investment to divide by"
    return npv / investment * 100, None


def _npv_on_grid(rates: np.ndarray, investment: float, flows: Sequence[float]) -> np.ndarray:
    import numpy as np

    years = np.arange(1, len(flows) + 1)
    with np.errstate(
        over="ignore"
    ):  # (1/(1+r))^n for r near −99 % may exceed float range: ±inf keeps the sign
        discount = (1 / (1 + rates))[:, None] ** years[None, :]
        return discount @ np.asarray(flows, dtype=float) - investment


def _roots_on_grid(
    rates: np.ndarray, values: np.ndarray, investment: float, flows: Sequence[float]
) -> list[float]:
    def npv(rate: float) -> float:
        return npv_at(rate, investment, flows)

    import numpy as np

    roots: list[float] = []
    # only the grid steps where NPV is zero or changes sign (numpy finds them; a Python loop over all
    # 4,000 steps took 3 ms an option)
    steps = np.flatnonzero((values[:-1] == 0) | (values[:-1] * values[1:] < 0))
    for k in steps:
        a, b, fa, fb = float(rates[k]), float(rates[k + 1]), values[k], values[k + 1]
        if fa == 0:
            roots.append(a)
        elif fa * fb < 0:
            roots.append(_polish_root(npv, a, b))
    if values[-1] == 0:
        roots.append(float(rates[-1]))
    return roots


def _polish_root(npv, a: float, b: float) -> float:
    import numpy as np
    from scipy.optimize import brentq

    try:
        return float(brentq(npv, a, b, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))
    except ValueError:
        # The grid and the exact sum disagree on a sign only when the root sits on a grid point.
        return a if abs(npv(a)) <= abs(npv(b)) else b


def _verdict(inputs: EconomicInputs, npv: float, irr: float | None, payback: float | None) -> EconomicVerdict:
    npv_ok = npv >= 0
    irr_ok = None if irr is None else irr >= inputs.benchmark
    within_y = payback is not None and payback < inputs.depreciation_years
    within_n = payback is not None and payback < inputs.life_years
    failures = [
        text
        for ok, text in (
            (npv_ok, f"NPV {npv:,.2f} is negative"),
            (irr_ok is not False, f"IRR is below the benchmark rate {inputs.benchmark:.2%}"),
            (
                within_y,
                f"payback is not shorter than the depreciation period of {inputs.depreciation_years:g} a",
            ),
            (within_n, f"payback is not shorter than the economic life of {inputs.life_years} a"),
        )
        if not ok
    ]
    return EconomicVerdict(npv_ok, irr_ok, within_y, within_n, not failures, tuple(failures))
