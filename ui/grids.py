"""Grids whose cells are rows of a child table keyed by a row and a column: the multi-year inventory
(items × periods → InventoryValue) and the focus score matrix (candidates × criteria → FocusScore).
Typing a number in an empty cell adds the child row, changing it updates it, clearing it deletes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from sqlmodel import SQLModel

from cp_audit import services
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.models import (
    DischargeLimit,
    DischargeStandard,
    EmissionPoint,
    InventoryItem,
    InventoryValue,
    Period,
    ProductionLine,
)
from cp_audit.models.base import ItemCategory, Medium, PeriodKind
from cp_audit.validation import field_problems
from ui.cells import CellErrors, CellProblem, CopyRole, RowIdRole
from ui.columns import typeset_unit
from ui.formatting import format_date, format_number, format_plain, parse_number
from ui.undo import AddRowCommand, DeleteRowsCommand, ServiceCommand, UpdateFieldsCommand

Index = QModelIndex | QPersistentModelIndex
PART_YEAR_BACKGROUND = QColor("#fff3e0")
PROBLEM_FOREGROUND = QColor("#b71c1c")


class KeyedCellModel(QAbstractTableModel):
    """Base of the grids. A subclass sets `cell_table`, `value_field`, `row_key`, `column_key`, loads
    its rows and columns in `load()`, and maps a view cell to (row entity id, column entity id)."""

    cell_table: ClassVar[type[SQLModel]]
    value_field: ClassVar[str]
    row_key: ClassVar[str]
    column_key: ClassVar[str]
    watched_tables: ClassVar[set[str]] = set()

    problem_found = Signal(str)
    recomputed = Signal()  # after every reload, reset or not

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.cells: dict[tuple[int, int], SQLModel] = {}
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, tables: set[str]) -> None:
        if tables & self.watched_tables:
            self.reload()

    def reload(self) -> None:
        """Read again; the view keeps its current cell (and open editors) unless rows or columns changed."""
        state = self.fetch()
        audit = self.context.audit
        records = self.fetch_cells(state) if audit is not None else []
        state["cells"] = {(getattr(r, self.row_key), getattr(r, self.column_key)): r for r in records}
        reshaped = self.shape(state) != self.shape(vars(self))
        if reshaped:
            self.beginResetModel()
        vars(self).update(state)
        self.after_load()
        if reshaped:
            self.endResetModel()
        elif self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
        self.recomputed.emit()

    def fetch(self) -> dict[str, Any]:
        """The rows and columns (as attributes to set) read from the audit."""
        raise NotImplementedError

    def fetch_cells(self, state: Mapping[str, Any]) -> list[SQLModel]:
        """The cell records of the rows and columns in `state` (all of the table unless narrowed)."""
        return services.rows(self.context.audit, self.cell_table)

    def shape(self, state: Mapping[str, Any]) -> tuple:
        """What identifies the rows and columns; a change of shape resets the view."""
        raise NotImplementedError

    def after_load(self) -> None:
        """Derived figures that need the cells (totals, ranks)."""

    def keys(self, row: int, column: int) -> tuple[int, int] | None:
        """The (row entity, column entity) ids of an editable cell; None for other cells."""
        raise NotImplementedError

    def record(self, row: int, column: int) -> SQLModel | None:
        keys = self.keys(row, column)
        return self.cells.get(keys) if keys else None

    def cell_value(self, row: int, column: int) -> float | None:
        record = self.record(row, column)
        return getattr(record, self.value_field) if record is not None else None

    def total_rows(self) -> int:
        return self.rowCount()

    def column_spec(self, column: int):
        return None

    def choices(self, column: int):
        return None

    def headers(self) -> list[str]:
        return [
            str(self.headerData(c, Qt.Orientation.Horizontal)).replace("\n", " ")
            for c in range(self.columnCount())
        ]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.keys(index.row(), index.column()) and not self.context.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = value if isinstance(value, str) else format_plain(value)
        try:
            self.set_cells({(index.row(), index.column()): text}, _("修改数值"))
        except AuditError as exc:
            self.problem_found.emit(exc.message)
            return False
        return True

    def set_cells(self, cells: Mapping[tuple[int, int], str], text: str) -> None:
        """Put numbers into cells as one undo step, all or nothing; raises CellErrors."""
        problems: list[CellProblem] = []
        commands: list[ServiceCommand] = []
        for (row, column), typed in sorted(cells.items()):
            keys = self.keys(row, column) if row < self.rowCount() and column < self.columnCount() else None
            if keys is None or self.context.read_only:
                problems.append(
                    CellProblem(row, column, _("这个单元格不能修改（只能在已有的行和列中填写数值）。"))
                )
                continue
            try:
                value = parse_number(typed)
            except ValueError as exc:
                problems.append(CellProblem(row, column, str(exc)))
                continue
            messages = field_problems(self.cell_table, self.value_field, value)
            if messages:
                problems.append(CellProblem(row, column, messages[0]))
                continue
            commands += self._command(keys, value)
        if problems:
            raise CellErrors(
                problems, self.headers(), _("没有填入任何内容：下列单元格的值无效，表格未作修改。")
            )
        if commands:
            self.context.execute_all(text, commands)

    def _command(self, keys: tuple[int, int], value: float | None) -> list[ServiceCommand]:
        audit, record = self.context.audit, self.cells.get(keys)
        if record is None:
            if value is None:
                return []
            values = {self.row_key: keys[0], self.column_key: keys[1], self.value_field: value}
            return [AddRowCommand(audit, self.cell_table, values, _("填写数值"))]
        if value is None:
            return [DeleteRowsCommand(audit, self.cell_table, [record.id], _("清除数值"))]
        if value == getattr(record, self.value_field):
            return []
        return [
            UpdateFieldsCommand(audit, self.cell_table, record.id, {self.value_field: value}, _("修改数值"))
        ]


class InventoryGridModel(KeyedCellModel):
    """历年数据: the items of some categories as rows (unit in the row header), periods as columns.
    A part-year period's column is marked 非全年; pollutant values above an applied limit are red."""

    cell_table = InventoryValue
    value_field = "value"
    row_key = "item_id"
    column_key = "period_id"
    watched_tables = {
        "inventory_item",
        "inventory_value",
        "period",
        "production_line",
        "emission_point",
        "discharge_limit",
        "discharge_standard",
    }

    def __init__(self, context, categories: Sequence[ItemCategory], parent=None):
        self.categories = tuple(categories)
        self.items: list[InventoryItem] = []
        self.periods: list[Period] = []
        self.owners: dict[tuple[str, int], str] = {}
        self.limits: dict[tuple[Medium, str], list[tuple[DischargeLimit, str]]] = {}
        super().__init__(context, parent)

    def fetch(self) -> dict[str, Any]:
        audit = self.context.audit
        if audit is None:
            return {"items": [], "periods": [], "owners": {}, "limits": {}}
        owners = {("line", r.id): r.name_zh for r in services.rows(audit, ProductionLine)}
        owners |= {("point", r.id): r.name_zh for r in services.rows(audit, EmissionPoint)}
        return {
            "items": [i for c in self.categories for i in services.rows(audit, InventoryItem, category=c)],
            "periods": services.rows(audit, Period),
            "owners": owners,
            "limits": self._load_limits(),
        }

    def shape(self, state: Mapping[str, Any]) -> tuple:
        return tuple(i.id for i in state.get("items", [])), tuple(p.id for p in state.get("periods", []))

    def fetch_cells(self, state: Mapping[str, Any]) -> list[InventoryValue]:
        # only this grid's items: a page shows one grid per category, each reading every value was
        # 100,000 records per grid on a big audit
        return services.rows_where_in(self.context.audit, InventoryValue, "item_id", [i.id for i in state["items"]])

    def _load_limits(self) -> dict[tuple[Medium, str], list[tuple[DischargeLimit, str]]]:
        applied = {s.id: s for s in services.rows(self.context.audit, DischargeStandard) if s.applied}
        limits: dict[tuple[Medium, str], list[tuple[DischargeLimit, str]]] = {}
        for limit in services.rows(self.context.audit, DischargeLimit):
            standard = applied.get(limit.standard_id)
            if standard is not None:
                limits.setdefault((standard.medium, limit.param), []).append((limit, standard.name_zh))
        return limits

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.periods)

    def keys(self, row: int, column: int) -> tuple[int, int] | None:
        if 0 <= row < len(self.items) and 0 <= column < len(self.periods):
            return self.items[row].id, self.periods[column].id
        return None

    def item_label(self, item: InventoryItem) -> str:
        owner = self.owners.get(("line", item.line_id)) or self.owners.get(("point", item.point_id))
        name = f"{item.name_zh} ({typeset_unit(item.unit)})" if item.unit else item.name_zh
        return f"{owner} · {name}" if owner else name

    def exceedance(self, item: InventoryItem, value: float, unit: str) -> str | None:
        """Why a pollutant value breaks an applied limit, or None."""
        medium = {ItemCategory.water_pollutant: Medium.water, ItemCategory.air_pollutant: Medium.air}.get(
            item.category
        )
        for limit, standard in self.limits.get((medium, item.key), []) if medium else []:
            if limit.unit != unit:
                continue
            if limit.limit_max is not None and value > limit.limit_max:
                return _("高于《{0}》限值 {1} {2}").format(
                    standard, format_number(limit.limit_max), typeset_unit(unit)
                )
            if limit.limit_min is not None and value < limit.limit_min:
                return _("低于《{0}》下限 {1} {2}").format(
                    standard, format_number(limit.limit_min), typeset_unit(unit)
                )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, period = self.items[index.row()], self.periods[index.column()]
        record = self.record(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and period.kind == PeriodKind.part_year:
            return QBrush(PART_YEAR_BACKGROUND)
        if role == RowIdRole:
            return record.id if record is not None else None
        if record is None:
            return None
        unit = record.unit or item.unit
        if role == Qt.ItemDataRole.DisplayRole:
            suffix = f" {typeset_unit(record.unit)}" if record.unit and record.unit != item.unit else ""
            return format_number(record.value) + suffix
        if role in (Qt.ItemDataRole.EditRole, CopyRole):
            return format_plain(record.value)
        problem = self.exceedance(item, record.value, unit)
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return QBrush(PROBLEM_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(t for t in (problem, record.note) if t) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.items):
                return self.item_label(self.items[section])
            return None
        if not 0 <= section < len(self.periods):
            return None
        period = self.periods[section]
        part = period.kind == PeriodKind.part_year
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{period.label_zh}\n{_('非全年')}" if part else period.label_zh
        if role == Qt.ItemDataRole.ToolTipRole:
            days = (
                _("运行 {0} 天").format(format_number(period.operating_days)) if period.operating_days else ""
            )
            return " ".join(t for t in (format_date(period.start), "–", format_date(period.end), days) if t)
        if role == Qt.ItemDataRole.FontRole and part:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and part:
            return QBrush(QColor("#e65100"))
        return None
