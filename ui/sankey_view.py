"""SankeyView: the flow diagram of one balance of the focus (sources left, unit operations in process
order, sinks right, band widths proportional to the flows), drawn with Qt from the layout the report
uses (cp_audit.reports.sankey), and exported as PNG or SVG."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from cp_audit.i18n import _
from cp_audit.reports.model import SankeyLink, SankeyNode
from cp_audit.reports.sankey import SankeyLayout, layout_sankey
from ui.columns import typeset_unit
from ui.formatting import format_number

# Same colours as the report's diagram (cp_audit.reports.charts.BAND_STYLES), so both read alike.
BAND_COLOURS = {"forward": ("#8fb4de", 0.75), "loss": ("#e8a33d", 0.75), "back": ("#7fb069", 0.5)}
NODE_COLOUR = QColor("#333333")
SCENE_WIDTH = 640.0  # small beside the label font, so labels stay legible when the view scales down
NODE_WIDTH = 8.0
LABEL_GAP = 4.0
EXPORT_SCALE = 2  # PNG pixels per scene unit: sharp enough for a report or a slide


class SankeyView(QGraphicsView):
    """Shows one balance's diagram, scaled to the view; `export_png` / `export_svg` write it to a file."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumSize(self.fontMetrics().averageCharWidth() * 40, self.fontMetrics().height() * 10)
        self.layout_result: SankeyLayout | None = None
        self.unit = ""

    def show_balance(self, nodes: list[SankeyNode], links: list[SankeyLink], unit: str) -> None:
        scene = self.scene()
        scene.clear()
        self.unit = typeset_unit(unit)
        self.layout_result = None
        if not any(link.value and link.value > 0 for link in links):
            item = scene.addText(_("本平衡还没有可以绘图的物流。"))
            item.setDefaultTextColor(self.palette().color(self.palette().ColorRole.PlaceholderText))
            scene.setSceneRect(item.boundingRect())
            self._fit()
            return
        font = self._label_font()
        metrics = QFontMetricsF(font)
        last = max(
            (n.column for n in layout_sankey(nodes, links, SCENE_WIDTH, 100).nodes),
            default=0,
        )
        names = {n.id: n.label for n in nodes}
        label_room = max(
            (metrics.horizontalAdvance(names[n.id]) for n in nodes if n.column == last), default=60.0
        )
        label_room = min(max(label_room + 2 * LABEL_GAP, 60.0), SCENE_WIDTH * 0.3)
        tallest = max(sum(1 for n in nodes if n.column == c) for c in range(last + 1)) if nodes else 1
        height = max(SCENE_WIDTH * 0.6, tallest * metrics.height() * 2.4)
        layout = layout_sankey(nodes, links, SCENE_WIDTH - label_room, height, node_width=NODE_WIDTH)
        self.layout_result = layout
        self._draw(layout, font, metrics)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-8, -8, 8, 8))
        self._fit()

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.1)
        return font

    def _draw(self, layout: SankeyLayout, font: QFont, metrics: QFontMetricsF) -> None:
        scene = self.scene()
        for band in sorted(layout.links, key=lambda b: b.kind != "back"):
            colour, opacity = BAND_COLOURS[band.kind]
            fill = QColor(colour)
            fill.setAlphaF(opacity)
            item = scene.addPath(_path(band.outline), QPen(Qt.PenStyle.NoPen), QBrush(fill))
            item.setToolTip(f"{band.source} → {band.target}: {format_number(band.value)} {self.unit}")
        last = max(n.column for n in layout.nodes)
        label_height = metrics.height() * 1.9
        for column in range(last + 1):
            nodes = sorted((n for n in layout.nodes if n.column == column), key=lambda n: n.y)
            below = -math.inf  # labels of one column are pushed apart so that none hides another
            for node in nodes:
                scene.addRect(
                    QRectF(node.x, node.y, node.width, max(node.height, 0.8)),
                    QPen(Qt.PenStyle.NoPen),
                    QBrush(NODE_COLOUR),
                )
                centre = max(node.y + node.height / 2, below + label_height / 2)
                # Between the first and last columns the room is narrow: the unit is in the caption.
                with_unit = column in (0, last)
                self._label(node.right + LABEL_GAP, centre, node, font, metrics, with_unit)
                below = centre + label_height / 2
        caption = scene.addSimpleText(_("单位：{0}").format(self.unit), font)
        caption.setPos(0, -metrics.height() * 1.8)

    def _label(self, x: float, centre: float, node, font: QFont, metrics, with_unit: bool) -> None:
        """Name over value, on a translucent white backing so that it reads over the bands."""
        scene = self.scene()
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        name = node.label
        amount = format_number(node.value, 2) + (f" {self.unit}" if with_unit else "")
        width = max(metrics.horizontalAdvance(name), QFontMetricsF(small).horizontalAdvance(amount)) + 4
        height = metrics.height() * 1.9
        backing = QColor(255, 255, 255, 160)
        scene.addRect(
            QRectF(x - 2, centre - height / 2, width, height), QPen(Qt.PenStyle.NoPen), QBrush(backing)
        )
        top = scene.addSimpleText(name, font)
        top.setPos(x, centre - height / 2)
        bottom = scene.addSimpleText(amount, small)
        bottom.setPos(x, centre - height / 2 + metrics.height())

    def _fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit()

    # ---- export ---------------------------------------------------------------------------------------

    def export_png(self, path: str | Path) -> bool:
        rect = self.scene().sceneRect()
        image = QImage(
            QSize(int(rect.width() * EXPORT_SCALE), int(rect.height() * EXPORT_SCALE)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.scene().render(painter, QRectF(image.rect()), rect)
        painter.end()
        return image.save(str(path), "PNG")

    def export_svg(self, path: str | Path, title: str = "") -> bool:
        rect = self.scene().sceneRect()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(title)
        painter = QPainter()
        if not painter.begin(generator):
            return False
        painter.fillRect(QRectF(0, 0, rect.width(), rect.height()), Qt.GlobalColor.white)
        self.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        return painter.end()


def _path(outline) -> QPainterPath:
    path = QPainterPath()
    for command, args in outline:
        if command == "M":
            path.moveTo(*args)
        elif command == "L":
            path.lineTo(*args)
        elif command == "C":
            path.cubicTo(*args)
        else:
            path.closeSubpath()
    return path
