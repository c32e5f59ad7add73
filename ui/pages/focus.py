"""2.4 确定审核重点: candidate focuses with their basic data, the criteria and weights, the weighted-sum
score matrix (R, R×W, totals and ranks computed as you type, ties highlighted) and the chosen focus."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from cp_audit import services
from cp_audit.errors import AuditError
from cp_audit.i18n import N_, _, list_text
from cp_audit.models import AuditInfo
from cp_audit.models.base import CriterionScope
from ui.formatting import format_number
from ui.forms import RecordForm
from ui.icons import Icon, icon
from ui.pages.base import StepPage, column, section, side_by_side, stacked, tabs
from ui.score_matrix import FocusScoreModel
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import CriterionTableModel, FocusCandidateTableModel
from ui.undo import UpdateFieldsCommand


class FocusChooser(QWidget):
    """Which candidate is the audit focus, what the scores say, and a button to take the leader."""

    def __init__(self, context, scores: FocusScoreModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.scores = context, scores
        self.form = RecordForm(context, AuditInfo, ["chosen_focus_id", "focus_score_scale"], singleton=True)
        self.take_leader = QPushButton(icon(Icon.choose), _("选得分最高者为审核重点"))
        self.take_leader.clicked.connect(self.choose_leader)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.take_leader)
        row.addWidget(self.verdict, 1)
        holder = column(self.form, stretch_last=True)
        holder.layout().addLayout(row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(holder)
        scores.recomputed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, tables: set[str]) -> None:
        if "audit_info" in tables:
            self.refresh()

    def leader_name(self) -> str | None:
        leader = self.scores.leader_id()
        return next((c.name_zh for c in self.scores.candidates if c.id == leader), None)

    def refresh(self) -> None:
        if self.context.audit is None:
            return
        leader = self.scores.leader_id()
        chosen = services.singleton(self.context.audit, AuditInfo).chosen_focus_id
        self.take_leader.setEnabled(leader is not None and leader != chosen and not self.context.read_only)
        self.verdict.setText(self._verdict(leader, chosen))

    def _verdict(self, leader: int | None, chosen: int | None) -> str:
        result = self.scores.result
        if result is None or len(result.totals) < len(self.scores.candidates):
            self.verdict.setStyleSheet("")
            return _("为每个备选审核重点的每个因素打分后，这里给出排序结果。")
        first = [c.name_zh for c in self.scores.candidates if result.ranks.get(str(c.id)) == 1]
        if leader is None:
            self.verdict.setStyleSheet("color: #e65100;")
            return _("第一名同分：{0}。请审核小组讨论后选定审核重点。").format(list_text(first))
        total = format_number(result.totals[str(leader)])
        text = _("得分最高：{0}（总分 {1}）。").format(self.leader_name(), total)
        if chosen is not None and chosen != leader:
            self.verdict.setStyleSheet("color: #e65100;")
            return text + _("所选审核重点不是得分最高者，请在报告中说明理由。")
        self.verdict.setStyleSheet("")
        return text

    def choose_leader(self) -> None:
        leader = self.scores.leader_id()
        info = services.singleton(self.context.audit, AuditInfo)
        if leader is None or leader == info.chosen_focus_id:
            return
        command = UpdateFieldsCommand(
            self.context.audit, AuditInfo, info.id, {"chosen_focus_id": leader}, _("确定审核重点")
        )
        try:
            self.context.execute(command)
        except AuditError as exc:
            self.verdict.setText(exc.message)


class FocusPage(StepPage):
    guidance = N_(
        "列出备选审核重点及其基本数据，确定评分因素和权重 W，逐项打分 R（1–10），"
        "按权重总和计分排序法（总分 = ΣR×W）排序，选定审核重点。"
    )

    def build(self) -> QWidget:
        self.candidates = TableEditor(FocusCandidateTableModel(self.context), visible_rows=4)
        self.criteria = TableEditor(
            CriterionTableModel(self.context, {"scope": CriterionScope.focus}), visible_rows=4
        )
        self.score_model = FocusScoreModel(self.context)
        self.matrix = TableEditor(
            self.score_model, can_add=False, can_delete=False, visible_rows=4, stretch_last=False
        )
        self.chooser = FocusChooser(self.context, self.score_model)
        basics = side_by_side(
            section(_("备选审核重点情况汇总"), self.candidates),
            section(_("评分因素及权重"), self.criteria),
            sizes=(3, 2),
        )
        note = _("在 R 列输入得分；R×W、总分和排序随即更新。黄色表示同分，绿色为第一名。")
        scoring = stacked(
            section(_("审核重点权重总和计分排序表"), self.matrix, note=note),
            section(_("审核重点"), self.chooser, stretch=False),
        )
        return tabs((_("备选审核重点与评分因素"), basics), (_("计分排序与确定审核重点"), scoring))


STEPS = {"2.4": FocusPage}
