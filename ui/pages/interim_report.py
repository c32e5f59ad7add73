"""4.7 编写清洁生产中期审核报告: what the interim report (chapters 1–4, the 评估 version up to the options)
still lacks, step by step, and the results it reports so far, from the engine."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cp_audit.calc.scoring import CostClass
from cp_audit.i18n import N_, _
from cp_audit.models.base import Phase
from ui.formatting import format_number
from ui.live_results import live_results
from ui.pages.base import StepPage, column, scrolled, section, side_by_side
from ui.pages.generic import ChecklistTree
from ui.pages.option_register import OPTION_TABLES
from ui.shown_refresh import ShownRefresh

REPORT_PHASES = (Phase.preparation, Phase.pre_assessment, Phase.assessment, Phase.options)


class InterimReportPage(StepPage):
    guidance = N_(
        "中期审核报告汇总前三个阶段的工作和方案的产生、筛选及无/低费方案的实施效果"
        "（报告第一至四章）；左边列出各步骤的资料是否齐全，右边是报告要写的主要结果。"
    )

    def build(self) -> QWidget:
        self.checklist = ChecklistTree(self.context, REPORT_PHASES)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self._refresh = ShownRefresh(self.context, OPTION_TABLES, self.refresh, widget=self, parent=self)
        self.refresh()
        results = section(_("中期审核结果要点"), scrolled(column(self.figures)))
        return side_by_side(section(_("报告第一至四章所需资料"), self.checklist), results, sizes=(3, 2))

    def refresh(self) -> None:
        results = live_results(self.context).results()
        if results is None:
            return
        options = results.options
        lines = []
        total = options.all_options
        if total is not None:
            lines.append(
                _("共产生方案 {0} 项，其中无/低费 {1} 项、中/高费 {2} 项。").format(
                    total.count,
                    _count(options.by_class, CostClass.no_low),
                    _count(options.by_class, CostClass.medium_high),
                )
            )
        done = options.implemented_by_class.get(CostClass.no_low.value)
        if done is not None and done.count:
            effects = done.actual_effects
            lines.append(
                _(
                    "已实施无/低费方案 {0} 项，实际投资 {1} 元，实际年经济效益 {2} 元/年，节能 {3} tce/a。"
                ).format(
                    done.count,
                    format_number(done.actual_investment, 2),
                    format_number(done.actual_savings, 2),
                    format_number(effects.tce if effects else 0.0, 2),
                )
            )
        study = options.by_screening.get("study")
        if study is not None and study.count:
            lines.append(
                _("需进一步研究的中/高费方案 {0} 项：{1}。").format(study.count, _("、").join(study.codes))
            )
        self.figures.setText("\n\n".join(lines) or _("还没有方案。"))


def _count(tallies, cost_class: CostClass) -> int:
    tally = tallies.get(cost_class.value)
    return tally.count if tally is not None else 0


STEPS = {"4.7": InterimReportPage}
