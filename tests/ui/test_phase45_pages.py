"""Phases 4 and 5 driven through their pages on the sample audit: the register's filters and sorting, the
tallies, the live weighted-sum screening, the economics of the medium/high-cost options against the
reference audit's expected figures (expected.json), typed inputs changing NPV and verdict as a hand
calculation says, undo, every new table model under the model tester, and screenshots in two languages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget

from cp_audit import services
from cp_audit.calc.scoring import CostClass
from cp_audit.models import Option
from cp_audit.models.base import Aspect, EffectBasis, Screening
from cp_audit.phases import step
from tests.ui.conftest import make_context, type_into_cell, type_text
from ui.formatting import parse_number
from ui.live_results import live_results
from ui.pages.economics import EconomicsPage
from ui.pages.feasibility import RecommendedPage, evaluation_model
from ui.pages.option_register import LowCostResultsPage, OptionRegisterPage, OptionSummaryPage
from ui.pages.screening import ScreeningPage
from ui.table_editor import TableEditor
from ui.tables.economics import (
    CashFlowTableModel,
    CashFlowYearTableModel,
    CashItemTableModel,
    EconomicsSummaryModel,
    RecommendedOptionModel,
    study_figures,
)
from ui.tables.option_register import (
    ASPECT_LABELS,
    STATUS_LABELS,
    DirectOptionModel,
    LowCostResultModel,
    OptionEffectTableModel,
    OptionFilterProxy,
    OptionRegisterModel,
    StudyOptionModel,
    TallyTableModel,
)
from ui.tables.screening import OptionScoreModel, PreliminaryScreeningModel

SCREEN = (1366, 768)
STEPS_45 = ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "5.1", "5.2", "5.3", "5.4", "5.5"]


def annuity(rate: float, years: int) -> float:
    return (1 - (1 + rate) ** -years) / rate


def hand_npv(investment: float, savings: float, years_y: float, life: int, tax: float, rate: float):
    """REFERENCE.md §5.1 by hand: D = I/Y, T = P − D, E = T(1 − tax), F = E + D, NPV = F·a(i, n) − I."""
    depreciation = investment / years_y
    flow = (savings - depreciation) * (1 - tax) + depreciation
    return flow * annuity(rate, life) - investment, investment / flow


def shown(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def row_of(model, code: str) -> int:
    return next(r for r in range(model.rowCount()) if shown(model, r, 0) == code)


# ---- 5.4 economics -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["F7", "F8", "F9"])
def test_economics_shows_the_reference_figures(qtbot, show, sample_context, reference_expected, code):
    expected = reference_expected["phase5"]["options"][code]
    page = show(EconomicsPage(sample_context, step("5.4")))
    summary = page.summary
    row = row_of(summary, code)
    assert parse_number(shown(summary, row, 2)) == pytest.approx(expected["I"], abs=0.005)
    assert parse_number(shown(summary, row, 3)) == pytest.approx(expected["P"], abs=0.005)
    assert parse_number(shown(summary, row, 4)) == pytest.approx(expected["N_years"], abs=0.005)
    assert parse_number(shown(summary, row, 5)) == pytest.approx(expected["NPV"], abs=0.005)
    assert parse_number(shown(summary, row, 6)) == pytest.approx(expected["NPVR_pct"], abs=0.005)
    assert parse_number(shown(summary, row, 7).rstrip(" %")) == pytest.approx(expected["IRR_pct"], abs=0.005)
    assert shown(summary, row, 8) == ("可行" if expected["feasible"] else "不可行")
    page.summary_view.selectRow(row)
    values = page.result.values
    assert parse_number(values["年折旧费 D = I/Y (元)"].text()) == pytest.approx(expected["D"], abs=0.005)
    assert parse_number(values["应税利润 T = P − D (元)"].text()) == pytest.approx(expected["T"], abs=0.005)
    assert parse_number(values["净利润 E = T × (1 − 税率) (元)"].text()) == pytest.approx(
        expected["E"], abs=0.005
    )
    assert parse_number(values["年增现金流量 F = E + D (元)"].text()) == pytest.approx(
        expected["F"], abs=0.005
    )
    assert ("经济上可行" if expected["feasible"] else "经济上不可行") in page.result.verdict.text()
    flows = page.flows
    assert flows.rowCount() == expected["n"]
    last = parse_number(flows.index(flows.rowCount() - 1, 3).data())
    assert last == pytest.approx(expected["NPV"], abs=0.01)  # the cumulative NPV ends at the NPV


def test_typing_an_investment_line_changes_npv_and_verdict(qtbot, show, sample_context, reference_expected):
    """F7's investment is the sum of its lines: 设备购置 960,000 → 2,680,000 makes I = 3,000,000."""
    f7 = reference_expected["phase5"]["options"]["F7"]
    page = show(EconomicsPage(sample_context, step("5.4")))
    page.summary_view.selectRow(row_of(page.summary, "F7"))
    cash = page.cash
    line = next(r for r in range(cash.rowCount()) if cash.row(r).item_zh.startswith("设备购置"))
    type_into_cell(qtbot, page.cash_editor, line, CashItemTableModel.Column.amount.index, "2680000")
    npv, payback = hand_npv(3_000_000, f7["P"], 10, 10, 0.25, 0.08)
    assert npv < 0  # by hand: 2,323,517.6 − 2,496,744.0
    npv_label = page.result.values["净现值 NPV (元)"]
    qtbot.waitUntil(lambda: parse_number(npv_label.text()) == pytest.approx(npv, abs=0.005))
    assert parse_number(page.result.values["投资偿还期 N (年)"].text()) == pytest.approx(payback, abs=0.005)
    assert "经济上不可行" in page.result.verdict.text()
    assert "NPV < 0" in page.result.verdict.text()
    summary_row = row_of(page.summary, "F7")
    assert shown(page.summary, summary_row, 8) == "不可行"
    sample_context.undo()
    qtbot.waitUntil(lambda: parse_number(npv_label.text()) == pytest.approx(f7["NPV"], abs=0.005))
    assert "经济上可行" in page.result.verdict.text()


