"""7.4 编制清洁生产审核报告: who wrote, reviewed and approved the report, the state of every step of the
audit, and the report itself exported as a PDF in the background (progress and cancel)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QLabel, QPushButton, QWidget

from cp_audit.errors import AuditError
from cp_audit.i18n import LANGUAGES, N_, _, current_language
from cp_audit.models import AuditInfo
from cp_audit.models.base import Phase
from ui.forms import RecordForm
from ui.icons import Icon, icon
from ui.pages.base import StepPage, column, scrolled, section, side_by_side
from ui.pages.generic import ChecklistTree
from ui.tasks import TaskState

logger = logging.getLogger(__name__)

EDITIONS = {"assessment": N_("评估版"), "acceptance": N_("验收版")}  # cp_audit.reports.template editions


class ReportPage(StepPage):
    guidance = N_(
        "填写报告编写人、审核人和批准人，核对各步骤的资料是否齐全，然后导出清洁生产审核报告（评估版或验收版）。"
    )

    def build(self) -> QWidget:
        self.form = RecordForm(
            self.context,
            AuditInfo,
            ["report_authors", "report_reviewers", "report_approver", "report_submitted_on"],
            singleton=True,
        )
        self.checklist = ChecklistTree(self.context, tuple(Phase))
        return side_by_side(
            scrolled(
                column(
                    section(_("报告编写与审核"), self.form, stretch=False),
                    section(_("导出审核报告"), self._build_export(), stretch=False),
                )
            ),
            section(_("各步骤资料情况"), self.checklist),
            sizes=(2, 3),
        )

    def _build_export(self) -> QWidget:
        holder = QWidget()
        layout = QFormLayout(holder)
        self.edition = QComboBox()
        for value, label in EDITIONS.items():
            self.edition.addItem(_(label), value)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.export_button = QPushButton(icon(Icon.export), _("导出审核报告 (PDF)…"))
        self.export_button.clicked.connect(lambda: self.export_report())
        self.export_note = QLabel()
        self.export_note.setWordWrap(True)
        layout.addRow(_("版本"), self.edition)
        layout.addRow(_("语言"), self.language)
        layout.addRow(self.export_button)
        layout.addRow(self.export_note)
        return holder

    def choose_path(self) -> Path | None:
        audit = self.context.audit
        suggested = audit.path.with_name(f"{audit.path.stem}-{_('审核报告')}.pdf")
        name, _selected = QFileDialog.getSaveFileName(self, _("导出审核报告"), str(suggested), "PDF (*.pdf)")
        if not name:
            return None
        return Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")

    def export_report(self, path: Path | None = None) -> TaskState | None:
        """Write the report to `path` (asked for when None), through the File menu's export when the
        window has one, so both show the same progress, cancel and messages."""
        if self.context.audit is None:
            return None
        path = path or self.choose_path()
        if path is None:
            return None
        edition, language = self.edition.currentData(), self.language.currentData()
        actions = self._file_menu_actions()
        if actions is not None:
            from ui.export_dialog import ExportRequest

            return actions.export_report(ExportRequest(path, language, edition))
        return self._write_report(path, edition, language)

    def _file_menu_actions(self):
        try:
            from ui.export_actions import DeliverableActions
        except ImportError:  # a workbench without the File menu's exports
            return None
        window = self.window()
        return window.findChild(DeliverableActions) if window is not self else None

    def _write_report(self, path: Path, edition: str, language: str) -> TaskState:
        from cp_audit.reports.build import write_report

        audit = self.context.audit

        def work(state: TaskState):
            return write_report(
                audit,
                path,
                edition=edition,
                language=language,
                progress=lambda done, total: state.progress(done / total if total else 0.0),
                cancel=lambda: state.cancelled,
            )

        self.export_note.setText(_("正在导出…"))
        return self.context.runner.run_in_background(
            work,
            lambda _result: self.export_note.setText(_("已导出到 {0}").format(path)),
            self._export_failed,
            progress=_("正在导出审核报告…"),
            cancel=True,
            parent=self,
        )

    def _export_failed(self, error: Exception) -> None:
        if type(error).__name__ == "RenderCancelled":
            self.export_note.setText(_("已取消导出。"))
            return
        if isinstance(error, AuditError):
            self.export_note.setText(error.message)
            return
        if isinstance(error, OSError):
            self.export_note.setText(_("文件操作失败：{0}").format(error))
            return
        raise error


STEPS = {"7.4": ReportPage}
