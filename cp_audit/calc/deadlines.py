"""Dates of a mandatory audit (强制性清洁生产审核): the deadlines that run from the published list, whether
they were met, and the day counts of the work plan (REFERENCE.md §1.5)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cp_audit.errors import CalculationError
from cp_audit.i18n import _


@dataclass(frozen=True)
class DeadlineRules:
    """Offsets from the list date. Order No. 38 sets them; kept as a value so a province can differ."""

    disclosure_months: int
    start_months: int
    completion_months: int
    repeat_years_category3: int
    source: str


# REFERENCE.md §1.5 (✔ S8: disclose within 1 month; ✔ S9: start within 2 months, complete within
# 1 year, category-3 firms repeat within 5 years).
ORDER_38 = DeadlineRules(
    disclosure_months=1,
    start_months=2,
    completion_months=12,
    repeat_years_category3=5,
    source="《清洁生产审核办法》(Order No. 38, 2016); REFERENCE.md §1.5, S8/S9",
)


@dataclass(frozen=True)
class MandatoryDeadlines:
    list_published_on: date
    disclosure_due: date
    start_due: date
    completion_due: date
    next_round_due: date | None  # only category-3 firms (toxic and hazardous substances)


@dataclass(frozen=True)
class DeadlineCheck:
    """One deadline against what happened; `on_time` is None until the act has a date."""

    name: str
    due: date
    actual: date | None
    on_time: bool | None
    days_early: int | None  # negative when late


@dataclass(frozen=True)
class Stage:
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class StageSpan:
    label: str
    start: date
    end: date
    days: int
    within_due: bool | None


@dataclass(frozen=True)
class WorkPlanSummary:
    first_start: date
    last_end: date
    span_days: int
    stages: tuple[StageSpan, ...]
    all_within_due: bool | None


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later (or earlier), clamped to the last day of a shorter month.

    The reference audit's convention (inputs.json conventions.deadline_rule): 2026-01-31 + 1 month is
    2026-02-28.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Same date `years` later; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def mandatory_deadlines(
    list_published_on: date, category: int | None, rules: DeadlineRules = ORDER_38
) -> MandatoryDeadlines:
    """Deadlines of a firm on a mandatory-audit list (REFERENCE.md §1.5)."""
    next_round = add_years(list_published_on, rules.repeat_years_category3) if category == 3 else None
    return MandatoryDeadlines(
        list_published_on=list_published_on,
        disclosure_due=add_months(list_published_on, rules.disclosure_months),
        start_due=add_months(list_published_on, rules.start_months),
        completion_due=add_months(list_published_on, rules.completion_months),
        next_round_due=next_round,
    )


def check_deadline(name: str, due: date, actual: date | None) -> DeadlineCheck:
    """On time when the act happened on or before the due day."""
    if actual is None:
        return DeadlineCheck(name, due, None, None, None)
    days_early = (due - actual).days
    return DeadlineCheck(name, due, actual, days_early >= 0, days_early)


def check_mandatory_deadlines(
    deadlines: MandatoryDeadlines,
    *,
    disclosed_on: date | None,
    started_on: date | None,
    completed_on: date | None,
) -> tuple[DeadlineCheck, ...]:
    """Disclosure, start and completion (report submitted) against their due days."""
    return (
        check_deadline("disclosure", deadlines.disclosure_due, disclosed_on),
        check_deadline("start", deadlines.start_due, started_on),
        check_deadline("completion", deadlines.completion_due, completed_on),
    )


def days_inclusive(start: date, end: date, record: str = "") -> int:
    """Calendar days from start to end counting both ends, as a work plan counts them (03-18..04-03 is 17)."""
    if end < start:
        raise _ends_before_start(start, end, record)
    return (end - start).days + 1


def days_between(start: date, end: date, record: str = "") -> int:
    """Elapsed days from start to end (end − start), as a project's duration is counted."""
    if end < start:
        raise _ends_before_start(start, end, record)
    return (end - start).days


def _ends_before_start(start: date, end: date, record: str) -> CalculationError:
    return CalculationError(
        _("{0}：结束日期 {1} 早于开始日期 {2}").format(
            record or _("时段"), end.isoformat(), start.isoformat()
        )
    )


def work_plan_summary(stages: Sequence[Stage], completion_due: date | None = None) -> WorkPlanSummary:
    """Span and stage durations of the work plan (工作表1-2), inclusive day counts; each stage is
    checked against the completion due date when one is given."""
    if not stages:
        raise CalculationError(_("审核工作计划：没有阶段；请至少添加一个阶段及其起止日期"))
    spans = tuple(
        StageSpan(
            s.label,
            s.start,
            s.end,
            days_inclusive(s.start, s.end, _("审核工作计划阶段 {0}").format(s.label)),
            None if completion_due is None else s.end <= completion_due,
        )
        for s in stages
    )
    first, last = min(s.start for s in stages), max(s.end for s in stages)
    within = None if completion_due is None else all(s.within_due for s in spans)
    return WorkPlanSummary(first, last, days_inclusive(first, last, _("审核工作计划")), spans, within)
