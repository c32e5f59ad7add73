"""4.3 筛选方案: the preliminary screening of every option (可直接实施, 需进一步研究, 不可行) with the engine's
counts, and the weighted-sum screening of the options kept for study: criteria and weights W, scores R,
R×W, totals and ranks computed as scores are typed, ties reported."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cp_audit.i18n import N_, _
from cp_audit.models.base import CriterionScope
from ui.formatting import format_number
from ui.live_results import live_results
from ui.pages.base import StepPage, column, section, stacked, tabs
from ui.pages.option_register import OPTION_TABLES, OptionFilterBar, read_only_table
from ui.shown_refresh import ShownRefresh
from ui.table_editor import TableEditor
from ui.tables.option_register import SCREENING_LABELS, OptionFilterProxy, TallyTableModel
from ui.tables.pre_assessment import CriterionTableModel
from ui.tables.screening import OptionScoreModel, PreliminaryScreeningModel


class ScreeningVerdict(QLabel):
    """The order of the scored options, and the ties the team must settle."""

    def __init__(self, scores: OptionScoreModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.scores = scores
        self.setWordWrap(True)
        scores.recomputed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        ranked = self.scores.ranked()
        if not ranked:
            self.setStyleSheet("")
            self.setText(_("为需进一步研究的方案的每个因素打分后，这里给出排序结果。"))
            return
        order = _("；").join(
            _("第 {0} 名 {1}（{2}）").format(rank, name, format_number(total)) for rank, name, total in ranked
        )
        waiting = len(self.scores.candidates) - len(ranked)
        text = _("排序：") + order + _("。")
        if waiting:
            text += _("另有 {0} 个方案尚未打完分。").format(waiting)
        ties = self.scores.result.ties if self.scores.result else ()
        if ties:
            names = {str(o.id): o.code for o in self.scores.candidates}
            groups = _("；").join(_("、").join(names[k] for k in tie.candidates) for tie in ties)
            text += _("同分：{0}，需由审核小组讨论确定先后。").format(groups)
            self.setStyleSheet("color: #e65100;")
        else:
            self.setStyleSheet("")
        self.setText(text)


class ScreeningPage(StepPage):
    guidance = N_(
        "先对每个方案作初步筛选（可直接实施、需进一步研究、不可行），再用权重总和计分排序法"
        "（总分 = ΣR×W）对需进一步研究的中/高费方案打分排序，确定进入可行性分析的方案。"
    )

    def build(self) -> QWidget:
        return tabs(
            (_("方案初步筛选"), self._build_preliminary()), (_("权重总和计分排序"), self._build_weighted())
        )

    def _build_preliminary(self) -> QWidget:
        self.model = PreliminaryScreeningModel(self.context)
        self.proxy = OptionFilterProxy(self.model)
        self.model.setParent(self.proxy)
        self.filters = OptionFilterBar(self.proxy)
        self.options = TableEditor(self.proxy, visible_rows=6)
        self.by_screening = TallyTableModel(SCREENING_LABELS, self)
        self._refresh = ShownRefresh(
            self.context, OPTION_TABLES, self.refresh_tallies, widget=self, parent=self
        )
        self.refresh_tallies()
        register = section(_("方案初步筛选"), column(self.filters, self.options, stretch_last=True))
        counts = section(_("初步筛选结果汇总"), read_only_table(self.by_screening))
        splitter = stacked(register, counts)
        splitter.setStretchFactor(0, 1)
        height = self.fontMetrics().height()
        splitter.setSizes([height * 24, height * 13])  # the four rows of counts under a two-line header
        return splitter

    def refresh_tallies(self) -> None:
        results = live_results(self.context).results()
        figures = results.options if results else None
        self.by_screening.set_tallies(
            {k: v for k, v in figures.by_screening.items() if k in SCREENING_LABELS} if figures else None,
            figures.all_options if figures else None,
        )

    def _build_weighted(self) -> QWidget:
        self.criteria = TableEditor(
            CriterionTableModel(self.context, {"scope": CriterionScope.option}), visible_rows=4
        )
        self.score_model = OptionScoreModel(self.context)
        self.matrix = TableEditor(
            self.score_model, can_add=False, can_delete=False, visible_rows=5, stretch_last=False
        )
        self.verdict = ScreeningVerdict(self.score_model)
        note = _("在 R 列输入得分（0–10）；R×W、总分和排序随即更新。黄色表示同分，绿色为第一名。")
        matrix = section(
            _("中/高费方案权重总和计分排序表"),
            column(self.matrix, self.verdict, stretch_last=True),
            note=note,
        )
        weights = section(_("评分因素及权重 W"), self.criteria)
        splitter = stacked(weights, matrix)
        splitter.setStretchFactor(1, 1)
        height = self.fontMetrics().height()
        splitter.setSizes([height * 15, height * 24])  # the weights fit without scrolling
        return splitter


STEPS = {"4.3": ScreeningPage}
