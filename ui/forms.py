"""RecordForm: a form for one row (a singleton such as Enterprise, or the selected row of a table).

Each field gets the editor its kind needs; a change is committed when the user leaves the field (or picks
a value) as one undo command, after the same checks the services make. What is wrong, and how to fix it,
appears in red under the field.

    form = RecordForm(context, LeadershipDecision, ["doc_no", "title_zh",
                      ColumnSpec("summary_zh", kind=Kind.long_text)], singleton=True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import SQLModel

from cp_audit import services
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.models import table_class
from cp_audit.validation import row_problems
from ui.columns import NUMERIC, ColumnSpec, Kind, choices_of, display_text, edit_text, parse_text, resolve
from ui.editors import fill_combo, placeholder
from ui.table_models import row_values
from ui.undo import UpdateFieldsCommand

NO_DATE = QDate(1900, 1, 1)


class _PlainTextEdit(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class DateField(QWidget):
    """A QDateEdit with a 'no date' state (shown as 未填写) and a button that clears the date."""

    committed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText(_("未填写"))
        self.clear_button = QToolButton(self)
        self.clear_button.setText(_("清除"))
        self.clear_button.setToolTip(_("清除日期"))
        layout.addWidget(self.edit)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.edit.editingFinished.connect(self.committed)
        # picking in the calendar sets the date after the click: commit once it is set
        self.edit.calendarWidget().clicked.connect(lambda _d: QTimer.singleShot(0, self.committed.emit))
        self.clear_button.clicked.connect(self._clear)
        self.setFocusProxy(self.edit)

    def _clear(self) -> None:
        self.set_value(None)
        self.committed.emit()

    def value(self) -> date | None:
        chosen = self.edit.date()
        return None if chosen == NO_DATE else chosen.toPython()

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.edit.setDate(NO_DATE)
            today = QDate.currentDate()  # an empty date's calendar opens on this month, not on 1900
            self.edit.calendarWidget().setCurrentPage(today.year(), today.month())
        else:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class FieldEditor:
    """One field of a form: its editor widget, its red message line, and how to read and fill it."""

    def __init__(self, spec: ColumnSpec, choices: list[tuple[Any, str]] | None, parent: QWidget):
        self.spec = spec
        self.widget = self._make(spec, choices, parent)
        self.message = QLabel(parent)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        self.advice = QLabel(parent)  # a stored value that is allowed but looks wrong
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("color: #e65100;")
        self.advice.hide()
        self.container = QWidget(parent)
        layout = QVBoxLayout(self.container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.widget)
        layout.addWidget(self.message)
        layout.addWidget(self.advice)

    def _make(self, spec: ColumnSpec, choices, parent: QWidget) -> QWidget:
        if spec.kind == Kind.bool:
            return QCheckBox(parent)
        if spec.kind == Kind.date:
            return DateField(parent)
        if choices is not None:
            combo = QComboBox(parent)
            fill_combo(combo, choices, None)
            return combo
        if spec.kind == Kind.long_text:
            edit = _PlainTextEdit(parent)
            edit.setTabChangesFocus(True)  # Tab keeps moving through the form
            edit.setMinimumHeight(edit.fontMetrics().height() * 4)
            edit.setMaximumHeight(edit.fontMetrics().height() * 7)
            return edit
        edit = QLineEdit(parent)
        edit.setPlaceholderText(placeholder(spec.kind))
        if spec.kind in (Kind.int, Kind.number, Kind.money, Kind.percent):
            edit.setMaximumWidth(edit.fontMetrics().averageCharWidth() * 24)
        return edit

    def connect(self, slot) -> None:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.clicked.connect(slot)
        elif isinstance(widget, DateField):
            widget.committed.connect(slot)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(slot)
        elif isinstance(widget, _PlainTextEdit):
            widget.focus_lost.connect(slot)
        else:
            widget.editingFinished.connect(slot)

    def value(self, codes: dict[str, int] | None = None) -> Any:
        """The value entered; raises ValueError with a message when the text is not a value."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, DateField):
            return widget.value()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
        return parse_text(self.spec, text, codes)

    def set_value(self, value: Any, choices: list[tuple[Any, str]] | None = None) -> None:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, DateField):
            widget.set_value(value)
        elif isinstance(widget, QComboBox):
            fill_combo(widget, choices or [], value)
        elif isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != (value or ""):
                widget.setPlainText(value or "")
            widget.document().setModified(False)
        else:
            numeric = self.spec.kind in NUMERIC  # with separators; typing them back is fine
            widget.setText(display_text(self.spec, value) if numeric else edit_text(self.spec, value))
            if not widget.hasFocus():
                widget.setCursorPosition(0)  # a text longer than the field shows its start, not its end

    def is_modified(self) -> bool:
        """Typed into but not yet stored: a reload must not overwrite what the user is typing."""
        widget = self.widget
        if isinstance(widget, QPlainTextEdit):
            return widget.document().isModified()
        return isinstance(widget, QLineEdit) and widget.isModified()

    def mark_stored(self) -> None:
        if isinstance(self.widget, QPlainTextEdit):
            self.widget.document().setModified(False)
        elif isinstance(self.widget, QLineEdit):
            self.widget.setModified(False)

    def show_problem(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def show_advice(self, text: str | None) -> None:
        self.advice.setText(text or "")
        self.advice.setVisible(bool(text))


Advice = Callable[[Any], "str | None"]


class RecordForm(QWidget):
    """A form over one row. `singleton=True` edits the table's one row; otherwise call set_row_id().
    `advice` maps a field to a check of its stored value whose message (in orange, under the field)
    warns without refusing, e.g. a credit code whose check character does not match."""

    committed = Signal(str)  # the field just stored

    def __init__(
        self,
        context,
        table: type[SQLModel],
        fields: Sequence[ColumnSpec | str],
        *,
        singleton: bool = False,
        advice: Mapping[str, Advice] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context, self.table, self.singleton = context, table, singleton
        self.advice = dict(advice or {})
        self.specs = [resolve(f if isinstance(f, ColumnSpec) else ColumnSpec(f), table) for f in fields]
        self.row: SQLModel | None = None
        self.editors: dict[str, FieldEditor] = {}
        self._choices: dict[str, list[tuple[Any, str]]] = {}
        self._build_fields()
        context.data_changed.connect(self._on_data_changed)
        if singleton:
            self.reload()
        else:
            self.set_row_id(None)

    def _build_fields(self) -> None:
        layout = QFormLayout(self)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._load_choices()
        for spec in self.specs:
            editor = FieldEditor(spec, self._choices.get(spec.field), self)
            editor.connect(lambda *_args, field=spec.field: self.commit(field))
            label = QLabel(spec.title, self)
            label.setBuddy(editor.widget)
            layout.addRow(label, editor.container)
            self.editors[spec.field] = editor

    def _load_choices(self) -> None:
        audit = self.context.audit
        for spec in self.specs:
            fixed = choices_of(spec)
            if fixed is not None:
                self._choices[spec.field] = fixed
            elif spec.kind == Kind.reference and audit is not None:
                ref = spec.reference
                rows = services.rows(audit, table_class(ref.table))
                empty = [(None, "")] if spec.nullable else []
                self._choices[spec.field] = empty + [(r.id, self._reference_label(r, ref)) for r in rows]

    @staticmethod
    def _reference_label(row: SQLModel, ref) -> str:
        code = str(getattr(row, ref.code_field) or row.id)
        name = getattr(row, ref.name_field) if ref.name_field else None
        return f"{name} ({code})" if name and name != code else code

    @property
    def watched_tables(self) -> set[str]:
        return {self.table.__tablename__} | {s.reference.table for s in self.specs if s.reference}

    def _on_data_changed(self, tables: set[str]) -> None:
        if tables & self.watched_tables:
            self.reload()

    def set_row_id(self, row_id: int | None) -> None:
        """Show the row with this id (None: an empty, disabled form)."""
        self.row = services.get(self.context.audit, self.table, row_id) if row_id is not None else None
        self._fill()

    def reload(self) -> None:
        if self.context.audit is None:
            self.row = None
        elif self.singleton:
            self.row = services.singleton(self.context.audit, self.table)
        elif self.row is not None:
            try:
                self.row = services.get(self.context.audit, self.table, self.row.id)
            except AuditError:  # the row was deleted (or its addition undone)
                self.row = None
        self._load_choices()
        self._fill()

    def _fill(self) -> None:
        enabled = self.row is not None and self.row.id is not None and not self.context.read_only
        for field, editor in self.editors.items():
            value = getattr(self.row, field) if self.row is not None else None
            if not editor.is_modified() or self.row is None:
                editor.set_value(value, self._choices.get(field))
            editor.widget.setEnabled(enabled)
            check = self.advice.get(field)
            editor.show_advice(check(value) if check and value not in (None, "") else None)

    def commit(self, field: str) -> bool:
        """Store the field's value if it changed: one undo command. False (with a message) if refused."""
        editor = self.editors[field]
        if self.row is None or self.row.id is None:
            return False
        try:
            value = editor.value()
        except ValueError as exc:
            editor.show_problem(str(exc))
            return False
        if value == getattr(self.row, field):
            editor.show_problem(None)
            editor.mark_stored()
            return True
        merged = {**row_values(self.row), field: value}
        problems = [p.message for p in row_problems(self.table, merged, self.row.id) if p.field == field]
        if problems:
            editor.show_problem(problems[0])
            return False
        command = UpdateFieldsCommand(
            self.context.audit,
            self.table,
            self.row.id,
            {field: value},
            _("修改“{0}”").format(editor.spec.title),
        )
        try:
            self.context.execute(command)
        except AuditError as exc:
            editor.show_problem(exc.message)
            return False
        editor.show_problem(None)
        editor.mark_stored()
        self.committed.emit(field)
        return True
