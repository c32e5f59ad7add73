"""Shared pieces of the data model: the enumerations of the method and small field helpers.

Enum member names equal their stored values, so the database, the JSON file and the code all
spell a value the same way. Labels are Simplified Chinese msgids (translated where shown).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from cp_audit.i18n import N_


class LabelledEnum(StrEnum):
    """An enumeration whose members carry a Chinese label (the method's term)."""

    @property
    def label(self) -> str:
        return _ENUM_LABELS.get((type(self).__name__, self.value), self.value)


_ENUM_LABELS: dict[tuple[str, str], str] = {}


def labels(enum_cls: type[LabelledEnum], mapping: dict[str, str]) -> None:
    for value, text in mapping.items():
        enum_cls(value)  # a typo in a label table fails at import, not on screen
        _ENUM_LABELS[(enum_cls.__name__, value)] = text


class Phase(LabelledEnum):
    """The seven phases with the national manual's names (REFERENCE.md §1.2)."""

    preparation = "preparation"
    pre_assessment = "pre_assessment"
    assessment = "assessment"
    options = "options"
    feasibility = "feasibility"
    implementation = "implementation"
    continuous = "continuous"


labels(Phase, {
    "preparation": N_("筹划和组织"), "pre_assessment": N_("预评估"), "assessment": N_("评估"),
    "options": N_("方案产生和筛选"), "feasibility": N_("可行性分析"), "implementation": N_("方案实施"),
    "continuous": N_("持续清洁生产"),
})


class AuditType(LabelledEnum):
    voluntary = "voluntary"
    mandatory = "mandatory"


labels(AuditType, {"voluntary": N_("自愿性审核"), "mandatory": N_("强制性审核")})


class TriggerKind(LabelledEnum):
    """Order No. 38 Art. 8 triggers of a mandatory audit (REFERENCE.md §1.5)."""

    exceeds_standards = "exceeds_standards"
    high_energy = "high_energy"
    toxic_hazardous = "toxic_hazardous"


labels(TriggerKind, {
    "exceeds_standards": N_("超标或超总量排放"),
    "high_energy": N_("超过单位产品能源消耗限额标准（高耗能）"),
    "toxic_hazardous": N_("使用有毒有害原料或排放有毒有害物质"),
})


class EnterpriseSize(LabelledEnum):
    large = "large"
    medium = "medium"
    small = "small"
    micro = "micro"


labels(EnterpriseSize, {"large": N_("大型"), "medium": N_("中型"), "small": N_("小型"), "micro": N_("微型")})


class CpppSector(LabelledEnum):
    """The original eight CPPP target industries (REFERENCE.md §8.1) and 'other'."""

    textiles = "textiles"
    non_metallic_minerals = "non_metallic_minerals"
    metal_products = "metal_products"
    food_beverage = "food_beverage"
    chemicals = "chemicals"
    printing_publishing = "printing_publishing"
    furniture = "furniture"
    paper = "paper"
    other = "other"


labels(CpppSector, {
    "textiles": N_("纺织"), "non_metallic_minerals": N_("非金属矿物制品"), "metal_products": N_("金属及金属制品"),
    "food_beverage": N_("食品及饮料"), "chemicals": N_("化工产品"), "printing_publishing": N_("印刷及出版"),
    "furniture": N_("家具"), "paper": N_("纸及纸制品"), "other": N_("其他"),
})


class TeamGroup(LabelledEnum):
    leading = "leading"
    working = "working"


labels(TeamGroup, {"leading": N_("领导小组"), "working": N_("工作小组")})


class ItemCategory(LabelledEnum):
    """What a multi-year inventory row describes (worksheets of phase 2, REFERENCE.md §1.4)."""

    product = "product"
    raw_material = "raw_material"
    energy = "energy"
    water = "water"
    wastewater = "wastewater"
    water_pollutant = "water_pollutant"
    air_pollutant = "air_pollutant"
    hazardous_waste = "hazardous_waste"
    solid_waste = "solid_waste"
    noise = "noise"
    other = "other"


labels(ItemCategory, {
    "product": N_("产品及产量"), "raw_material": N_("原辅材料"), "energy": N_("能源"), "water": N_("水"),
    "wastewater": N_("废水"), "water_pollutant": N_("废水污染物"), "air_pollutant": N_("废气污染物"),
    "hazardous_waste": N_("危险废物"), "solid_waste": N_("一般固体废物"), "noise": N_("噪声"), "other": N_("其他"),
})


class PeriodKind(LabelledEnum):
    full_year = "full_year"
    part_year = "part_year"


labels(PeriodKind, {"full_year": N_("全年"), "part_year": N_("非全年")})


class PointKind(LabelledEnum):
    water_outlet = "water_outlet"
    stack = "stack"


labels(PointKind, {"water_outlet": N_("废水排放口"), "stack": N_("排气筒")})


class Medium(LabelledEnum):
    water = "water"
    air = "air"
    noise = "noise"


labels(Medium, {"water": N_("废水"), "air": N_("废气"), "noise": N_("噪声")})


class Direction(LabelledEnum):
    """Which way an indicator is good: consumption and emission '≤', utilisation '≥' (REFERENCE.md §7.3)."""

    le = "le"
    ge = "ge"
    info = "info"

    @property
    def symbol(self) -> str:
        return {"le": "≤", "ge": "≥", "info": "—"}[self.value]


labels(Direction, {"le": N_("≤（越小越好）"), "ge": N_("≥（越大越好）"), "info": N_("仅供参考")})


class CriterionScope(LabelledEnum):
    focus = "focus"
    option = "option"


labels(CriterionScope, {"focus": N_("审核重点"), "option": N_("中/高费方案")})


class IndicatorScope(LabelledEnum):
    period = "period"
    balance = "balance"


labels(IndicatorScope, {"period": N_("按年度（时期）"), "balance": N_("平衡测试")})


class NodeKind(LabelledEnum):
    unit_operation = "unit_operation"
    source = "source"
    sink = "sink"


labels(NodeKind, {"unit_operation": N_("单元操作"), "source": N_("外部来源"), "sink": N_("外部去向")})


class BalanceKind(LabelledEnum):
    water = "water"
    material = "material"
    element = "element"
    energy = "energy"


labels(BalanceKind, {"water": N_("水平衡"), "material": N_("物料平衡"), "element": N_("元素/污染因子平衡"),
                     "energy": N_("能量平衡")})


class Basis(LabelledEnum):
    batch = "batch"
    hour = "hour"
    day = "day"
    year = "year"


labels(Basis, {"batch": N_("每批"), "hour": N_("每小时"), "day": N_("每天"), "year": N_("每年")})


class DataStatus(LabelledEnum):
    """Where a figure comes from; reconciliation keeps 'exact' streams fixed (REFERENCE.md §4.1)."""

    measured = "measured"
    estimated = "estimated"
    calculated = "calculated"
    exact = "exact"


labels(DataStatus, {"measured": N_("实测"), "estimated": N_("估算"), "calculated": N_("计算"), "exact": N_("精确值")})


class StreamCalc(LabelledEnum):
    """How a stream's quantity follows from what was measured (reference audit nickel rules)."""

    direct = "direct"
    mass_fraction = "mass_fraction"
    concentration = "concentration"
    deposit = "deposit"


labels(StreamCalc, {"direct": N_("直接给出"), "mass_fraction": N_("物料量 × 质量分数"),
                    "concentration": N_("体积 × 浓度"), "deposit": N_("面积 × 厚度 × 密度")})


class FactorRole(LabelledEnum):
    carrier = "carrier"
    fraction = "fraction"
    concentration = "concentration"
    area = "area"
    thickness = "thickness"
    density = "density"


labels(FactorRole, {"carrier": N_("载体量"), "fraction": N_("质量分数"), "concentration": N_("浓度"),
                    "area": N_("面积"), "thickness": N_("厚度"), "density": N_("密度")})

#: Which factors each calculation needs, in the order they multiply.
CALC_FACTORS: dict[StreamCalc, tuple[FactorRole, ...]] = {
    StreamCalc.direct: (),
    StreamCalc.mass_fraction: (FactorRole.carrier, FactorRole.fraction),
    StreamCalc.concentration: (FactorRole.carrier, FactorRole.concentration),
    StreamCalc.deposit: (FactorRole.area, FactorRole.thickness, FactorRole.density),
}


class Aspect(LabelledEnum):
    """The eight aspects of cause analysis and option classification (REFERENCE.md §2.1)."""

    raw_materials_energy = "raw_materials_energy"
    technology = "technology"
    equipment = "equipment"
    process_control = "process_control"
    product = "product"
    waste = "waste"
    management = "management"
    employees = "employees"


labels(Aspect, {
    "raw_materials_energy": N_("原辅材料和能源"), "technology": N_("技术工艺"), "equipment": N_("设备"),
    "process_control": N_("过程控制"), "product": N_("产品"), "waste": N_("废弃物"), "management": N_("管理"),
    "employees": N_("员工"),
})


class Screening(LabelledEnum):
    """Preliminary screening result (REFERENCE.md §2.2)."""

    direct = "direct"
    study = "study"
    infeasible = "infeasible"


labels(Screening, {"direct": N_("可直接实施"), "study": N_("需进一步研究"), "infeasible": N_("不可行")})


class OptionStatus(LabelledEnum):
    proposed = "proposed"
    planned = "planned"
    in_progress = "in_progress"
    implemented = "implemented"
    rejected = "rejected"


labels(OptionStatus, {"proposed": N_("已提出"), "planned": N_("计划实施"), "in_progress": N_("实施中"),
                      "implemented": N_("已实施"), "rejected": N_("不实施")})


class EffectBasis(LabelledEnum):
    expected = "expected"
    actual = "actual"


labels(EffectBasis, {"expected": N_("预期"), "actual": N_("实际")})


class CashKind(LabelledEnum):
    investment = "investment"
    saving = "saving"
    added_cost = "added_cost"


labels(CashKind, {"investment": N_("投资"), "saving": N_("年节约"), "added_cost": N_("新增运行费用")})


class CoefficientKind(LabelledEnum):
    tce = "tce"
    tce_equal_value = "tce_equal_value"
    co2 = "co2"
    energy_content = "energy_content"


labels(CoefficientKind, {"tce": N_("折标准煤系数（当量值）"), "tce_equal_value": N_("折标准煤系数（等价值）"),
                         "co2": N_("二氧化碳排放因子"), "energy_content": N_("热值")})


class CpppProjectKind(LabelledEnum):
    onsite_assessment = "onsite_assessment"
    demonstration_installation = "demonstration_installation"
    demonstration_rnd = "demonstration_rnd"
    verification = "verification"


labels(CpppProjectKind, {"onsite_assessment": N_("现场评估"), "demonstration_installation": N_("示范项目（安装/改装类）"),
                         "demonstration_rnd": N_("示范项目（研发类）"), "verification": N_("核实")})


class OwnerKind(LabelledEnum):
    """Records an attachment can belong to."""

    enterprise = "enterprise"
    site_finding = "site_finding"
    equipment = "equipment"
    node = "node"
    stream = "stream"
    cause = "cause"
    option = "option"
    training = "training"


labels(OwnerKind, {"enterprise": N_("企业"), "site_finding": N_("现场考察发现"), "equipment": N_("设备"),
                   "node": N_("单元操作"), "stream": N_("物流"), "cause": N_("原因"), "option": N_("方案"),
                   "training": N_("宣传培训")})


def pk() -> Any:
    return Field(default=None, primary_key=True)


def ref(table: str, *, title: str = "", nullable: bool = False, owned: bool = True) -> Any:
    """A foreign key. An owned row (a value, a score, a link) goes with its owner; a row that is only
    referred to (a unit operation a stream runs from) cannot be deleted while referred to."""
    ondelete = "SET NULL" if nullable else ("CASCADE" if owned else "RESTRICT")
    return Field(default=None if nullable else ..., foreign_key=f"{table}.id", index=True, title=title,
                 ondelete=ondelete, nullable=nullable)


def text(title: str, default: str | None = None, *, max_length: int | None = None) -> Any:
    return Field(default=default, title=title, max_length=max_length)


def json_list(title: str = "") -> Any:
    return Field(default_factory=list, sa_type=JSON, title=title)
