"""The shipped reference data (cp_audit/data) loads, carries provenance, and agrees with REFERENCE.md."""

import itertools
from datetime import timedelta

import pytest

from cp_audit.datafiles import (
    cppp_benefit_conversions,
    latest_grid_factor,
    list_evaluation_systems,
    load_coefficient_library,
    load_cppp_rules,
    load_evaluation_system,
    load_fuel_factors,
    load_grid_factors,
    load_payback_norms,
)
from cp_audit.errors import CalculationError

MARKS = {"✔", "◐", "✖"}


def test_every_coefficient_has_source_and_confidence():
    library = load_coefficient_library()
    assert {
        "gbt2589-2020",
        "electricity-equal-value",
        "fuel-co2-china",
        "ipcc-2006-defaults",
        "grid-co2-2021",
        "grid-co2-2022",
        "grid-co2-2023",
    } <= set(library)
    for coefficient_set in library.values():
        assert coefficient_set.source and coefficient_set.confidence in MARKS
        assert coefficient_set.entries
        for entry in coefficient_set.entries:
            assert entry.source, entry
            assert entry.confidence in MARKS, entry
            assert entry.value is not None or (entry.minimum is not None and entry.maximum is not None), entry
            if entry.minimum is not None:
                assert entry.minimum < entry.maximum
            if entry.calorific is not None:
                assert entry.calorific.confidence in MARKS


def test_standard_coal_coefficients_match_the_reference_audit(reference_inputs):
    standard = load_coefficient_library()["gbt2589-2020"]
    assert standard.standard == "GB/T 2589-2020"
    for coefficient in reference_inputs["coefficients"]["tce"]:
        entry = standard.entry(coefficient["key"])
        assert entry.value == coefficient["value"]
        assert entry.unit == coefficient["unit"]
    assert standard.entry("electricity").value == 0.1229  # 当量值, REFERENCE.md §6.1
    assert standard.entry("electricity").calorific.value == 3600


@pytest.mark.parametrize(
    ("key", "value", "unit"),
    [  # REFERENCE.md §6.1 table
        ("raw_coal", 0.7143, "kgce/kg"),
        ("coke", 0.9714, "kgce/kg"),
        ("lpg", 1.7143, "kgce/kg"),
        ("associated_gas", 1.3300, "kgce/m3"),
        ("heat", 0.03412, "kgce/MJ"),
        ("steam_low_pressure", 0.1286, "kgce/kg"),
        ("compressed_air", 0.0400, "kgce/m3"),
        ("fresh_water", 0.2571, "kgce/t"),
        ("nitrogen_main_product", 0.6714, "kgce/m3"),
    ],
)
def test_selected_standard_coal_rows(key, value, unit):
    entry = load_coefficient_library()["gbt2589-2020"].entry(key)
    assert (entry.value, entry.unit) == (value, unit)


def test_ranges_and_unconfirmed_rows(english):
    standard = load_coefficient_library()["gbt2589-2020"]
    slime = standard.entry("coal_slime")
    assert slime.value is None and (slime.minimum, slime.maximum) == (0.2857, 0.4286)
    assert standard.entry("fresh_water").confidence == "✖"
    with pytest.raises(CalculationError, match="no coefficient for unobtainium"):
        standard.entry("unobtainium")


def test_equal_value_electricity_is_a_user_parameter():
    entry = load_coefficient_library()["electricity-equal-value"].entry("electricity")
    assert entry.user_parameter and entry.value is None
    assert entry.confidence == "✖"
    assert (entry.minimum, entry.maximum) == (0.30, 0.33)


def test_latest_guangdong_grid_factor(reference_inputs):
    factor = latest_grid_factor(geography="广东", variant="average")
    assert factor.value == 0.4419 and factor.data_year == 2023
    assert factor.unit == "kgCO2/kWh"
    audit = next(c for c in reference_inputs["coefficients"]["co2"] if c["key"] == "electricity")
    assert (factor.value, factor.data_year) == (audit["value"], audit["data_year"])
    assert latest_grid_factor("Guangdong") == factor
    assert latest_grid_factor() == factor


def test_grid_factors_by_year_and_variant(english):
    assert latest_grid_factor("全国").value == 0.5306
    assert latest_grid_factor("national", "fossil").value == 0.8273
    assert latest_grid_factor("南方").value == 0.4042
    factors = load_grid_factors()
    national = {(f.data_year, f.variant): f.value for f in factors if f.geography_en == "national"}
    assert national[(2021, "average")] == 0.5568
    assert national[(2022, "average")] == 0.5366
    assert national[(2022, "excl_market_non_fossil")] == 0.5856
    assert all(f.source and f.confidence in MARKS for f in factors)
    assert all(f.published_on is not None for f in factors if f.data_year is not None)
    with pytest.raises(CalculationError, match="no grid emission factor for 香港"):
        latest_grid_factor("香港")


