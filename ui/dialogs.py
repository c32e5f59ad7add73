"""Small modal dialogs as plain functions, so tests can monkeypatch them: errors, questions, file choice,
and the dialog for an unexpected exception (ui.exception_dialog).

The Qt classes are looked up when a dialog is shown: the window imports this module before its first paint,
and PySide makes a class's Python type, with all its enums, when it is first named (4 ms for these)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets

from cp_audit.errors import AuditError
from cp_audit.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

AUDIT_FILTER = "audit"
JSON_FILTER = "json"
PDF_FILTER = "pdf"
EXCEL_FILTER = "xlsx"
ANY_FILTER = "any"
SUFFIXES = {AUDIT_FILTER: ".cpaudit", JSON_FILTER: ".json", PDF_FILTER: ".pdf", EXCEL_FILTER: ".xlsx"}


def _filters() -> dict[str, str]:
    return {
        AUDIT_FILTER: _("清洁生产审核文件 (*.cpaudit)"),
        JSON_FILTER: _("JSON 文件 (*.json)"),
        PDF_FILTER: _("PDF 文件 (*.pdf)"),
        EXCEL_FILTER: _("Excel 工作簿 (*.xlsx)"),
        ANY_FILTER: _("所有文件 (*)"),
    }


def show_error(parent: QWidget | None, message: str, detail: str | None = None) -> None:
    QMessageBox = QtWidgets.QMessageBox
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("CP Audit Workbench 清洁生产审核工作台"),
        message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    if detail:
        box.setDetailedText(detail)
    box.exec()


def show_audit_error(parent: QWidget | None, error: AuditError) -> None:
    """A user-facing error: its message, never a traceback."""
    show_error(parent, error.message, error.detail)


def show_info(parent: QWidget | None, message: str) -> None:
    QtWidgets.QMessageBox.information(parent, _("CP Audit Workbench 清洁生产审核工作台"), message)


def confirm(parent: QWidget | None, question: str) -> bool:
    QMessageBox = QtWidgets.QMessageBox
    answer = QMessageBox.question(
        parent,
        _("CP Audit Workbench 清洁生产审核工作台"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_open_file(
    parent: QWidget | None, title: str, folder: Path, kind: str = AUDIT_FILTER
) -> Path | None:
    name, _selected = QtWidgets.QFileDialog.getOpenFileName(parent, title, str(folder), _filters()[kind])
    return Path(name) if name else None


def choose_open_files(parent: QWidget | None, title: str, folder: Path) -> list[Path]:
    names, _selected = QtWidgets.QFileDialog.getOpenFileNames(
        parent, title, str(folder), _filters()[ANY_FILTER]
    )
    return [Path(n) for n in names]


def choose_save_file(
    parent: QWidget | None, title: str, suggested: Path, kind: str = AUDIT_FILTER
) -> Path | None:
    name, _selected = QtWidgets.QFileDialog.getSaveFileName(parent, title, str(suggested), _filters()[kind])
    if not name:
        return None
    path = Path(name)
    suffix = SUFFIXES.get(kind)
    return path.with_name(path.name + suffix) if suffix and path.suffix != suffix else path


def open_externally(path: Path) -> bool:
    """Open a file with the program the system uses for its type."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_exception(parent: QWidget | None, summary: str, details: str) -> None:
    from ui.exception_dialog import ExceptionDialog

    ExceptionDialog(summary, details, parent).exec()
