"""5.4 进行经济评估: for each option kept for study, the inputs (I and P as totals or as lines, depreciation
period Y, economic life n, tax and discount rate) beside the engine's D, T, E, F, N, NPV, NPVR, IRR, the
verdict and the cash flows year by year, all updated as the inputs are typed."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QGridLayout, QLabel, QWidget

from cp_audit import i18n, services
from cp_audit.i18n import N_, _
from cp_audit.models import Option
from cp_audit.models.base import EffectBasis
from cp_audit.reports.content.economics_text import reasons
from cp_audit.reports.content.language import report_language
from ui.cells import RowIdRole
from ui.columns import ColumnSpec, Kind
from ui.formatting import format_number
from ui.forms import RecordForm
from ui.live_results import live_results
from ui.pages.base import StepPage, column, hint, scrolled, section, side_by_side, stacked, tabs
from ui.pages.option_register import OPTION_TABLES, read_only_table
from ui.shown_refresh import ShownRefresh
from ui.table_editor import TableEditor
from ui.tables.economics import (
    FEASIBLE,
    NOT_FEASIBLE,
    CashFlowTableModel,
    CashFlowYearTableModel,
    CashItemTableModel,
    EconomicsSummaryModel,
    irr_text,
    payback_text,
    study_figures,
)

INPUT_FIELDS = [
    ColumnSpec("investment", kind=Kind.money, unit=N_("元")),
    ColumnSpec("expected_savings", header=N_("年净节省 P"), kind=Kind.money, unit=N_("元/年")),
    ColumnSpec("depreciation_years", unit=N_("年")),
    ColumnSpec("life_years", unit=N_("年")),
    ColumnSpec("tax_rate", kind=Kind.percent),
    ColumnSpec("discount_rate", kind=Kind.percent),
]

#: The figures of the result panel: label msgid and how to show them from an EconomicResult.
FIGURES = (
    (N_("总投资 I (元)"), lambda r: format_number(r.investment, 2)),
    (N_("年净节省 P (元/年)"), lambda r: format_number(r.net_savings, 2)),
    (N_("年折旧费 D = I/Y (元)"), lambda r: format_number(r.depreciation, 2)),
    (N_("应税利润 T = P − D (元)"), lambda r: format_number(r.taxable_profit, 2)),
    (N_("净利润 E = T × (1 − 税率) (元)"), lambda r: format_number(r.net_profit, 2)),
    (N_("年增现金流量 F = E + D (元)"), lambda r: format_number(r.cash_flow, 2)),
    (N_("投资偿还期 N (年)"), payback_text),
    (N_("净现值 NPV (元)"), lambda r: format_number(r.npv, 2)),
    (N_("净现值率 NPVR (%)"), lambda r: format_number(r.npvr_pct, 2) if r.npvr_pct is not None else "—"),
    (N_("内部收益率 IRR"), irr_text),
    (N_("基准收益率"), lambda r: format_number(r.benchmark_rate * 100, 2) + " %"),
)


class EconomicResultPanel(QWidget):
    """The engine's figures of one option, its verdict with the reasons, and its problems."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        self.values: dict[str, QLabel] = {}
        for row, (label, _show) in enumerate(FIGURES):
            grid.addWidget(QLabel(_(label)), row, 0)
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            self.values[label] = value
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #e65100;")
        self.rates: dict[str, QLabel] = {}
        for row, label in enumerate((N_("所用所得税税率"), N_("所用贴现率")), start=len(FIGURES)):
            grid.addWidget(QLabel(_(label)), row, 0)
            self.rates[label] = QLabel()
            self.rates[label].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(self.rates[label], row, 1)
        end = len(FIGURES) + 2
        grid.addWidget(self.verdict, end, 0, 1, 2)
        grid.addWidget(self.problems, end + 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(end + 2, 1)

    def show_rates(self, figures) -> None:
        """The tax and discount rates the engine used (the option's, else the audit's)."""
        for label, value in (
            (N_("所用所得税税率"), figures and figures.tax_rate),
            (N_("所用贴现率"), figures and figures.discount_rate),
        ):
            self.rates[label].setText(format_number(value * 100, 2) + " %" if value is not None else "")

    def show_result(self, result, problems: list[str], missing: str | None = None) -> None:
        for label, show in FIGURES:
            self.values[label].setText(show(result) if result is not None else "")
        if result is None:
            self.verdict.setText(missing or "")
            self.verdict.setStyleSheet("")
        else:
            with report_language(i18n.current_language()):
                why = reasons(result)
            word = _("经济上可行") if result.verdict.feasible else _("经济上不可行")
            self.verdict.setText(_("<b>{0}</b>：{1}").format(word, why))
            colour = FEASIBLE if result.verdict.feasible else NOT_FEASIBLE
            self.verdict.setStyleSheet(f"color: {colour.name()};")
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))


