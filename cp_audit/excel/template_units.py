"""The units a filled template may use: those of a cleaner production audit (mass, volume, area, energy,
standard coal, CO2, money, time, concentration ...), not every unit the pint registry knows. A template
is typed offline without the workbench's checks, so a slip such as furlong/fortnight must stop the import."""

from __future__ import annotations

from collections.abc import Iterable

from cp_audit.i18n import _
from cp_audit.validation import unit_problem

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


def _foreign_parts(text: str) -> list[str]:
    """The units in `text` (a unit pint can parse) that an audit does not use, by pint's names."""
    from cp_audit.units import parse_unit

    found: list[str] = []
    for name, _power in (1 * parse_unit(text)).unit_items():
        if name.startswith(_WAN) and name not in _PLAIN:
            found += _foreign_parts(name[len(_WAN) :])
        elif not _is_audit_unit(name):
            found.append(name)
    return list(dict.fromkeys(found))


class UnitVocabulary:
    """Decides whether a unit typed in a template is one the audit may hold: an audit unit, or a text
    the audit already holds (entered in the workbench, so a template written from it imports again)."""

    def __init__(self, known: Iterable[str] = ()):
        self.known = frozenset(known)

    def problem(self, text: str) -> str | None:
        """Why `text` cannot be used as a unit, or None."""
        if not text or text in self.known:
            return None
        message = unit_problem(text)
        if message:
            return message
        foreign = _foreign_parts(text)
        if foreign:
            return _(
                "“{0}”不是清洁生产审核使用的单位（{1}）；请使用例如 t、kg/d、m3/a、kWh、GJ、tce、mg/L、万m2。"
            ).format(text, _("、").join(foreign))
        return None


AUDIT_UNITS = UnitVocabulary()
