"""Table models of phase 2 预评估: production lines, periods, inventory items, equipment, existing
measures, site findings, emission points, discharge standards and limits, focus candidates, criteria
and targets."""

from __future__ import annotations

from cp_audit.i18n import N_
from cp_audit.models import (
    Criterion,
    DischargeLimit,
    DischargeStandard,
    EmissionPoint,
    Equipment,
    ExistingMeasure,
    FocusCandidate,
    InventoryItem,
    Period,
    ProductionLine,
    SiteFinding,
    Target,
)
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.table_models import RowTableModel


class ProductionLineTableModel(RowTableModel):
    table = ProductionLine
    code_prefix = "line"

    class Column(ColumnEnum):
        key = ColumnSpec("key")
        name = ColumnSpec("name_zh", width_chars=16)
        type = ColumnSpec("type_zh", width_chars=28)
        description = ColumnSpec("description", kind=Kind.long_text, width_chars=24)


class PeriodTableModel(RowTableModel):
    """统计期: full years and part years (a part year is marked 非全年 wherever its values appear)."""

    table = Period
    code_prefix = "P"

    class Column(ColumnEnum):
        key = ColumnSpec("key")
        label = ColumnSpec("label_zh", width_chars=18)
        kind = ColumnSpec("kind")
        start = ColumnSpec("start")
        end = ColumnSpec("end")
        operating_days = ColumnSpec("operating_days", unit=N_("天"))
        note = ColumnSpec("note", kind=Kind.long_text, width_chars=24)


class InventoryItemTableModel(RowTableModel):
    """The items of the multi-year tables; a page shows the items of some categories and hides the
    columns that do not concern them (see COLUMNS_BY_CATEGORY in ui.pages.inventory)."""

    table = InventoryItem
    code_prefix = "item"

    class Column(ColumnEnum):
        key = ColumnSpec("key")
        name = ColumnSpec("name_zh", width_chars=18)
        unit = ColumnSpec("unit", width_chars=8)
        line = ColumnSpec("line_id")
        point = ColumnSpec("point_id", width_chars=16)
        product = ColumnSpec("product_zh")
        carrier = ColumnSpec("carrier_key")
        price = ColumnSpec("price", kind=Kind.money)
        price_unit = ColumnSpec("price_unit")
        price_period = ColumnSpec("price_period_key")
        hazard = ColumnSpec("hazard_zh")
        waste_code = ColumnSpec("waste_code")
        use = ColumnSpec("use_zh", width_chars=16)
        note = ColumnSpec("note", kind=Kind.long_text, width_chars=20)


class EquipmentTableModel(RowTableModel):
    table = Equipment
    code_prefix = "E"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=6)
        name = ColumnSpec("name_zh", width_chars=16)
        spec = ColumnSpec("spec", width_chars=18)
        quantity = ColumnSpec("quantity")
        power = ColumnSpec("power_kw", decimals=1)
        installed_year = ColumnSpec("installed_year")
        location = ColumnSpec("location_zh")
        status = ColumnSpec("status_zh")
        obsolete = ColumnSpec("obsolete")


class ExistingMeasureTableModel(RowTableModel):
    table = ExistingMeasure

    class Column(ColumnEnum):
        year = ColumnSpec("year", width_chars=8)
        measure = ColumnSpec("measure_zh", kind=Kind.long_text, width_chars=60)


class SiteFindingTableModel(RowTableModel):
    table = SiteFinding
    code_prefix = "S"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=6)
        location = ColumnSpec("location_zh", width_chars=16)
        finding = ColumnSpec("finding_zh", kind=Kind.long_text, width_chars=50)


class EmissionPointTableModel(RowTableModel):
    table = EmissionPoint
    code_prefix = "DW"

    class Column(ColumnEnum):
        key = ColumnSpec("key", width_chars=16)
        kind = ColumnSpec("kind")
        code = ColumnSpec("code")
        name = ColumnSpec("name_zh", width_chars=22)
        volume_item = ColumnSpec("volume_item_key", width_chars=18)
        flow = ColumnSpec("flow_value")
        flow_unit = ColumnSpec("flow_unit")


class DischargeStandardTableModel(RowTableModel):
    table = DischargeStandard
    code_prefix = "std"

    class Column(ColumnEnum):
        key = ColumnSpec("key", width_chars=12)
        name = ColumnSpec("name_zh", width_chars=34)
        medium = ColumnSpec("medium")
        applied = ColumnSpec("applied")
        note = ColumnSpec("note", kind=Kind.long_text, width_chars=30)


class DischargeLimitTableModel(RowTableModel):
    """Limits of one standard (a detail table: set_filters({'standard_id': ...}))."""

    table = DischargeLimit
    code_prefix = "p"

    class Column(ColumnEnum):
        param = ColumnSpec("param")
        name = ColumnSpec("name_zh")
        unit = ColumnSpec("unit")
        limit_min = ColumnSpec("limit_min")
        limit_max = ColumnSpec("limit_max")
        location = ColumnSpec("location_zh", width_chars=20)
        source = ColumnSpec("source")


class FocusCandidateTableModel(RowTableModel):
    """备选审核重点情况汇总: the candidates with their basic data."""

    table = FocusCandidate
    code_prefix = "C"

    class Column(ColumnEnum):
        key = ColumnSpec("key")
        name = ColumnSpec("name_zh", width_chars=14)
        water = ColumnSpec("water_m3")
        electricity = ColumnSpec("electricity_kwh")
        wastewater = ColumnSpec("wastewater_m3")
        hazardous_waste = ColumnSpec("hazardous_waste_t")
        pollutants = ColumnSpec("main_pollutants_zh", width_chars=16)
        env_cost = ColumnSpec("env_cost", kind=Kind.money, unit=N_("元"))


class CriterionTableModel(RowTableModel):
    """评分因素 and weights W of one scope (the page sets the scope as a filter)."""

    table = Criterion
    code_prefix = "k"

    class Column(ColumnEnum):
        key = ColumnSpec("key")
        name = ColumnSpec("name_zh", width_chars=22)
        weight = ColumnSpec("weight")


class TargetTableModel(RowTableModel):
    """清洁生产目标: baseline, near-term and medium/long-term values."""

    table = Target
    code_prefix = "T"

    class Column(ColumnEnum):
        code = ColumnSpec("code", width_chars=5)
        name = ColumnSpec("name_zh", width_chars=26)
        indicator = ColumnSpec("indicator_id", width_chars=14)
        unit = ColumnSpec("unit")
        direction = ColumnSpec("direction")
        baseline_period = ColumnSpec("baseline_period_key")
        baseline = ColumnSpec("baseline_entered")
        near_value = ColumnSpec("near_value")
        near_by = ColumnSpec("near_by")
        long_value = ColumnSpec("long_value")
        long_by = ColumnSpec("long_by")
