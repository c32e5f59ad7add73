"""Hong Kong Cleaner Production Partnership Programme (清洁生产伙伴计划): eligibility, dated funding
rules by programme phase (REFERENCE.md §8.2) and the funded projects."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from cp_audit.i18n import N_
from cp_audit.models.base import CpppProjectKind, pk, ref, text


class CpppProfile(SQLModel, table=True):
    """Eligibility and the ET service provider (one row)."""

    __tablename__ = "cppp_profile"
    id: int | None = pk()
    programme_zh: str = text(N_("计划名称"), "清洁生产伙伴计划")
    programme_en: str | None = text(N_("计划名称（英文）"))
    hk_registered_business: str | None = text(N_("香港注册企业"))
    factory_relation: str | None = text(N_("与工厂的关系"))
    sector_in_original_eight: bool | None = Field(default=None, title=N_("属原八个目标行业"))
    sector: str | None = text(N_("行业"))
    source: str | None = text(N_("来源"))
    et_service_provider: str | None = text(N_("环保技术服务供应商"))


class CpppRuleSet(SQLModel, table=True):
    """Funding share and caps of one programme phase, in HK$."""

    __tablename__ = "cppp_rule_set"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    name: str = text(N_("阶段"), "")
    share: float = Field(default=0.5, ge=0, le=1, title=N_("资助比例"))
    cap_onsite_assessment: float | None = Field(default=None, ge=0, title=N_("现场评估上限 HK$"))
    cap_demonstration_installation: float | None = Field(default=None, ge=0, title=N_("示范项目（安装）上限 HK$"))
    cap_demonstration_rnd: float | None = Field(default=None, ge=0, title=N_("示范项目（研发）上限 HK$"))
    cap_verification: float | None = Field(default=None, ge=0, title=N_("核实上限 HK$"))
    max_months_onsite: float | None = Field(default=None, gt=0, title=N_("现场评估最长月数"))
    max_months_demonstration: float | None = Field(default=None, gt=0, title=N_("示范项目最长月数"))
    valid_from: date | None = Field(default=None, title=N_("起始"))
    valid_to: date | None = Field(default=None, title=N_("截止"))
    source: str | None = text(N_("来源"))
    position: int = Field(default=0)


class CpppProject(SQLModel, table=True):
    __tablename__ = "cppp_project"
    id: int | None = pk()
    key: str = text(N_("代号"), max_length=40)
    kind: CpppProjectKind = Field(title=N_("项目类型"))
    type_zh: str | None = text(N_("项目"))
    type_en: str | None = text(N_("项目（英文）"))
    cost_hkd: float = Field(default=0, ge=0, title=N_("合资格费用 HK$"))
    start: date | None = Field(default=None, title=N_("开始"))
    end: date | None = Field(default=None, title=N_("结束"))
    technology_zh: str | None = text(N_("技术"))
    benefit_basis: str | None = text(N_("效益依据"))
    position: int = Field(default=0)


class CpppProjectOption(SQLModel, table=True):
    __tablename__ = "cppp_project_option"
    id: int | None = pk()
    project_id: int = ref("cppp_project")
    option_id: int = ref("option")
