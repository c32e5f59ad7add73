"""Cell editors for the table views: a list for enumerations and references, a line edit for numbers,
dates and short text (parsed by the model, so typing and pasting follow the same rules), a text box
for long text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QWidget,
)

from cp_audit.i18n import _
from ui.columns import Kind


def fill_combo(combo: QComboBox, choices: list[tuple[Any, str]], current: Any) -> None:
    combo.clear()
    for value, label in choices:
        combo.addItem(label, value)
    for position, (value, _label) in enumerate(choices):
        if value == current:
            combo.setCurrentIndex(position)
            return
    combo.setCurrentIndex(-1)


def placeholder(kind: Kind | None) -> str:
    if kind == Kind.date:
        return _("年-月-日，例如 2026-05-12")
    if kind == Kind.percent:
        return _("百分数，例如 25")
    return ""


class CellTextEdit(QPlainTextEdit):
    """Long text in a cell, as in Excel: Enter stores it, Alt+Enter or Shift+Enter starts a new line."""

    finished = Signal()

    def keyPressEvent(self, event) -> None:
        newline = event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not newline:
            self.finished.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.insertPlainText("\n")
        else:
            super().keyPressEvent(event)


class CellDelegate(QStyledItemDelegate):
    """Picks an editor from the model's `choices()` and `column_spec()` (any model may offer them)."""

    def _choices(self, index: QModelIndex) -> list[tuple[Any, str]] | None:
        model = index.model()
        return model.choices(index.column()) if hasattr(model, "choices") else None

    def _kind(self, index: QModelIndex) -> Kind | None:
        model = index.model()
        spec = model.column_spec(index.column()) if hasattr(model, "column_spec") else None
        return spec.kind if spec else None

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        if self._choices(index) is not None:
            combo = QComboBox(parent)
            combo.setMaxVisibleItems(20)
            return combo
        if self._kind(index) == Kind.long_text:
            editor = CellTextEdit(parent)
            editor.finished.connect(lambda: self._finish(editor))
            return editor
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setPlaceholderText(placeholder(self._kind(index)))
        return editor

    def _finish(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            fill_combo(editor, self._choices(index) or [], value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            if editor.currentIndex() >= 0:
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option, index: QModelIndex) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):  # room for a few lines over the cells below
            rect = rect.adjusted(0, 0, 0, editor.fontMetrics().height() * 4)
        editor.setGeometry(rect)
