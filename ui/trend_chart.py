"""Multi-year consumption trends: TrendChart draws series of values over the periods as lines with
QPainter; TrendPanel lets the user tick inventory items and shows their values from the engine, per
year or per unit of product."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cp_audit import services
from cp_audit.i18n import _
from cp_audit.models import EmissionPoint, InventoryItem, ProductionLine
from ui.columns import typeset_unit
from ui.formatting import format_number
from ui.live_results import live_results
from ui.pages.base import hint
from ui.shown_refresh import ShownRefresh

COLOURS = ["#1565c0", "#e65100", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#9e9d24"]
GRID = QColor("#cfd8dc")


@dataclass(frozen=True)
class Series:
    label: str
    unit: str
    values: tuple[float | None, ...]  # one per period of the chart, None where there is no value


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis values (1, 2 or 5 × 10ⁿ apart) covering low..high."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-12 * step:
        ticks.append(ticks[-1] + step)
    return ticks


class TrendChart(QWidget):
    """Call set_series() with the period labels and the series. Series of different units are drawn
    as an index (the first value of each = 100), so they share one axis."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.periods: list[str] = []
        self.series: list[Series] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_series(self, periods: list[str], series: list[Series]) -> None:
        self.periods, self.series = periods, series
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 80, metrics.height() * 18)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 40, metrics.height() * 10)

    def as_index(self) -> bool:
        return len({s.unit for s in self.series}) > 1

    def plotted(self, series: Series) -> list[float | None]:
        """The values as drawn: as entered, or as an index of the first value."""
        if not self.as_index():
            return list(series.values)
        base = next((v for v in series.values if v), None)
        return [v / base * 100 if v is not None and base else None for v in series.values]

    def axis_title(self) -> str:
        if not self.series:
            return ""
        return _("指数（首期 = 100）") if self.as_index() else typeset_unit(self.series[0].unit)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        values = [v for s in self.series for v in self.plotted(s) if v is not None]
        if not values or not self.periods:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, _("在左侧勾选项目，这里显示它们历年的变化。")
            )
            return
        ticks = nice_ticks(min(min(values), 0.0), max(values))
        metrics = self.fontMetrics()
        left = (
            max(metrics.horizontalAdvance(format_number(t)) for t in ticks) + metrics.averageCharWidth() * 2
        )
        legend_height = metrics.height() * (len(self.series) + 1)
        area = QRectF(
            left,
            metrics.height() * 1.5,
            max(self.width() - left - metrics.averageCharWidth() * 4, 1),
            max(self.height() - metrics.height() * 3.5 - legend_height, metrics.height()),
        )
        self._paint_axes(painter, area, ticks)
        for number, series in enumerate(self.series):
            self._paint_series(
                painter, area, ticks, self.plotted(series), QColor(COLOURS[number % len(COLOURS)])
            )
        self._paint_legend(painter, area.bottom() + metrics.height() * 2)

    def _x(self, area: QRectF, index: int) -> float:
        if len(self.periods) == 1:
            return area.center().x()
        return area.left() + area.width() * index / (len(self.periods) - 1)

    @staticmethod
    def _y(area: QRectF, ticks: list[float], value: float) -> float:
        return area.bottom() - area.height() * (value - ticks[0]) / (ticks[-1] - ticks[0])

    def _paint_axes(self, painter: QPainter, area: QRectF, ticks: list[float]) -> None:
        metrics = self.fontMetrics()
        text = self.palette().text().color()
        for tick in ticks:
            y = self._y(area, ticks, tick)
            painter.setPen(QPen(GRID))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = format_number(tick)
            painter.drawText(
                QPointF(area.left() - metrics.horizontalAdvance(label) - 6, y + metrics.ascent() / 2.5), label
            )
        for index, period in enumerate(self.periods):
            x = self._x(area, index)
            width = metrics.horizontalAdvance(period)
            left = min(max(x - width / 2, 0), self.width() - width)
            painter.drawText(QPointF(left, area.bottom() + metrics.height()), period)
        painter.drawText(QPointF(2, metrics.ascent()), self.axis_title())

    def _paint_series(self, painter: QPainter, area: QRectF, ticks, values, colour: QColor) -> None:
        pen = QPen(colour)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.setBrush(colour)
        path, drawing = QPainterPath(), False
        for index, value in enumerate(values):
            if value is None:
                drawing = False  # a gap where a period has no value
                continue
            point = QPointF(self._x(area, index), self._y(area, ticks, value))
            path.lineTo(point) if drawing else path.moveTo(point)
            drawing = True
            painter.drawEllipse(point, 3, 3)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _paint_legend(self, painter: QPainter, top: float) -> None:
        metrics = self.fontMetrics()
        for number, series in enumerate(self.series):
            y = top + number * metrics.height()
            colour = QColor(COLOURS[number % len(COLOURS)])
            painter.fillRect(QRectF(8, y - metrics.ascent() / 2 - 2, 16, 4), colour)
            last = next((v for v in reversed(series.values) if v is not None), None)
            text = f"{series.label} ({typeset_unit(series.unit)})"
            if last is not None:
                text += "  " + _("最近：{0}").format(format_number(last, 4 if abs(last) < 1 else 2))
            painter.setPen(self.palette().text().color())
            painter.drawText(
                QPointF(30, y), metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 34)
            )


