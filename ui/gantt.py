"""GanttChart: the work plan (工作表1-2) as bars on a time line, painted with QPainter, with today and
the completion deadline of a mandatory audit as vertical lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cp_audit.i18n import _

BAR = QColor("#42a5f5")
BAR_LATE = QColor("#ef5350")
GRID = QColor("#cfd8dc")
TODAY = QColor("#1565c0")
DEADLINE = QColor("#b71c1c")


@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date


def month_starts(first: date, last: date) -> list[date]:
    day = date(first.year, first.month, 1)
    months = []
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


class GanttChart(QWidget):
    """Call set_plan() with the bars and an optional deadline; sizes follow the font, not pixels."""

    def __init__(self, parent: QWidget | None = None, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.today = today
        self.bars: list[Bar] = []
        self.deadline: date | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_plan(self, bars: list[Bar], deadline: date | None = None) -> None:
        self.bars, self.deadline = bars, deadline
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.7)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 100, self._row_height() * (max(len(self.bars), 1) + 2))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, self._row_height() * 3)

    def span(self) -> tuple[date, date] | None:
        if not self.bars:
            return None
        first = min(b.start for b in self.bars)
        last = max([b.end for b in self.bars] + ([self.deadline] if self.deadline else []))
        return first - timedelta(days=3), last + timedelta(days=3)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        span = self.span()
        if span is None:
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                _("填写工作计划的开始和完成时间后，这里显示进度图。"),
            )
            return
        metrics = self.fontMetrics()
        label_width = min(
            max(metrics.horizontalAdvance(b.label) for b in self.bars) + metrics.averageCharWidth() * 2,
            self.width() // 3,
        )
        area = QRectF(
            label_width,
            self._row_height(),
            max(self.width() - label_width - metrics.averageCharWidth(), 1),
            self._row_height() * len(self.bars),
        )
        first, last = span
        days = max((last - first).days, 1)

        def x_of(day: date) -> float:
            return area.left() + area.width() * (day - first).days / days

        self._paint_months(painter, area, first, last, x_of)
        self._paint_bars(painter, area, label_width, x_of)
        self._paint_line(painter, area, x_of, self.today(), TODAY, _("今天"), first, last)
        if self.deadline:
            self._paint_line(painter, area, x_of, self.deadline, DEADLINE, _("完成期限"), first, last)

    def _paint_months(self, painter: QPainter, area: QRectF, first: date, last: date, x_of) -> None:
        painter.setPen(QPen(GRID))
        metrics = self.fontMetrics()
        previous_right = -1.0
        for month in month_starts(first, last):
            x = max(x_of(month), area.left())
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            text = f"{month.year}-{month.month:02d}"
            if x > previous_right:  # skip labels that would overlap on a narrow chart
                painter.setPen(self.palette().text().color())
                painter.drawText(QPointF(x + 2, area.top() - metrics.descent() - 2), text)
                painter.setPen(QPen(GRID))
                previous_right = x + metrics.horizontalAdvance(text) + 4

    def _paint_bars(self, painter: QPainter, area: QRectF, label_width: int, x_of) -> None:
        row_height = self._row_height()
        metrics = self.fontMetrics()
        for number, bar in enumerate(self.bars):
            top = area.top() + number * row_height
            label = metrics.elidedText(
                bar.label, Qt.TextElideMode.ElideRight, label_width - metrics.averageCharWidth()
            )
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(0, top, label_width, row_height), Qt.AlignmentFlag.AlignVCenter, label)
            late = self.deadline is not None and bar.end > self.deadline
            left, right = x_of(bar.start), x_of(bar.end + timedelta(days=1))
            rect = QRectF(left, top + row_height * 0.2, max(right - left, 2), row_height * 0.6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BAR_LATE if late else BAR)
            painter.drawRoundedRect(rect, 3, 3)

    def _paint_line(
        self,
        painter: QPainter,
        area: QRectF,
        x_of,
        day: date,
        colour: QColor,
        text: str,
        first: date,
        last: date,
    ) -> None:
        if not first <= day <= last:
            return
        x = x_of(day)
        pen = QPen(colour)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        width = self.fontMetrics().horizontalAdvance(text)
        left = x + 3 if x + 3 + width <= self.width() else x - 3 - width  # keep the label inside the chart
        painter.drawText(QPointF(left, area.bottom() + self.fontMetrics().ascent() + 2), text)
