"""The engine's own words on a page (5.4: why an option cannot be evaluated) are in the window's language:
Chinese by default, English in English, never the English the code once held."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cp_audit import services
from cp_audit.models import CashFlowYear, Option
from cp_audit.phases import step
from ui.pages.economics import EconomicsPage

HAN = re.compile(r"[\u4e00-\u9fff]")


def _problem_of_f8(qtbot, show, context, name: str) -> str:
    """F8 has a 10-year life; two yearly cash flows leave eight years without one."""
    f8 = services.rows(context.audit, Option, code="F8")[0]
    for year in (1, 2):
        services.add(context.audit, CashFlowYear, {"option_id": f8.id, "year": year, "amount": 50_000.0})
    page = show(EconomicsPage(context, step("5.4")))
    summary = page.summary
    page.summary_view.selectRow(
        next(r for r in range(summary.rowCount()) if summary.index(r, 0).data() == "F8")
    )
    qtbot.waitUntil(lambda: page.result.problems.isVisible() and page.result.problems.text() != "")
    folder = Path(os.environ.get("CP_AUDIT_SCREENSHOTS", Path(os.environ["CP_AUDIT_HOME"]) / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(folder / f"{name}-5.4-problem.png"))
    return page.result.problems.text()


def test_an_engine_problem_on_the_page_is_chinese(qtbot, show, sample_context):
    text = _problem_of_f8(qtbot, show, sample_context, "zh_CN")
    assert "方案 F8（预期）：给出了 2 年的现金流量，而经济寿命为 10 年" in text
    assert not re.search("[A-Za-z]{3,}", text.replace("NPV", "")), text


@pytest.mark.usefixtures("english")
def test_an_engine_problem_on_the_page_is_english_in_english(qtbot, show, sample_context):
    text = _problem_of_f8(qtbot, show, sample_context, "en")
    assert "option F8 (expected)" in text and not HAN.search(text), text
