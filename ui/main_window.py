"""MainWindow: menus (文件, 编辑, 视图), the start page or the open audit's workspace, and the status bar
(saved time, file path, read-only). It owns no business rules: files are opened, created and exported
through cp_audit, edits go through the undo stack."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QWidget,
)

from cp_audit.errors import AuditError
from cp_audit.i18n import LANGUAGES, _, current_language
from cp_audit.resources import user_home
from ui import dialogs
from ui.export_actions import DeliverableActions
from ui.icons import Icon, icon
from ui.start_page import StartPage
from ui.translation import QtTranslations, switch_language

if TYPE_CHECKING:  # the domain and the workspace load with the first audit: the window shows sooner
    from ui.table_editor import TableEditor
    from ui.workspace import Workspace

logger = logging.getLogger(__name__)


def sample_target() -> Path:
    """Where a fresh copy of the sample goes when no name was chosen (--sample)."""
    folder = user_home() / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"lanfai-2026-{datetime.now():%Y%m%d-%H%M%S}.cpaudit"


class MainWindow(QMainWindow):
    def __init__(self, context, translations: QtTranslations | None = None):
        super().__init__()
        self.context = context
        self.translations = translations
        self.workspace: Workspace | None = None
        self.setWindowIcon(icon(Icon.app))
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self._build_status_bar()
        self._build_ui()
        context.audit_opened.connect(self._on_audit_opened)
        context.audit_closed.connect(self._on_audit_closed)
        context.data_changed.connect(self._on_saved)
        context.undo_stack.command_failed.connect(self._on_command_failed)
        context.undo_stack.indexChanged.connect(self._update_undo_actions)
        context.backup_note.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._restore_geometry()

    # ---- building (again after a language switch) --------------------------------------------

    def _build_ui(self) -> None:
        self.menuBar().clear()
        if getattr(self, "deliverables", None) is not None:
            self.deliverables.retire()
        self._build_actions()
        self._build_menus()
        self._build_start_page()
        self._update_title()
        self._update_status()

    def _action(self, name: Icon | None, text: str, slot, shortcut=None) -> QAction:
        action = QAction(icon(name) if name else QIcon(), text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_action = self._action(Icon.new, _("新建(&N)…"), self.new_audit, key.New)
        self.sample_action = self._action(Icon.sample, _("从样例新建…"), self.new_from_sample)
        self.open_action = self._action(Icon.open, _("打开(&O)…"), self.open_dialog, key.Open)
        self.export_action = self._action(Icon.export, _("导出 JSON…"), self.export_json)
        self.close_action = self._action(Icon.close, _("关闭(&C)"), self.close_audit, key.Close)
        self.quit_action = self._action(None, _("退出(&X)"), self.close, key.Quit)
        self.undo_action = self._action(Icon.undo, _("撤销"), self.context.undo, key.Undo)
        self.redo_action = self._action(
            Icon.redo, _("重做"), self.context.redo, [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        )
        self._update_undo_actions()
        self.copy_action = self._action(Icon.copy, _("复制(&C)"), self.copy, key.Copy)
        self.paste_action = self._action(Icon.paste, _("粘贴(&P)"), self.paste, key.Paste)
        self.deliverables = DeliverableActions(self, self.context)  # report, Excel, JSON import, backups

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("文件(&F)"))
        for action in (self.new_action, self.sample_action, self.open_action):
            self.file_menu.addAction(action)
        self.recent_menu = self.file_menu.addMenu(_("最近打开"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.deliverables.add_to(self.file_menu, json_export=self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.close_action)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu(_("编辑(&E)"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.copy_action)
        self.edit_menu.addAction(self.paste_action)
        self.view_menu = bar.addMenu(_("视图(&V)"))
        self.language_menu = self.view_menu.addMenu(_("语言"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            group.addAction(action)
            self.language_actions[code] = action
        self.edit_menu.addSeparator()
        self.coefficients_action = self.edit_menu.addAction(_("系数集(&K)…"), self._show_coefficients)

    def _show_coefficients(self) -> None:
        from ui.coefficients import show_coefficient_dialog  # the domain loads with the first audit

        show_coefficient_dialog(self, self.context)

    def _update_undo_actions(self, *_args) -> None:
        """The undo and redo items name what they would undo or redo."""
        stack = self.context.undo_stack
        for action, word, text, possible in (
            (self.undo_action, _("撤销"), stack.undoText(), stack.canUndo()),
            (self.redo_action, _("重做"), stack.redoText(), stack.canRedo()),
        ):
            action.setText(f"{word} {text}" if text else word)
            action.setEnabled(possible)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.context.settings.recent_files:
            action = self.recent_menu.addAction(str(path))
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _checked=False, path=path: self.open_path(path))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(_("（无）")).setEnabled(False)

    def _build_start_page(self) -> None:
        old = getattr(self, "start_page", None)
        self.start_page = StartPage(self.stack)
        self.start_page.new_requested.connect(self.new_audit)
        self.start_page.sample_requested.connect(self.new_from_sample)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.recent_chosen.connect(self.open_path)
        self.start_page.show_recent(self.context.settings.recent_files)
        self.stack.insertWidget(0, self.start_page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        if self.context.audit is None:
            self.stack.setCurrentWidget(self.start_page)

    def _build_status_bar(self) -> None:
        self.saved_label = QLabel()
        self.path_label = QLabel()
        self.read_only_label = QLabel()
        self.read_only_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        bar = self.statusBar()
        bar.addWidget(self.saved_label)
        bar.addWidget(self.path_label, 1)
        bar.addPermanentWidget(self.read_only_label)
        bar.messageChanged.connect(self._on_status_message)

    def _on_status_message(self, text: str) -> None:
        # QStatusBar hides its normal widgets under a message only implicitly, and shows them again
        # whenever it rebuilds its layout (a permanent widget shown or hidden): text over text. Hiding
        # them explicitly holds.
        for label in (self.saved_label, self.path_label):
            label.setVisible(not text)

    # ---- the open audit ------------------------------------------------------------------------

    def _on_audit_opened(self, audit) -> None:
        self._show_workspace(None)
        self._update_title()
        self._update_status()
        self.saved_label.setText("")

    def _show_workspace(self, step: str | None) -> None:
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
        from ui.workspace import Workspace

        self.workspace = Workspace(self.context, self.stack)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.show_step(step or "1.1")

    def _on_audit_closed(self) -> None:
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.start_page.show_recent(self.context.settings.recent_files)
        self.stack.setCurrentWidget(self.start_page)
        self._update_title()
        self._update_status()

    def _on_saved(self, _tables: set[str]) -> None:
        self.saved_label.setText(_("已保存 {0}").format(time.strftime("%H:%M:%S")))

    def _on_command_failed(self, message: str) -> None:
        dialogs.show_error(self, message)

    def _update_title(self) -> None:
        name = _("清洁生产审核工作台")
        audit = self.context.audit
        self.setWindowTitle(f"{audit.path.name} — {name}" if audit else name)

    def _update_status(self) -> None:
        audit = self.context.audit
        self.path_label.setText(str(audit.path) if audit else "")
        self.read_only_label.setText(_("只读") if audit and audit.read_only else "")
        for action in (self.export_action, self.close_action):
            action.setEnabled(audit is not None)
        self.deliverables.update_enabled()

    # ---- file actions ----------------------------------------------------------------------------

    def new_audit(self, path: Path | None = None) -> bool:
        path = path or dialogs.choose_save_file(
            self, _("新建审核"), self.context.settings.last_folder / _("新审核.cpaudit")
        )
        if path is None:
            return False
        from cp_audit.database import create_audit

        try:
            audit = create_audit(path)
        except AuditError as error:
            dialogs.show_audit_error(self, error)
            return False
        self.context.settings.last_folder = path.parent
        self.context.open(audit)
        return True

    def new_from_sample(self, path: Path | None = None) -> None:
        """Copy the sample audit into a new file (in the background) and open it."""
        if path is None:
            suggested = self.context.settings.last_folder / _("样例审核.cpaudit")
            path = dialogs.choose_save_file(self, _("从样例新建"), suggested)
            if path is None:
                return
            self.context.settings.last_folder = path.parent
        if path.exists():
            dialogs.show_error(self, _("{0} 已存在；请换一个文件名。").format(path))
            return
        from cp_audit.sample import create_sample

        self.context.runner.run_in_background(
            lambda state: create_sample(path),
            self.open_path,
            self._task_failed,
            progress=_("正在创建样例审核…"),
            parent=self,
        )

    def open_dialog(self) -> None:
        path = dialogs.choose_open_file(self, _("打开审核"), self.context.settings.last_folder)
        if path is not None:
            self.context.settings.last_folder = path.parent
            self.open_path(path)

    def open_path(self, path: Path, read_only: bool | None = None) -> bool:
        """Open an audit file; a file we may not write is offered read-only."""
        path = Path(path)
        if not path.exists():
            dialogs.show_error(self, _("找不到文件：{0}。它可能已被移动或删除。").format(path))
            self.context.settings.forget_recent(path)
            self.start_page.show_recent(self.context.settings.recent_files)
            return False
        if read_only is None:
            read_only = not os.access(path, os.W_OK)
            if read_only and not dialogs.confirm(
                self, _("{0} 是只读文件。以只读方式打开吗？").format(path.name)
            ):
                return False
        from cp_audit.database import open_audit
        from cp_audit.locking import AuditLockedError

        try:
            audit = open_audit(path, read_only=read_only)
        except AuditLockedError as error:  # open for editing elsewhere: reading is still possible
            if not dialogs.confirm(self, error.message + "\n\n" + _("以只读方式打开吗？")):
                return False
            return self.open_path(path, read_only=True)
        except AuditError as error:
            dialogs.show_audit_error(self, error)
            return False
        self.context.open(audit)
        return True

    def export_json(self, path: Path | None = None) -> None:
        audit = self.context.audit
        if audit is None:
            return
        path = path or dialogs.choose_save_file(
            self,
            _("导出 JSON"),
            self.context.settings.last_folder / f"{audit.path.stem}.json",
            dialogs.JSON_FILTER,
        )
        if path is None:
            return
        done = lambda _result: self.statusBar().showMessage(_("已导出到 {0}").format(path), 10000)
        from cp_audit.interchange import write_json

        self.context.runner.run_in_background(
            lambda state: write_json(audit, path),
            done,
            self._task_failed,
            progress=_("正在导出…"),
            parent=self,
        )

    def _task_failed(self, error: Exception) -> None:
        if isinstance(error, AuditError):
            dialogs.show_audit_error(self, error)
        elif isinstance(error, OSError):
            dialogs.show_error(self, _("文件操作失败：{0}").format(error))
        else:
            raise error  # unexpected: the exception hook logs it and shows it once

    def close_audit(self) -> None:
        self.context.close()

    # ---- edit actions ------------------------------------------------------------------------------

    def _focused_table(self) -> TableEditor | None:
        from ui.table_editor import TableEditor

        widget: QWidget | None = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, TableEditor):
            widget = widget.parentWidget()
        return widget

    def copy(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, (QLineEdit, QPlainTextEdit)):
            focus.copy()
        elif (table := self._focused_table()) is not None:
            table.copy()

    def paste(self) -> None:
        focus = QApplication.focusWidget()
        if isinstance(focus, (QLineEdit, QPlainTextEdit)):
            focus.paste()
        elif (table := self._focused_table()) is not None:
            table.paste()

    # ---- language ----------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch the interface language now: everything is rebuilt in it, the step stays the same."""
        self.context.settings.language = language
        switch_language(language, self.translations)
        step = self.workspace.current_step() if self.workspace is not None else None
        self.statusBar().clearMessage()  # a passing note (a backup, an export) was worded in the old language
        self._build_ui()
        if self.context.audit is not None:
            self._show_workspace(step)

    # ---- window state ------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.context.settings.geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(screen.width(), 1366) * 9 // 10, min(screen.height(), 768) * 9 // 10)

    def closeEvent(self, event) -> None:
        self.context.settings.geometry = self.saveGeometry()
        self.context.close()
        super().closeEvent(event)