class EconomicsPage(StepPage):
    guidance = N_(
        "对需进一步研究的中/高费方案进行经济评估：填写投资和年运行费用节省（可逐项列明），折旧年限、"
        "经济寿命、所得税税率和贴现率（空着时用审核的默认值）；NPV ≥ 0、IRR ≥ 基准收益率且回收期短于"
        "折旧年限和经济寿命时经济上可行。"
    )

    def build(self) -> QWidget:
        self.option_id: int | None = None
        self.summary = EconomicsSummaryModel(self)
        self.summary_view = read_only_table(self.summary, most_chars=18)
        self.summary_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.summary_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_option(
                current.data(RowIdRole) if current.isValid() else None
            )
        )
        self.form = RecordForm(self.context, Option, INPUT_FIELDS)
        self.cash = CashItemTableModel(self.context, None)
        self.cash_editor = TableEditor(self.cash, visible_rows=4)
        self.years = CashFlowYearTableModel(self.context, None)
        self.result = EconomicResultPanel()
        self.flows = CashFlowTableModel(self)
        flows_view = read_only_table(self.flows)
        flows_view.verticalHeader().hide()
        self._refresh = ShownRefresh(self.context, OPTION_TABLES, self.refresh, widget=self, parent=self)
        self.refresh()
        lines_note = hint(
            _(
                "列有明细时，总投资 I 和年净节省 P 按明细合计（P = 年节约 − 新增运行费用），"
                "这里填写的总数应与明细一致。"
            )
        )
        years_note = _(
            "各年现金流量不相同时（如第一年试产），逐年填写全部 n 年；空着时每年按 F = E + D 计算。"
        )
        inputs = tabs(
            (_("基础数据"), scrolled(column(self.form, lines_note))),
            (_("投资和年运行费用明细"), self.cash_editor),
            (
                _("逐年现金流量（不均匀时）"),
                section("", TableEditor(self.years, visible_rows=4), note=years_note),
            ),
        )
        results = tabs(
            (_("经济评估结果"), scrolled(self.result)),
            (_("逐年现金流量"), flows_view),
        )
        bottom = side_by_side(inputs, results, sizes=(1, 1))
        rows = max(3, min(6, self.summary.rowCount()))
        self.summary_view.setMinimumHeight(int(self.summary_view.fontMetrics().height() * 1.5 * (rows + 1.6)))
        splitter = stacked(section(_("中/高费方案经济评估汇总"), self.summary_view), bottom)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        return splitter

    def refresh(self) -> None:
        if self.context.audit is None:
            return
        results = live_results(self.context).results()
        ids = {o.code: o.id for o in services.rows(self.context.audit, Option)}
        kept = self.option_id
        self.summary.set_options(study_figures(results, ids))
        row = self.summary.ids.index(kept) if kept in self.summary.ids else self._first_row()
        if row is not None:
            self.summary_view.selectionModel().setCurrentIndex(
                self.summary.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.show_option(self.summary.ids[row] if row is not None else None, results)

    def _first_row(self) -> int | None:
        """The first option the engine could evaluate, else the first option."""
        rows = range(len(self.summary.options))
        return next((r for r in rows if self.summary.options[r].economics), 0 if rows else None)

    def show_option(self, option_id: int | None, results=None) -> None:
        changed = option_id != self.option_id
        self.option_id = option_id
        if changed:
            self.form.set_row_id(option_id)
            self.cash.set_filters(
                None if option_id is None else {"option_id": option_id, "basis": EffectBasis.expected}
            )
            self.years.set_filters(None if option_id is None else {"option_id": option_id})
        results = results or live_results(self.context).results()
        figures = self._figures(option_id, results)
        result = figures.economics if figures is not None else None
        self.flows.set_result(result, figures.discount_rate if figures is not None else None)
        self.result.show_result(
            result,
            self._notes(figures, result, results),
            _("填写折旧年限和经济寿命后，这里给出经济评估结果。"),
        )
        self.result.show_rates(figures)

    @staticmethod
    def _notes(figures, result, results) -> list[str]:
        """Typed totals that differ from their lines (the evaluation uses the lines), or why the engine
        could not evaluate the option (its own words)."""
        if figures is None or results is None:
            return []
        if result is None:
            section_name = f"option {figures.code}"
            failed = [p.message for p in results.problems if p.section == section_name]
            return [_("无法计算：") + message for message in failed]
        notes = []
        for typed, used, text in (
            (
                figures.investment,
                result.investment,
                N_("填写的总投资 {0} 元与投资明细合计 {1} 元不一致，按明细计算。"),
            ),
            (
                figures.expected_savings,
                result.net_savings,
                N_("填写的年净节省 {0} 元与明细合计 {1} 元不一致，按明细计算。"),
            ),
        ):
            if typed is not None and abs(typed - used) > 0.005:
                notes.append(_(text).format(format_number(typed, 2), format_number(used, 2)))
        return notes

    def _figures(self, option_id: int | None, results):
        if option_id is None or results is None:
            return None
        for row_id, figures in zip(self.summary.ids, self.summary.options, strict=True):
            if row_id == option_id:
                return figures
        return None


STEPS = {"5.4": EconomicsPage}
