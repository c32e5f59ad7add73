"""Units of measurement as the audit writes them (m3/d, 万m², kg Ni/d, kgce/kWh ...), parsed by one lazily
built pint registry, and conversions that refuse to turn per-day into per-year figures behind the user's
back."""

from __future__ import annotations

import functools
import re
import threading
from typing import TYPE_CHECKING, Any

from cp_audit.errors import UnitError
from cp_audit.i18n import _

if TYPE_CHECKING:  # pint costs a quarter of a second to import: load it on first use only
    import pint

# Standard coal and CO2 get base dimensions of their own: they are only reached through coefficients
# (GB/T 2589 coefficients such as 0.1229 kgce/kWh are rounded, REFERENCE.md §6.1), never by converting kWh.
_DEFINITIONS = (
    "gce = [standard_coal]",
    "tce = 1e6 * gce",
    "gCO2 = [co2]",
    "tCO2 = 1e6 * gCO2",
    "Nm3 = meter ** 3",  # normal cubic metre: a volume like m³, the reference state is the user's business
    "wan_m2 = 1e4 * meter ** 2",  # 万m²: plated area in the electroplating index system (REFERENCE.md §7.4)
    "CNY = [currency_cny]",  # currencies convert only through a dated exchange rate, never by pint
    "HKD = [currency_hkd]",
)

_SECONDS_PER_DAY = 86_400.0

_lock = threading.Lock()
_registry_instance: Any = None


def registry() -> pint.UnitRegistry:
    """The one unit registry, built on first use."""
    global _registry_instance
    with _lock:
        if _registry_instance is None:
            import pint

            units = pint.UnitRegistry()
            for definition in _DEFINITIONS:
                units.define(definition)
            _registry_instance = units
    return _registry_instance


# --- parsing -----------------------------------------------------------------------------------------

_MASS = r"(?:ug|mg|g|kg|t)"
# "kg Ni/d": a substance token after a mass unit says what is weighed, not a unit (REFERENCE.md §4.4).
_SUBSTANCE = re.compile(rf"(?<![\w])({_MASS})\s+([A-Z\u4e00-\u9fff][\w()+\-·]*)(?=\s*(?:/|$))")
_TEN_THOUSAND = re.compile(r"(?:10\s*k|10\s*\^\s*4|10⁴)\s*(?=[A-Za-z])")
_WAN = re.compile(r"万\s*([A-Za-z][A-Za-z0-9²³]*)")
_ASCII_POWER = re.compile(r"(?<![A-Za-z_])(km|dm|cm|mm|um|m|s)([23])(?![\d.])")
_SUPERSCRIPTS = {"⁻¹": "**-1", "⁻²": "**-2", "⁻³": "**-3", "²": "**2", "³": "**3", "⁴": "**4"}


def _join_substance(match: re.Match[str]) -> str:
    mass, substance = match.group(1), match.group(2)
    if substance == "CO2" and mass in ("g", "kg", "t"):
        return mass + "CO2"  # "t CO2" is the emission unit tCO2, not a plain tonne
    return mass


def _wan_unit(match: re.Match[str]) -> str:
    token = match.group(1).replace("²", "2").replace("³", "3")
    if token == "m2":
        return "wan_m2"
    name = "wan_" + token
    units = registry()
    if name not in units:
        units.define(f"{name} = 1e4 * {_normalise(token)}")
    return name


def _normalise(text: str) -> str:
    """Rewrite the audit's spellings into pint's grammar."""
    text = text.strip().replace("µ", "u").replace("μ", "u").replace("HK$", "HKD").replace("元", "CNY")
    text = text.replace("萬", "万")  # Traditional spelling, as the zh_HK catalogue writes it
    text = _SUBSTANCE.sub(_join_substance, text)
    text = _TEN_THOUSAND.sub("万", text)
    text = _WAN.sub(_wan_unit, text)
    text = text.replace("Nm³", "Nm3")
    for superscript, power in _SUPERSCRIPTS.items():
        text = text.replace(superscript, power)
    text = _ASCII_POWER.sub(r"\1**\2", text)
    return text.replace("%", "percent").replace("‰", "permille").replace("·", "*").replace("⋅", "*")


@functools.lru_cache(maxsize=512)
def _parse(text: str) -> pint.Unit:
    return registry().parse_units(_normalise(text))


def _about(what: str, message: str) -> str:
    return _("{0}：{1}").format(what, message) if what else message


def parse_unit(text: str, what: str = "") -> pint.Unit:
    """The pint unit of `text`; UnitError naming `what` when it is not a unit."""
    try:
        return _parse(text)
    except Exception as error:  # pint's parser raises many types; each one means "not a unit"
        message = _about(what, _("“{0}”不是本程序能识别的单位").format(text))
        raise UnitError(message, detail=str(error)) from error


def quantity(value: float, unit: str, what: str = "") -> pint.Quantity:
    return registry().Quantity(value, parse_unit(unit, what))


def is_dimensionless(unit: str) -> bool:
    return parse_unit(unit).dimensionless


def same_dimension(a: str, b: str) -> bool:
    return parse_unit(a).dimensionality == parse_unit(b).dimensionality


