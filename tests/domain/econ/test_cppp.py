"""HK CPPP funding, durations, benefits and paybacks (REFERENCE.md §8); reproduces expected.json hk_cppp."""

from datetime import date

import pytest

from cp_audit.calc.cppp import (
    BenefitConversions,
    CpppProject,
    CpppRuleSet,
    OptionBenefit,
    ProjectRule,
    cppp_benefits,
    payback_on_eligible_cost,
    programme_funding,
    project_duration,
    project_funding,
    rule_set_on,
)
from cp_audit.datafiles import cppp_benefit_conversions, load_cppp_rules
from cp_audit.errors import CalculationError

TOL = 1e-4
KIND = {"onsite_assessment": "onsite_assessment", "demonstration": "demonstration_installation"}


def audit_rule_sets(reference_inputs):
    """The rule sets as the audit stores them (inputs.json hk_cppp.rule_sets)."""
    sets = {}
    for raw in reference_inputs["hk_cppp"]["rule_sets"]:
        projects = {kind: ProjectRule(raw["share"], cap) for kind, cap in raw["caps_hkd"].items()}
        months = {KIND[k]: v for k, v in raw.get("max_duration_months", {}).items()}
        sets[raw["key"]] = CpppRuleSet(raw["key"], raw["name"], projects, months, source=raw["source"])
    return sets


def projects(reference_inputs):
    result = []
    for raw in reference_inputs["hk_cppp"]["projects"]:
        kind = raw.get("funding_category", raw["key"])
        cost = raw.get("eligible_cost_hkd", raw.get("cost_hkd"))
        result.append(
            CpppProject(
                raw["key"], kind, cost, date.fromisoformat(raw["start"]), date.fromisoformat(raw["end"])
            )
        )
    return result


@pytest.fixture(params=["audit copy", "data file"])
def rule_sets(request, reference_inputs):
    return audit_rule_sets(reference_inputs) if request.param == "audit copy" else load_cppp_rules()


@pytest.mark.parametrize("key", ["phase_2015_2020", "current"])
def test_reference_funding(reference_inputs, reference_expected, rule_sets, key):
    expected = reference_expected["hk_cppp"]["funding"][key]
    summary = programme_funding(projects(reference_inputs), rule_sets[key])
    onsite, demonstration = summary.projects
    assert onsite.funding_hkd == pytest.approx(expected["onsite_assessment_funding_hkd"], abs=TOL)
    assert onsite.capped is expected["onsite_assessment_capped"]
    assert onsite.firm_pays_hkd == pytest.approx(expected["onsite_assessment_firm_share_hkd"], abs=TOL)
    assert demonstration.funding_hkd == pytest.approx(expected["demonstration_funding_hkd"], abs=TOL)
    assert demonstration.capped is expected["demonstration_capped"]
    assert demonstration.firm_pays_hkd == pytest.approx(expected["demonstration_firm_share_hkd"], abs=TOL)
    assert summary.total_funding_hkd == pytest.approx(expected["total_funding_hkd"], abs=TOL)
    assert summary.firm_pays_hkd == pytest.approx(expected["total_firm_share_hkd"], abs=TOL)
    assert summary.funded_pct == pytest.approx(expected["funding_share_of_total_cost_pct"], abs=TOL)


def test_reference_totals_by_hand(reference_inputs, rule_sets):
    # 2015–2020: min(0.5 × 62000, 28000) + min(0.5 × 1150000, 330000) = 28000 + 330000 = 358000
    # current:   min(0.5 × 62000, 45000) + min(0.5 × 1150000, 450000) = 31000 + 450000 = 481000
    assert (
        programme_funding(projects(reference_inputs), rule_sets["phase_2015_2020"]).total_funding_hkd
        == 358_000
    )
    assert programme_funding(projects(reference_inputs), rule_sets["current"]).total_funding_hkd == 481_000


def test_reference_durations(reference_inputs, reference_expected, rule_sets):
    expected = reference_expected["hk_cppp"]["durations"]
    onsite, demonstration = (project_duration(p, rule_sets["current"]) for p in projects(reference_inputs))
    assert onsite.days == expected["onsite_assessment_days"]
    assert onsite.within is expected["onsite_assessment_within_3_months"]
    assert demonstration.days == expected["demonstration_days"]
    assert demonstration.within is expected["demonstration_within_12_months"]
    assert onsite.latest_end == date(2026, 7, 1)  # 2026-04-01 + 3 months


