"""Phase 2 预评估, driven through its pages: the enterprise form, the multi-year grid (a typed value
creates, changes and deletes InventoryValue rows), the focus score matrix with live totals and ranks,
choosing the focus, targets and the phase-2 options."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from cp_audit import services
from cp_audit.models import (
    AuditInfo,
    Criterion,
    Enterprise,
    FocusCandidate,
    FocusScore,
    InventoryItem,
    InventoryValue,
    Option,
    Period,
    Target,
)
from cp_audit.models.base import Aspect, CriterionScope, ItemCategory, PeriodKind
from cp_audit.phases import step
from tests.ui.conftest import type_into_cell, type_text
from ui.grids import InventoryGridModel
from ui.pages.focus import FocusPage
from ui.pages.inventory import InventoryPanel
from ui.pages.options import EarlyOptionsPage
from ui.pages.survey import SurveyPage
from ui.pages.targets import TargetsPage
from ui.score_matrix import TIE_BACKGROUND
from ui.tables.options import OptionTableModel
from ui.tables.pre_assessment import FocusCandidateTableModel, TargetTableModel


def test_enterprise_form_commits_each_field_as_one_undo_step(qtbot, show, context):
    page = show(SurveyPage(context, step("2.1")))
    name = page.identity.editors["name_zh"].widget
    type_text(qtbot, name, "东莞澜晖金属表面处理有限公司")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    employees = page.operation.editors["employees"].widget
    qtbot.keyClicks(employees, "1,180")
    qtbot.keyClick(employees, Qt.Key.Key_Return)
    enterprise = services.singleton(context.audit, Enterprise)
    assert (enterprise.name_zh, enterprise.employees) == ("东莞澜晖金属表面处理有限公司", 1180)
    assert employees.text() == "1,180"
    count = context.undo_stack.count()
    context.undo_stack.undo()
    assert services.singleton(context.audit, Enterprise).employees is None
    assert context.undo_stack.count() == count


def test_a_wrong_form_value_shows_the_reason_under_the_field(qtbot, show, context):
    page = show(SurveyPage(context, step("2.1")))
    hours = page.operation.editors["operating_hours_per_day"]
    qtbot.keyClicks(hours.widget, "30")
    qtbot.keyClick(hours.widget, Qt.Key.Key_Return)
    assert not hours.message.isHidden()
    assert "不能大于 24" in hours.message.text()
    assert services.singleton(context.audit, Enterprise).operating_hours_per_day is None
    hours.widget.clear()
    qtbot.keyClicks(hours.widget, "abc")
    qtbot.keyClick(hours.widget, Qt.Key.Key_Return)
    assert "不是数值" in hours.message.text()
    hours.widget.clear()
    qtbot.keyClicks(hours.widget, "20")
    qtbot.keyClick(hours.widget, Qt.Key.Key_Return)
    assert hours.message.isHidden()


def _inventory(context):
    services.add(context.audit, Period, {"key": "2024", "label_zh": "2024年"})
    services.add(context.audit, Period, {"key": "post", "label_zh": "实施后", "kind": PeriodKind.part_year})
    return services.add(
        context.audit,
        InventoryItem,
        {"category": ItemCategory.product, "key": "parts", "name_zh": "工件", "unit": "t"},
    )


def test_typing_in_the_grid_creates_changes_and_deletes_values(qtbot, show, context):
    item = _inventory(context)
    page = show(SurveyPage(context, step("2.1")))
    inventory = page.findChildren(InventoryPanel)[0]
    editor = inventory.grids[ItemCategory.product]
    assert editor.model.headerData(0, Qt.Orientation.Vertical) == "工件 (t)"
    assert "非全年" in editor.model.headerData(1, Qt.Orientation.Horizontal)
    type_into_cell(qtbot, editor, 0, 0, "3,380.5")
    values = services.rows(context.audit, InventoryValue)
    assert [(v.item_id, v.value) for v in values] == [(item.id, 3380.5)]
    assert editor.model.index(0, 0).data() == "3,380.5"
    type_into_cell(qtbot, editor, 0, 0, "3400")
    assert services.rows(context.audit, InventoryValue)[0].value == 3400
    type_into_cell(qtbot, editor, 0, 0, "")
    assert services.rows(context.audit, InventoryValue) == []
    context.undo_stack.undo()
    assert services.rows(context.audit, InventoryValue)[0].value == 3400


def test_the_grid_marks_values_above_an_applied_limit(sample_context):
    model = InventoryGridModel(sample_context, [ItemCategory.water_pollutant])
    rows = {model.items[r].key: r for r in range(model.rowCount())}
    row = rows["Ni"]
    item = model.items[row]
    column = 0
    assert model.exceedance(item, model.cell_value(row, column), item.unit) is None  # the sample complies
    services.update_row(sample_context.audit, InventoryValue, model.record(row, column).id, {"value": 9.9})
    assert model.exceedance(item, 9.9, item.unit)
    assert isinstance(model.index(row, column).data(Qt.ItemDataRole.ForegroundRole), QBrush)
    assert "限值" in model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)


def test_a_category_grid_reads_only_the_values_of_its_own_items(sample_context):
    """A page shows one grid per category; each used to read every value of the audit (100,000 records
    per grid on a big audit, 550 MB on the pollution page alone)."""
    from cp_audit.models import InventoryItem

    model = InventoryGridModel(sample_context, [ItemCategory.water_pollutant])
    mine = {i.id for i in services.rows(sample_context.audit, InventoryItem, category=ItemCategory.water_pollutant)}
    values = services.rows(sample_context.audit, InventoryValue)
    assert any(v.item_id not in mine for v in values), "the sample has values of other categories"
    assert sorted(r.id for r in model.cells.values()) == sorted(v.id for v in values if v.item_id in mine)


def _focus_basics(context):
    for key, name in (("ni_line", "镀镍线"), ("cr_line", "镀铬线")):
        services.add(context.audit, FocusCandidate, {"key": key, "name_zh": name})
    for key, name, weight in (("waste", "废弃物量", 10), ("toxicity", "废弃物毒性", 8)):
        services.add(
            context.audit,
            Criterion,
            {"scope": CriterionScope.focus, "key": key, "name_zh": name, "weight": weight},
        )


def test_scores_update_products_totals_and_ranks_as_they_are_typed(qtbot, show, context):
    _focus_basics(context)
    page = show(FocusPage(context, step("2.4")))
    matrix, model = page.matrix, page.score_model
    type_into_cell(qtbot, matrix, 0, 0, "9")
    assert model.index(0, 1).data() == "90"
    assert model.index(0, model.total_column).data() == "—"  # one criterion still unscored
    type_into_cell(qtbot, matrix, 0, 2, "8")
    type_into_cell(qtbot, matrix, 1, 0, "7")
    type_into_cell(qtbot, matrix, 1, 2, "10")
    assert model.index(0, 3).data() == "64"
    assert [model.index(r, model.total_column).data() for r in (0, 1)] == ["154", "150"]
    assert [model.index(r, model.rank_column).data() for r in (0, 1)] == ["1", "2"]
    assert "得分最高：镀镍线" in page.chooser.verdict.text()

    type_into_cell(qtbot, matrix, 1, 0, "7.5")  # 75 + 80 = 155: the order turns round
    assert [model.index(r, model.rank_column).data() for r in (0, 1)] == ["2", "1"]
    type_into_cell(qtbot, matrix, 1, 0, "7.4")  # 74 + 80 = 154: a tie
    assert [model.index(r, model.rank_column).data() for r in (0, 1)] == ["1", "1"]
    background = model.index(0, model.total_column).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color() == TIE_BACKGROUND
    assert "同分" in page.chooser.verdict.text()
    assert not page.chooser.take_leader.isEnabled()

    type_into_cell(qtbot, matrix, 1, 0, "11")  # R is 0–10
    assert "不能大于 10" in matrix.message.text()
    assert len(services.rows(context.audit, FocusScore)) == 4


def test_choosing_the_focus(qtbot, show, context):
    _focus_basics(context)
    page = show(FocusPage(context, step("2.4")))
    page.matrix.model.set_cells({(0, 0): "9", (0, 2): "9", (1, 0): "5", (1, 2): "5"}, "打分")
    assert page.chooser.take_leader.isEnabled()
    qtbot.mouseClick(page.chooser.take_leader, Qt.MouseButton.LeftButton)
    leader = services.rows(context.audit, FocusCandidate)[0]
    assert services.singleton(context.audit, AuditInfo).chosen_focus_id == leader.id
    combo = page.chooser.form.editors["chosen_focus_id"].widget
    assert combo.currentText() == "镀镍线 (ni_line)"
    qtbot.waitUntil(lambda: "齐全" in page.status_text.text())
    combo.setCurrentIndex(combo.findText("镀铬线 (cr_line)"))
    combo.activated.emit(combo.currentIndex())
    assert "不是得分最高者" in page.chooser.verdict.text()
    context.undo_stack.undo()
    assert services.singleton(context.audit, AuditInfo).chosen_focus_id == leader.id


def test_candidates_and_targets_typed_in_tables(qtbot, show, context):
    page = show(FocusPage(context, step("2.4")))
    page.candidates.add_row()
    C = FocusCandidateTableModel.Column
    type_into_cell(qtbot, page.candidates, 0, C.name.index, "前处理车间")
    type_into_cell(qtbot, page.candidates, 0, C.water.index, "24,500")
    candidate = services.rows(context.audit, FocusCandidate)[0]
    assert (candidate.key, candidate.name_zh, candidate.water_m3) == ("C1", "前处理车间", 24500)

    targets = show(TargetsPage(context, step("2.5")))
    targets.targets.add_row()
    T = TargetTableModel.Column
    type_into_cell(qtbot, targets.targets, 0, T.name.index, "单位产品新鲜水耗")
    type_into_cell(qtbot, targets.targets, 0, T.unit.index, "m3/m2")
    type_into_cell(qtbot, targets.targets, 0, T.direction.index, "≤（越小越好）")
    type_into_cell(qtbot, targets.targets, 0, T.near_value.index, "0.285")
    type_into_cell(qtbot, targets.targets, 0, T.near_by.index, "2026年12月31日")
    target = services.rows(context.audit, Target)[0]
    assert (target.code, target.unit, target.near_value, str(target.near_by)) == (
        "T1",
        "m3/m2",
        0.285,
        "2026-12-31",
    )
    assert targets.targets.model.index(0, T.unit.index).data() == "m³/m²"
    type_into_cell(qtbot, targets.targets, 0, T.unit.index, "xyzzy")
    assert "单位" in targets.targets.message.text()


def test_phase_two_options_show_their_cost_class(qtbot, show, context):
    page = show(EarlyOptionsPage(context, step("2.6")))
    page.options.add_row()
    C = OptionTableModel.Column
    type_into_cell(qtbot, page.options, 0, C.title.index, "延长滴液时间")
    type_into_cell(qtbot, page.options, 0, C.investment.index, "6,000")
    option = services.rows(context.audit, Option)[0]
    assert (option.code, option.proposed_in_phase, option.aspect, option.investment) == (
        "F1",
        2,
        Aspect.raw_materials_energy,
        6000,
    )
    assert page.options.model.index(0, C.cost_class.index).data() == "无/低费"
    type_into_cell(qtbot, page.options, 0, C.investment.index, "80000")
    assert page.options.model.index(0, C.cost_class.index).data() == "中/高费"
    assert page.options.model.index(0, C.investment.index).data() == "80,000.00"
    services.update_row(
        context.audit, AuditInfo, services.singleton(context.audit, AuditInfo).id, {"low_cost_max": 100000}
    )
    assert page.options.model.index(0, C.cost_class.index).data() == "无/低费"


def test_a_credit_code_with_a_wrong_check_character_is_stored_with_a_warning(qtbot, show, context):
    page = show(SurveyPage(context, step("2.1")))
    field = page.identity.editors["uscc"]
    qtbot.keyClicks(field.widget, "91350100M000100Y44")
    qtbot.keyClick(field.widget, Qt.Key.Key_Return)
    assert services.singleton(context.audit, Enterprise).uscc == "91350100M000100Y44"
    assert "应为 3" in field.advice.text() and not field.advice.isHidden()
    field.widget.clear()
    qtbot.keyClicks(field.widget, "91350100M000100Y43")
    qtbot.keyClick(field.widget, Qt.Key.Key_Return)
    assert field.advice.isHidden()
