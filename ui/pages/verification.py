"""6.3 验证已实施的中/高费方案的成果 and 6.4 分析总结已实施方案对企业的影响: before/after monitoring with
the change the engine derives as values are typed, the medium/high-cost options evaluated again with
actual figures, target attainment, the evaluation-index levels, the performance figures and CPPP."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo
from cp_audit.models.base import CpppProjectKind
from ui.columns import typeset_unit
from ui.formatting import format_number
from ui.forms import RecordForm
from ui.live_results import live_results
from ui.pages.base import StepPage, column, hint, scrolled, section, stacked, tabs
from ui.pages.implementation import resource_name
from ui.shown_refresh import ShownRefresh
from ui.table_editor import TableEditor
from ui.tables.figures import SIGNIFICANT, FigureColumn, FigureTableModel, level_text, yes_no
from ui.tables.implementation import MonitoringTableModel, PostEconomicsTableModel


class VerificationPage(StepPage):
    guidance = N_(
        "中/高费方案实施后，在相同条件下监测实施前后的指标：直接填写数值，或填写分子和分母由程序换算；"
        "变化量和变化率随即计算。下表按实际投资和实际效益重新进行经济评估。"
    )

    def build(self) -> QWidget:
        self.monitoring_model = MonitoringTableModel(self.context)
        self.monitoring = TableEditor(self.monitoring_model, visible_rows=6, stretch_last=False)
        self.economics = TableEditor(
            PostEconomicsTableModel(self.context), can_add=False, can_delete=False, visible_rows=3
        )
        note = _("绿色表示向好的变化，红色表示变差（按“方向”判断）。比值指标填写分子、分母及其单位。")
        return stacked(
            section(_("实施前后监测"), self.monitoring, note=note),
            section(_("已实施的中/高费方案实施后经济效果"), self.economics),
        )


class TargetAttainmentModel(FigureTableModel):
    columns = (
        FigureColumn(N_("编号"), lambda t: t.code),
        FigureColumn(N_("指标"), lambda t: t.name_zh),
        FigureColumn(N_("单位"), lambda t: typeset_unit(t.unit)),
        FigureColumn(N_("基准值"), lambda t: t.baseline, decimals=SIGNIFICANT),
        FigureColumn(N_("实施后"), lambda t: t.actual, decimals=SIGNIFICANT),
        FigureColumn(N_("变化率"), lambda t: t.actual_change_pct, unit="%", decimals=2),
        FigureColumn(N_("近期目标"), lambda t: t.near_value, decimals=SIGNIFICANT),
        FigureColumn(N_("近期目标完成率"), lambda t: t.near_attainment_pct, unit="%", decimals=2),
        FigureColumn(N_("近期目标达到"), lambda t: t.near_met, flag=True),
        FigureColumn(N_("中长期目标"), lambda t: t.long_value, decimals=SIGNIFICANT),
        FigureColumn(N_("中长期目标完成率"), lambda t: t.long_attainment_pct, unit="%", decimals=2),
        FigureColumn(N_("中长期目标达到"), lambda t: t.long_met, flag=True),
    )

    def rows_of(self, results) -> list:
        return list(results.targets)


class EvaluationModel(FigureTableModel):
    columns = (
        FigureColumn(N_("评价指标"), lambda i: i.name_zh),
        FigureColumn(N_("单位"), lambda i: typeset_unit(i.unit)),
        FigureColumn(N_("限定性指标"), lambda i: yes_no(i.limiting)),
        FigureColumn(N_("实施前"), lambda i: i.before, decimals=SIGNIFICANT),
        FigureColumn(N_("实施前级别"), lambda i: level_text(i.level_before)),
        FigureColumn(N_("实施后"), lambda i: i.after, decimals=SIGNIFICANT),
        FigureColumn(N_("实施后级别"), lambda i: level_text(i.level_after)),
    )

    def rows_of(self, results) -> list:
        return list(results.evaluation.indicators) if results.evaluation is not None else []


def _performance_rows(table) -> list[tuple[str, float | int | None, str, int | None]]:
    rows = [
        (N_("方案总数"), table.options_total, N_("项"), 0),
        (N_("已实施方案"), table.implemented_total, N_("项"), 0),
        (N_("其中无/低费方案"), table.implemented_no_low_cost, N_("项"), 0),
        (N_("其中中/高费方案"), table.implemented_medium_high_cost, N_("项"), 0),
        (N_("方案实施率"), table.implementation_rate_pct, "%", 2),
        (N_("无/低费方案投资"), table.investment_no_low_cost, N_("元"), 2),
        (N_("中/高费方案投资"), table.investment_medium_high_cost, N_("元"), 2),
        (N_("总投资"), table.investment_total, N_("元"), 2),
        (N_("年经济效益"), table.economic_benefit_a, N_("元/年"), 0),
        (N_("年节能量"), table.energy_saved_tce_a, "tce/a", 2),
        (N_("年减排二氧化碳"), table.co2_reduced_t_a, "t/a", 2),
    ]
    for key, value in table.savings_by_resource.items():
        rows.append((resource_name(key), value, table.units_by_resource.get(key, ""), None))
    return rows


class PerformanceModel(FigureTableModel):
    """重点企业清洁生产审核绩效表: the implemented options' actual figures."""

    columns = (
        FigureColumn(N_("项目"), lambda r: _(r[0])),
        FigureColumn(
            N_("数值"),
            lambda r: r[1],
            decimals=2,
            unit_of_row=lambda r: typeset_unit(_(r[2])),
            decimals_of_row=lambda r: r[3] if r[3] is not None else SIGNIFICANT,
        ),
    )

    def rows_of(self, results) -> list:
        return _performance_rows(results.performance)


