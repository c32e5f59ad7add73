"""Fixtures of the UI tests: an AppContext on a blank audit or on a copy of the bundled sample, with
background tasks run synchronously."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cp_audit import i18n
from cp_audit.database import create_audit, open_audit
from ui.context import AppContext
from ui.formatting import apply_language
from ui.settings import Settings
from ui.tasks import ImmediateTaskRunner


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory) -> Path:
    """The sample audit built once per test session; each test gets its own copy."""
    from cp_audit.sample import create_sample

    return create_sample(tmp_path_factory.mktemp("template") / "sample.cpaudit")


@pytest.fixture(autouse=True)
def _chinese(qapp):
    i18n.set_language("zh_CN")
    apply_language("zh_CN")
    yield
    i18n.set_language("zh_CN")
    apply_language("zh_CN")


def make_context(tmp_path: Path) -> AppContext:
    return AppContext(Settings(tmp_path / "settings.ini"), ImmediateTaskRunner())


@pytest.fixture
def context(qapp, tmp_path):
    """An AppContext with a new, empty audit open."""
    ctx = make_context(tmp_path)
    ctx.open(create_audit(tmp_path / "blank.cpaudit"))
    yield ctx
    ctx.close()


@pytest.fixture
def sample_path(sample_template, tmp_path) -> Path:
    target = tmp_path / "sample.cpaudit"
    shutil.copy(sample_template, target)
    return target


@pytest.fixture
def sample_context(qapp, tmp_path, sample_path):
    ctx = make_context(tmp_path)
    ctx.open(open_audit(sample_path))
    yield ctx
    ctx.close()


def type_into_cell(qtbot, editor, row: int, column: int, text: str) -> None:
    """Type into a table cell the way a user does: open its editor, type, press Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox

    view = editor.view
    index = view.model().index(row, column)
    editor.select_cell(row, column)
    view.edit(index)
    widget = view.indexWidget(index) or view.focusWidget()
    assert widget is not None and widget is not view, "no cell editor opened"
    if isinstance(widget, QComboBox):
        position = widget.findText(text)
        assert position >= 0, f"{text!r} is not offered"
        widget.setCurrentIndex(position)
    else:
        widget.selectAll()
        if text:
            type_text(qtbot, widget, text)
        else:
            qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    # the delegate commits and closes its editor from the event loop (a queued call)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def type_text(qtbot, widget, text: str) -> None:
    """Type text as a user does: ASCII as key presses, Chinese as an input method commits it
    (QTest cannot press keys for characters outside ASCII)."""
    import re

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


@pytest.fixture
def show(qtbot):
    """Show a widget at a laptop size and wait until it is on screen."""

    def shown(widget, width: int = 1366, height: int = 768):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return shown
