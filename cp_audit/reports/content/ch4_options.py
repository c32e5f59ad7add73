"""第四章 方案产生和筛选: the option register, options by aspect and cost class (tables and a chart), the
preliminary screening and the weighted-sum screening of medium/high-cost options, the screening summary
and the verified results of the no/low-cost options implemented."""

from __future__ import annotations

from cp_audit.models import Criterion
from cp_audit.models.base import Aspect, CriterionScope, Screening
from cp_audit.reports.content import columns as col
from cp_audit.reports.content import option_lists
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import BarChart, Block, Column, Figure, Paragraph, Series, Table

SCREENING_COLUMNS = 6  # up to this many options (or as many as criteria) are set side by side as columns


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {
        "4.1": register(ctx),
        "4.2": by_category(ctx),
        "4.3": screening(ctx),
        "4.4": summary(ctx),
        "4.5": no_low_results(ctx),
    }


def register(ctx: ReportContext) -> list[Block]:
    if not ctx.options:
        return [Paragraph(_("清洁生产方案尚未录入。"))]
    tally = ctx.results.options.all_options
    text = _(
        "审核小组通过员工合理化建议、专家咨询、现场考察和平衡分析等途径，共产生清洁生产方案 {0} 项。"
    ).format(tally.count)
    if ctx.info.suggestions_collected is not None:
        text += _("其中员工合理化建议征集 {0} 条，经归并整理后纳入方案汇总。").format(
            ctx.info.suggestions_collected
        )
    rows = []
    for option in ctx.options:
        figures = option_lists.figures(ctx, option.code)
        rows.append(
            [
                option.code,
                option.title_zh,
                option_lists.aspect_name(option.aspect.value),
                option.source_zh,
                option.proposed_in_phase,
                option.investment,
                option.expected_savings,
                option_lists.class_name(figures.cost_class) if figures else "",
            ]
        )
    notes = [
        _("方案类别按投资划分：投资不超过 {0} 元为无/低费方案，超过为中/高费方案；“—”表示未估算。").format(
            col.figure(ctx.info.low_cost_max, 0)
        )
    ]
    return [
        Paragraph(text),
        Table(
            _("清洁生产方案汇总"),
            [
                col.text(_("编号")),
                col.text(_("方案名称")),
                col.text(_("方面")),
                col.text(_("来源")),
                col.count(_("提出阶段")),
                col.investment(_("投资")),
                col.annual_money(_("预期年效益")),
                col.centered(_("类别")),
            ],
            rows,
            notes=notes,
        ),
        Table(
            _("清洁生产方案说明"),
            [col.text(_("编号")), col.text(_("方案名称")), col.text(_("方案简介"))],
            [[o.code, o.title_zh, o.description_zh] for o in ctx.options],
        ),
    ]


