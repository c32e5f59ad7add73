"""3.3 建立物料平衡: for the chosen balance (water, total mass, an element), the closure of each unit
operation and of the whole focus beside its editable streams (a row turns red beyond the tolerance),
the reconciled values with the chi-square test and the likely gross errors, the Sankey diagram (PNG,
SVG) and the loss distribution. Every figure is the engine's, recomputed after each edit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from cp_audit import services
from cp_audit.i18n import N_, _
from cp_audit.models import Balance, Node, Stream
from cp_audit.models.base import NodeKind
from cp_audit.reports.sankey import balance_diagram
from ui import dialogs
from ui.balance_chooser import BalanceChooser
from ui.columns import typeset_unit
from ui.formatting import format_number
from ui.icons import Icon, icon
from ui.live_results import RefreshSoon, live_results
from ui.loss_chart import LossBar, LossChart
from ui.pages.base import StepPage, column, section, side_by_side, tabs
from ui.sankey_view import SankeyView
from ui.table_editor import FIT_ROWS, TableEditor
from ui.tables.assessment import FOCUS_TABLES, ClosureTableModel, ReconciliationTableModel, StreamTableModel

# Columns of the stream table that matter while balancing; the rest are edited on 3.2.
BALANCING_COLUMNS = ("code", "name", "value", "unit", "quantity", "status")
NAME_CHARS = 8  # unit and stream names are cut here; the full name is in the tooltip and on 3.1


def figures_view(model, stretch_last: bool = True) -> QTableView:
    """A read-only table of engine figures (closure, reconciliation); the name column is kept narrow."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() * 3 // 2)
    view.setMinimumHeight(view.fontMetrics().height() * 8)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)

    def fit() -> None:
        view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        view.resizeColumnsToContents()
        limit = view.fontMetrics().averageCharWidth() * NAME_CHARS * 2
        view.setColumnWidth(1, min(view.columnWidth(1), limit))

    model.modelReset.connect(fit)
    fit()
    return view


