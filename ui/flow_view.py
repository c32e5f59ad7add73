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
BOX_OVER = QColor("#ffcdd2")  # closure beyond the tolerance, as in the closure table
OVER_LINE = QColor("#b71c1c")
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
        self._shown: tuple | None = None
        self.over_tolerance: frozenset[str] = frozenset()
        self._rows = 1
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(self._font.pointSizeF(), 9.0) * 1.15)
        self._metrics = QFontMetricsF(self._font)
        self._small = QFont(self._font)
        self._small.setPointSizeF(self._font.pointSizeF() * 0.85)
        self._small_metrics = QFontMetricsF(self._small)

    def show_flow(
        self,
        nodes: list[Node],
        streams: list[Stream],
        values: dict[str, float],
        unit: str,
        over_tolerance: frozenset[str] = frozenset(),
    ) -> None:
        """Draw the unit operations and the streams of one balance (`values`: code -> quantity in `unit`);
        the units in `over_tolerance` (codes) are drawn red."""
        self._shown = (nodes, streams, values, unit)
        self.over_tolerance = over_tolerance
        self._rows = self._best_rows()
        self._draw()

    def _draw(self) -> None:
        nodes, streams, values, unit = self._shown
        scene = self.scene()
        scene.clear()
        self.arrows = []
        units = [n for n in nodes if n.kind == NodeKind.unit_operation]
        if not units:
            scene.addText(_("还没有单元操作：请在“单元操作”表中添加。"), self._font)
            scene.setSceneRect(scene.itemsBoundingRect())
            return
        by_id = {n.id: n for n in nodes}
        index = {n.id: i for i, n in enumerate(units)}
        inputs: dict[int, list[Stream]] = {}
        outputs: dict[int, list[Stream]] = {}
        internal: list[Stream] = []
        for stream in streams:
            source, target = by_id.get(stream.from_node_id), by_id.get(stream.to_node_id)
            if source is None or target is None:
                continue
            if source.id in index and target.id in index:
                internal.append(stream)
            elif target.id in index:
                inputs.setdefault(target.id, []).append(stream)
            elif source.id in index:
                outputs.setdefault(source.id, []).append(stream)
        self._grid = _Grid(len(units), self._rows, self._block(inputs), self._block(outputs), self._metrics)
        for stream in internal:
            self._internal(stream, index[stream.from_node_id], index[stream.to_node_id], values)
        linked = {s.from_node_id for s in streams} | {s.to_node_id for s in streams}
        for node in units:
            self._box(node, index[node.id], node.id in linked)
            self._externals(index[node.id], inputs.get(node.id, []), by_id, values, above=True)
            self._externals(index[node.id], outputs.get(node.id, []), by_id, values, above=False)
        self._caption(typeset_unit(unit))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self._fit()

    def _block(self, streams: dict[int, list[Stream]]) -> float:
        """Height of the tallest list of external streams above (or below) a box, with its arrow."""
        most = max((len(s) for s in streams.values()), default=0)
        return ARROW + 2 + most * self._metrics.height() * 2 if most else 0.0

    def _best_rows(self) -> int:
        """As many rows of unit operations as make the drawing largest in the view."""
        if self._shown is None:
            return 1
        nodes, streams, _values, _unit = self._shown
        count = sum(1 for n in nodes if n.kind == NodeKind.unit_operation)
        if count < 2:
            return 1
        index = {n.id for n in nodes if n.kind == NodeKind.unit_operation}
        above: dict[int, int] = {}
        below: dict[int, int] = {}
        for stream in streams:
            if stream.to_node_id in index and stream.from_node_id not in index:
                above[stream.to_node_id] = above.get(stream.to_node_id, 0) + 1
            elif stream.from_node_id in index and stream.to_node_id not in index:
                below[stream.from_node_id] = below.get(stream.from_node_id, 0) + 1
        line = self._metrics.height() * 2
        top = ARROW + 2 + max(above.values(), default=0) * line
        bottom = ARROW + 2 + max(below.values(), default=0) * line
        width, height = max(self.viewport().width(), 1), max(self.viewport().height(), 1)

        def scale(rows: int) -> float:
            grid = _Grid(count, rows, top, bottom, self._metrics)
            return min(width / grid.width, height / grid.height)

        return max(range(1, min(count, 4) + 1), key=lambda rows: (round(scale(rows), 3), -rows))

    # ---- pieces ---------------------------------------------------------------------------------------

    def _box(self, node: Node, index: int, busy: bool) -> None:
        scene = self.scene()
        rect = self._grid.box(index)
        over = node.code in self.over_tolerance
        fill = BOX_OVER if over else (BOX_FILL if busy else BOX_IDLE)
        box = scene.addRect(rect, QPen(OVER_LINE if over else LINE, 2.0 if over else 1.2), QBrush(fill))
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
        rect = self._grid.box(index)
        centre = rect.center().x()
        line = self._metrics.height() * 2  # the code and quantity, then the stream's name
        if above:
            start, end = QPointF(centre, rect.top() - ARROW), QPointF(centre, rect.top())
            first = rect.top() - ARROW - line * len(streams) - 2
        else:
            start, end = QPointF(centre, rect.bottom()), QPointF(centre, rect.bottom() + ARROW)
            first = rect.bottom() + ARROW + 2
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
            tip = _("{0} {1}\n{2}：{3}").format(
                stream.code, stream.name_zh, direction, other.name_zh or other.code
            )
            item.setToolTip(tip)
            name.setToolTip(tip)
            self.arrows.append(FlowArrow(stream.code, text, False))

    def _internal(self, stream: Stream, source: int, target: int, values) -> None:
        """A stream between two units: straight between neighbours in a row (a stream back to the
        previous unit runs lower, pointing left); otherwise it leaves the box to the right, runs along
        the gap under the upper row and enters the other box from the left."""
        grid = self._grid
        text = self._quantity(stream, values)
        a, b = grid.box(source), grid.box(target)
        same_row = grid.row(source) == grid.row(target)
        if same_row and abs(target - source) == 1:
            forward = target > source
            y = a.top() + BOX[1] * (0.35 if forward else 0.72)
            start = QPointF(a.right() if forward else a.left(), y)
            end = QPointF(b.left() if forward else b.right(), y)
            self._arrow(start, end)
            middle = (start.x() + end.x()) / 2
            for i, part in enumerate(text.split(" ", 1)):
                offset = -self._metrics.height() * (2 - i) - 1 if forward else 2 + self._metrics.height() * i
                self._text(part, middle, y + offset, stream)
        else:
            channel = grid.channel_below(min(grid.row(source), grid.row(target)))
            out_x, in_x = a.right() + 12, b.left() - 12
            points = [
                QPointF(a.right(), a.center().y()),
                QPointF(out_x, a.center().y()),
                QPointF(out_x, channel),
                QPointF(in_x, channel),
                QPointF(in_x, b.center().y()),
            ]
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point)
            self.scene().addPath(path, QPen(LINE, 1.6))
            self._arrow(points[-1], QPointF(b.left(), b.center().y()))
            self._text(text, (out_x + in_x) / 2, channel - self._metrics.height() - 1, stream)
        self.arrows.append(FlowArrow(stream.code, text, True))

    def _text(self, text: str, centre: float, top: float, stream: Stream) -> None:
        item = self.scene().addSimpleText(text, self._font)
        item.setPos(centre - item.boundingRect().width() / 2, top)
        item.setToolTip(f"{stream.code} {stream.name_zh}")

    def _quantity(self, stream: Stream, values: dict[str, float]) -> str:
        value = values.get(stream.code)
        return f"{stream.code} {format_number(round(value, 4)) if value is not None else '—'}"

    def _arrow(self, start: QPointF, end: QPointF) -> None:
        scene = self.scene()
        pen = QPen(LINE, 1.6)
        scene.addLine(QLineF(start, end), pen)
        scene.addPolygon(_head(end, math.atan2(end.y() - start.y(), end.x() - start.x())), pen, QBrush(LINE))

    def _caption(self, unit: str) -> None:
        scene = self.scene()
        top = scene.itemsBoundingRect().top() - self._metrics.height() * 1.6
        parts = [
            (_("单位：{0}").format(unit), LINE),
            (_("■ 外部输入"), INPUT_TEXT),
            (_("■ 产品"), PRODUCT_TEXT),
            (_("■ 损失/排放"), LOSS_TEXT),
        ]
        if self.over_tolerance:
            parts.append((_("■ 闭合误差超出容许偏差"), OVER_LINE))
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
        rows = self._best_rows()
        if self._shown is not None and rows != self._rows:
            self._rows = rows
            self._draw()
        self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit()


