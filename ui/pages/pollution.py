"""2.3 评价产污排污状况: emission points, the wastewater, pollutant and waste figures over the years
(values above an applied limit in red), and the discharge standards with their limits."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cp_audit.i18n import N_, _
from cp_audit.models.base import ItemCategory
from ui.pages.base import StepPage, section, stacked, tabs
from ui.pages.inventory import InventoryPanel
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import (
    DischargeLimitTableModel,
    DischargeStandardTableModel,
    EmissionPointTableModel,
)

EMISSION_CATEGORIES = (
    ItemCategory.wastewater,
    ItemCategory.water_pollutant,
    ItemCategory.air_pollutant,
    ItemCategory.hazardous_waste,
    ItemCategory.solid_waste,
    ItemCategory.noise,
)


class PollutionPage(StepPage):
    guidance = N_(
        "列出排放口和排气筒，填写近年的废水量、污染物浓度、固体废物和危险废物产生量，"
        "并与执行的排放标准限值对照（超标数值显示为红色）。"
    )

    def build(self) -> QWidget:
        self.points = TableEditor(EmissionPointTableModel(self.context), visible_rows=6)
        self.inventory = InventoryPanel(self.context, EMISSION_CATEGORIES)
        return tabs(
            (
                _("排放口"),
                section(
                    _("废水排放口和排气筒"),
                    self.points,
                    note=_("污染物监测数据按排放口填写；“对应水量”填写废水量项目的代号。"),
                ),
            ),
            (_("产污排污数据"), self.inventory),
            (_("排放标准与限值"), self._build_standards()),
        )

    def _build_standards(self) -> QWidget:
        self.standards = TableEditor(DischargeStandardTableModel(self.context), visible_rows=3)
        self.limits_model = DischargeLimitTableModel(self.context)
        self.limits_model.set_filters(None)
        self.limits = TableEditor(self.limits_model, visible_rows=5)
        self.standards.current_row_changed.connect(self._show_limits_of)
        self.standards.select_first()
        note = _("勾选“执行”的标准用于判断是否超标；污染物代号与监测项目的代号相同时进行对照。")
        return stacked(
            section(_("排放标准"), self.standards, note=note), section(_("所选标准的限值"), self.limits)
        )

    def _show_limits_of(self, standard_id: int | None) -> None:
        self.limits_model.set_filters({"standard_id": standard_id} if standard_id is not None else None)


STEPS = {"2.3": PollutionPage}
