"""Standard coal, CO2 and energy content (cp_audit.calc.energy; REFERENCE.md §6)."""

import pytest

from cp_audit.calc.energy import EnergyRow, carrier_totals, energy_tj, to_co2, to_standard_coal
from cp_audit.errors import CalculationError, UnitError


def coefficients(inputs, kind):
    return {row["key"]: (row["value"], row["unit"]) for row in inputs["coefficients"][kind]}


def energy_rows(inputs, year):
    return [EnergyRow(row["key"], row["qty"][year], row["unit"], row["name_zh"])
            for row in inputs["phase2_pre_assessment"]["energy"]]


def test_single_conversions_follow_the_coefficient_units():
    # REFERENCE.md §6.1: 0.1229 kgce/kWh (当量值), 1.2143 kgce/m3, 1.4571 kgce/kg (diesel in t -> kg)
    assert to_standard_coal(1_200_000, "kWh", 0.1229, "kgce/kWh", "电力") == pytest.approx(147.48, rel=1e-12)
    assert to_standard_coal(150_000, "Nm3", 1.2143, "kgce/m3", "天然气") == pytest.approx(182.145, rel=1e-12)
    assert to_standard_coal(20, "t", 1.4571, "kgce/kg", "柴油") == pytest.approx(29.142, rel=1e-12)
    assert to_co2(1_200_000, "kWh", 0.4419, "kgCO2/kWh", "电力") == pytest.approx(530.28, rel=1e-12)
    assert to_co2(20, "t", 3.0959, "tCO2/t", "柴油") == pytest.approx(61.918, rel=1e-12)


def test_worked_example_of_reference_section_6_4():
    rows = [EnergyRow("electricity", 1_200_000, "kWh", "电力"),
            EnergyRow("natural_gas", 150_000, "Nm3", "天然气"), EnergyRow("diesel", 20, "t", "柴油")]
    tce = carrier_totals(rows, {"electricity": (0.1229, "kgce/kWh"), "natural_gas": (1.2143, "kgce/Nm3"),
                                "diesel": (1.4571, "kgce/kg")}, "tce")
    co2 = carrier_totals(rows, {"electricity": (0.4419, "kgCO2/kWh"), "natural_gas": (2.1622, "kgCO2/Nm3"),
                                "diesel": (3.0959, "tCO2/t")}, "co2")
    # the table prints 147.48, 182.15, 29.14 -> 358.77 tce and 530.3, 324.3, 61.9 -> 916.5 tCO2 (rounded)
    assert tce.per_carrier["natural_gas"] == pytest.approx(182.15, abs=0.005 + 1e-9)
    assert tce.total == pytest.approx(358.77, abs=0.005)
    assert tce.unit == "tce"
    assert co2.per_carrier["electricity"] == pytest.approx(530.3, abs=0.05)
    assert co2.total == pytest.approx(916.5, abs=0.05)
    assert co2.unit == "tCO2"


@pytest.mark.parametrize("year", ["2023", "2024", "2025"])
def test_reference_energy_by_year(reference_inputs, reference_expected, year):
    expected = reference_expected["phase2"]["energy_by_year"][year]
    rows = energy_rows(reference_inputs, year)
    tce = carrier_totals(rows, coefficients(reference_inputs, "tce"), "tce")
    co2 = carrier_totals(rows, coefficients(reference_inputs, "co2"), "co2")
    assert tce.per_carrier == pytest.approx(expected["tce"], abs=1e-4)
    assert tce.total == pytest.approx(expected["tce_total"], abs=1e-4)
    assert co2.per_carrier == pytest.approx(expected["tco2"], abs=1e-4)
    assert co2.total == pytest.approx(expected["tco2_total"], abs=1e-4)


def test_energy_content_in_terajoules(reference_inputs):
    # inputs.json coefficients: 1 kWh = 3.6e-6 TJ; natural gas 35.544 MJ/m3
    assert energy_tj(1_000_000, "kWh") == pytest.approx(3.6, rel=1e-12)
    assert energy_tj(1_000_000, "kWh", 3.6, "MJ/kWh") == pytest.approx(3.6, rel=1e-12)
    assert energy_tj(318_000, "m3", 35.544, "MJ/m3") == pytest.approx(318_000 * 35.544e-6, rel=1e-12)
    with pytest.raises(CalculationError) as raised:
        energy_tj(318_000, "m3", what="energy row 天然气")
    assert "energy row 天然气" in raised.value.message


def test_energy_content_totals_in_terajoules():
    rows = [EnergyRow("electricity", 1_000_000, "kWh", "电力"),
            EnergyRow("natural_gas", 100_000, "m3", "天然气")]
    totals = carrier_totals(rows, {"natural_gas": (35.544, "MJ/m3")}, "energy_content")
    # electricity needs no calorific value: 3.6 TJ + 100000 x 35.544 MJ = 3.5544 TJ
    assert totals.per_carrier == pytest.approx({"electricity": 3.6, "natural_gas": 3.5544})
    assert totals.unit == "TJ"


def test_missing_coefficient_names_carrier_and_row(english):
    rows = [EnergyRow("electricity", 100, "kWh", "电力"), EnergyRow("diesel", 1, "t", "柴油")]
    with pytest.raises(CalculationError) as raised:
        carrier_totals(rows, {"electricity": (0.1229, "kgce/kWh")}, "tce")
    assert raised.value.message == "no standard-coal coefficient for 'diesel' (energy row 柴油)"
    with pytest.raises(CalculationError) as raised:
        carrier_totals(rows, {"electricity": (0.4419, "kgCO2/kWh")}, "co2")
    assert "'diesel'" in raised.value.message and "柴油" in raised.value.message


def test_rows_of_one_carrier_add_up():
    rows = [EnergyRow("diesel", 10, "t", "柴油（叉车）"), EnergyRow("diesel", 2500, "kg", "柴油（发电机）")]
    totals = carrier_totals(rows, {"diesel": (1.4571, "kgce/kg")}, "tce")
    assert totals.per_carrier == {"diesel": pytest.approx(12.5 * 1.4571)}
    assert totals.total == pytest.approx(12.5 * 1.4571)


def test_plain_tuples_are_accepted_as_rows():
    rows = [("electricity", 1000, "kWh", "电力")]
    totals = carrier_totals(rows, {"electricity": (0.1229, "kgce/kWh")}, "tce")
    assert totals.total == pytest.approx(0.1229)


def test_coefficient_in_the_wrong_unit_is_refused():
    with pytest.raises(UnitError) as raised:
        to_standard_coal(1000, "kWh", 1.4571, "kgce/kg", "energy row 电力")
    assert "energy row 电力" in raised.value.message
    with pytest.raises(UnitError):
        to_co2(1000, "kWh", 0.1229, "kgce/kWh", "energy row 电力")


def test_yearly_rates_give_yearly_results():
    yearly = to_standard_coal(1000, "kWh/a", 0.1229, "kgce/kWh", "x", result_unit="tce/a")
    assert yearly == pytest.approx(0.1229)
    with pytest.raises(UnitError):
        to_standard_coal(1000, "kWh/a", 0.1229, "kgce/kWh", "x")


def test_unknown_kind_is_refused():
    with pytest.raises(CalculationError):
        carrier_totals([], {}, "joules")


def test_missing_calorific_value_for_a_non_energy_unit(english):
    with pytest.raises(CalculationError) as raised:
        carrier_totals([EnergyRow("natural_gas", 100, "m3", "天然气")], {}, "energy_content")
    assert raised.value.message == "no calorific value for 'natural_gas' (energy row 天然气)"
