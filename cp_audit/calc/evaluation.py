"""Cleaner production evaluation index systems (清洁生产评价指标体系, REFERENCE.md §7): the level an
indicator value meets, the composite indices Y_Ⅰ, Y_Ⅱ, Y_Ⅲ and the level of the firm."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from cp_audit.errors import CalculationError
from cp_audit.i18n import _, list_text

# Weights are renormalised, so an index meant to be exactly 100 can come out as 99.99999999999999;
# a level threshold is taken as met within this margin.
_INDEX_TOLERANCE = 1e-9
_COMPARATORS = {
    "le": "le",
    "<=": "le",
    "≤": "le",
    "ge": "ge",
    ">=": "ge",
    "≥": "ge",
    "descriptive": "descriptive",
}


class Level(IntEnum):
    """Ⅰ 国际清洁生产领先, Ⅱ 国内清洁生产先进, Ⅲ 国内清洁生产一般, or below Ⅲ (REFERENCE.md §7.1).
    A smaller number is a better level, so "meets Ⅱ" is `level <= Level.II`."""

    I = 1
    II = 2
    III = 3
    BELOW_III = 4

    @property
    def label(self) -> str:
        return ("Ⅰ", "Ⅱ", "Ⅲ", "below Ⅲ")[self - 1]

    @property
    def key(self) -> str:
        return ("I", "II", "III", "below_III")[self - 1]

    @classmethod
    def from_key(cls, key: str | int) -> Level:
        if isinstance(key, int):
            return cls(key)
        return {"I": cls.I, "II": cls.II, "III": cls.III, "below_III": cls.BELOW_III}[key]


RATED_LEVELS = (Level.I, Level.II, Level.III)


@dataclass(frozen=True)
class IndicatorSpec:
    """二级指标: ω within its group (or a share of a pool such as the metals' 0.8/n), comparator and the
    Ⅰ/Ⅱ/Ⅲ benchmarks (§7.2). A descriptive indicator has no numbers: the auditor assesses its level."""

    key: str
    name_zh: str
    comparator: str = "le"
    benchmarks: tuple[float | None, float | None, float | None] = (None, None, None)
    weight: float | None = None
    pool: str | None = None
    limiting: bool = False
    unit: str = ""
    confidence: str = ""

    @property
    def descriptive(self) -> bool:
        return _comparator(self) == "descriptive"


@dataclass(frozen=True)
class IndicatorGroup:
    """一级指标 with its weight w and its second-level indicators; `pools` maps a pool name to the weight
    its applicable members share equally."""

    key: str
    name_zh: str
    weight: float
    indicators: tuple[IndicatorSpec, ...]
    pools: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelRule:
    """Condition for a level: Y of that level ≥ min_index, limiting indicators at least at
    `limiting_min_level`, and (some systems) every other indicator at least at `others_min_level`."""

    level: Level
    min_index: float
    limiting_min_level: Level | None = None
    others_min_level: Level | None = None


@dataclass(frozen=True)
class EvaluationSystem:
    key: str
    name_zh: str
    groups: tuple[IndicatorGroup, ...]
    rules: tuple[LevelRule, ...]
    source: str = ""
    confidence: str = ""
    partial: bool = False
    note: str = ""


@dataclass(frozen=True)
class IndicatorOutcome:
    key: str
    name_zh: str
    group_key: str
    applicable: bool
    limiting: bool
    value: float | None
    level: Level | None  # None when the indicator does not apply
    weight: float  # ω' after renormalisation within the group (0 when not applicable)
    overall_weight: float  # w' × ω'


@dataclass(frozen=True)
class EvaluationResult:
    system_key: str
    partial: bool
    indices: dict[Level, float]  # Y_Ⅰ, Y_Ⅱ, Y_Ⅲ on 0–100
    level: Level
    group_weights: dict[str, float]  # w' after dropping groups that do not apply
    outcomes: tuple[IndicatorOutcome, ...]
    reasons: tuple[str, ...]  # why each better level was not reached


def indicator_level(
    value: float, comparator: str, benchmarks: tuple[float | None, ...], name: str = ""
) -> Level:
    """Best level whose benchmark the value meets; levels are nested, so meeting Ⅰ also meets Ⅱ and Ⅲ
    (REFERENCE.md §7.3). A missing benchmark is never met."""
    spec = IndicatorSpec(name or "indicator", name, comparator, tuple(benchmarks))
    _check_benchmarks(spec)
    return _level_of(spec, value)


def evaluate(
    system: EvaluationSystem,
    values: Mapping[str, float],
    assessed: Mapping[str, Level] | None = None,
    not_applicable: Collection[str] = (),
) -> EvaluationResult:
    """Y_gk = Σ w'ᵢ Σ ω'ᵢⱼ · 100·[xᵢⱼ meets gₖ] and the firm's level by the system's rules (§7.3)."""
    assessed = assessed or {}
    _check_keys(system, {*values, *assessed, *not_applicable})
    levels = {
        spec.key: _indicator_outcome_level(spec, values, assessed, not_applicable)
        for group in system.groups
        for spec in group.indicators
    }
    inner = {group.key: _inner_weights(group, not_applicable) for group in system.groups}
    group_weights = _group_weights(system, inner)
    outcomes = tuple(
        IndicatorOutcome(
            spec.key,
            spec.name_zh,
            group.key,
            spec.key not in not_applicable,
            spec.limiting,
            values.get(spec.key),
            levels[spec.key],
            inner[group.key].get(spec.key, 0.0),
            group_weights.get(group.key, 0.0) * inner[group.key].get(spec.key, 0.0),
        )
        for group in system.groups
        for spec in group.indicators
    )
    indices = {
        k: 100 * math.fsum(o.overall_weight for o in outcomes if o.applicable and o.level <= k)
        for k in RATED_LEVELS
    }
    level, reasons = _firm_level(system, indices, outcomes)
    return EvaluationResult(system.key, system.partial, indices, level, group_weights, outcomes, reasons)


def _comparator(spec: IndicatorSpec) -> str:
    try:
        return _COMPARATORS[spec.comparator]
    except KeyError:
        raise CalculationError(
            _("指标 {0}：比较方式 {1!r} 不是 ≤、≥ 或定性之一").format(
                spec.name_zh or spec.key, spec.comparator
            )
        ) from None


def _check_benchmarks(spec: IndicatorSpec) -> None:
    given = [b for b in spec.benchmarks if b is not None]
    ordered = sorted(given) if _comparator(spec) == "le" else sorted(given, reverse=True)
    if given != ordered:
        sign = "≤" if _comparator(spec) == "le" else "≥"
        raise CalculationError(
            _("指标 {0}：Ⅰ/Ⅱ/Ⅲ级基准值 {1} 没有按“{2}”排序").format(
                spec.name_zh or spec.key, spec.benchmarks, sign
            )
        )


def _level_of(spec: IndicatorSpec, value: float) -> Level:
    if not math.isfinite(value):
        raise CalculationError(_("指标 {0}：数值应为有限数").format(spec.name_zh or spec.key))
    less = _comparator(spec) == "le"
    for level, benchmark in zip(RATED_LEVELS, spec.benchmarks):
        if benchmark is not None and (value <= benchmark if less else value >= benchmark):
            return level
    return Level.BELOW_III


def _indicator_outcome_level(
    spec: IndicatorSpec,
    values: Mapping[str, float],
    assessed: Mapping[str, Level],
    not_applicable: Collection[str],
) -> Level | None:
    name = spec.name_zh or spec.key
    if spec.key in not_applicable:
        return None
    if spec.descriptive:
        if spec.key not in assessed:
            raise CalculationError(
                _("指标 {0}：定性指标；请选择它达到的级别（Ⅰ级、Ⅱ级、Ⅲ级或未达Ⅲ级），或标为不适用").format(
                    name
                )
            )
        return Level.from_key(assessed[spec.key])
    if values.get(spec.key) is None:
        raise CalculationError(_("指标 {0}：没有填写数值；请填写，或标为不适用").format(name))
    _check_benchmarks(spec)
    return _level_of(spec, values[spec.key])


def _check_keys(system: EvaluationSystem, keys: set[str]) -> None:
    known = {spec.key for group in system.groups for spec in group.indicators}
    unknown = sorted(keys - known)
    if unknown:
        raise CalculationError(
            _("评价指标体系 {0}：没有指标 {1}").format(system.name_zh or system.key, list_text(unknown))
        )


def _inner_weights(group: IndicatorGroup, not_applicable: Collection[str]) -> dict[str, float]:
    """ω' = ω / Σ ω of the applicable indicators of the group (§7.3); a pooled indicator first takes
    pool weight / number of applicable pool members (the metals' 0.8/n, §7.4)."""
    applicable = [s for s in group.indicators if s.key not in not_applicable]
    members = {pool: sum(s.pool == pool for s in applicable) for pool in group.pools}
    raw = {s.key: _raw_weight(group, s, members) for s in applicable}
    total = math.fsum(raw.values())
    return {key: w / total for key, w in raw.items()} if total > 0 else {}


def _raw_weight(group: IndicatorGroup, spec: IndicatorSpec, members: Mapping[str, int]) -> float:
    if spec.pool is not None:
        if spec.pool not in group.pools:
            raise CalculationError(
                _("指标 {0}：权重池 {1!r} 在指标组 {2} 中没有定义").format(
                    spec.name_zh, spec.pool, group.name_zh
                )
            )
        return group.pools[spec.pool] / members[spec.pool]
    if spec.weight is None or spec.weight < 0:
        raise CalculationError(_("指标 {0}：权重应为零或正数").format(spec.name_zh or spec.key))
    return spec.weight


def _group_weights(system: EvaluationSystem, inner: Mapping[str, dict[str, float]]) -> dict[str, float]:
    """w' = w / Σ w of the groups that still have an applicable indicator (a whole group may not apply,
    and a partial system lacks groups: §7.4 renormalises 0.33/0.10/0.18 to 0.541/0.164/0.295)."""
    present = {g.key: g.weight for g in system.groups if inner[g.key]}
    total = math.fsum(present.values())
    if total <= 0:
        raise CalculationError(_("评价指标体系 {0}：没有适用的指标").format(system.name_zh or system.key))
    return {key: w / total for key, w in present.items()}


def _firm_level(
    system: EvaluationSystem, indices: Mapping[Level, float], outcomes: tuple[IndicatorOutcome, ...]
) -> tuple[Level, tuple[str, ...]]:
    """Try Ⅰ, then Ⅱ, then Ⅲ: the firm gets the best level whose rule holds (§7.3)."""
    reasons: list[str] = []
    for rule in sorted(system.rules, key=lambda r: r.level):
        failures = _rule_failures(rule, indices, outcomes)
        if not failures:
            return rule.level, tuple(reasons)
        reasons.extend(f"not {rule.level.label}: {text}" for text in failures)
    return Level.BELOW_III, tuple(reasons)


def _rule_failures(
    rule: LevelRule, indices: Mapping[Level, float], outcomes: tuple[IndicatorOutcome, ...]
) -> list[str]:
    failures = []
    index = indices[rule.level]
    if index < rule.min_index - _INDEX_TOLERANCE:
        failures.append(f"Y_{rule.level.label} = {index:.2f} < {rule.min_index:g}")
    for o in outcomes:
        if not o.applicable:
            continue
        needed = rule.limiting_min_level if o.limiting else rule.others_min_level
        if needed is not None and o.level > needed:
            kind = "limiting indicator" if o.limiting else "indicator"
            failures.append(f"{kind} {o.name_zh} is only at {o.level.label}, needs {needed.label}")
    return failures