def test_typing_the_inputs_of_an_option_without_lines(qtbot, show, sample_context):
    """F10 has I = 168,000 and P = 74,880 but no Y and n yet: once typed, the engine evaluates it."""
    page = show(EconomicsPage(sample_context, step("5.4")))
    page.summary_view.selectRow(row_of(page.summary, "F10"))
    assert "待填写" == shown(page.summary, row_of(page.summary, "F10"), 8)
    for field, text in (("depreciation_years", "5"), ("life_years", "8"), ("investment", "200000")):
        widget = page.form.editors[field].widget
        widget.selectAll()
        qtbot.keyClicks(widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    npv, _payback = hand_npv(200_000, 74_880, 5, 8, 0.25, 0.08)  # the audit's tax 25 % and discount 8 %
    label = page.result.values["净现值 NPV (元)"]
    qtbot.waitUntil(
        lambda: label.text() != "" and parse_number(label.text()) == pytest.approx(npv, abs=0.005)
    )
    assert "经济上可行" in page.result.verdict.text()
    assert services.rows(sample_context.audit, Option, code="F10")[0].investment == 200_000
    sample_context.undo()  # the investment back to 168,000
    npv_before, _ = hand_npv(168_000, 74_880, 5, 8, 0.25, 0.08)
    qtbot.waitUntil(lambda: parse_number(label.text()) == pytest.approx(npv_before, abs=0.005))


def test_an_option_that_never_repays_has_no_irr_number(qtbot, show, sample_context):
    f10 = services.rows(sample_context.audit, Option, code="F10")[0]
    services.update_row(
        sample_context.audit,
        Option,
        f10.id,
        {"depreciation_years": 5, "life_years": 8, "expected_savings": -50_000},  # F = −27,500 a year
    )
    page = show(EconomicsPage(sample_context, step("5.4")))
    page.summary_view.selectRow(row_of(page.summary, "F10"))
    irr = page.result.values["内部收益率 IRR"].text()
    assert irr.startswith("无内部收益率（") and not any(ch.isdigit() for ch in irr)
    assert page.result.values["投资偿还期 N (年)"].text() == "不能收回投资"
    assert "经济上不可行" in page.result.verdict.text()


# ---- 4.3 screening ------------------------------------------------------------------------------------


def test_typing_a_screening_score_updates_total_and_rank(qtbot, show, sample_context, reference_expected):
    weighted = reference_expected["phase4"]["weighted_screening"]
    page = show(ScreeningPage(sample_context, step("4.3")))
    assert page.findChildren(QTabWidget)[0].count() == 2  # preliminary screening, weighted sum
    assert page.proxy.rowCount() == reference_expected["phase4"]["options_total"]
    model = page.score_model
    rows = {model.candidates[r].code: r for r in range(model.rowCount())}
    assert {code: model.total(r) for code, r in rows.items()} == weighted["totals"]
    assert {code: model.rank(r) for code, r in rows.items()} == weighted["ranks"]
    economic = next(i for i, c in enumerate(model.criteria) if c.key == "economic")
    column = 2 * economic
    # F9 scores 3 on economic feasibility (W = 8); 10 adds 7 × 8 = 56: 176 + 56 = 232, level with F10
    type_into_cell(qtbot, page.matrix, rows["F9"], column, "10")
    assert model.total(rows["F9"]) == 232
    assert shown(model, rows["F9"], model.total_column) == "232"
    assert model.rank(rows["F9"]) == model.rank(rows["F10"]) == 4
    assert model.tied_with(rows["F9"]) == ["F10"]
    assert "同分" in page.verdict.text() and "F9、F10" in page.verdict.text()
    type_into_cell(qtbot, page.matrix, rows["F9"], column, "9")  # 176 + 48 = 224: fifth again
    assert model.total(rows["F9"]) == 224 and model.rank(rows["F9"]) == 5
    assert "同分" not in page.verdict.text()
    sample_context.undo()
    sample_context.undo()
    assert model.total(rows["F9"]) == 176


# ---- 4.1, 4.2, 4.6 register and tallies ---------------------------------------------------------------


def test_the_register_filters_and_sorts(qtbot, show, sample_context, reference_expected):
    phase4 = reference_expected["phase4"]
    page = show(OptionRegisterPage(sample_context, step("4.1")))
    proxy, bar = page.proxy, page.filters
    assert proxy.rowCount() == phase4["options_total"]
    bar.choose("aspect", Aspect.equipment)
    assert proxy.rowCount() == phase4["count_by_aspect"]["设备"]
    bar.choose("cost_group", CostClass.medium_high)
    assert sorted(shown(proxy, r, 0) for r in range(proxy.rowCount())) == ["F10", "F8"]
    bar.choose("aspect", None)
    assert [shown(proxy, r, 0) for r in range(proxy.rowCount())] == phase4["codes_by_cost_class"]["中/高费"]
    bar.choose("cost_group", None)
    type_text(qtbot, bar.search, "冷水机")
    assert [shown(proxy, r, 0) for r in range(proxy.rowCount())] == ["F8"]
    bar.search.clear()
    view = page.register.view
    view.sortByColumn(OptionRegisterModel.Column.investment.index, Qt.SortOrder.DescendingOrder)
    assert [shown(proxy, r, 0) for r in range(3)] == ["F7", "F8", "F9"]  # 1,280,000; 1,124,814.81; 980,000
    view.sortByColumn(OptionRegisterModel.Column.code.index, Qt.SortOrder.AscendingOrder)
    assert [shown(proxy, r, 0) for r in range(proxy.rowCount())][:11] == [f"F{n}" for n in range(1, 12)]


def test_editing_through_the_filtered_register_edits_the_right_option(qtbot, show, sample_context):
    page = show(OptionRegisterPage(sample_context, step("4.1")))
    page.filters.choose("cost_group", CostClass.medium_high)
    row = next(r for r in range(page.proxy.rowCount()) if shown(page.proxy, r, 0) == "F20")
    type_into_cell(qtbot, page.register, row, OptionRegisterModel.Column.expected_savings.index, "50000")
    assert services.rows(sample_context.audit, Option, code="F20")[0].expected_savings == 50_000
    qtbot.waitUntil(lambda: shown(page.proxy, row, OptionRegisterModel.Column.payback.index) == "12.00")
    sample_context.undo()
    assert services.rows(sample_context.audit, Option, code="F20")[0].expected_savings is None


def test_the_summary_tallies_are_the_reference_ones(qtbot, show, sample_context, reference_expected):
    phase4 = reference_expected["phase4"]
    page = show(OptionSummaryPage(sample_context, step("4.2")))
    names = {ASPECT_LABELS[a.value]: a.value for a in Aspect}
    model = page.by_aspect
    counts = {
        model.headerData(r, Qt.Orientation.Vertical): model.value(r, 0) for r in range(model.rowCount())
    }
    assert counts.pop("合计") == phase4["options_total"]
    assert counts == phase4["count_by_aspect"] and set(names) == set(counts)
    classes = page.by_class
    totals = phase4["totals_by_class_all_options"]
    for r in range(classes.rowCount()):
        label = classes.headerData(r, Qt.Orientation.Vertical)
        if label in totals:
            assert classes.value(r, 0) == totals[label]["count"]
            assert classes.value(r, 1) == pytest.approx(totals[label]["investment_cny"], abs=0.005)
    assert page.aspect_chart.rows[0].label == "设备"
    assert page.aspect_chart.rows[0].total == 8


def test_low_cost_results_follow_the_engine(qtbot, show, sample_context, reference_expected):
    page = show(LowCostResultsPage(sample_context, step("4.6")))
    codes = {shown(page.proxy, r, 0) for r in range(page.proxy.rowCount())}
    low = set(reference_expected["phase4"]["codes_by_cost_class"]["无/低费"])
    assert codes <= low and "F17" not in codes  # F17 was not implemented
    assert page.totals.text().startswith(f"已实施 {len(codes)} 项")
    page.options.select_cell(0, 0)
    assert page.effects.filters == {"option_id": page.options.current_row_id(), "basis": EffectBasis.actual}


def test_the_recommended_options_carry_rank_and_verdict(qtbot, show, sample_context, reference_expected):
    page = show(RecommendedPage(sample_context, step("5.5")))
    model = page.model
    column = RecommendedOptionModel.Column
    verdicts = {shown(model, r, 0): shown(model, r, column.verdict.index) for r in range(model.rowCount())}
    feasible = reference_expected["phase5"]["feasible"]
    assert {c for c, v in verdicts.items() if v == "可行"} == set(feasible)
    ranks = {shown(model, r, 0): int(shown(model, r, column.rank.index)) for r in range(model.rowCount())}
    assert ranks == reference_expected["phase4"]["weighted_screening"]["ranks"]
    assert "F9" in page.verdict.text().split("不实施")[1]


# ---- models ---------------------------------------------------------------------------------------------


def filled_tally(context) -> TallyTableModel:
    model = TallyTableModel(STATUS_LABELS)
    options = live_results(context).results().options
    model.set_tallies(options.by_status, options.all_options)
    return model


def filled_summary(context) -> EconomicsSummaryModel:
    model = EconomicsSummaryModel()
    ids = {o.code: o.id for o in services.rows(context.audit, Option)}
    model.set_options(study_figures(live_results(context).results(), ids))
    return model


def filled_flows(context) -> CashFlowTableModel:
    figures = live_results(context).results().options.options["F7"]
    model = CashFlowTableModel()
    model.set_result(figures.economics, figures.discount_rate)
    return model


@pytest.mark.parametrize(
    "make",
    [
        lambda c: OptionRegisterModel(c),
        lambda c: OptionFilterProxy(OptionRegisterModel(c)),
        lambda c: StudyOptionModel(c, {"screening": Screening.study}),
        lambda c: DirectOptionModel(c, {"screening": Screening.direct}),
        lambda c: LowCostResultModel(c),
        lambda c: PreliminaryScreeningModel(c),
        lambda c: OptionScoreModel(c),
        lambda c: OptionEffectTableModel(c, {"basis": EffectBasis.expected}),
        lambda c: CashItemTableModel(c),
        lambda c: RecommendedOptionModel(c, {"screening": Screening.study}),
        lambda c: evaluation_model("technical_zh")(c, {"screening": Screening.study}),
        filled_tally,
        filled_summary,
        filled_flows,
    ],
    ids=[
        "register",
        "proxy",
        "study",
        "direct",
        "low_cost",
        "preliminary",
        "scores",
        "effects",
        "cash",
        "recommended",
        "evaluation",
        "tally",
        "economics",
        "flows",
    ],
)
def test_models_pass_the_model_tester(qtmodeltester, sample_context, make):
    model = make(sample_context)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_empty_models_pass_the_model_tester(qtmodeltester, context):
    for model in (
        EconomicsSummaryModel(),
        CashFlowTableModel(),
        OptionScoreModel(context),
        CashFlowYearTableModel(context),
    ):
        qtmodeltester.check(model, force_py=True)


# ---- the window: fit and screenshots ------------------------------------------------------------------


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
def test_pages_fit_and_screenshots(window, tmp_path, language):
    folder = Path(os.environ.get("CP_AUDIT_SHOTS") or "/tmp/phase45")
    folder.mkdir(parents=True, exist_ok=True)
    window.set_language(language)
    for number in STEPS_45:
        page = window.workspace.show_step(number)
        assert type(page).__module__ != "ui.pages.generic", f"step {number} still has a stand-in page"
        tab_widgets = [t for t in page.findChildren(QTabWidget)]
        for tab in range(tab_widgets[0].count() if tab_widgets else 1):
            if tab_widgets:
                tab_widgets[0].setCurrentIndex(tab)
            QApplication.processEvents()
            hint, room = page.minimumSizeHint(), window.workspace.stack.size()
            assert hint.width() <= room.width() and hint.height() <= room.height(), number
            assert window.width() <= SCREEN[0] and window.height() <= SCREEN[1], f"{number} widens the window"
            assert window.grab().save(str(folder / f"{language}-{number}-{tab + 1}.png"))


def test_the_pages_work_on_a_blank_audit(qtbot, show, context):
    """Every page opens on an empty audit; an option added through the filtered register takes the
    filter's values and shows up in the summary (unclassified until it has an investment)."""
    from ui.pages import page_class

    pages = {number: show(page_class(number)(context, step(number))) for number in STEPS_45}
    register = pages["4.1"]
    register.filters.choose("aspect", Aspect.waste)
    register.register.add_row()
    option = services.rows(context.audit, Option)[0]
    assert option.aspect == Aspect.waste and register.proxy.rowCount() == 1
    summary = pages["4.2"]
    qtbot.waitUntil(
        lambda: (
            summary.by_aspect.rowCount() > 0
            and summary.by_aspect.value(summary.by_aspect.rowCount() - 1, 0) == 1
        )
    )
    assert summary.aspect_chart.rows == [] or all(r.total == 0 for r in summary.aspect_chart.rows)
    services.update_row(context.audit, Option, option.id, {"investment": 1000, "screening": Screening.study})
    qtbot.waitUntil(lambda: any(r.total == 1 for r in summary.aspect_chart.rows))
    economics = pages["5.4"]
    qtbot.waitUntil(lambda: economics.summary.rowCount() == 1)
    assert economics.summary.index(0, 8).data() == "待填写"


def test_pasted_yearly_cash_flows_replace_the_uniform_one(qtbot, show, sample_context, reference_expected):
    """F8 with a ramp-up year: F₁ = 50,000, then the uniform F; NPV = Σ F_j / 1.08^j − I by hand."""
    f8 = reference_expected["phase5"]["options"]["F8"]
    page = show(EconomicsPage(sample_context, step("5.4")))
    page.summary_view.selectRow(row_of(page.summary, "F8"))
    flows = [50_000.0] + [f8["F"]] * 9
    editor = next(e for e in page.findChildren(TableEditor) if e.model is page.years)
    editor.add_row()  # year 1; a paste starts at the selected cell and adds the rows past the end
    assert page.years.row(0).year == 1
    editor.select_cell(0, 0)
    assert editor.paste("\n".join(f"{year}\t{flow!r}" for year, flow in enumerate(flows, start=1)))
    npv = sum(flow / 1.08**year for year, flow in enumerate(flows, start=1)) - f8["I"]
    label = page.result.values["净现值 NPV (元)"]
    qtbot.waitUntil(lambda: parse_number(label.text()) == pytest.approx(npv, abs=0.01))
    assert page.flows.index(0, 1).data() == "50,000.00"
    sample_context.undo()  # the whole paste is one step
    assert page.years.rowCount() == 1
    sample_context.undo()
    qtbot.waitUntil(lambda: parse_number(label.text()) == pytest.approx(f8["NPV"], abs=0.005))


def test_a_typed_total_that_differs_from_its_lines_is_pointed_out(
    qtbot, show, sample_context, reference_expected
):
    f7 = reference_expected["phase5"]["options"]["F7"]
    page = show(EconomicsPage(sample_context, step("5.4")))
    page.summary_view.selectRow(row_of(page.summary, "F7"))
    assert page.result.problems.isHidden()
    widget = page.form.editors["investment"].widget
    widget.selectAll()
    qtbot.keyClicks(widget, "1300000")
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "不一致" in page.result.problems.text())
    assert "1,300,000.00" in page.result.problems.text() and "1,280,000.00" in page.result.problems.text()
    assert parse_number(page.result.values["净现值 NPV (元)"].text()) == pytest.approx(f7["NPV"], abs=0.005)


def test_a_hidden_page_catches_up_when_shown(qtbot, show, sample_context):
    """Pages stay alive when the user leaves them; they recompute only when shown again."""
    page = show(EconomicsPage(sample_context, step("5.4")))
    page.hide()
    f10 = services.rows(sample_context.audit, Option, code="F10")[0]
    services.update_row(sample_context.audit, Option, f10.id, {"depreciation_years": 5, "life_years": 8})
    qtbot.wait(20)
    assert shown(page.summary, row_of(page.summary, "F10"), 8) == "待填写"
    page.show()
    qtbot.waitUntil(lambda: shown(page.summary, row_of(page.summary, "F10"), 8) == "可行")
