"""Coefficient sets (standard coal, CO2, calorific value) as dated data with their source, and the
prices that value options (REFERENCE.md §6: store coefficients as data, never as literals)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import CoefficientKind, pk, ref, text


class CoefficientSet(SQLModel, table=True):
    __tablename__ = "coefficient_set"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=60)
    kind: CoefficientKind = Field(title=N_("类型"))
    name_zh: str = text(N_("名称"), "")
    geography: str | None = text(N_("地区"))
    data_year: int | None = Field(default=None, ge=1900, le=2100, title=N_("数据年份"))
    published_on: date | None = Field(default=None, title=N_("发布日期"))
    publisher: str | None = text(N_("发布机构"))
    document: str | None = text(N_("文件"))
    source: str | None = text(N_("来源"))
    note: str | None = text(N_("说明"))


class Coefficient(SQLModel, table=True):
    """One coefficient of a set, for one energy carrier (carrier_key matches InventoryItem.carrier_key)."""

    __tablename__ = "coefficient"
    id: int | None = pk()
    set_id: int = ref("coefficient_set")
    carrier_key: str = text(N_("能源品种"), max_length=60)
    name_zh: str | None = text(N_("名称"))
    value: float = Field(gt=0, title=N_("系数"))
    unit: str = text(N_("单位"), "")
    standard: str | None = text(N_("标准"))
    source: str | None = text(N_("来源"))
    confidence: str | None = text(N_("可信度"))
    data_year: int | None = Field(default=None, ge=1900, le=2100, title=N_("数据年份"))
    position: int = Field(default=0)


class Price(SQLModel, table=True):
    """A price used to value option effects (e.g. wastewater treatment CNY/m³)."""

    __tablename__ = "price"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=60)
    name_zh: str | None = text(N_("名称"))
    value: float = Field(ge=0, title=N_("单价"))
    unit: str = text(N_("单位"), "")
    year: int | None = Field(default=None, ge=1900, le=2100, title=N_("年份"))
    note: str | None = text(N_("说明"))
    position: int = Field(default=0)
