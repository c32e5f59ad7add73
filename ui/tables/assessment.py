"""Table models of phase 3 评估: unit operations and external nodes, balances, streams and their factors,
causes; and the engine's figures of one balance (closure per unit operation, reconciliation), read-only."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cp_audit import services
from cp_audit.i18n import N_, _
from cp_audit.models import Balance, Cause, Node, Stream, StreamFactor
from cp_audit.models.base import DataStatus, NodeKind
from ui.cells import CopyRole
from ui.columns import ColumnEnum, ColumnSpec, Kind, enum_label, typeset_unit
from ui.formatting import format_number, format_plain
from ui.live_results import RefreshSoon, live_results
from ui.table_models import Index, RowTableModel

OVER_TOLERANCE = QColor("#ffcdd2")  # a closure beyond the tolerance, as the report marks it
OVER_TOLERANCE_TEXT = QColor("#b71c1c")
SUSPECT = QColor("#ffe0b2")
#: What the focus figures read (balances, reconciliation, causes): a change refreshes them.
FOCUS_TABLES = frozenset({"node", "balance", "stream", "stream_factor", "cause", "audit_info"})
BALANCE_DECIMALS = 4  # the reference audit's balance tables: 4 decimals in m³/d and kg/d
PERCENT_DECIMALS = 2


class NodeTableModel(RowTableModel):
    """单元操作 of the focus, and the external sources and sinks on its boundary."""

    table = Node
    code_prefix = "U"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=14)
        kind = ColumnSpec("kind", width_chars=12)
        name = ColumnSpec("name_zh", width_chars=16)
        function = ColumnSpec("function_zh", kind=Kind.long_text, width_chars=24)
        equipment = ColumnSpec("equipment_zh", kind=Kind.long_text, width_chars=20)
        parameters = ColumnSpec("parameters_zh", kind=Kind.long_text, width_chars=24)
        is_product = ColumnSpec("is_product", width_chars=8)


class BalanceTableModel(RowTableModel):
    table = Balance
    code_prefix = "balance"

    class Column(ColumnEnum):
        key = ColumnSpec("key", width_chars=8)
        kind = ColumnSpec("kind", width_chars=12)
        name = ColumnSpec("name_zh", width_chars=12)
        substance = ColumnSpec("substance", width_chars=14)
        unit = ColumnSpec("unit", width_chars=8)
        tolerance = ColumnSpec("tolerance_pct", width_chars=10)


def balance_quantity(stream: Stream, model: StreamTableModel) -> float | None:
    return model.balance_value(stream)


class StreamTableModel(RowTableModel):
    """The streams of one balance (filter `balance_id`), with the quantity the engine takes for each
    in the balance's unit beside what was entered (a calculated stream has only the former)."""

    table = Stream
    code_prefix = "S-"
    watch = frozenset({"balance"})

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=8)
        name = ColumnSpec("name_zh", width_chars=16)
        source = ColumnSpec("from_node_id", width_chars=10)
        target = ColumnSpec("to_node_id", width_chars=10)
        calc = ColumnSpec("calc", header=N_("类别"), width_chars=18)
        value = ColumnSpec("value", width_chars=10)
        unit = ColumnSpec("unit", width_chars=6)
        quantity = ColumnSpec(
            "balance_quantity", header=N_("平衡量"), compute=balance_quantity, decimals=BALANCE_DECIMALS
        )
        basis = ColumnSpec("basis", width_chars=6)
        status = ColumnSpec("status", width_chars=12)
        method = ColumnSpec("method_zh", kind=Kind.long_text, width_chars=24)
        uncertainty = ColumnSpec("uncertainty_pct", width_chars=8)

    def __init__(self, context, filters=None, parent=None):
        self.live = live_results(context)
        super().__init__(context, filters, parent)
        self._soon = RefreshSoon(context, set(FOCUS_TABLES), self._on_results_updated, self)

    def balance(self) -> Balance | None:
        balance_id = (self.filters or {}).get("balance_id")
        if balance_id is None or self.context.audit is None:
            return None
        return next((b for b in services.rows(self.context.audit, Balance) if b.id == balance_id), None)

    def reload(self) -> None:
        self._balance = self.balance()
        super().reload()

    def balance_value(self, stream: Stream) -> float | None:
        results = self.live.results()
        if results is None or self._balance is None:
            return None
        figures = results.assessment.balances.get(self._balance.key)
        return figures.stream_values.get(stream.code) if figures else None

    def _on_results_updated(self) -> None:
        column = self.Column.quantity.index
        if self.rowCount():
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and section == self.Column.quantity.index
            and self._balance is not None
        ):
            return f"{_('平衡量')} ({typeset_unit(self._balance.unit)})"
        return super().headerData(section, orientation, role)

    def new_row_values(self, taken: set[str] | None = None) -> dict[str, Any]:
        """A new stream runs from the first source to the first sink (else the first unit operation)
        until the user says otherwise (both ends are required), in the balance's unit. Typed from left
        to right, 来自 = U1 then gives U1 → sink, never the refused U1 → U1."""
        self.code_prefix = self._prefix()
        values = super().new_row_values(taken)
        nodes = services.rows(self.context.audit, Node)
        source = next((n for n in nodes if n.kind == NodeKind.source), None)
        sink = next((n for n in nodes if n.kind == NodeKind.sink), None)
        unit = next((n for n in nodes if n.kind == NodeKind.unit_operation), None)
        if source and (sink or unit):
            values.setdefault("from_node_id", source.id)
            values.setdefault("to_node_id", (sink or unit).id)
        if self._balance is not None:
            values.setdefault("unit", self._balance.unit)
        return values

    def _prefix(self) -> str:
        """The prefix of this balance's codes (W- for W-01), so a new stream continues the series."""
        for row in self._rows:
            match = re.fullmatch(r"(.*?)(\d+)", row.code or "")
            if match:
                return match[1]
        return "S-"

    def _all_rows_of_table(self):
        return self._rows  # stream codes are unique within a balance only


