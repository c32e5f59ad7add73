"""RestoreDialog: the open audit's backups (cp_audit.backups), newest first, and bringing one back,
either over the open file (whose present state is backed up first) or as a new file beside it."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cp_audit import backups
from cp_audit.errors import AuditError
from cp_audit.i18n import N_, _
from ui import dialogs

if TYPE_CHECKING:
    from ui.context import AppContext

logger = logging.getLogger(__name__)

REASONS = {
    "open": N_("打开时"),
    "auto": N_("编辑中自动"),
    "manual": N_("手动"),
    "before-restore": N_("恢复前"),
    "before-import": N_("导入前"),
}


#: What the contents column counts (cp_audit.backups.KEY_TABLES), so a user can tell backups apart.
COUNTED = {
    "option": N_("方案 {0}"),
    "stream": N_("物流 {0}"),
    "node": N_("单元操作 {0}"),
    "inventory_item": N_("清单项目 {0}"),
    "attachment": N_("附件 {0}"),
}


def contents_text(backup: Path) -> str:
    try:
        counts = backups.table_counts(backup)
    except sqlite3.Error:  # an unreadable backup still lists; restoring it says what is wrong
        logger.warning("cannot count the rows of %s", backup, exc_info=True)
        return _("无法读取")
    return " · ".join(_(text).format(counts[t]) for t, text in COUNTED.items() if counts.get(t) is not None)


def size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(1, round(size / 1024))} KB"


class RestoreDialog(QDialog):
    """A table of backups; 替换当前文件 closes the audit, restores over it and opens it again."""

    def __init__(self, window: QWidget, context: AppContext):
        super().__init__(window)
        self.window_, self.context = window, context
        self.audit_path: Path = context.audit.path
        self.setWindowTitle(_("恢复备份"))
        intro = QLabel(
            _(
                "{0} 的备份，最新的在前。替换当前文件之前，程序会先备份它现在的内容，所以恢复也可以再撤回。"
            ).format(self.audit_path.name)
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("时间"), _("原因"), _("大小"), _("内容")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty_label = QLabel(_("还没有备份。程序在打开文件时和编辑期间每隔几分钟自动备份。"))
        self.empty_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        self.replace_button = QPushButton(_("替换当前文件(&R)"))
        self.copy_button = QPushButton(_("恢复为新文件(&N)…"))
        self.backup_button = QPushButton(_("立即备份(&K)"))
        for button in (self.replace_button, self.copy_button, self.backup_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.replace_button.clicked.connect(self.replace_current)
        self.copy_button.clicked.connect(lambda: self.restore_as_new())
        self.backup_button.clicked.connect(self.back_up_now)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.replace_current())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 24)
        self.reload()

    def reload(self) -> None:
        self.backups = backups.list_backups(self.audit_path)
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            when = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            reason = _(REASONS[backup.reason]) if backup.reason in REASONS else backup.reason
            texts = (when, reason, size_text(backup.size), contents_text(backup.path))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(backup.name)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.empty_label.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        audit = self.context.audit
        self.replace_button.setEnabled(chosen and audit is not None and not audit.read_only)
        self.copy_button.setEnabled(chosen)
        self.backup_button.setEnabled(audit is not None and not audit.read_only)

    # ---- actions -------------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        try:
            backups.backup_now(self.context.audit, "manual")
        except AuditError as error:
            dialogs.show_audit_error(self, error)
        self.reload()

    def replace_current(self) -> bool:
        """Close the audit, put the backup in its place and open it again (the undo history ends)."""
        backup = self.selected()
        if backup is None or not self.replace_button.isEnabled():
            return False
        when = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        question = _("用 {0} 的备份替换 {1} 吗？\n\n当前内容会先另存为一个备份；撤销记录会清空。").format(
            when, self.audit_path.name
        )
        if not dialogs.confirm(self, question):
            return False
        self.context.close()
        try:
            restored = backups.restore(self.audit_path, backup.path)
        except AuditError as error:
            dialogs.show_audit_error(self, error)
            restored = None
        self.window_.open_path(self.audit_path)
        if restored is not None:
            self.window_.statusBar().showMessage(_("已恢复 {0} 的备份").format(when), 15000)
            self.accept()
        return restored is not None

    def restore_as_new(self, target: Path | None = None) -> Path | None:
        backup = self.selected()
        if backup is None:
            return None
        stem = f"{self.audit_path.stem}-{backup.taken_at.astimezone():%Y%m%d-%H%M%S}"
        target = target or dialogs.choose_save_file(
            self, _("恢复为新文件"), self.audit_path.with_name(stem + ".cpaudit")
        )
        if target is None:
            return None
        try:
            backups.restore(self.audit_path, backup.path, to=target)
        except AuditError as error:
            dialogs.show_audit_error(self, error)
            return None
        if dialogs.confirm(self, _("已恢复为 {0}。现在打开它吗？").format(target.name)):
            self.accept()
            self.window_.open_path(target)
        return target
