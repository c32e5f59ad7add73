"""BarChart: horizontal bars painted with QPainter, one per category (options by aspect, by cost class),
each bar split into coloured parts (e.g. 无/低费 and 中/高费) with a legend. Sizes follow the font."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.formatting import format_number

PALETTE = (QColor("#42a5f5"), QColor("#ffa726"), QColor("#66bb6a"), QColor("#ab47bc"), QColor("#ef5350"))
GRID = QColor("#cfd8dc")


@dataclass(frozen=True)
class BarRow:
    label: str
    parts: tuple[float, ...]  # one value per series, stacked left to right

    @property
    def total(self) -> float:
        return sum(self.parts)


class BarChart(QWidget):
    """Call set_data(rows, series names); an empty chart says `empty_text`."""

    def __init__(self, empty_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[BarRow] = []
        self.series: list[str] = []
        self.empty_text = empty_text
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, rows: list[BarRow], series: list[str]) -> None:
        self.rows, self.series = rows, series
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 50, self._row_height() * (max(len(self.rows), 1) + 2))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 30, self._row_height() * 3)

    def label_width(self) -> int:
        metrics = self.fontMetrics()
        return (
            max((metrics.horizontalAdvance(r.label) for r in self.rows), default=0)
            + metrics.averageCharWidth()
        )

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().text().color())
        if not self.rows or not any(r.total for r in self.rows):
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
            return
        metrics = self.fontMetrics()
        legend = self._paint_legend(painter)
        row_height = min(self._row_height(), max(4, (self.height() - legend) // len(self.rows)))
        left = self.label_width()
        value_room = metrics.horizontalAdvance("00000") + metrics.averageCharWidth()
        width = max(1.0, self.width() - left - value_room)
        largest = max(r.total for r in self.rows)
        for number, row in enumerate(self.rows):
            top = legend + number * row_height
            text_rect = QRectF(0, top, left - metrics.averageCharWidth() / 2, row_height)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.label
            )
            x = float(left)
            for series, value in enumerate(row.parts):
                length = width * value / largest if largest else 0
                painter.fillRect(
                    QRectF(x, top + row_height * 0.2, length, row_height * 0.6), PALETTE[series % 5]
                )
                x += length
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QRectF(x + 4, top, value_room, row_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                format_number(row.total),
            )
        painter.setPen(QPen(GRID))
        painter.drawLine(left, legend, left, legend + row_height * len(self.rows))

    def _paint_legend(self, painter: QPainter) -> int:
        """The series names with their colours along the top, wrapped onto more lines when the chart is
        narrow; returns the height used."""
        if len(self.series) < 2:
            return 0
        metrics = self.fontMetrics()
        height = metrics.height() + 4
        left = min(float(self.label_width()), self.width() / 3)
        x, y = left, 2.0
        for series, name in enumerate(self.series):
            width = height * 0.8 + metrics.horizontalAdvance(name) + metrics.averageCharWidth() * 2
            if x > left and x + width > self.width():
                x, y = left, y + height
            painter.fillRect(QRectF(x, y + height * 0.2, height * 0.6, height * 0.6), PALETTE[series % 5])
            painter.setPen(self.palette().text().color())
            text = QRectF(x + height * 0.8, y, metrics.horizontalAdvance(name) + 2, height)
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter, name)
            x += width
        return int(y + height + 4)
