"""第五章 可行性分析: market, technical and environmental evaluation of the options under feasibility study,
their economic evaluation (investment, savings and added costs, I P D T E F N NPV NPVR IRR and the
verdict) and the options recommended for implementation."""

from __future__ import annotations

from cp_audit.calc.economics import CashLine, EconomicResult
from cp_audit.models import CashItem, Option
from cp_audit.models.base import CashKind, EffectBasis, Screening
from cp_audit.reports.content import columns as col
from cp_audit.reports.content import economics_text, option_lists
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Paragraph, Table


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    studied = studied_options(ctx)
    return {
        "5.1": _texts(studied, "market_zh", _("不改变产品和产能，无需市场调查。")),
        "5.2": _texts(studied, "technical_zh", _("技术评估资料尚未录入。")),
        "5.3": environmental(ctx, studied),
        "5.4": economics(ctx, studied),
        "5.5": recommended(ctx, studied),
    }


def studied_options(ctx: ReportContext) -> list[Option]:
    """The options that went through the feasibility analysis: those with an economic evaluation."""
    return [
        o
        for o in ctx.options
        if (f := option_lists.figures(ctx, o.code)) is not None and f.economics is not None
    ]


def _texts(studied: list[Option], field: str, missing: str) -> list[Block]:
    if not studied:
        return [Paragraph(_("本轮审核没有需要进行可行性分析的中/高费方案。"))]
    return [
        Paragraph(_("{0} {1}：{2}").format(o.code, o.title_zh, getattr(o, field) or missing)) for o in studied
    ]


def environmental(ctx: ReportContext, studied: list[Option]) -> list[Block]:
    blocks = _texts(studied, "environmental_zh", _("环境评估资料尚未录入。"))
    rows = [(f"{o.code} {o.title_zh}", option_lists.figures(ctx, o.code).expected) for o in studied]
    if rows:
        blocks += option_lists.effects_tables(ctx, _("可行性分析方案的预期年环境效益"), rows)
    return blocks


def economics(ctx: ReportContext, studied: list[Option]) -> list[Block]:
    if not studied:
        return [Paragraph(_("本轮审核没有需要进行经济评估的方案。"))]
    blocks: list[Block] = [
        Paragraph(
            _(
                "经济评估采用现金流量分析法，计算投资回收期 N、净现值 NPV、净现值率 NPVR 和内部收益率 IRR；"
                "NPV ≥ 0、IRR ≥ 基准收益率且回收期短于折旧年限时方案经济可行。"
            )
        )
    ]
    for index, option in enumerate(studied, start=1):
        blocks += _option_economics(ctx, index, option, option_lists.figures(ctx, option.code).economics)
    results = [(o, option_lists.figures(ctx, o.code).economics) for o in studied]
    blocks.append(
        Table(
            _("方案现金流量"),
            [
                col.text(_("方案")),
                col.investment(_("总投资 I")),
                col.Column(_("年净节省 P"), _("元/a"), "money", 2),
                col.Column(_("年折旧 D"), _("元/a"), "money", 2),
                col.Column(_("应税利润 T"), _("元/a"), "money", 2),
                col.Column(_("净利润 E"), _("元/a"), "money", 2),
                col.Column(_("年现金流量 F"), _("元/a"), "money", 2),
            ],
            [
                [
                    o.code,
                    r.investment,
                    r.net_savings,
                    r.depreciation,
                    r.taxable_profit,
                    r.net_profit,
                    r.cash_flow,
                ]
                for o, r in results
            ],
        )
    )
    blocks.append(evaluation_table(_("方案经济评估指标"), results))
    return blocks


def evaluation_table(caption: str, results: list[tuple[Option, EconomicResult]]) -> Table:
    return Table(
        caption,
        [
            col.text(_("方案")),
            col.number(_("回收期 N"), "a", 2),
            col.investment(_("净现值 NPV")),
            col.percent(_("净现值率 NPVR")),
            col.share(_("内部收益率 IRR")),
            col.centered(_("结论")),
            col.text(_("理由")),
        ],
        [
            [
                o.code,
                economics_text.payback_cell(r),
                r.npv,
                r.npvr_pct,
                economics_text.irr_cell(r),
                economics_text.verdict_name(r),
                economics_text.reasons(r),
            ]
            for o, r in results
        ],
    )


def _terms_text(ctx: ReportContext, option: Option, result: EconomicResult) -> str:
    figures = option_lists.figures(ctx, option.code)
    return _(
        "折旧年限 Y = {0} a，经济寿命 n = {1} a，贴现率 i = {2}%，所得税税率 {3}%，年金现值系数 {4}。"
    ).format(
        col.figure(figures.depreciation_years, None),
        figures.life_years or "—",
        col.figure(figures.discount_rate * 100 if figures.discount_rate is not None else None, None),
        col.figure(figures.tax_rate * 100 if figures.tax_rate is not None else None, None),
        col.figure(result.annuity_factor, 4),
    )