def reference_conversions(reference_inputs):
    coefficients = reference_inputs["coefficients"]
    contents = {c["key"]: c["value"] for c in coefficients["energy_content"]}
    # effluent is reported in tonnes with 1 m3 = 1 t (hk_cppp.benefit_units)
    return BenefitConversions(
        contents["electricity"], contents["natural_gas"], 1.0, coefficients["exchange_rate"]["cny_to_hkd"]
    )


def option_benefits(reference_inputs, reference_expected, codes):
    records = reference_inputs["phase6_implementation"]["records"]
    implemented = reference_expected["phase6"]["implemented_options"]
    return [
        OptionBenefit(
            code,
            records[code]["actual_effects"]["electricity_kwh_a"],
            records[code]["actual_effects"]["natural_gas_m3_a"],
            records[code]["actual_effects"]["wastewater_m3_a"],
            implemented[code]["actual_tco2_a"],
            records[code]["actual_annual_savings_cny"],
        )
        for code in codes
    ]


def assert_benefits(benefits, expected):
    assert benefits.electricity_kwh_a == pytest.approx(expected["electricity_kwh_a"], abs=TOL)
    assert benefits.natural_gas_m3_a == pytest.approx(expected["natural_gas_m3_a"], abs=TOL)
    assert benefits.co2_t_a == pytest.approx(expected["tco2_a"], abs=TOL)
    assert benefits.effluent_t_a == pytest.approx(expected["effluent_t_a"], abs=TOL)
    assert benefits.energy_tj_a == pytest.approx(expected["energy_tj_a"], abs=1e-6)
    assert benefits.savings_cny_a == pytest.approx(expected["savings_cny_a"], abs=TOL)
    assert benefits.savings_hkd_a == pytest.approx(expected["savings_hkd_a"], abs=TOL)
    if "energy_tj_electricity_a" in expected:
        assert benefits.energy_tj_electricity_a == pytest.approx(
            expected["energy_tj_electricity_a"], abs=1e-6
        )
        assert benefits.energy_tj_natural_gas_a == pytest.approx(
            expected["energy_tj_natural_gas_a"], abs=1e-6
        )


@pytest.fixture(params=["audit copy", "data file"])
def conversions(request, reference_inputs):
    if request.param == "audit copy":
        return reference_conversions(reference_inputs)
    return cppp_benefit_conversions(reference_inputs["coefficients"]["exchange_rate"]["cny_to_hkd"])


def test_reference_benefits(reference_inputs, reference_expected, conversions):
    expected = reference_expected["hk_cppp"]
    demo_project = next(p for p in reference_inputs["hk_cppp"]["projects"] if p["key"] == "demonstration")
    onsite_project = next(
        p for p in reference_inputs["hk_cppp"]["projects"] if p["key"] == "onsite_assessment"
    )
    demo = option_benefits(reference_inputs, reference_expected, [demo_project["linked_option"]])
    onsite = option_benefits(reference_inputs, reference_expected, onsite_project["recommended_options"])
    assert_benefits(cppp_benefits(demo, conversions), expected["benefits_demonstration"])
    assert_benefits(cppp_benefits(onsite, conversions), expected["benefits_onsite_assessment_measures"])
    assert_benefits(cppp_benefits(demo + onsite, conversions), expected["benefits_combined"])
    assert (
        list(cppp_benefits(onsite, conversions).records)
        == expected["benefits_onsite_assessment_measures"]["options"]
    )


def test_f8_energy_by_hand(reference_inputs, reference_expected, conversions):
    # 251,500 kWh × 3.6 MJ/kWh = 905,400 MJ = 0.9054 TJ (= 251,500 × 3.6e-6 TJ/kWh)
    benefits = cppp_benefits(option_benefits(reference_inputs, reference_expected, ["F8"]), conversions)
    assert benefits.energy_tj_a == pytest.approx(251_500 * 3.6e-6, rel=1e-12)
    # 212,728 CNY × 1.08 = 229,746.24 HK$
    assert benefits.savings_hkd_a == pytest.approx(229_746.24, abs=1e-6)


