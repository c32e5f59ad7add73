"""Hong Kong Cleaner Production Partnership Programme (清洁生产伙伴计划, REFERENCE.md §8): funding of
each project under a dated rule set, project durations, benefits in the units CPPP reports use, and
the payback of a demonstration project before and after funding."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cp_audit.calc.deadlines import add_months, days_between
from cp_audit.errors import CalculationError
from cp_audit.i18n import N_, _
from cp_audit.models.base import CpppProjectKind

# Project kinds, as cp_audit.models.base.CpppProjectKind spells them.
ONSITE_ASSESSMENT = "onsite_assessment"
DEMONSTRATION_INSTALLATION = "demonstration_installation"
DEMONSTRATION_RND = "demonstration_rnd"
VERIFICATION = "verification"

_TJ_PER_MJ = 1e-6  # SI prefixes


@dataclass(frozen=True)
class ProjectRule:
    """Funded share and cap (HK$) of one project kind; None where no source gave the figure."""

    share: float | None
    cap_hkd: float | None
    confidence: str = ""
    note: str = ""


@dataclass(frozen=True)
class CpppRuleSet:
    """The funding rules of one programme phase (REFERENCE.md §8.2), from cppp_rules.json or the audit."""

    key: str
    name: str
    projects: Mapping[str, ProjectRule]
    max_months: Mapping[str, float] = field(default_factory=dict)
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = ""
    confidence: str = ""
    note: str = ""


@dataclass(frozen=True)
class CpppProject:
    key: str
    kind: str
    eligible_cost_hkd: float
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class ProjectFunding:
    key: str
    kind: str
    eligible_cost_hkd: float
    share: float
    cap_hkd: float | None
    funding_hkd: float
    capped: bool
    firm_pays_hkd: float


@dataclass(frozen=True)
class FundingSummary:
    rule_set_key: str
    projects: tuple[ProjectFunding, ...]
    total_cost_hkd: float
    total_funding_hkd: float
    firm_pays_hkd: float
    funded_pct: float | None


@dataclass(frozen=True)
class ProjectDuration:
    key: str
    days: int
    max_months: float | None
    latest_end: date | None
    within: bool | None  # None when the rule set sets no limit for the kind


def rule_set_on(rule_sets: Sequence[CpppRuleSet], day: date) -> CpppRuleSet:
    """The rule set in force on a day (e.g. the application date)."""
    for rules in rule_sets:
        if (rules.valid_from is None or rules.valid_from <= day) and (
            rules.valid_to is None or day <= rules.valid_to
        ):
            return rules
    raise CalculationError(
        _("清洁生产伙伴计划：没有 {0} 适用的资助规则；请手动选择规则集").format(day.isoformat())
    )


def project_funding(project: CpppProject, rules: CpppRuleSet) -> ProjectFunding:
    """Funding = min(share × eligible cost, cap) (REFERENCE.md §8.2)."""
    rule = _rule(project, rules)
    if not math.isfinite(project.eligible_cost_hkd) or project.eligible_cost_hkd < 0:
        raise CalculationError(_("清洁生产伙伴计划项目 {0}：合资格费用应为零或正数").format(project.key))
    uncapped = rule.share * project.eligible_cost_hkd
    capped = rule.cap_hkd is not None and uncapped > rule.cap_hkd
    funding = rule.cap_hkd if capped else uncapped
    return ProjectFunding(
        project.key,
        project.kind,
        project.eligible_cost_hkd,
        rule.share,
        rule.cap_hkd,
        funding,
        capped,
        project.eligible_cost_hkd - funding,
    )


def programme_funding(projects: Sequence[CpppProject], rules: CpppRuleSet) -> FundingSummary:
    """Funding of every project under one rule set, the total, what the firm pays and the funded share."""
    funded = tuple(project_funding(p, rules) for p in projects)
    cost = math.fsum(f.eligible_cost_hkd for f in funded)
    funding = math.fsum(f.funding_hkd for f in funded)
    pct = funding / cost * 100 if cost > 0 else None
    return FundingSummary(rules.key, funded, cost, funding, cost - funding, pct)


def project_duration(project: CpppProject, rules: CpppRuleSet) -> ProjectDuration:
    """Elapsed days from start to end, and whether the project ends within the kind's maximum months
    (on-site assessment ≤ 3, demonstration ≤ 12 in the current phase, §8.2)."""
    if project.start is None or project.end is None:
        raise CalculationError(_("清洁生产伙伴计划项目 {0}：请填写开始和结束日期").format(project.key))
    days = days_between(project.start, project.end, _("清洁生产伙伴计划项目 {0}").format(project.key))
    months = rules.max_months.get(project.kind)
    if months is None:
        return ProjectDuration(project.key, days, None, None, None)
    if months != int(months):
        raise CalculationError(_("清洁生产伙伴计划规则集 {0}：最长期限应为整月数").format(rules.name))
    latest = add_months(project.start, int(months))
    return ProjectDuration(project.key, days, months, latest, project.end <= latest)


def _rule(project: CpppProject, rules: CpppRuleSet) -> ProjectRule:
    rule = rules.projects.get(project.kind)
    if rule is None:
        raise CalculationError(
            _(
                "清洁生产伙伴计划规则集 {0}：没有“{1}”的资助规则（项目 {2}）；请选择其他规则集或录入该规则"
            ).format(rules.name, _kind_label(project.kind), project.key)
        )
    if rule.share is None:
        raise CalculationError(
            _("清洁生产伙伴计划规则集 {0}：没有记录“{1}”的资助比例；请先录入再计算资助额").format(
                rules.name, _kind_label(project.kind)
            )
        )
    return rule


def _kind_label(kind: str) -> str:
    return _(CpppProjectKind(kind).label) if kind in CpppProjectKind.__members__ else kind


@dataclass(frozen=True)
class BenefitConversions:
    """Factors that turn an option's effects into CPPP reporting units; energy contents come from the
    coefficient data, the exchange rate from the audit."""

    mj_per_kwh: float
    mj_per_m3_natural_gas: float
    effluent_t_per_m3: float
    hkd_per_cny: float


@dataclass(frozen=True)
class OptionBenefit:
    """Annual effects of one implemented option (positive = saving); co2_t_a comes from the energy
    calculation with the audit's emission factors."""

    record: str
    electricity_kwh_a: float = 0.0
    natural_gas_m3_a: float = 0.0
    wastewater_m3_a: float = 0.0
    co2_t_a: float = 0.0
    savings_cny_a: float = 0.0


