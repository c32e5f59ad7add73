"""Copy and paste of cell blocks to and from Excel: tab-separated text, one undo step, all or nothing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence

from cp_audit import services
from cp_audit.models import Equipment, TeamMember, WorkPlanRow
from cp_audit.models.base import TeamGroup
from cp_audit.phases import step
from ui.clipboard import from_tsv, to_tsv
from ui.pages.survey import SurveyPage
from ui.pages.team import TeamPage
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import EquipmentTableModel
from ui.tables.preparation import WorkPlanTableModel


def test_tsv_round_trip_with_quotes_tabs_and_line_breaks():
    rows = [["a", "b\tc"], ['say "hi"', "two\nlines"], ["", "1,234.5"]]
    assert from_tsv(to_tsv(rows)) == rows
    assert from_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]  # Excel's trailing line break


def test_pasting_a_three_by_two_block_from_excel_is_one_undo_step(qtbot, show, context):
    page = show(TeamPage(context, step("1.2")))
    page.working.add_row({"name": "旧名字"})
    page.working.select_cell(0, 0)
    QGuiApplication.clipboard().setText("梁伟健\t工作组组长\r\n何晓敏\t成员\r\n张建国\t成员\r\n")
    count = context.undo_stack.count()
    qtbot.keyClick(page.working.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    members = services.rows(context.audit, TeamMember)
    assert [(m.name, m.team_role_zh, m.group) for m in members] == [
        ("梁伟健", "工作组组长", TeamGroup.working),
        ("何晓敏", "成员", TeamGroup.working),
        ("张建国", "成员", TeamGroup.working),
    ]
    assert context.undo_stack.count() == count + 1
    assert context.undo_stack.undoText().startswith("粘贴 6 个单元格")
    selected = {(i.row(), i.column()) for i in page.working.view.selectionModel().selectedIndexes()}
    assert selected == {(r, c) for r in range(3) for c in range(2)}
    context.undo_stack.undo()
    assert [m.name for m in services.rows(context.audit, TeamMember)] == ["旧名字"]
    context.undo_stack.redo()
    assert len(services.rows(context.audit, TeamMember)) == 3


def test_a_paste_with_one_invalid_cell_changes_nothing_and_names_it(qtbot, show, context):
    editor = show(TableEditor(EquipmentTableModel(context)))
    editor.add_row({"name_zh": "整流器"})
    editor.select_cell(0, EquipmentTableModel.Column.name.index)
    count = context.undo_stack.count()
    text = "镀镍槽\tPP 2000L\t4\r\n整流器\t1000A\t-2\r\n"  # quantity cannot be negative
    assert not editor.paste(text)
    assert [e.name_zh for e in services.rows(context.audit, Equipment)] == ["整流器"]
    assert context.undo_stack.count() == count
    message = editor.message.text()
    assert "第 2 行“数量”" in message and "不能小于 0" in message
    assert editor.message.isVisible()


def test_numbers_and_chinese_dates_are_read_as_excel_writes_them(show, context):
    editor = show(TableEditor(WorkPlanTableModel(context)))
    editor.add_row({"stage_zh": "预评估"})
    C = WorkPlanTableModel.Column
    editor.select_cell(0, C.start.index)
    assert editor.paste("2026/4/7\t2026-04-30\r\n")
    row = services.rows(context.audit, WorkPlanRow)[0]
    assert (row.start, row.end) == (date(2026, 4, 7), date(2026, 4, 30))


def test_a_single_value_fills_the_selection_and_delete_clears_it(qtbot, show, context):
    editor = show(TableEditor(EquipmentTableModel(context)))
    for name in ("A", "B", "C"):
        editor.add_row({"name_zh": name})
    column = EquipmentTableModel.Column.power.index
    selection = editor.view.selectionModel()
    selection.clearSelection()
    for row in range(3):
        selection.select(editor.model.index(row, column), QItemSelectionModel.SelectionFlag.Select)
    assert editor.paste("1,250.5")
    assert [e.power_kw for e in services.rows(context.audit, Equipment)] == [1250.5] * 3
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    assert [e.power_kw for e in services.rows(context.audit, Equipment)] == [None] * 3


def test_copy_gives_exact_values_for_excel(show, sample_context):
    editor = show(TableEditor(EquipmentTableModel(sample_context)))
    C = EquipmentTableModel.Column
    selection = editor.view.selectionModel()
    selection.select(editor.model.index(0, C.name.index), QItemSelectionModel.SelectionFlag.Select)
    selection.select(editor.model.index(0, C.obsolete.index), QItemSelectionModel.SelectionFlag.Select)
    text = editor.copy()
    assert QGuiApplication.clipboard().text() == text
    cells = from_tsv(text)[0]
    first = services.rows(sample_context.audit, Equipment)[0]
    assert cells[0] == first.name_zh and cells[-1] == ("是" if first.obsolete else "否")


def test_paste_in_the_grid_is_all_or_nothing(show, sample_context):
    from cp_audit.models import InventoryValue
    from cp_audit.models.base import ItemCategory
    from ui.pages.inventory import InventoryPanel

    page = show(SurveyPage(sample_context, step("2.1")))
    grid = page.findChildren(InventoryPanel)[0].grids[ItemCategory.energy]
    before = {v.id: v.value for v in services.rows(sample_context.audit, InventoryValue)}
    grid.select_cell(0, 0)
    assert not grid.paste("1\t2\r\n3\tx\r\n")
    assert {v.id: v.value for v in services.rows(sample_context.audit, InventoryValue)} == before
    assert "第 2 行" in grid.message.text() and "不是数值" in grid.message.text()
    assert grid.paste("1,000\t2,000\r\n")
    assert [grid.model.cell_value(0, c) for c in (0, 1)] == [1000, 2000]
    assert QKeySequence  # the keyboard path is covered in the row-table test above
