"""1.3 制定工作计划: the work plan (工作表1-2) as a table and as a Gantt chart against the deadline."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cp_audit import services
from cp_audit.calc.deadlines import Stage, mandatory_deadlines, work_plan_summary
from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo, WorkPlanRow
from cp_audit.models.base import AuditType
from ui.formatting import format_date
from ui.gantt import Bar, GanttChart
from ui.pages.base import StepPage, column, section, stacked
from ui.table_editor import TableEditor
from ui.tables.preparation import WorkPlanTableModel


class WorkPlanPage(StepPage):
    guidance = N_(
        "审核工作计划表（工作表1-2）：按阶段写明工作内容、起止时间、责任部门及负责人、考核部门及人员和产出；"
        "强制性审核的计划应在完成期限之前结束。"
    )

    def build(self) -> QWidget:
        self.table = TableEditor(WorkPlanTableModel(self.context), visible_rows=5)
        self.chart = GanttChart()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.context.data_changed.connect(self._on_data_changed)
        self.refresh_chart()
        return stacked(
            section(_("审核工作计划"), self.table),
            section(_("进度图"), column(self.chart, self.summary, stretch_last=True)),
        )

    def _on_data_changed(self, tables: set[str]) -> None:
        if tables & {"work_plan_row", "audit_info"}:
            self.refresh_chart()

    def completion_due(self):
        info = services.singleton(self.context.audit, AuditInfo)
        if info.audit_type == AuditType.mandatory and info.list_published_on:
            return mandatory_deadlines(info.list_published_on, info.mandatory_category).completion_due
        return None

    def refresh_chart(self) -> None:
        if self.context.audit is None:
            return
        rows = [
            r
            for r in services.rows(self.context.audit, WorkPlanRow)
            if r.start and r.end and r.start <= r.end
        ]
        due = self.completion_due()
        self.chart.set_plan([Bar(f"{r.stage_no} {r.stage_zh}", r.start, r.end) for r in rows], due)
        if not rows:
            self.summary.setText("")
            return
        plan = work_plan_summary([Stage(r.stage_zh, r.start, r.end) for r in rows], due)
        text = _("计划自 {0} 至 {1}，共 {2} 天。").format(
            format_date(plan.first_start), format_date(plan.last_end), plan.span_days
        )
        if plan.all_within_due is False:
            late = _("、").join(s.label for s in plan.stages if s.within_due is False)
            text += " " + _("以下阶段晚于完成期限 {0}：{1}").format(format_date(due), late)
            self.summary.setStyleSheet("color: #b71c1c;")
        else:
            self.summary.setStyleSheet("")
        self.summary.setText(text)


STEPS = {"1.3": WorkPlanPage}
