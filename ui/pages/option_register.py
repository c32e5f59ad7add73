"""Phase 4 方案产生和筛选, the register steps: 4.1 all options (filtered and sorted, with attachments),
4.2 the classified summary (tallies and bar charts from the engine), 4.4 the options kept for study,
4.5 the no/low-cost options being implemented and 4.6 their verified effects."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cp_audit.calc.scoring import CostClass, cross_count
from cp_audit.i18n import N_, _
from cp_audit.models.base import Aspect, EffectBasis, OptionStatus, OwnerKind, Screening
from ui.attachments import AttachmentsPanel
from ui.formatting import format_number
from ui.live_results import live_results
from ui.option_charts import BarChart, BarRow
from ui.pages.base import StepPage, column, section, side_by_side, stacked
from ui.shown_refresh import ShownRefresh
from ui.table_editor import FIT_ROWS, TableEditor
from ui.tables.option_register import (
    ASPECT_LABELS,
    CLASS_LABELS,
    STATUS_LABELS,
    DirectOptionModel,
    LowCostResultModel,
    OptionEffectTableModel,
    OptionFilterProxy,
    OptionRegisterModel,
    StudyOptionModel,
    TallyTableModel,
)
from ui.tables.options import COST_CLASS_LABELS

OPTION_TABLES = {"option", "option_effect", "cash_item", "cash_flow_year", "audit_info", "coefficient"}


def read_only_table(model, most_chars: int = 30) -> QTableView:
    """A table of figures (no editing), its columns fitted to the content (at most `most_chars` wide)."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.verticalHeader().setDefaultSectionSize(
        view.fontMetrics().height() + view.fontMetrics().height() // 2
    )
    model.modelReset.connect(lambda: fit_columns(view, most_chars))
    fit_columns(view, most_chars)
    return view


def fit_columns(view: QTableView, most_chars: int = 30) -> None:
    """Columns as wide as their content, but a long name no wider than about 30 characters; never
    narrower than the header (English headers are longer than the Chinese ones)."""
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    view.resizeColumnsToContents()
    limit = view.fontMetrics().averageCharWidth() * most_chars
    header = view.horizontalHeader()
    for section_number in range(header.count()):
        widest = max(limit, header.sectionSizeHint(section_number))
        header.resizeSection(section_number, min(header.sectionSize(section_number), widest))


def combo(choices: list[tuple[Any, str]]) -> QComboBox:
    box = QComboBox()
    # a few characters wide at least; long labels (English) must not widen the page past a laptop screen
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(4)
    box.addItem(_("全部"), None)
    for value, label in choices:
        box.addItem(label, value)
    return box


