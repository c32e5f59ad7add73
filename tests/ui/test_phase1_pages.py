"""Phase 1 筹划和组织, driven through its pages on a new audit: typing into cells and form fields,
undo and redo checked in the database, and everything still there after the file is reopened."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.models import AuditInfo, Barrier, LeadershipDecision, TeamMember, TrainingRecord, WorkPlanRow
from cp_audit.models.base import AuditType, TeamGroup
from cp_audit.phases import step
from tests.ui.conftest import make_context, type_into_cell, type_text
from ui.pages.leadership import LeadershipPage
from ui.pages.team import TeamPage
from ui.pages.training import TrainingPage
from ui.pages.work_plan import WorkPlanPage
from ui.tables.preparation import (
    BarrierTableModel,
    TeamMemberTableModel,
    TrainingTableModel,
    WorkPlanTableModel,
)

TM = TeamMemberTableModel.Column


def test_typing_the_team_into_both_groups(qtbot, show, context):
    page = show(TeamPage(context, step("1.2")))
    page.leading.add_row()
    type_into_cell(qtbot, page.leading, 0, TM.name.index, "李永明")
    type_into_cell(qtbot, page.leading, 0, TM.team_role.index, "组长")
    type_into_cell(qtbot, page.leading, 0, TM.person_days.index, "20")
    page.working.add_row()
    type_into_cell(qtbot, page.working, 0, TM.name.index, "梁伟健")
    members = services.rows(context.audit, TeamMember)
    assert [(m.name, m.group, m.team_role_zh) for m in members] == [
        ("李永明", TeamGroup.leading, "组长"),
        ("梁伟健", TeamGroup.working, None),
    ]
    assert members[0].planned_person_days == 20.0
    qtbot.waitUntil(lambda: "齐全" in page.status_text.text())


def test_moving_a_member_to_the_other_group(qtbot, show, context):
    page = show(TeamPage(context, step("1.2")))
    page.leading.add_row({"name": "黄振华"})
    type_into_cell(qtbot, page.leading, 0, TM.group.index, "工作小组")
    assert page.leading.model.rowCount() == 0
    assert page.working.model.rowCount() == 1


def test_undo_and_redo_of_typed_values(qtbot, show, context):
    page = show(TeamPage(context, step("1.2")))
    page.leading.add_row()
    type_into_cell(qtbot, page.leading, 0, TM.name.index, "李永明")
    type_into_cell(qtbot, page.leading, 0, TM.name.index, "李永亮")
    stack = context.undo_stack
    stack.undo()
    assert services.rows(context.audit, TeamMember)[0].name == "李永明"
    assert page.leading.model.index(0, TM.name.index).data() == "李永明"
    stack.undo()
    assert services.rows(context.audit, TeamMember)[0].name == "未命名"
    stack.undo()
    assert services.rows(context.audit, TeamMember) == []
    stack.redo()
    stack.redo()
    stack.redo()
    assert services.rows(context.audit, TeamMember)[0].name == "李永亮"


def test_a_negative_person_days_is_refused_inline(qtbot, show, context):
    page = show(TeamPage(context, step("1.2")))
    page.working.add_row({"name": "何晓敏"})
    type_into_cell(qtbot, page.working, 0, TM.person_days.index, "-5")
    assert page.working.message.isVisible()
    assert "不能小于 0" in page.working.message.text()
    assert services.rows(context.audit, TeamMember)[0].planned_person_days is None


def test_leadership_decision_and_mandatory_basis(qtbot, show, context):
    page = show(LeadershipPage(context, step("1.1")))
    doc_no = page.decision_form.editors["doc_no"].widget
    doc_no.setFocus()
    type_text(qtbot, doc_no, "澜晖〔2026〕3号")
    qtbot.keyClick(doc_no, Qt.Key.Key_Return)
    issued = page.decision_form.editors["issued_on"].widget
    issued.set_value(date(2026, 3, 18))
    issued.committed.emit()
    decision = services.singleton(context.audit, LeadershipDecision)
    assert (decision.doc_no, decision.issued_on) == ("澜晖〔2026〕3号", date(2026, 3, 18))

    basis = page.basis_form.editors
    audit_type = basis["audit_type"].widget
    audit_type.setCurrentIndex(audit_type.findText("强制性审核"))
    audit_type.activated.emit(audit_type.currentIndex())
    listed = basis["list_published_on"].widget
    listed.set_value(date(2026, 1, 31))
    listed.committed.emit()
    info = services.singleton(context.audit, AuditInfo)
    assert info.audit_type == AuditType.mandatory
    rows = page.deadlines.panel.rows
    assert [r.due for r in rows] == ["2026-02-28", "2026-03-31", "2027-01-31"]  # month ends are clamped
    qtbot.waitUntil(lambda: "齐全" in page.status_text.text())


def test_a_date_can_be_cleared(qtbot, show, context):
    page = show(LeadershipPage(context, step("1.1")))
    field = page.decision_form.editors["issued_on"].widget
    field.set_value(date(2026, 3, 18))
    field.committed.emit()
    qtbot.mouseClick(field.clear_button, Qt.MouseButton.LeftButton)
    assert services.singleton(context.audit, LeadershipDecision).issued_on is None
    assert field.edit.text() == "未填写"
    context.undo_stack.undo()
    assert services.singleton(context.audit, LeadershipDecision).issued_on == date(2026, 3, 18)
    assert field.value() == date(2026, 3, 18)


def test_work_plan_with_dates_draws_bars(qtbot, show, context):
    page = show(WorkPlanPage(context, step("1.3")))
    page.table.add_row()
    C = WorkPlanTableModel.Column
    type_into_cell(qtbot, page.table, 0, C.stage.index, "筹划和组织")
    type_into_cell(qtbot, page.table, 0, C.start.index, "2026/3/18")
    type_into_cell(qtbot, page.table, 0, C.end.index, "2026-04-03")
    row = services.rows(context.audit, WorkPlanRow)[0]
    assert (row.start, row.end) == (date(2026, 3, 18), date(2026, 4, 3))
    assert [b.label for b in page.chart.bars] == ["1 筹划和组织"]
    assert "共 17 天" in page.summary.text()
    type_into_cell(qtbot, page.table, 0, C.end.index, "2026-03-01")  # before the start
    assert "不能早于" in page.table.message.text()
    assert services.rows(context.audit, WorkPlanRow)[0].end == date(2026, 4, 3)


def test_training_barriers_and_suggestions(qtbot, show, context):
    page = show(TrainingPage(context, step("1.4")))
    page.trainings.add_row()
    T = TrainingTableModel.Column
    type_into_cell(qtbot, page.trainings, 0, T.topic.index, "审核动员大会")
    type_into_cell(qtbot, page.trainings, 0, T.participants.index, "172")
    page.barriers.add_row()
    type_into_cell(qtbot, page.barriers, 0, BarrierTableModel.Column.barrier.index, "认为已达标，无需审核")
    field = page.suggestions.editors["suggestions_collected"].widget
    field.setFocus()
    qtbot.keyClicks(field, "86")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert services.rows(context.audit, TrainingRecord)[0].participants == 172
    assert services.rows(context.audit, TrainingRecord)[0].code == "P1"
    assert services.rows(context.audit, Barrier)[0].barrier_zh == "认为已达标，无需审核"
    assert services.singleton(context.audit, AuditInfo).suggestions_collected == 86
    page.trainings.select_cell(0, 0)
    assert page.photos.owner_id == services.rows(context.audit, TrainingRecord)[0].id


def test_everything_is_there_after_reopening(qtbot, show, context, tmp_path):
    page = show(TeamPage(context, step("1.2")))
    page.leading.add_row()
    type_into_cell(qtbot, page.leading, 0, TM.name.index, "李永明")
    path = context.audit.path
    context.close()
    reopened = make_context(tmp_path / "again")
    (tmp_path / "again").mkdir()
    reopened.open(open_audit(path))
    try:
        assert [m.name for m in services.rows(reopened.audit, TeamMember)] == ["李永明"]
        assert (
            TeamMemberTableModel(reopened, {"group": TeamGroup.leading}).index(0, TM.name.index).data()
            == "李永明"
        )
    finally:
        reopened.close()


def test_form_tab_order_follows_the_form(show, context):
    page = show(LeadershipPage(context, step("1.1")))
    editors = page.decision_form.editors
    first = editors["doc_no"].widget
    order, widget = [], first
    for _field in range(4):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisibleTo(page):
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[0] is editors["title_zh"].widget
    assert order[1] is editors["issued_on"].widget.edit
