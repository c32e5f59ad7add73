"""Workspace: the open audit as a navigator of phases and steps (with the deadlines on top) beside the
page of the chosen step. Pages are built when first shown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from cp_audit.models import AuditInfo
from cp_audit.phases import STEPS, step
from ui.deadlines import DeadlinePanel
from ui.navigator import StepNavigator
from ui.pages import page_class
from ui.pages.generic import generic_page


class Workspace(QSplitter):
    def __init__(self, context, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.context = context
        self.pages: dict[str, QWidget] = {}
        self.setChildrenCollapsible(False)
        self.addWidget(self._build_left(today))
        self.stack = QStackedWidget(self)
        self.addWidget(self.stack)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([self.navigator.sizeHint().width(), self.fontMetrics().averageCharWidth() * 140])
        context.states_changed.connect(self.refresh_states)
        self.refresh_states()
        self.navigator.step_selected.connect(self.show_step)

    def _build_left(self, today: Callable[[], date]) -> QWidget:
        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        self.deadlines = DeadlinePanel(left, today)
        self.navigator = StepNavigator(left)
        layout.addWidget(self.deadlines)
        layout.addWidget(self.navigator, 1)
        left.setMinimumWidth(self.fontMetrics().averageCharWidth() * 26)
        return left

    def refresh_states(self) -> None:
        """Marks and deadlines as of the context's last completeness check (made after each change)."""
        self.navigator.show_states(self.context.states())
        self.deadlines.show_info(self.context.data().one(AuditInfo))

    def page(self, number: str) -> QWidget:
        if number not in self.pages:
            cls = page_class(number)
            page = cls(self.context, step(number)) if cls else generic_page(self.context, step(number))
            self.pages[number] = page
            self.stack.addWidget(page)
        return self.pages[number]

    def show_step(self, number: str) -> QWidget:
        page = self.page(number)
        self.stack.setCurrentWidget(page)
        if self.navigator.current_step() != number:
            self.navigator.select_step(number)
        return page

    def current_step(self) -> str:
        return self.navigator.current_step() or STEPS[0].number
