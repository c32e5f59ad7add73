"""Weighted-sum scoring, cost classes and option tallies (REFERENCE.md §2.2, §3)."""

import pytest

from cp_audit.calc.scoring import (
    CostClass,
    CostThresholds,
    Criterion,
    ScoreScale,
    Tie,
    classify_cost,
    cross_count,
    group_by,
    summarise,
    total,
    weighted_sum,
)
from cp_audit.errors import CalculationError

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages

TOL = 1e-4
LABEL = {CostClass.no_low: "无/低费", CostClass.medium_high: "中/高费"}


def test_worked_example_focus_3_3():
    # REFERENCE.md §3.3: W = 10, 8, 8, 8, 5, 2.
    criteria = [Criterion(k, w) for k, w in zip("abcdef", (10, 8, 8, 8, 5, 2))]
    scores = {
        "电镀车间": dict(zip("abcdef", (9, 8, 9, 10, 8, 6))),
        "喷涂车间": dict(zip("abcdef", (7, 7, 6, 8, 7, 8))),
        "注塑车间": dict(zip("abcdef", (3, 6, 2, 2, 5, 7))),
    }
    result = weighted_sum(criteria, scores)
    assert result.products["电镀车间"] == dict(zip("abcdef", (90, 64, 72, 80, 40, 12)))
    assert result.totals == {"电镀车间": 358, "喷涂车间": 289, "注塑车间": 149}
    assert result.ranks == {"电镀车间": 1, "喷涂车间": 2, "注塑车间": 3}
    assert result.chosen == "电镀车间"
    assert result.margin == 358 - 289
    assert result.max_possible == (10 + 8 + 8 + 8 + 5 + 2) * 10


def test_worked_example_screening_3_4():
    # REFERENCE.md §3.4: W = 10, 8, 7, 5.
    criteria = [Criterion("env", 10), Criterion("econ", 8), Criterion("tech", 7), Criterion("impl", 5)]
    scores = {
        "A": {"env": 9, "econ": 8, "tech": 8, "impl": 7},
        "B": {"env": 7, "econ": 9, "tech": 8, "impl": 8},
        "C": {"env": 10, "econ": 5, "tech": 6, "impl": 5},
    }
    result = weighted_sum(criteria, scores)
    assert result.totals == {"A": 245, "B": 238, "C": 207}
    assert result.order == ("A", "B", "C")
    assert not result.has_ties


def criteria_of(block):
    return [Criterion(c["key"], c["weight"], c["name_zh"]) for c in block["criteria"]]


def test_reference_focus_selection(reference_inputs, reference_expected):
    block = reference_inputs["phase2_pre_assessment"]["candidate_focuses"]
    expected = reference_expected["phase2"]["focus_selection"]
    result = weighted_sum(criteria_of(block), block["scores"])
    assert {c.key: c.weight for c in criteria_of(block)} == expected["weights"]
    assert result.products == expected["products"]
    assert result.totals == expected["totals"]
    assert result.ranks == expected["ranks"]
    assert list(result.order) == expected["order"]
    assert result.chosen == expected["chosen"]
    assert result.margin == expected["margin_over_second"]
    assert result.has_ties is expected["ties"]
    assert result.max_possible == expected["max_possible"]


def test_reference_option_screening(reference_inputs, reference_expected):
    block = reference_inputs["phase4_options"]["weighted_screening"]
    expected = reference_expected["phase4"]["weighted_screening"]
    scores = {code: block["scores"][code] for code in block["applies_to"]}
    result = weighted_sum(criteria_of(block), scores)
    assert result.products == expected["products"]
    assert result.totals == expected["totals"]
    assert result.ranks == expected["ranks"]
    assert list(result.order) == expected["order"]
    assert result.has_ties is expected["ties"]


