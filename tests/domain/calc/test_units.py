"""Unit parsing, conversion and the refusal to mix time bases (cp_audit.units)."""

import subprocess
import sys

import pytest

from cp_audit.errors import UnitError
from cp_audit.units import (
    annualise,
    convert,
    format_unit,
    is_dimensionless,
    parse_unit,
    quantity,
    same_dimension,
)

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages

# Values of "unit" keys in inputs.json that are labels, not units: a cooling-energy label of option F8,
# and the unit operations / locations named in the cause analysis (there "unit" means unit operation).
NOT_UNITS = {
    "kWh cooling", "kWh/kWh cooling",
    "U2/U6", "U3/U5", "U3/U5/U7", "U3/U5/U7/U8", "U5", "U6", "U7", "公用工程", "镀铬线（非审核重点）",
}


def unit_strings(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("unit", "price_unit", "conc_unit") and isinstance(value, str):
                found.add(value)
            found |= unit_strings(value)
    elif isinstance(node, list):
        for item in node:
            found |= unit_strings(item)
    return found


def test_every_unit_of_the_reference_audit_parses(reference_inputs):
    strings = unit_strings(reference_inputs)
    assert NOT_UNITS <= strings  # the list of labels stays honest
    for text in sorted(strings - NOT_UNITS):
        parse_unit(text, f"reference unit {text!r}")


@pytest.mark.parametrize("label", sorted(NOT_UNITS))
def test_descriptive_labels_are_not_units(label):
    with pytest.raises(UnitError) as raised:
        parse_unit(label, "option F8")
    assert "option F8" in raised.value.message
    assert label in raised.value.message


def test_unknown_unit_names_the_record_and_the_text():
    with pytest.raises(UnitError) as raised:
        parse_unit("furlong/fortnite", "stream W-05")
    assert "stream W-05" in raised.value.message and "furlong/fortnite" in raised.value.message


@pytest.mark.parametrize("spelling", ["万m2", "万m²", "萬m2", "10k m2", "10k m²", "10^4 m2"])
def test_ten_thousand_square_metres(spelling):
    assert convert(1, spelling, "m2") == pytest.approx(10_000, rel=1e-15)
    assert convert(36.0, spelling, "m²") == pytest.approx(360_000, rel=1e-15)


@pytest.mark.parametrize(("value", "source", "target", "expected"), [
    (1, "m3", "L", 1000),
    (1, "m³", "m3", 1),
    (1, "Nm3", "m3", 1),
    (1, "Nm³", "L", 1000),
    (1, "m3/d", "L/d", 1000),
    (1, "L/d", "m3/d", 0.001),
    (1, "kg/a", "t/a", 0.001),
    (240, "mg/L", "g/m3", 240),
    (38.0, "g/L", "kg/m3", 38.0),   # g/L = kg/m3 (reference calc rule)
    (8.9, "g/cm3", "kg/m3", 8900),
    (1, "L/m2", "L/m²", 1),
    (1, "µS/cm", "uS/cm", 1),
    (1, "μS/cm", "µS/cm", 1),       # Greek mu and micro sign
    (45, "%", "", 0.45),
    (0.45, "", "%", 45),
    (1, "kg Ni/d", "kg/d", 1),
    (1000, "kg Ni/a", "t/a", 1),
    (1, "kg COD/a", "kg/a", 1),
    (1, "t/10k m2", "kg/m2", 0.1),  # 1000 kg over 10,000 m²
    (1, "tce/10k m2", "kgce/m2", 0.1),
    (1, "MWh", "kWh", 1000),
    (1, "GJ", "MJ", 1000),
    (1, "kWh", "MJ", 3.6),          # inputs.json energy_content: 3.6 MJ/kWh by definition
    (1, "kWh", "TJ", 3.6e-6),       # inputs.json tj_per_kwh
    (1, "tce", "kgce", 1000),
    (1, "tCO2", "kgCO2", 1000),
    (1000, "kg CO2/a", "tCO2/a", 1),  # a spaced 'CO2' names the emission unit, not a plain mass
    (1, "L/s", "m3/h", 3.6),        # seconds and hours are both clock time
    (1, "kW", "kWh/h", 1),
    (1, "万元", "CNY", 10_000),
])
def test_conversions(value, source, target, expected):
    assert convert(value, source, target) == pytest.approx(expected, rel=1e-12)


def test_full_precision_is_kept():
    assert convert(0.1229, "kgce", "tce") == pytest.approx(0.1229e-3, rel=1e-15)
    assert convert(5_420_000 * 0.1229, "kgce", "tce") == pytest.approx(666.118, rel=1e-15)


def test_standard_coal_and_co2_are_not_energy_or_mass():
    for source, target in [("kgce", "kWh"), ("tce", "GJ"), ("tCO2", "t"), ("kgCO2", "kg")]:
        with pytest.raises(UnitError):
            convert(1, source, target, "coefficient")


def test_different_dimensions_name_both_units_and_the_record():
    with pytest.raises(UnitError) as raised:
        convert(1.0, "kg/d", "m3/d", "stream W-05")
    message = raised.value.message
    assert "stream W-05" in message and "'kg/d'" in message and "'m3/d'" in message


@pytest.mark.parametrize(("source", "target"), [
    ("m3/d", "m3/a"), ("kg Ni/d", "kg/a"), ("m3/h", "m3/d"), ("kWh/a", "kWh/d"), ("kW", "kWh/d"),
])
def test_rates_on_different_time_bases_are_refused(source, target):
    with pytest.raises(UnitError) as raised:
        convert(1.0, source, target, "stream W-05")
    assert "operating days" in raised.value.message
    assert "stream W-05" in raised.value.message


def test_durations_still_convert():
    assert convert(3, "d", "h") == 72


def test_annualise_per_day_with_operating_days():
    # expected.json phase3 nickel indicators: 14.222742 kg/d to wastewater x 300 days = 4266.8226 kg/a
    value, unit = annualise(14.222742, "kg Ni/d", 300)
    assert value == pytest.approx(4266.8226, abs=1e-4)
    assert unit == "kg Ni/a"
    assert annualise(135.0, "m3/d", 300) == (pytest.approx(40_500.0), "m3/a")


def test_annualise_per_hour_needs_hours_per_day():
    assert annualise(2.0, "m3/h", 300, hours_per_day=20) == (pytest.approx(12_000.0), "m3/a")
    with pytest.raises(UnitError) as raised:
        annualise(2.0, "m3/h", 300, what="stream W-99")
    assert "hours per day" in raised.value.message and "stream W-99" in raised.value.message


def test_annualise_leaves_yearly_figures_and_rejects_non_rates():
    assert annualise(5.0, "t/a", 300) == (5.0, "t/a")
    with pytest.raises(UnitError):
        annualise(5.0, "m3", 300, what="stream W-01")


def test_dimension_helpers():
    assert is_dimensionless("%") and is_dimensionless("") and is_dimensionless("kWh/kWh")
    assert not is_dimensionless("kg")
    assert same_dimension("m3/d", "L/d")
    assert not same_dimension("kg", "m3")
    assert not same_dimension("kgce", "kWh")


def test_quantity_carries_the_unit():
    area = quantity(36.0, "万m2")
    assert area.to("m**2").magnitude == pytest.approx(360_000)
    with pytest.raises(UnitError) as raised:
        quantity(1.0, "bogus", "parameter ni_density")
    assert "parameter ni_density" in raised.value.message


@pytest.mark.parametrize(("text", "shown"), [
    ("m3", "m³"), ("m3/d", "m³/d"), ("L/m2", "L/m²"), ("g/cm3", "g/cm³"), ("10k m2", "万m²"),
    ("t/10k m2", "t/万m²"), ("10^4 m2", "万m²"), ("um", "µm"), ("uS/cm", "µS/cm"), ("Nm3", "Nm³"),
    ("kg Ni/d", "kg Ni/d"), ("kgCO2/kWh", "kgCO2/kWh"), ("m**2", "m²"),
])
def test_format_unit(text, shown):
    assert format_unit(text) == shown


def test_importing_units_does_not_load_pint():
    code = "import sys, cp_audit.units; print('pint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
