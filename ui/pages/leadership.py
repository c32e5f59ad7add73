"""1.1 取得领导支持: the management decision, the basis of the audit (自愿/强制, list, triggers, dates)
with the legal deadlines computed beside it, and the consultancy with its certified auditors."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cp_audit import services
from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo, Consultancy, LeadershipDecision
from ui.columns import ColumnSpec, Kind
from ui.deadlines import DeadlinePanel
from ui.forms import RecordForm
from ui.pages.base import StepPage, column, hint, scrolled, section, side_by_side, tabs
from ui.table_editor import TableEditor
from ui.tables.preparation import AuditorTableModel, MandatoryTriggerTableModel

CATEGORIES = (
    (1, N_("第一类：超标或超总量排放")),
    (2, N_("第二类：超过能耗限额（高耗能）")),
    (3, N_("第三类：使用或排放有毒有害物质")),
)

DECISION_FIELDS = [
    "doc_no",
    "title_zh",
    "issued_on",
    "signed_by",
    ColumnSpec("summary_zh", kind=Kind.long_text),
]
BASIS_FIELDS = [
    "title_zh",
    "audit_year",
    "province",
    "audit_type",
    ColumnSpec("mandatory_category", options=CATEGORIES),
    "list_name_zh",
    "list_published_on",
    "leadership_decision_on",
    "disclosed_on",
    "audit_started_on",
    "report_submitted_on",
]
CONSULTANCY_FIELDS = ["name_zh", "name_en", "recommendation_doc", "approver"]


class DeadlineBox(QWidget):
    """The deadline panel, refreshed whenever the audit's basis changes."""

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.panel = DeadlinePanel(self)
        self.empty = hint(
            _(
                "自愿性审核没有法定期限。强制性审核：选择“强制性审核”并填写名单发布日期后，"
                "这里按《清洁生产审核办法》计算信息公开（1 个月）、启动（2 个月）和完成（1 年）期限。"
            )
        )
        holder = column(self.panel, self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(holder)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, tables: set[str]) -> None:
        if "audit_info" in tables:
            self.refresh()

    def refresh(self) -> None:
        if self.context.audit is None:
            return
        self.panel.show_info(services.singleton(self.context.audit, AuditInfo))
        self.empty.setVisible(not self.panel.rows)


class LeadershipPage(StepPage):
    guidance = N_(
        "记录领导决策文件（文号、标题、签发日期），说明审核类型；强制性审核写明名单、触发条件和各项日期，"
        "期限按名单发布日自动计算。"
    )

    def build(self) -> QWidget:
        self.decision_form = RecordForm(self.context, LeadershipDecision, DECISION_FIELDS, singleton=True)
        self.basis_form = RecordForm(self.context, AuditInfo, BASIS_FIELDS, singleton=True)
        self.deadlines = DeadlineBox(self.context)
        self.triggers = TableEditor(MandatoryTriggerTableModel(self.context), visible_rows=3)
        self.consultancy_form = RecordForm(self.context, Consultancy, CONSULTANCY_FIELDS, singleton=True)
        self.auditors = TableEditor(AuditorTableModel(self.context), visible_rows=4)
        basis = side_by_side(
            scrolled(column(section(_("审核基本信息"), self.basis_form, stretch=False))),
            scrolled(
                column(
                    section(_("法定期限"), self.deadlines, stretch=False),
                    section(_("强制性审核触发条件（《清洁生产审核办法》第八条）"), self.triggers),
                )
            ),
            sizes=(1, 1),
        )
        consultancy = side_by_side(
            scrolled(
                column(
                    section(
                        _("咨询机构"), self.consultancy_form, stretch=False, note=_("企业自行审核时可留空。")
                    )
                )
            ),
            section(_("清洁生产审核师"), self.auditors),
            sizes=(1, 1),
        )
        return tabs(
            (_("领导决策"), scrolled(column(section(_("领导决策文件"), self.decision_form, stretch=False)))),
            (_("审核类型与期限"), basis),
            (_("咨询机构与审核师"), consultancy),
        )


STEPS = {"1.1": LeadershipPage}