def test_ties_share_a_rank():
    criteria = [Criterion("x", 2), Criterion("y", 1)]
    # P: 2×5 + 1×0 = 10; Q: 2×4 + 1×2 = 10; R: 2×3 + 1×3 = 9; S: 2×3 + 1×3 = 9; U: 2×1 = 2
    scores = {
        "P": {"x": 5, "y": 0},
        "Q": {"x": 4, "y": 2},
        "R": {"x": 3, "y": 3},
        "S": {"x": 3, "y": 3},
        "U": {"x": 1, "y": 0},
    }
    result = weighted_sum(criteria, scores)
    assert result.ranks == {"P": 1, "Q": 1, "R": 3, "S": 3, "U": 5}
    assert result.ties == (Tie(1, ("P", "Q")), Tie(3, ("R", "S")))
    assert result.chosen is None
    assert result.margin == 0


def test_tie_below_the_top_keeps_the_leader():
    result = weighted_sum([Criterion("x", 1)], {"A": {"x": 9}, "B": {"x": 5}, "C": {"x": 5}})
    assert result.chosen == "A" and result.ties == (Tie(2, ("B", "C")),)


def test_score_outside_scale_names_candidate_and_criterion():
    criteria = [Criterion("waste", 10, "废弃物量")]
    with pytest.raises(
        CalculationError, match="candidate 镀镍线, criterion 废弃物量: score 11 is outside the scale 0–10"
    ):
        weighted_sum(criteria, {"ni_line": {"waste": 11}}, names={"ni_line": "镀镍线"})
    with pytest.raises(CalculationError, match="candidate ni_line: no score for criterion 废弃物量"):
        weighted_sum(criteria, {"ni_line": {}})
    with pytest.raises(CalculationError, match="outside the scale 1–10"):
        weighted_sum(criteria, {"ni_line": {"waste": 0}}, scale=ScoreScale(1, 10))
    with pytest.raises(CalculationError, match="criterion 废弃物量: weight must be zero or positive"):
        weighted_sum([Criterion("waste", -1, "废弃物量")], {"ni_line": {"waste": 1}})


def option_rows(reference_inputs, low_cost_max):
    thresholds = CostThresholds(low_cost_max)
    rows = []
    for o in reference_inputs["phase4_options"]["options"]:
        cost_class = classify_cost(o["investment_cny"], thresholds, f"option {o['code']}").cost_class
        rows.append(dict(o, cost_class=LABEL[cost_class], screening_result=o["screening"]["result"]))
    return rows


def test_reference_cost_classes(reference_inputs, reference_expected):
    expected = reference_expected["phase4"]
    rows = option_rows(reference_inputs, reference_inputs["conventions"]["low_cost_max_cny"])
    by_class = summarise(rows, lambda r: r["cost_class"], code=lambda r: r["code"])
    assert {k: s.count for k, s in by_class.items()} == expected["count_by_cost_class"]
    assert {k: list(s.codes) for k, s in by_class.items()} == expected["codes_by_cost_class"]
    f15 = next(r for r in rows if r["code"] == "F15")
    assert f15["investment_cny"] == reference_inputs["conventions"]["low_cost_max_cny"]
    assert f15["cost_class"] == expected["boundary_case"]["F15_class"]


AMOUNTS = {
    "investment_cny": lambda r: r["investment_cny"],
    "expected_annual_savings_cny": lambda r: r["expected_annual_savings_cny"],
    "electricity_kwh_a": lambda r: r["expected_effects"]["electricity_kwh_a"],
    "ni_kg_a": lambda r: r["expected_effects"]["ni_kg_a"],
    "cod_t_a": lambda r: r["expected_effects"]["cod_t_a"],
}


def assert_summary(summary, expected):
    assert summary.count == expected["count"]
    assert summary.sums["investment_cny"] == pytest.approx(expected["investment_cny"], abs=TOL)
    assert summary.sums["expected_annual_savings_cny"] == pytest.approx(
        expected["expected_annual_savings_cny"], abs=TOL
    )
    assert summary.missing["expected_annual_savings_cny"] == expected["savings_not_estimated"]
    for effect in ("electricity_kwh_a", "ni_kg_a", "cod_t_a"):
        assert summary.sums[effect] == pytest.approx(expected["effects"][effect], abs=TOL)


