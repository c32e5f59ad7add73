"""The option register (清洁生产方案): one table model, filtered by the pages that show a part of it.
The cost class (无/低费, 中/高费) is computed from the investment and the audit's limits, never stored."""

from __future__ import annotations

from cp_audit import services
from cp_audit.calc.scoring import CostClass, CostThresholds, classify_cost
from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo, Option
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.table_models import RowTableModel

COST_CLASS_LABELS = {
    CostClass.no_low: N_("无/低费"),
    CostClass.medium_high: N_("中/高费"),
    CostClass.medium: N_("中费"),
    CostClass.high: N_("高费"),
    CostClass.unclassified: N_("未分类"),
}


def cost_class(option: Option, model: OptionTableModel) -> str:
    cost = classify_cost(option.investment, model.thresholds(), option.code)
    return _(COST_CLASS_LABELS[cost.cost_class])


class OptionTableModel(RowTableModel):
    table = Option
    code_prefix = "F"
    watch = frozenset({"audit_info"})  # the cost class follows the audit's cost limits

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        title = ColumnSpec("title_zh", width_chars=26)
        aspect = ColumnSpec("aspect", width_chars=10)
        source = ColumnSpec("source_zh", width_chars=10)
        investment = ColumnSpec("investment", kind=Kind.money, unit=N_("元"))
        cost_class = ColumnSpec("cost_class", header=N_("费用类别"), compute=cost_class)
        expected_savings = ColumnSpec("expected_savings", kind=Kind.money, unit=N_("元/年"))
        screening = ColumnSpec("screening")
        status = ColumnSpec("status")
        start_on = ColumnSpec("start_on")
        end_on = ColumnSpec("end_on")
        description = ColumnSpec("description_zh", kind=Kind.long_text, width_chars=30)

    def reload(self) -> None:
        info = services.singleton(self.context.audit, AuditInfo) if self.context.audit else AuditInfo()
        self._thresholds = CostThresholds(info.low_cost_max, info.medium_cost_max)
        super().reload()

    def thresholds(self) -> CostThresholds:
        return self._thresholds