def test_reference_paybacks(reference_inputs, reference_expected, rule_sets):
    expected = reference_expected["hk_cppp"]
    demo = expected["benefits_demonstration"]
    rate = reference_inputs["coefficients"]["exchange_rate"]["cny_to_hkd"]
    cost = next(p for p in reference_inputs["hk_cppp"]["projects"] if p["key"] == "demonstration")[
        "eligible_cost_hkd"
    ]
    assert cost / rate == pytest.approx(expected["f8_investment_cny_equivalent_of_eligible_cost"], abs=TOL)
    savings = reference_inputs["phase6_implementation"]["records"]["F8"]["actual_annual_savings_cny"]
    before = payback_on_eligible_cost(cost, savings, rate)
    assert before == pytest.approx(demo["simple_payback_on_eligible_cost_years"], abs=TOL)
    for key, years in demo["simple_payback_after_funding_years"].items():
        funding = project_funding(projects(reference_inputs)[1], rule_sets[key]).funding_hkd
        assert payback_on_eligible_cost(cost, savings, rate, funding) == pytest.approx(years, abs=TOL)
    # By hand, current phase: (1,150,000 − 450,000) / 1.08 / 212,728 = 648,148.15 / 212,728 = 3.0468 a
    assert payback_on_eligible_cost(cost, savings, rate, 450_000) == pytest.approx(3.0468, abs=1e-4)


RULES = CpppRuleSet(
    "t",
    "test phase",
    {
        "onsite_assessment": ProjectRule(0.5, 45_000),
        "verification": ProjectRule(None, 20_000),
        "demonstration_rnd": ProjectRule(0.5, None),
    },
    {"onsite_assessment": 3},
)


def test_funding_edge_cases(english):
    # 0.5 × 90,000 = 45,000 equals the cap: not capped; 0.5 × 90,002 = 45,001 > cap: capped at 45,000.
    at_cap = project_funding(CpppProject("a", "onsite_assessment", 90_000), RULES)
    assert at_cap.funding_hkd == 45_000 and not at_cap.capped
    over = project_funding(CpppProject("b", "onsite_assessment", 90_002), RULES)
    assert over.funding_hkd == 45_000 and over.capped and over.firm_pays_hkd == 45_002
    uncapped = project_funding(CpppProject("c", "demonstration_rnd", 2_000_000), RULES)
    assert uncapped.funding_hkd == 1_000_000 and not uncapped.capped
    assert programme_funding([], RULES).funded_pct is None
    with pytest.raises(
        CalculationError, match="rule set test phase: the funded share of Verification is not recorded"
    ):
        project_funding(CpppProject("d", "verification", 10_000), RULES)
    with pytest.raises(CalculationError, match=r"no funding rule for Demonstration project \(installation/retrofit\) \(project e\)"):
        project_funding(CpppProject("e", "demonstration_installation", 10_000), RULES)
    with pytest.raises(CalculationError, match="project f: eligible cost must be zero or positive"):
        project_funding(CpppProject("f", "onsite_assessment", -1), RULES)


def test_duration_edge_cases(english):
    late = project_duration(
        CpppProject("a", "onsite_assessment", 1, date(2026, 4, 1), date(2026, 7, 2)), RULES
    )
    assert late.days == 92 and late.within is False  # 30 + 31 + 30 + 1 days; latest end 2026-07-01
    month_end = project_duration(
        CpppProject("b", "onsite_assessment", 1, date(2026, 11, 30), date(2027, 2, 28)), RULES
    )
    assert month_end.within is True  # 2026-11-30 + 3 months = 2027-02-28 (clamped)
    open_ended = project_duration(
        CpppProject("c", "verification", 1, date(2026, 1, 1), date(2026, 12, 31)), RULES
    )
    assert open_ended.within is None and open_ended.max_months is None
    with pytest.raises(CalculationError, match="project d: enter its start and end dates"):
        project_duration(CpppProject("d", "onsite_assessment", 1), RULES)


def test_rule_set_on_a_date(english):
    rules = list(load_cppp_rules().values())
    assert rule_set_on(rules, date(2026, 4, 1)).key == "current"
    assert rule_set_on(rules, date(2016, 1, 1)).key == "phase_2015_2020"
    assert rule_set_on(rules, date(2009, 1, 1)).key == "phase_2008_2013"
    with pytest.raises(CalculationError, match="no funding rules recorded for 2030-01-01"):
        rule_set_on(rules, date(2030, 1, 1))


def test_payback_without_savings_and_bad_inputs(english):
    assert payback_on_eligible_cost(100_000, 0, 1.08) is None
    with pytest.raises(CalculationError, match="funding exceeds the eligible cost"):
        payback_on_eligible_cost(100, 1_000, 1.08, funding_hkd=200)
    with pytest.raises(CalculationError, match="exchange rate must be positive"):
        payback_on_eligible_cost(100, 1_000, 0)
    with pytest.raises(CalculationError, match="HKD per CNY rate must be positive"):
        cppp_benefits([], BenefitConversions(3.6, 35.544, 1.0, 0.0))
