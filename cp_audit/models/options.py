"""Phases 4–6: the option register (方案), its causes, effects, weighted screening scores, economic
inputs (可行性分析), implementation records and before/after monitoring (方案实施)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import (
    Aspect,
    CashKind,
    Direction,
    EffectBasis,
    OptionStatus,
    Screening,
    pk,
    ref,
    text,
)


class Option(SQLModel, table=True):
    """清洁生产方案. Its cost class (无/低费, 中/高费) is derived from the investment and the audit's
    thresholds, never stored (REFERENCE.md §2.2)."""

    __tablename__ = "option"
    id: int | None = pk()
    code: str = text(N_("编号"), max_length=40)
    title_zh: str = text(N_("方案名称"), "")
    title_en: str | None = text(N_("方案名称（英文）"))
    description_zh: str | None = text(N_("方案简介"))
    aspect: Aspect = Field(title=N_("方面"))
    source_zh: str | None = text(N_("来源"))
    proposed_in_phase: int | None = Field(default=None, ge=1, le=7, title=N_("提出阶段"))
    currency: str = text(N_("币种"), "CNY")
    investment: float | None = Field(default=None, ge=0, title=N_("投资"))
    expected_savings: float | None = Field(default=None, title=N_("预期年经济效益"))
    screening: Screening | None = Field(default=None, title=N_("初步筛选"))
    screening_reason_zh: str | None = text(N_("筛选理由"))
    status: OptionStatus = Field(default=OptionStatus.proposed, title=N_("状态"))
    start_on: date | None = Field(default=None, title=N_("开始日期"))
    end_on: date | None = Field(default=None, title=N_("完成日期"))
    actual_investment: float | None = Field(default=None, ge=0, title=N_("实际投资"))
    actual_savings: float | None = Field(default=None, title=N_("实际年经济效益"))
    implementation_note_zh: str | None = text(N_("实施说明"))
    market_zh: str | None = text(N_("市场调查"))
    technical_zh: str | None = text(N_("技术评估"))
    environmental_zh: str | None = text(N_("环境评估"))
    depreciation_years: float | None = Field(default=None, gt=0, title=N_("折旧年限 Y"))
    life_years: int | None = Field(default=None, gt=0, le=100, title=N_("经济寿命 n"))
    tax_rate: float | None = Field(default=None, ge=0, lt=1, title=N_("所得税税率"))
    discount_rate: float | None = Field(default=None, ge=0, lt=1, title=N_("贴现率"))
    position: int = Field(default=0)


class OptionCause(SQLModel, table=True):
    __tablename__ = "option_cause"
    id: int | None = pk()
    option_id: int = ref("option")
    cause_id: int = ref("cause")


class OptionEffect(SQLModel, table=True):
    """An annual effect of an option on a resource (electricity, water, Ni, COD ...): positive is a
    saving or reduction, negative an increase."""

    __tablename__ = "option_effect"
    id: int | None = pk()
    option_id: int = ref("option")
    basis: EffectBasis = Field(default=EffectBasis.expected, title=N_("预期/实际"))
    resource_key: str = text(N_("资源"), max_length=60)
    value: float = Field(title=N_("数值"))
    unit: str = text(N_("单位"), "")


class CashItem(SQLModel, table=True):
    """One line of an option's investment, savings or added operating cost (可行性分析 5.4)."""

    __tablename__ = "cash_item"
    id: int | None = pk()
    option_id: int = ref("option")
    basis: EffectBasis = Field(default=EffectBasis.expected, title=N_("预期/实际"))
    kind: CashKind = Field(title=N_("类别"))
    item_zh: str = text(N_("项目"), "")
    quantity: float | None = Field(default=None, title=N_("数量"))
    unit: str | None = text(N_("单位"))
    unit_price: float | None = Field(default=None, title=N_("单价"))
    amount: float | None = Field(default=None, title=N_("金额"))
    currency: str = text(N_("币种"), "CNY")
    original_amount: float | None = Field(default=None, title=N_("原币金额"))
    original_currency: str | None = text(N_("原币"))
    position: int = Field(default=0)


class CashFlowYear(SQLModel, table=True):
    """An explicit cash flow F for one year of an option's life, where it is not uniform."""

    __tablename__ = "cash_flow_year"
    id: int | None = pk()
    option_id: int = ref("option")
    year: int = Field(ge=1, le=100, title=N_("年份"))
    amount: float = Field(title=N_("现金流量"))


class OptionScore(SQLModel, table=True):
    """R of a medium/high-cost option on a screening criterion."""

    __tablename__ = "option_score"
    id: int | None = pk()
    option_id: int = ref("option")
    criterion_id: int = ref("criterion")
    score: float = Field(ge=0, le=10, title=N_("得分 R"))


class MonitoringRecord(SQLModel, table=True):
    """实施前后监测: before and after values of an indicator, given directly or as numerator/denominator."""

    __tablename__ = "monitoring_record"
    id: int | None = pk()
    option_id: int | None = ref("option", nullable=True, title=N_("方案"))
    indicator_zh: str = text(N_("监测指标"), "")
    unit: str = text(N_("单位"), "")
    direction: Direction = Field(default=Direction.le, title=N_("方向"))
    before_value: float | None = Field(default=None, title=N_("实施前"))
    before_num: float | None = Field(default=None, title=N_("实施前分子"))
    before_den: float | None = Field(default=None, title=N_("实施前分母"))
    after_value: float | None = Field(default=None, title=N_("实施后"))
    after_num: float | None = Field(default=None, title=N_("实施后分子"))
    after_den: float | None = Field(default=None, title=N_("实施后分母"))
    num_unit: str | None = text(N_("分子单位"))
    den_unit: str | None = text(N_("分母单位"))
    before_period: str | None = text(N_("实施前监测期"))
    after_period: str | None = text(N_("实施后监测期"))
    computed_note: str | None = text(N_("计算方法"))
    position: int = Field(default=0)


class ResultNote(SQLModel, table=True):
    """说明: an explanation of a result (a missed target, a lower saving)."""

    __tablename__ = "result_note"
    id: int | None = pk()
    about: str = text(N_("对象"), "")
    note_zh: str = text(N_("说明"), "")
    note_en: str | None = text(N_("说明（英文）"))
    position: int = Field(default=0)
