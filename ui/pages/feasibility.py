"""Phase 5 可行性分析 apart from the economics: the market survey, technical and environmental evaluation
of each option kept for study (5.1–5.3: the list of those options beside a form for the selected one) and
the recommended options with their rank and economic verdict from the engine (5.5)."""

from __future__ import annotations

import html
from typing import ClassVar

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cp_audit.i18n import N_, _
from cp_audit.models import Option
from cp_audit.models.base import EffectBasis, OptionStatus, OwnerKind, Screening
from ui.attachments import AttachmentsPanel
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.forms import RecordForm
from ui.live_results import live_results
from ui.pages.base import StepPage, column, scrolled, section, side_by_side, stacked
from ui.pages.option_register import OPTION_TABLES
from ui.shown_refresh import ShownRefresh
from ui.table_editor import TableEditor
from ui.tables.economics import RecommendedOptionModel, verdict_text
from ui.tables.option_register import OptionEffectTableModel, OptionRegisterModel
from ui.tables.options import cost_class

STUDY = {"screening": Screening.study}


def evaluation_model(field: str) -> type[OptionRegisterModel]:
    """The options kept for study, with the evaluation text of one field (its first line shows)."""
    columns = ColumnEnum(
        f"{field}Column",
        {
            "code": ColumnSpec("code", width_chars=5),
            "title": ColumnSpec("title_zh", width_chars=20),
            "cost_class": ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class),
            "text": ColumnSpec(field, kind=Kind.long_text, width_chars=30),
        },
    )
    return type(f"{field}EvaluationModel", (OptionRegisterModel,), {"Column": columns})


class EvaluationPage(StepPage):
    """5.1–5.3: the options kept for study, and the selected option's evaluation as a form."""

    field: ClassVar[str] = "market_zh"
    form_title: ClassVar[str] = ""
    show_effects: ClassVar[bool] = False

    def build(self) -> QWidget:
        self.options = TableEditor(
            evaluation_model(self.field)(self.context, STUDY), visible_rows=6, can_add=False, can_delete=False
        )
        self.form = RecordForm(
            self.context,
            Option,
            [ColumnSpec("description_zh", kind=Kind.long_text), ColumnSpec(self.field, kind=Kind.long_text)],
        )
        self.options.current_row_changed.connect(self.form.set_row_id)
        detail = [section(_(self.form_title), scrolled(column(self.form)))]
        if self.show_effects:
            self.effects = OptionEffectTableModel(self.context, None)
            self.options.current_row_changed.connect(self._show_effects)
            note = _("正数为节约或削减，负数为增加。")
            detail.append(
                section(
                    _("预期的资源和污染物削减（每年）"), TableEditor(self.effects, visible_rows=4), note=note
                )
            )
        else:  # quotations, test reports, market data
            self.files = AttachmentsPanel(self.context, OwnerKind.option)
            self.options.current_row_changed.connect(self.files.set_owner)
            detail.append(section(_("所选方案的附件"), self.files))
        self.options.select_first()
        right = stacked(*detail)
        return side_by_side(section(_("需进一步研究的方案"), self.options), right, sizes=(1, 1))

    def _show_effects(self, option_id: int | None) -> None:
        filters = None if option_id is None else {"option_id": option_id, "basis": EffectBasis.expected}
        self.effects.set_filters(filters)


class MarketPage(EvaluationPage):
    guidance = N_(
        "方案改变产品或产能时，调查市场需求、价格和销售前景；不涉及产品和产能的方案说明“无需市场调查”即可。"
    )
    field = "market_zh"
    form_title = N_("所选方案的市场调查")


class TechnicalPage(EvaluationPage):
    guidance = N_(
        "评估技术的先进性、成熟度和可靠性，与现有生产的衔接，对产品质量的影响，设备来源、人员技能和安全要求。"
    )
    field = "technical_zh"
    form_title = N_("所选方案的技术评估")


class EnvironmentalPage(EvaluationPage):
    guidance = N_(
        "评估方案对资源和能源消耗、污染物产生和排放、毒性、二次污染（如新增污泥）以及职工健康的影响。"
    )
    field = "environmental_zh"
    form_title = N_("所选方案的环境评估")
    show_effects = True


class RecommendedPage(StepPage):
    guidance = N_(
        "综合技术、环境和经济评估，确定推荐实施的中/高费方案：在“状态”中记录是否实施（计划实施、实施中、"
        "已实施或不实施）。"
    )

    def build(self) -> QWidget:
        self.model = RecommendedOptionModel(self.context, STUDY)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self._refresh = ShownRefresh(
            self.context,
            OPTION_TABLES | {"option_score", "criterion"},
            self.refresh,
            widget=self,
            parent=self,
        )
        self.refresh()  # before the table is built: its columns fit the engine's NPV and IRR
        self.options = TableEditor(self.model, visible_rows=6, can_add=False, can_delete=False)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section(_("需进一步研究的方案的评估结论"), self.options), 1)
        layout.addWidget(section(_("推荐可实施方案"), self.verdict, stretch=False))
        return holder

    def refresh(self) -> None:
        results = live_results(self.context).results()
        self.model.set_results(results)
        if results is None:
            return
        studied = [f for f in results.options.options.values() if f.screening == Screening.study.value]
        chosen = (OptionStatus.planned.value, OptionStatus.in_progress.value, OptionStatus.implemented.value)
        lines = []
        for label, picked in (
            (_("推荐实施"), [f for f in studied if f.status in chosen]),
            (_("不实施"), [f for f in studied if f.status == OptionStatus.rejected.value]),
            (_("尚未决定"), [f for f in studied if f.status == OptionStatus.proposed.value]),
        ):
            if picked:
                names = _("；").join(self._describe(f) for f in picked)
                lines.append(_("<b>{0}</b>：{1}").format(label, names))
        self.verdict.setText("<br>".join(lines) or _("还没有需进一步研究的方案。"))

    @staticmethod
    def _describe(figures) -> str:
        result = figures.economics
        verdict = verdict_text(result) if result is not None else _("未作经济评估")
        return html.escape(_("{0} {1}（{2}）").format(figures.code, figures.title_zh, verdict))


STEPS = {"5.1": MarketPage, "5.2": TechnicalPage, "5.3": EnvironmentalPage, "5.5": RecommendedPage}
