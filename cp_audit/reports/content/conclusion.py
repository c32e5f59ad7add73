"""结论: a short summary in sentences of the audit's key figures — the focus, the balances, the options,
investment and savings, energy, water and pollutant reductions and the targets (from AuditResults)."""

from __future__ import annotations

from cp_audit.models import Balance
from cp_audit.reports.content import ch2_level, option_lists
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Paragraph


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    texts = [_audit(ctx), _balances(ctx), _options(ctx)]
    texts += [_implemented(ctx), _targets(ctx), _levels(ctx)] if ctx.acceptance else [_expected(ctx)]
    return {"": [Paragraph(t) for t in texts if t]}


def ten_thousand(value: float | None) -> str:
    """An amount in 元 written in 万元 with 2 decimals, as reports state money in sentences."""
    return col.figure(None if value is None else value / 10_000, 2)


def _audit(ctx: ReportContext) -> str:
    performance, focus = ctx.results.performance, ctx.results.focus
    start, end = performance.audit_period
    text = _("{0}于 {1} 至 {2} 开展了本轮清洁生产审核。").format(
        ctx.enterprise_name, start or "—", end or "—"
    )
    result = focus.weighted_sum
    if performance.audit_focus_zh and result and focus.chosen_key:
        text += _("经权重总和计分排序，确定{0}为审核重点（{1} 分）。").format(
            performance.audit_focus_zh, col.figure(result.totals[focus.chosen_key], None)
        )
    return text


def _balances(ctx: ReportContext) -> str:
    parts = []
    for balance in ctx.rows(Balance):
        figures = ctx.results.assessment.balances.get(balance.key)
        if figures and figures.result and figures.result.overall.closure_error_pct is not None:
            part = _("{0}整体闭合误差 {1}%").format(
                figures.name_zh, col.figure(figures.result.overall.closure_error_pct)
            )
            if figures.result.units_exceeding_tolerance:
                part += _("（超差单元 {0}）").format(
                    col.joined(list(figures.result.units_exceeding_tolerance))
                )
            parts.append(part)
    return _("通过实测建立了审核重点的平衡：{0}。").format(_("；").join(parts)) if parts else ""


def _options(ctx: ReportContext) -> str:
    figures = ctx.results.options
    if figures.all_options is None or not figures.all_options.count:
        return ""
    classes = col.joined(
        [
            _("{0} {1} 项").format(option_lists.class_name(c), figures.by_class[c].count)
            for c in option_lists.TWO_WAY
            if c in figures.by_class
        ]
    )
    text = _("审核共产生清洁生产方案 {0} 项（{1}），初步筛选后保留 {2} 项。").format(
        figures.all_options.count, classes, figures.retained.count if figures.retained else 0
    )
    studied = [(code, f.economics) for code, f in figures.options.items() if f.economics is not None]
    feasible = [code for code, e in studied if e.verdict.feasible]
    infeasible = [code for code, e in studied if not e.verdict.feasible]
    if studied:
        text += _("经可行性分析，{0}经济可行").format(col.joined(feasible) or "—")
        text += _("，{0}经济不可行。").format(col.joined(infeasible)) if infeasible else _("。")
    return text


def _effects_text(ctx: ReportContext, effects) -> str:
    if effects is None:
        return ""
    text = _("节能 {0} tce，减排二氧化碳 {1} t").format(col.figure(effects.tce), col.figure(effects.tco2))
    saved = [
        _("{0} {1}").format(ctx.resource_name(key), col.amount(value, effects.units.get(key, "")))
        for key, value in effects.values.items()
        if value
    ]
    return text + (_("；节约或削减{0}").format(col.joined(saved)) if saved else "")


def _expected(ctx: ReportContext) -> str:
    figures = ctx.results.options
    done = figures.implemented_by_class.get("no_low")
    text = ""
    if done is not None and done.count:
        text += _("已实施无/低费方案 {0} 项，实际投资 {1} 万元，年经济效益 {2} 万元。").format(
            done.count, ten_thousand(done.actual_investment), ten_thousand(done.actual_savings)
        )
    retained = figures.retained
    if retained is not None and retained.count:
        text += _("保留方案全部实施后，预计总投资 {0} 万元，年经济效益 {1} 万元，每年{2}。").format(
            ten_thousand(retained.investment),
            ten_thousand(retained.savings),
            _effects_text(ctx, retained.effects),
        )
    return text


def _implemented(ctx: ReportContext) -> str:
    performance = ctx.results.performance
    implemented = ctx.results.options.implemented
    if implemented is None or not implemented.count:
        return _("本轮审核尚无已实施的方案。")
    return _(
        "已实施方案 {0} 项（无/低费 {1} 项、中/高费 {2} 项），实施率 {3}%，实际总投资 {4} 万元，年经济效益 {5} 万元，"
        "每年{6}。"
    ).format(
        performance.implemented_total,
        performance.implemented_no_low_cost,
        performance.implemented_medium_high_cost,
        col.figure(performance.implementation_rate_pct),
        ten_thousand(performance.investment_total),
        ten_thousand(performance.economic_benefit_a),
        _effects_text(ctx, implemented.actual_effects),
    )


def _targets(ctx: ReportContext) -> str:
    results = [t for t in ctx.results.targets if t.near_met is not None]
    if not results:
        return ""
    met = [t.code for t in results if t.near_met]
    missed = [t for t in results if not t.near_met]
    text = _("清洁生产目标：{0} 达到近期目标").format(col.joined(met) or "—")
    if missed:
        text += _("，{0} 未达到近期目标（{1}）").format(
            col.joined([t.code for t in missed]),
            col.joined(
                [_("{0} 完成率 {1}%").format(t.code, col.figure(t.near_attainment_pct)) for t in missed]
            ),
        )
    return text + _("。")


def _levels(ctx: ReportContext) -> str:
    summary = ctx.results.evaluation
    if summary is None:
        return ""
    parts = [
        _("{0}由{1}变为{2}").format(
            i.name_zh, ch2_level.level_name(i.level_before) or "—", ch2_level.level_name(i.level_after) or "—"
        )
        for i in summary.indicators
        if i.level_before or i.level_after
    ]
    return _("对照行业清洁生产评价指标体系，{0}。").format(_("；").join(parts)) if parts else ""
