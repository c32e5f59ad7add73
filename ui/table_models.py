"""RowTableModel: the base of every table model, over the rows of one table of the open audit.

A concrete model names its table and declares a `Column` enum of ColumnSpecs:

    class BarrierTableModel(RowTableModel):
        table = Barrier
        code_prefix = "B"

        class Column(ColumnEnum):
            code = ColumnSpec("code")
            barrier = ColumnSpec("barrier_zh", kind=Kind.long_text)

Cells are formatted by the current locale; an edit is checked with cp_audit.validation before it is
sent, and becomes an undo command; rows reload when the audit reports a change to the table (or to a
table a reference column points at); rows are handed to the view in batches (fetchMore).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from pydantic_core import PydanticUndefined
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from sqlmodel import SQLModel

from cp_audit import services
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.models import table_class
from cp_audit.validation import REQUIRED_TEXT, row_problems
from ui.cells import CellErrors, CellProblem, CopyRole, RowIdRole, row_values
from ui.columns import ColumnEnum, ColumnSpec, Kind, choices_of, display_text, edit_text, parse_text, resolve
from ui.lazy_rows import LazyRows, ids_of
from ui.row_paste import paste_commands
from ui.undo import AddRowCommand, DeleteRowsCommand, UpdateFieldsCommand

__all__ = ["RowTableModel", "CellErrors", "CellProblem", "CopyRole", "RowIdRole", "row_values"]

CODE_FIELDS = ("code", "key", "param", "tag")  # a new row gets the next free code in these
Index = QModelIndex | QPersistentModelIndex


class _References:
    """The rows a reference column can point at: how each is shown, copied, and found by its code."""

    def __init__(self, rows: list[Any], code_field: str, name_field: str | None):
        self.codes = {r.id: str(getattr(r, code_field) or r.id) for r in rows}
        self.names = {
            r.id: str(getattr(r, name_field) or self.codes[r.id]) if name_field else self.codes[r.id]
            for r in rows
        }
        self.lookup = {**{name: i for i, name in self.names.items()}, **{c: i for i, c in self.codes.items()}}
        self.choices = [
            (
                r.id,
                f"{self.names[r.id]} ({self.codes[r.id]})"
                if self.names[r.id] != self.codes[r.id]
                else self.codes[r.id],
            )
            for r in rows
        ]


class RowTableModel(QAbstractTableModel):
    """Base of the table models; see the module docstring for how to declare one."""

    table: ClassVar[type[SQLModel]]
    Column: ClassVar[type[ColumnEnum]]
    specs: ClassVar[tuple[ColumnSpec, ...]] = ()
    code_prefix: ClassVar[str] = ""  # new rows get codes like F21 after F20
    watch: ClassVar[frozenset[str]] = frozenset()  # other tables that computed columns read
    batch_size: ClassVar[int] = 256

    problem_found = Signal(str)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "Column" in cls.__dict__:
            cls.specs = tuple(resolve(member.spec, cls.table) for member in cls.Column)

    def __init__(self, context, filters: Mapping[str, Any] | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.filters: dict[str, Any] | None = dict(filters or {})
        self._rows: Sequence[SQLModel] = []
        self._id_index: tuple[Sequence[SQLModel] | None, dict[int, int]] = (None, {})
        self._fetched = 0
        self._references: dict[int, _References] = {}
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    # ---- rows -------------------------------------------------------------------------------

    @property
    def watched_tables(self) -> set[str]:
        refs = {s.reference.table for s in self.specs if s.reference}
        return {self.table.__tablename__} | refs | set(self.watch)

    def _on_data_changed(self, tables: set[str]) -> None:
        touched = tables & self.watched_tables
        if not touched:
            return
        ids = self.context.changed_rows(self.table.__tablename__)
        if touched == {self.table.__tablename__} and ids is not None and self._refresh_rows(ids):
            return
        self.reload()

    def _refresh_rows(self, ids: set[int]) -> bool:
        """Re-read just these rows; False when that is not enough (a row left the filter or moved)."""
        fresh = {}
        for row_id in ids:
            row = self.row_of_id(row_id)
            if row is None:
                return False
            record = services.get(self.context.audit, self.table, row_id)
            old = self._rows[row]
            if any(getattr(record, k) != v for k, v in (self.filters or {}).items()) or getattr(
                record, "position", None
            ) != getattr(old, "position", None):
                return False
            fresh[row] = record
        for row, record in fresh.items():
            self._rows[row] = record
            if row < self._fetched:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def load_rows(self) -> Sequence[SQLModel]:
        audit = self.context.audit
        if audit is None or self.filters is None:
            return []
        # the ids now, the records when first shown: a table of 100,000 rows opens in milliseconds
        ids = services.row_ids(audit, self.table, **self.filters)
        return LazyRows(audit, self.table, ids, self.batch_size)

    def set_filters(self, filters: Mapping[str, Any] | None) -> None:
        """Show other rows (a detail table following its master); None shows none and adds none."""
        self.filters = dict(filters) if filters is not None else None
        self.reload()

    def reload(self) -> None:
        """Read the rows again; keep the view's rows and selection when only values changed."""
        rows = self.load_rows()
        self._load_references()
        old_ids, new_ids = ids_of(self._rows), ids_of(rows)
        if new_ids[: len(old_ids)] == old_ids and old_ids:
            visible_all = self._fetched == len(old_ids)
            self._rows = rows
            if self._fetched:
                self.dataChanged.emit(self.index(0, 0), self.index(self._fetched - 1, self.columnCount() - 1))
            if visible_all and len(new_ids) > len(old_ids):
                self.beginInsertRows(QModelIndex(), len(old_ids), len(new_ids) - 1)
                self._fetched = len(new_ids)
                self.endInsertRows()
            return
        self.beginResetModel()
        self._rows = rows
        self._fetched = min(len(rows), max(self._fetched, self.batch_size))
        self.endResetModel()

    def _load_references(self) -> None:
        self._references = {}
        audit = self.context.audit
        for column, spec in enumerate(self.specs):
            if spec.reference and audit is not None:
                target = table_class(spec.reference.table)
                self._references[column] = _References(
                    services.rows(audit, target), spec.reference.code_field, spec.reference.name_field
                )

    def row(self, row: int) -> SQLModel:
        return self._rows[row]

    def row_id(self, row: int) -> int:
        return self._rows[row].id

    def row_of_id(self, row_id: int) -> int | None:
        # a dict per list of rows: every edit looks its row up, and a scan of 100,000 rows costs milliseconds
        rows, index = self._id_index
        if rows is not self._rows:
            index = {row_id: i for i, row_id in enumerate(ids_of(self._rows))}
            self._id_index = (self._rows, index)
        return index.get(row_id)

    def total_rows(self) -> int:
        return len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._fetched < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(self.batch_size, len(self._rows) - self._fetched)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._fetched, self._fetched + more - 1)
        self._fetched += more
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    # ---- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._fetched

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.specs)

    def column_spec(self, column: int) -> ColumnSpec | None:
        return self.specs[column] if 0 <= column < len(self.specs) else None

    def headers(self) -> list[str]:
        return [s.title for s in self.specs]

    def value(self, row: int, column: int) -> Any:
        spec = self.specs[column]
        record = self._rows[row]
        return spec.compute(record, self) if spec.compute else getattr(record, spec.field)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._fetched:
            return None
        spec = self.specs[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(spec.alignment)
        if role == RowIdRole:
            return self._rows[index.row()].id
        value = self.value(index.row(), index.column())
        refs = self._references.get(index.column())
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind == Kind.bool:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return None if spec.kind == Kind.bool else display_text(spec, value, refs.names if refs else None)
        if role == Qt.ItemDataRole.EditRole:
            if spec.kind in (Kind.enum, Kind.reference, Kind.bool):
                return value
            return edit_text(spec, value)
        if role == CopyRole:
            return edit_text(spec, value, refs.codes if refs else None)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = display_text(spec, value, refs.names if refs else None)
            return text if len(text) > 30 or "\n" in text else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.specs[section].title if 0 <= section < len(self.specs) else None
        return str(section + 1)

    def is_editable(self, column: int) -> bool:
        spec = self.column_spec(column)
        return bool(spec and spec.editable and spec.kind != Kind.computed and not self.context.read_only)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.column()):
            kind = self.specs[index.column()].kind
            flags |= Qt.ItemFlag.ItemIsUserCheckable if kind == Kind.bool else Qt.ItemFlag.ItemIsEditable
        return flags

    def choices(self, column: int) -> list[tuple[Any, str]] | None:
        """What a list editor offers for this column: (value, label) pairs, or None for free text."""
        spec = self.specs[column]
        if spec.kind == Kind.reference:
            refs = self._references.get(column)
            return ([(None, "")] if spec.nullable else []) + (refs.choices if refs else [])
        return choices_of(spec)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self.is_editable(index.column()):
            return False
        spec = self.specs[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind == Kind.bool:
            value = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, str):
            try:
                value = parse_text(spec, value, self.reference_codes(index.column()))
            except ValueError as exc:
                self._report(index.row(), index.column(), str(exc))
                return False
        return self.commit(index.row(), {spec.field: value}, index.column())

    def reference_codes(self, column: int) -> dict[str, int]:
        """Code (or name) -> id of the rows a reference column may point at."""
        refs = self._references.get(column)
        return refs.lookup if refs else {}

    def _report(self, row: int, column: int, message: str) -> None:
        self.problem_found.emit(str(CellErrors([CellProblem(row, column, message)], self.headers())))

    # ---- edits ---------------------------------------------------------------------------------

    def commit(self, row: int, changes: Mapping[str, Any], column: int = 0) -> bool:
        """Send changed fields of one row as one undo command, after checking them; False if refused."""
        record = self._rows[row]
        changes = {k: v for k, v in changes.items() if getattr(record, k) != v}
        if not changes:
            return True
        merged = {**row_values(record), **changes}
        problems = [p.message for p in row_problems(self.table, merged, record.id) if p.field in changes]
        if problems:
            self._report(row, column, problems[0])
            return False
        header = self.specs[column].title if column < len(self.specs) else ""
        command = UpdateFieldsCommand(
            self.context.audit, self.table, record.id, changes, _("修改“{0}”").format(header)
        )
        return self._execute(lambda: self.context.execute(command), row, column)

    def _execute(self, action, row: int = 0, column: int = 0) -> bool:
        try:
            action()
        except AuditError as exc:
            self._report(row, column, exc.message)
            return False
        return True

    def new_row_values(self, taken: set[str] | None = None) -> dict[str, Any]:
        """Values of a new row: the model's filters, then defaults for fields that may not be empty."""
        values: dict[str, Any] = dict(self.filters)
        fields = self.table.model_fields
        for name in CODE_FIELDS:
            if name in fields and name not in values:
                values[name] = self.next_code(name, taken)
        for name in REQUIRED_TEXT.get(self.table.__tablename__, ()):
            default = fields[name].default
            if name not in values and not (isinstance(default, str) and default):
                values[name] = _("未命名")
        for name, info in fields.items():
            if name not in values and info.default is PydanticUndefined and info.default_factory is None:
                spec = resolve(ColumnSpec(name), self.table)
                if spec.kind == Kind.enum:
                    values[name] = next(iter(spec.enum_type))
        return values

    def next_code(self, field: str, taken: set[str] | None = None) -> str:
        """The next free code after the existing ones (F20 -> F21), unique also among `taken`."""
        existing = {str(getattr(r, field) or "") for r in self._all_rows_of_table()} | (taken or set())
        numbers = [
            int(m[2]) for c in existing if (m := re.fullmatch(rf"({re.escape(self.code_prefix)})(\d+)", c))
        ]
        number = max(numbers, default=0) + 1
        while f"{self.code_prefix}{number}" in existing:
            number += 1
        code = f"{self.code_prefix}{number}"
        if taken is not None:
            taken.add(code)
        return code

    def _all_rows_of_table(self) -> list[SQLModel]:
        # codes are unique over the whole table, not just the rows this (filtered) model shows
        return services.rows(self.context.audit, self.table) if self.filters != {} else self._rows

    def add_row(self, values: Mapping[str, Any] | None = None) -> int | None:
        """Add a row (defaults, then `values`) as one undo command; returns its view row, or None."""
        if self.filters is None:
            self.problem_found.emit(_("请先在上面的表中选择一行，再添加。"))
            return None
        command = AddRowCommand(self.context.audit, self.table, {**self.new_row_values(), **(values or {})})
        if not self._execute(lambda: self.context.execute(command), len(self._rows)):
            return None
        self.fetch_all()
        return self.row_of_id(command.row_id)

    def delete_rows(self, rows: Iterable[int]) -> bool:
        ids = [self._rows[r].id for r in sorted(set(rows)) if r < len(self._rows)]
        if not ids:
            return False
        command = DeleteRowsCommand(self.context.audit, self.table, ids)
        return self._execute(lambda: self.context.execute(command), min(rows))

    def set_cells(self, cells: Mapping[tuple[int, int], str], text: str) -> None:
        """Put texts into cells as ONE undo step, all or nothing (paste, clear). Rows past the last one
        are added. Raises CellErrors naming every cell that cannot take its text."""
        self.fetch_all()
        if self.filters is None:
            raise AuditError(_("请先在上面的表中选择一行，再粘贴。"))
        commands = paste_commands(self, cells)
        if commands:
            self.context.execute_all(text, commands)