def test_reference_sums_by_class(reference_inputs, reference_expected):
    expected = reference_expected["phase4"]
    rows = option_rows(reference_inputs, reference_inputs["conventions"]["low_cost_max_cny"])
    code = lambda r: r["code"]
    for label, summary in summarise(rows, lambda r: r["cost_class"], code=code, amounts=AMOUNTS).items():
        assert_summary(summary, expected["totals_by_class_all_options"][label])
    assert_summary(total(rows, code=code, amounts=AMOUNTS), expected["totals_all_options"])
    retained = [r for r in rows if r["screening_result"] != "不可行"]
    for label, summary in summarise(retained, lambda r: r["cost_class"], code=code, amounts=AMOUNTS).items():
        assert_summary(summary, expected["totals_by_class_retained_options"][label])
    assert_summary(total(retained, code=code, amounts=AMOUNTS), expected["totals_retained_options"])


def test_reference_counts_by_aspect_and_screening(reference_inputs, reference_expected):
    expected = reference_expected["phase4"]
    rows = option_rows(reference_inputs, reference_inputs["conventions"]["low_cost_max_cny"])
    by_aspect = summarise(rows, lambda r: r["aspect"], code=lambda r: r["code"])
    assert {k: list(s.codes) for k, s in by_aspect.items()} == expected["by_aspect"]
    assert {k: s.count for k, s in by_aspect.items()} == expected["count_by_aspect"]
    by_screening = summarise(rows, lambda r: r["screening_result"], code=lambda r: r["code"])
    assert {k: s.count for k, s in by_screening.items()} == expected["count_by_screening"]
    assert {k: list(s.codes) for k, s in by_screening.items()} == expected["codes_by_screening"]
    table = cross_count(
        rows,
        lambda r: r["cost_class"],
        lambda r: r["screening_result"],
        column_order=["可直接实施", "需进一步研究", "不可行"],
    )
    assert table == expected["count_by_class_and_screening"]


def test_reference_counts_by_status(reference_inputs, reference_expected):
    expected = reference_expected["phase6"]
    records = reference_inputs["phase6_implementation"]["records"]
    rows = [
        dict(r, status=records[r["code"]]["status"])
        for r in option_rows(reference_inputs, reference_inputs["conventions"]["low_cost_max_cny"])
    ]
    statuses = ["implemented", "planned", "rejected"]
    by_status = summarise(rows, lambda r: r["status"], code=lambda r: r["code"], order=statuses)
    assert {k: s.count for k, s in by_status.items()} == expected["count_by_status"]
    assert {k: list(s.codes) for k, s in by_status.items()} == expected["codes_by_status"]
    table = cross_count(rows, lambda r: r["cost_class"], lambda r: r["status"], column_order=statuses)
    assert table == expected["count_by_class_and_status"]


def test_group_order_lists_empty_groups_first():
    groups = group_by([1, 2, 3, 4], lambda n: "even" if n % 2 == 0 else "odd", order=["none", "even"])
    assert groups == {"none": [], "even": [2, 4], "odd": [1, 3]}


@pytest.mark.parametrize(
    ("investment", "expected"),
    [
        (0, CostClass.no_low),
        (10_000, CostClass.no_low),
        (10_000.01, CostClass.medium),
        (200_000, CostClass.medium),
        (200_000.5, CostClass.high),
    ],
)
def test_medium_cost_limit_splits_medium_and_high(investment, expected):
    result = classify_cost(investment, CostThresholds(low_cost_max=10_000, medium_cost_max=200_000))
    assert result.cost_class is expected
    assert result.cost_class.group is (
        CostClass.no_low if expected is CostClass.no_low else CostClass.medium_high
    )


def test_unclassified_and_invalid_investments():
    result = classify_cost(None, CostThresholds(50_000), "option F21")
    assert (
        result.cost_class is CostClass.unclassified
        and result.reason == "option F21: no investment entered yet"
    )
    with pytest.raises(CalculationError, match="option F22: investment must be zero or positive"):
        classify_cost(-5, CostThresholds(50_000), "option F22")
    with pytest.raises(CalculationError, match="medium-cost limit 1,000.00 is below the low-cost limit"):
        classify_cost(5, CostThresholds(50_000, 1_000))
