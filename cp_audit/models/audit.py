"""The audit as a whole: its basis (自愿/强制), settings, sources, the enterprise and the consultancy."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import AuditType, CpppSector, EnterpriseSize, TriggerKind, pk, ref, text


class AuditInfo(SQLModel, table=True):
    """审核基本信息: one row. Settings that the method leaves to the auditor live here (REFERENCE.md §2.2, §4.2)."""

    __tablename__ = "audit_info"
    id: int | None = pk()
    title_zh: str = text(N_("审核名称"), "")
    title_en: str | None = text(N_("审核名称（英文）"))
    fictional: bool = Field(default=False, title=N_("虚构样例"))
    disclaimer_zh: str | None = text(N_("声明"))
    disclaimer_en: str | None = text(N_("声明（英文）"))
    province: str = text(N_("省份"), "广东省")
    base_currency: str = text(N_("本位币"), "CNY")
    audit_year: int | None = Field(default=None, title=N_("审核年度"))
    baseline_period_key: str | None = text(N_("基准年"))
    verification_period_key: str | None = text(N_("实施后核定期"))
    audit_type: AuditType = Field(default=AuditType.voluntary, title=N_("审核类型"))
    mandatory_category: int | None = Field(default=None, ge=1, le=3, title=N_("强制性审核类别"))
    list_name_zh: str | None = text(N_("强制性审核名单"))
    list_published_on: date | None = Field(default=None, title=N_("名单发布日期"))
    leadership_decision_on: date | None = Field(default=None, title=N_("领导决策日期"))
    audit_started_on: date | None = Field(default=None, title=N_("审核启动日期"))
    disclosed_on: date | None = Field(default=None, title=N_("信息公开日期"))
    report_submitted_on: date | None = Field(default=None, title=N_("报告提交日期"))
    balance_tolerance_pct: float = Field(default=5.0, gt=0, title=N_("平衡偏差容许值 %"))
    water_test_tolerance_pct: float = Field(default=10.0, gt=0, title=N_("水平衡测试容许偏差 %"))
    low_cost_max: float = Field(default=50000.0, ge=0, title=N_("无/低费方案投资上限"))
    medium_cost_max: float | None = Field(default=None, ge=0, title=N_("中费方案投资上限"))
    tax_rate: float = Field(default=0.25, ge=0, lt=1, title=N_("所得税税率"))
    discount_rate: float = Field(default=0.08, ge=0, lt=1, title=N_("贴现率（基准收益率）"))
    hkd_per_cny: float | None = Field(default=None, gt=0, title=N_("汇率（港元/人民币）"))
    exchange_rate_note: str | None = text(N_("汇率说明"))
    tce_set_id: int | None = ref("coefficient_set", nullable=True, title=N_("折标准煤系数（当量值）"))
    tce_equal_value_set_id: int | None = ref("coefficient_set", nullable=True, title=N_("折标准煤系数（等价值）"))
    co2_set_id: int | None = ref("coefficient_set", nullable=True, title=N_("二氧化碳排放因子"))
    energy_content_set_id: int | None = ref("coefficient_set", nullable=True, title=N_("热值"))
    evaluation_system_id: int | None = ref("evaluation_system", nullable=True, title=N_("清洁生产评价指标体系"))
    product_name_zh: str | None = text(N_("产品产量指标"))
    product_formula: str | None = text(N_("产品产量公式"))
    product_unit: str | None = text(N_("产品产量单位"))
    chosen_focus_id: int | None = ref("focus_candidate", nullable=True, title=N_("审核重点"))
    focus_score_scale: str | None = text(N_("评分标准（审核重点）"))
    option_screening_decision_zh: str | None = text(N_("方案筛选结论"))
    suggestions_collected: int | None = Field(default=None, ge=0, title=N_("征集合理化建议数"))
    equipment_obsolescence_note_zh: str | None = text(N_("淘汰设备核查"))
    cp_organisation_zh: str | None = text(N_("清洁生产组织"))
    report_authors: str | None = text(N_("报告编写人"))
    report_reviewers: str | None = text(N_("报告审核人"))
    report_approver: str | None = text(N_("报告批准人"))
    notes: str | None = text(N_("约定与说明"))


class Source(SQLModel, table=True):
    """资料来源: a citation that coefficients, limits and rules point at by tag."""

    __tablename__ = "source"
    id: int | None = pk()
    tag: str = text(N_("标记"), max_length=40)
    citation: str = text(N_("来源"), "")


class MandatoryTrigger(SQLModel, table=True):
    """强制性审核触发条件 (Order No. 38 Art. 8)."""

    __tablename__ = "mandatory_trigger"
    id: int | None = pk()
    kind: TriggerKind = Field(title=N_("类别"))
    article: str | None = text(N_("条款"))
    name_zh: str = text(N_("触发条件"), "")
    detail_zh: str | None = text(N_("具体情况"))


class Enterprise(SQLModel, table=True):
    """企业概况 (worksheet 2-1): one row."""

    __tablename__ = "enterprise"
    id: int | None = pk()
    name_zh: str = text(N_("企业名称"), "")
    name_en: str | None = text(N_("企业名称（英文）"))
    uscc: str | None = text(N_("统一社会信用代码"), max_length=18)
    uscc_note: str | None = text(N_("代码说明"))
    enterprise_type_zh: str | None = text(N_("企业类型"))
    enterprise_type_en: str | None = text(N_("企业类型（英文）"))
    size: EnterpriseSize | None = Field(default=None, title=N_("企业规模"))
    hk_owned: bool = Field(default=False, title=N_("港资企业"))
    hk_parent_zh: str | None = text(N_("香港母公司"))
    hk_parent_en: str | None = text(N_("香港母公司（英文）"))
    hk_ownership_pct: float | None = Field(default=None, ge=0, le=100, title=N_("港资持股比例 %"))
    legal_representative: str | None = text(N_("法定代表人"))
    established_on: date | None = Field(default=None, title=N_("成立日期"))
    registered_capital: float | None = Field(default=None, ge=0, title=N_("注册资本"))
    registered_capital_currency: str | None = text(N_("注册资本币种"))
    industry_code: str | None = text(N_("行业代码（GB/T 4754）"), max_length=5)
    industry_name_zh: str | None = text(N_("所属行业"))
    industry_standard: str | None = text(N_("行业分类标准"), "GB/T 4754-2017")
    cppp_sector: CpppSector | None = Field(default=None, title=N_("清洁生产伙伴计划目标行业"))
    address_zh: str | None = text(N_("地址"))
    address_en: str | None = text(N_("地址（英文）"))
    postcode: str | None = text(N_("邮政编码"))
    postcode_note: str | None = text(N_("邮编说明"))
    phone: str | None = text(N_("电话"))
    employees: int | None = Field(default=None, ge=0, title=N_("员工人数"))
    land_area_m2: float | None = Field(default=None, ge=0, title=N_("占地面积 m²"))
    building_area_m2: float | None = Field(default=None, ge=0, title=N_("建筑面积 m²"))
    shifts: str | None = text(N_("班制"))
    operating_hours_per_day: float | None = Field(default=None, gt=0, le=24, title=N_("日运行小时"))
    main_products_zh: str | None = text(N_("主要产品"))


class ProductionLine(SQLModel, table=True):
    """生产线/车间: the groups that multi-year data and candidate focuses refer to."""

    __tablename__ = "production_line"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    name_zh: str = text(N_("名称"), "")
    name_en: str | None = text(N_("名称（英文）"))
    type_zh: str | None = text(N_("类型"))
    description: str | None = text(N_("说明"))
    position: int = Field(default=0)


class Consultancy(SQLModel, table=True):
    """咨询机构: one row (empty when the firm audits itself)."""

    __tablename__ = "consultancy"
    id: int | None = pk()
    name_zh: str = text(N_("咨询机构"), "")
    name_en: str | None = text(N_("咨询机构（英文）"))
    recommendation_doc: str | None = text(N_("推荐文件"))
    approver: str | None = text(N_("批准人"))


class Auditor(SQLModel, table=True):
    """清洁生产审核师 with certificate number."""

    __tablename__ = "auditor"
    id: int | None = pk()
    name: str = text(N_("姓名"), "")
    role_zh: str | None = text(N_("职务"))
    certificate_no: str | None = text(N_("证书编号"))
    position: int = Field(default=0)


class LeadershipDecision(SQLModel, table=True):
    """取得领导支持: the management decision (step 1.1). One row."""

    __tablename__ = "leadership_decision"
    id: int | None = pk()
    doc_no: str | None = text(N_("文号"))
    title_zh: str | None = text(N_("标题"))
    issued_on: date | None = Field(default=None, title=N_("签发日期"))
    signed_by: str | None = text(N_("签发人"))
    summary_zh: str | None = text(N_("主要内容"))
