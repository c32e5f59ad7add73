"""The option register of phase 4 (方案汇总): every option with the columns the register shows, a proxy
that filters it (text, aspect, cost class, status, phase proposed) and sorts by value, and the engine's
tallies by aspect, cost class and status as a read-only table."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from cp_audit.calc.scoring import CostClass, classify_cost
from cp_audit.i18n import N_, _
from cp_audit.models import OptionEffect
from cp_audit.models.base import Aspect, OptionStatus, Screening
from ui.cells import CopyRole
from ui.columns import ColumnEnum, ColumnSpec, Kind, enum_label
from ui.formatting import format_number, format_plain
from ui.table_models import RowTableModel
from ui.tables.options import COST_CLASS_LABELS, OptionTableModel, cost_class

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


def payback(option, model) -> float | None:
    """I / P from the engine's figures of the option (None when P is missing or not positive)."""
    figures = model.figures.get(option.code) if model.figures else None
    return figures.simple_payback if figures is not None else None


class OptionRegisterModel(OptionTableModel):
    """方案汇总表: all options; the cost class follows the audit's limits, the payback the engine."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=24)
        aspect = ColumnSpec("aspect", width_chars=10)
        proposed_in_phase = ColumnSpec("proposed_in_phase")
        source = ColumnSpec("source_zh", width_chars=10)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        cost_class = ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class)
        expected_savings = ColumnSpec("expected_savings", kind=Kind.money, unit=N_("元/年"))
        payback = ColumnSpec(
            "payback", header=N_("静态回收期"), unit=N_("年"), compute=payback, kind=Kind.number, decimals=2
        )
        screening = ColumnSpec("screening")
        status = ColumnSpec("status")
        description = ColumnSpec("description_zh", kind=Kind.long_text, width_chars=30)

    figures: dict[str, Any] | None = None  # option code -> engine OptionFigures, set by the page

    def set_figures(self, figures: Mapping[str, Any] | None) -> None:
        self.figures = dict(figures or {})
        if self.rowCount():  # the computed columns read the figures
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        text = super().headerData(section, orientation, role)
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return header_lines(text) if horizontal and text else text

    def cost_group(self, row: int) -> CostClass:
        """无/低费 or 中/高费 (中费 and 高费 count as 中/高费); unclassified without an investment."""
        option = self.row(row)
        return classify_cost(option.investment, self.thresholds(), option.code).cost_class.group


COST_GROUPS = (CostClass.no_low, CostClass.medium_high, CostClass.unclassified)


class OptionFilterProxy(QSortFilterProxyModel):
    """Filters the register and sorts by the values (numbers as numbers, empty cells last). It passes
    the editing calls of a TableEditor (add, delete, paste) through to the register."""

    problem_found = Signal(str)

    def __init__(self, source: OptionRegisterModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.source = source
        self.context = source.context
        self.text = ""
        self.wanted: dict[str, Any] = {}  # field (or "cost_group") -> the value rows must have
        source.problem_found.connect(self.problem_found)
        source.fetch_all()

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().lower()
        self._end_filter_change()

    def set_wanted(self, field: str, value: Any) -> None:
        """Show only rows whose `field` is `value`; None shows every row."""
        self.beginFilterChange()
        if value is None:
            self.wanted.pop(field, None)
        else:
            self.wanted[field] = value
        self._end_filter_change()

    def _end_filter_change(self) -> None:
        self.source.fetch_all()  # the filter sees every option, not just the first batch
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        option = self.source.row(source_row)
        for field, value in self.wanted.items():
            actual = self.source.cost_group(source_row) if field == "cost_group" else getattr(option, field)
            if actual != value:
                return False
        if not self.text:
            return True
        words = (
            option.code,
            option.title_zh,
            option.description_zh,
            option.source_zh,
            enum_label(option.aspect),
        )
        return any(self.text in (w or "").lower() for w in words)

    def lessThan(self, left: Index, right: Index) -> bool:
        a = _sort_key(self.source.value(left.row(), left.column()))
        b = _sort_key(self.source.value(right.row(), right.column()))
        return a < b

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:  # rows numbered as shown, not as in the register
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        return super().headerData(section, orientation, role)

    # ---- what a TableEditor asks of its model ------------------------------------------------------

    def total_rows(self) -> int:
        return self.rowCount()

    def column_spec(self, column: int):
        return self.source.column_spec(column)

    def choices(self, column: int):
        return self.source.choices(column)

    def row_of_id(self, row_id: int) -> int | None:
        row = self.source.row_of_id(row_id)
        if row is None:
            return None
        mapped = self.mapFromSource(self.source.index(row, 0))
        return mapped.row() if mapped.isValid() else None

    def add_row(self, values: Mapping[str, Any] | None = None) -> int | None:
        # a new option must be seen: it gets the values the filters ask for (except the computed class)
        wanted = {k: v for k, v in self.wanted.items() if k != "cost_group"}
        row = self.source.add_row({**wanted, **(values or {})})
        if row is None:
            return None
        mapped = self.mapFromSource(self.source.index(row, 0))
        return mapped.row() if mapped.isValid() else None

    def delete_rows(self, rows) -> bool:
        return self.source.delete_rows([self._source_row(r) for r in rows if r < self.rowCount()])

    def set_cells(self, cells: Mapping[tuple[int, int], str], text: str) -> None:
        extra = self.source.rowCount() - self.rowCount()  # pasted rows past the end become new options
        mapped = {
            (self._source_row(r) if r < self.rowCount() else r + extra, c): t for (r, c), t in cells.items()
        }
        self.source.set_cells(mapped, text)

    def _source_row(self, row: int) -> int:
        return self.mapToSource(self.index(row, 0)).row()


def header_lines(text: str, width: int = 18) -> str:
    """A header's unit on a line of its own and long (English) words wrapped, so columns stay narrow."""
    name, bracket, unit = text.partition(" (")
    lines = textwrap.wrap(name, width) or [name]
    return "\n".join(lines + ([bracket.strip() + unit] if bracket else []))


