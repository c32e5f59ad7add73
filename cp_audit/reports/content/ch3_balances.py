"""第三章 3.2: each balance of the audit focus — its streams, the closure of every unit operation and of
the whole focus, a flow diagram, the loss distribution, the data reconciliation and the balance-test
indicators (REFERENCE.md §4). Every quantity is the engine's; the report only lays it out."""

from __future__ import annotations

from cp_audit.calc.balances import NO_INPUT
from cp_audit.engine.focus import BalanceFigures
from cp_audit.models import Balance, BalanceTest, ResultNote, Stream, StreamFactor
from cp_audit.models.base import StreamCalc
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.ch2_level import level_name
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Figure, Paragraph, PieChart, Sankey, Table
from cp_audit.reports.sankey import balance_diagram

BALANCE_DECIMALS = 4  # balance tables show 4 decimals (m³/d, kg/d)
PIE_MIN_SHARE = 1.0  # losses under 1 % of the input are drawn together as "其他"
TOP_ADJUSTMENTS = 5


def balances(ctx: ReportContext) -> list[Block]:
    found = ctx.results.assessment.balances
    blocks: list[Block] = []
    for index, balance in enumerate(ctx.rows(Balance), start=1):
        figures = found.get(balance.key)
        if figures is not None:
            blocks += one_balance(ctx, index, balance, figures)
    blocks += test_indicators(ctx)
    return blocks or [Paragraph(_("审核重点的物料平衡尚未建立。"))]


def one_balance(ctx: ReportContext, index: int, balance: Balance, figures: BalanceFigures) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(_("（{0}）{1}").format(index, figures.name_zh)),
        Paragraph(_intro(ctx, figures)),
    ]
    blocks.append(_stream_table(ctx, balance, figures))
    if figures.result is None:
        blocks.append(Paragraph(_("部分物流无法计算，未能给出闭合情况（原因见计算问题清单）。")))
        return blocks
    blocks.append(_closure_table(ctx, figures))
    blocks.append(Paragraph(_closure_text(ctx, figures)))
    blocks += [
        Paragraph(n.note_zh)
        for n in ctx.rows(ResultNote)
        if n.about in figures.result.units_exceeding_tolerance
    ]
    blocks.append(
        Paragraph(
            _("{0}图中 U 开头的编号为单元操作（见单元操作功能说明表），线宽与物流量成比例。").format(
                figures.name_zh
            )
        )
    )
    blocks.append(Figure(_("{0}图").format(figures.name_zh), _sankey(ctx, balance, figures)))
    blocks += _losses(ctx, balance, figures)
    blocks += _reconciliation(figures)
    blocks += [Paragraph(message) for message in figures.carrier_mismatches]
    return blocks


def _intro(ctx: ReportContext, figures: BalanceFigures) -> str:
    rows = ctx.data.rows(BalanceTest)
    test = rows[0] if rows else None
    text = _(
        "{0}以审核重点为边界，单位为 {1}，单元闭合误差 = (Σ输入 − Σ输出) / Σ输入 × 100%，容许偏差 ±{2}%。"
    ).format(figures.name_zh, figures.unit, col.figure(figures.tolerance_pct, None))
    if test and test.dates:
        text += _("数据来自 {0} 的实测（{1} 天，每天 {2} h）。").format(
            col.joined(test.dates), test.days or len(test.dates), col.figure(test.hours_per_day, None)
        )
    return text


def _factors_text(calc: StreamCalc, factors: list[StreamFactor]) -> str:
    if calc == StreamCalc.direct or not factors:
        return ""
    return " × ".join(f"{col.figure(f.value, None)} {f.unit}".strip() for f in factors)


