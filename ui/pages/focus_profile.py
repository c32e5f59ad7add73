"""3.1 准备审核重点资料: the unit operations of the focus (function, equipment, parameters) with their
photos and documents, the external sources and sinks, and the process flow of the focus drawn with
the measured quantities of the chosen balance on its arrows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit import services
from cp_audit.i18n import N_, _
from cp_audit.models import Node, Stream
from cp_audit.models.base import OwnerKind
from ui.attachments import AttachmentsPanel
from ui.balance_chooser import BalanceChooser
from ui.flow_view import ProcessFlowView
from ui.live_results import RefreshSoon, live_results
from ui.pages.base import StepPage, column, section, side_by_side, tabs
from ui.table_editor import TableEditor
from ui.tables.assessment import FOCUS_TABLES, NodeTableModel


class FocusProfilePage(StepPage):
    guidance = N_(
        "把审核重点划分为单元操作，写明各单元的功能、设备和工艺参数，并列出边界上的外部来源和去向；"
        "工艺流程图按所选平衡标出各物流的实测量。"
    )

    def build(self) -> QWidget:
        return tabs((_("单元操作"), self._build_units()), (_("工艺流程图"), self._build_flow()))

    def _build_units(self) -> QWidget:
        self.nodes = TableEditor(NodeTableModel(self.context), visible_rows=6)
        self.files = AttachmentsPanel(self.context, OwnerKind.node)
        self.nodes.current_row_changed.connect(self.files.set_owner)
        self.nodes.select_first()
        return side_by_side(
            section(_("单元操作及外部来源、去向"), self.nodes),
            section(_("所选单元操作的照片和资料"), self.files),
            sizes=(3, 1),
        )

    def _build_flow(self) -> QWidget:
        self.live = live_results(self.context)
        self.chooser = BalanceChooser(self.context)
        self.flow = ProcessFlowView()
        self.chooser.balance_changed.connect(lambda _balance: self.refresh_flow())
        self._soon = RefreshSoon(self.context, set(FOCUS_TABLES), self.refresh_flow, self)
        self.refresh_flow()
        return column(self.chooser, self.flow, stretch_last=True)

    def refresh_flow(self) -> None:
        audit, balance = self.context.audit, self.chooser.current()
        if audit is None:
            return
        nodes = services.rows(audit, Node)
        streams = services.rows(audit, Stream, balance_id=balance.id) if balance else []
        results = self.live.results()
        figures = results.assessment.balances.get(balance.key) if results and balance else None
        values = figures.stream_values if figures else {}
        over = (
            frozenset(figures.result.units_exceeding_tolerance) if figures and figures.result else frozenset()
        )
        self.flow.show_flow(nodes, streams, values, balance.unit if balance else "", over)


STEPS = {"3.1": FocusProfilePage}
