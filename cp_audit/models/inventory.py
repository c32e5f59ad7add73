"""Phase 2 预评估 data over several periods: products, materials, energy, water, emissions, wastes,
discharge limits, main equipment, existing measures and site walk-through findings."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import ItemCategory, Medium, PeriodKind, PointKind, pk, ref, text


class Period(SQLModel, table=True):
    """统计期: a full year (2023) or a part year (实施后 9–11 月). Part years are never compared with
    full years unless annualised explicitly."""

    __tablename__ = "period"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    label_zh: str = text(N_("名称"), "")
    kind: PeriodKind = Field(default=PeriodKind.full_year, title=N_("类型"))
    start: date | None = Field(default=None, title=N_("开始"))
    end: date | None = Field(default=None, title=N_("结束"))
    operating_days: float | None = Field(default=None, ge=0, le=366, title=N_("运行天数"))
    note: str | None = text(N_("说明"))
    position: int = Field(default=0)


class EmissionPoint(SQLModel, table=True):
    """排放口/排气筒: where pollutant concentrations are measured; loads follow from its volume or flow."""

    __tablename__ = "emission_point"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    kind: PointKind = Field(default=PointKind.water_outlet, title=N_("类型"))
    code: str | None = text(N_("编号"))
    name_zh: str = text(N_("名称"), "")
    volume_item_key: str | None = text(N_("对应水量（代号）"))
    flow_value: float | None = Field(default=None, ge=0, title=N_("风量"))
    flow_unit: str | None = text(N_("风量单位"))
    position: int = Field(default=0)


class InventoryItem(SQLModel, table=True):
    """One row of the multi-year tables: a product metric, a material, an energy carrier, a water or
    emission figure. `line` and `point` make its formula name (ni_line.plated_area, total_outlet.COD);
    an item that is part of another (a sub-meter) is never added to the plant totals a second time."""

    __tablename__ = "inventory_item"
    id: int | None = pk()
    category: ItemCategory = Field(title=N_("类别"))
    key: str = text(N_("代号"), max_length=60)
    name_zh: str = text(N_("名称"), "")
    name_en: str | None = text(N_("名称（英文）"))
    unit: str = text(N_("单位"), "")
    line_id: int | None = ref("production_line", nullable=True, title=N_("生产线"))
    point_id: int | None = ref("emission_point", nullable=True, title=N_("排放口"))
    part_of_id: int | None = ref("inventory_item", nullable=True, title=N_("属于（分项计量）"))
    product_zh: str | None = text(N_("产品"))
    carrier_key: str | None = text(N_("能源品种（系数代号）"))
    price: float | None = Field(default=None, ge=0, title=N_("单价"))
    price_unit: str | None = text(N_("单价单位"))
    price_period_key: str | None = text(N_("单价年份"))
    hazard_zh: str | None = text(N_("危害特性"))
    waste_code: str | None = text(N_("废物代码"))
    use_zh: str | None = text(N_("用途"))
    note: str | None = text(N_("说明"))
    position: int = Field(default=0)


class ItemProperty(SQLModel, table=True):
    """A property of an inventory item used in formulas, e.g. the Ni mass fraction of nickel sulphate."""

    __tablename__ = "item_property"
    id: int | None = pk()
    item_id: int = ref("inventory_item")
    key: str = text(N_("属性"), max_length=60)
    value: float = Field(title=N_("数值"))
    unit: str = text(N_("单位"), "")
    source: str | None = text(N_("来源"))


class InventoryValue(SQLModel, table=True):
    """The value of an item in a period; its unit defaults to the item's unit."""

    __tablename__ = "inventory_value"
    id: int | None = pk()
    item_id: int = ref("inventory_item")
    period_id: int = ref("period")
    value: float = Field(title=N_("数值"))
    unit: str | None = text(N_("单位"))
    note: str | None = text(N_("说明"))


class DischargeStandard(SQLModel, table=True):
    """排放标准 (e.g. GB 21900-2008 表3); the applied ones are the compliance basis."""

    __tablename__ = "discharge_standard"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    name_zh: str = text(N_("标准"), "")
    medium: Medium = Field(default=Medium.water, title=N_("介质"))
    applied: bool = Field(default=False, title=N_("执行"))
    note: str | None = text(N_("说明"))
    position: int = Field(default=0)


class DischargeLimit(SQLModel, table=True):
    __tablename__ = "discharge_limit"
    id: int | None = pk()
    standard_id: int = ref("discharge_standard")
    param: str = text(N_("污染物代号"), max_length=40)
    name_zh: str = text(N_("污染物"), "")
    unit: str = text(N_("单位"), "")
    limit_min: float | None = Field(default=None, title=N_("下限"))
    limit_max: float | None = Field(default=None, title=N_("限值"))
    location_zh: str | None = text(N_("监控位置"))
    source: str | None = text(N_("来源"))
    confidence: str | None = text(N_("可信度"))
    position: int = Field(default=0)


class Equipment(SQLModel, table=True):
    """主要设备."""

    __tablename__ = "equipment"
    id: int | None = pk()
    code: str = text(N_("编号"), "", max_length=40)
    name_zh: str = text(N_("设备名称"), "")
    spec: str | None = text(N_("规格型号"))
    quantity: int | None = Field(default=None, ge=0, title=N_("数量"))
    power_kw: float | None = Field(default=None, ge=0, title=N_("功率 kW"))
    installed_year: int | None = Field(default=None, ge=1900, le=2100, title=N_("投用年份"))
    location_zh: str | None = text(N_("位置"))
    status_zh: str | None = text(N_("运行状况"))
    obsolete: bool = Field(default=False, title=N_("属淘汰类"))
    position: int = Field(default=0)


class ExistingMeasure(SQLModel, table=True):
    """已实施的节能减排及清洁生产措施 (report 2.5.1)."""

    __tablename__ = "existing_measure"
    id: int | None = pk()
    year: int | None = Field(default=None, ge=1900, le=2100, title=N_("年份"))
    measure_zh: str = text(N_("措施"), "")
    position: int = Field(default=0)


class SiteFinding(SQLModel, table=True):
    """现场考察发现 (step 2.2)."""

    __tablename__ = "site_finding"
    id: int | None = pk()
    code: str = text(N_("编号"), "", max_length=40)
    location_zh: str | None = text(N_("位置"))
    finding_zh: str = text(N_("发现"), "")
    position: int = Field(default=0)
