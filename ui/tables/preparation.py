"""Table models of phase 1 筹划和组织: mandatory triggers, auditors, the audit team (工作表1-1), the work
plan (工作表1-2), training records and barriers."""

from __future__ import annotations

from cp_audit.models import Auditor, Barrier, MandatoryTrigger, TeamMember, TrainingRecord, WorkPlanRow
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.table_models import RowTableModel


class MandatoryTriggerTableModel(RowTableModel):
    table = MandatoryTrigger

    class Column(ColumnEnum):
        kind = ColumnSpec("kind", width_chars=28)
        name = ColumnSpec("name_zh", width_chars=28)
        article = ColumnSpec("article")
        detail = ColumnSpec("detail_zh", kind=Kind.long_text, width_chars=40)


class AuditorTableModel(RowTableModel):
    table = Auditor

    class Column(ColumnEnum):
        name = ColumnSpec("name")
        role = ColumnSpec("role_zh", width_chars=24)
        certificate = ColumnSpec("certificate_no", width_chars=24)


class TeamMemberTableModel(RowTableModel):
    """审核小组成员表 (工作表1-1), usually shown as two blocks: 领导小组 and 工作小组."""

    table = TeamMember

    class Column(ColumnEnum):
        name = ColumnSpec("name")
        team_role = ColumnSpec("team_role_zh")
        dept_and_post = ColumnSpec("dept_and_post_zh", width_chars=22)
        title = ColumnSpec("title_zh")
        specialty = ColumnSpec("specialty_zh")
        duties = ColumnSpec("duties_zh", kind=Kind.long_text, width_chars=30)
        time = ColumnSpec("time_zh", width_chars=16)
        person_days = ColumnSpec("planned_person_days", decimals=1)
        group = ColumnSpec("group")


class WorkPlanTableModel(RowTableModel):
    """审核工作计划表 (工作表1-2)."""

    table = WorkPlanRow

    class Column(ColumnEnum):
        stage_no = ColumnSpec("stage_no", width_chars=6)
        stage = ColumnSpec("stage_zh", width_chars=14)
        content = ColumnSpec("content_zh", kind=Kind.long_text, width_chars=30)
        start = ColumnSpec("start")
        end = ColumnSpec("end")
        responsible = ColumnSpec("responsible_zh", width_chars=18)
        assessor = ColumnSpec("assessor_zh", width_chars=18)
        output = ColumnSpec("output_zh", kind=Kind.long_text, width_chars=24)

    def new_row_values(self, taken=None):
        values = super().new_row_values(taken)
        values["stage_no"] = max((r.stage_no for r in self._rows), default=0) + 1
        return values


class TrainingTableModel(RowTableModel):
    table = TrainingRecord
    code_prefix = "P"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=6)
        held_on = ColumnSpec("held_on")
        topic = ColumnSpec("topic_zh", kind=Kind.long_text, width_chars=30)
        trainer = ColumnSpec("trainer")
        participants = ColumnSpec("participants", unit=None)
        hours = ColumnSpec("hours", decimals=1)


class BarrierTableModel(RowTableModel):
    table = Barrier
    code_prefix = "B"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=6)
        type = ColumnSpec("type_zh")
        barrier = ColumnSpec("barrier_zh", kind=Kind.long_text, width_chars=30)
        measure = ColumnSpec("measure_zh", kind=Kind.long_text, width_chars=36)
