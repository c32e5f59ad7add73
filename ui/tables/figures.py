"""FigureTableModel: a read-only table of figures the engine computed (target attainment, evaluation
levels, CPPP funding), rebuilt from `live_results` after every change of the audit. Its columns are
FigureColumns: a header with its unit, how to read the value from a row, and how to show it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cp_audit.errors import AuditError
from cp_audit.i18n import N_, _
from ui.cells import CopyRole
from ui.formatting import format_number, format_plain
from ui.live_results import live_results
from ui.shown_refresh import ShownRefresh

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
GOOD = QColor("#2e7d32")
BAD = QColor("#c62828")
LEVEL_NAMES = {"I": N_("Ⅰ级"), "II": N_("Ⅱ级"), "III": N_("Ⅲ级"), "below_III": N_("未达Ⅲ级")}


SIGNIFICANT = -1  # FigureColumn.decimals: four significant digits, at least two decimals


def format_figure(value: float, decimals: int | None) -> str:
    if decimals == SIGNIFICANT:
        magnitude = math.floor(math.log10(abs(value))) if value else 1
        decimals = max(2, 3 - magnitude)
    return format_number(value, decimals)


def level_text(level: str | None) -> str:
    return _(LEVEL_NAMES[level]) if level in LEVEL_NAMES else ""


def yes_no(value: bool | None) -> str:
    return "" if value is None else (_("是") if value else _("否"))


@dataclass(frozen=True)
class FigureColumn:
    header: str  # msgid
    read: Callable[[Any], Any]
    unit: str | None = None  # msgid or a unit symbol, shown in the header
    decimals: int | None = None  # None: text; a number of decimals for numbers
    flag: bool = False  # a yes/no figure, green when yes and red when no
    unit_of_row: Callable[[Any], str] | None = None  # a unit that differs per row (shown in the cell)
    decimals_of_row: Callable[[Any], int | None] | None = None  # decimals that differ per row

    @property
    def title(self) -> str:
        return f"{_(self.header)} ({_(self.unit)})" if self.unit else _(self.header)

    def text(self, row: Any) -> str:
        value = self.read(row)
        if self.flag:
            return yes_no(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            decimals = self.decimals_of_row(row) if self.decimals_of_row is not None else self.decimals
            return format_figure(value, decimals)
        return "" if value is None else str(value)


class FigureTableModel(QAbstractTableModel):
    """Subclasses declare `columns` and `rows_of(results)`; the rows are whatever rows_of returns."""

    columns: ClassVar[tuple[FigureColumn, ...]] = ()

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self._rows: list[Any] = []
        self._refresh = ShownRefresh(context, None, self.reload, parent=self)
        self.reload()

    def follow(self, view) -> None:
        """Recompute only while `view` is on screen (and when it is shown again)."""
        self._refresh.follow(view)

    def rows_of(self, results) -> list[Any]:
        raise NotImplementedError

    def reload(self) -> None:
        results = live_results(self.context).results()
        rows = self.rows_of(results) if results is not None else []
        if len(rows) == len(self._rows) and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, row: int) -> Any:
        return self._rows[row]

    def total_rows(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headers(self) -> list[str]:
        return [c.title for c in self.columns]

    def column_spec(self, column: int):
        return None

    def choices(self, column: int):
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column, row = self.columns[index.column()], self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.text(row)
            if column.unit_of_row is not None and text:
                text = f"{text} {column.unit_of_row(row)}".rstrip()
            return text
        if role == CopyRole:
            value = column.read(row)
            if column.flag:
                return yes_no(value)
            return format_plain(value) if isinstance(value, (int, float)) else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column.decimals is not None or column.flag
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.flag and column.read(row) is not None:
            return QBrush(GOOD if column.read(row) else BAD)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def set_cells(self, cells, text: str) -> None:
        raise AuditError(_("这些数值由计算得出，不能直接修改；请修改它们所依据的数据。"))