def test_fuel_factors_recompute_from_their_parameters():
    for fuel in load_fuel_factors():
        # EF = NCV × carbon content × oxidation × 44/12; NCV in GJ → TJ ÷ 1000.
        tco2_per_unit = fuel.ncv / 1000 * fuel.carbon_content_tc_per_tj * fuel.oxidation_rate * 44 / 12
        if fuel.ncv_unit == "GJ/10^4 Nm3":
            assert fuel.unit == "kgCO2/Nm3"
            recomputed = tco2_per_unit / 1e4 * 1000  # per 10⁴ Nm³ → per Nm³, t → kg
        else:
            assert (fuel.ncv_unit, fuel.unit) == ("GJ/t", "tCO2/t")
            recomputed = tco2_per_unit
        assert recomputed == pytest.approx(fuel.value, abs=5e-4), fuel.carrier_key  # rounded to 3 decimals
        if fuel.value_precise is not None:
            assert recomputed == pytest.approx(fuel.value_precise, abs=5e-5), fuel.carrier_key


def test_natural_gas_and_diesel_factors(reference_inputs):
    fuels = {f.carrier_key: f for f in load_fuel_factors()}
    # 389.31 GJ/10⁴Nm³ = 3.8931e-5 TJ/Nm³; × 15.3 × 0.99 × 44/12 = 2.1622e-3 tCO2/Nm³ = 2.162 kg
    assert fuels["natural_gas"].value == 2.162 and fuels["natural_gas"].unit == "kgCO2/Nm3"
    assert 389.31e-7 * 15.3 * 0.99 * 44 / 12 * 1000 == pytest.approx(2.162, abs=5e-4)
    # 42.652 GJ/t = 0.042652 TJ/t; × 20.2 × 0.98 × 44/12 = 3.0959 tCO2/t
    assert fuels["diesel"].value == 3.096 and fuels["diesel"].unit == "tCO2/t"
    assert 0.042652 * 20.2 * 0.98 * 44 / 12 == pytest.approx(3.096, abs=5e-4)
    audit = {c["key"]: c["value"] for c in reference_inputs["coefficients"]["co2"]}
    assert fuels["natural_gas"].value == audit["natural_gas"] and fuels["diesel"].value == audit["diesel"]


def test_payback_norms():
    norms = load_payback_norms()  # REFERENCE.md §5.2: 中费 2–3 a, 较高费 5 a, 高费 10 a
    assert (norms["medium"].years_min, norms["medium"].years_max) == (2, 3)
    assert norms["higher"].years_max == 5 and norms["high"].years_max == 10
    assert all(n.source == "S30" and n.confidence == "✔" for n in norms.values())


def test_cppp_rule_sets():
    rules = load_cppp_rules()
    assert list(rules) == ["phase_2008_2013", "phase_2013_2015", "phase_2015_2020", "current"]
    first = rules["phase_2008_2013"].projects  # REFERENCE.md §8.3 (S42)
    assert (
        first["onsite_assessment"].cap_hkd,
        first["demonstration_installation"].cap_hkd,
        first["verification"].cap_hkd,
    ) == (15_000, 160_000, 15_000)
    old = rules["phase_2015_2020"].projects  # §8.2
    assert (old["onsite_assessment"].share, old["onsite_assessment"].cap_hkd) == (0.5, 28_000)
    assert old["demonstration_installation"].cap_hkd == 330_000
    current = rules["current"]
    assert current.projects["onsite_assessment"].cap_hkd == 45_000
    assert current.projects["demonstration_installation"].cap_hkd == 450_000
    assert current.projects["demonstration_rnd"].cap_hkd == 650_000
    assert current.max_months == {
        "onsite_assessment": 3,
        "demonstration_installation": 12,
        "demonstration_rnd": 12,
    }
    phases = list(rules.values())
    for earlier, later in itertools.pairwise(phases):  # dated phases follow each other without gap
        assert later.valid_from == earlier.valid_to + timedelta(days=1)
    assert all(r.source for r in phases)


def test_benefit_conversions_come_from_the_data(reference_inputs):
    conversions = cppp_benefit_conversions(hkd_per_cny=1.08)
    contents = {c["key"]: c["value"] for c in reference_inputs["coefficients"]["energy_content"]}
    assert conversions.mj_per_kwh == contents["electricity"] == 3.6
    assert conversions.mj_per_m3_natural_gas == contents["natural_gas"] == 35.544
    assert conversions.effluent_t_per_m3 == 1.0


def test_evaluation_systems_are_listed(english):
    infos = {info.key: info for info in list_evaluation_systems()}
    assert infos["electroplating-2015"].partial
    system = load_evaluation_system("electroplating-2015")
    assert system.source == "S36" and system.confidence in MARKS
    assert all(s.confidence in MARKS for g in system.groups for s in g.indicators)
    with pytest.raises(
        CalculationError, match="evaluation system 'nope' not found; available: electroplating-2015"
    ):
        load_evaluation_system("nope")
