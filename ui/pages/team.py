"""1.2 组建审核小组: the audit team (工作表1-1) in two blocks, the leading group and the working group."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit.i18n import N_, _
from cp_audit.models.base import TeamGroup
from ui.pages.base import StepPage, section, stacked
from ui.table_editor import TableEditor
from ui.tables.preparation import TeamMemberTableModel


class TeamPage(StepPage):
    guidance = N_(
        "审核小组成员表（工作表1-1）：领导小组由厂级领导组成，工作小组由各部门骨干组成；"
        "写明每人的职务、专业、职责和应投入的时间。"
    )

    def build(self) -> QWidget:
        self.leading = TableEditor(
            TeamMemberTableModel(self.context, {"group": TeamGroup.leading}), visible_rows=3
        )
        self.working = TableEditor(
            TeamMemberTableModel(self.context, {"group": TeamGroup.working}), visible_rows=5
        )
        note = _("把“小组”一栏改为另一小组，成员即移到另一张表。")
        return stacked(section(_("领导小组"), self.leading), section(_("工作小组"), self.working, note=note))


STEPS = {"1.2": TeamPage}
