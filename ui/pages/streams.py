"""3.2 实测输入输出物流: the streams of each balance (from, to, how the quantity is obtained, quantity,
unit, basis, measured or estimated, method, uncertainty), the factors and the element/pollutant contents
of the selected stream with its photos, and the balances themselves with the measurement campaign."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from cp_audit import services
from cp_audit.i18n import N_, _
from cp_audit.models import Balance, BalanceTest, Stream, StreamFactor
from cp_audit.models.base import OwnerKind
from ui.attachments import AttachmentsPanel
from ui.balance_chooser import BalanceChooser
from ui.columns import ColumnSpec, Kind, enum_label, typeset_unit
from ui.formatting import format_number
from ui.forms import RecordForm
from ui.live_results import RefreshSoon, live_results
from ui.pages.base import StepPage, column, hint, scrolled, section, side_by_side, tabs
from ui.table_editor import TableEditor
from ui.tables.assessment import BalanceTableModel, StreamFactorTableModel, StreamTableModel

CONTENT_TABLES = {"stream", "stream_factor", "balance"}


class ContentsTree(QTreeWidget):
    """What the selected stream carries into the other balances: each stream computed from it (its
    carrier) with the content factor and the resulting quantity, e.g. W-23 → N-12 镍 240 mg/L, 10.08 kg/d."""

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.live = live_results(context)
        self.stream_id: int | None = None
        self.setHeaderLabels([_("平衡"), _("物流"), _("含量"), _("数量")])
        self.setRootIsDecorated(False)
        self.setMinimumHeight(self.fontMetrics().height() * 5)
        self._soon = RefreshSoon(context, CONTENT_TABLES, self.reload, self)

    def set_stream(self, stream_id: int | None) -> None:
        self.stream_id = stream_id
        self.reload()

    def reload(self) -> None:
        self.clear()
        audit = self.context.audit
        if audit is None or self.stream_id is None:
            return
        balances = {b.id: b for b in services.rows(audit, Balance)}
        results = self.live.results()
        for carried in services.rows(audit, Stream, carrier_stream_id=self.stream_id):
            balance = balances.get(carried.balance_id)
            factors = services.rows(audit, StreamFactor, stream_id=carried.id)
            content = _("、").join(
                f"{enum_label(f.role)} {format_number(f.value)} {typeset_unit(f.unit)}"
                for f in factors
                if f.role.value in ("fraction", "concentration")
            )
            figures = results.assessment.balances.get(balance.key) if results and balance else None
            value = figures.stream_values.get(carried.code) if figures else None
            amount = (
                f"{format_number(round(value, 6))} {typeset_unit(balance.unit)}" if value is not None else "—"
            )
            QTreeWidgetItem(
                self,
                [balance.name_zh if balance else "", f"{carried.code} {carried.name_zh}", content, amount],
            )
        for number in range(self.columnCount()):
            self.resizeColumnToContents(number)


class StreamsPage(StepPage):
    guidance = N_(
        "按平衡列出审核重点的全部输入、输出物流：来自、去向、数量、单位、基准、实测或估算、方法和不确定度；"
        "由载体量 × 含量计算的物流在右侧填写各因子。"
    )

    def build(self) -> QWidget:
        return tabs((_("物流"), self._build_streams()), (_("平衡与实测安排"), self._build_balances()))

    def _build_streams(self) -> QWidget:
        self.chooser = BalanceChooser(self.context)
        self.streams = TableEditor(StreamTableModel(self.context, {"balance_id": None}), visible_rows=8)
        self.factors = TableEditor(StreamFactorTableModel(self.context, None), visible_rows=3)
        self.contents = ContentsTree(self.context)
        self.files = AttachmentsPanel(self.context, OwnerKind.stream)
        self.chooser.balance_changed.connect(self._on_balance_changed)
        self.streams.current_row_changed.connect(self._on_stream_changed)
        self._on_balance_changed(self.chooser.current())
        note = _("“载体量 × 质量分数/浓度”等计算方式的因子；直接给出的物流没有因子。")
        detail = section(
            _("所选物流"),
            tabs(
                (_("计算因子"), column(hint(note), self.factors, stretch_last=True)),
                (_("元素/污染物含量"), self.contents),
                (_("照片和资料"), self.files),
            ),
        )
        table = column(self.chooser, section(_("物流"), self.streams), stretch_last=True)
        return side_by_side(table, detail, sizes=(3, 1))

    def _on_balance_changed(self, balance: Balance | None) -> None:
        self.streams.model.set_filters({"balance_id": balance.id} if balance else None)
        self.streams.select_first()
        if self.streams.current_row_id() is None:
            self._on_stream_changed(None)

    def _on_stream_changed(self, stream_id: int | None) -> None:
        self.factors.model.set_filters({"stream_id": stream_id} if stream_id is not None else None)
        self.contents.set_stream(stream_id)
        self.files.set_owner(stream_id)

    def _build_balances(self) -> QWidget:
        self.balances = TableEditor(BalanceTableModel(self.context), visible_rows=4)
        fields = [
            "days",
            "hours_per_day",
            ColumnSpec("basis_zh", kind=Kind.long_text),
            ColumnSpec("instruments_zh", kind=Kind.long_text),
        ]
        self.campaign = RecordForm(self.context, BalanceTest, fields, singleton=True)
        note = _("容许偏差留空时用审核的默认值（5%，非官方规定，可在审核设置中修改）。")
        return side_by_side(
            section(_("审核重点的平衡"), self.balances, note=note),
            scrolled(column(section(_("实测安排"), self.campaign, stretch=False))),
            sizes=(3, 2),
        )


STEPS = {"3.2": StreamsPage}
