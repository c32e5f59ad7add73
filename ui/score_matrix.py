"""The weighted-sum score matrix of the audit focus (权重总和计分排序法): candidates as rows, for each
criterion the score R (typed) and R×W, then the total and the rank. Figures from cp_audit.calc.scoring."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cp_audit import services
from cp_audit.calc import scoring
from cp_audit.i18n import _, list_text
from cp_audit.models import Criterion, FocusCandidate, FocusScore
from cp_audit.models.base import CriterionScope
from ui.cells import CopyRole
from ui.formatting import format_number, format_plain
from ui.grids import Index, KeyedCellModel

TIE_BACKGROUND = QColor("#fff59d")
LEADER_BACKGROUND = QColor("#c8e6c9")


class FocusScoreModel(KeyedCellModel):
    """Columns: R and R×W per criterion, then ΣR×W and the rank. Ties are highlighted."""

    cell_table = FocusScore
    value_field = "score"
    row_key = "candidate_id"
    column_key = "criterion_id"
    watched_tables = {"focus_candidate", "criterion", "focus_score"}

    def __init__(self, context, parent=None):
        self.candidates: list[FocusCandidate] = []
        self.criteria: list[Criterion] = []
        self.result: scoring.WeightedSum | None = None
        super().__init__(context, parent)

    def fetch(self) -> dict[str, Any]:
        audit = self.context.audit
        return {
            "candidates": services.rows(audit, FocusCandidate) if audit else [],
            "criteria": services.rows(audit, Criterion, scope=CriterionScope.focus) if audit else [],
        }

    def shape(self, state) -> tuple:
        return tuple(c.id for c in state.get("candidates", [])), tuple(
            c.id for c in state.get("criteria", [])
        )

    def after_load(self) -> None:
        self.result = self._compute()

    def _compute(self) -> scoring.WeightedSum | None:
        """Totals and ranks of the candidates scored on every criterion (others wait for their scores)."""
        if not self.criteria:
            return None
        criteria = [scoring.Criterion(str(c.id), c.weight, c.name_zh) for c in self.criteria]
        scores = {}
        for candidate in self.candidates:
            row = {
                str(c.id): self.cells[(candidate.id, c.id)].score
                for c in self.criteria
                if (candidate.id, c.id) in self.cells
            }
            if len(row) == len(self.criteria):
                scores[str(candidate.id)] = row
        if not scores:
            return None
        return scoring.weighted_sum(criteria, scores, names={str(c.id): c.name_zh for c in self.candidates})

    @property
    def total_column(self) -> int:
        return 2 * len(self.criteria)

    @property
    def rank_column(self) -> int:
        return 2 * len(self.criteria) + 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.candidates)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 2 * len(self.criteria) + 2

    def keys(self, row: int, column: int) -> tuple[int, int] | None:
        if 0 <= row < len(self.candidates) and 0 <= column < self.total_column and column % 2 == 0:
            return self.candidates[row].id, self.criteria[column // 2].id
        return None

    def total(self, row: int) -> float | None:
        key = str(self.candidates[row].id)
        return self.result.totals.get(key) if self.result else None

    def rank(self, row: int) -> int | None:
        key = str(self.candidates[row].id)
        return self.result.ranks.get(key) if self.result else None

    def tied_with(self, row: int) -> list[str]:
        key = str(self.candidates[row].id)
        names = {str(c.id): c.name_zh for c in self.candidates}
        for tie in self.result.ties if self.result else ():
            if key in tie.candidates:
                return [names[k] for k in tie.candidates if k != key]
        return []

    def leader_id(self) -> int | None:
        """The single highest-scoring candidate; None when nobody or several share first place."""
        chosen = self.result.chosen if self.result else None
        return int(chosen) if chosen is not None and len(self.result.totals) == len(self.candidates) else None

    def _text(self, row: int, column: int) -> tuple[str, float | None]:
        if column < self.total_column:
            score = self.cell_value(row, column - column % 2)
            if score is None:
                return "", None
            value = score if column % 2 == 0 else score * self.criteria[column // 2].weight
            return format_number(value), value
        if column == self.total_column:
            total = self.total(row)
            return ("—" if total is None else format_number(total)), total
        rank = self.rank(row)
        return ("—" if rank is None else str(rank)), rank

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        text, value = self._text(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role in (Qt.ItemDataRole.EditRole, CopyRole):
            return format_plain(value) if value is not None else ""
        summary = column >= self.total_column
        if role == Qt.ItemDataRole.BackgroundRole and summary:
            if self.tied_with(row):
                return QBrush(TIE_BACKGROUND)
            if self.rank(row) == 1:
                return QBrush(LEADER_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and (summary or column % 2 == 1):
            font = QFont()
            font.setBold(summary and self.rank(row) == 1)
            font.setItalic(column % 2 == 1 and not summary)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: int, column: int) -> str | None:
        if column >= self.total_column:
            if self.total(row) is None:
                return _("还有因素没有打分，打完后计算总分和排序。")
            tied = self.tied_with(row)
            return _("与“{0}”同分，需由审核小组讨论决定。").format(list_text(tied)) if tied else None
        criterion = self.criteria[column // 2]
        if column % 2 == 0:
            return _("得分 R（0–10），因素“{0}”").format(criterion.name_zh)
        return _("R × W，W = {0}").format(format_number(criterion.weight))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.candidates[section].name_zh if 0 <= section < len(self.candidates) else None
        if section == self.total_column:
            return _("总分\nΣR×W")
        if section == self.rank_column:
            return _("排序")
        if 0 <= section < self.total_column:
            criterion = self.criteria[section // 2]
            if section % 2 == 0:
                return f"{criterion.name_zh}\nW={format_number(criterion.weight)}  R"
            return "R×W"
        return None
