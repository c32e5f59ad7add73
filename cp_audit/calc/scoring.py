"""Weighted-sum scoring (权重总和计分排序法) of audit-focus candidates and options, the cost class of an
option, and counts and sums of options by any attribute (REFERENCE.md §2.2, §3)."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from cp_audit.errors import CalculationError
from cp_audit.i18n import _

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Criterion:
    """因素 with its weight W, fixed before scoring and the same for every candidate (§3.1)."""

    key: str
    weight: float
    name: str = ""


@dataclass(frozen=True)
class ScoreScale:
    """The range R may take; the reference scores 1–10 and some tools allow 0 (§3.1), so 0–10 by default."""

    low: float = 0.0
    high: float = 10.0


@dataclass(frozen=True)
class Tie:
    rank: int
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class WeightedSum:
    products: dict[str, dict[str, float]]  # candidate → criterion → W × R
    totals: dict[str, float]
    ranks: dict[str, int]  # 1 = highest total; equal totals share a rank (1, 1, 3 …)
    order: tuple[str, ...]  # highest first; equal totals keep the entry order
    ties: tuple[Tie, ...]
    max_possible: float  # Σ W × highest score on the scale
    margin: float | None  # first total − second total; None with one candidate

    @property
    def has_ties(self) -> bool:
        return bool(self.ties)

    @property
    def chosen(self) -> str | None:
        """The single leader; None when the first place is shared and the team must decide."""
        if not self.order or any(tie.rank == 1 for tie in self.ties):
            return None
        return self.order[0]


def weighted_sum(
    criteria: Sequence[Criterion],
    scores: Mapping[str, Mapping[str, float]],
    scale: ScoreScale = ScoreScale(),
    names: Mapping[str, str] | None = None,
) -> WeightedSum:
    """Total = Σ W × R per candidate, ranked highest first (REFERENCE.md §3.1). `names` gives the
    candidate names used in messages."""
    _check_criteria(criteria, scale)
    names = names or {}
    products: dict[str, dict[str, float]] = {}
    for candidate, row in scores.items():
        label = names.get(candidate, candidate)
        products[candidate] = {c.key: c.weight * _score(row, c, label, scale) for c in criteria}
    totals = {candidate: math.fsum(row.values()) for candidate, row in products.items()}
    order = tuple(sorted(totals, key=lambda k: -totals[k]))  # sorted() is stable: ties keep entry order
    ranks = _competition_ranks(order, totals)
    return WeightedSum(
        products=products,
        totals=totals,
        ranks=ranks,
        order=order,
        ties=_ties(order, ranks),
        max_possible=math.fsum(c.weight for c in criteria) * scale.high,
        margin=totals[order[0]] - totals[order[1]] if len(order) > 1 else None,
    )


def _check_criteria(criteria: Sequence[Criterion], scale: ScoreScale) -> None:
    if not criteria:
        raise CalculationError(_("权重总和计分：没有评分因素；请至少添加一个因素及其权重"))
    if scale.high <= scale.low:
        raise CalculationError(_("权重总和计分：分值范围 {0:g}–{1:g} 是空的").format(scale.low, scale.high))
    for c in criteria:
        if not math.isfinite(c.weight) or c.weight < 0:
            raise CalculationError(
                _("因素 {0}：权重应为零或正数（现为 {1}）").format(c.name or c.key, c.weight)
            )
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys):
        raise CalculationError(_("权重总和计分：两个因素的代号相同；请给每个因素不同的代号"))


def _score(row: Mapping[str, float], criterion: Criterion, candidate: str, scale: ScoreScale) -> float:
    label = criterion.name or criterion.key
    if criterion.key not in row or row[criterion.key] is None:
        raise CalculationError(_("备选 {0}：因素 {1} 还没有打分").format(candidate, label))
    value = row[criterion.key]
    if not (math.isfinite(value) and scale.low <= value <= scale.high):
        raise CalculationError(
            _("备选 {0}，因素 {1}：得分 {2:g} 超出分值范围 {3:g}–{4:g}").format(
                candidate, label, value, scale.low, scale.high
            )
        )
    return value


def _competition_ranks(order: tuple[str, ...], totals: Mapping[str, float]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for position, candidate in enumerate(order, start=1):
        previous = order[position - 2] if position > 1 else None
        same = previous is not None and totals[previous] == totals[candidate]
        ranks[candidate] = ranks[previous] if same else position
    return ranks


def _ties(order: tuple[str, ...], ranks: Mapping[str, int]) -> tuple[Tie, ...]:
    by_rank: dict[int, list[str]] = {}
    for candidate in order:
        by_rank.setdefault(ranks[candidate], []).append(candidate)
    return tuple(Tie(rank, tuple(group)) for rank, group in by_rank.items() if len(group) > 1)


class CostClass(StrEnum):
    """无/低费 vs 中/高费 (REFERENCE.md §2.2); 中费/高费 when the audit sets a medium-cost limit too."""

    no_low = "no_low"
    medium_high = "medium_high"
    medium = "medium"
    high = "high"
    unclassified = "unclassified"

    @property
    def group(self) -> CostClass:
        """The two-way class of the report tables (中费 and 高费 both count as 中/高费)."""
        return CostClass.medium_high if self in (CostClass.medium, CostClass.high) else self


@dataclass(frozen=True)
class CostThresholds:
    """The audit's own limits in its currency: no national threshold exists (§2.2, ✖)."""

    low_cost_max: float
    medium_cost_max: float | None = None


