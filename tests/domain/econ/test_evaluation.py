"""Evaluation index systems (REFERENCE.md §7.3, §7.4): indicator levels, composite indices, weight
renormalisation, limiting indicators and per-system rules."""

import pytest

from cp_audit.calc.evaluation import (
    EvaluationSystem,
    IndicatorGroup,
    IndicatorSpec,
    Level,
    LevelRule,
    evaluate,
    indicator_level,
)
from cp_audit.datafiles import load_evaluation_system
from cp_audit.errors import CalculationError

METALS = (
    "zn_utilisation",
    "cu_utilisation",
    "ni_utilisation",
    "cr_decorative_utilisation",
    "cr_hard_utilisation",
    "au_utilisation",
    "ag_utilisation",
)
DESCRIPTIVE = ("clean_process", "process_control", "water_saving_facilities")
# The standard rule of §7.3: Ⅰ Y ≥ 85 and limiting at Ⅰ; Ⅱ Y ≥ 85 and limiting at Ⅱ; Ⅲ Y = 100.
STANDARD_RULES = (
    LevelRule(Level.I, 85, Level.I),
    LevelRule(Level.II, 85, Level.II),
    LevelRule(Level.III, 100),
)


@pytest.fixture(scope="module")
def plating():
    return load_evaluation_system("electroplating-2015")


def spec(system, key):
    return next(s for g in system.groups for s in g.indicators if s.key == key)


def level_of(system, key, value):
    s = spec(system, key)
    return indicator_level(value, s.comparator, s.benchmarks, s.name_zh)


def test_reference_levels_2025(plating, reference_expected):
    expected = reference_expected["phase2"]["evaluation_index_2025"]
    assert (
        level_of(plating, "rinse_water", expected["rinse_water_plant_l_per_m2"]).key
        == expected["rinse_water_level"]
    )
    assert (
        level_of(plating, "ni_utilisation", expected["ni_utilisation_pct"]).key
        == expected["ni_utilisation_level"]
    )
    for line in expected["rinse_water_by_line"].values():
        assert level_of(plating, "rinse_water", line["l_per_m2_per_rinse"]).key == line["level"]


def test_reference_levels_after_implementation(plating, reference_expected):
    after = reference_expected["phase6"]["evaluation_levels_after"]
    assert (
        level_of(plating, "rinse_water", after["rinse_water_plant_l_per_m2"]).key
        == after["rinse_water_level"]
    )
    assert (
        level_of(plating, "ni_utilisation", after["ni_utilisation_pct"]).key == after["ni_utilisation_level"]
    )


def test_audit_copy_of_benchmarks_gives_same_levels(reference_inputs, reference_expected):
    # The audit stores its own copy of the two indicators with "<=" / ">=" comparators.
    indicators = {
        i["key"]: i for i in reference_inputs["phase2_pre_assessment"]["evaluation_index"]["indicators"]
    }
    expected = reference_expected["phase2"]["evaluation_index_2025"]
    for key, value, level in (
        ("rinse_water", expected["rinse_water_plant_l_per_m2"], expected["rinse_water_level"]),
        ("ni_utilisation", expected["ni_utilisation_pct"], expected["ni_utilisation_level"]),
    ):
        i = indicators[key]
        benchmarks = (i["levels"]["I"], i["levels"]["II"], i["levels"]["III"])
        assert indicator_level(value, i["direction"], benchmarks).key == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (8, Level.I),
        (8.0001, Level.II),
        (24, Level.II),
        (40, Level.III),
        (40.01, Level.BELOW_III),
        (0, Level.I),
    ],
)
def test_rinse_water_boundaries(plating, value, level):
    assert level_of(plating, "rinse_water", value) is level  # ≤ benchmark meets the level


def test_ge_indicator_boundaries(plating):
    assert level_of(plating, "ni_utilisation", 95) is Level.I
    assert level_of(plating, "ni_utilisation", 94.99) is Level.II
    assert level_of(plating, "ni_utilisation", 79.99) is Level.BELOW_III
    # Ⅲ of the automation indicator was not captured: below Ⅱ cannot be rated Ⅲ.
    assert level_of(plating, "line_automation", 49) is Level.BELOW_III


def mini_evaluation(plating, assessed_level=Level.II, **values):
    # §7.4: rinse water 20 L/m² (Ⅱ), copper 85 % and nickel 90 % (Ⅱ), 60 % automated lines (Ⅱ);
    # only copper and nickel are plated, so the other metals do not apply.
    inputs = {"rinse_water": 20, "cu_utilisation": 85, "ni_utilisation": 90, "line_automation": 60} | values
    assessed = dict.fromkeys(DESCRIPTIVE, assessed_level)
    not_applicable = [m for m in METALS if m not in ("cu_utilisation", "ni_utilisation")]
    return evaluate(plating, inputs, assessed, not_applicable)


