"""Loaders for the reference data shipped in cp_audit/data: coefficients, grid and fuel emission factors,
payback norms, CPPP funding rules and evaluation index systems. Each returns plain values."""

from __future__ import annotations

import json
from dataclasses import MISSING, dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from cp_audit.calc.cppp import BenefitConversions, CpppRuleSet, ProjectRule
from cp_audit.calc.economics import PaybackNorm
from cp_audit.calc.evaluation import EvaluationSystem, IndicatorGroup, IndicatorSpec, Level, LevelRule
from cp_audit.errors import CalculationError
from cp_audit.i18n import _, list_text

DATA = Path(__file__).parent / "data"
T = TypeVar("T")
_KJ_PER_MJ = 1000.0  # SI prefixes


@dataclass(frozen=True)
class CalorificValue:
    value: float | None
    minimum: float | None
    maximum: float | None
    unit: str
    confidence: str


@dataclass(frozen=True)
class CoefficientEntry:
    carrier_key: str
    name_zh: str
    name_en: str
    value: float | None  # None when only a range is published or the user must enter it
    minimum: float | None
    maximum: float | None
    unit: str
    source: str
    confidence: str
    calorific: CalorificValue | None = None
    data_year: int | None = None
    geography: str | None = None
    variant: str | None = None
    user_parameter: bool = False
    note: str = ""


@dataclass(frozen=True)
class CoefficientSet:
    key: str
    kind: str
    name_zh: str
    name_en: str
    source: str
    confidence: str
    entries: tuple[CoefficientEntry, ...]
    standard: str | None = None
    publisher: str | None = None
    document: str | None = None
    published_on: date | None = None
    data_year: int | None = None
    note: str = ""

    def entry(self, carrier_key: str) -> CoefficientEntry:
        for entry in self.entries:
            if entry.carrier_key == carrier_key:
                return entry
        raise CalculationError(_("系数集 {0}：没有 {1} 的系数").format(self.name_zh or self.key, carrier_key))


@dataclass(frozen=True)
class GridFactor:
    """One grid electricity CO2 factor (REFERENCE.md §6.2), in kgCO2/kWh."""

    geography: str
    geography_en: str
    level: str
    data_year: int | None
    variant: str
    value: float
    unit: str
    publisher: str | None
    document: str | None
    published_on: date | None
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class FuelFactor:
    """A fuel CO2 factor with the parameters it derives from (REFERENCE.md §6.3)."""

    carrier_key: str
    name_zh: str
    name_en: str
    ncv: float
    ncv_unit: str
    fuel_unit: str
    carbon_content_tc_per_tj: float
    oxidation_rate: float
    value: float
    unit: str
    parameters_confidence: str
    source: str
    confidence: str
    value_precise: float | None = None  # where a more precise figure than the rounded one was seen


@dataclass(frozen=True)
class EvaluationSystemInfo:
    key: str
    name_zh: str
    edition: str
    partial: bool
    confidence: str


def load_payback_norms() -> dict[str, PaybackNorm]:
    """定额 payback per cost class (REFERENCE.md §5.2)."""
    return {n["key"]: _build(PaybackNorm, n) for n in _read("payback_norms.json")["norms"]}


def load_cppp_rules() -> dict[str, CpppRuleSet]:
    """CPPP funding rules by programme phase, oldest first (REFERENCE.md §8.2, §8.3)."""
    return {r["key"]: _rule_set(r) for r in _read("cppp_rules.json")["rule_sets"]}


def cppp_benefit_conversions(hkd_per_cny: float) -> BenefitConversions:
    """Conversions for CPPP benefits: energy contents of electricity and natural gas from GB/T 2589
    (REFERENCE.md §6.1), effluent 1 m³ = 1 t from cppp_rules.json, the exchange rate of the audit."""
    standard = load_coefficient_library()["gbt2589-2020"]
    effluent = _read("cppp_rules.json")["benefit_conversions"]["effluent_t_per_m3"]["value"]
    return BenefitConversions(
        mj_per_kwh=_mj(standard.entry("electricity")),
        mj_per_m3_natural_gas=_mj(standard.entry("natural_gas")),
        effluent_t_per_m3=float(effluent),
        hkd_per_cny=hkd_per_cny,
    )


def list_evaluation_systems() -> list[EvaluationSystemInfo]:
    """Every evaluation index system in data/evaluation, by key."""
    return [
        _build(EvaluationSystemInfo, _read(f"evaluation/{path.name}"), key=path.stem)
        for path in sorted((DATA / "evaluation").glob("*.json"))
    ]


def load_evaluation_system(key: str) -> EvaluationSystem:
    """One evaluation index system (format: data/evaluation/README.md)."""
    if not (DATA / "evaluation" / f"{key}.json").is_file():
        known = list_text(info.key for info in list_evaluation_systems())
        raise CalculationError(_("没有评价指标体系 {0!r}；可选：{1}").format(key, known))
    raw = _read(f"evaluation/{key}.json")
    try:
        groups = tuple(_group(g) for g in raw["groups"])
        rules = tuple(_level_rule(r) for r in raw["level_rules"]["levels"])
        return _build(EvaluationSystem, raw, groups=groups, rules=rules)
    except (KeyError, TypeError, ValueError) as error:
        raise CalculationError(_("评价指标体系 {0}：文件格式有误").format(key), detail=repr(error)) from error


def load_coefficient_library() -> dict[str, CoefficientSet]:
    """Every coefficient set of data/coefficients by key: standard coal, equal value, grid and fuel CO2."""
    files = ("gbt2589-2020.json", "fuel-co2.json")
    sets = [_set(s) for name in files for s in _read(f"coefficients/{name}")["sets"]]
    return {s.key: s for s in sets + _grid_sets()}


