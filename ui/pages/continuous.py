"""7.1 建立和完善清洁生产组织, 7.2 建立和完善清洁生产管理制度, 7.3 制定持续清洁生产计划: the standing
organisation, the management rules, and the next-round plan beside the options not yet implemented."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo
from cp_audit.models.base import OptionStatus
from ui.columns import ColumnSpec, Kind
from ui.forms import RecordForm
from ui.live_results import live_results
from ui.pages.base import StepPage, column, scrolled, section, stacked
from ui.shown_refresh import ShownRefresh
from ui.table_editor import TableEditor
from ui.tables.continuous import CpRuleTableModel, NextRoundTableModel
from ui.tables.implementation import ImplementationTableModel

OPEN_STATUSES = {OptionStatus.proposed, OptionStatus.planned, OptionStatus.in_progress}


class OrganisationPage(StepPage):
    guidance = N_(
        "审核结束后保留常设的清洁生产组织：写明机构名称、组成、职责、人员和它在企业管理中的位置，"
        "使清洁生产工作持续进行。"
    )

    def build(self) -> QWidget:
        self.form = RecordForm(
            self.context, AuditInfo, [ColumnSpec("cp_organisation_zh", kind=Kind.long_text)], singleton=True
        )
        note = _("例如：清洁生产领导小组和办公室的组成、负责人、职责，以及例会和考核安排。")
        return scrolled(column(section(_("清洁生产组织"), self.form, note=note, stretch=False)))


class RulesPage(StepPage):
    guidance = N_(
        "把审核中行之有效的做法固定为制度：清洁生产管理制度、岗位操作规程、激励和考核办法，写明发布日期。"
    )

    def build(self) -> QWidget:
        self.rules = TableEditor(CpRuleTableModel(self.context), visible_rows=8)
        return section(_("清洁生产管理制度"), self.rules)


class OpenOptionsModel(ImplementationTableModel):
    """The options proposed, planned or in progress: the candidates for the next round."""

    def load_rows(self) -> list:
        return [o for o in super().load_rows() if o.status in OPEN_STATUSES]


class NextRoundPage(StepPage):
    guidance = N_(
        "制定下一轮清洁生产计划：新的审核重点、尚未实施的方案、需要研究的课题、员工培训，"
        "写明时间、责任部门及负责人和预期效果。"
    )

    def build(self) -> QWidget:
        self.plan = TableEditor(NextRoundTableModel(self.context), visible_rows=5)
        self.open_options = TableEditor(
            OpenOptionsModel(self.context), can_add=False, can_delete=False, visible_rows=3
        )
        self.due = QLabel()
        self.due.setWordWrap(True)
        self._soon = ShownRefresh(self.context, {"audit_info"}, self.refresh, self, self)
        self.refresh()
        return stacked(
            column(self.due, section(_("持续清洁生产计划"), self.plan), stretch_last=True),
            section(_("尚未实施的方案"), self.open_options, note=_("可列入下一轮计划；状态在 6.1 中修改。")),
        )

    def refresh(self) -> None:
        results = live_results(self.context).results()
        due = results.continuous.next_mandatory_round_due if results is not None else None
        self.due.setVisible(bool(due))
        if due:
            self.due.setText(_("下一轮强制性清洁生产审核应在 {0} 之前开展。").format(due))


STEPS = {"7.1": OrganisationPage, "7.2": RulesPage, "7.3": NextRoundPage}
