"""InventoryPanel: the multi-year tables of phase 2, one tab per category. Each tab has the value grid
(items × periods) and, under it, the items themselves (name, unit, line, price ...)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTabWidget, QWidget

from cp_audit.i18n import _
from cp_audit.models.base import ItemCategory
from ui.grids import InventoryGridModel
from ui.pages.base import section, stacked
from ui.table_editor import TableEditor
from ui.tables.pre_assessment import InventoryItemTableModel

C = InventoryItemTableModel.Column
ALWAYS = {C.key, C.name, C.unit, C.note}
# The item columns each category needs; the others are hidden in its tab.
COLUMNS_BY_CATEGORY = {
    ItemCategory.product: ALWAYS | {C.line, C.product},
    ItemCategory.raw_material: ALWAYS | {C.line, C.price, C.price_unit, C.price_period, C.hazard, C.use},
    ItemCategory.energy: ALWAYS | {C.line, C.carrier, C.price, C.price_unit, C.price_period},
    ItemCategory.water: ALWAYS | {C.line, C.price, C.price_unit, C.price_period, C.use},
    ItemCategory.wastewater: ALWAYS | {C.line, C.point},
    ItemCategory.water_pollutant: ALWAYS | {C.point},
    ItemCategory.air_pollutant: ALWAYS | {C.point},
    ItemCategory.hazardous_waste: ALWAYS | {C.line, C.waste_code, C.hazard, C.price, C.price_unit},
    ItemCategory.solid_waste: ALWAYS | {C.line, C.waste_code},
    ItemCategory.noise: ALWAYS | {C.point},
    ItemCategory.other: ALWAYS | {C.line, C.price, C.price_unit},
}


class InventoryPanel(QTabWidget):
    """One tab per category: the value grid over the item table."""

    def __init__(self, context, categories: Sequence[ItemCategory], parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.grids: dict[ItemCategory, TableEditor] = {}
        self.items: dict[ItemCategory, TableEditor] = {}
        for category in categories:
            self.addTab(self._build_tab(context, category), _(category.label))

    def _build_tab(self, context, category: ItemCategory) -> QWidget:
        grid = TableEditor(
            InventoryGridModel(context, [category]),
            can_add=False,
            can_delete=False,
            visible_rows=4,
            stretch_last=False,
        )
        items = TableEditor(InventoryItemTableModel(context, {"category": category}), visible_rows=3)
        items.hide_columns(c.index for c in C if c not in COLUMNS_BY_CATEGORY[category])
        self.grids[category], self.items[category] = grid, items
        note = _(
            "每行一个项目、每列一个统计期；空白表示没有数据。标为“非全年”的统计期不能直接与全年数据比较。"
        )
        return stacked(
            section(_("历年数据"), grid, note=note),
            section(_("项目（名称、单位等）"), items, note=_("在这里添加或删除项目；上面的表随之增减行。")),
        )
