"""The deliverables of the File menu, driven as a user does: the report dialog, the export running on the
real thread pool with a progress dialog whose Cancel leaves no file, the window staying responsive,
JSON import with its problems, and restoring a backup. Screenshots of the dialogs go to /tmp/menu/."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from cp_audit import backups, services
from cp_audit.models import Option
from tests.ui.conftest import make_context
from ui import dialogs
from ui.app import build_workbench
from ui.backup_dialog import RestoreDialog
from ui.export_dialog import ACCEPTANCE, ExportDialog, ExportRequest
from ui.problems_dialog import ProblemsDialog
from ui.tasks import TaskRunner, TaskState
from ui.undo import DeleteRowsCommand

SHOTS = Path("/tmp/menu")
WAIT_MS = 120_000  # a report of the sample takes a few seconds; a busy shared machine may take longer


def shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def window(qtbot, tmp_path, sample_path, monkeypatch):
    """The workbench on a copy of the sample, with background work on the real thread pool. A message
    box would block the test until someone closes it: they are collected instead, and must not occur."""
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, detail=None: messages.append(text))
    monkeypatch.setattr(dialogs, "show_audit_error", lambda parent, error: messages.append(error.message))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, text: messages.append(text))
    context = make_context(tmp_path)
    context.runner = TaskRunner()
    win = build_workbench(context=context)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    assert win.open_path(sample_path)
    yield win
    context.runner.wait()
    QApplication.processEvents()
    context.close()
    assert messages == []


def when_modal(qtbot, kind, act) -> list:
    """Run `act(dialog)` on the next modal dialog of `kind` once it is shown (exec() blocks the test)."""
    seen: list = []
    deadline = time.monotonic() + WAIT_MS / 1000

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            act(dialog)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def folder_listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_the_file_menu_offers_every_deliverable(window):
    texts = [a.text() for a in window.file_menu.actions()]
    for text in (
        "导出审核报告 (PDF)(&R)…",
        "导出工作表 (Excel)(&W)…",
        "生成数据录入模板 (Excel)(&T)…",
        "从模板导入 (Excel)(&I)…",
        "导出 JSON…",
        "从 JSON 新建(&J)…",
        "恢复备份(&B)…",
    ):
        assert text in texts
    assert window.deliverables.report_action.shortcut().toString() == "Ctrl+Shift+R"
    assert window.deliverables.worksheets_action.shortcut().toString() == "Ctrl+Shift+E"
    menus = (window.file_menu, window.edit_menu, window.view_menu)
    keys = [k.toString() for m in menus for a in m.actions() for k in a.shortcuts()]
    assert len(keys) == len(set(keys))  # no shortcut does two things
    mnemonics = [t[t.index("&") + 1].upper() for t in texts if "&" in t]
    assert len(mnemonics) == len(set(mnemonics))  # each File entry has its own Alt+letter
    window.close_audit()
    assert not window.deliverables.report_action.isEnabled()
    assert not window.deliverables.restore_action.isEnabled()
    assert window.deliverables.template_action.isEnabled()  # an empty template needs no audit


def test_report_exported_from_the_menu_in_the_background(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "out" / "报告.pdf"
    target.parent.mkdir()

    def fill(dialog: ExportDialog) -> None:
        assert dialog.path_edit.text().endswith("sample-审核报告-评估版.pdf")
        dialog.set_edition(ACCEPTANCE)
        assert dialog.path_edit.text().endswith("sample-审核报告-验收版.pdf")  # the name follows the edition
        dialog.set_language("zh_CN")
        dialog.path_edit.setText(str(target))
        dialog.path_edit.textEdited.emit(str(target))
        shot(dialog, "report_dialog")
        dialog.buttons.accepted.emit()

    seen = when_modal(qtbot, ExportDialog, fill)
    ticks: list[int] = []
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    progress_shown: list[QProgressDialog] = []

    def watch_progress() -> None:
        dialog = window.findChild(QProgressDialog)
        if dialog is not None and dialog.isVisible() and not progress_shown:
            progress_shown.append([b.text() for b in dialog.findChildren(QPushButton)])
            shot(dialog, "report_progress")

    watcher = QTimer(interval=100)
    watcher.timeout.connect(watch_progress)
    watcher.start()
    reported = TaskState.progress

    def unhurried(state: TaskState, fraction: float) -> None:
        # the sample's report may be done before the dialog's 400 ms: the worker dawdles until the dialog
        # and the ticks of the event loop have been seen (it never waits for the main thread)
        reported(state, fraction)
        if not progress_shown or len(ticks) < 12:
            time.sleep(0.01)

    monkeypatch.setattr(TaskState, "progress", unhurried)
    window.deliverables.report_action.trigger()
    assert seen, "the report dialog was not shown"
    qtbot.waitUntil(lambda: window.deliverables.open_button.isVisible(), timeout=WAIT_MS)
    timer.stop()
    watcher.stop()
    # the event loop ran all along: the timer fired, and the progress dialog was shown with Cancel
    assert len(ticks) >= 10
    assert progress_shown == [["取消"]]
    assert str(target) in window.statusBar().currentMessage()
    assert not window.path_label.isVisible()  # the message is not written over the file path
    assert window.deliverables.open_button.text() == "打开 报告.pdf"
    shot(window.statusBar(), "report_done_status")
    reader = pypdf.PdfReader(str(target))
    cover = reader.pages[0].extract_text()
    assert "清洁生产审核报告" in cover and "验收版" in cover
    assert len(reader.pages) > 10
    assert folder_listing(target.parent) == {"报告.pdf"}  # no temporary file left beside it


def test_cancelling_a_running_export_leaves_no_file(qtbot, window, tmp_path, monkeypatch):
    folder = tmp_path / "cancel"
    folder.mkdir()
    target = folder / "report.pdf"
    reported = TaskState.progress

    def held(state: TaskState, fraction: float) -> None:
        # the sample's report can finish before the test sees it run: once it has shown some progress it
        # waits here (in its worker thread) for Cancel, so there is always a running export to cancel
        reported(state, fraction)
        if fraction >= 0.01:
            state._cancel.wait(WAIT_MS / 1000)

    monkeypatch.setattr(TaskState, "progress", held)
    state = window.deliverables.export_report(ExportRequest(target, "zh_CN", "acceptance"))

    def progressing() -> bool:
        dialog = window.findChild(QProgressDialog)
        return dialog is not None and dialog.isVisible() and dialog.value() > 0

    qtbot.waitUntil(progressing, timeout=WAIT_MS)
    dialog = window.findChild(QProgressDialog)
    shot(dialog, "cancel_progress")
    dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: "已取消" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    window.context.runner.wait()
    assert state.cancelled
    assert folder_listing(folder) == set()
    assert not window.deliverables.open_button.isVisible()


def test_a_bad_file_name_is_refused_in_the_dialog(qtbot, window, tmp_path, monkeypatch):
    dialog = window.deliverables.report_dialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "no such folder" / "r.pdf"))
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "不存在" in dialog.message.text()
    assert not dialog.message.isHidden()
    existing = tmp_path / "old.pdf"
    existing.write_bytes(b"%PDF-1.4 older report")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: asked.append(question) or False)
    dialog.path_edit.setText(str(existing))
    dialog.accept()
    assert asked == ["old.pdf 已存在。要替换它吗？"] and dialog.result() != dialog.DialogCode.Accepted
    dialog.path_edit.setText(str(tmp_path / "plain-name"))
    dialog.accept()
    assert dialog.request().path == tmp_path / "plain-name.pdf"  # the suffix is added
    assert dialog.result() == dialog.DialogCode.Accepted


def test_json_round_trip_from_the_menu(qtbot, window, tmp_path, reference_inputs):
    source = tmp_path / "sample.json"
    window.export_json(source)
    qtbot.waitUntil(source.exists, timeout=WAIT_MS)
    window.context.runner.wait()
    QApplication.processEvents()
    target = tmp_path / "from-json.cpaudit"
    window.deliverables.import_json(source, target)
    qtbot.waitUntil(
        lambda: window.context.audit is not None and window.context.audit.path == target, timeout=WAIT_MS
    )
    assert len(services.rows(window.context.audit, Option)) == len(
        reference_inputs["phase4_options"]["options"]
    )


def test_a_bad_json_document_lists_its_problems_and_writes_nothing(qtbot, window, tmp_path):
    source = tmp_path / "bad.json"
    document = json.loads(_sample_json(window))
    document["tables"]["option"][0]["code"] = None
    document["tables"]["option"][1]["title_zh"] = 12
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "bad.cpaudit"

    def read(dialog: ProblemsDialog) -> None:
        shot(dialog, "json_problems")
        dialog.copy_button.click()
        dialog.reject()

    seen = when_modal(qtbot, ProblemsDialog, read)
    window.deliverables.import_json(source, target)
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    assert seen[0].table.rowCount() >= 2
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("问题\n") and copied.count("\n") == seen[0].table.rowCount() + 1
    assert not target.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".bad.cpaudit")] == []


def _sample_json(window) -> str:
    from cp_audit.interchange import write_json

    return write_json(window.context.audit)


def test_restore_a_backup_from_the_menu(qtbot, window, sample_path, monkeypatch):
    window.context.runner.wait()  # the backup taken on open
    QApplication.processEvents()
    options = services.rows(window.context.audit, Option)
    window.context.execute(DeleteRowsCommand(window.context.audit, Option, [options[0].id]))
    assert len(services.rows(window.context.audit, Option)) == len(options) - 1
    dialog = RestoreDialog(window, window.context)
    qtbot.addWidget(dialog)
    dialog.show()
    shot(dialog, "restore_dialog")
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "打开时"
    assert f"方案 {len(options)}" in dialog.table.item(0, 3).text()
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    assert dialog.replace_current()
    audit = window.context.audit
    assert audit is not None and audit.path == sample_path and not audit.read_only
    assert len(services.rows(audit, Option)) == len(options)
    reasons = sorted(b.reason for b in backups.list_backups(sample_path))
    assert "before-restore" in reasons  # the deleted-row state was kept first
    assert window.stack.currentWidget() is window.workspace


def test_restore_as_a_new_file_leaves_the_open_audit_alone(qtbot, window, sample_path, tmp_path, monkeypatch):
    window.context.runner.wait()
    QApplication.processEvents()
    dialog = RestoreDialog(window, window.context)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)  # do not open the copy
    target = tmp_path / "copy.cpaudit"
    assert dialog.restore_as_new(target) == target
    assert target.exists() and os.path.getsize(target) > 0
    assert window.context.audit.path == sample_path


def test_an_error_raised_after_cancel_counts_as_cancelled(qtbot):
    """Domain functions stop with their own exception (RenderCancelled …) when told to cancel."""
    import threading

    outcome, gate = [], threading.Event()

    def work(state):
        gate.wait(10)
        if state.cancelled:
            raise RuntimeError("stopped by the domain's own cancel check")
        return "finished"

    runner = TaskRunner()
    state = runner.run_in_background(
        work, outcome.append, outcome.append, on_cancelled=lambda: outcome.append("cancelled")
    )
    state.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["cancelled"]
    errors = []
    runner.run_in_background(lambda s: 1 / 0, outcome.append, errors.append, on_cancelled=outcome.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError) and outcome == ["cancelled"]


# ---- Excel -------------------------------------------------------------------------------------------


def codes(sheet) -> dict[str, int]:
    """Column code (row 4 of a template sheet) -> column number."""
    return {cell.value: cell.column for cell in sheet[4] if cell.value}


def next_row(sheet) -> int:
    return max(c.row for c in sheet["A"] if c.value is not None) + 1


def put(sheet, row: int, **values) -> None:
    columns = codes(sheet)
    for code, value in values.items():
        sheet.cell(row, columns[code], value)


def run_action(qtbot, window, kind, fill, trigger) -> None:
    """Open an export dialog from its menu action, fill it, press 导出."""

    def act(dialog) -> None:
        fill(dialog)
        dialog.buttons.accepted.emit()

    seen = when_modal(qtbot, kind, act)
    trigger()
    assert seen, "the dialog was not shown"


def test_worksheets_exported_from_the_menu(qtbot, window, tmp_path):
    target = tmp_path / "工作表.xlsx"

    def fill(dialog: ExportDialog) -> None:
        assert dialog.edition_buttons == {}  # the worksheets have no editions
        dialog.set_path(target)
        shot(dialog, "worksheets_dialog")

    run_action(qtbot, window, ExportDialog, fill, window.deliverables.worksheets_action.trigger)
    qtbot.waitUntil(lambda: window.deliverables.open_button.isVisible(), timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == f"工作表已导出到 {target}"
    book = openpyxl.load_workbook(target)
    assert len(book.sheetnames) >= 20  # one sheet per worksheet of REFERENCE.md §1.4
    assert folder_listing(tmp_path).isdisjoint({p for p in folder_listing(tmp_path) if p.startswith(".")})


def test_worksheets_export_is_cancelled_without_a_file(qtbot, window, tmp_path):
    folder = tmp_path / "xlsx"
    folder.mkdir()
    state = window.deliverables.export_worksheets(ExportRequest(folder / "w.xlsx", "zh_CN"))
    state.cancel()  # before the first sheet: the export's own cancel check stops it
    qtbot.waitUntil(lambda: "已取消" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    window.context.runner.wait()
    assert folder_listing(folder) == set()


def make_template(qtbot, window, target: Path) -> None:
    def fill(dialog: ExportDialog) -> None:
        assert dialog.prefill_check.isChecked()  # with an audit open, its rows are filled in
        dialog.set_path(target)
        shot(dialog, "template_dialog")

    run_action(qtbot, window, ExportDialog, fill, window.deliverables.template_action.trigger)
    qtbot.waitUntil(lambda: window.deliverables.open_button.isVisible(), timeout=WAIT_MS)
    window.context.runner.wait()


def test_a_filled_template_is_imported_as_one_undo_step(qtbot, window, tmp_path, monkeypatch):
    template = tmp_path / "模板.xlsx"
    make_template(qtbot, window, template)
    book = openpyxl.load_workbook(template)
    options = book["方案登记表"]
    existing = [options.cell(r, codes(options)["code"]).value for r in range(5, options.max_row + 1)]
    assert "F10" in existing  # the template holds the sample's option register
    put(options, next_row(options), code="F21", title_zh="镀镍线增设回收槽", aspect="waste", investment=42000)
    book.save(template)
    page = window.workspace.show_step("4.1")
    rows_before = page.model.rowCount()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, question: asked.append(question) or True)
    window.deliverables.import_template(template)
    qtbot.waitUntil(lambda: "已导入" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "方案登记表：新增 1 行" in asked[0]
    assert "before-import" in window.statusBar().currentMessage()  # the backup taken first
    audit = window.context.audit
    assert [o.investment for o in services.rows(audit, Option) if o.code == "F21"] == [42000]
    assert page.model.rowCount() == rows_before + 1  # the open page shows it
    assert window.undo_action.text() == "撤销 从模板导入 模板.xlsx"
    window.undo_action.trigger()
    assert [o for o in services.rows(audit, Option) if o.code == "F21"] == []
    assert page.model.rowCount() == rows_before
    window.redo_action.trigger()
    assert [o.investment for o in services.rows(audit, Option) if o.code == "F21"] == [42000]


def test_a_bad_template_lists_every_problem_and_changes_nothing(qtbot, window, tmp_path, sample_path):
    template = tmp_path / "bad.xlsx"
    make_template(qtbot, window, template)
    book = openpyxl.load_workbook(template)
    options = book["方案登记表"]
    row = next_row(options)
    put(options, row, code="F22", title_zh="错误的方案", aspect="不是一个方面", investment="很多")
    monitoring = book["监测数据"]
    put(
        monitoring, next_row(monitoring), option="F99", indicator_zh="不存在的方案", unit="g/L", after_value=1
    )
    book.save(template)
    audit_bytes = {p.name: p.read_bytes() for p in sample_path.parent.glob(sample_path.name + "*")}

    def read(dialog: ProblemsDialog) -> None:
        shot(dialog, "template_problems")
        dialog.copy_button.click()
        dialog.reject()

    seen = when_modal(qtbot, ProblemsDialog, read)
    window.deliverables.import_template(template)
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    table = seen[0].table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["工作表", "行", "列", "原因"]
    cells = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert table.rowCount() == 3  # the aspect, the investment and the option referred to
    assert [c[:2] for c in cells[:2]] == [["方案登记表", str(row)]] * 2
    assert {cells[0][2][0], cells[1][2][0]} == {chr(64 + codes(options)[c]) for c in ("aspect", "investment")}
    assert cells[2][0] == "监测数据" and "F99" in cells[2][3]
    assert QGuiApplication.clipboard().text().startswith("工作表\t行\t列\t原因\n")
    window.context.runner.wait()
    assert {p.name: p.read_bytes() for p in sample_path.parent.glob(sample_path.name + "*")} == audit_bytes
    assert not window.undo_action.isEnabled()


def test_keyboard_reaches_everything_in_the_export_dialog(qtbot, window):
    """Tab follows the form from top to bottom (the shortcuts are checked with the menu's entries)."""
    chains: list[list] = []

    def walk(dialog: ExportDialog) -> None:
        chain, widget = [], dialog.language_combo
        while len(chain) < 6:  # what Tab visits: the focus chain's visible widgets that take Tab
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
                chain.append(widget)
            widget = widget.nextInFocusChain()
        buttons = dialog.buttons
        expected = [dialog.language_combo, dialog.prefill_check, dialog.path_edit, dialog.browse_button]
        expected += [buttons.button(buttons.StandardButton.Ok), buttons.button(buttons.StandardButton.Cancel)]
        chains.append([chain, expected])
        dialog.reject()

    when_modal(qtbot, ExportDialog, walk)
    window.deliverables.template_action.trigger()
    assert chains and chains[0][0] == chains[0][1]
