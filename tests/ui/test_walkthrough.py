"""The acceptance walk-through of the workbench: a BLANK audit is created in the real main window and
carried through all seven phases by driving the widgets a user drives (typing into table cells and
form fields, picking from lists, ticking links, pressing Ctrl+V, Ctrl+Z and Ctrl+Shift+Z). The live
figures shown (weighted-sum totals and ranks, closure errors, NPV/IRR/payback, before/after change) are
checked against hand calculations written here. The window is then closed, the file opened in a new
window, and everything entered is found again: in the file (cp_audit.services.load) and on the pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.models import (
    AuditInfo,
    Balance,
    Cause,
    CauseNode,
    CpRule,
    Criterion,
    FocusCandidate,
    FocusScore,
    InventoryItem,
    InventoryValue,
    LeadershipDecision,
    MonitoringRecord,
    NextRoundItem,
    Node,
    Option,
    Period,
    Stream,
    Target,
    TeamMember,
    TrainingRecord,
    WorkPlanRow,
)
from cp_audit.models.base import Aspect, ItemCategory, NodeKind, OptionStatus, Screening
from tests.ui.conftest import make_context, type_into_cell, type_text
from ui.app import build_workbench
from ui.cells import CopyRole
from ui.formatting import format_number, parse_number
from ui.tables.assessment import OVER_TOLERANCE, ClosureTableModel, NodeTableModel, StreamTableModel
from ui.tables.continuous import CpRuleTableModel, NextRoundTableModel
from ui.tables.implementation import ImplementationTableModel, MonitoringTableModel
from ui.tables.option_register import OptionRegisterModel
from ui.tables.pre_assessment import (
    CriterionTableModel,
    FocusCandidateTableModel,
    InventoryItemTableModel,
    PeriodTableModel,
    TargetTableModel,
)
from ui.tables.preparation import TeamMemberTableModel, TrainingTableModel, WorkPlanTableModel
from ui.tables.screening import PreliminaryScreeningModel

SCREEN = (1366, 768)
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier

# ---- hand calculations ------------------------------------------------------------------------------

# 2.4 weighted sum: W(废弃物量) = 10, W(能耗) = 6.
# 镀镍线: R = 8, 7 -> 80 + 42 = 122 (rank 1); 前处理线: R = 6, 9 -> 60 + 54 = 114 (rank 2).
FOCUS_TOTALS = {"镀镍线": 122, "前处理线": 114}

# 3.3 water balance, m³/d. U1 镀镍: in W1 10.0; out W2 9.5 + W3 0.3 = 9.8 -> (10 − 9.8)/10 = 2.00 %.
# U2 漂洗: in W2 9.5; out W4 9.0 -> (9.5 − 9.0)/9.5 = 5.263 % (over the default 5 % tolerance).
# 整体: in W1 10.0; out W3 0.3 + W4 9.0 = 9.3 -> 7.00 %.
CLOSURE_PCT = {"U1": 2.0, "U2": 0.5 / 9.5 * 100}
OVERALL_PCT = 0.7 / 10.0 * 100

# 5.4 F2: I = 300,000, P = 80,000 a year, Y = 5, n = 8, tax 25 %, i = 8 %.
# D = 60,000; T = 20,000; E = 15,000; F = 75,000; N = I/F = 4.00 years.
I_F2, P_F2, Y_F2, N_F2, TAX, RATE = 300_000.0, 80_000.0, 5, 8, 0.25, 0.08
F_F2 = (P_F2 - I_F2 / Y_F2) * (1 - TAX) + I_F2 / Y_F2


def npv(rate: float) -> float:
    return sum(F_F2 / (1 + rate) ** year for year in range(1, N_F2 + 1)) - I_F2


def irr_by_bisection() -> float:
    low, high = 0.0, 1.0  # NPV(0) = 300,000 > 0, NPV(100 %) < 0
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if npv(middle) > 0 else (low, middle)
    return (low + high) / 2


# 6.3 F2 rinse water: before 12.5, after 9.5 m³/d -> change −3.0, −24.00 %.


# ---- driving the window -----------------------------------------------------------------------------


def goto(window, number: str):
    """Pick a step in the navigator, as a click does; the workspace shows its page."""
    window.workspace.navigator.select_step(number)
    QApplication.processEvents()
    page = window.workspace.stack.currentWidget()
    assert window.workspace.current_step() == number and page is window.workspace.pages[number]
    return page


def new_row(qtbot, editor, *cells) -> int:
    """Press the table's 添加行 button, then type each (column, text) into the new row."""
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    row = editor.view.currentIndex().row()
    assert row >= 0, editor.message.text()
    for column, text in cells:
        type_into_cell(qtbot, editor, row, column.index, text)
    return row


