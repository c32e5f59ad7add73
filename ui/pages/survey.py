"""2.1 进行现状调研: the enterprise profile (工作表2-1), production lines and periods, the multi-year data
of products, materials, energy and water, main equipment, and measures already taken."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit import services
from cp_audit.calc.identifiers import USCC_LENGTH, check_uscc
from cp_audit.i18n import N_, _
from cp_audit.models import Enterprise
from cp_audit.models.base import ItemCategory, OwnerKind
from ui.attachments import AttachmentsPanel
from ui.columns import ColumnSpec, Kind
from ui.forms import RecordForm
from ui.pages.base import StepPage, column, scrolled, section, side_by_side, stacked, tabs
from ui.pages.inventory import InventoryPanel
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import (
    EquipmentTableModel,
    ExistingMeasureTableModel,
    PeriodTableModel,
    ProductionLineTableModel,
)

IDENTITY_FIELDS = [
    "name_zh",
    "name_en",
    "uscc",
    "enterprise_type_zh",
    "size",
    "legal_representative",
    "established_on",
    ColumnSpec("registered_capital", kind=Kind.money),
    "registered_capital_currency",
    "industry_code",
    "industry_name_zh",
    "address_zh",
    "postcode",
    "phone",
]
OPERATION_FIELDS = [
    "employees",
    "land_area_m2",
    "building_area_m2",
    "shifts",
    "operating_hours_per_day",
    ColumnSpec("main_products_zh", kind=Kind.long_text),
    "hk_owned",
    "hk_parent_zh",
    "hk_ownership_pct",
    "cppp_sector",
]
SURVEY_CATEGORIES = (
    ItemCategory.product,
    ItemCategory.raw_material,
    ItemCategory.energy,
    ItemCategory.water,
    ItemCategory.other,
)


def credit_code_advice(code: str) -> str | None:
    """What is wrong with a unified social credit code (GB 32100-2015), in words; None when it checks out."""
    result = check_uscc(code)
    if result.valid:
        return None
    if len(result.code) != USCC_LENGTH:
        return _("统一社会信用代码应为 18 位，现在是 {0} 位。").format(len(result.code))
    if result.expected_check is None:
        return _("统一社会信用代码中有不允许的字符（不使用 I、O、S、V、Z）；请核对营业执照。")
    return _("校验位是 {0}，按 GB 32100 应为 {1}；可能有一位输错了，请核对营业执照。").format(
        result.code[-1], result.expected_check
    )


class SurveyPage(StepPage):
    guidance = N_(
        "企业概况（工作表2-1）、生产线和统计年度，近三年的产品产量、原辅材料、能源和水的消耗，"
        "主要设备，以及已实施的节能减排措施。"
    )

    def build(self) -> QWidget:
        return tabs(
            (_("企业概况"), self._build_enterprise()),
            (_("生产线与统计期"), self._build_lines_and_periods()),
            (_("历年数据"), InventoryPanel(self.context, SURVEY_CATEGORIES)),
            (_("消耗趋势"), self._build_trends()),
            (_("主要设备"), self._build_equipment()),
            (_("已实施的措施"), self._build_measures()),
        )

    def _build_enterprise(self) -> QWidget:
        self.identity = RecordForm(
            self.context, Enterprise, IDENTITY_FIELDS, singleton=True, advice={"uscc": credit_code_advice}
        )
        self.operation = RecordForm(self.context, Enterprise, OPERATION_FIELDS, singleton=True)
        self.enterprise_files = AttachmentsPanel(self.context, OwnerKind.enterprise)
        if self.context.audit is not None:
            self.enterprise_files.set_owner(services.singleton(self.context.audit, Enterprise).id)
        files = section(_("附件（营业执照、平面布置图等）"), self.enterprise_files)
        return side_by_side(
            scrolled(column(section(_("基本信息"), self.identity, stretch=False))),
            scrolled(column(section(_("规模与生产"), self.operation, stretch=False), files)),
            sizes=(1, 1),
        )

    def _build_lines_and_periods(self) -> QWidget:
        self.lines = TableEditor(ProductionLineTableModel(self.context), visible_rows=3)
        self.periods = TableEditor(PeriodTableModel(self.context), visible_rows=4)
        return stacked(
            section(_("生产线/车间"), self.lines),
            section(
                _("统计期"),
                self.periods,
                note=_("通常为审核前三个完整年度；实施后的监测期可为非全年，并写明运行天数。"),
            ),
        )

    def _build_trends(self) -> QWidget:
        from ui.trend_chart import TrendPanel

        self.trends = TrendPanel(self.context, SURVEY_CATEGORIES)
        return self.trends

    def _build_equipment(self) -> QWidget:
        self.equipment = TableEditor(EquipmentTableModel(self.context), visible_rows=6)
        self.equipment_files = AttachmentsPanel(self.context, OwnerKind.equipment)
        self.equipment.current_row_changed.connect(self.equipment_files.set_owner)
        self.equipment.select_first()
        return side_by_side(
            section(_("主要设备"), self.equipment),
            section(_("所选设备的照片和资料"), self.equipment_files),
            sizes=(3, 1),
        )

    def _build_measures(self) -> QWidget:
        self.measures = TableEditor(ExistingMeasureTableModel(self.context), visible_rows=6)
        return section(_("已实施的节能减排及清洁生产措施"), self.measures)


STEPS = {"2.1": SurveyPage}
