"""第六章 方案实施 (acceptance edition): the implementation plan and status, target attainment, the results
of the implemented options (by class and option, re-evaluated economics, before/after monitoring and
compliance) and the evaluation-index levels before and after."""

from __future__ import annotations

from cp_audit.models import MonitoringRecord, ResultNote
from cp_audit.reports.content import ch2_level, option_lists
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.ch5_feasibility import evaluation_table
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import BarChart, Block, Figure, Paragraph, Series, Table


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {"6.1": plan(ctx), "6.2": targets(ctx), "6.3": results(ctx), "6.4": levels(ctx)}


def plan(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.options
    if not ctx.options:
        return [Paragraph(_("尚无方案。"))]
    counts = col.joined(
        [
            _("{0} {1} 项").format(option_lists.status_name(s), t.count)
            for s, t in figures.by_status.items()
            if t.count
        ]
    )
    text = _("本轮审核共产生方案 {0} 项，其中{1}；方案实施率 {2}%（按保留方案计 {3}%）。").format(
        figures.all_options.count,
        counts,
        col.figure(figures.implementation_rate_pct),
        col.figure(figures.implementation_rate_retained_pct),
    )
    rows = []
    for option in ctx.options:
        f = option_lists.figures(ctx, option.code)
        rows.append(
            [
                option.code,
                option.title_zh,
                option_lists.class_name(f.cost_class) if f else "",
                option_lists.status_name(option.status.value),
                col.span(option.start_on, option.end_on),
                option.actual_investment,
                option.implementation_note_zh,
            ]
        )
    return [
        Paragraph(text),
        Table(
            _("方案实施计划及进度"),
            [
                col.text(_("编号")),
                col.text(_("方案名称")),
                col.centered(_("类别")),
                col.centered(_("状态")),
                col.centered(_("起止时间")),
                col.investment(_("实际投资")),
                col.text(_("说明")),
            ],
            rows,
        ),
    ]


def targets(ctx: ReportContext) -> list[Block]:
    results = [t for t in ctx.results.targets if t.actual is not None]
    if not results:
        return [Paragraph(_("实施后核定期的指标尚未计算，无法评价目标完成情况。"))]
    after = ctx.period_label(ctx.verification) if ctx.verification else _("实施后")
    met = [t.code for t in results if t.near_met]
    text = _("以{0}数据核定，{1} 项清洁生产目标中 {2} 项达到近期目标（{3}）。").format(
        after, len(results), len(met), col.joined(met) or "—"
    )
    change = Table(
        _("清洁生产目标指标变化"),
        [
            col.text(_("编号")),
            col.text(_("指标")),
            col.centered(_("单位")),
            col.number(_("基准值"), "", None),
            col.number(_("实施后"), "", None),
            col.percent(_("变化率")),
        ],
        [[t.code, t.name_zh, t.unit, t.baseline, t.actual, t.actual_change_pct] for t in results],
    )
    attainment = Table(
        _("清洁生产目标完成情况"),
        [
            col.text(_("编号")),
            col.number(_("近期目标"), "", None),
            col.percent(_("近期完成率")),
            col.centered(_("达到近期目标")),
            col.number(_("中长期目标"), "", None),
            col.percent(_("中长期完成率")),
            col.centered(_("达到中长期目标")),
        ],
        [
            [
                t.code,
                t.near_value,
                t.near_attainment_pct,
                col.yes_no(t.near_met),
                t.long_value,
                t.long_attainment_pct,
                col.yes_no(t.long_met),
            ]
            for t in results
        ],
        notes=[_("完成率 = 实际改善量 / 目标改善量 × 100%，不封顶。")],
    )
    chart = Figure(
        _("清洁生产目标完成率"),
        BarChart(
            [t.code for t in results],
            [
                Series(_("近期目标完成率"), [t.near_attainment_pct for t in results]),
                Series(_("中长期目标完成率"), [t.long_attainment_pct for t in results]),
            ],
            "%",
            _("完成率"),
        ),
    )
    codes = {t.code for t in results}
    notes = [
        Paragraph(_("{0}：{1}").format(n.about, n.note_zh)) for n in ctx.rows(ResultNote) if n.about in codes
    ]
    return [Paragraph(text), change, attainment, chart, *notes]


def results(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.options
    implemented = figures.implemented
    if implemented is None or not implemented.count:
        return [Paragraph(_("尚无已实施的方案。"))]
    effects = implemented.actual_effects
    text = _(
        "已实施方案 {0} 项，实际总投资 {1} 元，实际年经济效益 {2} 元，年节能 {3} tce，年减排二氧化碳 {4} t。"
    ).format(
        implemented.count,
        col.figure(implemented.actual_investment, 2),
        col.figure(implemented.actual_savings, 0),
        col.figure(effects.tce if effects else None),
        col.figure(effects.tco2 if effects else None),
    )
    classes = [c for c in option_lists.TWO_WAY if c in figures.implemented_by_class]
    by_class = Table(
        _("已实施方案投资及效益汇总"),
        [
            col.text(_("类别")),
            col.count(_("方案数")),
            col.investment(_("实际投资")),
            col.annual_money(_("实际年经济效益")),
        ],
        [
            [
                option_lists.class_name(c),
                figures.implemented_by_class[c].count,
                figures.implemented_by_class[c].actual_investment,
                figures.implemented_by_class[c].actual_savings,
            ]
            for c in classes
        ],
        total_row=[
            ctx.template.labels.total_row,
            implemented.count,
            implemented.actual_investment,
            implemented.actual_savings,
        ],
    )
    blocks: list[Block] = [Paragraph(text), by_class]
    blocks += option_lists.effects_tables(
        ctx,
        _("已实施方案年环境效益"),
        [(option_lists.class_name(c), figures.implemented_by_class[c].actual_effects) for c in classes],
        (ctx.template.labels.total_row, effects),
    )
    blocks.append(_per_option(ctx))
    blocks += _post_economics(ctx)
    blocks += _monitoring(ctx)
    blocks += _compliance(ctx)
    return blocks


def _per_option(ctx: ReportContext) -> Table:
    figures = ctx.results.options
    done = [f for f in figures.options.values() if f.status == "implemented"]
    total = figures.implemented
    return Table(
        _("已实施方案实际效果"),
        [
            col.text(_("编号")),
            col.text(_("方案名称")),
            col.centered(_("类别")),
            col.investment(_("实际投资")),
            col.annual_money(_("实际年效益")),
            col.number(_("节能量"), "tce/a", 2),
            col.number(_("二氧化碳减排量"), "tCO2/a", 2),
            col.number(_("回收期"), "a", 2),
        ],
        [
            [
                f.code,
                f.title_zh,
                option_lists.class_name(f.cost_class),
                f.actual_investment,
                f.actual_savings,
                f.actual.tce if f.actual else None,
                f.actual.tco2 if f.actual else None,
                f.actual_payback,
            ]
            for f in done
        ],
        total_row=[
            ctx.template.labels.total_row,
            "",
            "",
            total.actual_investment,
            total.actual_savings,
            total.actual_effects.tce if total.actual_effects else None,
            total.actual_effects.tco2 if total.actual_effects else None,
            "",
        ],
    )


def _post_economics(ctx: ReportContext) -> list[Block]:
    pairs = [
        (o, f.post_economics)
        for o in ctx.options
        if (f := option_lists.figures(ctx, o.code)) and f.post_economics
    ]
    if not pairs:
        return []
    return [
        Paragraph(_("按实际投资和实际年效益对已实施的中/高费方案重新进行经济评估，结果见下表。")),
        evaluation_table(_("已实施中/高费方案经济评估（按实际数据）"), pairs),
    ]


def _monitoring(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.options.monitoring
    if not figures:
        return []
    periods = {(r.option_id, r.indicator_zh): r for r in ctx.rows(MonitoringRecord)}
    ids = {o.code: o.id for o in ctx.options}
    rows, notes = [], []
    for m in figures:
        record = periods.get((ids.get(m.option or ""), m.indicator_zh))
        when = f"{record.before_period or '—'} / {record.after_period or '—'}" if record else ""
        rows.append([m.option or "", m.indicator_zh, m.unit, m.before, m.after, m.change_pct, when])
        if m.inverse_before is not None or m.inverse_after is not None:
            notes.append(
                _("{0} 的倒数（如冷水机组能效比）：实施前 {1}，实施后 {2}。").format(
                    m.indicator_zh, col.figure(m.inverse_before), col.figure(m.inverse_after)
                )
            )
    return [
        Table(
            _("方案实施前后监测结果"),
            [
                col.text(_("方案")),
                col.text(_("监测指标")),
                col.centered(_("单位")),
                col.number(_("实施前"), "", None),
                col.number(_("实施后"), "", None),
                col.percent(_("变化率")),
                col.text(_("监测期（实施前/实施后）")),
            ],
            rows,
            notes=notes,
        )
    ]


def _compliance(ctx: ReportContext) -> list[Block]:
    if ctx.baseline is None or ctx.verification is None:
        return []
    before = {c.name: c for c in ctx.results.compliance.get(ctx.baseline.key, []) if c.applied}
    after = [c for c in ctx.results.compliance.get(ctx.verification.key, []) if c.applied]
    if not after:
        return []
    rows = [
        [
            c.name_zh,
            c.unit,
            before[c.name].value if c.name in before else None,
            c.value,
            f"{col.figure(c.limit_min, None)}～{col.figure(c.limit_max, None)}"
            if c.limit_min is not None
            else c.limit_max,
            col.yes_no(c.complies),
        ]
        for c in after
    ]
    return [
        Table(
            _("实施前后污染物排放浓度及达标情况"),
            [
                col.text(_("污染物")),
                col.centered(_("单位")),
                col.number(ctx.period_label(ctx.baseline), "", None),
                col.number(ctx.period_label(ctx.verification), "", None),
                col.number(_("标准限值"), "", None),
                col.centered(_("实施后是否达标")),
            ],
            rows,
        )
    ]


def levels(ctx: ReportContext) -> list[Block]:
    summary = ctx.results.evaluation
    if summary is None:
        return [Paragraph(_("未选定清洁生产评价指标体系，未进行审核前后对照。"))]
    rows = [
        [
            i.name_zh,
            i.unit,
            col.yes_no(i.limiting),
            i.before,
            ch2_level.level_name(i.level_before),
            i.after,
            ch2_level.level_name(i.level_after),
        ]
        for i in summary.indicators
    ]
    notes = [_("指标体系仅录入部分指标，本表只对照已录入的指标。")] if summary.partial else []
    blocks: list[Block] = [
        Paragraph(_("对照《{0}》，审核前后企业主要指标的清洁生产水平见下表。").format(summary.name_zh)),
        Table(
            _("审核前后清洁生产水平对照"),
            [
                col.text(_("指标")),
                col.centered(_("单位")),
                col.centered(_("限定性指标")),
                col.number(_("审核前"), "", 2),
                col.centered(_("审核前水平")),
                col.number(_("审核后"), "", 2),
                col.centered(_("审核后水平")),
            ],
            rows,
            notes=notes,
        ),
    ]
    if summary.level_before or summary.level_after:
        blocks.append(
            Paragraph(
                _("综合评价：审核前为{0}，审核后为{1}。").format(
                    ch2_level.level_name(summary.level_before) or "—",
                    ch2_level.level_name(summary.level_after) or "—",
                )
            )
        )
    return blocks