def formula_names(audit) -> dict[int, str]:
    """Item id -> the name the engine gives its values (line or point key, dot, item key)."""
    from cp_audit.engine.names import item_names

    data = services.AuditData()
    for model in (ProductionLine, EmissionPoint, InventoryItem):
        data.tables[model.__tablename__] = services.rows(audit, model)
    return {item.id: name for name, item in item_names(data).items()}


class TrendPanel(QWidget):
    """Tick items on the left; the chart shows each ticked item over the full-year periods, or over
    every period per unit of product (part-year totals are not comparable with whole years)."""

    DEFAULT_TICKED = 3
    LIST_CHARS = 50  # the widest the list of items gets; the chart keeps the rest

    def __init__(self, context, categories, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.categories = context, tuple(categories)
        self.items = QListWidget()
        self.items.setTextElideMode(Qt.TextElideMode.ElideNone)  # a longer name scrolls instead
        self.per_unit = QCheckBox(_("按单位产品"))
        self.chart = TrendChart()
        self.note = hint("")
        left = QVBoxLayout()
        left.addWidget(self.items, 1)
        left.addWidget(self.per_unit)
        right = QVBoxLayout()
        right.addWidget(self.chart, 1)
        right.addWidget(self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.items.itemChanged.connect(lambda _item: self.refresh())
        self.per_unit.toggled.connect(lambda _on: self.refresh())
        self._soon = ShownRefresh(
            context, {"inventory_item", "production_line", "emission_point"}, self.fill, self, self
        )
        self._values_soon = ShownRefresh(context, None, self.refresh, self, self)
        self.fill()

    def fill(self) -> None:
        """List the items of the categories, keeping what was ticked."""
        audit = self.context.audit
        if audit is None:
            return
        ticked = set(self.chosen_names()) if self.items.count() else None
        names = formula_names(audit)
        self.units: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.items.blockSignals(True)
        self.items.clear()
        owners = {line.key: line.name_zh for line in services.rows(audit, ProductionLine)}
        owners |= {point.key: point.name_zh for point in services.rows(audit, EmissionPoint)}
        defaults = 0
        for item in services.rows(audit, InventoryItem):
            if item.category not in self.categories:
                continue
            name = names[item.id]
            owner = name.rsplit(".", 1)[0] if "." in name else None
            label = (
                _("{0}（{1}）").format(item.name_zh, owners.get(owner) or owner) if owner else item.name_zh
            )
            self.units[name], self.labels[name] = item.unit, label
            text = f"{label} ({typeset_unit(item.unit)})"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, name)
            entry.setToolTip(f"{text}\n{name}")  # the whole name, should the list be too narrow
            default = item.category.value == "energy" and defaults < self.DEFAULT_TICKED
            defaults += default
            on = name in ticked if ticked is not None else default
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.items.addItem(entry)
        self.items.blockSignals(False)
        self._fit_list()
        self.refresh()

    def _fit_list(self) -> None:
        """As wide as the longest entry (with its tick box and a scroll bar), up to LIST_CHARS
        characters; a longer one scrolls sideways and shows whole in its tooltip."""
        items = self.items
        widest = max(
            (items.sizeHintForIndex(items.model().index(i, 0)).width() for i in range(items.count())),
            default=0,
        )
        chrome = 2 * items.frameWidth() + items.verticalScrollBar().sizeHint().width() + 4
        cap = self.fontMetrics().averageCharWidth() * self.LIST_CHARS
        items.setFixedWidth(min(max(widest + chrome, self.fontMetrics().averageCharWidth() * 24), cap))

    def chosen_names(self) -> list[str]:
        return [
            self.items.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.items.count())
            if self.items.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_chosen(self, names: list[str]) -> None:
        self.items.blockSignals(True)
        for i in range(self.items.count()):
            entry = self.items.item(i)
            on = entry.data(Qt.ItemDataRole.UserRole) in names
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.items.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        results = live_results(self.context).results()
        if results is None:
            return
        per_unit = self.per_unit.isChecked()
        periods = [p for p in results.periods.values() if per_unit or p.full_year]
        series = [self._series(results, periods, name, per_unit) for name in self.chosen_names()]
        self.chart.set_series([p.label_zh for p in periods], series)
        if per_unit:
            self.note.setText(_("按单位产品：各期的量除以该期的产品产量；非全年的监测期也可比较。"))
        else:
            self.note.setText(_("只显示全年统计期；非全年的监测期请按单位产品比较。"))

    def _series(self, results, periods, name: str, per_unit: bool) -> Series:
        """One item over the periods: its value, or the engine's value per unit of product."""
        if not per_unit:
            return Series(self.labels[name], self.units[name], tuple(p.values.get(name) for p in periods))
        figures = [results.item_intensities.get(p.key, {}).get(name) for p in periods]
        unit = next((f.unit for f in figures if f is not None), f"{self.units[name]}/?")
        return Series(self.labels[name], unit, tuple(f.value if f is not None else None for f in figures))