def load_grid_factors() -> tuple[GridFactor, ...]:
    """Grid electricity CO2 factors of every publication (REFERENCE.md §6.2)."""
    raw = _read("coefficients/grid-co2.json")
    return tuple(_grid_factor(raw, pub, f) for pub in raw["publications"] for f in pub["factors"])


def latest_grid_factor(geography: str = "广东", variant: str = "average") -> GridFactor:
    """The factor of the latest data year for a geography (Chinese or English name) and variant; the
    default is the app's rule for Pearl River Delta firms (REFERENCE.md §6.2)."""
    wanted = geography.strip().casefold()
    matches = [
        f
        for f in load_grid_factors()
        if wanted in (f.geography.casefold(), f.geography_en.casefold())
        and f.variant == variant
        and f.data_year is not None
    ]
    if not matches:
        raise CalculationError(
            _("没有 {0}（{1}）的电网排放因子；请录入一个并注明来源").format(geography, variant)
        )
    return max(matches, key=lambda f: f.data_year)


def load_fuel_factors() -> tuple[FuelFactor, ...]:
    """Fuel CO2 factors with NCV, carbon content and oxidation rate (REFERENCE.md §6.3)."""
    raw = next(s for s in _read("coefficients/fuel-co2.json")["sets"] if s["key"] == "fuel-co2-china")
    return tuple(_build(FuelFactor, e) for e in raw["entries"])


@cache
def _read_text(relative: str) -> str:
    return (DATA / relative).read_text(encoding="utf-8")


def _read(relative: str) -> dict[str, Any]:
    # Parsed afresh each time so that no caller can change what the next one reads.
    try:
        return json.loads(_read_text(relative))
    except (OSError, json.JSONDecodeError) as error:
        raise CalculationError(_("无法读取数据文件 {0}").format(relative), detail=repr(error)) from error


def _build(cls: type[T], raw: dict[str, Any], **given: Any) -> T:
    """A dataclass from the JSON object whose keys are its field names; `given` overrides or adds."""
    values = {}
    for f in fields(cls):
        if f.name in given or f.name in raw:
            values[f.name] = given.get(f.name, raw.get(f.name))
        elif f.default is MISSING and f.default_factory is MISSING:
            raise KeyError(f"{cls.__name__}.{f.name}")
    return cls(**values)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _mj(entry: CoefficientEntry) -> float:
    """Calorific value of an entry in MJ per unit (kJ/kWh, kJ/m3 in GB/T 2589's table)."""
    calorific = entry.calorific
    if calorific is None or calorific.value is None or not calorific.unit.startswith("kJ/"):
        raise CalculationError(_("系数 {0}：没有以 kJ 表示的热值，无法换算为 TJ").format(entry.name_zh))
    return calorific.value / _KJ_PER_MJ


def _rule_set(raw: dict[str, Any]) -> CpppRuleSet:
    projects = {kind: _build(ProjectRule, r) for kind, r in raw["projects"].items()}
    dates = {"valid_from": _date(raw.get("valid_from")), "valid_to": _date(raw.get("valid_to"))}
    return _build(CpppRuleSet, raw, projects=projects, **dates)


def _group(raw: dict[str, Any]) -> IndicatorGroup:
    return _build(IndicatorGroup, raw, indicators=tuple(_indicator(i) for i in raw["indicators"]))


def _indicator(raw: dict[str, Any]) -> IndicatorSpec:
    benchmarks = raw.get("benchmarks") or {}
    return _build(IndicatorSpec, raw, benchmarks=tuple(_float(benchmarks.get(k)) for k in ("I", "II", "III")))


def _level_rule(raw: dict[str, Any]) -> LevelRule:
    levels = {
        k: None if raw.get(k) is None else Level.from_key(raw[k])
        for k in ("level", "limiting_min_level", "others_min_level")
    }
    return _build(LevelRule, raw, **levels)


def _set(raw: dict[str, Any]) -> CoefficientSet:
    return _build(CoefficientSet, raw, entries=tuple(_entry(e) for e in raw["entries"]))


def _entry(raw: dict[str, Any]) -> CoefficientEntry:
    calorific = raw.get("calorific_value")
    if calorific is not None:
        calorific = _build(
            CalorificValue, calorific, minimum=calorific.get("min"), maximum=calorific.get("max")
        )
    return _build(CoefficientEntry, raw, minimum=raw.get("min"), maximum=raw.get("max"), calorific=calorific)


def _grid_factor(raw: dict[str, Any], pub: dict[str, Any], factor: dict[str, Any]) -> GridFactor:
    published = {
        "data_year": pub["data_year"],
        "publisher": pub.get("publisher"),
        "document": pub.get("document"),
    }
    return _build(
        GridFactor, factor, unit=raw["unit"], published_on=_date(pub.get("published_on")), **published
    )


def _grid_sets() -> list[CoefficientSet]:
    """One set per publication, so a grid factor carries its data year, document and date like any set."""
    raw = _read("coefficients/grid-co2.json")
    return [
        _build(
            CoefficientSet,
            pub,
            kind=raw["kind"],
            name_zh=raw["name_zh"],
            name_en=raw["name_en"],
            published_on=_date(pub.get("published_on")),
            entries=tuple(_grid_entry(raw["carrier_key"], _grid_factor(raw, pub, f)) for f in pub["factors"]),
        )
        for pub in raw["publications"]
    ]


def _grid_entry(carrier_key: str, f: GridFactor) -> CoefficientEntry:
    return CoefficientEntry(
        carrier_key,
        f"{f.geography} ({f.variant})",
        f"{f.geography_en} ({f.variant})",
        f.value,
        None,
        None,
        f.unit,
        f.source,
        f.confidence,
        data_year=f.data_year,
        geography=f.geography,
        variant=f.variant,
        note=f.note,
    )
