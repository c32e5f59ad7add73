"""Importing a filled bulk-entry template from the File menu: the workbook is checked in the background
(progress, Cancel); any problem is listed (sheet, row, column, reason) and nothing changes; a good
import is confirmed, a backup is taken, and the changes are written as ONE undo step."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from cp_audit.errors import AuditError
from cp_audit.i18n import _
from ui import dialogs
from ui.problems_dialog import show_problems
from ui.undo import ServiceCommand

if TYPE_CHECKING:
    from cp_audit.database import AuditFile
    from cp_audit.excel.import_undo import AppliedImport
    from cp_audit.excel.template_import import Change
    from ui.context import AppContext
    from ui.tasks import TaskState

logger = logging.getLogger(__name__)


class ImportTemplateCommand(ServiceCommand):
    """The whole import as one undo step; redo writes the new rows again with the same ids."""

    def __init__(self, audit: AuditFile, changes: list[Change], text: str):
        super().__init__(audit, text)
        self.changes = changes
        self.applied: AppliedImport | None = None

    def _touching(self, action) -> None:
        action()  # many tables change: no row hints, so every view reloads what it shows

    def do(self) -> None:
        from cp_audit.excel import import_undo

        if self.applied is None:
            self.applied = import_undo.apply_changes(self.audit, self.changes)
        else:
            import_undo.reapply_import(self.audit, self.applied)

    def revert(self) -> None:
        from cp_audit.excel import import_undo

        import_undo.revert_import(self.audit, self.applied)


def problem_rows(problems) -> list[tuple[str, str, str, str]]:
    """CellProblems as the rows of the problems dialog: sheet, row, column (letter and header), reason."""
    rows = []
    for problem in problems:
        column = problem.column or ""
        if column and problem.header:
            column = _("{0}（{1}）").format(column, problem.header)
        rows.append((problem.sheet, "" if problem.row is None else str(problem.row), column, problem.reason))
    return rows


class TemplateImport:
    """One import of a filled template into the open audit."""

    def __init__(self, window: QMainWindow, context: AppContext):
        self.window, self.context = window, context

    def start(self, path: Path | None = None) -> TaskState | None:
        audit = self.context.audit
        if audit is None or audit.read_only:
            return None
        folder = self.context.settings.last_folder
        path = path or dialogs.choose_open_file(self.window, _("从模板导入"), folder, dialogs.EXCEL_FILTER)
        if path is None:
            return None
        self.context.settings.last_folder = path.parent
        from cp_audit import backups
        from cp_audit.excel.template_import import check_template
        from ui.export_actions import progress_of

        def check(state: TaskState):
            changes = check_template(audit, path, progress_of(state), lambda: state.cancelled)
            if not changes:
                return changes, None
            try:  # undo takes the import back; the backup is for the day undo is no longer there
                backup = backups.backup_now(audit, "before-import")
            except AuditError as error:
                logger.warning("no backup before importing %s: %s", path, error.message)
                backup = None
            return changes, backup

        return self.context.runner.run_in_background(
            check,
            lambda result: self._checked(audit, path, *result),
            self._failed,
            progress=_("正在检查模板…"),
            cancel=True,
            parent=self.window,
            on_cancelled=lambda: self.window.statusBar().showMessage(_("已取消导入；审核没有改动。"), 10000),
        )

    def _checked(self, audit: AuditFile, path: Path, changes: list[Change], backup: Path | None) -> None:
        from cp_audit.excel.import_undo import summarize

        if audit is not self.context.audit:  # the audit was closed meanwhile
            return
        if not changes:
            dialogs.show_info(
                self.window, _("{0} 与审核中的数据相同，没有需要导入的改动。").format(path.name)
            )
            return
        summary = str(summarize(changes))
        if not dialogs.confirm(
            self.window, _("{0} 检查无误，将写入：\n{1}\n\n现在导入吗？").format(path.name, summary)
        ):
            return
        command = ImportTemplateCommand(audit, changes, _("从模板导入 {0}").format(path.name))
        try:
            self.context.execute(command)
        except AuditError as error:
            dialogs.show_audit_error(self.window, error)
            return
        note = _("已导入 {0}（{1}）。可用“撤销”整体撤回。").format(path.name, summary)
        if backup is not None:
            note += " " + _("导入前的备份：{0}").format(backup.name)
        self.window.statusBar().showMessage(note, 30000)

    def _failed(self, error: Exception) -> None:
        from cp_audit.excel.template_read import TemplateImportError

        if isinstance(error, TemplateImportError):
            heading = error.message.splitlines()[0]
            headers = [_("工作表"), _("行"), _("列"), _("原因")]
            show_problems(self.window, heading, problem_rows(error.problems), headers)
        elif isinstance(error, AuditError):
            dialogs.show_audit_error(self.window, error)
        elif isinstance(error, OSError):
            dialogs.show_error(self.window, _("文件操作失败：{0}").format(error))
        else:
            raise error
