"""2.2 进行现场考察: what the walk-through found, each finding with its photos."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit.i18n import N_, _
from cp_audit.models.base import OwnerKind
from ui.attachments import AttachmentsPanel
from ui.pages.base import StepPage, section, side_by_side
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import SiteFindingTableModel


class SiteVisitPage(StepPage):
    guidance = N_("沿工艺流程逐个车间考察，记录跑冒滴漏、物料流失、设备和管理问题等发现，并附现场照片。")

    def build(self) -> QWidget:
        self.findings = TableEditor(SiteFindingTableModel(self.context), visible_rows=8)
        self.photos = AttachmentsPanel(self.context, OwnerKind.site_finding)
        self.findings.current_row_changed.connect(self.photos.set_owner)
        self.findings.select_first()
        return side_by_side(
            section(_("现场考察发现"), self.findings),
            section(_("所选发现的照片"), self.photos, note=_("先在左边选中一条发现，再添加照片。")),
            sizes=(3, 2),
        )


STEPS = {"2.2": SiteVisitPage}