class BalancesPage(StepPage):
    guidance = N_(
        "逐个平衡检查各单元和审核重点整体的闭合误差（超出容许偏差的行显示为红色），"
        "参考数据校正的结果查找可能有误的物流，并用平衡图和损失分布说明物料去向。"
    )

    def build(self) -> QWidget:
        self.live = live_results(self.context)
        self.chooser = BalanceChooser(self.context)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.closure = ClosureTableModel(self.context, self)
        self.reconciliation = ReconciliationTableModel(self.context, self)
        content = tabs(
            (_("闭合情况"), self._build_closure()),
            (_("数据校正"), self._build_reconciliation()),
            (_("平衡图与损失分布"), self._build_diagram()),
        )
        self.chooser.balance_changed.connect(self._on_balance_changed)
        self._soon = RefreshSoon(self.context, set(FOCUS_TABLES), self.refresh, self)
        self._on_balance_changed(self.chooser.current())
        return column(self.chooser, self.summary, content, stretch_last=True)

    def _build_closure(self) -> QWidget:
        self.closure_view = figures_view(self.closure)
        self.closure_view.selectionModel().currentRowChanged.connect(self._on_unit_chosen)
        self.streams = TableEditor(StreamTableModel(self.context, {"balance_id": None}), visible_rows=6)
        keep = {StreamTableModel.Column[name].index for name in BALANCING_COLUMNS}
        self.streams.hide_columns(c for c in range(self.streams.model.columnCount()) if c not in keep)
        return side_by_side(
            section(
                _("各单元操作及整体的闭合误差"),
                self.closure_view,
                note=_("选中一行，右侧选中该单元的输入和输出物流。"),
            ),
            section(_("物流（修改数量后闭合误差随即更新）"), self.streams),
            sizes=(3, 2),
        )

    def _build_reconciliation(self) -> QWidget:
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.reconciliation_view = figures_view(self.reconciliation, stretch_last=False)
        note = _(
            "按加权最小二乘法调整实测和估算值，使每个单元严格闭合；标准差未填写时按实测 5%、估算 20% 取值"
            "（本程序的假定）。橙色行的标准化调整量大于 1.96，可能有粗大误差。"
        )
        box = section(_("数据校正"), self.test_result, note=note, stretch=False)
        box.layout().addWidget(self.reconciliation_view, 1)
        return box

    def _build_diagram(self) -> QWidget:
        self.sankey = SankeyView()
        self.losses = LossChart()
        self.save_png = QPushButton(icon(Icon.export), _("导出 PNG…"))
        self.save_svg = QPushButton(icon(Icon.export), _("导出 SVG…"))
        self.save_png.clicked.connect(lambda: self.export("png"))
        self.save_svg.clicked.connect(lambda: self.export("svg"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_png)
        buttons.addWidget(self.save_svg)
        diagram = section(_("平衡图（线宽与物流量成比例）"), self.sankey)
        diagram.layout().addLayout(buttons)
        return side_by_side(diagram, section(_("损失分布（占输入的比例）"), self.losses), sizes=(5, 3))

    def _on_unit_chosen(self, current, _previous=None) -> None:
        """Select the streams into and out of the chosen unit (or across the boundary for 整体)."""
        figures = self.closure.figures
        if figures is None or figures.result is None or not current.isValid():
            return
        code = self.closure.rows[current.row()][0]
        unit = figures.result.per_unit.get(code, figures.result.overall)
        self.select_streams(set(unit.inputs) | set(unit.outputs))

    def select_streams(self, codes: set[str]) -> None:
        model, view = self.streams.model, self.streams.view
        model.fetch_all()
        selection = QItemSelection()
        for row in range(model.rowCount()):
            if model.row(row).code in codes:
                selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if not selection.isEmpty():
            view.scrollTo(selection.indexes()[0])

    def selected_stream_codes(self) -> set[str]:
        rows = {index.row() for index in self.streams.view.selectionModel().selectedIndexes()}
        return {self.streams.model.row(row).code for row in rows}

    # ---- refreshing -------------------------------------------------------------------------------

    def balance(self) -> Balance | None:
        return self.chooser.current()

    def _on_balance_changed(self, balance: Balance | None) -> None:
        self.streams.model.set_filters({"balance_id": balance.id} if balance else None)
        self.refresh()

    def figures(self):
        results, balance = self.live.results(), self.balance()
        return results.assessment.balances.get(balance.key) if results and balance else None

    def refresh(self) -> None:
        balance = self.balance()
        key = balance.key if balance else None
        self.closure.set_balance(key)
        self.reconciliation.set_balance(key)
        figures = self.figures()
        self.summary.setText(self._summary(figures))
        self.test_result.setText(self._test_text(figures))
        passes = figures.reconciliation.passes if figures and figures.reconciliation else None
        self.test_result.setStyleSheet({True: "color: #2e7d32;", False: "color: #b71c1c;"}.get(passes, ""))
        self._draw(balance, figures)

    def _summary(self, figures) -> str:
        if figures is None:
            return _("还没有平衡：请在 3.2 中添加平衡和物流。")
        if figures.result is None:
            self.summary.setStyleSheet("color: #e65100;")
            return _("有物流无法计算，暂不能给出闭合情况（原因见各物流的因子和单位）。")
        overall = figures.result.overall
        text = _("整体：Σ输入 {0}，Σ输出 {1} {2}，闭合误差 {3}%（容许偏差 ±{4}%）。").format(
            format_number(overall.total_in, 4),
            format_number(overall.total_out, 4),
            typeset_unit(figures.unit),
            format_number(overall.closure_error_pct, 2) if overall.closure_error_pct is not None else "—",
            format_number(figures.tolerance_pct),
        )
        over = figures.result.units_exceeding_tolerance
        if over or overall.exceeds_tolerance:
            self.summary.setStyleSheet("color: #b71c1c;")
            # one msgid with the first sentence in it: English puts a space between sentences, Chinese none
            return _("{0}超出容许偏差：{1}，请查明原因或复测。").format(text, _("、").join(over) or _("整体"))
        self.summary.setStyleSheet("color: #2e7d32;")
        return _("{0}各单元均在容许偏差以内。").format(text)

    def _test_text(self, figures) -> str:
        reconciliation = figures.reconciliation if figures else None
        if reconciliation is None:
            return _("无法校正（没有物流，或物流数据不足以确定平衡）。")
        if reconciliation.passes is None:
            verdict = _("没有冗余数据，无法检验")
        else:
            verdict = _("通过") if reconciliation.passes else _("未通过：数据与平衡不一致，可能有粗大误差")
        text = _("χ² 检验：χ² = {0}，自由度 {1}，临界值 {2}（95%）：{3}。").format(
            format_number(reconciliation.chi_square, 3),
            reconciliation.degrees_of_freedom,
            format_number(reconciliation.critical_value, 3)
            if reconciliation.critical_value is not None
            else "—",
            verdict,
        )
        suspects = reconciliation.suspects or reconciliation.ranking[:3]
        label = (
            _("可能含粗大误差的物流：") if reconciliation.suspects else _("调整最大的物流（均未超出 1.96）：")
        )
        return text + "\n" + label + (_("、").join(suspects) if suspects else "—")

    def _draw(self, balance: Balance | None, figures) -> None:
        audit = self.context.audit
        if audit is None or balance is None or figures is None:
            self.sankey.show_balance([], [], "")
            self.losses.show_losses([])
            return
        nodes = services.rows(audit, Node)
        streams = services.rows(audit, Stream, balance_id=balance.id)
        self.sankey.show_balance(*balance_diagram(nodes, streams, figures.stream_values), figures.unit)
        self.losses.show_losses(self._loss_bars(nodes, streams, figures))

    def _loss_bars(self, nodes: list[Node], streams: list[Stream], figures) -> list[LossBar]:
        if figures.result is None:
            return []
        unit = typeset_unit(figures.unit)
        by_code = {s.code: s for s in streams}
        sinks = {n.id: n for n in nodes if n.kind == NodeKind.sink}
        bars = []
        for code, share in figures.result.loss_share_pct.items():
            stream = by_code.get(code)
            sink = sinks.get(stream.to_node_id) if stream else None
            label = f"{code} → {sink.name_zh}" if sink else code
            bars.append(LossBar(label, share, f"{format_number(figures.stream_values[code], 4)} {unit}"))
        unaccounted = figures.result.unaccounted_share_pct
        if unaccounted is not None:
            difference = figures.result.overall.difference
            amount = f"{format_number(difference, 4)} {unit}"
            bars.append(LossBar(_("未计量（闭合误差）"), unaccounted, amount, unaccounted=True))
        return bars

    # ---- export -------------------------------------------------------------------------------------

    def export(self, kind: str, path: str | Path | None = None) -> Path | None:
        """Write the diagram of the chosen balance as PNG or SVG (asking where unless `path` is given)."""
        balance = self.balance()
        name = f"{balance.name_zh if balance else _('平衡图')}.{kind}"
        if path is None:
            chosen = dialogs.choose_save_file(self, _("导出平衡图"), Path.home() / name, dialogs.ANY_FILTER)
            if chosen is None:
                return None
            path = (
                chosen if chosen.suffix.lower() == f".{kind}" else chosen.with_name(f"{chosen.name}.{kind}")
            )
        path = Path(path)
        title = balance.name_zh if balance else ""
        saved = self.sankey.export_png(path) if kind == "png" else self.sankey.export_svg(path, title)
        if not saved:
            dialogs.show_error(self, _("无法写入 {0}；请选择其他文件夹。").format(path))
            return None
        return path


STEPS = {"3.3": BalancesPage}
