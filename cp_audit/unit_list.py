"""The units an audit may hold, and the one rule that accepts a unit text: it must parse (cp_audit.units) and
be built only from the units of a cleaner production audit (mass, volume, area, energy, standard coal, CO2,
money, time, concentration ...), not from any unit pint knows (furlong/fortnight, acre, "pH" as picohenry).
The workbench's editing, the JSON import and the Excel template import all ask `unit_problem` here."""

from __future__ import annotations

from cp_audit.i18n import _

# pint's names of the units an audit writes; the first set takes the SI prefixes below (kg, MJ, kWh, µS).
_PREFIXABLE = frozenset(
    {
        "gram", "meter", "liter", "joule", "watt_hour", "watt", "volt_ampere", "volt", "ampere", "pascal",
        "siemens", "mole", "calorie", "second", "gce", "gCO2", "metric_ton", "tce", "tCO2",
    }
)  # fmt: skip
_PREFIXES = frozenset({"", "nano", "micro", "milli", "centi", "deci", "kilo", "mega", "giga", "tera"})
_PLAIN = frozenset(
    {
        "Nm3", "wan_m2", "hectare", "minute", "hour", "day", "week", "month",
        "year", "CNY", "HKD", "percent", "permille", "ppm", "degree_Celsius", "kelvin", "bar", "decibel",
    }
)  # fmt: skip
_WAN = "wan_"  # 万kWh, 万元: units.py defines wan_<unit> as 10⁴ of it


def _is_audit_unit(name: str) -> bool:
    from cp_audit.units import registry

    return name in _PLAIN or any(
        prefix in _PREFIXES and unit in _PREFIXABLE
        for prefix, unit, _suffix in registry().parse_unit_name(name)
    )


def foreign_units(text: str) -> list[str]:
    """The units in `text` (a unit pint can parse) that an audit does not use, by pint's names."""
    from cp_audit.units import parse_unit

    found: list[str] = []
    for name, _power in (1 * parse_unit(text)).unit_items():
        if name.startswith(_WAN) and name not in _PLAIN:
            found += foreign_units(name[len(_WAN) :])
        elif not _is_audit_unit(name):
            found.append(name)
    return list(dict.fromkeys(found))


def unit_problem(text: str) -> str | None:
    """Why `text` cannot be an audit's unit, or None."""
    from cp_audit.errors import UnitError
    from cp_audit.units import parse_unit

    try:
        parse_unit(text)
    except UnitError:
        return _("“{0}”不是可识别的单位，例如 t、kg/d、m3/a、kWh、mg/L、万m2。").format(text)
    foreign = foreign_units(text)
    if foreign:
        return _(
            "“{0}”不是清洁生产审核使用的单位（{1}）；请使用例如 t、kg/d、m3/a、kWh、GJ、tce、mg/L、万m2。"
        ).format(text, _("、").join(foreign))
    return None
