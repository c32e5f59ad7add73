"""2.5 设置清洁生产目标: quantified targets with their baseline, near-term and medium/long-term values."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit.i18n import N_, _
from ui.pages.base import StepPage, section
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import TargetTableModel


class TargetsPage(StepPage):
    guidance = N_(
        "针对审核重点设置可量化、可考核的清洁生产目标：写明基准年及基准值、近期目标和中长期目标及其期限；"
        "“方向”说明指标越小越好还是越大越好。"
    )

    def build(self) -> QWidget:
        self.targets = TableEditor(TargetTableModel(self.context), visible_rows=8)
        note = _("“计算指标”可选定按公式计算的指标，基准值随数据自动核对；没有公式时直接填写基准值。")
        return section(_("清洁生产目标"), self.targets, note=note)


STEPS = {"2.5": TargetsPage}
