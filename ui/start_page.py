"""StartPage: what a new user sees first. Big buttons to start a blank audit, start from the sample, or
open a file, and the recent files with their full paths (missing ones greyed out).

It uses nothing of Qt's `Qt` namespace: PySide creates that namespace's 90 enum types (20 ms) the first
time it is touched, and this page is on the way to the first painted window (tests/ui/test_startup_imports)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cp_audit.i18n import _
from ui.icons import Icon, icon


class StartPage(QWidget):
    new_requested = Signal()
    sample_requested = Signal()
    open_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().height() * 2
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self._title(_("清洁生产审核工作台"), 2.0))
        subtitle = QLabel(
            _(
                "按《清洁生产审核办法》和审核手册的七个阶段、35 个步骤，从筹划和组织到持续清洁生产，"
                "逐步记录审核资料。每次修改都会立即保存。"
            )
        )
        subtitle.setWordWrap(True)
        layout.addWidget(subtitle)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(self._build_buttons())
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self._title(_("最近打开"), 1.2))
        self.recent = QListWidget(self)
        self._recent_paths: list[Path] = []  # the path of each row
        self.recent.itemActivated.connect(self._on_recent_activated)
        layout.addWidget(self.recent, 1)

    @staticmethod
    def _title(text: str, scale: float) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(True)
        label.setFont(font)
        return label

    def _big_button(self, name: Icon, text: str, detail: str) -> QPushButton:
        """A large button: icon, a bold title and a line saying what it does."""
        button = QPushButton()
        button.setAccessibleName(text)
        line = self.fontMetrics().height()
        picture = QLabel()
        picture.setPixmap(icon(name).pixmap(QSize(line * 2, line * 2)))
        title, explanation = self._title(text, 1.15), QLabel(detail)
        explanation.setWordWrap(True)
        words = QVBoxLayout()
        words.addWidget(title)
        words.addWidget(explanation)
        row = QHBoxLayout(button)
        row.setContentsMargins(line, line // 2, line, line // 2)
        row.addWidget(picture)
        row.addLayout(words, 1)
        button.setMinimumHeight(line * 4)
        return button

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.new_button = self._big_button(Icon.new, _("新建空白审核…"), _("选择保存位置，从第一步开始"))
        self.sample_button = self._big_button(
            Icon.sample, _("从样例新建"), _("打开一份填写完整的示例审核（虚构企业）")
        )
        self.open_button = self._big_button(Icon.open, _("打开…"), _("打开已有的审核文件（.cpaudit）"))
        self.new_button.clicked.connect(self.new_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.open_button.clicked.connect(self.open_requested)
        for button in (self.new_button, self.sample_button, self.open_button):
            row.addWidget(button, 1)
        return row

    def show_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        self._recent_paths = list(paths)
        mode = QAbstractItemView.SelectionMode
        self.recent.setSelectionMode(mode.SingleSelection if paths else mode.NoSelection)
        disabled = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for path in paths:
            item = QListWidgetItem(icon(Icon.document), str(path))
            if not path.exists():
                item.setForeground(disabled)
                item.setToolTip(_("文件不存在或已被移动：{0}").format(path))
                item.setText(_("{0}（找不到文件）").format(path))
            self.recent.addItem(item)
        if not paths:  # a note, greyed and not selectable (activating it does nothing)
            item = QListWidgetItem(_("还没有打开过审核文件。"))
            item.setForeground(disabled)
            self.recent.addItem(item)

    def _on_recent_activated(self, item: QListWidgetItem) -> None:
        row = self.recent.row(item)
        if 0 <= row < len(self._recent_paths):
            self.recent_chosen.emit(self._recent_paths[row])
