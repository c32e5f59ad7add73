"""LossChart: where what does not end in product goes (REFERENCE.md §4.5), as horizontal bars of each
loss's share of the focus input, largest first, with the unaccounted part (the closure error) last."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from cp_audit.i18n import _
from ui.formatting import format_number

BAR = QColor("#e8a33d")  # the loss colour of the Sankey diagram
UNACCOUNTED = QColor("#9e9e9e")
LABEL_SHARE = 0.45  # the labels get up to this share of the width and wrap within it
WRAP = Qt.TextFlag.TextWordWrap


@dataclass(frozen=True)
class LossBar:
    label: str
    share_pct: float
    amount: str  # the quantity with its unit, as shown beside the share
    unaccounted: bool = False


class LossChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bars: list[LossBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_losses(self, bars: list[LossBar]) -> None:
        self.bars = sorted((b for b in bars if not b.unaccounted), key=lambda b: -b.share_pct) + [
            b for b in bars if b.unaccounted
        ]
        self.updateGeometry()
        self.update()

    def _row_height(self) -> float:
        return self.fontMetrics().height() * 1.5

    def _label_width(self, width: int) -> float:
        """Room for the labels: the longest one on a line, or a share of the width to wrap in."""
        longest = max((self.fontMetrics().horizontalAdvance(b.label) for b in self.bars), default=0)
        return min(longest + 8, width * LABEL_SHARE)

    def _label_height(self, bar: LossBar, label_width: float) -> int:
        """The height of the label wrapped at the label width (a long sink name takes two lines)."""
        room = QRect(0, 0, max(int(label_width - 8), 1), 1 << 16)
        return self.fontMetrics().boundingRect(room, WRAP, bar.label).height()

    def _rows(self) -> tuple[float, float]:
        """(label width, row height): rows spread out when there is room and are as tall as their
        wrapped labels while every row still fits in the widget (else labels are cut short)."""
        label_width = self._label_width(self.width())
        fits = self.height() / len(self.bars)
        tallest = max(self._label_height(b, label_width) for b in self.bars) + 4
        return label_width, max(min(self._row_height() * 1.5, fits), min(tallest, fits))

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * 60
        label_width = self._label_width(width)
        height = sum(max(self._row_height(), self._label_height(b, label_width) + 4) for b in self.bars)
        return QSize(width, int(max(height, self._row_height() * 3)))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, int(self._row_height() * 3))

    def label_shown(self, bar: LossBar) -> str:
        """The label as drawn: whole and wrapped when the row has room, else cut short (with a tooltip)."""
        label_width, row = self._rows()
        if self._label_height(bar, label_width) <= row:
            return bar.label
        return self.fontMetrics().elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_width - 8))

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.bars:
            _label_width, row = self._rows()
            index = int(event.pos().y() // row)
            if 0 <= index < len(self.bars):
                bar = self.bars[index]
                QToolTip.showText(event.globalPos(), f"{bar.label}: {self._value_text(bar)}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = self.fontMetrics()
        if not self.bars:
            painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, _("没有损失（产品以外的输出）可以显示。")
            )
            return
        label_width, row = self._rows()
        value_width = max(metrics.horizontalAdvance(self._value_text(b)) for b in self.bars) + 8
        room = max(self.width() - label_width - value_width - 8, 10)
        largest = max(max(b.share_pct for b in self.bars), 1e-12)
        for i, bar in enumerate(self.bars):
            top = i * row
            painter.setPen(self.palette().color(self.palette().ColorRole.Text))
            painter.drawText(
                QRectF(4, top, label_width - 8, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | WRAP,
                self.label_shown(bar),
            )
            length = room * max(bar.share_pct, 0.0) / largest
            painter.fillRect(
                QRectF(label_width, top + row * 0.2, max(length, 1.0), row * 0.6),
                UNACCOUNTED if bar.unaccounted else BAR,
            )
            painter.drawText(
                QRectF(label_width + length + 4, top, value_width, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self._value_text(bar),
            )

    @staticmethod
    def _value_text(bar: LossBar) -> str:
        return f"{format_number(bar.share_pct, 2)} %  ({bar.amount})"
