"""Phase 3 评估: the balance test of the audit focus, its unit operations and external nodes, the
streams of each balance (water, material, element, energy) and the waste-generation causes."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import (
    Aspect,
    BalanceKind,
    Basis,
    DataStatus,
    FactorRole,
    NodeKind,
    StreamCalc,
    json_list,
    pk,
    ref,
    text,
)


class BalanceTest(SQLModel, table=True):
    """实测: when and how the focus was measured (one row)."""

    __tablename__ = "balance_test"
    id: int | None = pk()
    dates: list[str] = json_list(N_("实测日期"))  # ISO dates
    days: int | None = Field(default=None, ge=0, title=N_("天数"))
    hours_per_day: float | None = Field(default=None, gt=0, le=24, title=N_("每天小时数"))
    basis_zh: str | None = text(N_("计算基准"))
    instruments_zh: str | None = text(N_("计量器具"))


class Node(SQLModel, table=True):
    """单元操作 of the focus, or an external source/sink on the balance boundary."""

    __tablename__ = "node"
    id: int | None = pk()
    code: str = text(N_("编号"), max_length=40)
    kind: NodeKind = Field(default=NodeKind.unit_operation, title=N_("类型"))
    name_zh: str = text(N_("名称"), "")
    name_en: str | None = text(N_("名称（英文）"))
    function_zh: str | None = text(N_("功能"))
    equipment_zh: str | None = text(N_("设备"))
    parameters_zh: str | None = text(N_("工艺参数"))
    is_product: bool = Field(default=False, title=N_("产品去向（不计为损失）"))
    position: int = Field(default=0)


class Balance(SQLModel, table=True):
    """A balance of the focus: water, total mass, an element/pollutant (Ni, VOC, COD) or energy."""

    __tablename__ = "balance"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    kind: BalanceKind = Field(default=BalanceKind.water, title=N_("类型"))
    name_zh: str = text(N_("名称"), "")
    name_en: str | None = text(N_("名称（英文）"))
    substance: str | None = text(N_("元素/污染因子"))
    unit: str = text(N_("单位"), "")
    tolerance_pct: float | None = Field(default=None, gt=0, title=N_("容许偏差 %"))
    position: int = Field(default=0)


class Stream(SQLModel, table=True):
    """物流: a flow between unit operations or across the boundary, with how it was obtained."""

    __tablename__ = "stream"
    id: int | None = pk()
    balance_id: int = ref("balance")
    code: str = text(N_("编号"), max_length=40)
    name_zh: str = text(N_("物流"), "")
    name_en: str | None = text(N_("物流（英文）"))
    from_node_id: int = ref("node", owned=False, title=N_("来自"))
    to_node_id: int = ref("node", owned=False, title=N_("去向"))
    calc: StreamCalc = Field(default=StreamCalc.direct, title=N_("计算方式"))
    value: float | None = Field(default=None, title=N_("数量"))
    unit: str = text(N_("单位"), "")
    basis: Basis = Field(default=Basis.day, title=N_("基准"))
    status: DataStatus = Field(default=DataStatus.measured, title=N_("实测/估算"))
    method_zh: str | None = text(N_("方法"))
    uncertainty_pct: float | None = Field(default=None, ge=0, title=N_("不确定度 %"))
    carrier_stream_id: int | None = ref("stream", nullable=True, title=N_("载体物流"))
    tags: list[str] = json_list(N_("标签"))
    position: int = Field(default=0)


class StreamFactor(SQLModel, table=True):
    """One measured factor of a calculated stream (volume, concentration, area, thickness ...)."""

    __tablename__ = "stream_factor"
    id: int | None = pk()
    stream_id: int = ref("stream")
    role: FactorRole = Field(title=N_("因子"))
    value: float = Field(title=N_("数值"))
    unit: str = text(N_("单位"), "")


class Cause(SQLModel, table=True):
    """废弃物产生原因, by the eight aspects (step 3.4)."""

    __tablename__ = "cause"
    id: int | None = pk()
    code: str = text(N_("编号"), max_length=40)
    aspect: Aspect = Field(title=N_("方面"))
    location_zh: str | None = text(N_("位置"))
    cause_zh: str = text(N_("原因"), "")
    cause_en: str | None = text(N_("原因（英文）"))
    position: int = Field(default=0)


class CauseNode(SQLModel, table=True):
    __tablename__ = "cause_node"
    id: int | None = pk()
    cause_id: int = ref("cause")
    node_id: int = ref("node")


class CauseStream(SQLModel, table=True):
    __tablename__ = "cause_stream"
    id: int | None = pk()
    cause_id: int = ref("cause")
    stream_id: int = ref("stream")
