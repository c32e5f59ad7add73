"""Numbers and dates typed and pasted the way users do, in each locale; background tasks."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication

from cp_audit.models import AuditInfo, TeamMember
from ui import formatting
from ui.columns import ColumnSpec, Kind, parse_text, resolve
from ui.tasks import ImmediateTaskRunner, TaskCancelled, TaskRunner


@pytest.mark.parametrize("language", ["zh_CN", "zh_HK", "en"])
@pytest.mark.parametrize(
    "text, value",
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("１，２３４．５", 1234.5),
        ("¥1,234.50", 1234.5),
        ("(1,234.00)", -1234.0),
        (" 12 ", 12.0),
        ("", None),
        ("1e3", 1000.0),
    ],
)
def test_numbers_are_read_in_every_language(language, text, value):
    formatting.apply_language(language)
    assert formatting.parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3.4.5", "12 kg"])
def test_non_numbers_say_what_to_type(text):
    with pytest.raises(ValueError, match="不是数值"):
        formatting.parse_number(text)


def test_numbers_are_shown_with_separators_and_as_many_decimals_as_needed():
    assert formatting.format_number(1234567.891) == "1,234,567.891"
    assert formatting.format_number(0.1) == "0.1"
    assert formatting.format_number(3) == "3"
    assert formatting.format_number(2026, grouping=False) == "2026"
    assert formatting.format_number(1.5e-7) == "0.00000015"
    assert formatting.format_plain(1234.5) == "1234.5"


@pytest.mark.parametrize(
    "text", ["2026-05-12", "2026/5/12", "2026.5.12", "2026年5月12日", "２０２６－０５－１２"]
)
def test_chinese_dates(text):
    assert formatting.parse_date(text) == date(2026, 5, 12)


@pytest.mark.parametrize("text", ["2026-02-30", "12/5/2026", "明天"])
def test_bad_dates_say_how_to_write_one(text):
    with pytest.raises(ValueError, match="2026-05-12"):
        formatting.parse_date(text)


def test_percent_and_enum_and_bool_cells():
    tax = resolve(ColumnSpec("tax_rate", kind=Kind.percent), AuditInfo)
    assert parse_text(tax, "25%") == pytest.approx(0.25) and parse_text(tax, "25") == pytest.approx(0.25)
    group = resolve(ColumnSpec("group"), TeamMember)
    assert (
        parse_text(group, "领导小组").value == "leading" and parse_text(group, "leading").value == "leading"
    )
    with pytest.raises(ValueError, match="可选"):
        parse_text(group, "第三小组")
    assert formatting.days_text(3) == "还剩 3 天" and formatting.days_text(-2) == "已逾期 2 天"


def test_the_immediate_runner_calls_back_at_once():
    results, errors = [], []
    runner = ImmediateTaskRunner()
    runner.run_in_background(lambda state: 41 + 1, results.append, errors.append)
    runner.run_in_background(lambda state: 1 / 0, results.append, errors.append)
    assert results == [42] and isinstance(errors[0], ZeroDivisionError)


def test_the_thread_pool_runner_reports_progress_and_result(qtbot):
    results, errors = [], []

    def work(state):
        for step in range(5):
            state.progress(step / 5)
        return "done"

    runner = TaskRunner()
    runner.run_in_background(work, results.append, errors.append, progress="…")
    qtbot.waitUntil(lambda: results == ["done"])
    assert errors == []


def test_a_cancelled_task_calls_nothing(qtbot):
    results, errors, started = [], [], threading.Event()
    gate = threading.Event()
    runner = TaskRunner()

    def work(state):
        started.set()
        gate.wait(10)
        state.progress(0.5)  # notices the cancellation and stops
        return "never"

    state = runner.run_in_background(work, results.append, errors.append)
    qtbot.waitUntil(started.is_set)
    state.cancel()
    gate.set()
    runner.wait()
    QCoreApplication.processEvents()  # deliver the job's last signal
    assert results == [] and errors == []
    with pytest.raises(TaskCancelled):
        state.progress(0.6)


@pytest.mark.parametrize("outcome", ["done", "failed"])
def test_a_job_that_ends_after_its_signals_are_deleted_ends_quietly(qapp, outcome):
    """A job still running when the program quits ends after Qt deleted its signals; it used to raise
    'Signal source has been deleted' in the worker thread (printed at every such exit)."""
    import shiboken6

    from ui.tasks import _Job, _Signals

    def work(state):
        state.progress(0.5)
        if outcome == "failed":
            raise ValueError("the file went away")
        return 42

    signals = _Signals()
    job = _Job(work, signals)
    shiboken6.delete(signals)
    job.run()  # nothing raised, nothing to deliver


def test_the_workbench_hands_the_gil_to_the_window_within_a_millisecond(qapp, monkeypatch):
    """Worker threads run Python while the user types; the main thread must not wait Python's default 5 ms
    for the GIL after each SQLite call of an edit (the table-edit benchmark halved with this)."""
    import sys

    from ui.app import application

    monkeypatch.setattr(sys, "setswitchinterval", lambda seconds: calls.append(seconds))
    calls: list[float] = []
    assert application() is qapp
    assert calls and calls[-1] <= 0.001
