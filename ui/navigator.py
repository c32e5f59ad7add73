"""StepNavigator: the seven phases (the manual's names) with their 35 steps, each marked complete or
incomplete from cp_audit.phases.states, with what is missing in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from cp_audit.i18n import _
from cp_audit.models.base import Phase
from cp_audit.phases import STEPS, StepState
from ui.icons import Icon, icon

STEP_ROLE = Qt.ItemDataRole.UserRole


def missing_text(state: StepState) -> str:
    if state.complete:
        return _("本步骤的资料已齐全。")
    return _("尚缺：") + "\n" + "\n".join(f"• {_(m)}" for m in state.missing)


class StepNavigator(QTreeWidget):
    """`step_selected(number)` when the user picks a step."""

    step_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.step_items: dict[str, QTreeWidgetItem] = {}
        self.phase_items: dict[Phase, QTreeWidgetItem] = {}
        self._build_items()
        self.currentItemChanged.connect(self._on_current_changed)

    def _build_items(self) -> None:
        for number, phase in enumerate(Phase, start=1):
            item = QTreeWidgetItem(self, [f"{number}  {_(phase.label)}"])
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.phase_items[phase] = item
        for step in STEPS:
            child = QTreeWidgetItem(self.phase_items[step.phase], [f"{step.number}  {_(step.name)}"])
            child.setData(0, STEP_ROLE, step.number)
            self.step_items[step.number] = child
        self.expandAll()

    def sizeHint(self) -> QSize:
        """Wide enough for the longest step name, so names are not cut off on a normal screen."""
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(item.text(0)) for item in self.step_items.values())
        extra = self.indentation() * 2 + metrics.height() * 3  # tree indent, icon, scroll bar
        return QSize(min(widest + extra, metrics.averageCharWidth() * 60), super().sizeHint().height())

    def show_states(self, states: list[StepState]) -> None:
        by_phase: dict[Phase, list[bool]] = {}
        for state in states:
            item = self.step_items[state.step.number]
            item.setIcon(0, icon(Icon.complete if state.complete else Icon.incomplete))
            item.setToolTip(0, f"{state.step.number}  {_(state.step.name)}\n{missing_text(state)}")
            by_phase.setdefault(state.step.phase, []).append(state.complete)
        for phase, done in by_phase.items():
            item = self.phase_items[phase]
            item.setIcon(0, icon(Icon.complete if all(done) else Icon.phase))
            item.setToolTip(0, _("{0} / {1} 个步骤已完成").format(sum(done), len(done)))

    def select_step(self, number: str) -> None:
        self.setCurrentItem(self.step_items[number])

    def current_step(self) -> str | None:
        item = self.currentItem()
        return item.data(0, STEP_ROLE) if item is not None else None

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        number = current.data(0, STEP_ROLE) if current is not None else None
        if number:
            self.step_selected.emit(number)