class OptionFilterBar(QWidget):
    """Search text and choices of aspect, cost class, status and phase proposed, applied to a proxy."""

    def __init__(self, proxy: OptionFilterProxy, parent: QWidget | None = None):
        super().__init__(parent)
        self.proxy = proxy
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("搜索编号、名称、简介、来源"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(proxy.set_text)
        self.boxes = {
            "aspect": combo([(a, _(a.label)) for a in Aspect]),
            "cost_group": combo(
                [(c, _(COST_CLASS_LABELS[c])) for c in (CostClass.no_low, CostClass.medium_high)]
            ),
            "status": combo([(s, _(s.label)) for s in OptionStatus]),
            "proposed_in_phase": combo([(p, _("第 {0} 阶段").format(p)) for p in range(1, 8)]),
        }
        labels = {
            "aspect": _("方面"),
            "cost_group": _("费用类别"),
            "status": _("状态"),
            "proposed_in_phase": _("提出阶段"),
        }
        # the search on its own line, the choices under it: narrow enough for long English labels
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        choices = QHBoxLayout()
        layout.addLayout(choices)
        for field, box in self.boxes.items():
            label = QLabel(labels[field])
            label.setBuddy(box)
            choices.addWidget(label)
            choices.addWidget(box, 1)
            box.currentIndexChanged.connect(lambda _i, f=field, b=box: proxy.set_wanted(f, b.currentData()))

    def choose(self, field: str, value: Any) -> None:
        box = self.boxes[field]
        box.setCurrentIndex(box.findData(value) if value is not None else 0)


class OptionRegisterPage(StepPage):
    """4.1: every option from every source, searchable and sortable, with the selected one's files."""

    guidance = N_(
        "汇总各种渠道产生的方案（员工合理化建议、专家咨询、物料平衡和原因分析的结果）；"
        "可按方面、费用类别、状态和提出阶段筛选，点击列标题排序。费用类别按审核设定的投资上限自动判断。"
    )

    def build(self) -> QWidget:
        self.model = OptionRegisterModel(self.context)
        self.proxy = OptionFilterProxy(self.model)
        self.model.setParent(self.proxy)
        self.filters = OptionFilterBar(self.proxy)
        self.register = TableEditor(self.proxy, visible_rows=8)
        view = self.register.view
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the register's order
        view.setSortingEnabled(True)
        self.files = AttachmentsPanel(self.context, OwnerKind.option)
        self.register.current_row_changed.connect(self.files.set_owner)
        self.register.select_first()
        self._refresh = ShownRefresh(
            self.context, OPTION_TABLES, self.refresh_figures, widget=self, parent=self
        )
        # the register shows at once; the cost classes follow when the engine is made (seconds on a big audit)
        self.live = live_results(self.context)
        self.live.ready.connect(self.refresh_figures)
        self.refresh_figures()
        register = section(_("方案汇总"), column(self.filters, self.register, stretch_last=True))
        return side_by_side(register, section(_("所选方案的附件"), self.files), sizes=(5, 1))

    def refresh_figures(self) -> None:
        results = self.live.results_or_start()
        self.model.set_figures(results.options.options if results else None)


def class_parts(figures, key) -> dict[Any, dict[str, int]]:
    """Number of options per `key` and two-way cost class (the engine's figures, counted by
    cp_audit.calc.scoring.cross_count)."""
    classes = [CostClass.no_low.value, CostClass.medium_high.value]
    return cross_count(
        figures,
        key,
        lambda f: CostClass(f.cost_class).group.value,
        column_order=classes,
    )


class OptionSummaryPage(StepPage):
    """4.2: the options classified by aspect, cost class and status, with sums, as tables and charts."""

    guidance = N_(
        "方案分类汇总：按八个方面、费用类别（无/低费、中/高费）和实施状态统计方案数、投资和预期年经济效益；"
        "数字来自计算引擎，随方案的修改即时更新。"
    )

    def build(self) -> QWidget:
        self.by_aspect = TallyTableModel(ASPECT_LABELS, self)
        self.by_class = TallyTableModel(CLASS_LABELS, self)
        self.by_status = TallyTableModel(STATUS_LABELS, self)
        self.aspect_chart = BarChart(_("还没有方案。"))
        self.class_chart = BarChart(_("还没有方案。"))
        self._refresh = ShownRefresh(self.context, OPTION_TABLES, self.refresh, widget=self, parent=self)
        self.refresh()
        left = stacked(
            section(_("按方面汇总"), read_only_table(self.by_aspect)),
            section(_("按实施状态汇总"), read_only_table(self.by_status)),
        )
        right = stacked(
            section(_("各方面的方案数"), self.aspect_chart),
            section(
                _("按费用类别汇总"),
                self.class_chart,
                read_only_table(self.by_class),
                note=_("图中按初步筛选结果分色。"),
            ),
        )
        for splitter, rows in ((left, (10, 7)), (right, (10, 8))):
            for index, count in enumerate(rows):
                splitter.setStretchFactor(index, count)
        return side_by_side(left, right, sizes=(3, 2))

    def refresh(self) -> None:
        results = live_results(self.context).results()
        figures = results.options if results else None
        self.by_aspect.set_tallies(
            figures.by_aspect if figures else None, figures.all_options if figures else None
        )
        self.by_class.set_tallies(
            figures.by_class if figures else None, figures.all_options if figures else None
        )
        self.by_status.set_tallies(
            figures.by_status if figures else None, figures.all_options if figures else None
        )
        self._draw_charts(figures)

    def _draw_charts(self, figures) -> None:
        if figures is None:
            self.aspect_chart.set_data([], [])
            self.class_chart.set_data([], [])
            return
        two_way = (CostClass.no_low, CostClass.medium_high)  # an option without investment is in neither
        classes = [_(COST_CLASS_LABELS[c]) for c in two_way]
        parts = class_parts(list(figures.options.values()), lambda f: f.aspect)
        rows = [
            BarRow(_(ASPECT_LABELS[key]), tuple(float(counts.get(c.value, 0)) for c in two_way))
            for key, counts in parts.items()
            if key in ASPECT_LABELS
        ]
        self.aspect_chart.set_data(sorted(rows, key=lambda r: -r.total), classes)
        screenings = [s.value for s in Screening]
        series = [_(s.label) for s in Screening]
        unscreened = any(counts.get(None) for counts in figures.class_by_screening.values())
        if unscreened:
            series.append(_("未筛选"))
            screenings.append(None)
        class_rows = []
        for key in (CostClass.no_low.value, CostClass.medium_high.value):
            counts = figures.class_by_screening.get(key, {})
            values = [counts.get(s, 0) for s in screenings]
            class_rows.append(BarRow(_(CLASS_LABELS[key]), tuple(float(v) for v in values)))
        self.class_chart.set_data(class_rows, series)


class OptionSubsetPage(StepPage):
    """A part of the register (a filtered view with the step's columns) beside a detail of the selected
    option: its effects of one basis, or its attachments."""

    model_class: type[OptionRegisterModel] = StudyOptionModel
    wanted: ClassVar[tuple[tuple[str, Any], ...]] = ()
    title = ""
    effects_basis: EffectBasis | None = None

    def build(self) -> QWidget:
        self.model = self.model_class(self.context)
        self.proxy = OptionFilterProxy(self.model)
        self.model.setParent(self.proxy)
        for field, value in self.wanted:
            self.proxy.set_wanted(field, value)
        self.options = TableEditor(self.proxy, visible_rows=6)
        detail = self.build_detail()
        self.options.select_first()
        return side_by_side(section(_(self.title), self.options), detail, sizes=(2, 1))

    def build_detail(self) -> QWidget:
        if self.effects_basis is None:
            self.files = AttachmentsPanel(self.context, OwnerKind.option)
            self.options.current_row_changed.connect(self.files.set_owner)
            return section(_("所选方案的附件"), self.files)
        self.effects = OptionEffectTableModel(self.context, None)
        self.options.current_row_changed.connect(self._show_effects)
        title = (
            _("所选方案的预期效果（每年）")
            if self.effects_basis == EffectBasis.expected
            else _("所选方案核定的实际效果（每年）")
        )
        note = _("正数为节约或削减，负数为增加。")
        return section(title, TableEditor(self.effects, visible_rows=4), note=note)

    def _show_effects(self, option_id: int | None) -> None:
        filters = None if option_id is None else {"option_id": option_id, "basis": self.effects_basis}
        self.effects.set_filters(filters)


class StudyOptionsPage(OptionSubsetPage):
    guidance = N_(
        "对需进一步研究的中/高费方案进行研制：写明方案的工艺流程、主要设备、投资和预期的环境与经济效果。"
    )
    model_class = StudyOptionModel
    wanted = (("screening", Screening.study),)
    title = N_("需进一步研究的方案")
    effects_basis = EffectBasis.expected


class DirectOptionsPage(OptionSubsetPage):
    guidance = N_("继续实施初步筛选为可直接实施的无/低费方案，记录实施状态、起止日期和实施情况。")
    model_class = DirectOptionModel
    wanted = (("screening", Screening.direct),)
    title = N_("可直接实施的方案")


class LowCostResultsPage(OptionSubsetPage):
    guidance = N_(
        "核定并汇总已实施的无/低费方案的实际投资、实际年经济效益和实际环境效果（节电、节水、减排等）。"
    )
    model_class = LowCostResultModel
    wanted = (("status", OptionStatus.implemented), ("cost_group", CostClass.no_low))
    title = N_("已实施的无/低费方案")
    effects_basis = EffectBasis.actual

    def build(self) -> QWidget:
        page = super().build()
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self._refresh = ShownRefresh(
            self.context, OPTION_TABLES, self.refresh_totals, widget=self, parent=self
        )
        self.refresh_totals()
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page, 1)
        layout.addWidget(section(_("无/低费方案实施效果汇总"), self.totals, stretch=False))
        return holder

    def refresh_totals(self) -> None:
        results = live_results(self.context).results()
        tally = results.options.implemented_by_class.get(CostClass.no_low.value) if results else None
        if tally is None or not tally.count:
            self.totals.setText(_("还没有已实施的无/低费方案。"))
            return
        effects = tally.actual_effects
        self.totals.setText(
            _(
                "已实施 {0} 项，实际投资合计 {1} 元，实际年经济效益合计 {2} 元/年；"
                "实际节能 {3} tce/a，减排 CO₂ {4} t/a。"
            ).format(
                tally.count,
                format_number(tally.actual_investment, 2),
                format_number(tally.actual_savings, 2),
                format_number(effects.tce if effects else 0.0, 2),
                format_number(effects.tco2 if effects else 0.0, 2),
            )
        )


STEPS = {
    "4.1": OptionRegisterPage,
    "4.2": OptionSummaryPage,
    "4.4": StudyOptionsPage,
    "4.5": DirectOptionsPage,
    "4.6": LowCostResultsPage,
}
