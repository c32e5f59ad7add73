"""2.6 提出和实施无/低费方案: the options proposed in phase 2 (a filtered view of the option register),
each with its photos and documents."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit.i18n import N_, _
from cp_audit.models.base import OwnerKind
from ui.attachments import AttachmentsPanel
from ui.pages.base import StepPage, section, side_by_side
from ui.table_editor import TableEditor
from ui.tables.options import OptionTableModel


class EarlyOptionsPage(StepPage):
    guidance = N_(
        "预评估中发现的明显问题，提出无/低费方案并边审核边实施；这里列出本阶段提出的方案"
        "（费用类别按审核的投资上限自动判断）。"
    )
    phase = 2

    def build(self) -> QWidget:
        self.options = TableEditor(
            OptionTableModel(self.context, {"proposed_in_phase": self.phase}), visible_rows=8
        )
        self.files = AttachmentsPanel(self.context, OwnerKind.option)
        self.options.current_row_changed.connect(self.files.set_owner)
        self.options.select_first()
        return side_by_side(
            section(_("本阶段提出的方案"), self.options),
            section(_("所选方案的附件"), self.files),
            sizes=(4, 1),
        )


class AssessmentOptionsPage(EarlyOptionsPage):
    """3.5: the same register, for the options the balances and cause analysis brought up."""

    guidance = N_("根据物料平衡和废弃物产生原因分析，继续提出并实施无/低费方案；这里列出评估阶段提出的方案。")
    phase = 3


STEPS = {"2.6": EarlyOptionsPage, "3.5": AssessmentOptionsPage}
