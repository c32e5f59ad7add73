"""The weighted-sum screening of the options kept for study (权重总和计分排序法, REFERENCE.md §3.4): the
options as rows, for each option criterion the score R (typed) and R×W, then ΣR×W and the rank, as the
audit-focus matrix does. Totals and ranks come from cp_audit.calc.scoring, as the engine's."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt

from cp_audit import services
from cp_audit.calc import scoring
from cp_audit.i18n import N_
from cp_audit.models import Criterion, Option, OptionScore
from cp_audit.models.base import CriterionScope, Screening
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.score_matrix import FocusScoreModel
from ui.tables.option_register import OptionRegisterModel
from ui.tables.options import cost_class


class OptionScoreModel(FocusScoreModel):
    """Rows: the options screened as 需进一步研究; columns: R and R×W per option criterion, ΣR×W, rank."""

    cell_table = OptionScore
    row_key = "option_id"
    watched_tables: ClassVar[set[str]] = {"option", "criterion", "option_score"}

    def fetch(self) -> dict[str, Any]:
        audit = self.context.audit
        return {
            "candidates": services.rows(audit, Option, screening=Screening.study) if audit else [],
            "criteria": services.rows(audit, Criterion, scope=CriterionScope.option) if audit else [],
        }

    @staticmethod
    def name(option: Option) -> str:
        return f"{option.code} {option.title_zh}"

    def _compute(self) -> scoring.WeightedSum | None:
        """Totals and ranks of the options scored on every criterion (others wait for their scores)."""
        if not self.criteria:
            return None
        criteria = [scoring.Criterion(str(c.id), c.weight, c.name_zh) for c in self.criteria]
        scores = {}
        for option in self.candidates:
            row = {
                str(c.id): self.cells[(option.id, c.id)].score
                for c in self.criteria
                if (option.id, c.id) in self.cells
            }
            if len(row) == len(self.criteria):
                scores[str(option.id)] = row
        if not scores:
            return None
        return scoring.weighted_sum(criteria, scores, names={str(o.id): o.code for o in self.candidates})

    def tied_with(self, row: int) -> list[str]:
        key = str(self.candidates[row].id)
        codes = {str(o.id): o.code for o in self.candidates}
        for tie in self.result.ties if self.result else ():
            if key in tie.candidates:
                return [codes[k] for k in tie.candidates if k != key]
        return []

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.candidates):
                return self.name(self.candidates[section])
            return None
        return super().headerData(section, orientation, role)

    def ranked(self) -> list[tuple[int, str, float]]:
        """(rank, option, total) from first to last, for the verdict under the matrix."""
        if self.result is None:
            return []
        names = {str(o.id): self.name(o) for o in self.candidates}
        return [(self.result.ranks[k], names[k], self.result.totals[k]) for k in self.result.order]


class PreliminaryScreeningModel(OptionRegisterModel):
    """方案初步筛选: each option's cost class and the result of the simple feasibility check, with why."""

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=24)
        aspect = ColumnSpec("aspect", width_chars=8)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        cost_class = ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class)
        screening = ColumnSpec("screening")
        reason = ColumnSpec("screening_reason_zh", kind=Kind.long_text, width_chars=34)
