"""第二章 2.6–2.8: candidate audit focuses with their basic data, the weighted-sum ranking (权重总和计分
排序法) and the focus chosen, the cleaner production targets, and the no/low-cost options of phase 2."""

from __future__ import annotations

from cp_audit.models import Criterion, FocusCandidate, FocusScore, Target
from cp_audit.models.base import CriterionScope
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.content.option_lists import phase_options
from cp_audit.reports.model import Block, Column, Paragraph, Table


def candidates(ctx: ReportContext) -> list[Block]:
    rows = ctx.rows(FocusCandidate)
    if not rows:
        return [Paragraph(_("备选审核重点尚未录入。"))]
    period = ctx.period_label(ctx.baseline) if ctx.baseline else ""
    return [
        Paragraph(
            _("根据现状调研和现场考察，审核小组提出 {0} 个备选审核重点：{1}。其{2}基本情况见下表。").format(
                len(rows), col.joined([c.name_zh for c in rows]), period
            )
        ),
        Table(
            _("备选审核重点基本情况"),
            [
                col.text(_("备选审核重点")),
                col.quantity(_("用水"), "m³"),
                col.quantity(_("用电"), "kWh"),
                col.quantity(_("废水"), "m³"),
                col.number(_("危险废物"), "t", 2),
                col.text(_("主要污染物")),
                col.Column(_("环保费用"), _("元"), "money", 0),
            ],
            [
                [
                    c.name_zh,
                    c.water_m3,
                    c.electricity_kwh,
                    c.wastewater_m3,
                    c.hazardous_waste_t,
                    c.main_pollutants_zh,
                    c.env_cost,
                ]
                for c in rows
            ],
        ),
    ]


def weighted_sum(ctx: ReportContext) -> list[Block]:
    choice = ctx.results.focus
    result = choice.weighted_sum
    if result is None:
        return [Paragraph(_("审核重点的权重总和计分尚未完成。"))]
    candidates = {c.key: c for c in ctx.rows(FocusCandidate)}
    criteria = [c for c in ctx.rows(Criterion) if c.scope == CriterionScope.focus]
    scores = {(s.candidate_id, s.criterion_id): s.score for s in ctx.data.rows(FocusScore)}
    order = list(result.order)
    columns: list[Column] = [col.text(_("因素")), col.number(_("权重 W"), "", None)]
    for key in order:
        name = candidates[key].name_zh if key in candidates else key
        columns += [col.number(f"{name} R", "", None), col.number(f"{name} R×W", "", None)]
    rows = []
    for criterion in criteria:
        row: list = [criterion.name_zh, criterion.weight]
        for key in order:
            candidate = candidates.get(key)
            row += [
                scores.get((candidate.id, criterion.id)) if candidate else None,
                result.products.get(key, {}).get(criterion.key),
            ]
        rows.append(row)
    total = [_("总分 Σ R×W"), ""]
    ranks = [_("排序"), ""]
    for key in order:
        total += ["", result.totals[key]]
        ranks += ["", result.ranks[key]]
    rows += [total, ranks]
    notes = [_("评分标准：{0}。").format(ctx.info.focus_score_scale)] if ctx.info.focus_score_scale else []
    table = Table(_("审核重点权重总和计分排序"), columns, rows, notes=notes, key_columns=2, column_group=2)
    return [
        Paragraph(_("采用权重总和计分排序法对备选审核重点进行评分，结果见下表。")),
        table,
        Paragraph(_choice_text(ctx)),
    ]


def _choice_text(ctx: ReportContext) -> str:
    choice = ctx.results.focus
    result = choice.weighted_sum
    candidates = {c.key: c.name_zh for c in ctx.rows(FocusCandidate)}
    if choice.chosen_key is None:
        text = _("得分最高的备选审核重点并列，需由审核小组研究确定。")
    else:
        text = _("{0}得分最高（{1} 分，满分 {2} 分），比第二位高 {3} 分，确定为本轮审核的审核重点。").format(
            candidates.get(choice.chosen_key, choice.chosen_key),
            col.figure(result.totals[choice.chosen_key], None),
            col.figure(result.max_possible, None),
            col.figure(result.margin, None),
        )
    if choice.agrees is False:
        text += _("审核小组记录的审核重点为{0}，与计分结果不一致，应在报告中说明理由。").format(
            candidates.get(choice.chosen_by_team, choice.chosen_by_team)
        )
    return text


def targets(ctx: ReportContext) -> list[Block]:
    results = ctx.results.targets
    if not results:
        return [Paragraph(_("清洁生产目标尚未设定。"))]
    stored = {t.code: t for t in ctx.rows(Target)}
    rows = [
        [
            t.code,
            t.name_zh,
            t.unit,
            t.baseline,
            t.near_value,
            t.near_change_pct,
            t.long_value,
            t.long_change_pct,
        ]
        for t in results
    ]
    baseline = ctx.period_label(ctx.baseline) if ctx.baseline else ""
    notes = [_("基准值为{0}数据的计算值；变化率 = (目标值 − 基准值) / 基准值 × 100%。").format(baseline)]
    notes += _deadline_notes(list(stored.values()))
    notes += [
        _("{0} 的基准值按数据计算为 {1}，与填报值 {2} 不一致，采用计算值。").format(
            t.code, col.figure(t.baseline_computed, None), col.figure(t.baseline_entered, None)
        )
        for t in results
        if t.baseline_differs
    ]
    return [
        Paragraph(_("根据审核重点的现状和清洁生产潜力，设定近期和中长期清洁生产目标如下。")),
        Table(
            _("清洁生产目标"),
            [
                col.text(_("编号")),
                col.text(_("指标")),
                col.centered(_("单位")),
                col.number(_("基准值"), "", None),
                col.number(_("近期目标"), "", None),
                col.percent(_("近期变化率")),
                col.number(_("中长期目标"), "", None),
                col.percent(_("中长期变化率")),
            ],
            rows,
            notes=notes,
        ),
    ]


def _deadline_notes(targets: list[Target]) -> list[str]:
    """The deadlines in a note when all targets share them, else one line per target."""
    near = {t.near_by for t in targets if t.near_by}
    far = {t.long_by for t in targets if t.long_by}
    if len(near) <= 1 and len(far) <= 1:
        return [
            _("近期目标完成期限 {0}，中长期目标完成期限 {1}。").format(
                col.day(next(iter(near), None)) or "—", col.day(next(iter(far), None)) or "—"
            )
        ]
    return [
        _("{0}：近期目标期限 {1}，中长期目标期限 {2}。").format(
            t.code, col.day(t.near_by) or "—", col.day(t.long_by) or "—"
        )
        for t in targets
    ]


def no_low_options(ctx: ReportContext) -> list[Block]:
    return phase_options(ctx, 2, _("预评估阶段提出的无/低费方案"))