@dataclass(frozen=True)
class CostClassification:
    cost_class: CostClass
    reason: str | None = None


def classify_cost(
    investment: float | None, thresholds: CostThresholds, record: str = "option"
) -> CostClassification:
    """Investment ≤ low_cost_max → 无/低费; above → 中/高费, split at medium_cost_max when it is set
    (inputs.json conventions.cost_class_rule: the limit itself is still low cost)."""
    _check_thresholds(thresholds)
    if investment is None:
        return CostClassification(CostClass.unclassified, _("{0}：还没有填写投资").format(record))
    if not math.isfinite(investment) or investment < 0:
        raise CalculationError(_("{0}：投资应为零或正数（现为 {1}）").format(record, investment))
    if investment <= thresholds.low_cost_max:
        return CostClassification(CostClass.no_low)
    if thresholds.medium_cost_max is None:
        return CostClassification(CostClass.medium_high)
    if investment <= thresholds.medium_cost_max:
        return CostClassification(CostClass.medium)
    return CostClassification(CostClass.high)


def _check_thresholds(thresholds: CostThresholds) -> None:
    if thresholds.low_cost_max < 0:
        raise CalculationError(_("审核设置：无/低费方案投资上限应为零或正数"))
    medium = thresholds.medium_cost_max
    if medium is not None and medium < thresholds.low_cost_max:
        raise CalculationError(
            _("审核设置：中费方案投资上限 {0:,.2f} 低于无/低费方案投资上限 {1:,.2f}").format(
                medium, thresholds.low_cost_max
            )
        )


@dataclass(frozen=True)
class GroupSummary:
    count: int
    codes: tuple[str, ...]
    sums: dict[str, float]  # amount name → sum over the records that have it
    missing: dict[str, int]  # amount name → records where it is None (e.g. savings not estimated)


def group_by(records: Iterable[T], key: Callable[[T], K], order: Sequence[K] = ()) -> dict[K, list[T]]:
    """Records grouped by key; groups in `order` come first (and appear even when empty), then the others
    in order of first appearance."""
    groups: dict[K, list[T]] = {k: [] for k in order}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return groups


def summarise(
    records: Iterable[T],
    key: Callable[[T], K],
    *,
    code: Callable[[T], str],
    amounts: Mapping[str, Callable[[T], float | None]] | None = None,
    order: Sequence[K] = (),
) -> dict[K, GroupSummary]:
    """Count, codes and sums of amounts per group (方案分类汇总 by aspect, cost class, screening, status)."""
    return {k: _summary(group, code, amounts or {}) for k, group in group_by(records, key, order).items()}


def total(
    records: Iterable[T],
    *,
    code: Callable[[T], str],
    amounts: Mapping[str, Callable[[T], float | None]] | None = None,
) -> GroupSummary:
    """The same summary over all records at once."""
    return _summary(list(records), code, amounts or {})


def cross_count(
    records: Iterable[T],
    rows: Callable[[T], Any],
    columns: Callable[[T], Any],
    *,
    row_order: Sequence[Any] = (),
    column_order: Sequence[Any] = (),
) -> dict[Any, dict[Any, int]]:
    """Counts by two attributes (e.g. cost class × screening result), zeros included."""
    records = list(records)
    column_keys = list(group_by(records, columns, column_order))
    table = {row: dict.fromkeys(column_keys, 0) for row in group_by(records, rows, row_order)}
    for record in records:
        table[rows(record)][columns(record)] += 1
    return table


def _summary(
    group: list[T], code: Callable[[T], str], amounts: Mapping[str, Callable[[T], float | None]]
) -> GroupSummary:
    sums: dict[str, float] = {}
    missing: dict[str, int] = {}
    for name, amount in amounts.items():
        values = [amount(record) for record in group]
        sums[name] = math.fsum(v for v in values if v is not None)
        missing[name] = sum(v is None for v in values)
    return GroupSummary(len(group), tuple(code(r) for r in group), sums, missing)