def _stream_table(ctx: ReportContext, balance: Balance, figures: BalanceFigures) -> Table:
    streams = [s for s in ctx.rows(Stream) if s.balance_id == balance.id]
    factors: dict[int, list[StreamFactor]] = {}
    for factor in ctx.data.rows(StreamFactor):
        factors.setdefault(factor.stream_id, []).append(factor)
    rows = []
    for s in streams:
        basis = _factors_text(s.calc, factors.get(s.id, []))
        method = col.nonempty(_("{0}：{1}；").format(_(s.calc.label), basis) if basis else "", s.method_zh)
        rows.append(
            [
                s.code,
                s.name_zh,
                ctx.node_name(ctx.node_code(s.from_node_id)),
                ctx.node_name(ctx.node_code(s.to_node_id)),
                figures.stream_values.get(s.code),
                _(s.status.label),
                method,
            ]
        )
    return Table(
        _("{0}物流实测数据").format(figures.name_zh),
        [
            col.text(_("编号")),
            col.text(_("物流")),
            col.text(_("来自")),
            col.text(_("去向")),
            col.number(_("数量"), figures.unit, BALANCE_DECIMALS),
            col.centered(_("实测/估算")),
            col.text(_("测定方法")),
        ],
        rows,
    )


def _verdict(unit) -> str:
    if not unit.applicable:
        return _("无物流，不适用")
    if unit.closure_error_pct is None:
        return _("无输入") if unit.reason == NO_INPUT else "—"
    return _("超出容许偏差") if unit.exceeds_tolerance else _("合格")


def _overall_verdict(overall) -> str:
    if overall.closure_error_pct is None:
        return "—"
    return _("超出容许偏差") if overall.exceeds_tolerance else _("合格")


def _closure_table(ctx: ReportContext, figures: BalanceFigures) -> Table:
    result = figures.result
    rows = [
        [
            code,
            ctx.node_name(code),
            u.total_in if u.applicable else None,
            u.total_out if u.applicable else None,
            u.difference if u.applicable else None,
            u.closure_error_pct,
            _verdict(u),
        ]
        for code, u in result.per_unit.items()
    ]
    overall = result.overall
    total = [
        _("整体"),
        _("审核重点边界"),
        overall.total_in,
        overall.total_out,
        overall.difference,
        overall.closure_error_pct,
        _overall_verdict(overall),
    ]
    return Table(
        _("{0}各单元闭合情况").format(figures.name_zh),
        [
            col.text(_("单元")),
            col.text(_("名称")),
            col.number(_("Σ输入"), figures.unit, BALANCE_DECIMALS),
            col.number(_("Σ输出"), figures.unit, BALANCE_DECIMALS),
            col.number(_("差值"), figures.unit, BALANCE_DECIMALS),
            col.percent(_("闭合误差")),
            col.centered(_("判定")),
        ],
        rows,
        total_row=total,
        notes=[
            _("单元间物流（内部物流）在整体平衡中相互抵消：{0}。").format(
                col.joined(list(overall.internal_streams))
            )
        ]
        if overall.internal_streams
        else [],
    )


def _closure_text(ctx: ReportContext, figures: BalanceFigures) -> str:
    result = figures.result
    text = _("{0}整体闭合误差为 {1}%。").format(figures.name_zh, col.figure(result.overall.closure_error_pct))
    if result.units_exceeding_tolerance:
        text += _("超出容许偏差的单元：{0}，需查明原因。").format(
            col.joined(
                [
                    _("{0} {1}（{2}%）").format(
                        code, ctx.node_name(code), col.figure(result.per_unit[code].closure_error_pct)
                    )
                    for code in result.units_exceeding_tolerance
                ]
            )
        )
    else:
        text += _("各单元闭合误差均在容许偏差以内。")
    return text


def _sankey(ctx: ReportContext, balance: Balance, figures: BalanceFigures) -> Sankey:
    streams = [s for s in ctx.rows(Stream) if s.balance_id == balance.id]
    nodes, links = balance_diagram(list(ctx.nodes.values()), streams, figures.stream_values)
    return Sankey(nodes, links, figures.unit)


