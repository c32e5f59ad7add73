"""Phase 2 choices: weighted-sum scoring (权重总和计分排序法), parameters and indicators defined by
formula, cleaner production targets, and the industry evaluation index system (REFERENCE.md §3, §7)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import CriterionScope, Direction, IndicatorScope, pk, ref, text


class Criterion(SQLModel, table=True):
    """评分因素 and its weight W, for the audit focus or for option screening."""

    __tablename__ = "criterion"
    id: int | None = pk()
    scope: CriterionScope = Field(title=N_("用途"))
    key: str = text(N_("代号"), max_length=40)
    name_zh: str = text(N_("因素"), "")
    name_en: str | None = text(N_("因素（英文）"))
    weight: float = Field(default=1, ge=0, le=100, title=N_("权重 W"))
    position: int = Field(default=0)


class FocusCandidate(SQLModel, table=True):
    """备选审核重点 with its basic data (worksheet 备选审核重点情况汇总)."""

    __tablename__ = "focus_candidate"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    name_zh: str = text(N_("备选审核重点"), "")
    name_en: str | None = text(N_("名称（英文）"))
    water_m3: float | None = Field(default=None, ge=0, title=N_("用水 m³"))
    electricity_kwh: float | None = Field(default=None, ge=0, title=N_("用电 kWh"))
    wastewater_m3: float | None = Field(default=None, ge=0, title=N_("废水 m³"))
    hazardous_waste_t: float | None = Field(default=None, ge=0, title=N_("危废 t"))
    main_pollutants_zh: str | None = text(N_("主要污染物"))
    env_cost: float | None = Field(default=None, ge=0, title=N_("环保费用"))
    position: int = Field(default=0)


class FocusScore(SQLModel, table=True):
    """R: a candidate's score on one criterion (1–10)."""

    __tablename__ = "focus_score"
    id: int | None = pk()
    candidate_id: int = ref("focus_candidate")
    criterion_id: int = ref("criterion")
    score: float = Field(ge=0, le=10, title=N_("得分 R"))


class Parameter(SQLModel, table=True):
    """参数: a named constant that formulas use (Ni density, plated area of the balance test ...)."""

    __tablename__ = "parameter"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=60)
    name_zh: str = text(N_("名称"), "")
    value: float = Field(title=N_("数值"))
    unit: str = text(N_("单位"), "")
    scope: IndicatorScope = Field(default=IndicatorScope.period, title=N_("适用"))
    source: str | None = text(N_("来源"))
    note: str | None = text(N_("说明"))
    position: int = Field(default=0)


class Indicator(SQLModel, table=True):
    """指标: computed by a formula over the audit's data, per period or for the balance test. A formula may
    use indicators listed before it; `benchmark_key` names the evaluation-index indicator whose Ⅰ/Ⅱ/Ⅲ
    benchmarks give this indicator its level."""

    __tablename__ = "indicator"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=60)
    name_zh: str = text(N_("指标"), "")
    name_en: str | None = text(N_("指标（英文）"))
    unit: str = text(N_("单位"), "")
    formula: str = text(N_("公式"), "")
    scope: IndicatorScope = Field(default=IndicatorScope.period, title=N_("适用"))
    direction: Direction = Field(default=Direction.le, title=N_("方向"))
    benchmark_key: str | None = text(N_("对照评价指标"))
    note: str | None = text(N_("说明"))
    position: int = Field(default=0)


class Target(SQLModel, table=True):
    """清洁生产目标: baseline, near-term and long-term values (step 2.5)."""

    __tablename__ = "target"
    id: int | None = pk()
    code: str = text(N_("编号"), "", max_length=40)
    name_zh: str = text(N_("指标"), "")
    indicator_id: int | None = ref("indicator", nullable=True, title=N_("计算指标"))
    unit: str = text(N_("单位"), "")
    direction: Direction = Field(default=Direction.le, title=N_("方向"))
    baseline_period_key: str | None = text(N_("基准年"))
    baseline_entered: float | None = Field(default=None, title=N_("基准值（填报）"))
    near_value: float | None = Field(default=None, title=N_("近期目标"))
    near_by: date | None = Field(default=None, title=N_("近期目标期限"))
    long_value: float | None = Field(default=None, title=N_("中长期目标"))
    long_by: date | None = Field(default=None, title=N_("中长期目标期限"))
    position: int = Field(default=0)


class EvaluationSystem(SQLModel, table=True):
    """清洁生产评价指标体系 chosen for the audit (a copy travels in the file)."""

    __tablename__ = "evaluation_system"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=60)
    name_zh: str = text(N_("评价指标体系"), "")
    source: str | None = text(N_("来源"))
    name_en: str | None = text(N_("评价指标体系（英文）"))
    edition: str | None = text(N_("版本"))
    confidence: str | None = text(N_("可信度"))
    partial: bool = Field(default=False, title=N_("不完整（仅部分指标）"))
    rules_json: str | None = text(N_("等级判定规则（JSON）"))
    note: str | None = text(N_("说明"))


class EvaluationIndicator(SQLModel, table=True):
    """二级指标 with its first-level group, weights, comparator and level Ⅰ/Ⅱ/Ⅲ benchmarks (§7.2)."""

    __tablename__ = "evaluation_indicator"
    id: int | None = pk()
    system_id: int = ref("evaluation_system")
    key: str = text(N_("代号"), max_length=60)
    group_key: str | None = text(N_("一级指标代号"))
    group_zh: str | None = text(N_("一级指标"))
    group_weight: float | None = Field(default=None, ge=0, le=1, title=N_("一级指标权重"))
    pool: str | None = text(N_("权重共享组"))
    pool_weight: float | None = Field(default=None, ge=0, le=1, title=N_("共享组权重"))
    name_zh: str = text(N_("二级指标"), "")
    unit: str = text(N_("单位"), "")
    weight: float | None = Field(default=None, ge=0, le=1, title=N_("二级指标权重"))
    direction: Direction = Field(default=Direction.le, title=N_("方向"))
    limiting: bool = Field(default=False, title=N_("限定性指标"))
    descriptive: bool = Field(default=False, title=N_("定性指标"))
    level_1: float | None = Field(default=None, title=N_("Ⅰ级基准值"))
    level_2: float | None = Field(default=None, title=N_("Ⅱ级基准值"))
    level_3: float | None = Field(default=None, title=N_("Ⅲ级基准值"))
    indicator_key: str | None = text(N_("对应计算指标"))
    applicable: bool = Field(default=True, title=N_("适用"))
    assessed_level: int | None = Field(default=None, ge=1, le=4, title=N_("定性评定等级"))
    confidence: str | None = text(N_("可信度"))
    position: int = Field(default=0)
