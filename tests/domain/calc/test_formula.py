"""The indicator formula language: parsing, what it refuses, evaluation with units (cp_audit.calc.formula)."""

import pytest

from cp_audit.calc.formula import evaluate_to, formula_name, parse_formula
from cp_audit.errors import CalculationError, UnitError
from cp_audit.units import quantity

# Reference audit 2025, written by hand (inputs.json phase2: plated area in 万m², rinse water in m3, Ni layer
# thickness in µm; raw materials in t with their Ni fraction; rinse counts 4 and 6 by
# conventions.rinse_count_rule).
VALUES_2025 = {
    "ni_line.plated_area": quantity(36.0, "万m2"),
    "cr_line.plated_area": quantity(14.4, "万m2"),
    "ni_line.rinse_water": quantity(41_200, "m3"),
    "cr_line.rinse_water": quantity(23_500, "m3"),
    "ni_line.rinse_count": 4,
    "cr_line.rinse_count": 6,
    "ni_line.ni_thickness": quantity(7.6, "um"),
    "cr_line.ni_thickness": quantity(8.0, "um"),
    "ni_density": quantity(8.9, "g/cm3"),
    "ni_anode.qty": quantity(37.5, "t"),
    "niso4.qty": quantity(17.0, "t"),
    "nicl2.qty": quantity(5.2, "t"),
    "ni_anode.ni_fraction": 0.999,
    "niso4.ni_fraction": 0.223,
    "nicl2.ni_fraction": 0.247,
}

RINSE_WATER = ("(ni_line.rinse_water + cr_line.rinse_water)"
               " / (ni_line.plated_area * ni_line.rinse_count + cr_line.plated_area * cr_line.rinse_count)")
NI_DEPOSITED = ("ni_line.plated_area * ni_line.ni_thickness * ni_density"
                " + cr_line.plated_area * cr_line.ni_thickness * q(8.9, \"g/cm3\")")
NI_FED = ("sum(ni_anode.qty * ni_anode.ni_fraction, niso4.qty * niso4.ni_fraction,"
          " nicl2.qty * nicl2.ni_fraction)")


def resolve(name):
    return VALUES_2025[name]


def test_plant_rinse_water_index(reference_expected):
    formula = parse_formula(RINSE_WATER, "indicator rinse_water")
    value = evaluate_to(formula, resolve, "L/m2", "indicator rinse_water")
    # (41200 + 23500) m3 / (360000 m2 x 4 + 144000 m2 x 6) = 64,700,000 L / 2,304,000 m2
    assert value == pytest.approx(64_700_000 / 2_304_000, rel=1e-12)
    expected = reference_expected["phase2"]["evaluation_index_2025"]["rinse_water_plant_l_per_m2"]
    assert value == pytest.approx(expected, abs=1e-4)


def test_nickel_deposited_and_utilisation(reference_expected):
    deposited = parse_formula(NI_DEPOSITED, "indicator ni_deposited")
    # 360000 m2 x 7.6e-6 m x 8900 kg/m3 + 144000 m2 x 8.0e-6 m x 8900 kg/m3 = 24350.4 + 10252.8 kg
    assert evaluate_to(deposited, resolve, "kg", "ni_deposited") == pytest.approx(34_603.2, rel=1e-12)
    assert evaluate_to(parse_formula(NI_FED, "ni_fed"), resolve, "t", "ni_fed") == pytest.approx(42.5379)
    utilisation = parse_formula(f"({NI_DEPOSITED}) / ({NI_FED})", "indicator ni_utilisation")
    value = evaluate_to(utilisation, resolve, "%", "indicator ni_utilisation")
    assert value == pytest.approx(reference_expected["phase2"]["evaluation_index_2025"]["ni_utilisation_pct"],
                                  abs=1e-4)
    # writing the x 100 % explicitly gives the same figure: 100 % is 1
    explicit = parse_formula(f"({NI_DEPOSITED}) / ({NI_FED}) * q(100, \"%\")", "ni_utilisation")
    assert evaluate_to(explicit, resolve, "%", "ni_utilisation") == pytest.approx(value, rel=1e-12)


def test_names_are_the_dotted_names_read():
    formula = parse_formula(RINSE_WATER, "indicator rinse_water")
    assert formula.names == {
        "ni_line.rinse_water", "cr_line.rinse_water", "ni_line.plated_area", "ni_line.rinse_count",
        "cr_line.plated_area", "cr_line.rinse_count",
    }
    assert parse_formula("q(7.6, \"um\") * 2", "x").names == frozenset()


def test_formula_is_reusable_with_other_values():
    formula = parse_formula("a / b", "ratio")
    assert evaluate_to(formula, {"a": 3.0, "b": 4.0}.__getitem__, "", "ratio") == 0.75
    assert evaluate_to(formula, {"a": 1.0, "b": 8.0}.__getitem__, "%", "ratio") == 12.5