def _losses(ctx: ReportContext, balance: Balance, figures: BalanceFigures) -> list[Block]:
    shares = figures.result.loss_share_pct
    if not shares:
        return []
    streams = {s.code: s for s in ctx.rows(Stream) if s.balance_id == balance.id}
    rows = [
        [
            code,
            streams[code].name_zh if code in streams else "",
            ctx.node_name(ctx.node_code(streams[code].to_node_id)) if code in streams else "",
            figures.stream_values.get(code),
            share,
        ]
        for code, share in shares.items()
    ]
    unaccounted = figures.result.unaccounted_share_pct
    total = [_("未计量（闭合误差）"), "", "", figures.result.overall.difference, unaccounted]
    table = Table(
        _("{0}损失分布").format(figures.name_zh),
        [
            col.text(_("编号")),
            col.text(_("物流")),
            col.text(_("去向")),
            col.number(_("数量"), figures.unit, BALANCE_DECIMALS),
            col.percent(_("占输入比例")),
        ],
        rows,
        total_row=total,
    )
    return [table, Figure(_("{0}损失分布").format(figures.name_zh), _loss_pie(figures, streams))]


def _loss_pie(figures: BalanceFigures, streams: dict[str, Stream]) -> PieChart:
    """The losses in the balance's unit; those under PIE_MIN_SHARE % of the input drawn as one wedge
    so that the small ones stay legible (the table lists each of them)."""
    result = figures.result
    labels, values, other = [], [], []
    for code, share in sorted(result.loss_share_pct.items(), key=lambda item: -item[1]):
        value = figures.stream_values.get(code, 0.0)
        if share >= PIE_MIN_SHARE:
            labels.append(f"{code} {streams[code].name_zh}" if code in streams else code)
            values.append(value)
        elif value > 0:
            other.append(value)
    if other:
        labels.append(_("其他（{0} 项）").format(len(other)))
        values.append(sum(other))
    if result.overall.difference > 0:
        labels.append(_("未计量"))
        values.append(result.overall.difference)
    return PieChart(labels, values, figures.unit)


def _reconciliation(figures: BalanceFigures) -> list[Block]:
    result = figures.reconciliation
    if result is None:
        return []
    if result.passes is None:
        verdict = _("平衡无冗余，无法进行整体检验")
    else:
        verdict = _("通过") if result.passes else _("未通过")
    text = _(
        "采用加权最小二乘法对实测数据进行协调：χ² = {0}，自由度 {1}，95% 临界值 {2}，整体检验{3}。"
    ).format(
        col.figure(result.chi_square), result.degrees_of_freedom, col.figure(result.critical_value), verdict
    )
    if result.suspects:
        text += _("可疑物流（标准化调整量大于 1.96）：{0}，应复核其测定。").format(
            col.joined(list(result.suspects))
        )
    else:
        text += _("未发现可疑物流（标准化调整量均不大于 1.96）。")
    rows = [
        [code, s.measured, s.reconciled, s.adjustment_pct, s.normalised_adjustment]
        for code in result.ranking[:TOP_ADJUSTMENTS]
        if (s := result.streams[code])
    ]
    blocks: list[Block] = [Paragraph(text)]
    if rows:
        blocks.append(
            Table(
                _("{0}数据协调（调整量最大的物流）").format(figures.name_zh),
                [
                    col.text(_("编号")),
                    col.number(_("实测值"), figures.unit, BALANCE_DECIMALS),
                    col.number(_("协调值"), figures.unit, BALANCE_DECIMALS),
                    col.percent(_("调整量")),
                    col.number(_("标准化调整量"), "", 2),
                ],
                rows,
            )
        )
    return blocks


def test_indicators(ctx: ReportContext) -> list[Block]:
    values = [v for v in ctx.results.assessment.indicators.values() if v.value is not None]
    if not values:
        return []
    levels = ctx.results.assessment.indicator_levels
    return [
        Paragraph(_("根据平衡测试数据计算的审核重点主要指标见下表。")),
        Table(
            _("平衡测试指标"),
            [
                col.text(_("指标")),
                col.centered(_("单位")),
                col.number(_("数值"), "", 2),
                col.centered(_("对照评价指标体系")),
            ],
            [[v.name_zh, v.unit, v.value, level_name(levels.get(v.key))] for v in values],
        ),
    ]
