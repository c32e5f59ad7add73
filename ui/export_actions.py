"""The deliverables of the File menu: the audit report (PDF), the worksheets and the bulk-entry template
(Excel), importing a filled template, and bringing back a backup. Each long job runs on the task runner
with a progress dialog whose Cancel stops it; the domain functions write through a temporary file, so
a cancelled or failed export leaves nothing under the chosen name."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QPushButton

from cp_audit.i18n import _, current_language
from ui import dialogs
from ui.icons import Icon, icon
from ui.tasks import TaskState

if TYPE_CHECKING:  # the dialogs load when first opened, not on the way to the first window
    from ui.context import AppContext
    from ui.export_dialog import ExportDialog, ExportRequest

logger = logging.getLogger(__name__)

OPEN_OFFER_MS = 120_000  # how long the status bar offers to open the file just written


def progress_of(state: TaskState) -> Callable[[int, int], None]:
    """The domain's progress(done, total) as the task's fraction (which also stops a cancelled task)."""
    return lambda done, total: state.progress(done / total if total else 0.0)


class DeliverableActions(QObject):
    """The File menu's export, import and restore actions of one main window (rebuilt with it after a
    language switch). Dialogs are created by small methods so tests can drive them."""

    def __init__(self, window: QMainWindow, context: AppContext):
        super().__init__(window)
        self.window, self.context = window, context
        self.report_action = self._action(
            Icon.export, _("导出审核报告 (PDF)(&R)…"), self.export_report, "Ctrl+Shift+R"
        )
        self.worksheets_action = self._action(
            Icon.export, _("导出工作表 (Excel)(&W)…"), self.export_worksheets, "Ctrl+Shift+E"
        )
        self.template_action = self._action(None, _("生成数据录入模板 (Excel)(&T)…"), self.write_template)
        self.import_action = self._action(Icon.open, _("从模板导入 (Excel)(&I)…"), self.import_template)
        self.json_import_action = self._action(None, _("从 JSON 新建(&J)…"), self.import_json)
        self.restore_action = self._action(None, _("恢复备份(&B)…"), self.restore_backup)
        self.open_button = QPushButton()
        self.open_button.setFlat(True)
        self.open_button.hide()
        self.open_button.clicked.connect(self._open_last)
        window.statusBar().addPermanentWidget(self.open_button)
        self._open_timer = QTimer(self, singleShot=True, interval=OPEN_OFFER_MS)
        self._open_timer.timeout.connect(self.open_button.hide)
        self.last_written: Path | None = None
        self.update_enabled()

    def _action(self, name: Icon | None, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if name is not None:
            action.setIcon(icon(name))
        if shortcut:
            # setShortcut's overloads include Qt.Key: PySide would create the `Qt` namespace (20 ms) to try it
            action.setShortcuts([QKeySequence(shortcut)])
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def add_to(self, menu: QMenu, json_export: QAction) -> None:
        """Deliverables, then Excel entry, then JSON, then backups, each group between separators."""
        groups = (
            (self.report_action, self.worksheets_action),
            (self.template_action, self.import_action),
            (json_export, self.json_import_action),
            (self.restore_action,),
        )
        for number, group in enumerate(groups):
            if number:
                menu.addSeparator()
            for action in group:
                menu.addAction(action)

    def update_enabled(self) -> None:
        audit = self.context.audit
        for action in (self.report_action, self.worksheets_action, self.restore_action):
            action.setEnabled(audit is not None)
        self.import_action.setEnabled(audit is not None and not audit.read_only)

    def retire(self) -> None:
        """The window is rebuilt (another language): take the status-bar button away."""
        self.window.statusBar().removeWidget(self.open_button)
        self.open_button.deleteLater()
        self.deleteLater()

    # ---- the report ----------------------------------------------------------------------------------

    def report_dialog(self) -> ExportDialog:
        return self._dialog(_("导出审核报告"), _("审核报告"), dialogs.PDF_FILTER, editions=True)

    def export_report(self, request: ExportRequest | None = None) -> TaskState | None:
        audit = self.context.audit
        if audit is None:
            return None
        request = request or self._ask(self.report_dialog())
        if request is None:
            return None
        from cp_audit.reports.build import write_report

        def work(state: TaskState):
            return write_report(
                audit,
                request.path,
                edition=request.edition,
                language=request.language,
                progress=progress_of(state),
                cancel=lambda: state.cancelled,
            )

        return self._run(work, request.path, _("正在生成审核报告…"), _("审核报告已导出到 {0}"))

    # ---- Excel ---------------------------------------------------------------------------------------

    def worksheets_dialog(self) -> ExportDialog:
        return self._dialog(_("导出工作表"), _("审核工作表"), dialogs.EXCEL_FILTER)

    def export_worksheets(self, request: ExportRequest | None = None) -> TaskState | None:
        audit = self.context.audit
        if audit is None:
            return None
        request = request or self._ask(self.worksheets_dialog())
        if request is None:
            return None
        from cp_audit.excel.worksheets import export_worksheets

        def work(state: TaskState):
            return export_worksheets(
                audit,
                None,
                request.path,
                language=request.language,
                progress=progress_of(state),
                cancel=lambda: state.cancelled,
            )

        return self._run(work, request.path, _("正在导出工作表…"), _("工作表已导出到 {0}"))

    def template_dialog(self) -> ExportDialog:
        prefill = True if self.context.audit is not None else None
        return self._dialog(
            _("生成数据录入模板"),
            _("数据录入模板"),
            dialogs.EXCEL_FILTER,
            prefill=prefill,
            accept_text=_("生成"),
        )

    def write_template(self, request: ExportRequest | None = None) -> TaskState | None:
        request = request or self._ask(self.template_dialog())
        if request is None:
            return None
        from cp_audit.excel.template import write_template

        audit = self.context.audit if request.prefill else None

        def work(state: TaskState):
            state.progress(0.0)
            return write_template(request.path, audit, language=request.language)

        return self._run(work, request.path, _("正在生成模板…"), _("模板已保存到 {0}"))

    def import_template(self, path: Path | None = None) -> TaskState | None:
        from ui.import_flow import TemplateImport

        return TemplateImport(self.window, self.context).start(path)

    # ---- JSON --------------------------------------------------------------------------------------------

    def import_json(self, source: Path | None = None, target: Path | None = None) -> TaskState | None:
        """Create a new audit file from a JSON document (all or nothing) and open it."""
        folder = self.context.settings.last_folder
        source = source or dialogs.choose_open_file(
            self.window, _("从 JSON 新建"), folder, dialogs.JSON_FILTER
        )
        if source is None:
            return None
        target = target or dialogs.choose_save_file(
            self.window, _("新审核文件"), source.with_suffix(".cpaudit"), dialogs.AUDIT_FILTER
        )
        if target is None:
            return None
        if target.exists():  # import_document refuses too; say it before any work
            dialogs.show_error(self.window, _("{0} 已存在；请换一个文件名。").format(target))
            return None
        self.context.settings.last_folder = target.parent
        from cp_audit.interchange import DocumentError, import_json

        def failed(error: Exception) -> None:
            if isinstance(error, DocumentError):
                from ui.problems_dialog import show_problems

                show_problems(
                    self.window, error.message.splitlines()[0], [(p,) for p in error.problems], [_("问题")]
                )
            else:
                self._failed(error)

        return self.context.runner.run_in_background(
            lambda state: import_json(source, target),
            lambda _result: self.window.open_path(target),
            failed,
            progress=_("正在导入…"),
            parent=self.window,
        )

    # ---- backups -------------------------------------------------------------------------------------

    def restore_backup(self) -> None:
        from ui.backup_dialog import RestoreDialog

        if self.context.audit is not None:
            RestoreDialog(self.window, self.context).exec()

    # ---- running and telling -------------------------------------------------------------------------

    def _dialog(self, title: str, name: str, kind: str, **options: Any) -> ExportDialog:
        audit = self.context.audit
        folder = audit.path.parent if audit is not None else self.context.settings.last_folder
        stem = f"{audit.path.stem}-{name}" if audit is not None else name
        language = current_language()  # the window's: a report in another language is a choice
        from ui.export_dialog import ExportDialog

        return ExportDialog(title, folder, stem, kind, language=language, parent=self.window, **options)

    def _ask(self, dialog: ExportDialog) -> ExportRequest | None:
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            request = dialog.request()
        finally:
            dialog.deleteLater()
        self.context.settings.last_folder = request.path.parent
        return request

    def _run(self, work: Callable[[TaskState], Any], path: Path, label: str, success: str) -> TaskState:
        bar = self.window.statusBar()
        self.open_button.hide()

        def done(_result) -> None:
            bar.showMessage(success.format(path), OPEN_OFFER_MS)
            self._offer_open(path)

        def cancelled() -> None:
            bar.showMessage(_("已取消；没有写入任何文件。"), 10000)

        return self.context.runner.run_in_background(
            work,
            done,
            self._failed,
            progress=label,
            cancel=True,
            parent=self.window,
            on_cancelled=cancelled,
        )

    def _failed(self, error: Exception) -> None:
        from cp_audit.errors import AuditError

        if isinstance(error, AuditError):
            dialogs.show_audit_error(self.window, error)
        elif isinstance(error, OSError):
            dialogs.show_error(self.window, _("文件操作失败：{0}").format(error))
        else:
            raise error  # unexpected: the exception hook logs it and shows it once

    def _offer_open(self, path: Path) -> None:
        self.last_written = path
        self.open_button.setText(_("打开 {0}").format(path.name))
        self.open_button.setToolTip(str(path))
        self.open_button.show()
        self._open_timer.start()

    def _open_last(self) -> None:
        if self.last_written is not None and not dialogs.open_externally(self.last_written):
            dialogs.show_error(
                self.window, _("无法打开 {0}：系统没有能打开这种文件的程序。").format(self.last_written)
            )
        self.open_button.hide()