@pytest.mark.parametrize(("text", "expected"), [
    ("-2 ** 2", -4.0),
    ("(1 + 2) * 3 - 4 / 8", 8.5),
    ("2 ** -1", 0.5),
    ("min(3, 1, 2) + max(3, 1, 2)", 4.0),
    ("abs(-2.5)", 2.5),
    ("+3", 3.0),
])
def test_arithmetic(text, expected):
    assert evaluate_to(parse_formula(text, "x"), {}.__getitem__, "", "x") == pytest.approx(expected)


def test_min_and_max_compare_across_units():
    formula = parse_formula("max(q(1, \"m3\"), q(900, \"L\")) + min(q(1, \"m3\"), q(900, \"L\"))", "x")
    assert evaluate_to(formula, {}.__getitem__, "L", "x") == pytest.approx(1900)


def test_stream_codes_become_names():
    assert formula_name("W-05") == "W_05"
    formula = parse_formula("W_05 + W_12", "indicator tap water")
    values = {"W_05": quantity(38.6, "m3/d"), "W_12": quantity(36.2, "m3/d")}
    assert evaluate_to(formula, values.__getitem__, "m3/d", "tap") == pytest.approx(74.8)


@pytest.mark.parametrize(("text", "part"), [
    ("a[0]", "a[0]"),
    ("lambda: 1", "lambda"),
    ("[x for x in a]", "[x for x in a]"),
    ("(a + b).magnitude", "(a + b).magnitude"),
    ("sum(a, start=b)", "start=b"),
    ("\"kg\"", "'kg'"),
    ("open(\"f\")", "open"),
    ("a ** b", "a ** b"),
    ("a ** 0.5", "a ** 0.5"),
    ("q(1, \"kWh cooling\")", "kWh cooling"),
    ("q(a, \"m\")", "q(a, 'm')"),
    ("a if b else c", "a if b else c"),
    ("a < b", "a < b"),
    ("__import__(\"os\")", "__import__"),
    ("a.__class__", "__class__"),
    ("True + 1", "True"),
    ("abs(a, b)", "abs(a, b)"),
    ("sum()", "sum()"),
    ("sum + 1", "sum"),
    ("a +", "a +"),
    ("", "empty"),
])
def test_rejected_at_parse_time(text, part, english):
    with pytest.raises(CalculationError) as raised:
        parse_formula(text, "indicator rinse_water")
    assert "indicator rinse_water" in raised.value.message
    assert part in raised.value.message


def test_unknown_name_names_the_formula_and_the_name():
    formula = parse_formula("ni_line.plated_area * 2", "indicator area")
    with pytest.raises(CalculationError) as raised:
        formula.evaluate({}.__getitem__, "indicator area")
    assert "indicator area" in raised.value.message and "ni_line.plated_area" in raised.value.message


def test_division_by_zero_names_the_formula(english):
    formula = parse_formula("a / (b - b)", "indicator ratio")
    with pytest.raises(CalculationError) as raised:
        formula.evaluate({"a": 1.0, "b": quantity(2, "m3")}.__getitem__, "indicator ratio")
    assert "indicator ratio" in raised.value.message and "zero" in raised.value.message


def test_adding_different_dimensions_is_a_unit_error(english):
    formula = parse_formula("a + b", "indicator mixed")
    with pytest.raises(UnitError) as raised:
        formula.evaluate({"a": quantity(1, "kg"), "b": quantity(1, "m3")}.__getitem__, "indicator mixed")
    assert "indicator mixed" in raised.value.message and "'a + b'" in raised.value.message


def test_result_in_the_wrong_unit_is_a_unit_error():
    formula = parse_formula("a / b", "indicator rinse_water")
    values = {"a": quantity(1, "m3"), "b": quantity(1, "kg")}
    with pytest.raises(UnitError) as raised:
        evaluate_to(formula, values.__getitem__, "L/m2", "indicator rinse_water")
    assert "indicator rinse_water" in raised.value.message and "L/m2" in raised.value.message


def test_mixed_time_bases_are_refused_in_the_result():
    formula = parse_formula("a / b", "indicator water per area")
    values = {"a": quantity(1, "m3/d"), "b": quantity(1, "m2/a")}
    with pytest.raises(UnitError):
        evaluate_to(formula, values.__getitem__, "L/m2", "indicator water per area")


def test_resolve_must_return_a_number_or_quantity(english):
    formula = parse_formula("a * 2", "indicator x")
    with pytest.raises(CalculationError) as raised:
        formula.evaluate({"a": "12"}.__getitem__, "indicator x")
    assert "'a'" in raised.value.message


def test_unit_error_names_the_innermost_part(english):
    formula = parse_formula("2 * (a + sum(b, c))", "indicator mixed")
    values = {"a": quantity(1, "kg"), "b": quantity(1, "m3"), "c": quantity(1, "kg")}
    with pytest.raises(UnitError) as raised:
        formula.evaluate(values.__getitem__)
    assert "'sum(b, c)'" in raised.value.message
