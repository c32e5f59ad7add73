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


def show_losses(window, language: str):
    """The 3.3 tab with the loss distribution, on the sample's water balance."""
    from PySide6.QtWidgets import QTabWidget

    page = show_step(window, language, "3.3")
    chart = page.losses
    tabs = page.findChild(QTabWidget)
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(chart)))
    for _ in range(3):
        QApplication.processEvents()
    return chart


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_loss_chart_labels_are_shown_whole(window, language):
    """Seen on the English 3.3 screenshot: “Unmeasured (closure err…” and “W-23 → 污水处理站·含镍废…”.
    A long label now wraps within its share of the width, and its row is as tall as the wrapped text."""
    chart = show_losses(window, language)
    assert len(chart.bars) > 3 and chart.bars[-1].unaccounted
    metrics = chart.fontMetrics()
    # the labels may take up to half the width (the bars and figures need the rest)
    longest = max(metrics.horizontalAdvance(b.label) for b in chart.bars) + 8
    label_width = min(longest, chart.width() // 2)
    row = min(metrics.height() * 1.5 * 1.5, chart.height() / len(chart.bars))
    for bar in chart.bars:
        assert chart.label_shown(bar) == bar.label
        row = max(row, wrapped_height(metrics, int(label_width - 8), bar.label))
    assert row * len(chart.bars) <= chart.height(), "the rows of wrapped labels run past the chart"


def test_loss_chart_labels_cut_short_have_the_whole_label_as_tooltip(window):
    """When the chart is too low for wrapped labels, a label is cut short and hovering shows it whole."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    chart = show_losses(window, "en")
    chart.setFixedHeight(int(chart.fontMetrics().height() * 1.2 * len(chart.bars)))
    chart.setFixedWidth(chart.fontMetrics().averageCharWidth() * 40)
    QApplication.processEvents()
    cut = [i for i, bar in enumerate(chart.bars) if chart.label_shown(bar) != bar.label]
    assert cut, "no label is cut at this size"
    row = chart.height() / len(chart.bars)
    index = cut[0]
    point = QPoint(5, int(row * index + row / 2))
    QApplication.sendEvent(chart, QHelpEvent(QHelpEvent.Type.ToolTip, point, chart.mapToGlobal(point)))
    assert chart.bars[index].label in QToolTip.text()
    QToolTip.hideText()


def show_trends(window, language: str):
    from PySide6.QtWidgets import QTabWidget

    page = show_step(window, language, "2.1")
    panel = page.trends
    tabs = page.findChild(QTabWidget)
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.widget(i).isAncestorOf(panel)))
    for _ in range(3):
        QApplication.processEvents()
    return panel


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_trend_items_show_their_whole_names(window, language):
    """Seen on the English 2.1 screenshot: “漂洗取水量（分水表）（镀镍线）(m³)” was cut by the right
    edge of the list. The list is now as wide as its longest entry, and each entry's tooltip holds it."""
    items = show_trends(window, language).items
    assert items.count() > 20
    for i in range(items.count()):
        entry = items.item(i)
        assert entry.text() in entry.toolTip()
        assert items.visualItemRect(entry).right() <= items.viewport().width(), entry.text()


def test_a_very_long_item_name_scrolls_and_shows_whole_in_its_tooltip(window):
    """A name longer than the list may get scrolls sideways (nothing is elided) and shows in its tooltip."""
    from cp_audit import services
    from cp_audit.models import InventoryItem
    from cp_audit.models.base import ItemCategory

    name = "含镍漂洗废水经离子交换树脂回收后的回用水（车间二楼镀镍生产线第三道逆流漂洗槽）"
    services.add(
        window.context.audit,
        InventoryItem,
        {"category": ItemCategory.water, "key": "RINSE_LONG", "name_zh": name, "unit": "m3"},
    )
    panel = show_trends(window, "en")
    items = panel.items
    entry = next(items.item(i) for i in range(items.count()) if name in items.item(i).text())
    assert name in entry.toolTip()
    assert items.width() < panel.width() // 2, "the list leaves the chart the larger part"
    assert items.textElideMode() == Qt.TextElideMode.ElideNone
    bar = items.horizontalScrollBar()
    assert (
        bar.maximum() > 0 and items.visualItemRect(entry).width() <= items.viewport().width() + bar.maximum()
    )


def test_a_passing_status_note_goes_with_the_language_it_was_worded_in(window):
    """The 'backed up' note of the backup on opening stayed in Chinese on the English window."""
    window.context.backup_note.emit("已自动备份（x.cpaudit）")
    assert window.statusBar().currentMessage() == "已自动备份（x.cpaudit）"
    window.set_language("en")
    assert window.statusBar().currentMessage() == ""
    window.context.backup_note.emit("Backed up automatically (x.cpaudit)")
    assert window.statusBar().currentMessage() == "Backed up automatically (x.cpaudit)"  # the next one shows
