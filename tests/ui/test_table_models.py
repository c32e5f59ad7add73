"""The generic table model: display, typed edits, validation, undo, paste, lazy fetching."""

from __future__ import annotations

import pytest

from cp_audit import services
from cp_audit.models import TeamMember, TrainingRecord
from cp_audit.models.base import TeamGroup
from ui.table_models import CellErrors, CopyRole
from ui.tables.preparation import TeamMemberTableModel, TrainingTableModel


def test_team_model_passes_the_model_tester(qtmodeltester, sample_context):
    model = TeamMemberTableModel(sample_context)
    assert model.rowCount() == 7
    qtmodeltester.check(model, force_py=True)


def test_typing_a_number_stores_it_and_undo_restores(context):
    model = TrainingTableModel(context)
    row = model.add_row({"topic_zh": "清洁生产审核启动培训"})
    column = TrainingTableModel.Column.participants.index
    assert model.setData(model.index(row, column), "1,234")
    record = services.rows(context.audit, TrainingRecord)[0]
    assert record.participants == 1234
    assert model.index(row, column).data() == "1,234"
    context.undo_stack.undo()
    assert services.rows(context.audit, TrainingRecord)[0].participants is None
    context.undo_stack.redo()
    assert services.rows(context.audit, TrainingRecord)[0].participants == 1234


def test_invalid_value_is_refused_with_a_message(qtbot, context):
    model = TrainingTableModel(context)
    row = model.add_row({"topic_zh": "培训"})
    column = TrainingTableModel.Column.participants.index
    with qtbot.waitSignal(model.problem_found) as blocker:
        assert not model.setData(model.index(row, column), "-3")
    assert "不能小于 0" in blocker.args[0]
    assert services.rows(context.audit, TrainingRecord)[0].participants is None


def test_paste_block_is_one_undo_step_and_adds_rows(context):
    model = TeamMemberTableModel(context, {"group": TeamGroup.leading})
    model.add_row({"name": "李"})
    count = context.undo_stack.count()
    model.set_cells({(0, 0): "王一", (0, 1): "组长", (1, 0): "张二", (1, 1): "副组长"}, "粘贴")
    assert context.undo_stack.count() == count + 1
    names = [m.name for m in services.rows(context.audit, TeamMember)]
    assert names == ["王一", "张二"]
    assert all(m.group == TeamGroup.leading for m in services.rows(context.audit, TeamMember))
    context.undo_stack.undo()
    assert [m.name for m in services.rows(context.audit, TeamMember)] == ["李"]


def test_paste_with_an_invalid_cell_changes_nothing(context):
    model = TrainingTableModel(context)
    model.add_row({"topic_zh": "a"})
    with pytest.raises(CellErrors) as caught:
        model.set_cells({(0, 4): "12", (1, 2): "b", (1, 4): "many"}, "粘贴")
    assert "第 2 行" in caught.value.message and "人数" in caught.value.message
    assert [r.participants for r in services.rows(context.audit, TrainingRecord)] == [None]


def test_copy_role_gives_exact_numbers(context):
    model = TeamMemberTableModel(context)
    row = model.add_row({"name": "李", "planned_person_days": 1234.5})
    index = model.index(row, TeamMemberTableModel.Column.person_days.index)
    assert index.data() == "1,234.5"
    assert index.data(CopyRole) == "1234.5"
    assert model.index(row, TeamMemberTableModel.Column.group.index).data() == "工作小组"


def test_lazy_fetching_hands_rows_out_in_batches(context):
    from sqlalchemy import insert

    with context.audit.unit_of_work() as session:
        session.connection().execute(
            insert(TrainingRecord.__table__),
            [{"code": f"P{i}", "topic_zh": f"t{i}", "position": i} for i in range(1000)],
        )
    model = TrainingTableModel(context)
    assert model.rowCount() == model.batch_size
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * model.batch_size
    assert model.total_rows() == 1000