def project_name(key: str, kind: str) -> str:
    try:
        return _("{0}（{1}）").format(key, _(CpppProjectKind(kind).label))
    except ValueError:
        return key


class CpppFundingModel(FigureTableModel):
    """Funding of each CPPP project under each rule set (REFERENCE.md §8.2)."""

    columns = (
        FigureColumn(N_("资助规则"), lambda r: r[0]),
        FigureColumn(N_("项目"), lambda r: project_name(r[1].key, r[1].kind)),
        FigureColumn(N_("合资格费用"), lambda r: r[1].eligible_cost_hkd, unit=N_("港元"), decimals=0),
        FigureColumn(N_("资助比例"), lambda r: r[1].share * 100, unit="%", decimals=0),
        FigureColumn(N_("资助上限"), lambda r: r[1].cap_hkd, unit=N_("港元"), decimals=0),
        FigureColumn(N_("资助额"), lambda r: r[1].funding_hkd, unit=N_("港元"), decimals=0),
        FigureColumn(N_("达到上限"), lambda r: yes_no(r[1].capped)),
        FigureColumn(N_("企业承担"), lambda r: r[1].firm_pays_hkd, unit=N_("港元"), decimals=0),
    )

    def rows_of(self, results) -> list:
        if results.cppp is None:
            return []
        return [(key, p) for key, summary in results.cppp.funding.items() for p in summary.projects]


class CpppBenefitModel(FigureTableModel):
    """Benefits in the units CPPP reports (REFERENCE.md §8.3), per project and combined."""

    columns = (
        FigureColumn(N_("项目"), lambda r: _("合计") if r[0] == "combined" else r[0]),
        FigureColumn(N_("节电"), lambda r: r[1].electricity_kwh_a, unit="kWh/a", decimals=0),
        FigureColumn(N_("节约天然气"), lambda r: r[1].natural_gas_m3_a, unit="m³/a", decimals=0),
        FigureColumn(N_("减排二氧化碳"), lambda r: r[1].co2_t_a, unit="t/a", decimals=2),
        FigureColumn(N_("减少废水"), lambda r: r[1].effluent_t_a, unit="t/a", decimals=0),
        FigureColumn(N_("节能"), lambda r: r[1].energy_tj_a, unit="TJ/a", decimals=4),
        FigureColumn(N_("年经济效益"), lambda r: r[1].savings_hkd_a, unit=N_("港元/年"), decimals=0),
    )

    def rows_of(self, results) -> list:
        return list(results.cppp.benefits.items()) if results.cppp is not None else []


