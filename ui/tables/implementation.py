"""Table models of phase 6 方案实施: the implementation schedule, the achievements of the implemented
no/low-cost options, the before/after monitoring and the post-implementation economics of the
medium/high-cost options. Stored fields are edited here; the figures beside them come from the engine
(`live_results`) and follow every edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from cp_audit.calc.scoring import CostClass, classify_cost
from cp_audit.i18n import N_
from cp_audit.models import MonitoringRecord
from cp_audit.models.base import Direction, OptionStatus
from ui.cells import CopyRole
from ui.columns import ColumnEnum, ColumnSpec, Kind, Reference
from ui.formatting import format_plain
from ui.live_results import RefreshSoon, live_results
from ui.table_models import RowTableModel
from ui.tables.figures import SIGNIFICANT, format_figure
from ui.tables.options import OptionTableModel, cost_class


class LiveFiguresMixin:
    """Computed columns read the engine's current results; all rows repaint after any change, since a
    figure may follow from another table (an option's effects, a coefficient)."""

    def _watch_results(self) -> None:
        self._figures_soon = RefreshSoon(self.context, None, self._repaint, self)

    def results(self):
        return live_results(self.context).results()

    def option_figures(self, code: str):
        results = self.results()
        return results.options.options.get(code) if results is not None else None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # a computed figure goes to the clipboard exactly, not as rounded for display
        if role == CopyRole and index.isValid() and self.specs[index.column()].kind == Kind.computed:
            value = self.value(index.row(), index.column())
            if isinstance(value, (int, float)):
                return format_plain(value)
        return super().data(index, role)

    def _repaint(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))


def _option_figure(read):
    def compute(option, model) -> Any:
        figures = model.option_figures(option.code)
        return read(figures) if figures is not None else None

    return compute


def _actual_effect(attribute: str):
    return _option_figure(lambda f: getattr(f.actual, attribute) if f.actual is not None else None)


def _post_economics(attribute: str, scale: float = 1.0):
    def read(figures):
        result = figures.post_economics
        value = getattr(result, attribute) if result is not None else None
        return value * scale if value is not None else None

    return _option_figure(read)


class ImplementationTableModel(OptionTableModel):
    """6.1 组织方案实施: every option with its status, dates and actual investment."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=26)
        cost_class = ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class)
        status = ColumnSpec("status", width_chars=8)
        start_on = ColumnSpec("start_on")
        end_on = ColumnSpec("end_on")
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        actual_investment = ColumnSpec("actual_investment", kind=Kind.money, unit=N_("元"))
        note = ColumnSpec("implementation_note_zh", kind=Kind.long_text, width_chars=30)


class AchievementTableModel(LiveFiguresMixin, OptionTableModel):
    """6.2: the implemented no/low-cost options, actual against expected, with their effects."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=24)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        actual_investment = ColumnSpec("actual_investment", kind=Kind.money, unit=N_("元"))
        expected_savings = ColumnSpec("expected_savings", kind=Kind.money, unit=N_("元/年"))
        actual_savings = ColumnSpec("actual_savings", kind=Kind.money, unit=N_("元/年"))
        payback = ColumnSpec(
            "actual_payback",
            header=N_("实际投资回收期"),
            unit=N_("年"),
            decimals=2,
            kind=Kind.number,
            compute=_option_figure(lambda f: f.actual_payback),
        )
        tce = ColumnSpec(
            "actual_tce",
            header=N_("节能量"),
            unit="tce/a",
            decimals=2,
            kind=Kind.number,
            compute=_actual_effect("tce"),
        )
        tco2 = ColumnSpec(
            "actual_tco2",
            header=N_("减排二氧化碳"),
            unit="tCO₂/a",
            decimals=2,
            kind=Kind.number,
            compute=_actual_effect("tco2"),
        )

    def __init__(self, context, cost: CostClass = CostClass.no_low, parent=None):
        self.cost = cost
        super().__init__(context, {"status": OptionStatus.implemented}, parent)
        self._watch_results()

    def load_rows(self) -> list:
        rows = super().load_rows()
        classes = {CostClass.medium, CostClass.high, CostClass.medium_high}
        wanted = classes if self.cost != CostClass.no_low else {CostClass.no_low}
        return [
            r for r in rows if classify_cost(r.investment, self.thresholds(), r.code).cost_class in wanted
        ]


