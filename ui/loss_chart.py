"""LossChart: where what does not end in product goes (REFERENCE.md §4.5), as horizontal bars of each
loss's share of the focus input, largest first, with the unaccounted part (the closure error) last."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from cp_audit.i18n import _
from ui.formatting import format_number

BAR = QColor("#e8a33d")  # the loss colour of the Sankey diagram
UNACCOUNTED = QColor("#9e9e9e")


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

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().averageCharWidth() * 60, int(self._row_height() * max(len(self.bars), 3))
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, int(self._row_height() * 3))

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
        row = min(self._row_height() * 1.5, self.height() / len(self.bars))  # spread out when there is room
        label_width = min(max(metrics.horizontalAdvance(b.label) for b in self.bars) + 8, self.width() * 0.4)
        value_width = max(metrics.horizontalAdvance(self._value_text(b)) for b in self.bars) + 8
        room = max(self.width() - label_width - value_width - 8, 10)
        largest = max(max(b.share_pct for b in self.bars), 1e-12)
        for i, bar in enumerate(self.bars):
            top = i * row
            painter.setPen(self.palette().color(self.palette().ColorRole.Text))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_width - 8))
            painter.drawText(
                QRectF(4, top, label_width - 8, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
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
