"""1.4 开展宣传教育: training and publicity records with their photos, the barriers met and how they were
overcome, and the number of suggestions collected from staff."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo
from cp_audit.models.base import OwnerKind
from ui.attachments import AttachmentsPanel
from ui.forms import RecordForm
from ui.pages.base import StepPage, section, side_by_side, stacked
from ui.table_editor import TableEditor
from ui.tables.preparation import BarrierTableModel, TrainingTableModel


class TrainingPage(StepPage):
    guidance = N_(
        "记录宣传培训（日期、内容、主讲、人数、学时，附现场照片），列出开展审核的障碍及克服办法，"
        "并记录征集到的合理化建议数。"
    )

    def build(self) -> QWidget:
        self.trainings = TableEditor(TrainingTableModel(self.context), visible_rows=4)
        self.photos = AttachmentsPanel(self.context, OwnerKind.training)
        self.trainings.current_row_changed.connect(self.photos.set_owner)
        self.trainings.select_first()
        self.barriers = TableEditor(BarrierTableModel(self.context), visible_rows=4)
        self.suggestions = RecordForm(self.context, AuditInfo, ["suggestions_collected"], singleton=True)
        top = side_by_side(
            section(_("宣传培训记录"), self.trainings),
            section(_("所选培训的照片和资料"), self.photos),
            sizes=(3, 2),
        )
        bottom = side_by_side(
            section(_("审核障碍及对策"), self.barriers),
            section(
                _("合理化建议"),
                self.suggestions,
                stretch=False,
                note=_("宣传动员中向员工征集到的清洁生产合理化建议条数。"),
            ),
            sizes=(3, 1),
        )
        return stacked(top, bottom)


STEPS = {"1.4": TrainingPage}
