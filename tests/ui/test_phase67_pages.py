"""Phases 6 方案实施 and 7 持续清洁生产 on the bundled sample audit: the figures the pages show equal the
reference audit's expected results (expected.json), an edited after-value changes the change as a hand
calculation says and undo restores it, the report exports, every new table model passes the model
tester, and screenshots of every page are saved in Chinese and English."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget

from cp_audit.phases import step
from tests.ui.conftest import make_context, type_into_cell
from ui.cells import CopyRole
from ui.pages.continuous import NextRoundPage, OpenOptionsModel
from ui.pages.implementation import AchievementsPage, EffectsModel, ImplementationPage
from ui.pages.report_step import ReportPage
from ui.pages.verification import (
    CpppBenefitModel,
    CpppFundingModel,
    EvaluationModel,
    ImpactPage,
    PerformanceModel,
    TargetAttainmentModel,
    VerificationPage,
)
from ui.tables.continuous import CpRuleTableModel, NextRoundTableModel
from ui.tables.implementation import (
    AchievementTableModel,
    ImplementationTableModel,
    MonitoringTableModel,
    PostEconomicsTableModel,
)

REFERENCE = Path(__file__).parents[1] / "data" / "reference-audit" / "expected.json"  # the reference audit's results
TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def cell(model, row: int, column: int) -> str:
    return model.index(row, column).data(CopyRole)


def number(model, row: int, column: int) -> float:
    return float(cell(model, row, column))


def column_of(model, header: str) -> int:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return next(i for i, h in enumerate(headers) if h.split(" (")[0] == header)


# ---- 6.4 target attainment and evaluation levels ------------------------------------------------


def test_target_attainment_is_the_reference_audits(show, sample_context, expected):
    page = show(ImpactPage(sample_context, step("6.4")))
    model = page.attainment_model
    rows = {cell(model, r, 0): r for r in range(model.rowCount())}
    targets = expected["phase6"]["target_attainment"]
    assert set(rows) == {t["key"] for t in targets}
    for target in targets:
        row = rows[target["key"]]
        for header, key in (
            ("基准值", "baseline"),
            ("实施后", "actual"),
            ("变化率", "change_pct"),
            ("近期目标", "near_term_target"),
            ("近期目标完成率", "near_term_attainment_pct"),
            ("中长期目标", "long_term_target"),
            ("中长期目标完成率", "long_term_attainment_pct"),
        ):
            assert number(model, row, column_of(model, header)) == pytest.approx(target[key], abs=TOLERANCE)
        for header, key in (("近期目标达到", "near_term_met"), ("中长期目标达到", "long_term_met")):
            assert cell(model, row, column_of(model, header)) == ("是" if target[key] else "否")
    # the near-term targets met are T1-T4, T5 is not
    met = [
        cell(model, r, 0)
        for r in range(model.rowCount())
        if cell(model, r, column_of(model, "近期目标达到")) == "是"
    ]
    assert met == expected["phase6"]["targets_met_near_term"]


def test_evaluation_levels_before_and_after_are_the_reference_audits(show, sample_context, expected):
    page = show(ImpactPage(sample_context, step("6.4")))
    model = page.evaluation_model
    levels = expected["performance_table"]["evaluation_levels"]  # key -> [before, after]
    shown = {
        model.row(r).key: (
            cell(model, r, column_of(model, "实施前级别")),
            cell(model, r, column_of(model, "实施后级别")),
        )
        for r in range(model.rowCount())
    }
    names = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级"}
    assert shown == {key: (names[before], names[after]) for key, (before, after) in levels.items()}
    after = expected["phase6"]["evaluation_levels_after"]
    rinse = next(r for r in range(model.rowCount()) if model.row(r).key == "rinse_water")
    assert number(model, rinse, column_of(model, "实施后")) == pytest.approx(
        after["rinse_water_plant_l_per_m2"], abs=TOLERANCE
    )


def test_cppp_funding_is_the_reference_audits(sample_context, expected):
    model = CpppFundingModel(sample_context)
    funding = {
        (model.row(r)[0], model.row(r)[1].kind): model.row(r)[1].funding_hkd for r in range(model.rowCount())
    }
    reference = expected["hk_cppp"]["funding"]
    assert funding[("current", "onsite_assessment")] == pytest.approx(
        reference["current"]["onsite_assessment_funding_hkd"]
    )
    demonstration = next(
        v for (rules, kind), v in funding.items() if rules == "current" and kind != "onsite_assessment"
    )
    assert demonstration == pytest.approx(reference["current"]["demonstration_funding_hkd"])


# ---- 6.3 before/after monitoring -------------------------------------------------------------------


def monitoring_rows(model) -> dict[str, int]:
    return {model.row(r).indicator_zh: r for r in range(model.rowCount())}


def test_before_after_changes_are_the_reference_audits(show, sample_context, expected):
    page = show(VerificationPage(sample_context, step("6.3")))
    model = page.monitoring_model
    rows = monitoring_rows(model)
    C = MonitoringTableModel.Column
    for reference in expected["phase6"]["monitoring"]:
        row = rows[reference["indicator_zh"]]
        for column, key in (
            (C.before, "before"),
            (C.after, "after"),
            (C.change, "change"),
            (C.change_pct, "change_pct"),
        ):
            assert number(model, row, column.index) == pytest.approx(reference[key], abs=TOLERANCE), (
                reference["indicator_zh"],
                key,
            )


def test_editing_an_after_value_updates_the_change_and_undo_restores_it(qtbot, show, sample_context):
    page = show(VerificationPage(sample_context, step("6.3")))
    model = page.monitoring_model
    C = MonitoringTableModel.Column
    row = monitoring_rows(model)["U3+U5 漂洗新水量"]
    assert number(model, row, C.change.index) == pytest.approx(-34.2)
    type_into_cell(qtbot, page.monitoring, row, C.after_value.index, "35.2")
    # by hand: change = 35.2 - 74.8 = -39.6 m3/d; % change = -39.6 / 74.8 x 100 = -52.941176...
    assert number(model, row, C.after.index) == pytest.approx(35.2)
    assert number(model, row, C.change.index) == pytest.approx(-39.6)
    assert number(model, row, C.change_pct.index) == pytest.approx(-52.941176, abs=TOLERANCE)
    shown = model.index(row, C.change_pct.index).data()
    assert shown == "-52.94"
    sample_context.undo()
    assert number(model, row, C.after_value.index) == pytest.approx(40.6)
    assert number(model, row, C.change.index) == pytest.approx(-34.2)
    assert number(model, row, C.change_pct.index) == pytest.approx(-45.721925, abs=TOLERANCE)


# ---- 6.1 and 6.2 ---------------------------------------------------------------------------------


def test_no_low_cost_achievements_sum_to_the_reference_totals(show, sample_context, expected):
    page = show(AchievementsPage(sample_context, step("6.2")))
    totals = expected["phase6"]["implemented_totals_by_class"]["无/低费"]
    assert page.table.model.rowCount() == totals["count"]
    tally = page.effects_model.tally(_results(sample_context))
    assert tally.actual_investment == pytest.approx(totals["actual_investment_cny"])
    text = page.totals.text()
    assert "13 项" in text and "275,200.00" in text and "683,125" in text and "56.72 tce" in text
    effects = {page.effects_model.row(r)[0]: r for r in range(page.effects_model.rowCount())}
    reference = totals["actual_effects"]
    model = page.effects_model
    assert number(model, effects["electricity"], 1) == pytest.approx(reference["electricity_kwh_a"])
    assert number(model, effects["electricity"], 2) == pytest.approx(
        reference["tce_electricity_a"], abs=TOLERANCE
    )
    assert number(model, effects["natural_gas"], 3) == pytest.approx(
        reference["tco2_natural_gas_a"], abs=TOLERANCE
    )
    assert number(model, effects["ni"], 1) == pytest.approx(reference["ni_kg_a"])


def _results(context):
    from ui.live_results import live_results

    return live_results(context).results()


def test_the_schedule_draws_a_bar_per_dated_option_and_states_the_rate(show, sample_context, expected):
    page = show(ImplementationPage(sample_context, step("6.1")))
    rejected = set(expected["phase6"]["codes_by_status"]["rejected"])
    bars = [b.label.split()[0] for b in page.chart.bars]
    assert bars and not rejected & set(bars)
    assert "80.00 %" in page.summary.text()  # implementation rate 16 / 20
    assert "已实施 16 项" in page.summary.text()


def test_next_round_page_shows_the_category_3_repeat_deadline(show, sample_context, expected):
    page = show(NextRoundPage(sample_context, step("7.3")))
    assert expected["phase7"]["next_mandatory_round_due"] in page.due.text()
    assert page.plan.model.rowCount() == expected["phase7"]["next_round_items"]
    assert [page.open_options.model.row(r).code for r in range(page.open_options.model.rowCount())] == (
        expected["phase6"]["codes_by_status"]["planned"]
    )


def test_the_report_page_exports_the_report_in_the_background(show, sample_context, tmp_path):
    page = show(ReportPage(sample_context, step("7.4")))
    target = tmp_path / "报告.pdf"
    page.export_report(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in page.export_note.text()


# ---- every new table model passes the model tester -------------------------------------------------

NEW_MODELS = [
    ImplementationTableModel,
    AchievementTableModel,
    PostEconomicsTableModel,
    MonitoringTableModel,
    CpRuleTableModel,
    NextRoundTableModel,
    OpenOptionsModel,
    TargetAttainmentModel,
    EvaluationModel,
    PerformanceModel,
    CpppFundingModel,
    CpppBenefitModel,
    EffectsModel,
]


@pytest.mark.parametrize("cls", NEW_MODELS, ids=lambda cls: cls.__name__)
def test_new_models_pass_the_model_tester(qtmodeltester, sample_context, cls):
    model = cls(sample_context)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


# ---- screenshots ---------------------------------------------------------------------------------

SCREEN = (1366, 768)
PHASE_6_AND_7 = ["6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3", "7.4"]


@pytest.fixture
def window(qtbot, tmp_path, sample_path):
    from ui.app import build_workbench

    window = build_workbench(sample_path, context=make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots_of_phase_6_and_7_pages(window, language):
    folder = Path(os.environ.get("CP_AUDIT_SHOTS") or "/tmp/phase67")
    folder.mkdir(parents=True, exist_ok=True)
    window.set_language(language)
    for number in PHASE_6_AND_7:
        page = window.workspace.show_step(number)
        QApplication.processEvents()
        hint, room = page.minimumSizeHint(), window.workspace.stack.size()
        assert hint.width() <= room.width() and hint.height() <= room.height(), number
        outer = [t for t in page.findChildren(QTabWidget)][:1]
        for tab in range(outer[0].count() if outer else 1):
            if outer:
                outer[0].setCurrentIndex(tab)
            QApplication.processEvents()
            assert window.grab().save(str(folder / f"{language}-{number}-{tab + 1}.png"))
    survey = window.workspace.show_step("2.1")
    survey.findChildren(QTabWidget)[0].setCurrentWidget(survey.trends)
    QApplication.processEvents()
    assert window.grab().save(str(folder / f"{language}-2.1-trends.png"))
    from ui.coefficients import CoefficientDialog

    dialog = CoefficientDialog(window.context, window)
    dialog.show()
    QApplication.processEvents()
    assert dialog.grab().save(str(folder / f"{language}-coefficients.png"))
    dialog.close()


# ---- 2.1 multi-year trends -------------------------------------------------------------------------


def test_the_trend_chart_has_a_series_per_chosen_item_with_a_point_per_period(show, sample_context):
    from ui.pages.survey import SurveyPage

    page = show(SurveyPage(sample_context, step("2.1")))
    trends = page.trends
    trends.set_chosen(["electricity", "natural_gas"])
    chart = trends.chart
    assert [s.label for s in chart.series] == ["电力", "天然气"]
    # the three full years 2023-2025 (the part-year monitoring period is left out of yearly totals)
    assert chart.periods == ["2023年", "2024年", "2025年"]
    assert chart.series[0].values == (5_420_000, 5_650_000, 5_860_000)  # kWh, reference inputs A2
    assert chart.as_index()  # kWh and m3 share the axis as an index of the first year
    assert chart.plotted(chart.series[1])[2] == pytest.approx(318_000 / 301_500 * 100)
    trends.per_unit.setChecked(True)
    assert len(chart.periods) == 4 and all(len(s.values) == 4 for s in chart.series)
    # by hand: 5,860,000 kWh / 50.4 万m2 in 2025 = 116,269.84 kWh/万m2
    assert chart.series[0].values[2] == pytest.approx(5_860_000 / 50.4)
    trends.set_chosen(["electricity"])
    assert len(chart.series) == 1 and not chart.as_index()
    assert not chart.grab().isNull()


# ---- coefficient sets ----------------------------------------------------------------------------


def test_coefficients_copied_from_the_library_are_one_undo_step(show, sample_context):
    from cp_audit import services
    from cp_audit.models import Coefficient, CoefficientSet
    from ui.coefficients import CoefficientDialog

    dialog = show(CoefficientDialog(sample_context), 1000, 700)
    assert dialog.sets.model.rowCount() == 3  # the sample's tce, CO2 and calorific-value sets
    assert dialog.coefficients_model.rowCount() == 3  # the first set's electricity, natural gas, diesel
    before = len(services.rows(sample_context.audit, Coefficient))
    top = next(
        dialog.library.topLevelItem(i)
        for i in range(dialog.library.topLevelItemCount())
        if dialog.library.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)[0] == "grid-co2-2023"
    )
    top.setSelected(True)
    assert not dialog.copy_from_library(into_current=False)  # one factor per carrier: choose one
    assert "只能有一个系数" in dialog.message.text()
    top.setSelected(False)
    guangdong = next(
        top.child(i) for i in range(top.childCount()) if top.child(i).text(0).startswith("广东 (average)")
    )
    guangdong.setSelected(True)
    assert dialog.copy_from_library(into_current=False)
    assert dialog.sets.model.rowCount() == 4
    assert len(services.rows(sample_context.audit, Coefficient)) == before + 1
    sample_context.undo()
    assert len(services.rows(sample_context.audit, CoefficientSet)) == 3
    assert len(services.rows(sample_context.audit, Coefficient)) == before
    sample_context.redo()
    assert dialog.sets.model.rowCount() == 4


def test_coefficient_sets_are_reached_from_the_edit_menu(window):
    assert window.coefficients_action in window.edit_menu.actions()


@pytest.mark.parametrize("cls", ["CoefficientSetTableModel", "CoefficientTableModel"])
def test_coefficient_models_pass_the_model_tester(qtmodeltester, sample_context, cls):
    from ui import coefficients

    model = getattr(coefficients, cls)(sample_context)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_target_attainment_follows_an_edited_target(qtbot, show, sample_context, expected):
    from cp_audit import services
    from cp_audit.models import Target
    from ui.undo import UpdateFieldsCommand

    page = show(ImpactPage(sample_context, step("6.4")))
    model = page.attainment_model
    row = next(r for r in range(model.rowCount()) if model.row(r).code == "T5")
    t5 = next(t for t in services.rows(sample_context.audit, Target) if t.code == "T5")
    sample_context.execute(UpdateFieldsCommand(sample_context.audit, Target, t5.id, {"near_value": 3.5}))
    # by hand (reference T5: baseline 3.690476, actual 3.457364 t/万m2):
    # (3.690476 - 3.457364) / (3.690476 - 3.5) x 100 = 0.233112 / 0.190476 x 100 = 122.384 %; 3.457 <= 3.5: met
    attainment = column_of(model, "近期目标完成率")
    qtbot.waitUntil(lambda: abs(number(model, row, attainment) - 122.384) < 1e-2)
    assert cell(model, row, column_of(model, "近期目标达到")) == "是"
    sample_context.undo()
    reference = next(t for t in expected["phase6"]["target_attainment"] if t["key"] == "T5")
    qtbot.waitUntil(
        lambda: abs(number(model, row, attainment) - reference["near_term_attainment_pct"]) < TOLERANCE
    )
    assert cell(model, row, column_of(model, "近期目标达到")) == "否"


def test_a_hidden_page_catches_up_when_it_is_shown(qtbot, show, sample_context):
    from cp_audit import services
    from cp_audit.models import Target
    from ui.undo import UpdateFieldsCommand

    page = show(ImpactPage(sample_context, step("6.4")))
    page.hide()
    model = page.attainment_model
    row = next(r for r in range(model.rowCount()) if model.row(r).code == "T5")
    attainment = column_of(model, "近期目标完成率")
    before = number(model, row, attainment)
    t5 = next(t for t in services.rows(sample_context.audit, Target) if t.code == "T5")
    sample_context.execute(UpdateFieldsCommand(sample_context.audit, Target, t5.id, {"near_value": 3.5}))
    qtbot.wait(50)
    assert number(model, row, attainment) == before  # not recomputed while off screen
    page.show()
    qtbot.waitUntil(lambda: abs(number(model, row, attainment) - 122.384) < 1e-2)


def test_the_report_page_in_the_window_exports_like_the_file_menu(window, tmp_path):
    page = window.workspace.show_step("7.4")
    target = tmp_path / "report.pdf"
    page.export_report(target)
    window.context.runner.wait()
    assert target.read_bytes().startswith(b"%PDF")


def test_every_page_and_the_coefficient_dialog_work_on_a_blank_audit(show, context, qtlog):
    from ui.coefficients import CoefficientDialog
    from ui.pages import page_class

    for number in ["2.1", *PHASE_6_AND_7]:
        page = show(page_class(number)(context, step(number)))
        assert not page.grab().isNull()
    assert not show(CoefficientDialog(context)).grab().isNull()
