"""Issue 6 point 4 as a new user meets it: each file that is not what it claims, opened in the workbench,
gives its one message in a dialog (no traceback, no exception report), the window stays on the start page
and nothing in the file's folder changes. The files and the words each message must hold are those of
tests/domain/field/test_bad_files.py, so the command line and the window say the same thing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cp_audit import i18n
from tests.domain.field.test_bad_files import BAD_FILES, snapshot
from tests.ui.conftest import make_context
from ui import dialogs
from ui.app import build_workbench

# The window checks a path before opening it (a recent file may have gone) and says so in its own words.
WINDOW_WORDS = {"missing file": ["File not found", "moved or deleted"]}
SHOTS = Path("/tmp/cp-audit-screens/bad-files")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_opened_in_the_window_says_what_is_wrong(qtbot, tmp_path, monkeypatch, kind):
    make, words = BAD_FILES[kind]
    words = WINDOW_WORDS.get(kind, words)
    where = tmp_path / "files"
    where.mkdir()
    path = where / "audit.cpaudit"
    make(path)
    before = snapshot(where)
    window = build_workbench(context=make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    i18n.set_language("en")  # the words of BAD_FILES are English (the window starts in its saved language)
    reports = []
    monkeypatch.setattr(dialogs, "show_exception", lambda *args: reports.append(args))
    shown: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, message, detail=None: shown.append((message, detail))
    )

    assert not window.open_path(path)

    assert len(shown) == 1, shown
    message, detail = shown[0]
    assert all(word in message for word in words), message
    assert "Traceback" not in message and "Traceback" not in (detail or "")
    assert reports == []
    assert window.context.audit is None and window.stack.currentWidget() is window.start_page
    assert snapshot(where) == before


def test_the_message_box_of_a_bad_file_reads_well(qtbot, tmp_path):
    """The real dialog, saved as a picture to look at: one plain sentence in Chinese, an OK button."""
    window = build_workbench(context=make_context(tmp_path))
    qtbot.addWidget(window)
    path = tmp_path / "empty.cpaudit"
    path.write_bytes(b"")
    seen: list[str] = []

    def look_and_close():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.text())
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.grab().save(str(SHOTS / "zero-bytes-zh_CN.png"))
        box.accept()

    QTimer.singleShot(300, look_and_close)
    assert not window.open_path(path)
    assert seen and "空" in seen[0] and "Traceback" not in seen[0]