def by_category(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.options
    if not figures.options:
        return [Paragraph(_("尚无方案可分类。"))]
    classes = [c for c in option_lists.TWO_WAY if c in figures.by_class]
    class_codes = {c: set(figures.by_class[c].codes) for c in classes}
    rows, series_values = [], {c: [] for c in classes}
    for aspect in Aspect:
        tally = figures.by_aspect.get(aspect.value)
        if tally is None:
            continue
        # Counted from the engine's lists of option codes per aspect and per class.
        per_class = [len(set(tally.codes) & class_codes[c]) for c in classes]
        for c, n in zip(classes, per_class):
            series_values[c].append(n)
        rows.append([_(aspect.label), *per_class, tally.count, col.joined(tally.codes)])
    total = [
        ctx.template.labels.total_row,
        *[figures.by_class[c].count for c in classes],
        figures.all_options.count,
        "",
    ]
    aspect_table = Table(
        _("方案按八个方面分类汇总"),
        [
            col.text(_("方面")),
            *[col.count(option_lists.class_name(c)) for c in classes],
            col.count(_("合计")),
            col.text(_("方案编号")),
        ],
        rows,
        total_row=total,
    )
    chart = Figure(
        _("方案按方面和类别分布"),
        BarChart(
            [row[0] for row in rows],
            [Series(option_lists.class_name(c), series_values[c]) for c in classes],
            _("项"),
            _("方案数"),
        ),
    )
    class_table = Table(
        _("方案按费用类别汇总"),
        [
            col.text(_("类别")),
            col.count(_("方案数")),
            col.investment(_("投资")),
            col.annual_money(_("预期年效益")),
            col.count(_("效益未估算")),
            col.text(_("方案编号")),
        ],
        [
            [
                option_lists.class_name(c),
                figures.by_class[c].count,
                figures.by_class[c].investment,
                figures.by_class[c].savings,
                figures.by_class[c].savings_missing,
                col.joined(figures.by_class[c].codes),
            ]
            for c in classes
        ],
        total_row=[
            ctx.template.labels.total_row,
            figures.all_options.count,
            figures.all_options.investment,
            figures.all_options.savings,
            figures.all_options.savings_missing,
            "",
        ],
    )
    return [
        Paragraph(_("方案按废弃物产生原因的八个方面和按费用类别的分类汇总如下。")),
        aspect_table,
        chart,
        class_table,
    ]


def screening(ctx: ReportContext) -> list[Block]:
    if not ctx.options:
        return [Paragraph(_("尚无方案可筛选。"))]
    rows = []
    for option in ctx.options:
        figures = option_lists.figures(ctx, option.code)
        rows.append(
            [
                option.code,
                option.title_zh,
                option_lists.class_name(figures.cost_class) if figures else "",
                option_lists.screening_name(option.screening.value if option.screening else None),
                option.screening_reason_zh,
            ]
        )
    blocks: list[Block] = [
        Paragraph(_("从技术、环境、经济和实施难易等方面对全部方案进行初步筛选，结果见下表。")),
        Table(
            _("方案初步筛选"),
            [
                col.text(_("编号")),
                col.text(_("方案名称")),
                col.centered(_("类别")),
                col.centered(_("筛选结果")),
                col.text(_("理由")),
            ],
            rows,
        ),
    ]
    blocks += _weighted_screening(ctx)
    return blocks


def _weighted_screening(ctx: ReportContext) -> list[Block]:
    result = ctx.results.options.screening
    if result is None:
        return []
    criteria = [c for c in ctx.rows(Criterion) if c.scope == CriterionScope.option]
    order = list(result.order)
    options = {o.code: o for o in ctx.options}
    names = col.joined([f"{code} {options[code].title_zh}" for code in order if code in options])
    blocks: list[Block] = [
        Paragraph(
            _(
                "对需进一步研究的中/高费方案采用权重总和计分排序法进行筛选（满分 {0} 分），参加排序的方案：{1}。"
            ).format(col.figure(result.max_possible, None), names)
        ),
        _screening_table(result, criteria, order, options),
    ]
    if ctx.info.option_screening_decision_zh:
        blocks.append(Paragraph(ctx.info.option_screening_decision_zh))
    return blocks


def _screening_table(result, criteria: list[Criterion], order: list[str], options: dict) -> Table:
    """The scores with one column per option, as the manual prints it; with more options than fit
    (and more than criteria) one row per option instead, the criteria as columns."""
    caption = _("中/高费方案权重总和计分排序")
    notes = [_("表中为各方案的加权得分 R×W，R 为 1～10 分。")]
    if len(order) <= max(SCREENING_COLUMNS, len(criteria)):
        columns: list[Column] = [col.text(_("因素")), col.number(_("权重 W"), "", None)]
        columns += [col.number(_("{0} R×W").format(code), "", None) for code in order]
        rows = [
            [c.name_zh, c.weight, *[result.products.get(code, {}).get(c.key) for code in order]]
            for c in criteria
        ]
        rows.append([_("总分 Σ R×W"), "", *[result.totals[code] for code in order]])
        rows.append([_("排序"), "", *[result.ranks[code] for code in order]])
        return Table(caption, columns, rows, notes=notes, key_columns=2)
    columns = [col.text(_("编号")), col.text(_("方案名称"))]
    columns += [col.number(_("{0} R×W").format(c.name_zh), "", None) for c in criteria]
    columns += [col.number(_("总分 Σ R×W"), "", None), col.count(_("排序"))]
    rows = [[_("权重 W"), "", *[c.weight for c in criteria], "", ""]]
    for code in order:
        option = options.get(code)
        products = result.products.get(code, {})
        rows.append(
            [
                code,
                option.title_zh if option else "",
                *[products.get(c.key) for c in criteria],
                result.totals[code],
                result.ranks[code],
            ]
        )
    return Table(caption, columns, rows, notes=notes, key_columns=2)


def summary(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.options
    if not figures.options:
        return [Paragraph(_("尚无筛选结果。"))]
    classes = [c for c in option_lists.TWO_WAY if c in figures.class_by_screening]
    results = [s.value for s in Screening]
    rows = [
        [
            option_lists.screening_name(s),
            *[figures.class_by_screening[c].get(s, 0) for c in classes],
            figures.by_screening[s].count if s in figures.by_screening else 0,
            col.joined(figures.by_screening[s].codes) if s in figures.by_screening else "",
        ]
        for s in results
    ]
    blocks: list[Block] = [
        Table(
            _("方案筛选结果汇总"),
            [
                col.text(_("筛选结果")),
                *[col.count(option_lists.class_name(c)) for c in classes],
                col.count(_("合计")),
                col.text(_("方案编号")),
            ],
            rows,
        )
    ]
    retained = figures.retained
    if retained is not None:
        blocks.append(
            Paragraph(
                _("初步筛选后保留方案 {0} 项，预计总投资 {1} 元，预期年经济效益 {2} 元。").format(
                    retained.count, col.figure(retained.investment, 2), col.figure(retained.savings, 0)
                )
            )
        )
        rows = [
            (option_lists.class_name(c), figures.retained_by_class[c].effects)
            for c in option_lists.TWO_WAY
            if c in figures.retained_by_class
        ]
        blocks += option_lists.effects_tables(
            ctx, _("保留方案的预期年环境效益"), rows, (ctx.template.labels.total_row, retained.effects)
        )
    return blocks


def no_low_results(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.options
    done = [f for f in figures.options.values() if f.cost_class == "no_low" and f.status == "implemented"]
    if not done:
        return [Paragraph(_("尚无已实施的无/低费方案。"))]
    tally = figures.implemented_by_class.get("no_low")
    rows = [
        [
            f.code,
            f.title_zh,
            f.actual_investment,
            f.actual_savings,
            option_lists.effects_text(ctx, f.actual),
            f.actual.tce if f.actual else None,
            f.actual.tco2 if f.actual else None,
        ]
        for f in done
    ]
    total = None
    if tally is not None:
        effects = tally.actual_effects
        total = [
            ctx.template.labels.total_row,
            "",
            tally.actual_investment,
            tally.actual_savings,
            "",
            effects.tce if effects else None,
            effects.tco2 if effects else None,
        ]
    text = _(
        "已实施无/低费方案 {0} 项，实际投资 {1} 元，实际年经济效益 {2} 元，年节能 {3} tce，年减排二氧化碳 {4} t。"
    ).format(
        len(done),
        col.figure(tally.actual_investment if tally else None, 2),
        col.figure(tally.actual_savings if tally else None, 0),
        col.figure(tally.actual_effects.tce if tally and tally.actual_effects else None),
        col.figure(tally.actual_effects.tco2 if tally and tally.actual_effects else None),
    )
    return [
        Paragraph(text),
        Table(
            _("已实施无/低费方案实施效果核定"),
            [
                col.text(_("编号")),
                col.text(_("方案名称")),
                col.investment(_("实际投资")),
                col.annual_money(_("实际年效益")),
                col.text(_("实际环境效果")),
                col.number(_("节能量"), "tce/a", 2),
                col.number(_("二氧化碳减排量"), "tCO2/a", 2),
            ],
            rows,
            total_row=total,
        ),
    ]
