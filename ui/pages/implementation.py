"""6.1 组织方案实施 and 6.2 汇总已实施的无/低费方案的成果: the implementation schedule (a table and its
time line) and the achievements of the implemented no/low-cost options, with totals from the engine."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cp_audit import services
from cp_audit.calc.deadlines import mandatory_deadlines
from cp_audit.calc.scoring import CostClass
from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo, Option
from cp_audit.models.base import AuditType, OptionStatus
from ui.columns import typeset_unit
from ui.formatting import format_number
from ui.gantt import Bar, GanttChart
from ui.live_results import live_results
from ui.pages.base import StepPage, column, section, side_by_side, stacked
from ui.shown_refresh import ShownRefresh
from ui.table_editor import TableEditor
from ui.tables.figures import FigureColumn, FigureTableModel
from ui.tables.implementation import AchievementTableModel, ImplementationTableModel


def resource_name(key: str) -> str:
    from cp_audit.reports.content.context import RESOURCE_NAMES

    return _(RESOURCE_NAMES[key]) if key in RESOURCE_NAMES else key


def completion_due(context):
    info = services.singleton(context.audit, AuditInfo)
    if info.audit_type == AuditType.mandatory and info.list_published_on:
        return mandatory_deadlines(info.list_published_on, info.mandatory_category).completion_due
    return None


class ImplementationPage(StepPage):
    guidance = N_(
        "推荐的方案逐项落实：填写实施状态、开始和完成日期、实际投资和实施说明；"
        "进度图显示各方案的实施时间和强制性审核的完成期限。"
    )

    def build(self) -> QWidget:
        self.table = TableEditor(ImplementationTableModel(self.context), visible_rows=6)
        self.chart = GanttChart()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self._soon = ShownRefresh(self.context, {"option", "audit_info"}, self.refresh, self, self)
        self.refresh()
        return stacked(
            section(_("方案实施进度"), self.table),
            section(_("实施进度图"), column(self.chart, self.summary, stretch_last=True)),
        )

    def refresh(self) -> None:
        if self.context.audit is None:
            return
        options = [
            o
            for o in services.rows(self.context.audit, Option)
            if o.start_on and o.end_on and o.start_on <= o.end_on and o.status != OptionStatus.rejected
        ]
        self.chart.set_plan(
            [Bar(f"{o.code} {o.title_zh}", o.start_on, o.end_on) for o in options],
            completion_due(self.context),
        )
        self.summary.setText(self.summary_text())

    def summary_text(self) -> str:
        results = live_results(self.context).results()
        if results is None or results.options.all_options is None:
            return ""
        figures = results.options
        counts = {
            status: figures.by_status[status.value].count
            for status in OptionStatus
            if status.value in figures.by_status
        }
        text = _("共 {0} 项方案：已实施 {1} 项，计划或实施中 {2} 项，不实施 {3} 项。").format(
            figures.all_options.count,
            counts.get(OptionStatus.implemented, 0),
            counts.get(OptionStatus.planned, 0) + counts.get(OptionStatus.in_progress, 0),
            counts.get(OptionStatus.rejected, 0),
        )
        if figures.implementation_rate_pct is not None:
            text += " " + _("方案实施率 {0} %。").format(format_number(figures.implementation_rate_pct, 2))
        if figures.implemented is not None:
            text += " " + _("已实施方案实际投资合计 {0} 元。").format(
                format_number(figures.implemented.actual_investment, 2)
            )
        return text


class EffectsModel(FigureTableModel):
    """The annual effects of one group of implemented options, by resource (actual figures)."""

    columns = (
        FigureColumn(N_("资源"), lambda r: resource_name(r[0])),
        FigureColumn(N_("年削减量"), lambda r: r[1], decimals=2, unit_of_row=lambda r: typeset_unit(r[2])),
        FigureColumn(N_("折标准煤"), lambda r: r[3], unit="tce/a", decimals=2),
        FigureColumn(N_("二氧化碳"), lambda r: r[4], unit="tCO₂/a", decimals=2),
    )

    def __init__(self, context, cost: str = CostClass.no_low.value, parent=None):
        self.cost = cost
        super().__init__(context, parent)

    def tally(self, results):
        return results.options.implemented_by_class.get(self.cost)

    def rows_of(self, results) -> list:
        tally = self.tally(results)
        effects = tally.actual_effects if tally is not None else None
        if effects is None:
            return []
        return [
            (
                key,
                value,
                effects.units.get(key, ""),
                effects.tce_by_resource.get(key),
                effects.tco2_by_resource.get(key),
            )
            for key, value in effects.values.items()
        ]


class AchievementsPage(StepPage):
    guidance = N_(
        "汇总已实施的无/低费方案的实际投资、实际经济效益和环境效益，并与预期对照；合计数由计算得出。"
    )
    cost = CostClass.no_low

    def build(self) -> QWidget:
        self.table = TableEditor(
            AchievementTableModel(self.context, self.cost), can_add=False, can_delete=False, visible_rows=6
        )
        self.effects_model = EffectsModel(self.context, self.cost.value)
        self.effects = TableEditor(self.effects_model, can_add=False, can_delete=False, visible_rows=4)
        self.effects.paste_button.hide()
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.effects_model.follow(self.effects)
        self._soon = ShownRefresh(self.context, None, self.refresh, self, self)
        self.refresh()
        note = _("只列出状态为“已实施”的无/低费方案；方案的状态在 6.1 中填写，实际效果在方案登记中填写。")
        return stacked(
            section(_("已实施的无/低费方案"), self.table, note=note),
            side_by_side(
                section(_("合计"), column(self.totals)),
                section(_("年环境效益（实际）"), self.effects),
                sizes=(1, 2),
            ),
        )

    def refresh(self) -> None:
        results = live_results(self.context).results()
        tally = results.options.implemented_by_class.get(self.cost.value) if results is not None else None
        if tally is None:
            self.totals.setText("")
            return
        effects = tally.actual_effects
        lines = [
            _("已实施方案：{0} 项").format(tally.count),
            _("预期投资：{0} 元").format(format_number(tally.investment, 2)),
            _("实际投资：{0} 元").format(format_number(tally.actual_investment, 2)),
            _("预期年经济效益：{0} 元/年").format(format_number(tally.savings, 0)),
            _("实际年经济效益：{0} 元/年").format(format_number(tally.actual_savings, 0)),
            _("年节能：{0} tce").format(format_number(effects.tce if effects else 0.0, 2)),
            _("年减排二氧化碳：{0} t").format(format_number(effects.tco2 if effects else 0.0, 2)),
        ]
        self.totals.setText("\n".join(lines))


STEPS = {"6.1": ImplementationPage, "6.2": AchievementsPage}
