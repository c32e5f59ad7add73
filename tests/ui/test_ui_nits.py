"""Small layout faults seen on the English screenshots, each checked the way a reader would see it: the
whole text of a cell, a bar label or a list entry can be read at 1366×768."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_context
from ui.app import build_workbench
from ui.navigator import missing_text

SCREEN = (1366, 768)


@pytest.fixture
def window(qtbot, tmp_path, sample_path):
    """The workbench on the sample audit at a laptop's screen size, as in the screenshots."""
    window = build_workbench(sample_path, context=make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def show_step(window, language: str, number: str):
    window.set_language(language)
    page = window.workspace.show_step(number)
    for _ in range(3):  # the delayed layouts of the views
        QApplication.processEvents()
    return page


def wrapped_height(metrics, width: int, text: str) -> int:
    return metrics.boundingRect(QRect(0, 0, width, 1 << 16), Qt.TextFlag.TextWordWrap, text).height()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("step", ["4.7", "7.4"])
def test_the_step_checklist_shows_the_whole_data_status(window, language, step):
    """Seen on the English 4.7 and 7.4 screenshots: 资料情况 read “The data of this st…” and
    “Still missing: • Enter th…”. Each cell now wraps within the page: its text at the column's width
    fits the row's height, and no column reaches past the view's right edge."""
    from ui.pages.generic import ChecklistTree

    tree = show_step(window, language, step).findChild(ChecklistTree)
    header, metrics = tree.header(), tree.fontMetrics()
    assert header.sectionPosition(1) + header.sectionSize(1) <= tree.viewport().width()
    states = [s for s in window.context.states() if s.step.phase in tree.phases]
    assert tree.topLevelItemCount() == len(states)
    assert any(not s.complete for s in states) or step == "4.7"
    cut = []
    for row, state in enumerate(states):
        item = tree.topLevelItem(row)
        assert item.text(1) == missing_text(state)  # the whole text, one missing item a line
        for column in (0, 1):
            room = tree.visualItemRect(item).height()
            width = header.sectionSize(column) - 8  # the style's text margins
            if column == 0:
                width -= tree.iconSize().width() + 8
            words_fit = all(metrics.horizontalAdvance(word) <= width for word in item.text(column).split())
            if not words_fit or wrapped_height(metrics, width, item.text(column)) > room:
                cut.append(f"{step} {item.text(0)} column {column}")
    assert not cut, cut