def test_mini_evaluation_7_4(plating):
    result = mini_evaluation(plating)
    # w' = 0.33/0.61, 0.10/0.61, 0.18/0.61 = 0.541, 0.164, 0.295 (0.33 + 0.10 + 0.18 = 0.61)
    weights = result.group_weights
    assert weights["process_equipment"] == pytest.approx(0.541, abs=5e-4)
    assert weights["resource_consumption"] == pytest.approx(0.164, abs=5e-4)
    assert weights["resource_utilisation"] == pytest.approx(0.295, abs=5e-4)
    assert weights["process_equipment"] == pytest.approx(0.33 / 0.61, rel=1e-12)
    # No indicator meets Ⅰ: Y_Ⅰ = 0; every indicator meets Ⅱ: Y_Ⅱ = Y_Ⅲ = 100.
    assert result.indices[Level.I] == pytest.approx(0, abs=1e-12)
    assert result.indices[Level.II] == pytest.approx(100, abs=1e-9)
    assert result.indices[Level.III] == pytest.approx(100, abs=1e-9)
    assert result.level is Level.II
    assert any("limiting indicator 单位产品每次清洗取水量 is only at Ⅱ" in r for r in result.reasons)
    assert any("Y_Ⅰ = 0.00 < 85" in r for r in result.reasons)
    assert result.partial


def test_metal_weights_share_the_pool(plating):
    result = mini_evaluation(plating)
    weights = {o.key: o.weight for o in result.outcomes}
    # 0.8 / n with n = 2 plated metals = 0.4 each; the group's captured weights add to 0.8, so ω' = 0.5.
    assert weights["cu_utilisation"] == pytest.approx(0.5, rel=1e-12)
    assert weights["ni_utilisation"] == pytest.approx(0.5, rel=1e-12)
    assert weights["zn_utilisation"] == 0.0


def test_y_index_by_hand(plating):
    # Descriptive indicators at Ⅰ and nickel 95 % (Ⅰ): Y_Ⅰ = w'1 (0.15 + 0.15 + 0.3) × 100 + w'3 × 0.5 × 100
    # = 0.33/0.61 × 60 + 0.18/0.61 × 50 = 32.459 + 14.754 = 47.213
    result = mini_evaluation(plating, Level.I, ni_utilisation=95)
    assert result.indices[Level.I] == pytest.approx(0.33 / 0.61 * 60 + 0.18 / 0.61 * 50, rel=1e-12)
    assert result.indices[Level.I] == pytest.approx(47.213, abs=1e-3)
    assert result.level is Level.II


def test_inner_renormalisation_when_indicator_does_not_apply(plating):
    result = evaluate(
        plating,
        {"rinse_water": 20, "cu_utilisation": 85, "ni_utilisation": 90},
        dict.fromkeys(DESCRIPTIVE, Level.II),
        [m for m in METALS if m not in ("cu_utilisation", "ni_utilisation")] + ["line_automation"],
    )
    weights = {o.key: o.weight for o in result.outcomes}
    # Without the 0.4 automation indicator: 0.15/0.6 = 0.25, 0.15/0.6 = 0.25, 0.3/0.6 = 0.5
    assert weights["clean_process"] == pytest.approx(0.25, rel=1e-12)
    assert weights["water_saving_facilities"] == pytest.approx(0.5, rel=1e-12)
    assert weights["line_automation"] == 0.0


def test_group_renormalisation_when_whole_group_does_not_apply(plating):
    result = evaluate(
        plating,
        {"cu_utilisation": 85, "ni_utilisation": 90, "line_automation": 60},
        dict.fromkeys(DESCRIPTIVE, Level.II),
        [m for m in METALS if m not in ("cu_utilisation", "ni_utilisation")] + ["rinse_water"],
    )
    # Only 0.33 and 0.18 remain: w' = 0.33/0.51 and 0.18/0.51
    assert result.group_weights == pytest.approx(
        {"process_equipment": 0.33 / 0.51, "resource_utilisation": 0.18 / 0.51}
    )
    assert result.level is Level.II


