"""Tables of the economic evaluation (5.4 进行经济评估): an option's investment and annual savings lines,
the engine's evaluation of every option kept for study (I, P, N, NPV, NPVR, IRR, verdict), and an option's
cash flows year by year. Every figure comes from the engine (cp_audit.engine.options, calc.economics)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from cp_audit.calc import economics
from cp_audit.i18n import N_, _
from cp_audit.models import CashFlowYear, CashItem
from cp_audit.reports.content.economics_text import IRR_NOTES
from ui.cells import CopyRole, RowIdRole
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.formatting import format_number, format_plain
from ui.table_models import RowTableModel
from ui.tables.option_register import OptionRegisterModel, header_lines

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
FEASIBLE = QColor("#2e7d32")
NOT_FEASIBLE = QColor("#b71c1c")


def line_amount(item: CashItem, model: Any = None) -> float | None:
    """The amount of a line: as entered, or quantity × unit price as the engine takes it."""
    if item.amount is not None:
        return item.amount
    if item.quantity is None and item.unit_price is None:
        return None
    return economics.CashLine.priced(item.item_zh, item.quantity or 0.0, item.unit_price or 0.0).amount


class CashItemTableModel(RowTableModel):
    """投资和年运行费用明细 of one option: investment lines, savings and added operating costs."""

    table = CashItem

    class Column(ColumnEnum):
        kind = ColumnSpec("kind")
        item = ColumnSpec("item_zh", width_chars=24)
        quantity = ColumnSpec("quantity")
        unit = ColumnSpec("unit")
        unit_price = ColumnSpec("unit_price", unit=N_("元"))
        amount = ColumnSpec("amount", kind=Kind.money, unit=N_("元"))
        total = ColumnSpec(
            "total", header=N_("小计"), unit=N_("元"), compute=line_amount, kind=Kind.money, decimals=2
        )


class CashFlowYearTableModel(RowTableModel):
    """Year-by-year cash flows F_j of one option, where they are not uniform (a ramp-up year)."""

    table = CashFlowYear

    class Column(ColumnEnum):
        year = ColumnSpec("year")
        amount = ColumnSpec("amount", kind=Kind.money, unit=N_("元"))

    def new_row_values(self, taken: set[str] | None = None) -> dict[str, Any]:
        # the next year after the last one entered
        values = super().new_row_values(taken)
        values.setdefault("year", max((row.year for row in self._rows), default=0) + 1)
        values.setdefault("amount", 0.0)
        return values


def irr_text(result: economics.EconomicResult) -> str:
    """The IRR as a percentage, or 无内部收益率 with the reason: never a number then."""
    if result.irr is not None:
        return format_number(result.irr * 100, 2) + " %"
    reason = next((_(text) for prefix, text in IRR_NOTES if (result.irr_note or "").startswith(prefix)), None)
    return _("无内部收益率（{0}）").format(reason or result.irr_note or _("无法确定"))


def payback_text(result: economics.EconomicResult) -> str:
    return format_number(result.payback_years, 2) if result.payback_years is not None else _("不能收回投资")


def verdict_text(result: economics.EconomicResult) -> str:
    return _("可行") if result.verdict.feasible else _("不可行")


class EconomicsSummaryModel(QAbstractTableModel):
    """One row per option kept for study: I, P, N, NPV, NPVR, IRR and the verdict of the engine, or what
    is missing before it can evaluate the option."""

    HEADERS = (
        N_("编号"),
        N_("方案名称"),
        N_("总投资 I (元)"),
        N_("年净节省 P (元/年)"),
        N_("回收期 N (年)"),
        N_("净现值 NPV (元)"),
        N_("净现值率 NPVR (%)"),
        N_("内部收益率 IRR"),
        N_("结论"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.options: list[Any] = []  # engine OptionFigures, in register order
        self.ids: list[int] = []

    def set_options(self, options: list[tuple[int, Any]]) -> None:
        """(option id, engine figures) of the options to show."""
        self.beginResetModel()
        self.ids = [i for i, _f in options]
        self.options = [f for _i, f in options]
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.options)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def text(self, row: int, column: int) -> str:
        figures = self.options[row]
        if column == 0:
            return figures.code
        if column == 1:
            return figures.title_zh
        result = figures.economics
        if result is None:
            return _("待填写") if column == 8 else ""
        return (
            format_number(result.investment, 2),
            format_number(result.net_savings, 2),
            payback_text(result),
            format_number(result.npv, 2),
            format_number(result.npvr_pct, 2) if result.npvr_pct is not None else "—",
            irr_text(result),
            verdict_text(result),
        )[column - 2]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        result = self.options[row].economics
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row, column)
        if role == CopyRole:
            return self.text(row, column).replace(",", "")
        if role == RowIdRole:  # the option's id, for the detail panels
            return self.ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = 2 <= column <= 7
            return int(
                (Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 8 and result is not None:
            return QBrush(FEASIBLE if result.verdict.feasible else NOT_FEASIBLE)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return header_lines(_(self.HEADERS[section])) if 0 <= section < len(self.HEADERS) else None
        return str(section + 1) if 0 <= section < len(self.options) else None


class CashFlowTableModel(QAbstractTableModel):
    """逐年现金流量: year j, F_j, its present value F_j/(1+i)^j and the cumulative NPV up to year j
    (the last equals the option's NPV), by calc.economics.npv_at."""

    HEADERS = (N_("年份"), N_("现金流量 F (元)"), N_("现值 (元)"), N_("累计净现值 (元)"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[int, float, float, float]] = []

    def set_result(self, result: economics.EconomicResult | None, discount_rate: float | None) -> None:
        self.beginResetModel()
        self.rows = []
        if result is not None and discount_rate is not None:
            flows = result.cash_flows
            for year, flow in enumerate(flows, start=1):
                present = economics.npv_at(discount_rate, 0.0, (0.0,) * (year - 1) + (flow,))
                cumulative = economics.npv_at(discount_rate, result.investment, flows[:year])
                self.rows.append((year, flow, present, cumulative))
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value) if index.column() == 0 else format_number(value, 2)
        if role in (Qt.ItemDataRole.EditRole, CopyRole):
            return format_plain(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and value < 0:
            return QBrush(NOT_FEASIBLE)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return header_lines(_(self.HEADERS[section])) if 0 <= section < len(self.HEADERS) else None
        return None


def study_figures(results, ids: Mapping[str, int]) -> list[tuple[int, Any]]:
    """(option id, engine figures) of the options screened for study, in register order."""
    if results is None:
        return []
    return [
        (ids[code], figures)
        for code, figures in results.options.options.items()
        if figures.screening == "study" and code in ids
    ]


def _economics_of(option, model):
    figures = model.figures.get(option.code) if model.figures else None
    return figures.economics if figures is not None else None


def npv_value(option, model) -> float | None:
    result = _economics_of(option, model)
    return result.npv if result is not None else None


def irr_value(option, model) -> str:
    result = _economics_of(option, model)
    return irr_text(result) if result is not None else ""


def verdict_value(option, model) -> str:
    result = _economics_of(option, model)
    return verdict_text(result) if result is not None else _("待评估")


def rank_value(option, model) -> int | None:
    return model.ranks.get(option.code)


class RecommendedOptionModel(OptionRegisterModel):
    """5.5 推荐可实施方案: the options studied, their weighted-sum rank and economic verdict from the
    engine, and the decision (status) the team records."""

    def __init__(self, *args, **kwargs):
        self.ranks: dict[str, int] = {}  # option code -> rank of the weighted-sum screening
        super().__init__(*args, **kwargs)

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=22)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        rank = ColumnSpec("rank", header=N_("计分排序"), compute=rank_value, kind=Kind.int)
        npv = ColumnSpec(
            "npv", header=N_("净现值 NPV"), unit=N_("元"), compute=npv_value, kind=Kind.money, decimals=2
        )
        irr = ColumnSpec(
            "irr",
            header=N_("内部收益率 IRR"),
            compute=irr_value,
            alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )
        verdict = ColumnSpec("verdict", header=N_("经济评估结论"), compute=verdict_value)
        status = ColumnSpec("status")

    def set_results(self, results) -> None:
        screening = results.options.screening if results else None
        self.ranks = dict(screening.ranks) if screening else {}
        self.set_figures(results.options.options if results else None)
