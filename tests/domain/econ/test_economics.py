"""Economic evaluation (REFERENCE.md §5): the reference audit's F7, F8, F9 before and after
implementation, hand-computed examples, edge cases and the IRR property."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cp_audit.calc.economics import (
    CashLine,
    EconomicInputs,
    PaybackNorm,
    annuity_factor,
    check_payback_norm,
    evaluate,
    inputs_from_lines,
    internal_rate_of_return,
    interpolated_irr,
    npv_at,
    simple_payback,
)
from cp_audit.errors import CalculationError

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages

TOL = 1e-4


def priced(items):
    return [CashLine.priced(item["item_zh"], item["qty"], item["unit_price"]) for item in items]


def feasibility_inputs(reference_inputs, code):
    common = reference_inputs["phase5_feasibility"]["common"]
    option = next(o for o in reference_inputs["phase5_feasibility"]["options"] if o["code"] == code)
    return option, {
        "depreciation_years": option["depreciation_years_Y"],
        "life_years": option["economic_life_years_n"],
        "tax_rate": common["tax_rate"],
        "discount_rate": common["discount_rate"],
    }


def assert_matches(result, expected):
    assert result.investment == pytest.approx(expected["I"], abs=TOL)
    assert result.net_savings == pytest.approx(expected["P"], abs=TOL)
    assert result.depreciation == pytest.approx(expected["D"], abs=TOL)
    assert result.taxable_profit == pytest.approx(expected["T"], abs=TOL)
    assert result.net_profit == pytest.approx(expected["E"], abs=TOL)
    assert result.cash_flow == pytest.approx(expected["F"], abs=TOL)
    assert result.payback_years == pytest.approx(expected["N_years"], abs=TOL)
    assert result.annuity_factor == pytest.approx(expected["annuity_factor"], abs=TOL)
    assert result.npv == pytest.approx(expected["NPV"], abs=TOL)
    assert result.npvr_pct == pytest.approx(expected["NPVR_pct"], abs=TOL)
    assert result.npvr_pct / 100 == pytest.approx(expected["NPVR"], abs=TOL)
    assert result.irr == pytest.approx(expected["IRR"], abs=TOL)
    assert result.irr * 100 == pytest.approx(expected["IRR_pct"], abs=TOL)
    flags = expected["verdict_flags"]
    assert result.verdict.npv_non_negative is flags["npv_ge_0"]
    assert result.verdict.irr_meets_benchmark is flags["irr_ge_discount_rate"]
    assert result.verdict.payback_within_depreciation is flags["payback_lt_Y"]
    assert result.verdict.feasible is expected["feasible"]


@pytest.mark.parametrize("code", ["F7", "F8", "F9"])
def test_reference_feasibility(reference_inputs, reference_expected, code):
    option, terms = feasibility_inputs(reference_inputs, code)
    inputs = inputs_from_lines(
        f"option {code}",
        investment_lines=[CashLine(i["item_zh"], i["cny"]) for i in option["investment_items"]],
        savings_lines=priced(option["savings_items"]),
        added_cost_lines=priced(option["added_cost_items"]),
        **terms,
    )
    expected = reference_expected["phase5"]["options"][code]
    result = evaluate(inputs)
    assert_matches(result, expected)
    assert result.savings_total == pytest.approx(expected["savings_total"], abs=TOL)
    assert (result.added_costs_total or 0.0) == pytest.approx(expected["added_costs_total"], abs=TOL)


def test_reference_feasible_lists(reference_inputs, reference_expected):
    verdicts = {}
    for code in ("F7", "F8", "F9"):
        option, terms = feasibility_inputs(reference_inputs, code)
        inputs = inputs_from_lines(
            code,
            investment_lines=[CashLine(i["item_zh"], i["cny"]) for i in option["investment_items"]],
            savings_lines=priced(option["savings_items"]),
            added_cost_lines=priced(option["added_cost_items"]),
            **terms,
        )
        verdicts[code] = evaluate(inputs).verdict.feasible
    assert [c for c, ok in verdicts.items() if ok] == reference_expected["phase5"]["feasible"]
    assert [c for c, ok in verdicts.items() if not ok] == reference_expected["phase5"]["not_feasible"]


@pytest.mark.parametrize("code", ["F7", "F8"])
def test_reference_post_implementation(reference_inputs, reference_expected, code):
    _, terms = feasibility_inputs(reference_inputs, code)
    record = reference_inputs["phase6_implementation"]["records"][code]
    breakdown = reference_inputs["phase6_implementation"]["actual_savings_breakdown"][code]
    inputs = inputs_from_lines(
        f"option {code} (actual)",
        investment_lines=[CashLine("actual", record["actual_investment_cny"])],
        savings_lines=priced(breakdown["savings_items"]),
        added_cost_lines=priced(breakdown["added_cost_items"]),
        **terms,
    )
    # The breakdown must give the actual annual savings recorded for the option.
    assert inputs.net_savings == pytest.approx(record["actual_annual_savings_cny"], abs=TOL)
    assert_matches(evaluate(inputs), reference_expected["phase6"]["post_implementation_economics"][code])


HAND = {"depreciation_years": 5, "life_years": 5, "tax_rate": 0.25, "discount_rate": 0.10}


def test_hand_example():
    result = evaluate(EconomicInputs("hand", 100_000, 30_000, **HAND))
    # D = 100000 / 5 = 20000; T = 30000 − 20000 = 10000; E = 10000 × 0.75 = 7500; F = 7500 + 20000 = 27500
    assert result.depreciation == 20_000
    assert result.taxable_profit == 10_000
    assert result.net_profit == 7_500
    assert result.cash_flow == 27_500
    # N = 100000 / 27500 = 3.636363...
    assert result.payback_years == pytest.approx(3.6363636, abs=1e-6)
    # 1.1^5 = 1.61051; 1 / 1.61051 = 0.6209213; annuity = (1 − 0.6209213) / 0.1 = 3.790787
    assert result.annuity_factor == pytest.approx(3.790787, abs=1e-6)
    # NPV = 27500 × 3.7907868 − 100000 = 104246.64 − 100000 = 4246.64; NPVR = 4.2466 %
    assert result.npv == pytest.approx(4246.636, abs=1e-3)
    assert result.npvr_pct == pytest.approx(4.246636, abs=1e-5)
    # At 11 %: 1.11^5 = 1.6850582, annuity 3.6958970, NPV = +1637.17; at 12 %: 1.12^5 = 1.7623417,
    # annuity 3.6047762, NPV = −868.65: the IRR lies between, near 11.65 %.
    assert 0.11 < result.irr < 0.12
    assert npv_at(result.irr, 100_000, result.cash_flows) == pytest.approx(0, abs=1e-6)
    assert result.verdict.feasible
    assert result.verdict.failures == ()


def test_hand_interpolated_irr():
    inputs = EconomicInputs("hand", 100_000, 30_000, **HAND)
    # NPV1 at 11 % = 27500 × (1 − 1/1.11^5)/0.11 − 100000 = 1637.17
    npv1 = 27_500 * (1 - 1.11**-5) / 0.11 - 100_000
    # NPV2 at 12 % = 27500 × (1 − 1/1.12^5)/0.12 − 100000 = −868.65
    npv2 = 27_500 * (1 - 1.12**-5) / 0.12 - 100_000
    assert npv1 == pytest.approx(1637.17, abs=0.01) and npv2 == pytest.approx(-868.65, abs=0.01)
    # IRR ≈ 0.11 + 1637.17 × 0.01 / (1637.17 + 868.65) = 0.11 + 0.0065334 = 0.1165334
    value = interpolated_irr(inputs, 0.11, 0.12)
    assert value == pytest.approx(0.11 + npv1 * 0.01 / (npv1 + abs(npv2)), rel=1e-12)
    assert value == pytest.approx(0.1165334, abs=1e-6)
    # The hand method slightly overstates the exact IRR (REFERENCE.md §5.1 notes).
    assert value > evaluate(inputs).irr
    with pytest.raises(CalculationError, match="hand: interpolation needs NPV > 0"):
        interpolated_irr(inputs, 0.12, 0.13)


def test_annuity_factor_at_zero_rate():
    assert annuity_factor(0.0, 7) == 7.0
    result = evaluate(EconomicInputs("zero rate", 100_000, 30_000, **{**HAND, "discount_rate": 0.0}))
    # NPV at 0 % = 5 × 27500 − 100000 = 37500
    assert result.npv == pytest.approx(37_500, abs=1e-9)


def test_ramp_up_year():
    # Year 1 runs at a ramp-up: F1 = 10000, then 27500 a year.
    flows = (10_000.0, 27_500.0, 27_500.0, 27_500.0, 27_500.0)
    result = evaluate(EconomicInputs("ramp", 100_000, 30_000, cash_flows=flows, **HAND))
    # cumulative 10000, 37500, 65000, 92500 after year 4; year 5 adds 27500: 4 + 7500 / 27500 = 4.272727
    assert result.payback_years == pytest.approx(4 + 7_500 / 27_500, abs=1e-12)
    # NPV = uniform NPV − 17500 / 1.1 = 4246.636 − 15909.091 = −11662.455
    assert result.npv == pytest.approx(-11_662.455, abs=1e-3)
    assert result.cash_flows == flows
    assert result.irr < 0.10 and not result.verdict.feasible
    assert npv_at(result.irr, 100_000, flows) == pytest.approx(0, abs=1e-6)


def test_ramp_up_with_start_up_loss_has_one_irr():
    flows = (-5_000.0, 40_000.0, 40_000.0, 40_000.0, 40_000.0)
    result = evaluate(EconomicInputs("start-up", 100_000, 30_000, cash_flows=flows, **HAND))
    assert result.irr is not None and result.irr_note is None
    assert npv_at(result.irr, 100_000, flows) == pytest.approx(0, abs=1e-6)


def test_two_sign_changes_give_no_irr():
    # I = 100, F1 = 230, F2 = −132: with x = 1/(1+r), 132x² − 230x + 100 = 0 gives x = 240/264 or 220/264,
    # i.e. NPV = 0 at both 10 % and 20 %.
    result = evaluate(EconomicInputs("two roots", 100, 0, 2, 2, 0.0, 0.15, cash_flows=(230.0, -132.0)))
    assert result.irr is None
    assert "10.00 %" in result.irr_note and "20.00 %" in result.irr_note
    # NPV at 15 % = 230/1.15 − 132/1.3225 − 100 = 200 − 99.811 − 100 = 0.189 ≥ 0; IRR test does not apply.
    assert result.verdict.irr_meets_benchmark is None


def test_zero_investment():
    result = evaluate(EconomicInputs("option F2", 0, 91_640, **HAND))
    assert result.payback_years == 0
    assert result.npvr_pct is None and "no investment" in result.npvr_note
    assert result.irr is None and "no investment" in result.irr_note
    # D = 0, F = 91640 × 0.75 = 68730; NPV = 68730 × (1 − 1.1^−5) / 0.1 = 68730 × 3.7907868 = 260540.77
    assert result.npv == pytest.approx(68_730 * (1 - 1.1**-5) / 0.1, abs=1e-6)
    assert result.npv == pytest.approx(260_540.77, abs=0.01)
    assert result.verdict.feasible


@pytest.mark.parametrize(("tax", "savings"), [(0.0, 0.0), (0.25, -10_000.0)])
def test_never_repays(tax, savings):
    # tax 0, P 0: F = P (1 − t) + t D = 0.  tax 25 %, P = −10000: F = −7500 + 0.25 × 20000 = −2500.
    result = evaluate(EconomicInputs("option F99", 100_000, savings, 5, 5, tax, 0.10))
    assert result.payback_years is None and "never repays" in result.payback_note
    assert result.npv < 0
    assert result.irr is None and result.irr_note
    assert not result.verdict.feasible
    assert len(result.verdict.failures) == 3


def test_explicit_flows_that_never_repay():
    result = evaluate(
        EconomicInputs("option F98", 100_000, 0, 5, 3, 0.25, 0.1, cash_flows=(10.0, 10.0, 10.0))
    )
    assert result.payback_years is None and "within the 3-year life" in result.payback_note


def test_payback_beyond_life_fails_verdict():
    # Y = 10, n = 3: D = 10000, T = 20000, E = 15000, F = 25000, N = 4: shorter than Y, beyond the life.
    result = evaluate(EconomicInputs("option F97", 100_000, 30_000, 10, 3, 0.25, 0.0))
    assert result.payback_years == pytest.approx(4.0)
    assert result.verdict.payback_within_depreciation and not result.verdict.payback_within_life
    assert not result.verdict.feasible


def test_benchmark_rate_other_than_discount_rate():
    base = EconomicInputs("hand", 100_000, 30_000, **HAND)
    assert evaluate(base).verdict.irr_meets_benchmark is True
    strict = EconomicInputs("hand", 100_000, 30_000, benchmark_rate=0.12, **HAND)
    assert evaluate(strict).verdict.irr_meets_benchmark is False
    assert not evaluate(strict).verdict.feasible


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"depreciation_years": 0}, "option F9: depreciation period must be positive"),
        ({"depreciation_years": -2}, "option F9: depreciation period must be positive"),
        ({"life_years": 0}, "option F9: economic life must be a positive whole number"),
        ({"life_years": 2.5}, "option F9: economic life must be a positive whole number"),
        ({"tax_rate": 1.0}, "option F9: tax rate must be at least 0 and below 1"),
        ({"tax_rate": -0.1}, "option F9: tax rate must be at least 0 and below 1"),
        ({"tax_rate": 25}, "enter 25 % as 0.25"),
        ({"investment": -1}, "option F9: investment cannot be negative"),
        ({"discount_rate": -1.0}, "above −100 %"),
        ({"cash_flows": (1.0, 2.0)}, "2 yearly cash flows given for an economic life of 5 years"),
        ({"net_savings": math.nan}, "finite"),
    ],
)
def test_invalid_inputs_raise(change, message):
    terms = dict(record="option F9", investment=100_000, net_savings=30_000, **HAND) | change
    with pytest.raises(CalculationError, match=message):
        evaluate(EconomicInputs(**terms))


def test_lines_must_agree_with_totals():
    lines = (CashLine("equipment", 60_000), CashLine("installation", 30_000))
    with pytest.raises(CalculationError, match="option F9: investment 100,000.00 differs from the sum"):
        evaluate(EconomicInputs("option F9", 100_000, 30_000, investment_lines=lines, **HAND))


def test_priced_line():
    # 2800 kg Ni × 132.0 CNY/kg = 369600 (reference audit F7 savings line)
    assert CashLine.priced("回收镍", 2800, 132.0).amount == pytest.approx(369_600)


def test_simple_payback(reference_expected):
    options = reference_expected["phase4"]["options"]
    for code in ("F1", "F7", "F15"):
        o = options[code]
        assert simple_payback(o["investment_cny"], o["expected_annual_savings_cny"]) == pytest.approx(
            o["simple_payback_years"], abs=TOL
        )
    assert simple_payback(0, 91_640) == 0.0
    assert simple_payback(8_000, 0) is None  # F18: actual savings 0, payback shown as —
    assert simple_payback(600_000, None) is None  # F20: savings not estimated


NORMS = {  # REFERENCE.md §5.2: 中费 2–3 a, 较高费 5 a, 高费 10 a (✔ S30)
    "medium": PaybackNorm("medium", "中费", 3, 2, "S30", "✔"),
    "high": PaybackNorm("high", "高费", 10, None, "S30", "✔"),
}


def test_payback_norms():
    check = check_payback_norm(2.5, NORMS["medium"])
    assert check.within and check.within_strict is False
    assert "2–3 a" in check.message
    assert check_payback_norm(3.0, NORMS["medium"]).within is False  # "shorter than" the norm
    assert (
        check_payback_norm(7.84, NORMS["high"]).within
        and check_payback_norm(7.84, NORMS["high"]).within_strict is None
    )
    never = check_payback_norm(None, NORMS["high"])
    assert not never.within and "never repays" in never.message


rates = st.floats(min_value=0.0, max_value=0.3)


@settings(max_examples=200, deadline=None)
@given(
    investment=st.floats(1e3, 1e7),
    savings=st.floats(-1e6, 1e7),
    years=st.integers(1, 30),
    life=st.integers(1, 30),
    tax=st.floats(0.0, 0.5),
    rate=rates,
)
def test_npv_at_irr_is_zero(investment, savings, years, life, tax, rate):
    result = evaluate(EconomicInputs("h", investment, savings, years, life, tax, rate))
    if result.irr is None:
        assert result.irr_note
        return
    scale = investment + sum(abs(f) / (1 + result.irr) ** j for j, f in enumerate(result.cash_flows, 1))
    assert abs(npv_at(result.irr, investment, result.cash_flows)) <= 1e-9 * scale
    # NPV falls as the rate rises for an investment followed by positive flows: sign agrees with IRR.
    assert (result.npv >= 0) == (result.irr >= rate) or math.isclose(result.irr, rate, abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(investment=st.floats(1e3, 1e6), flows=st.lists(st.floats(-1e5, 1e6), min_size=1, max_size=20))
def test_irr_of_explicit_flows(investment, flows):
    irr, note = internal_rate_of_return(investment, flows)
    assert (irr is None) != (note is None)
    if irr is not None:
        scale = investment + sum(abs(f) / (1 + irr) ** j for j, f in enumerate(flows, 1))
        assert abs(npv_at(irr, investment, flows)) <= 1e-9 * scale
