"""The main window: start page, new/open/sample/export/close, status bar, undo shortcuts, read-only
files, the language switch, and the exception hook."""

from __future__ import annotations

import json
import re
import sys

from PySide6.QtCore import QLocale
from PySide6.QtGui import QGuiApplication, QKeySequence

from cp_audit import i18n, services
from cp_audit.database import open_audit
from cp_audit.errors import AuditError
from cp_audit.models import TeamMember
from tests.ui.conftest import make_context
from ui import dialogs
from ui.app import build_workbench
from ui.excepthook import ExceptionReporter
from ui.exception_dialog import ExceptionDialog
from ui.pages.team import TeamPage


def workbench(qtbot, tmp_path, **kwargs):
    window = build_workbench(context=make_context(tmp_path), **kwargs)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    return window


def test_the_start_page_comes_first_with_recent_files(qtbot, tmp_path):
    context = make_context(tmp_path)
    missing = tmp_path / "gone.cpaudit"
    context.settings.add_recent(missing)
    window = build_workbench(context=context)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.start_page
    item = window.start_page.recent.item(0)
    assert str(missing) in item.text() and "找不到文件" in item.text()
    assert not window.export_action.isEnabled()


def test_a_click_anywhere_on_a_start_button_presses_it(qtbot, tmp_path):
    """The big buttons hold a picture and two labels: a click on any of them is the button's."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from ui.start_page import StartPage

    page = StartPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    labels = page.sample_button.findChildren(QLabel)
    assert len(labels) == 3
    for label in labels:
        with qtbot.waitSignal(page.sample_requested, timeout=1000):
            qtbot.mouseClick(label, Qt.MouseButton.LeftButton)


def test_with_no_recent_files_the_start_page_says_so_and_offers_nothing(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from ui.start_page import StartPage

    page = StartPage()
    qtbot.addWidget(page)
    page.show_recent([])
    chosen = []
    page.recent_chosen.connect(chosen.append)
    note = page.recent.item(0)
    assert page.recent.count() == 1 and note.text() == "还没有打开过审核文件。"
    page.show()
    qtbot.mouseClick(page.recent.viewport(), Qt.MouseButton.LeftButton, pos=page.recent.visualItemRect(note).center())
    page.recent.itemActivated.emit(note)
    assert page.recent.selectedItems() == [] and chosen == []
    path = tmp_path / "a.cpaudit"
    page.show_recent([path])
    page.recent.itemActivated.emit(page.recent.item(0))
    assert chosen == [path]
    page.recent.setCurrentRow(0)
    assert page.recent.selectedItems() == [page.recent.item(0)]


def test_new_audit_opens_the_workspace_and_saves_every_edit(qtbot, tmp_path, monkeypatch):
    window = workbench(qtbot, tmp_path)
    target = tmp_path / "新审核.cpaudit"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args, **kwargs: target)
    window.new_action.trigger()
    assert window.workspace is not None and window.workspace.current_step() == "1.1"
    assert window.path_label.text() == str(target)
    assert window.windowTitle().startswith("新审核.cpaudit")
    page = window.workspace.show_step("1.2")
    assert isinstance(page, TeamPage)
    page.leading.add_row({"name": "李永明"})
    assert re.fullmatch(r"已保存 \d\d:\d\d:\d\d", window.saved_label.text())
    assert window.undo_action.text() == "撤销 添加行"
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    window.undo_action.trigger()
    assert services.rows(window.context.audit, TeamMember) == []
    window.redo_action.trigger()
    assert [m.name for m in services.rows(window.context.audit, TeamMember)] == ["李永明"]
    item = window.workspace.navigator.step_items["1.2"]
    qtbot.waitUntil(lambda: "领导小组成员" not in item.toolTip(0))
    assert "至少一名工作小组成员" in item.toolTip(0)


def test_navigator_marks_steps_and_lists_what_is_missing(qtbot, tmp_path, monkeypatch):
    window = workbench(qtbot, tmp_path)
    window.new_audit(tmp_path / "a.cpaudit")
    item = window.workspace.navigator.step_items["1.2"]
    assert "至少一名领导小组成员" in item.toolTip(0)
    services.add(window.context.audit, TeamMember, {"name": "李", "group": "leading"})
    services.add(window.context.audit, TeamMember, {"name": "梁", "group": "working"})
    qtbot.waitUntil(lambda: item.toolTip(0) == "1.2  组建审核小组\n本步骤的资料已齐全。")


def test_sample_export_close_and_reopen(qtbot, tmp_path):
    window = workbench(qtbot, tmp_path)
    path = tmp_path / "sample.cpaudit"
    window.new_from_sample(path)
    assert window.context.audit.path == path
    assert window.workspace.deadlines.isVisibleTo(window.workspace)
    out = tmp_path / "out.json"
    window.export_json(out)
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]["team_member"]
    window.close_action.trigger()
    assert window.context.audit is None and window.stack.currentWidget() is window.start_page
    assert str(path) in window.start_page.recent.item(0).text()
    window.start_page.recent_chosen.emit(path)
    assert window.context.audit is not None


def test_a_broken_file_shows_its_message(qtbot, tmp_path, monkeypatch):
    window = workbench(qtbot, tmp_path)
    broken = tmp_path / "broken.cpaudit"
    broken.write_text("not an audit")
    shown = []
    monkeypatch.setattr(dialogs, "show_audit_error", lambda parent, error: shown.append(error.message))
    assert not window.open_path(broken)
    assert "不是清洁生产审核工作台的文件" in shown[0]
    assert window.context.audit is None


def test_read_only_file_cannot_be_edited(qtbot, sample_path, tmp_path):
    window = workbench(qtbot, tmp_path)
    assert window.open_path(sample_path, read_only=True)
    assert window.read_only_label.text() == "只读"
    page = window.workspace.show_step("1.2")
    assert not page.leading.add_button.isEnabled()
    model = page.leading.model
    assert not model.flags(model.index(0, 0)) & model.flags(model.index(0, 0)).ItemIsEditable


def test_language_switch_rebuilds_the_window_and_back(qtbot, tmp_path, monkeypatch):
    # a small catalogue stands in for resources/translations/en.po, so the switch is visible
    monkeypatch.setitem(
        i18n._catalogues,
        "en",
        {
            "文件(&F)": "&File",
            "组建审核小组": "Set up the audit team",
            "筹划和组织": "Planning and organisation",
        },
    )
    window = workbench(qtbot, tmp_path)
    window.new_audit(tmp_path / "a.cpaudit")
    window.workspace.show_step("1.2")
    window.language_actions["en"].trigger()
    assert i18n.current_language() == "en"
    assert QLocale().name() == "en_US"
    assert window.file_menu.title() == "&File"
    assert window.workspace.current_step() == "1.2"
    assert window.workspace.navigator.step_items["1.2"].text(0) == "1.2  Set up the audit team"
    page = window.workspace.pages["1.2"]
    assert "Set up the audit team" in page.findChildren(type(window.path_label))[0].text()
    assert window.context.settings.language == "en"
    window.language_actions["zh_CN"].trigger()
    assert window.file_menu.title() == "文件(&F)"
    assert window.workspace.navigator.step_items["1.2"].text(0) == "1.2  组建审核小组"
    assert window.translations.translator is not None  # Qt's own dialogs in Chinese


def test_unexpected_errors_are_logged_and_shown_once(qtbot, monkeypatch):
    shown, errors = [], []
    monkeypatch.setattr(dialogs, "show_exception", lambda parent, summary, details: shown.append(details))
    monkeypatch.setattr(dialogs, "show_audit_error", lambda parent, error: errors.append(error.message))
    reporter = ExceptionReporter(parent=lambda: None)
    for _attempt in range(2):
        try:
            1 / 0
        except ZeroDivisionError:
            reporter.handle(*sys.exc_info())
    assert len(shown) == 1 and "ZeroDivisionError" in shown[0]
    reporter.handle(AuditError, AuditError("文件已损坏。"), None)
    assert errors == ["文件已损坏。"]


def test_the_exception_dialog_copies_its_details(qtbot):
    dialog = ExceptionDialog("出错了", "Traceback ...")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Traceback ..."
    assert dialog.isVisible()


def test_reopened_sample_keeps_edits(qtbot, tmp_path, sample_path):
    window = workbench(qtbot, tmp_path)
    window.open_path(sample_path)
    page = window.workspace.show_step("1.2")
    page.working.add_row({"name": "新成员"})
    window.close_audit()
    with open_audit(sample_path) as audit:
        assert "新成员" in [m.name for m in services.rows(audit, TeamMember)]


def test_sample_flag_opens_a_fresh_copy_in_the_user_folder(qtbot, tmp_path):
    from cp_audit.resources import user_home

    window = workbench(qtbot, tmp_path, sample=True)
    path = window.context.audit.path
    assert path.parent == user_home() / "samples" and path.suffix == ".cpaudit"
    assert window.workspace.current_step() == "1.1"


def test_a_file_open_elsewhere_is_offered_read_only(qtbot, tmp_path, sample_path, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: asked.append(question) or True)
    holder = open_audit(sample_path)  # another window (or program) has it open for editing
    try:
        window = workbench(qtbot, tmp_path)
        assert window.open_path(sample_path)
        assert window.context.audit.read_only and window.read_only_label.text() == "只读"
        assert "只读方式打开" in asked[0]
        window.close_audit()
    finally:
        holder.close()


def test_opening_for_editing_makes_a_backup(qtbot, tmp_path, sample_path):
    from cp_audit.backups import list_backups

    window = workbench(qtbot, tmp_path)
    notes = []
    window.context.backup_note.connect(notes.append)
    window.open_path(sample_path)
    assert [b.reason for b in list_backups(sample_path)] == ["open"]