def row_of(editor, column: int, text: str) -> int:
    model = editor.view.model()
    return next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)


def fill_field(qtbot, form, field: str, text: str) -> None:
    """Type into a form field and press Enter (the field commits when it is left or confirmed)."""
    widget = form.editors[field].widget
    widget.setFocus()
    widget.selectAll()
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert form.editors[field].message.isHidden(), form.editors[field].message.text()


def tab_to(page, title: str) -> None:
    from PySide6.QtWidgets import QTabWidget

    for tabs in page.findChildren(QTabWidget):
        for number in range(tabs.count()):
            if tabs.tabText(number) == title:
                tabs.setCurrentIndex(number)
                QApplication.processEvents()
                return
    raise AssertionError(f"no tab {title!r}")


def shortcut(qtbot, window, key: Qt.Key, modifiers) -> None:
    """A key press on the window, as a user presses Ctrl+Z (the Edit menu's shortcuts take it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.workspace.stack.currentWidget(), key, modifiers)


def paste_block(qtbot, editor, row: int, column: int, text: str) -> None:
    """Put a tab-separated block on the clipboard and press Ctrl+V on a table cell."""
    QApplication.clipboard().setText(text)
    editor.select_cell(row, column)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_V, CTRL)


# ---- the walk ----------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path):
    window = build_workbench(context=make_context(tmp_path / "first"))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def audit_path(tmp_path) -> Path:
    (tmp_path / "first").mkdir(exist_ok=True)
    (tmp_path / "again").mkdir(exist_ok=True)
    return tmp_path / "走查.cpaudit"


def phase_1(qtbot, window) -> None:
    """筹划和组织: the leadership decision, a team member, a work-plan row, a training record."""
    page = goto(window, "1.1")
    fill_field(qtbot, page.decision_form, "doc_no", "澜晖〔2026〕3号")
    page = goto(window, "1.2")
    new_row(
        qtbot,
        page.leading,
        (TeamMemberTableModel.Column.name, "李永明"),
        (TeamMemberTableModel.Column.team_role, "组长"),
        (TeamMemberTableModel.Column.person_days, "20"),
    )
    page = goto(window, "1.3")
    W = WorkPlanTableModel.Column
    new_row(qtbot, page.table, (W.stage, "筹划和组织"), (W.start, "2026/3/18"), (W.end, "2026-04-03"))
    assert "共 17 天" in page.summary.text()
    page = goto(window, "1.4")
    T = TrainingTableModel.Column
    new_row(qtbot, page.trainings, (T.topic, "审核动员大会"), (T.participants, "172"))


def undo_and_redo_with_the_keyboard(qtbot, window) -> None:
    """Ctrl+Z takes the last typed value back, Ctrl+Shift+Z puts it again; the page follows both."""
    page = window.workspace.pages["1.4"]
    column = TrainingTableModel.Column.participants.index
    type_into_cell(qtbot, page.trainings, 0, column, "180")
    assert services.rows(window.context.audit, TrainingRecord)[0].participants == 180
    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert services.rows(window.context.audit, TrainingRecord)[0].participants == 172
    assert page.trainings.model.index(0, column).data() == "172"
    shortcut(qtbot, window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert services.rows(window.context.audit, TrainingRecord)[0].participants == 180
    assert page.trainings.model.index(0, column).data() == "180"
    assert window.undo_action.text().startswith("撤销")


def phase_2(qtbot, window) -> None:
    """预评估: two periods, an item with values pasted as a block, two focus candidates scored on two
    criteria, the leader taken as the focus, a target."""
    page = goto(window, "2.1")
    tab_to(page, "生产线与统计期")
    P = PeriodTableModel.Column
    new_row(qtbot, page.periods, (P.key, "2024"), (P.label, "2024年"))
    new_row(qtbot, page.periods, (P.key, "2025"), (P.label, "2025年"))
    tab_to(page, "历年数据")
    from ui.pages.inventory import InventoryPanel

    inventory = page.findChildren(InventoryPanel)[0]
    inventory.setCurrentIndex(list(inventory.grids).index(ItemCategory.energy))
    items = inventory.items[ItemCategory.energy]
    C = InventoryItemTableModel.Column
    new_row(qtbot, items, (C.key, "electricity"), (C.name, "电力"), (C.unit, "kWh"))
    grid = inventory.grids[ItemCategory.energy]
    paste_block(qtbot, grid, 0, 0, "5,420,000\t5650000\r\n")
    assert grid.model.index(0, 0).data() == "5,420,000"
    assert grid.model.index(0, 1).data() == "5,650,000"
    # the paste is one undo step
    window.undo_action.trigger()
    assert services.rows(window.context.audit, InventoryValue) == []
    window.redo_action.trigger()
    assert len(services.rows(window.context.audit, InventoryValue)) == 2

    page = goto(window, "2.4")
    F = FocusCandidateTableModel.Column
    new_row(qtbot, page.candidates, (F.name, "镀镍线"))
    new_row(qtbot, page.candidates, (F.name, "前处理线"))
    K = CriterionTableModel.Column
    new_row(qtbot, page.criteria, (K.name, "废弃物量"), (K.weight, "10"))
    new_row(qtbot, page.criteria, (K.name, "能耗"), (K.weight, "6"))
    tab_to(page, "计分排序与确定审核重点")
    model = page.score_model
    for row, scores in ((0, ("8", "7")), (1, ("6", "9"))):
        for criterion, score in enumerate(scores):
            type_into_cell(qtbot, page.matrix, row, 2 * criterion, score)  # R columns; R×W beside each
    for row, name in enumerate(("镀镍线", "前处理线")):
        assert model.headerData(row, Qt.Orientation.Vertical).startswith(name)
        assert model.index(row, model.total_column).data() == format_number(FOCUS_TOTALS[name])
    assert [model.index(r, model.rank_column).data() for r in (0, 1)] == ["1", "2"]
    assert model.index(0, 3).data() == "42"  # R×W of 能耗 for 镀镍线: 7 × 6
    qtbot.mouseClick(page.chooser.take_leader, Qt.MouseButton.LeftButton)
    assert "得分最高：镀镍线" in page.chooser.verdict.text()

    page = goto(window, "2.5")
    T = TargetTableModel.Column
    new_row(
        qtbot,
        page.targets,
        (T.name, "单位产品新鲜水耗"),
        (T.unit, "m3/m2"),
        (T.direction, "≤（越小越好）"),
        (T.near_value, "0.285"),
    )


def phase_3(qtbot, window) -> None:
    """评估: two unit operations with a source and a sink, a water balance, four streams between them
    and across the boundary, the closure shown, a cause linked to a unit operation."""
    page = goto(window, "3.1")
    N = NodeTableModel.Column
    new_row(qtbot, page.nodes, (N.code, "U1"), (N.name, "镀镍"))
    new_row(qtbot, page.nodes, (N.code, "U2"), (N.name, "漂洗"))
    new_row(qtbot, page.nodes, (N.code, "S1"), (N.kind, "外部来源"), (N.name, "自来水"))
    new_row(qtbot, page.nodes, (N.code, "K1"), (N.kind, "外部去向"), (N.name, "废水站"))

    page = goto(window, "3.2")
    tab_to(page, "平衡与实测安排")
    from ui.tables.assessment import BalanceTableModel

    B = BalanceTableModel.Column
    new_row(qtbot, page.balances, (B.key, "water"), (B.name, "水平衡"), (B.unit, "m3/d"))
    tab_to(page, "物流")
    page.chooser.choose("water")
    S = StreamTableModel.Column
    for code, source, target, value in (
        ("W1", "自来水 (S1)", "镀镍 (U1)", "10"),
        ("W2", "镀镍 (U1)", "漂洗 (U2)", "9.5"),
        ("W3", "镀镍 (U1)", "废水站 (K1)", "0.3"),
        ("W4", "漂洗 (U2)", "废水站 (K1)", "9.0"),
    ):
        new_row(
            qtbot,
            page.streams,
            (S.code, code),
            (S.source, source),  # typed left to right: a new stream runs S1 → K1 until both are set
            (S.target, target),
            (S.value, value),
            (S.unit, "m3/d"),
        )

    page = goto(window, "3.3")
    page.chooser.choose("water")
    closure = page.closure
    rows = {closure.index(r, 0).data(): r for r in range(closure.rowCount())}
    error = ClosureTableModel.ERROR_COLUMN
    for code, pct in CLOSURE_PCT.items():
        assert closure.index(rows[code], error).data() == format_number(pct, 2), code
    red = closure.index(rows["U2"], error).data(Qt.ItemDataRole.BackgroundRole)
    assert red is not None and red.color() == OVER_TOLERANCE  # 5.26 % > 5 %
    assert closure.index(rows["U1"], error).data(Qt.ItemDataRole.BackgroundRole) is None
    overall = closure.rowCount() - 1
    assert closure.index(overall, error).data() == format_number(OVERALL_PCT, 2)
    assert format_number(OVERALL_PCT, 2) + "%" in page.summary.text()

    page = goto(window, "3.4")
    from ui.tables.assessment import CauseTableModel

    A = CauseTableModel.Column
    new_row(qtbot, page.causes, (A.aspect, "过程控制"), (A.cause, "漂洗水阀门常开，无流量控制"))
    item = next(
        page.units.item(i) for i in range(page.units.count()) if page.units.item(i).text().startswith("U2")
    )
    item.setCheckState(Qt.CheckState.Checked)


def phase_4(qtbot, window) -> None:
    """方案产生和筛选: a no/low-cost and a medium/high-cost option (50,000 元 is the audit's limit), one
    screened for direct implementation and one kept for study."""
    page = goto(window, "4.1")
    O = OptionRegisterModel.Column
    new_row(qtbot, page.register, (O.title, "漂洗水加装限流阀"), (O.investment, "8000"))
    new_row(qtbot, page.register, (O.title, "镀镍线逆流漂洗改造"), (O.investment, "300,000"))
    register = page.register.view.model()
    assert register.index(0, O.code.index).data() == "F1"
    assert register.index(0, O.cost_class.index).data() == "无/低费"
    assert register.index(1, O.cost_class.index).data() == "中/高费"

    page = goto(window, "4.3")
    tab_to(page, "方案初步筛选")
    S = PreliminaryScreeningModel.Column
    type_into_cell(qtbot, page.options, row_of(page.options, 0, "F1"), S.screening.index, "可直接实施")
    type_into_cell(qtbot, page.options, row_of(page.options, 0, "F2"), S.screening.index, "需进一步研究")


def phase_5(qtbot, window) -> None:
    """可行性分析: the economics of F2 typed into the form; NPV, IRR and payback as by hand."""
    page = goto(window, "5.4")
    assert page.summary.rowCount() == 1 and page.summary.index(0, 0).data() == "F2"
    page.summary_view.selectRow(0)
    for field, text in (
        ("expected_savings", "80000"),
        ("depreciation_years", str(Y_F2)),
        ("life_years", str(N_F2)),
        ("tax_rate", "25"),
        ("discount_rate", "8"),
    ):
        fill_field(qtbot, page.form, field, text)
    values = page.result.values
    qtbot.waitUntil(lambda: values["净现值 NPV (元)"].text() != "")
    assert parse_number(values["年增现金流量 F = E + D (元)"].text()) == pytest.approx(F_F2, abs=0.005)
    assert parse_number(values["净现值 NPV (元)"].text()) == pytest.approx(npv(RATE), abs=0.005)
    assert values["投资偿还期 N (年)"].text() == format_number(I_F2 / F_F2, 2)  # 4.00
    irr = values["内部收益率 IRR"].text()
    assert parse_number(irr.rstrip(" %")) == pytest.approx(irr_by_bisection() * 100, abs=0.005)
    assert "经济上可行" in page.result.verdict.text()
    assert page.summary.index(0, 8).data() == "可行"


def phase_6(qtbot, window) -> None:
    """方案实施: both options implemented; F2's rinse water monitored before and after."""
    page = goto(window, "6.1")
    I = ImplementationTableModel.Column
    for code in ("F1", "F2"):
        type_into_cell(qtbot, page.table, row_of(page.table, 0, code), I.status.index, "已实施")
    qtbot.waitUntil(lambda: "已实施 2 项" in page.summary.text())

    page = goto(window, "6.3")
    M = MonitoringTableModel.Column
    row = new_row(
        qtbot,
        page.monitoring,
        (M.option, "F2"),
        (M.indicator, "镀镍线漂洗新水量"),
        (M.unit, "m3/d"),
        (M.before_value, "12.5"),
        (M.after_value, "9.5"),
    )
    model = page.monitoring_model
    qtbot.waitUntil(lambda: model.index(row, M.change.index).data() == "-3.000")  # four significant digits
    assert float(model.index(row, M.change.index).data(CopyRole)) == pytest.approx(-3.0)
    assert model.index(row, M.change_pct.index).data() == format_number(-24.0, 2)


def phase_7(qtbot, window) -> None:
    """持续清洁生产: a management rule and a next-round item."""
    page = goto(window, "7.2")
    new_row(
        qtbot,
        page.rules,
        (CpRuleTableModel.Column.name, "清洁生产奖惩管理办法"),
        (CpRuleTableModel.Column.issued_on, "2026-10-08"),
    )
    page = goto(window, "7.3")
    N = NextRoundTableModel.Column
    new_row(qtbot, page.plan, (N.item, "镀铬线节水改造"), (N.when, "2027年"))


def everything_is_in_the_file(path: Path) -> None:
    with open_audit(path) as audit:
        data = services.load(audit)
    assert data.one(LeadershipDecision).doc_no == "澜晖〔2026〕3号"
    assert [(m.name, m.team_role_zh, m.planned_person_days) for m in data.rows(TeamMember)] == [
        ("李永明", "组长", 20.0)
    ]
    plan = data.rows(WorkPlanRow)
    assert [(p.stage_zh, p.start, p.end) for p in plan] == [
        ("筹划和组织", date(2026, 3, 18), date(2026, 4, 3))
    ]
    assert [(t.topic_zh, t.participants) for t in data.rows(TrainingRecord)] == [("审核动员大会", 180)]
    periods = {p.id: p.key for p in data.rows(Period)}
    assert sorted(periods.values()) == ["2024", "2025"]
    (item,) = data.rows(InventoryItem)
    assert (item.key, item.name_zh, item.unit, item.category) == (
        "electricity",
        "电力",
        "kWh",
        ItemCategory.energy,
    )
    values = {periods[v.period_id]: v.value for v in data.rows(InventoryValue)}
    assert values == {"2024": 5_420_000, "2025": 5_650_000}
    candidates = {c.id: c.name_zh for c in data.rows(FocusCandidate)}
    criteria = {c.id: (c.name_zh, c.weight) for c in data.rows(Criterion)}
    assert sorted(criteria.values()) == [("废弃物量", 10), ("能耗", 6)]
    totals: dict[str, float] = {}
    for score in data.rows(FocusScore):
        totals[candidates[score.candidate_id]] = (
            totals.get(candidates[score.candidate_id], 0) + score.score * criteria[score.criterion_id][1]
        )
    assert totals == FOCUS_TOTALS
    assert candidates[data.one(AuditInfo).chosen_focus_id] == "镀镍线"
    (target,) = data.rows(Target)
    assert (target.name_zh, target.unit, target.near_value) == ("单位产品新鲜水耗", "m3/m2", 0.285)
    nodes = {n.id: n for n in data.rows(Node)}
    assert sorted((n.code, n.kind) for n in nodes.values()) == [
        ("K1", NodeKind.sink),
        ("S1", NodeKind.source),
        ("U1", NodeKind.unit_operation),
        ("U2", NodeKind.unit_operation),
    ]
    (balance,) = data.rows(Balance)
    assert (balance.key, balance.unit) == ("water", "m3/d")
    streams = {
        s.code: (nodes[s.from_node_id].code, nodes[s.to_node_id].code, s.value) for s in data.rows(Stream)
    }
    assert streams == {
        "W1": ("S1", "U1", 10.0),
        "W2": ("U1", "U2", 9.5),
        "W3": ("U1", "K1", 0.3),
        "W4": ("U2", "K1", 9.0),
    }
    (cause,) = data.rows(Cause)
    assert (cause.aspect, cause.cause_zh) == (Aspect.process_control, "漂洗水阀门常开，无流量控制")
    assert [nodes[link.node_id].code for link in data.rows(CauseNode)] == ["U2"]
    options = {o.code: o for o in data.rows(Option)}
    assert set(options) == {"F1", "F2"}
    f1, f2 = options["F1"], options["F2"]
    assert (f1.investment, f1.screening, f1.status) == (8000, Screening.direct, OptionStatus.implemented)
    assert (f2.investment, f2.screening, f2.status) == (300_000, Screening.study, OptionStatus.implemented)
    assert (f2.expected_savings, f2.depreciation_years, f2.life_years) == (P_F2, Y_F2, N_F2)
    assert (f2.tax_rate, f2.discount_rate) == (pytest.approx(TAX), pytest.approx(RATE))
    (record,) = data.rows(MonitoringRecord)
    assert (record.option_id, record.before_value, record.after_value) == (f2.id, 12.5, 9.5)
    assert [(r.name_zh, r.issued_on) for r in data.rows(CpRule)] == [
        ("清洁生产奖惩管理办法", date(2026, 10, 8))
    ]
    assert [(n.item_zh, n.when_zh) for n in data.rows(NextRoundItem)] == [("镀铬线节水改造", "2027年")]


def test_a_blank_audit_carried_through_every_phase_and_found_again(qtbot, window, audit_path, tmp_path):
    assert window.new_audit(audit_path)  # 文件 → 新建, with the name chosen
    assert window.workspace is not None and window.context.audit.path == audit_path
    phase_1(qtbot, window)
    undo_and_redo_with_the_keyboard(qtbot, window)
    phase_2(qtbot, window)
    phase_3(qtbot, window)
    phase_4(qtbot, window)
    phase_5(qtbot, window)
    phase_6(qtbot, window)
    phase_7(qtbot, window)
    assert "已保存" in window.saved_label.text()
    window.close()
    assert window.context.audit is None

    everything_is_in_the_file(audit_path)
    again = build_workbench(audit_path, context=make_context(tmp_path / "again"))
    qtbot.addWidget(again)
    again.resize(*SCREEN)
    qtbot.waitExposed(again)
    try:
        # the pages show it all again, figures recomputed from the file
        page = goto(again, "2.4")
        assert page.score_model.index(0, page.score_model.total_column).data() == "122"
        page = goto(again, "3.3")
        page.chooser.choose("water")
        overall = page.closure.rowCount() - 1
        error = page.closure.index(overall, ClosureTableModel.ERROR_COLUMN).data()
        assert error == format_number(OVERALL_PCT, 2)
        page = goto(again, "5.4")
        npv_label = page.result.values["净现值 NPV (元)"]
        qtbot.waitUntil(lambda: npv_label.text() != "")
        assert parse_number(npv_label.text()) == pytest.approx(npv(RATE), abs=0.005)
        page = goto(again, "7.3")
        assert page.plan.model.index(0, NextRoundTableModel.Column.item.index).data() == "镀铬线节水改造"
    finally:
        again.close()


def test_a_form_value_longer_than_its_field_shows_its_start(qtbot, show, sample_context):
    """Seen on the 1.1 screenshots: the audit's name showed only its tail (the cursor sat at the end)."""
    from cp_audit.phases import step
    from ui.pages.leadership import LeadershipPage

    page = show(LeadershipPage(sample_context, step("1.1")))
    title = page.basis_form.editors["title_zh"].widget
    assert title.fontMetrics().horizontalAdvance(title.text()) > title.width()  # longer than the field
    assert title.cursorPosition() == 0
    fill_field(
        qtbot, page.basis_form, "title_zh", "东莞澜晖金属表面处理有限公司 2026 年强制性清洁生产审核（第二轮）"
    )
    assert title.cursorPosition() > 0  # while the user is in the field the cursor stays where it was
    title.clearFocus()
    sample_context.undo()
    assert title.text().startswith("参考审核样例") and title.cursorPosition() == 0