class _Grid:
    """Where the boxes go when the unit operations wrap into `rows` rows (in process order, row by row):
    each row leaves room above for the inputs, below for the outputs, and a gap for streams between rows."""

    def __init__(self, count: int, rows: int, top: float, bottom: float, metrics: QFontMetricsF):
        self.rows = max(1, min(rows, count))
        self.per_row = math.ceil(count / self.rows)
        self.rows = math.ceil(count / self.per_row)
        self.top, self.bottom = top, bottom
        self.gap = metrics.height() * 2.5 if self.rows > 1 else 0.0
        self.pitch = top + BOX[1] + bottom + self.gap

    @property
    def width(self) -> float:
        return self.per_row * COLUMN

    @property
    def height(self) -> float:
        return self.rows * self.pitch - self.gap + 40  # and the caption

    def row(self, index: int) -> int:
        return index // self.per_row

    def box(self, index: int) -> QRectF:
        row, column = divmod(index, self.per_row)
        return QRectF(column * COLUMN, row * self.pitch + self.top, *BOX)

    def channel_below(self, row: int) -> float:
        """The middle of the gap under a row (under the last row: just below its outputs)."""
        return (row + 1) * self.pitch - self.gap / 2 if row < self.rows - 1 else (row + 1) * self.pitch + 12


def _head(tip: QPointF, angle: float, size: float = 8.0) -> QPolygonF:
    left = tip - QPointF(math.cos(angle - 0.4) * size, math.sin(angle - 0.4) * size)
    right = tip - QPointF(math.cos(angle + 0.4) * size, math.sin(angle + 0.4) * size)
    return QPolygonF([tip, left, right])
