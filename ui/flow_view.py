"""ProcessFlowView: the process flow of the audit focus for one balance, drawn with Qt. Unit operations
are boxes in process order; what comes from outside is listed above a unit with an arrow into it, what
leaves the focus below it (product in green, losses in orange), streams between units are arrows
between the boxes. Every stream carries its code and its quantity in the balance's unit."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from cp_audit.i18n import _
from cp_audit.models import Node, Stream
from cp_audit.models.base import NodeKind
from ui.columns import typeset_unit
from ui.formatting import format_number

COLUMN = 170.0  # scene units from one unit operation to the next
BOX = (104.0, 60.0)
ARROW = 34.0  # length of the arrows into and out of a box
BOX_FILL = QColor("#e3f2fd")
BOX_IDLE = QColor("#f5f5f5")  # a unit without streams in this balance
INPUT_TEXT = QColor("#1565c0")
LOSS_TEXT = QColor("#e65100")
PRODUCT_TEXT = QColor("#2e7d32")
LINE = QColor("#455a64")


@dataclass(frozen=True)
class FlowArrow:
    """One stream as drawn: its code, the quantity text, and whether it stays inside the focus."""

    code: str
    text: str
    internal: bool


class ProcessFlowView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setMinimumSize(self.fontMetrics().averageCharWidth() * 40, self.fontMetrics().height() * 10)
        self.arrows: list[FlowArrow] = []
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF(), 9.0) * 1.15)
        self._metrics = QFontMetricsF(self._font)
        self._small = QFont(self._font)
        self._small.setPointSizeF(self._font.pointSizeF() * 0.85)
        self._small_metrics = QFontMetricsF(self._small)

    def show_flow(
        self, nodes: list[Node], streams: list[Stream], values: dict[str, float], unit: str
    ) -> None:
        """Draw the unit operations and the streams of one balance (`values`: code -> quantity in `unit`)."""
        scene = self.scene()
        scene.clear()
        self.arrows = []
        units = [n for n in nodes if n.kind == NodeKind.unit_operation]
        if not units:
            scene.addText(_("还没有单元操作：请在“单元操作”表中添加。"), self._font)
            scene.setSceneRect(scene.itemsBoundingRect())
            return
        by_id = {n.id: n for n in nodes}
        column = {n.id: i for i, n in enumerate(units)}
        unit_text = typeset_unit(unit)
        inputs: dict[int, list[Stream]] = {}
        outputs: dict[int, list[Stream]] = {}
        for stream in streams:
            source, target = by_id.get(stream.from_node_id), by_id.get(stream.to_node_id)
            if source is None or target is None:
                continue
            if source.id in column and target.id in column:
                self._internal(stream, column[source.id], column[target.id], values)
            elif target.id in column:
                inputs.setdefault(target.id, []).append(stream)
            elif source.id in column:
                outputs.setdefault(source.id, []).append(stream)
        for node in units:
            busy = (
                node.id in inputs
                or node.id in outputs
                or any(s.from_node_id == node.id or s.to_node_id == node.id for s in streams)
            )
            self._box(node, column[node.id], busy)
            self._externals(column[node.id], inputs.get(node.id, []), by_id, values, above=True)
            self._externals(column[node.id], outputs.get(node.id, []), by_id, values, above=False)
        self._caption(unit_text)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self._fit()

    # ---- pieces ---------------------------------------------------------------------------------------

    def _box(self, node: Node, index: int, busy: bool) -> None:
        scene = self.scene()
        rect = QRectF(index * COLUMN, 0, *BOX)
        box = scene.addRect(rect, QPen(LINE, 1.2), QBrush(BOX_FILL if busy else BOX_IDLE))
        box.setToolTip("\n".join(t for t in (node.name_zh, node.function_zh, node.equipment_zh) if t))
        code = scene.addSimpleText(node.code, self._bold())
        code.setPos(rect.center().x() - code.boundingRect().width() / 2, rect.top() + 4)
        name = self._metrics.elidedText(node.name_zh or "", Qt.TextElideMode.ElideRight, BOX[0] - 6)
        label = scene.addSimpleText(name, self._font)
        label.setPos(
            rect.center().x() - label.boundingRect().width() / 2, rect.top() + 6 + self._metrics.height()
        )

    def _externals(self, index: int, streams: list[Stream], by_id, values, above: bool) -> None:
        """The streams that enter a unit from outside (above it) or leave the focus (below it)."""
        if not streams:
            return
        scene = self.scene()
        centre = index * COLUMN + BOX[0] / 2
        line = self._metrics.height() * 2  # the code and quantity, then the stream's name
        if above:
            start, end = QPointF(centre, -ARROW), QPointF(centre, 0)
            first = -ARROW - line * len(streams) - 2
        else:
            start, end = QPointF(centre, BOX[1]), QPointF(centre, BOX[1] + ARROW)
            first = BOX[1] + ARROW + 2
        self._arrow(start, end)
        for i, stream in enumerate(streams):
            other = by_id[stream.from_node_id if above else stream.to_node_id]
            text = self._quantity(stream, values)
            item = scene.addSimpleText(text, self._font)
            colour = INPUT_TEXT if above else (PRODUCT_TEXT if other.is_product else LOSS_TEXT)
            item.setBrush(colour)
            item.setPos(centre - item.boundingRect().width() / 2, first + i * line)
            name_text = self._small_metrics.elidedText(
                stream.name_zh or "", Qt.TextElideMode.ElideRight, COLUMN - 12
            )
            name = scene.addSimpleText(name_text, self._small)
            name.setBrush(colour)
            name.setPos(
                centre - name.boundingRect().width() / 2, first + i * line + self._metrics.height() * 0.95
            )
            direction = _("来自") if above else _("去向")
            tip = f"{stream.code} {stream.name_zh}\n{direction}：{other.name_zh or other.code}"
            item.setToolTip(tip)
            name.setToolTip(tip)
            self.arrows.append(FlowArrow(stream.code, text, False))

    def _internal(self, stream: Stream, source: int, target: int, values) -> None:
        """A stream between two units: straight between neighbours, arched over the row otherwise; a
        stream back to an earlier unit runs lower, pointing left."""
        forward = target > source
        y = BOX[1] * (0.35 if forward else 0.72)
        if forward:
            start = QPointF(source * COLUMN + BOX[0], y)
            end = QPointF(target * COLUMN, y)
        else:
            start = QPointF(source * COLUMN, y)
            end = QPointF(target * COLUMN + BOX[0], y)
        text = self._quantity(stream, values)
        scene = self.scene()
        if abs(target - source) == 1:
            self._arrow(start, end)
            middle = QPointF((start.x() + end.x()) / 2, y)
        else:
            lift = BOX[1] * 0.9 + abs(target - source) * 6
            self._curve(start, end, -lift if forward else BOX[1] + lift - y)
            middle = QPointF((start.x() + end.x()) / 2, y - lift * 0.75 if forward else BOX[1] + lift * 0.75)
        for i, part in enumerate(text.split(" ", 1)):
            item = scene.addSimpleText(part, self._font)
            offset = -self._metrics.height() * (2 - i) - 1 if forward else 2 + self._metrics.height() * i
            item.setPos(middle.x() - item.boundingRect().width() / 2, middle.y() + offset)
            item.setToolTip(f"{stream.code} {stream.name_zh}")
        self.arrows.append(FlowArrow(stream.code, text, True))

    def _quantity(self, stream: Stream, values: dict[str, float]) -> str:
        value = values.get(stream.code)
        return f"{stream.code} {format_number(round(value, 4)) if value is not None else '—'}"

    def _arrow(self, start: QPointF, end: QPointF) -> None:
        scene = self.scene()
        pen = QPen(LINE, 1.6)
        scene.addLine(QLineF(start, end), pen)
        scene.addPolygon(_head(end, math.atan2(end.y() - start.y(), end.x() - start.x())), pen, QBrush(LINE))

    def _curve(self, start: QPointF, end: QPointF, lift: float) -> None:
        path = QPainterPath(start)
        path.cubicTo(start + QPointF(0, lift), end + QPointF(0, lift), end)
        self.scene().addPath(path, QPen(LINE, 1.6))
        self.scene().addPolygon(
            _head(end, math.pi / 2 if lift < 0 else -math.pi / 2), QPen(LINE), QBrush(LINE)
        )

    def _caption(self, unit: str) -> None:
        scene = self.scene()
        top = scene.itemsBoundingRect().top() - self._metrics.height() * 1.6
        parts = [
            (_("单位：{0}").format(unit), LINE),
            (_("■ 外部输入"), INPUT_TEXT),
            (_("■ 产品"), PRODUCT_TEXT),
            (_("■ 损失/排放"), LOSS_TEXT),
        ]
        x = 0.0
        for text, colour in parts:
            item = scene.addSimpleText(text, self._font)
            item.setBrush(colour)
            item.setPos(x, top)
            x += item.boundingRect().width() + 24

    def _bold(self) -> QFont:
        font = QFont(self._font)
        font.setBold(True)
        return font

    def _fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit()


def _head(tip: QPointF, angle: float, size: float = 8.0) -> QPolygonF:
    left = tip - QPointF(math.cos(angle - 0.4) * size, math.sin(angle - 0.4) * size)
    right = tip - QPointF(math.cos(angle + 0.4) * size, math.sin(angle + 0.4) * size)
    return QPolygonF([tip, left, right])