@dataclass(frozen=True)
class CpppBenefits:
    records: tuple[str, ...]
    electricity_kwh_a: float
    natural_gas_m3_a: float
    co2_t_a: float
    effluent_t_a: float
    energy_tj_electricity_a: float
    energy_tj_natural_gas_a: float
    energy_tj_a: float
    savings_cny_a: float
    savings_hkd_a: float


def cppp_benefits(options: Sequence[OptionBenefit], conversions: BenefitConversions) -> CpppBenefits:
    """Benefits in CPPP units (REFERENCE.md §8.3): tCO2/a, effluent t/a, energy TJ/a, HK$/a."""
    _check_conversions(conversions)
    electricity = math.fsum(o.electricity_kwh_a for o in options)
    gas = math.fsum(o.natural_gas_m3_a for o in options)
    savings = math.fsum(o.savings_cny_a for o in options)
    tj_electricity = electricity * conversions.mj_per_kwh * _TJ_PER_MJ
    tj_gas = gas * conversions.mj_per_m3_natural_gas * _TJ_PER_MJ
    return CpppBenefits(
        records=tuple(o.record for o in options),
        electricity_kwh_a=electricity,
        natural_gas_m3_a=gas,
        co2_t_a=math.fsum(o.co2_t_a for o in options),
        effluent_t_a=math.fsum(o.wastewater_m3_a for o in options) * conversions.effluent_t_per_m3,
        energy_tj_electricity_a=tj_electricity,
        energy_tj_natural_gas_a=tj_gas,
        energy_tj_a=tj_electricity + tj_gas,
        savings_cny_a=savings,
        savings_hkd_a=savings * conversions.hkd_per_cny,
    )


_CONVERSION_NAMES = {
    "mj_per_kwh": N_("每千瓦时的兆焦数"),
    "mj_per_m3_natural_gas": N_("每立方米天然气的兆焦数"),
    "effluent_t_per_m3": N_("每立方米污水的吨数"),
    "hkd_per_cny": N_("港元兑人民币汇率"),
}


def _check_conversions(conversions: BenefitConversions) -> None:
    for name, value in vars(conversions).items():
        if not math.isfinite(value) or value <= 0:
            raise CalculationError(
                _("清洁生产伙伴计划效益：{0}应为正数（现为 {1}）").format(_(_CONVERSION_NAMES[name]), value)
            )


def payback_on_eligible_cost(
    eligible_cost_hkd: float,
    annual_savings_cny: float,
    hkd_per_cny: float,
    funding_hkd: float = 0.0,
    record: str = "",
) -> float | None:
    """Years for the annual savings to repay the eligible cost (in CNY at the audit's rate), less any
    funding; None when the savings are not positive."""
    record = record or _("清洁生产伙伴计划项目")
    if hkd_per_cny <= 0:
        raise CalculationError(_("{0}：汇率应为正数").format(record))
    if funding_hkd > eligible_cost_hkd:
        raise CalculationError(_("{0}：资助额超过合资格费用").format(record))
    if annual_savings_cny <= 0:
        return None
    return (eligible_cost_hkd - funding_hkd) / hkd_per_cny / annual_savings_cny
