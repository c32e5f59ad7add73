"""3.4 分析废弃物产生原因: the causes of waste and losses grouped by the eight aspects (八个方面), each
linked to the unit operations and streams where it shows, with photos and documents."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from cp_audit import services
from cp_audit.errors import AuditError
from cp_audit.i18n import N_, _
from cp_audit.models import Balance, CauseNode, CauseStream, Node, Stream
from cp_audit.models.base import Aspect, NodeKind, OwnerKind
from ui.attachments import AttachmentsPanel
from ui.columns import enum_label
from ui.live_results import RefreshSoon, live_results
from ui.pages.base import StepPage, column, section, side_by_side, stacked, tabs
from ui.table_editor import TableEditor
from ui.tables.assessment import CauseTableModel
from ui.undo import AddRowCommand, DeleteRowsCommand

MISSING = QColor("#e65100")
ALL = "all"


class AspectList(QListWidget):
    """所有原因 and the eight aspects, each with its number of causes (from the engine); an aspect
    without a cause is shown in orange. `aspect_chosen(Aspect or None)` follows the choice."""

    aspect_chosen = Signal(object)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.live = live_results(context)
        self._soon = RefreshSoon(context, {"cause"}, self.refresh, self)
        self.currentItemChanged.connect(self._on_current_changed)
        self.refresh()
        self.setCurrentRow(0)
        room = self.sizeHintForColumn(0) + 2 * self.frameWidth() + self.fontMetrics().averageCharWidth() * 2
        self.setMinimumWidth(min(room, self.fontMetrics().averageCharWidth() * 36))

    def refresh(self) -> None:
        results = self.live.results()
        by_aspect = results.assessment.causes_by_aspect if results else {}
        current = self.currentRow()
        self.blockSignals(True)
        self.clear()
        total = sum(len(codes) for codes in by_aspect.values())
        item = QListWidgetItem(_("全部原因（{0}）").format(total))
        item.setData(Qt.ItemDataRole.UserRole, ALL)
        self.addItem(item)
        for number, aspect in enumerate(Aspect, start=1):
            count = len(by_aspect.get(aspect.value, []))
            item = QListWidgetItem(_("{0}. {1}（{2}）").format(number, enum_label(aspect), count))
            item.setData(Qt.ItemDataRole.UserRole, aspect.value)
            if count == 0:
                item.setForeground(QBrush(MISSING))
                item.setToolTip(_("这一方面还没有分析出原因。"))
            self.addItem(item)
        self.setCurrentRow(max(current, 0))
        self.blockSignals(False)

    def aspect(self) -> Aspect | None:
        item = self.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else ALL
        return None if value == ALL else Aspect(value)

    def _on_current_changed(self, *_items) -> None:
        self.aspect_chosen.emit(self.aspect())


class LinkList(QListWidget):
    """Checkable unit operations (or streams) a cause concerns; ticking one links it to the cause, as one
    undo step."""

    def __init__(self, context, link_table, target_field: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.link_table, self.target_field = context, link_table, target_field
        self.cause_id: int | None = None
        self.links: dict[int, int] = {}  # target id -> link row id
        self.itemChanged.connect(self._on_item_changed)
        watched = {link_table.__tablename__, "node", "stream", "balance"}
        context.data_changed.connect(lambda tables: self.reload() if tables & watched else None)

    def targets(self) -> list[tuple[int, str]]:
        audit = self.context.audit
        if self.target_field == "node_id":
            return [
                (n.id, f"{n.code}  {n.name_zh}")
                for n in services.rows(audit, Node)
                if n.kind == NodeKind.unit_operation
            ]
        balances = {b.id: b for b in services.rows(audit, Balance)}
        order = {balance_id: i for i, balance_id in enumerate(balances)}
        streams = sorted(services.rows(audit, Stream), key=lambda s: (order.get(s.balance_id, 0), s.code))
        return [
            (s.id, _("{0}  {1}（{2}）").format(s.code, s.name_zh, balances[s.balance_id].name_zh))
            for s in streams
        ]

    def set_cause(self, cause_id: int | None) -> None:
        self.cause_id = cause_id
        self.reload()

    def reload(self) -> None:
        self.blockSignals(True)
        self.clear()
        audit = self.context.audit
        if audit is not None and self.cause_id is not None:
            rows = services.rows(audit, self.link_table, cause_id=self.cause_id)
            self.links = {getattr(r, self.target_field): r.id for r in rows}
            for target_id, text in self.targets():
                item = QListWidgetItem(text, self)
                item.setData(Qt.ItemDataRole.UserRole, target_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                if self.context.read_only:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                checked = target_id in self.links
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def linked(self) -> set[int]:
        return set(self.links)

    def set_linked(self, target_id: int, linked: bool) -> None:
        if self.cause_id is None or linked == (target_id in self.links):
            return
        audit = self.context.audit
        if linked:
            values = {"cause_id": self.cause_id, self.target_field: target_id}
            command = AddRowCommand(audit, self.link_table, values, _("关联原因"))
        else:
            command = DeleteRowsCommand(audit, self.link_table, [self.links[target_id]], _("取消关联"))
        try:
            self.context.execute(command)
        except AuditError:
            self.reload()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        self.set_linked(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)


class CausesPage(StepPage):
    guidance = N_(
        "从原辅材料和能源、技术工艺、设备、过程控制、产品、废弃物、管理、员工八个方面分析废弃物和损失产生的原因，"
        "并注明它们发生在哪些单元操作和物流上。"
    )

    def build(self) -> QWidget:
        self.aspects = AspectList(self.context)
        self.causes = TableEditor(CauseTableModel(self.context), visible_rows=6)
        self.units = LinkList(self.context, CauseNode, "node_id")
        self.streams = LinkList(self.context, CauseStream, "stream_id")
        self.files = AttachmentsPanel(self.context, OwnerKind.cause)
        self.aspects.aspect_chosen.connect(self._on_aspect_chosen)
        self.causes.current_row_changed.connect(self._on_cause_changed)
        self.causes.select_first()
        self._on_cause_changed(self.causes.current_row_id())
        note = QLabel(_("橙色表示这一方面还没有原因。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(dark);")
        links = tabs((_("相关单元操作"), self.units), (_("相关物流"), self.streams))
        detail = side_by_side(
            section(_("所选原因涉及"), links), section(_("所选原因的照片和资料"), self.files), sizes=(1, 1)
        )
        return side_by_side(
            section(_("八个方面"), column(self.aspects, note, stretch_last=True)),
            stacked(section(_("废弃物产生原因"), self.causes), detail),
            sizes=(1, 5),
        )

    def _on_aspect_chosen(self, aspect: Aspect | None) -> None:
        self.causes.model.set_filters({"aspect": aspect} if aspect else {})
        self.causes.select_first()
        self._on_cause_changed(self.causes.current_row_id())

    def _on_cause_changed(self, cause_id: int | None) -> None:
        self.units.set_cause(cause_id)
        self.streams.set_cause(cause_id)
        self.files.set_owner(cause_id)


STEPS = {"3.4": CausesPage}