def test_below_level_three(plating):
    result = mini_evaluation(plating, rinse_water=45)
    # rinse water 45 > 40: not even Ⅲ; Y_Ⅲ = 100 − 0.10/0.61 × 100 = 83.61
    assert result.indices[Level.III] == pytest.approx(100 - 0.10 / 0.61 * 100, rel=1e-12)
    assert result.level is Level.BELOW_III


def small_system(rules=STANDARD_RULES):
    # Group A (w 0.9): x (ω 1, ≥); group B (w 0.1): y limiting (ω 1, ≤).
    return EvaluationSystem(
        "t",
        "test",
        (
            IndicatorGroup("a", "A", 0.9, (IndicatorSpec("x", "x", "ge", (90, 80, 70), weight=1),)),
            IndicatorGroup(
                "b", "B", 0.1, (IndicatorSpec("y", "y", "le", (1, 2, 3), weight=1, limiting=True),)
            ),
        ),
        rules,
    )


def test_limiting_indicator_blocks_level_one():
    # x at Ⅰ, limiting y at Ⅱ: Y_Ⅰ = 0.9 × 100 = 90 ≥ 85, but y does not meet Ⅰ.
    result = evaluate(small_system(), {"x": 95, "y": 1.5})
    assert result.indices[Level.I] == pytest.approx(90)
    assert result.level is Level.II
    assert result.reasons == ("not Ⅰ: limiting indicator y is only at Ⅱ, needs Ⅰ",)
    assert evaluate(small_system(), {"x": 95, "y": 1.0}).level is Level.I


def test_rule_override_for_other_indicators():
    # A PCB-like rule: for Ⅰ, non-limiting indicators must meet at least Ⅱ.
    rules = (
        LevelRule(Level.I, 85, Level.I, Level.II),
        LevelRule(Level.II, 50, Level.II),
        LevelRule(Level.III, 100),
    )
    system = EvaluationSystem(
        "t",
        "test",
        (
            IndicatorGroup(
                "a",
                "A",
                0.9,
                (
                    IndicatorSpec("x", "x", "ge", (90, 80, 70), weight=0.95),
                    IndicatorSpec("z", "z", "ge", (90, 80, 70), weight=0.05),
                ),
            ),
            IndicatorGroup(
                "b", "B", 0.1, (IndicatorSpec("y", "y", "le", (1, 2, 3), weight=1, limiting=True),)
            ),
        ),
        rules,
    )
    # x, y at Ⅰ and z at Ⅲ: Y_Ⅰ = 0.9 × 0.95 × 100 + 0.1 × 100 = 95.5, yet z is below Ⅱ.
    result = evaluate(system, {"x": 95, "y": 1, "z": 75})
    assert result.indices[Level.I] == pytest.approx(95.5)
    assert result.level is Level.II
    assert result.reasons == ("not Ⅰ: indicator z is only at Ⅲ, needs Ⅱ",)
    # z at Ⅱ satisfies the override: level Ⅰ.
    assert evaluate(system, {"x": 95, "y": 1, "z": 85}).level is Level.I


def test_missing_and_unknown_inputs(plating, english):
    with pytest.raises(CalculationError, match="indicator 单位产品每次清洗取水量: no value entered"):
        evaluate(plating, {}, dict.fromkeys(DESCRIPTIVE, Level.II), METALS + ("line_automation",))
    with pytest.raises(CalculationError, match="indicator 有节水设施: descriptive; choose the level"):
        evaluate(
            plating,
            {"rinse_water": 20, "line_automation": 60},
            {"clean_process": Level.I, "process_control": Level.I},
            METALS,
        )
    with pytest.raises(CalculationError, match="no indicator rinse_waterr"):
        evaluate(plating, {"rinse_waterr": 20})
    with pytest.raises(CalculationError, match="benchmarks Ⅰ/Ⅱ/Ⅲ .* are not in order"):
        indicator_level(5, "le", (10, 5, 20), "bad")
    with pytest.raises(CalculationError, match="comparator"):
        indicator_level(5, "<", (1, 2, 3), "bad")


def test_data_file_weights(plating):
    assert plating.partial
    assert [g.weight for g in plating.groups] == [0.33, 0.10, 0.18]
    assert sum(s.weight for s in plating.groups[0].indicators) == pytest.approx(1.0)
    rinse = spec(plating, "rinse_water")
    assert rinse.limiting and rinse.benchmarks == (8, 24, 40) and rinse.comparator == "le"
    assert spec(plating, "ni_utilisation").benchmarks == (95, 85, 80)
    assert plating.groups[2].pools == {"metal_utilisation": 0.8}
    assert [r.min_index for r in plating.rules] == [85, 85, 100]
