"""StepPage, the base of every page, and the few layout helpers pages share (sections, tabs, scrolling).

A page names what its step produces (`guidance`) and builds its content in `build()` from the building
blocks (TableEditor over a table model, RecordForm, AttachmentsPanel, grids). The heading shows what
cp_audit.phases still finds missing, updated as the audit changes.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cp_audit.i18n import _
from cp_audit.phases import Step
from ui.icons import Icon, icon


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(dark);")
    return label


def section(title: str, *widgets: QWidget, note: str | None = None, stretch: bool = True) -> QGroupBox:
    """A titled box holding widgets one under the other (with an optional explanation on top)."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    if note:
        layout.addWidget(hint(note))
    for widget in widgets:
        layout.addWidget(widget, 1 if stretch else 0)
    return box


def scrolled(widget: QWidget) -> QScrollArea:
    """Long content scrolls instead of growing the window past a small screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def column(*widgets: QWidget, stretch_last: bool = False) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if not stretch_last:
        layout.addStretch(1)
    return holder


def side_by_side(*widgets: QWidget, sizes: tuple[int, ...] | None = None) -> QSplitter:
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    for widget in widgets:
        splitter.addWidget(widget)
    if sizes:
        for index, size in enumerate(sizes):
            splitter.setStretchFactor(index, size)
    return splitter


def stacked(*widgets: QWidget) -> QSplitter:
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setChildrenCollapsible(False)
    for widget in widgets:
        splitter.addWidget(widget)
    return splitter


def tabs(*pages: tuple[str, QWidget]) -> QTabWidget:
    widget = QTabWidget()
    widget.setDocumentMode(True)
    for title, page in pages:
        widget.addTab(page, title)
    return widget


class StepPage(QWidget):
    """Base of the pages: heading (number, name, phase, guidance, what is missing) over build()."""

    guidance: ClassVar[str] = ""  # msgid: what the step produces, in a sentence or two

    def __init__(self, context, step: Step, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.step = context, step
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_heading())
        layout.addWidget(self.build(), 1)
        context.states_changed.connect(self.refresh_status)
        self.refresh_status()

    def build(self) -> QWidget:
        raise NotImplementedError

    def _build_heading(self) -> QVBoxLayout:
        heading = QVBoxLayout()
        title = QLabel(f"{self.step.number}  {_(self.step.name)}  ·  {_(self.step.phase.label)}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        heading.addWidget(title)
        if self.guidance:
            heading.addWidget(hint(_(self.guidance)))
        status = QHBoxLayout()
        self.status_icon = QLabel()
        self.status_text = QLabel()
        self.status_text.setWordWrap(True)
        status.addWidget(self.status_icon)
        status.addWidget(self.status_text, 1)
        heading.addLayout(status)
        return heading

    def missing(self) -> tuple[str, ...]:
        state = self.context.state(self.step.number) if self.context.audit is not None else None
        return state.missing if state else ()

    def refresh_status(self) -> None:
        size = self.status_text.fontMetrics().height()
        if self.context.audit is not None and self.context.state(self.step.number) is None:
            # the first completeness check of an opened audit runs in the background: say nothing yet
            self.status_icon.clear()
            self.status_text.setText(_("正在检查本步骤的资料…"))
            self.status_text.setStyleSheet("color: palette(dark);")
            return
        missing = self.missing()
        self.status_icon.setPixmap(icon(Icon.incomplete if missing else Icon.complete).pixmap(size, size))
        if missing:
            self.status_text.setText(_("尚缺：") + _("；").join(_(m) for m in missing))
            self.status_text.setStyleSheet("color: #e65100;")
        else:
            self.status_text.setText(_("本步骤的资料已齐全。"))
            self.status_text.setStyleSheet("color: #2e7d32;")