class ImpactPage(StepPage):
    guidance = N_(
        "用实施后核定期的数据与基准年对比：各项清洁生产目标的完成情况，清洁生产评价指标体系的级别变化，"
        "审核绩效，以及清洁生产伙伴计划的资助和效益。所有数值由计算得出。"
    )

    def build(self) -> QWidget:
        self.periods = RecordForm(
            self.context, AuditInfo, ["baseline_period_key", "verification_period_key"], singleton=True
        )
        self.attainment_model = TargetAttainmentModel(self.context)
        self.attainment = self._figures(self.attainment_model, 5)
        self.evaluation_model = EvaluationModel(self.context)
        self.evaluation = self._figures(self.evaluation_model, 3)
        self.evaluation_summary = QLabel()
        self.evaluation_summary.setWordWrap(True)
        self.performance = self._figures(PerformanceModel(self.context), 6)
        self.cppp_note = hint("")
        self.funding = self._figures(CpppFundingModel(self.context), 3)
        self.benefits = self._figures(CpppBenefitModel(self.context), 2)
        self._soon = ShownRefresh(self.context, None, self.refresh, self, self)
        self.refresh()
        return tabs(
            (
                _("目标完成情况"),
                column(
                    section(_("对比的统计期"), self.periods, stretch=False),
                    section(_("清洁生产目标完成情况"), self.attainment),
                    stretch_last=True,
                ),
            ),
            (
                _("评价指标体系"),
                column(
                    section(_("清洁生产水平"), self.evaluation_summary, stretch=False),
                    section(_("各项评价指标的级别"), self.evaluation),
                    stretch_last=True,
                ),
            ),
            (_("审核绩效"), section(_("清洁生产审核绩效"), self.performance)),
            (
                _("清洁生产伙伴计划"),
                scrolled(
                    column(
                        self.cppp_note,
                        section(_("资助"), self.funding),
                        section(_("效益"), self.benefits),
                        stretch_last=True,
                    )
                ),
            ),
        )

    @staticmethod
    def _figures(model: FigureTableModel, rows: int) -> TableEditor:
        editor = TableEditor(model, can_add=False, can_delete=False, visible_rows=rows)
        editor.paste_button.hide()
        model.follow(editor)
        return editor

    def refresh(self) -> None:
        results = live_results(self.context).results()
        if results is None:
            return
        self.evaluation_summary.setText(self.evaluation_text(results.evaluation))
        self.cppp_note.setText(self.cppp_text(results.cppp))

    @staticmethod
    def evaluation_text(evaluation) -> str:
        if evaluation is None:
            return _("本审核未选择清洁生产评价指标体系（在 2.3 或审核设置中选择）。")
        text = _("评价指标体系：{0}。").format(evaluation.name_zh)
        if evaluation.level_before or evaluation.level_after:
            text += " " + _("清洁生产水平：实施前 {0}，实施后 {1}。").format(
                level_text(evaluation.level_before) or "—", level_text(evaluation.level_after) or "—"
            )
        else:
            text += " " + _("综合评价指数需要体系中全部指标的数据，现仅能逐项评定级别。")
        if evaluation.partial:
            text += " " + _("（只录入了部分指标。）")
        return text

    @staticmethod
    def cppp_text(cppp) -> str:
        if cppp is None:
            return _("本审核没有清洁生产伙伴计划项目。")
        parts = [_("符合资助资格：{0}。").format(yes_no(cppp.eligible))]
        if cppp.hkd_per_cny is not None:
            parts.append(_("汇率：1 人民币 = {0} 港元。").format(format_number(cppp.hkd_per_cny)))
        for project, paybacks in cppp.paybacks.items():
            shown = [
                _("资助前 {0} 年").format(format_number(v, 2))
                if key == "before_funding"
                else _("按 {0} 资助后 {1} 年").format(key, format_number(v, 2))
                for key, v in paybacks.items()
                if v is not None
            ]
            if shown:
                parts.append(_("项目 {0} 的投资回收期：{1}。").format(project, _("，").join(shown)))
        return " ".join(parts)


STEPS = {"6.3": VerificationPage, "6.4": ImpactPage}