def _sort_key(value: Any) -> tuple:
    if value is None or value == "":
        return (2, 0, ())
    if isinstance(value, Enum):
        return (1, list(type(value)).index(value), ())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, ())
    return (1, 0, natural_key(str(value)))


def natural_key(text: str) -> tuple:
    """F2 before F10: digit runs compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part
    )


class TallyTableModel(QAbstractTableModel):
    """方案分类汇总: number of options, Σ investment and Σ expected savings per group, from the engine's
    tallies (by aspect, by cost class, by status); read-only."""

    HEADERS = (N_("方案数"), N_("投资合计 (元)"), N_("预期年经济效益合计 (元/年)"), N_("方案编号"))

    def __init__(self, labels: Mapping[str, str], parent=None):
        super().__init__(parent)
        self.labels = dict(labels)  # group key -> label msgid, in display order
        self.tallies: dict[str, Any] = {}
        self.keys: list[str] = list(self.labels)

    def set_tallies(self, tallies: Mapping[str, Any] | None, total: Any = None) -> None:
        self.beginResetModel()
        self.tallies = dict(tallies or {})
        if total is not None:
            self.tallies["__total__"] = total
        self.keys = [k for k in self.labels if k in self.tallies] + (
            ["__total__"] if total is not None else []
        )
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def value(self, row: int, column: int) -> Any:
        tally = self.tallies[self.keys[row]]
        return (tally.count, tally.investment, tally.savings, _("、").join(tally.codes))[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() in (1, 2):
                return format_number(value, 2)
            return format_number(value) if index.column() == 0 else value
        if role in (Qt.ItemDataRole.EditRole, CopyRole):
            return format_plain(value) if index.column() < 3 else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = index.column() < 3
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            missing = self.tallies[self.keys[index.row()]].savings_missing
            return _("其中 {0} 个方案未估算经济效益。").format(missing) if missing else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return header_lines(_(self.HEADERS[section])) if 0 <= section < len(self.HEADERS) else None
        if 0 <= section < len(self.keys):
            key = self.keys[section]
            return _("合计") if key == "__total__" else _(self.labels[key])
        return None


ASPECT_LABELS = {a.value: a.label for a in Aspect}
CLASS_LABELS = {c.value: COST_CLASS_LABELS[c] for c in (CostClass.no_low, CostClass.medium_high)}
STATUS_LABELS = {s.value: s.label for s in OptionStatus}
SCREENING_LABELS = {s.value: s.label for s in Screening}


class StudyOptionModel(OptionRegisterModel):
    """4.4 研制方案: the options kept for the feasibility study, with what they are and what they cost."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=22)
        aspect = ColumnSpec("aspect", width_chars=8)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        cost_class = ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class)
        expected_savings = ColumnSpec("expected_savings", kind=Kind.money, unit=N_("元/年"))
        description = ColumnSpec("description_zh", kind=Kind.long_text, width_chars=40)


class DirectOptionModel(OptionRegisterModel):
    """4.5 继续实施无/低费方案: the directly implementable options and how far their implementation is."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=22)
        cost_class = ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class)
        status = ColumnSpec("status")
        start_on = ColumnSpec("start_on")
        end_on = ColumnSpec("end_on")
        note = ColumnSpec("implementation_note_zh", kind=Kind.long_text, width_chars=30)


class LowCostResultModel(OptionRegisterModel):
    """4.6 核定无/低费方案实施效果: expected against verified investment and savings."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=22)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        actual_investment = ColumnSpec("actual_investment", kind=Kind.money, unit=N_("元"))
        expected_savings = ColumnSpec("expected_savings", kind=Kind.money, unit=N_("元/年"))
        actual_savings = ColumnSpec("actual_savings", kind=Kind.money, unit=N_("元/年"))
        status = ColumnSpec("status")


class OptionEffectTableModel(RowTableModel):
    """Annual effects of the selected option on resources (positive = saving), expected or actual."""

    table = OptionEffect

    class Column(ColumnEnum):
        resource = ColumnSpec("resource_key", width_chars=15)
        value = ColumnSpec("value")
        unit = ColumnSpec("unit", width_chars=8)