# --- conversion --------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1024)
def _time_bases(unit: pint.Unit) -> frozenset[float]:
    """Lengths (in s) of the calendar periods a rate is 'per'. Clock periods (s, min, h) are left out: they
    convert exactly into each other, while a day or a year of operation is not 24 h or 365.25 days."""
    units = registry()
    bases = set()
    for name, exponent in (1 * unit).unit_items():
        if exponent < 0 and units.get_dimensionality(name) == units.get_dimensionality("s"):
            seconds = units.Quantity(1, name).to("s").magnitude
            if seconds >= _SECONDS_PER_DAY:
                bases.add(seconds)
    return frozenset(bases)


def _check_time_base(source: pint.Unit, target: pint.Unit, source_text: str, target_text: str,
                     what: str) -> None:
    if _time_bases(source) != _time_bases(target):
        raise UnitError(_about(what, _(
            "不能把“{0}”换算为“{1}”：两者是按不同时段计的量；请用运行天数（和每天小时数）明确折算为年量"
        ).format(source_text, target_text)))


def magnitude_in(value: pint.Quantity, unit: str, what: str = "", shown_as: str | None = None) -> float:
    """The magnitude of a quantity in `unit`, under the same rules as `convert`."""
    target = parse_unit(unit, what)
    source_text = shown_as or format_unit(f"{value.units:~}")
    _check_time_base(value.units, target, source_text, unit, what)
    if value.dimensionality != target.dimensionality:
        raise UnitError(_about(what, _("不能把“{0}”换算为“{1}”").format(source_text, unit)))
    return float(value.to(target).magnitude)


def convert(value: float, from_unit: str, to_unit: str, what: str = "") -> float:
    """`value` in `from_unit`, expressed in `to_unit`."""
    factor = _linear_factor(from_unit, to_unit)
    if factor is not None:
        return value * factor
    return magnitude_in(quantity(value, from_unit, what), to_unit, what, shown_as=from_unit)


@functools.lru_cache(maxsize=4096)
def _linear_factor(from_unit: str, to_unit: str) -> float | None:
    """The factor of a conversion that is a plain multiplication (most are; °C is not), found once per pair
    of unit texts: pint costs a fraction of a millisecond per conversion, and an audit converts thousands."""
    try:
        one = magnitude_in(quantity(1.0, from_unit), to_unit)
        zero = magnitude_in(quantity(0.0, from_unit), to_unit)
    except UnitError:
        return None  # convert() repeats the conversion to raise the error with the caller's `what`
    return one if zero == 0.0 else None


def product_in(values: tuple[float, ...], units: tuple[str, ...], result_unit: str, what: str = "",
               shown_as: str | None = None) -> float:
    """Π values × Π units, expressed in `result_unit` (e.g. kWh × kgce/kWh in tce), with the unit factor
    worked out once per combination of units."""
    factor = _product_factor(units, result_unit)
    if factor is None:
        product = quantity(1.0, "", what)
        for value, unit in zip(values, units):
            product = product * quantity(value, unit, what)
        return magnitude_in(product, result_unit, what, shown_as=shown_as)
    result = factor
    for value in values:
        result *= value
    return result


@functools.lru_cache(maxsize=4096)
def _product_factor(units: tuple[str, ...], result_unit: str) -> float | None:
    try:
        product = quantity(1.0, "")
        for unit in units:
            product = product * quantity(1.0, unit)
        return magnitude_in(product, result_unit)
    except UnitError:
        return None


_PER_PERIOD = re.compile(r"/\s*(d|day|h|hr|hour)\s*$")


def annualise(value: float, unit: str, operating_days: float, hours_per_day: float | None = None,
              what: str = "") -> tuple[float, str]:
    """A per-day or per-hour rate as a per-year rate over the operating days: (value, unit text)."""
    parsed = parse_unit(unit, what)
    bases = _time_bases(parsed)
    if bases == {_SECONDS_PER_DAY * 365.25}:
        return value, unit
    match = _PER_PERIOD.search(unit)
    if match is None or len(bases) > 1:
        raise UnitError(_about(what, _("不能把“{0}”折算为年量：请写成每天或每小时的量").format(unit)))
    annual_unit = unit[:match.start()] + "/a"
    if bases:
        return value * operating_days, annual_unit
    if hours_per_day is None:
        raise UnitError(_about(what, _("不能把“{0}”折算为年量：请给出每天运行小时数").format(unit)))
    return value * hours_per_day * operating_days, annual_unit


# --- display -----------------------------------------------------------------------------------------

_DISPLAY = (
    (re.compile(r"(?:10\s*k|10\s*\^\s*4|10⁴)\s*m(?:2|²)|万\s*m2"), "万m²"),
    (re.compile(r"\s*\*\*\s*2|\^2"), "²"),
    (re.compile(r"\s*\*\*\s*3|\^3"), "³"),
    (re.compile(r"(?<![A-Za-z_])(km|dm|cm|mm|um|µm|m|Nm)2(?![\d.])"), r"\1²"),
    (re.compile(r"(?<![A-Za-z_])(km|dm|cm|mm|um|µm|m|Nm)3(?![\d.])"), r"\1³"),
    (re.compile(r"(?<![A-Za-z_])u(?=[mgSL])"), "µ"),
)


def format_unit(text: str) -> str:
    """The unit as a report shows it: m3 → m³, 10k m2 → 万m², uS/cm → µS/cm."""
    for pattern, replacement in _DISPLAY:
        text = pattern.sub(replacement, text)
    return text