def _lines(ctx: ReportContext, option: Option, kind: CashKind) -> list[CashItem]:
    return _expected_lines(ctx).get((option.id, kind), [])


def _expected_lines(ctx: ReportContext) -> dict[tuple[int, CashKind], list[CashItem]]:
    """The expected cash lines by option and kind, in order (grouped once, not searched per option)."""
    if "_expected_cash_lines" not in ctx.__dict__:
        found: dict[tuple[int, CashKind], list[CashItem]] = {}
        for line in ctx.rows(CashItem):
            if line.basis == EffectBasis.expected:
                found.setdefault((line.option_id, line.kind), []).append(line)
        ctx.__dict__["_expected_cash_lines"] = found
    return ctx.__dict__["_expected_cash_lines"]


def _amount(line: CashItem) -> float:
    """The line's amount as the engine takes it: entered, or quantity × unit price (calc.economics)."""
    if line.amount is not None:
        return line.amount
    return CashLine.priced(line.item_zh, line.quantity or 0.0, line.unit_price or 0.0).amount


def _option_economics(ctx: ReportContext, index: int, option: Option, result: EconomicResult) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(_("（{0}）{1} {2}").format(index, option.code, option.title_zh)),
        Paragraph(_terms_text(ctx, option, result)),
    ]
    investment = _lines(ctx, option, CashKind.investment)
    if investment:
        blocks.append(
            Table(
                _("{0} 投资费用").format(option.code),
                [col.text(_("项目")), col.investment(_("金额"))],
                [[line.item_zh, _amount(line)] for line in investment],
                total_row=[ctx.template.labels.total_row, result.investment],
            )
        )
    savings, added = _lines(ctx, option, CashKind.saving), _lines(ctx, option, CashKind.added_cost)
    if savings or added:
        blocks.append(_cash_table(ctx, option, result, savings, added))
    return blocks


def _cash_table(ctx, option: Option, result: EconomicResult, savings, added) -> Table:
    columns = [
        col.text(_("类别")),
        col.text(_("项目")),
        col.number(_("数量"), "", None),
        col.centered(_("单位")),
        col.number(_("单价"), _("元"), None),
        col.Column(_("金额"), _("元/a"), "money", 2),
    ]
    rows = []
    for label, lines, subtotal in (
        (_("年节约"), savings, result.savings_total),
        (_("新增运行费用"), added, result.added_costs_total),
    ):
        for i, line in enumerate(lines):
            rows.append(
                [
                    label if i == 0 else "",
                    line.item_zh,
                    line.quantity,
                    line.unit,
                    line.unit_price,
                    _amount(line),
                ]
            )
        rows.append(["", _("{0}小计").format(label), "", "", "", subtotal])
    return Table(
        _("{0} 年运行费用节约和新增费用").format(option.code),
        columns,
        rows,
        total_row=["", _("年净节省 P"), "", "", "", result.net_savings],
    )


def recommended(ctx: ReportContext, studied: list[Option]) -> list[Block]:
    rows, chosen = [], []
    for option in ctx.options:
        figures = option_lists.figures(ctx, option.code)
        if figures is None or (figures.economics is None and option.screening != Screening.study):
            continue
        result = figures.economics
        if result is not None:
            verdict = _("推荐实施") if result.verdict.feasible else _("经济不可行，不推荐")
            if result.verdict.feasible:
                chosen.append(f"{option.code} {option.title_zh}")
            rows.append(
                [
                    option.code,
                    option.title_zh,
                    result.investment,
                    result.net_savings,
                    economics_text.payback_cell(result),
                    result.npv,
                    economics_text.irr_cell(result),
                    verdict,
                ]
            )
        else:
            rows.append(
                [
                    option.code,
                    option.title_zh,
                    figures.investment,
                    figures.expected_savings,
                    figures.simple_payback,
                    None,
                    None,
                    _("投资较小，按简单回收期评价"),
                ]
            )
    if not rows:
        return [Paragraph(_("本轮审核没有需要推荐的中/高费方案。"))]
    text = (
        _("经技术、环境和经济评估，推荐实施的方案为：{0}。").format(col.joined(chosen))
        if chosen
        else _("经评估，没有经济可行的中/高费方案。")
    )
    return [
        Paragraph(text),
        Table(
            _("推荐的可实施方案"),
            [
                col.text(_("编号")),
                col.text(_("方案名称")),
                col.investment(_("投资")),
                col.annual_money(_("年净节省")),
                col.number(_("回收期"), "a", 2),
                col.investment(_("净现值 NPV")),
                col.share(_("内部收益率 IRR")),
                col.text(_("结论")),
            ],
            rows,
            notes=[_("未作完整经济评估的方案，回收期为简单回收期 I/P，不计算净现值和内部收益率。")],
        ),
    ]
