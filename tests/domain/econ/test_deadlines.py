"""Mandatory-audit deadlines, on-time checks and work-plan day counts (REFERENCE.md §1.5)."""

from datetime import date

import pytest

from cp_audit.calc.deadlines import (
    Stage,
    add_months,
    add_years,
    check_mandatory_deadlines,
    days_between,
    days_inclusive,
    mandatory_deadlines,
    work_plan_summary,
)
from cp_audit.errors import CalculationError


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_reference_deadlines(reference_inputs, reference_expected):
    audit = reference_inputs["mandatory_audit"]
    expected = reference_expected["deadlines"]
    dates = mandatory_deadlines(d(audit["list_published_on"]), audit["category"])
    assert dates.disclosure_due == d(expected["disclosure_due"])
    assert dates.start_due == d(expected["start_due"])
    assert dates.completion_due == d(expected["completion_due"])
    assert dates.next_round_due == d(expected["next_round_due_category3"])
    assert dates.next_round_due == d(reference_expected["phase7"]["next_mandatory_round_due"])


def test_reference_on_time_checks(reference_inputs, reference_expected):
    audit = reference_inputs["mandatory_audit"]
    actual = audit["actual"]
    expected = reference_expected["deadlines"]
    dates = mandatory_deadlines(d(audit["list_published_on"]), audit["category"])
    disclosure, start, completion = check_mandatory_deadlines(
        dates,
        disclosed_on=d(actual["disclosed_on"]),
        started_on=d(actual["audit_started_on"]),
        completed_on=d(actual["report_submitted_on"]),
    )
    assert disclosure.on_time is expected["disclosed_on_time"]
    assert start.on_time is expected["started_on_time"]
    assert completion.on_time is expected["completed_on_time"]
    assert completion.days_early == expected["days_before_completion_due"]


def test_late_and_missing_acts():
    dates = mandatory_deadlines(d("2026-03-15"), 1)
    assert dates.next_round_due is None  # the 5-year repeat applies to category 3 only
    disclosure, start, completion = check_mandatory_deadlines(
        dates, disclosed_on=d("2026-04-16"), started_on=d("2026-05-15"), completed_on=None
    )
    assert disclosure.on_time is False and disclosure.days_early == -1
    assert start.on_time is True and start.days_early == 0  # on the due day is on time
    assert completion.on_time is None and completion.days_early is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-12-15", 1, "2027-01-15"),
        ("2026-03-15", -3, "2025-12-15"),
        ("2026-03-31", -1, "2026-02-28"),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(d(start), months) == d(expected)


def test_add_years_from_leap_day():
    assert add_years(d("2028-02-29"), 1) == d("2029-02-28")
    assert add_years(d("2028-02-29"), 4) == d("2032-02-29")


def test_deadlines_from_month_end_list_date():
    dates = mandatory_deadlines(d("2027-12-31"), 3)
    assert dates.disclosure_due == d("2028-01-31")
    assert dates.start_due == d("2028-02-29")
    assert dates.completion_due == d("2028-12-31")
    assert dates.next_round_due == d("2032-12-31")


def test_reference_work_plan(reference_inputs, reference_expected):
    plan = reference_inputs["phase1_preparation"]["work_plan"]
    expected = reference_expected["phase1"]
    stages = [Stage(str(s["stage_no"]), d(s["start"]), d(s["end"])) for s in plan]
    summary = work_plan_summary(stages, completion_due=d(reference_expected["deadlines"]["completion_due"]))
    assert summary.first_start == d(expected["work_plan_first_start"])
    assert summary.last_end == d(expected["work_plan_last_end"])
    assert summary.span_days == expected["work_plan_span_days"]
    assert [s.days for s in summary.stages] == [s["duration_days"] for s in expected["work_plan"]]
    assert [s.within_due for s in summary.stages] == [
        s["within_completion_due"] for s in expected["work_plan"]
    ]
    assert summary.all_within_due is expected["all_stages_within_completion_due"]


def test_day_counts_by_hand():
    # 2026-03-18..2026-04-03: 14 days left in March (18..31) + 3 in April = 17 counted inclusively.
    assert days_inclusive(d("2026-03-18"), d("2026-04-03")) == 17
    assert days_inclusive(d("2026-03-18"), d("2026-03-18")) == 1
    # 2026-04-01 -> 2026-06-15 elapsed: 30 (April) + 31 (May) + 14 = 75.
    assert days_between(d("2026-04-01"), d("2026-06-15")) == 75


def test_stage_past_due_and_reversed_stage(english):
    summary = work_plan_summary(
        [Stage("9", d("2027-03-01"), d("2027-03-20"))], completion_due=d("2027-03-15")
    )
    assert summary.all_within_due is False
    with pytest.raises(CalculationError, match="work-plan stage 3: ends 2026-05-01 before it starts"):
        work_plan_summary([Stage("3", d("2026-05-04"), d("2026-05-01"))])
    with pytest.raises(CalculationError, match="no stages"):
        work_plan_summary([])
