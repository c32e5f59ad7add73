"""Phase 1 筹划和组织: audit team (worksheet 1-1), work plan (1-2), training, barriers."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import TeamGroup, pk, text


class TeamMember(SQLModel, table=True):
    """审核小组成员 (工作表1-1)."""

    __tablename__ = "team_member"
    id: int | None = pk()
    group: TeamGroup = Field(default=TeamGroup.working, title=N_("小组"))
    name: str = text(N_("姓名"), "")
    team_role_zh: str | None = text(N_("审核小组职务"))
    dept_and_post_zh: str | None = text(N_("来自部门及职务"))
    title_zh: str | None = text(N_("职称"))
    specialty_zh: str | None = text(N_("专业"))
    duties_zh: str | None = text(N_("职责"))
    time_zh: str | None = text(N_("应投入的时间"))
    planned_person_days: float | None = Field(default=None, ge=0, title=N_("计划人日"))
    position: int = Field(default=0)


class WorkPlanRow(SQLModel, table=True):
    """审核工作计划 (工作表1-2)."""

    __tablename__ = "work_plan_row"
    id: int | None = pk()
    stage_no: int = Field(default=1, ge=1, title=N_("阶段"))
    stage_zh: str = text(N_("阶段名称"), "")
    content_zh: str | None = text(N_("工作内容"))
    start: date | None = Field(default=None, title=N_("开始时间"))
    end: date | None = Field(default=None, title=N_("完成时间"))
    responsible_zh: str | None = text(N_("责任部门及负责人"))
    assessor_zh: str | None = text(N_("考核部门及人员"))
    output_zh: str | None = text(N_("产出"))
    position: int = Field(default=0)


class TrainingRecord(SQLModel, table=True):
    """宣传教育和培训记录."""

    __tablename__ = "training_record"
    id: int | None = pk()
    code: str = text(N_("编号"), "", max_length=40)
    held_on: date | None = Field(default=None, title=N_("日期"))
    topic_zh: str = text(N_("内容"), "")
    trainer: str | None = text(N_("主讲"))
    participants: int | None = Field(default=None, ge=0, title=N_("人数"))
    hours: float | None = Field(default=None, ge=0, title=N_("学时"))
    position: int = Field(default=0)


class Barrier(SQLModel, table=True):
    """审核障碍及对策."""

    __tablename__ = "barrier"
    id: int | None = pk()
    code: str = text(N_("编号"), "", max_length=40)
    type_zh: str | None = text(N_("类型"))
    barrier_zh: str = text(N_("障碍"), "")
    measure_zh: str | None = text(N_("对策"))
    position: int = Field(default=0)