class PostEconomicsTableModel(AchievementTableModel):
    """6.3: the implemented medium/high-cost options, evaluated again with actual investment and savings."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=24)
        actual_investment = ColumnSpec("actual_investment", kind=Kind.money, unit=N_("元"))
        actual_savings = ColumnSpec("actual_savings", kind=Kind.money, unit=N_("元/年"))
        savings_variance = ColumnSpec(
            "savings_variance_pct",
            header=N_("效益偏差"),
            unit="%",
            decimals=2,
            kind=Kind.number,
            compute=_option_figure(lambda f: f.savings_variance_pct),
        )
        payback = ColumnSpec(
            "post_payback",
            header=N_("投资偿还期 N"),
            unit=N_("年"),
            decimals=2,
            kind=Kind.number,
            compute=_post_economics("payback_years"),
        )
        npv = ColumnSpec(
            "post_npv",
            header=N_("净现值 NPV"),
            unit=N_("元"),
            decimals=2,
            kind=Kind.number,
            compute=_post_economics("npv"),
        )
        irr = ColumnSpec(
            "post_irr",
            header=N_("内部收益率 IRR"),
            unit="%",
            decimals=2,
            kind=Kind.number,
            compute=_post_economics("irr", 100.0),
        )
        tco2 = ColumnSpec(
            "actual_tco2",
            header=N_("减排二氧化碳"),
            unit="tCO₂/a",
            decimals=2,
            kind=Kind.number,
            compute=_actual_effect("tco2"),
        )

    def __init__(self, context, parent=None):
        super().__init__(context, CostClass.medium_high, parent)


def _monitoring(attribute: str):
    def compute(record, model) -> Any:
        figure = model.monitoring().get(record.id)
        return getattr(figure, attribute) if figure is not None else None

    return compute


class MonitoringTableModel(LiveFiguresMixin, RowTableModel):
    """6.3 实施前后监测: before and after values as entered (directly, or as numerator/denominator),
    and the before, after, change and % change the engine derives from them."""

    table = MonitoringRecord
    watch = frozenset({"option"})

    class Column(ColumnEnum):
        option = ColumnSpec("option_id", reference=Reference("option", "code", None), width_chars=5)
        indicator = ColumnSpec("indicator_zh", width_chars=26)
        unit = ColumnSpec("unit", width_chars=8)
        before_value = ColumnSpec("before_value")
        after_value = ColumnSpec("after_value")
        before = ColumnSpec(
            "before", header=N_("实施前（计算）"), kind=Kind.number, decimals=4, compute=_monitoring("before")
        )
        after = ColumnSpec(
            "after", header=N_("实施后（计算）"), kind=Kind.number, decimals=4, compute=_monitoring("after")
        )
        change = ColumnSpec(
            "change", header=N_("变化量"), kind=Kind.number, decimals=4, compute=_monitoring("change")
        )
        change_pct = ColumnSpec(
            "change_pct",
            header=N_("变化率"),
            unit="%",
            kind=Kind.number,
            decimals=2,
            compute=_monitoring("change_pct"),
        )
        before_period = ColumnSpec("before_period", width_chars=12)
        after_period = ColumnSpec("after_period", width_chars=12)
        before_num = ColumnSpec("before_num")
        before_den = ColumnSpec("before_den")
        after_num = ColumnSpec("after_num")
        after_den = ColumnSpec("after_den")
        num_unit = ColumnSpec("num_unit")
        den_unit = ColumnSpec("den_unit")
        direction = ColumnSpec("direction")

    def __init__(self, context, filters=None, parent=None):
        super().__init__(context, filters, parent)
        self._watch_results()

    @property
    def figure_columns(self) -> set[int]:  # the computed before, after and change
        return {self.Column.before.index, self.Column.after.index, self.Column.change.index}

    def monitoring(self) -> dict[int, Any]:
        """Record id -> its engine figure. The engine lists one figure per record in id order."""
        results = self.results()
        if results is None:
            return {}
        ids = sorted(r.id for r in self.all_records())
        figures = results.options.monitoring
        return dict(zip(ids, figures, strict=True)) if len(ids) == len(figures) else {}

    def all_records(self) -> list[MonitoringRecord]:
        return self._rows if not self.filters else super()._all_rows_of_table()

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return self._change_colour(index)
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() in self.figure_columns:
            value = self.value(index.row(), index.column())
            return format_figure(value, SIGNIFICANT) if value is not None else ""
        return super().data(index, role)

    def _change_colour(self, index):
        if index.column() not in (self.Column.change.index, self.Column.change_pct.index):
            return None
        record = self.row(index.row())
        figure = self.monitoring().get(record.id)
        if figure is None or figure.change is None or record.direction not in (Direction.le, Direction.ge):
            return None
        better = figure.change < 0 if record.direction == Direction.le else figure.change > 0
        return QBrush(QColor("#2e7d32") if better else QColor("#c62828"))
