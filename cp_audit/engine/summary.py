"""Audit-wide figures: the enterprise code check, mandatory-audit deadlines, the preparation summary,
the choice of the audit focus, the HK CPPP funding and benefits, and the performance table (绩效表)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from cp_audit.calc import cppp, deadlines, identifiers, scoring
from cp_audit.engine.context import Context, Problems
from cp_audit.errors import CalculationError
from cp_audit.i18n import _
from cp_audit.engine.indicators import TargetResult
from cp_audit.engine.options import OptionsFigures
from cp_audit.models import (
    Barrier,
    CoefficientSet,
    CpppProfile,
    CpRule,
    NextRoundItem,
    CpppProject,
    CpppProjectOption,
    CpppRuleSet,
    Criterion,
    FocusCandidate,
    FocusScore,
    Option,
    TeamMember,
    TrainingRecord,
    WorkPlanRow,
)
from cp_audit.models.base import AuditType, CriterionScope, TeamGroup


@dataclass
class CodeChecks:
    """统一社会信用代码 (GB 32100) and the organisation code embedded in it (GB 11714)."""

    uscc: identifiers.CodeCheck
    charset_ok: bool
    admin_division_code: str | None
    organisation_code: identifiers.CodeCheck | None


@dataclass
class PreparationFigures:
    leading_group: int
    working_group: int
    barriers: int
    planned_person_days: float
    plan: deadlines.WorkPlanSummary | None
    training_sessions: int
    training_participants: int
    training_person_hours: float


@dataclass
class FocusChoice:
    weights: dict[str, float]
    weighted_sum: scoring.WeightedSum | None
    chosen_key: str | None
    chosen_by_team: str | None  # the focus the team recorded (AuditInfo.chosen_focus_id)
    agrees: bool | None


@dataclass
class ContinuousFigures:
    """持续清洁生产: what the standing organisation has in hand."""

    rules: int
    next_round_items: int
    next_mandatory_round_due: str | None


@dataclass
class CpppFigures:
    eligible: bool
    hkd_per_cny: float | None
    hkd_per_cny_note: str | None
    eligible_cost_cny: dict[str, float] = field(default_factory=dict)
    funding: dict[str, cppp.FundingSummary] = field(default_factory=dict)
    durations: dict[str, dict[str, cppp.ProjectDuration]] = field(default_factory=dict)
    benefits: dict[str, cppp.CpppBenefits] = field(default_factory=dict)
    paybacks: dict[str, dict[str, float | None]] = field(default_factory=dict)


@dataclass
class PerformanceTable:
    """重点企业清洁生产审核绩效表: the figures the Guangdong platform asks for (REFERENCE.md §1.6, §1.8)."""

    audit_period: tuple[str | None, str | None]
    audit_focus_zh: str | None
    options_total: int
    options_no_low_cost: int
    options_medium_high_cost: int
    implemented_total: int
    implemented_no_low_cost: int
    implemented_medium_high_cost: int
    planned: int
    rejected: int
    implementation_rate_pct: float | None
    investment_no_low_cost: float
    investment_medium_high_cost: float
    investment_total: float
    economic_benefit_a: float
    savings_by_resource: dict[str, float]
    units_by_resource: dict[str, str]
    energy_saved_tce_a: float
    co2_reduced_t_a: float
    indicators: list[TargetResult]


def code_checks(ctx: Context) -> CodeChecks | None:
    code = ctx.enterprise.uscc
    if not code:
        return None
    check = identifiers.check_uscc(code)
    charset_ok = all(ch in identifiers.USCC_CHARSET for ch in code)
    if len(code) != identifiers.USCC_LENGTH:
        return CodeChecks(check, charset_ok, None, None)
    embedded = identifiers.embedded_organisation_code(code)
    return CodeChecks(check, charset_ok, code[2:8], identifiers.check_organisation_code(embedded))


def mandatory(ctx: Context) -> tuple[deadlines.MandatoryDeadlines | None, tuple[deadlines.DeadlineCheck, ...]]:
    info = ctx.info
    if info.audit_type != AuditType.mandatory or info.list_published_on is None:
        return None, ()
    due = deadlines.mandatory_deadlines(info.list_published_on, info.mandatory_category)
    checks = deadlines.check_mandatory_deadlines(due, disclosed_on=info.disclosed_on,
                                                 started_on=info.audit_started_on,
                                                 completed_on=info.report_submitted_on)
    return due, checks


def preparation(ctx: Context, due: deadlines.MandatoryDeadlines | None, problems: Problems) -> PreparationFigures:
    team = ctx.data.rows(TeamMember)
    rows = [r for r in ctx.data.rows(WorkPlanRow) if r.start and r.end]
    stages = [deadlines.Stage(f"{r.stage_no} {r.stage_zh}", r.start, r.end) for r in rows]
    plan = problems.attempt(lambda: deadlines.work_plan_summary(stages, due.completion_due if due else None)) \
        if stages else None
    training = ctx.data.rows(TrainingRecord)
    return PreparationFigures(
        sum(m.group == TeamGroup.leading for m in team), sum(m.group == TeamGroup.working for m in team),
        len(ctx.data.rows(Barrier)), math.fsum(m.planned_person_days or 0.0 for m in team), plan, len(training),
        sum(t.participants or 0 for t in training),
        math.fsum((t.participants or 0) * (t.hours or 0.0) for t in training))


def focus_choice(ctx: Context, problems: Problems) -> FocusChoice:
    criteria = [c for c in ctx.data.rows(Criterion) if c.scope == CriterionScope.focus]
    candidates = {c.id: c for c in ctx.data.rows(FocusCandidate)}
    keys = {c.id: c.key for c in criteria}
    scores: dict[str, dict[str, float]] = {c.key: {} for c in candidates.values()}
    for score in ctx.data.rows(FocusScore):
        if score.criterion_id in keys and score.candidate_id in candidates:
            scores[candidates[score.candidate_id].key][keys[score.criterion_id]] = score.score
    chosen = candidates.get(ctx.info.chosen_focus_id)
    result = None
    if criteria and candidates:
        result = problems.attempt(lambda: scoring.weighted_sum(
            [scoring.Criterion(c.key, c.weight, c.name_zh) for c in criteria], scores,
            names={c.key: c.name_zh for c in candidates.values()}))
    leader = result.chosen if result else None
    return FocusChoice({c.key: c.weight for c in criteria}, result, leader, chosen.key if chosen else None,
                       None if leader is None or chosen is None else leader == chosen.key)


def cppp_figures(ctx: Context, options: OptionsFigures, problems: Problems) -> CpppFigures | None:
    projects = ctx.data.rows(CpppProject)
    if not projects:
        return None
    profile = ctx.data.one(CpppProfile)
    rate = ctx.info.hkd_per_cny
    # REFERENCE.md §8.2: a Hong Kong-registered business connected to the factory (joint venture, wholly
    # owned, processing trade or > 50 % Hong Kong-owned)
    eligible = bool(ctx.enterprise.hk_owned or (ctx.enterprise.hk_ownership_pct or 0) > 50
                    or profile.hk_registered_business)
    figures = CpppFigures(eligible, rate, ctx.info.exchange_rate_note,
                          {p.key: p.cost_hkd / rate for p in projects} if rate else {})
    calc_projects = [cppp.CpppProject(p.key, p.kind.value, p.cost_hkd, p.start, p.end) for p in projects]
    for rules in ctx.data.rows(CpppRuleSet):
        calc_rules = _rule_set(rules)
        with problems.section(f"CPPP {rules.key}"):
            figures.funding[rules.key] = cppp.programme_funding(calc_projects, calc_rules)
            figures.durations[rules.key] = {p.key: cppp.project_duration(p, calc_rules) for p in calc_projects}
    with problems.section("CPPP benefits"):
        _cppp_benefits(ctx, options, projects, figures)
    return figures


def _rule_set(rules: CpppRuleSet) -> cppp.CpppRuleSet:
    kinds = {"onsite_assessment": rules.cap_onsite_assessment, "verification": rules.cap_verification,
             "demonstration_installation": rules.cap_demonstration_installation,
             "demonstration_rnd": rules.cap_demonstration_rnd}
    months = {"onsite_assessment": rules.max_months_onsite,
              "demonstration_installation": rules.max_months_demonstration,
              "demonstration_rnd": rules.max_months_demonstration}
    return cppp.CpppRuleSet(rules.key, rules.name, {k: cppp.ProjectRule(rules.share, cap) for k, cap in kinds.items()},
                            {k: v for k, v in months.items() if v is not None}, rules.valid_from, rules.valid_to,
                            rules.source or "")


def _cppp_benefits(ctx: Context, options: OptionsFigures, projects: list[CpppProject], figures: CpppFigures) -> None:
    if ctx.info.hkd_per_cny is None:
        return
    content = ctx.energy_content or {}
    gas = _mj(content, "natural_gas", None)
    uses_gas = any(f.actual is not None and f.actual.values.get("natural_gas") for f in options.options.values())
    if gas is None and uses_gas:
        raise CalculationError(_("清洁生产伙伴计划效益：本审核的热值系数集中没有天然气（natural_gas）的热值，"
                                 "无法以 TJ 报告节约的天然气；请在“系数集”中添加"))
    # without gas savings the gas factor multiplies zero, so any positive placeholder gives the same figures
    conversions = cppp.BenefitConversions(_mj(content, "electricity", 3.6), gas or 1.0, 1.0, ctx.info.hkd_per_cny)
    codes = {o.id: o.code for o in ctx.data.rows(Option)}
    links = ctx.data.rows(CpppProjectOption)
    all_benefits: list[cppp.OptionBenefit] = []
    for project in projects:
        benefits = [_benefit(options.options[codes[link.option_id]]) for link in links
                    if link.project_id == project.id and codes[link.option_id] in options.options
                    and options.options[codes[link.option_id]].actual is not None]
        all_benefits += benefits
        figures.benefits[project.key] = cppp.cppp_benefits(benefits, conversions)
        savings = figures.benefits[project.key].savings_cny_a
        figures.paybacks[project.key] = {
            "before_funding": cppp.payback_on_eligible_cost(project.cost_hkd, savings, ctx.info.hkd_per_cny),
            **{key: cppp.payback_on_eligible_cost(project.cost_hkd, savings, ctx.info.hkd_per_cny,
                                                  next(f.funding_hkd for f in summary.projects if f.key == project.key))
               for key, summary in figures.funding.items()}}
    figures.benefits["combined"] = cppp.cppp_benefits(all_benefits, conversions)


def _mj(content: dict[str, tuple[float, str]], carrier: str, default: float | None) -> float | None:
    from cp_audit.units import convert

    if carrier not in content:
        return default
    value, unit = content[carrier]
    per = unit.partition("/")[2]
    return convert(value, unit, f"MJ/{per}", _("{0} 的热值").format(carrier))


def _benefit(option) -> cppp.OptionBenefit:
    values = option.actual.values
    return cppp.OptionBenefit(option.code, values.get("electricity", 0.0), values.get("natural_gas", 0.0),
                              values.get("wastewater", 0.0), option.actual.tco2, option.actual_savings or 0.0)


def performance_table(ctx: Context, options: OptionsFigures, target_results: list[TargetResult]) -> PerformanceTable:
    implemented = options.implemented
    by_class = options.implemented_by_class
    no_low, medium_high = scoring.CostClass.no_low.value, scoring.CostClass.medium_high.value
    counts = {k: v.count for k, v in options.by_class.items()}
    status = {k: v.count for k, v in options.by_status.items()}
    focus = next((c for c in ctx.data.rows(FocusCandidate) if c.id == ctx.info.chosen_focus_id), None)
    effects = implemented.actual_effects if implemented and implemented.actual_effects else None
    return PerformanceTable(
        audit_period=(_iso(ctx.info.audit_started_on), _iso(ctx.info.report_submitted_on)),
        audit_focus_zh=focus.name_zh if focus else None,
        options_total=sum(counts.values()), options_no_low_cost=counts.get(no_low, 0),
        options_medium_high_cost=counts.get(medium_high, 0), implemented_total=implemented.count if implemented else 0,
        implemented_no_low_cost=by_class[no_low].count if no_low in by_class else 0,
        implemented_medium_high_cost=by_class[medium_high].count if medium_high in by_class else 0,
        planned=status.get("planned", 0) + status.get("in_progress", 0), rejected=status.get("rejected", 0),
        implementation_rate_pct=options.implementation_rate_pct,
        investment_no_low_cost=by_class[no_low].actual_investment if no_low in by_class else 0.0,
        investment_medium_high_cost=by_class[medium_high].actual_investment if medium_high in by_class else 0.0,
        investment_total=implemented.actual_investment if implemented else 0.0,
        economic_benefit_a=implemented.actual_savings if implemented else 0.0,
        savings_by_resource=dict(effects.values) if effects else {},
        units_by_resource=dict(effects.units) if effects else {},
        energy_saved_tce_a=effects.tce if effects else 0.0, co2_reduced_t_a=effects.tco2 if effects else 0.0,
        indicators=target_results)


def continuous(ctx: Context, due: deadlines.MandatoryDeadlines | None) -> ContinuousFigures:
    return ContinuousFigures(len(ctx.data.rows(CpRule)), len(ctx.data.rows(NextRoundItem)),
                             _iso(due.next_round_due) if due else None)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def coefficient_sets(ctx: Context) -> dict[str, str | None]:
    sets = {s.id: s for s in ctx.data.rows(CoefficientSet)}
    chosen = {"tce": ctx.info.tce_set_id, "tce_equal_value": ctx.info.tce_equal_value_set_id,
              "co2": ctx.info.co2_set_id, "energy_content": ctx.info.energy_content_set_id}
    return {kind: sets[set_id].name_zh if set_id in sets else None for kind, set_id in chosen.items()}
