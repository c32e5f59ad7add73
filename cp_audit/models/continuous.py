"""Phase 7 持续清洁生产: management rules and the next-round plan (the organisation is in AuditInfo)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import pk, text


class CpRule(SQLModel, table=True):
    """清洁生产管理制度."""

    __tablename__ = "cp_rule"
    id: int | None = pk()
    name_zh: str = text(N_("制度"), "")
    issued_on: date | None = Field(default=None, title=N_("发布日期"))
    position: int = Field(default=0)


class NextRoundItem(SQLModel, table=True):
    """持续清洁生产计划."""

    __tablename__ = "next_round_item"
    id: int | None = pk()
    item_zh: str = text(N_("工作内容"), "")
    when_zh: str | None = text(N_("时间"))
    responsible_zh: str | None = text(N_("责任部门及负责人"))
    expected_zh: str | None = text(N_("预期效果"))
    position: int = Field(default=0)
