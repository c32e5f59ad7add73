"""The seven phases and 35 steps of the audit (REFERENCE.md §1.3) and, for each step, whether its data
is complete: derived from the audit's rows, never ticked by hand. Pure functions over AuditData."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cp_audit.i18n import N_
from cp_audit.models import (
    AuditInfo,
    Balance,
    Barrier,
    CashItem,
    Cause,
    CpRule,
    Criterion,
    EmissionPoint,
    Enterprise,
    FocusCandidate,
    FocusScore,
    InventoryItem,
    InventoryValue,
    LeadershipDecision,
    MonitoringRecord,
    NextRoundItem,
    Node,
    Option,
    OptionEffect,
    OptionScore,
    Period,
    SiteFinding,
    Stream,
    Target,
    TeamMember,
    TrainingRecord,
    WorkPlanRow,
)
from cp_audit.models.base import (
    CriterionScope,
    EffectBasis,
    ItemCategory,
    NodeKind,
    OptionStatus,
    Phase,
    Screening,
    TeamGroup,
)
from cp_audit.services import AuditData

Check = Callable[[AuditData], list[str]]


@dataclass(frozen=True)
class Step:
    """A step of the method: its number (1.2), name, phase, and the check that lists what is missing."""

    number: str
    name: str
    phase: Phase
    check: Check


@dataclass(frozen=True)
class StepState:
    step: Step
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def _need(condition: bool, message: str) -> list[str]:
    return [] if condition else [message]


def _options(data: AuditData, phase: int | None = None) -> list[Option]:
    return [o for o in data.rows(Option) if phase is None or o.proposed_in_phase == phase]


def _is_low_cost(data: AuditData, option: Option) -> bool:
    return option.investment is not None and option.investment <= data.one(AuditInfo).low_cost_max


def _study_options(data: AuditData) -> list[Option]:
    return [o for o in data.rows(Option) if o.screening == Screening.study]


def _leadership(data: AuditData) -> list[str]:
    decision = data.one(LeadershipDecision)
    return _need(bool(decision.doc_no or decision.title_zh) and decision.issued_on is not None,
                 N_("填写领导决策文件的文号或标题及签发日期"))


def _team(data: AuditData) -> list[str]:
    groups = {m.group for m in data.rows(TeamMember)}
    return (_need(TeamGroup.leading in groups, N_("至少一名领导小组成员"))
            + _need(TeamGroup.working in groups, N_("至少一名工作小组成员")))


def _plan(data: AuditData) -> list[str]:
    rows = data.rows(WorkPlanRow)
    return (_need(bool(rows), N_("至少一行审核工作计划"))
            + _need(all(r.start and r.end for r in rows), N_("每行工作计划都要有开始和完成时间")))


def _training(data: AuditData) -> list[str]:
    return (_need(bool(data.rows(TrainingRecord)), N_("至少一条宣传培训记录"))
            + _need(bool(data.rows(Barrier)), N_("列出审核障碍及对策")))


# The columns the checks read of the big tables: the workbench reads only these (services.load columns)
COLUMNS = {"inventory_value": ("id", "item_id", "period_id")}


def _survey(data: AuditData) -> list[str]:
    periods = {p.id for p in data.rows(Period)}
    valued = {v.item_id for v in data.rows(InventoryValue) if v.period_id in periods}
    categories = {i.category for i in data.rows(InventoryItem) if i.id in valued}
    return (_need(bool(data.one(Enterprise).name_zh), N_("填写企业名称"))
            + _need(bool(periods), N_("至少一个统计年度"))
            + [N_("填写产品产量") for c in [ItemCategory.product] if c not in categories]
            + [N_("填写原辅材料消耗") for c in [ItemCategory.raw_material] if c not in categories]
            + [N_("填写能源消耗") for c in [ItemCategory.energy] if c not in categories])


def _site_visit(data: AuditData) -> list[str]:
    return _need(bool(data.rows(SiteFinding)), N_("记录现场考察发现"))


def _pollution(data: AuditData) -> list[str]:
    categories = {i.category for i in data.rows(InventoryItem)}
    return (_need(ItemCategory.wastewater in categories or ItemCategory.water_pollutant in categories,
                  N_("填写废水产生和排放情况"))
            + _need(bool(data.rows(EmissionPoint)), N_("填写排放口或排气筒")))


def _focus(data: AuditData) -> list[str]:
    candidates = data.rows(FocusCandidate)
    criteria = [c for c in data.rows(Criterion) if c.scope == CriterionScope.focus]
    scores = {(s.candidate_id, s.criterion_id) for s in data.rows(FocusScore)}
    complete = all((c.id, k.id) in scores for c in candidates for k in criteria)
    return (_need(len(candidates) >= 2, N_("至少两个备选审核重点"))
            + _need(bool(criteria), N_("确定评分因素及权重"))
            + _need(complete, N_("为每个备选审核重点的每个因素打分"))
            + _need(data.one(AuditInfo).chosen_focus_id is not None, N_("确定审核重点")))


def _targets(data: AuditData) -> list[str]:
    targets = data.rows(Target)
    return (_need(bool(targets), N_("至少一个清洁生产目标"))
            + _need(all(t.near_value is not None and t.near_by for t in targets), N_("每个目标都要有近期目标值和期限")))


def _options_in(phase: int) -> Check:
    def check(data: AuditData) -> list[str]:
        return _need(bool(_options(data, phase)), N_("提出本阶段的无/低费方案"))
    return check


def _focus_profile(data: AuditData) -> list[str]:
    units = [n for n in data.rows(Node) if n.kind == NodeKind.unit_operation]
    return (_need(bool(units), N_("划分审核重点的单元操作"))
            + _need(all(u.function_zh for u in units), N_("说明每个单元操作的功能")))


def _measured(data: AuditData) -> list[str]:
    return _need(bool(data.rows(Stream)), N_("录入实测的输入输出物流"))


def _balance(data: AuditData) -> list[str]:
    with_streams = {s.balance_id for s in data.rows(Stream)}
    balances = data.rows(Balance)
    return (_need(bool(balances), N_("建立至少一个平衡（水、物料或元素）"))
            + _need(all(b.id in with_streams for b in balances), N_("每个平衡都要有物流")))


def _causes(data: AuditData) -> list[str]:
    return _need(bool(data.rows(Cause)), N_("分析废弃物产生原因"))


def _generated(data: AuditData) -> list[str]:
    return _need(bool(data.rows(Option)), N_("至少一个清洁生产方案"))


def _classified(data: AuditData) -> list[str]:
    return _need(all(o.investment is not None for o in data.rows(Option)), N_("填写每个方案的投资，以便分类"))


def _screened(data: AuditData) -> list[str]:
    options = data.rows(Option)
    scored = {s.option_id for s in data.rows(OptionScore)}
    high = [o for o in options if o.screening == Screening.study]
    return (_need(all(o.screening for o in options), N_("完成每个方案的初步筛选"))
            + _need(all(o.id in scored for o in high), N_("为需进一步研究的方案进行权重总和计分")))


def _developed(data: AuditData) -> list[str]:
    return _need(all(o.description_zh for o in _study_options(data)), N_("说明需进一步研究的方案"))


def _low_cost_done(data: AuditData) -> list[str]:
    direct = [o for o in data.rows(Option) if o.screening == Screening.direct]
    return _need(all(o.status in (OptionStatus.implemented, OptionStatus.in_progress, OptionStatus.rejected)
                     for o in direct), N_("实施可直接实施的无/低费方案"))


def _low_cost_verified(data: AuditData) -> list[str]:
    actual = {e.option_id for e in data.rows(OptionEffect) if e.basis == EffectBasis.actual}
    done = [o for o in data.rows(Option) if o.status == OptionStatus.implemented and _is_low_cost(data, o)]
    return _need(all(o.id in actual and o.actual_savings is not None for o in done),
                 N_("核定已实施无/低费方案的实际效果"))


def _interim(data: AuditData) -> list[str]:
    earlier = [s for s in STEPS if s.phase in (Phase.preparation, Phase.pre_assessment, Phase.assessment)]
    return _need(all(not s.check(data) for s in earlier), N_("完成前三个阶段的资料"))


def _feasibility_text(field: str, message: str) -> Check:
    def check(data: AuditData) -> list[str]:
        return _need(all(getattr(o, field) for o in _study_options(data)), message)
    return check


def _economics(data: AuditData) -> list[str]:
    cash = {c.option_id for c in data.rows(CashItem) if c.basis == EffectBasis.expected}
    study = _study_options(data)
    return (_need(all(o.depreciation_years and o.life_years for o in study), N_("填写折旧年限和经济寿命"))
            + _need(all(o.id in cash or o.expected_savings is not None for o in study), N_("填写投资和年运行费用节省")))


def _recommended(data: AuditData) -> list[str]:
    return _need(all(o.status != OptionStatus.proposed for o in _study_options(data)),
                 N_("确定每个中/高费方案是否实施"))


def _scheduled(data: AuditData) -> list[str]:
    chosen = [o for o in data.rows(Option) if o.status in (OptionStatus.planned, OptionStatus.in_progress,
                                                           OptionStatus.implemented)]
    return _need(all(o.start_on and o.end_on for o in chosen), N_("为实施的方案填写开始和完成日期"))


def _low_cost_summary(data: AuditData) -> list[str]:
    return _low_cost_verified(data)


def _verified(data: AuditData) -> list[str]:
    monitored = {m.option_id for m in data.rows(MonitoringRecord)}
    high = [o for o in data.rows(Option) if o.status == OptionStatus.implemented and not _is_low_cost(data, o)]
    return _need(all(o.id in monitored for o in high), N_("录入已实施中/高费方案的实施前后监测数据"))


def _impact(data: AuditData) -> list[str]:
    info = data.one(AuditInfo)
    return _need(info.verification_period_key is not None, N_("指定实施后核定期，用于目标完成情况"))


def _organisation(data: AuditData) -> list[str]:
    return _need(bool(data.one(AuditInfo).cp_organisation_zh), N_("说明清洁生产组织"))


def _rules(data: AuditData) -> list[str]:
    return _need(bool(data.rows(CpRule)), N_("列出清洁生产管理制度"))


def _next_round(data: AuditData) -> list[str]:
    return _need(bool(data.rows(NextRoundItem)), N_("制定持续清洁生产计划"))


def _report(data: AuditData) -> list[str]:
    others = [s for s in STEPS if s.number != "7.4"]
    return _need(all(not s.check(data) for s in others), N_("完成前面所有步骤"))


P = Phase
STEPS: tuple[Step, ...] = (
    Step("1.1", N_("取得领导支持"), P.preparation, _leadership),
    Step("1.2", N_("组建审核小组"), P.preparation, _team),
    Step("1.3", N_("制定工作计划"), P.preparation, _plan),
    Step("1.4", N_("开展宣传教育"), P.preparation, _training),
    Step("2.1", N_("进行现状调研"), P.pre_assessment, _survey),
    Step("2.2", N_("进行现场考察"), P.pre_assessment, _site_visit),
    Step("2.3", N_("评价产污排污状况"), P.pre_assessment, _pollution),
    Step("2.4", N_("确定审核重点"), P.pre_assessment, _focus),
    Step("2.5", N_("设置清洁生产目标"), P.pre_assessment, _targets),
    Step("2.6", N_("提出和实施无/低费方案"), P.pre_assessment, _options_in(2)),
    Step("3.1", N_("准备审核重点资料"), P.assessment, _focus_profile),
    Step("3.2", N_("实测输入输出物流"), P.assessment, _measured),
    Step("3.3", N_("建立物料平衡"), P.assessment, _balance),
    Step("3.4", N_("分析废弃物产生原因"), P.assessment, _causes),
    Step("3.5", N_("提出和实施无/低费方案"), P.assessment, _options_in(3)),
    Step("4.1", N_("产生方案"), P.options, _generated),
    Step("4.2", N_("分类汇总方案"), P.options, _classified),
    Step("4.3", N_("筛选方案"), P.options, _screened),
    Step("4.4", N_("研制方案"), P.options, _developed),
    Step("4.5", N_("继续实施无/低费方案"), P.options, _low_cost_done),
    Step("4.6", N_("核定并汇总无/低费方案实施效果"), P.options, _low_cost_verified),
    Step("4.7", N_("编写清洁生产中期审核报告"), P.options, _interim),
    Step("5.1", N_("进行市场调查"), P.feasibility, _feasibility_text("market_zh", N_("填写市场调查结论"))),
    Step("5.2", N_("进行技术评估"), P.feasibility, _feasibility_text("technical_zh", N_("填写技术评估"))),
    Step("5.3", N_("进行环境评估"), P.feasibility, _feasibility_text("environmental_zh", N_("填写环境评估"))),
    Step("5.4", N_("进行经济评估"), P.feasibility, _economics),
    Step("5.5", N_("推荐可实施方案"), P.feasibility, _recommended),
    Step("6.1", N_("组织方案实施"), P.implementation, _scheduled),
    Step("6.2", N_("汇总已实施的无/低费方案的成果"), P.implementation, _low_cost_summary),
    Step("6.3", N_("验证已实施的中/高费方案的成果"), P.implementation, _verified),
    Step("6.4", N_("分析总结已实施方案对企业的影响"), P.implementation, _impact),
    Step("7.1", N_("建立和完善清洁生产组织"), P.continuous, _organisation),
    Step("7.2", N_("建立和完善清洁生产管理制度"), P.continuous, _rules),
    Step("7.3", N_("制定持续清洁生产计划"), P.continuous, _next_round),
    Step("7.4", N_("编制清洁生产审核报告"), P.continuous, _report),
)


def step(number: str) -> Step:
    return next(s for s in STEPS if s.number == number)


def steps_of(phase: Phase) -> list[Step]:
    return [s for s in STEPS if s.phase == phase]


def states(data: AuditData) -> list[StepState]:
    """Every step with what is still missing (empty when the step's data is complete)."""
    return [StepState(s, tuple(s.check(data))) for s in STEPS]