class StreamFactorTableModel(RowTableModel):
    """The measured factors of one calculated stream (filter `stream_id`): carrier quantity, mass
    fraction or concentration, area, thickness, density."""

    table = StreamFactor

    class Column(ColumnEnum):
        role = ColumnSpec("role", width_chars=10)
        value = ColumnSpec("value", width_chars=10)
        unit = ColumnSpec("unit", width_chars=8)


class CauseTableModel(RowTableModel):
    table = Cause
    code_prefix = "C"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=7)
        aspect = ColumnSpec("aspect", width_chars=12)
        location = ColumnSpec("location_zh", width_chars=10)
        cause = ColumnSpec("cause_zh", kind=Kind.long_text, width_chars=40)


# ---- figures of one balance (read-only) --------------------------------------------------------------


class FiguresTableModel(QAbstractTableModel):
    """Base of the read-only models over one balance's figures: rows of plain values, a header per
    column, refreshed when the engine has recomputed. Subclasses fill `rows` in `collect()`."""

    headers: tuple[str, ...] = ()  # msgids; "{unit}" is replaced by the balance's unit

    def __init__(self, context, parent=None):
        super().__init__(parent)
        self.context = context
        self.live = live_results(context)
        self.balance_key: str | None = None
        self.figures = None
        self.rows: list[tuple[Any, ...]] = []
        self._soon = RefreshSoon(context, set(FOCUS_TABLES), self.reload, self)

    def set_balance(self, key: str | None) -> None:
        self.balance_key = key
        self.reload()

    def reload(self) -> None:
        results = self.live.results()
        figures = results.assessment.balances.get(self.balance_key) if results and self.balance_key else None
        rows = self.collect(figures) if figures is not None else []
        if len(rows) == len(self.rows) and figures is not None and self.figures is not None:
            self.figures, self.rows = figures, rows
            if rows:
                last = self.index(len(rows) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self.figures, self.rows = figures, rows
        self.endResetModel()

    def collect(self, figures) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def unit(self) -> str:
        return typeset_unit(self.figures.unit) if self.figures is not None else ""

    def rowCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if 0 <= section < len(self.headers):
            return _(self.headers[section]).replace("{unit}", self.unit())
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def text(self, row: int, column: int) -> str:
        value = self.rows[row][column]
        if isinstance(value, float):
            return format_number(value, self.decimals(column))
        return "" if value is None else str(value)

    def decimals(self, column: int) -> int:
        return BALANCE_DECIMALS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = index.row(), index.column()
        value = self.rows[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == CopyRole:
            return format_plain(value) if isinstance(value, float) else self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return self.decorate(row, column, role)

    def decorate(self, row: int, column: int, role: int) -> Any:
        return None


class ClosureTableModel(FiguresTableModel):
    """Σin, Σout, difference and closure error of each unit operation and of the whole focus; a row
    beyond the balance's tolerance is red."""

    headers = (
        N_("单元"),
        N_("名称"),
        N_("闭合误差 (%)"),
        N_("Σ输入 ({unit})"),
        N_("Σ输出 ({unit})"),
        N_("差值 ({unit})"),
        N_("结论"),
    )
    ERROR_COLUMN = 2

    def collect(self, figures) -> list[tuple[Any, ...]]:
        if figures.result is None:
            return []
        names = (
            {n.code: n.name_zh for n in services.rows(self.context.audit, Node)} if self.context.audit else {}
        )
        rows = []
        for code, unit in figures.result.per_unit.items():
            rows.append(self._row(code, names.get(code, ""), unit, figures.tolerance_pct))
        rows.append(self._row(_("整体"), _("审核重点边界"), figures.result.overall, figures.tolerance_pct))
        return rows

    def _row(self, code: str, name: str, unit, tolerance: float) -> tuple[Any, ...]:
        """The shown values, then (not shown) whether the closure is beyond the tolerance."""
        applicable = getattr(unit, "applicable", True)
        if not applicable:
            return (code, name, None, None, None, None, _("无物流，不适用"), False)
        if unit.closure_error_pct is None:
            verdict = _("无输入，无法计算")
        elif unit.exceeds_tolerance:
            verdict = _("超出容许偏差 ±{0}%").format(format_number(tolerance))
        else:
            verdict = _("在容许偏差以内")
        return (
            code,
            name,
            unit.closure_error_pct,
            unit.total_in,
            unit.total_out,
            unit.difference,
            verdict,
            unit.exceeds_tolerance,
        )

    def decimals(self, column: int) -> int:
        return PERCENT_DECIMALS if column == self.ERROR_COLUMN else BALANCE_DECIMALS

    def is_over(self, row: int) -> bool:
        return bool(self.rows[row][-1])

    def decorate(self, row: int, column: int, role: int) -> Any:
        over = self.is_over(row)
        if role == Qt.ItemDataRole.BackgroundRole and over:
            return QBrush(OVER_TOLERANCE)
        if role == Qt.ItemDataRole.ForegroundRole and over:
            return QBrush(OVER_TOLERANCE_TEXT)
        if role == Qt.ItemDataRole.FontRole and row == len(self.rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column >= 2 and self.rows[row][3] is not None:
            return _("闭合误差 = (Σ输入 − Σ输出) / Σ输入 × 100%，正值为未计量的损失。")
        return None


class ReconciliationTableModel(FiguresTableModel):
    """Measured and reconciled quantity of each stream, the adjustment and its test statistic; the
    streams most likely to carry a gross error are marked."""

    headers = (
        N_("物流"),
        N_("名称"),
        N_("实测/估算"),
        N_("实测值 ({unit})"),
        N_("标准差 ({unit})"),
        N_("校正值 ({unit})"),
        N_("调整量 ({unit})"),
        N_("调整 (%)"),
        N_("标准化调整量"),
    )
    PERCENT_COLUMNS = (7, 8)

    def collect(self, figures) -> list[tuple[Any, ...]]:
        """Each stream's values, then (not shown) whether it is a likely gross error."""
        reconciliation = figures.reconciliation
        if reconciliation is None or self.context.audit is None:
            return []
        suspects = set(reconciliation.suspects)
        names = {s.code: s.name_zh for s in services.rows(self.context.audit, Stream)}
        rows = []
        for code, stream in reconciliation.streams.items():
            status = enum_label(DataStatus(stream.status))
            rows.append(
                (
                    code,
                    names.get(code, ""),
                    status,
                    stream.measured,
                    stream.sd,
                    stream.reconciled,
                    stream.adjustment,
                    stream.adjustment_pct,
                    stream.normalised_adjustment,
                    code in suspects,
                )
            )
        return rows

    def decimals(self, column: int) -> int:
        return PERCENT_DECIMALS if column in self.PERCENT_COLUMNS else BALANCE_DECIMALS

    def is_suspect(self, row: int) -> bool:
        return bool(self.rows[row][-1])

    def decorate(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self.is_suspect(row):
            return QBrush(SUSPECT)
        if role == Qt.ItemDataRole.ToolTipRole and self.is_suspect(row):
            return _("标准化调整量大于 1.96：此物流的数据可能有粗大误差，建议复测。")
        return None
