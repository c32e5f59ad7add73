"""第三章 评估: the audit focus (unit operations, the balance test, an overview of its water flows), the
balances (ch3_balances), the causes of waste by the eight aspects and the no/low-cost options of phase 3."""

from __future__ import annotations

from cp_audit.engine.focus import water_balance
from cp_audit.models import BalanceTest, Cause, CauseNode, CauseStream, Node, Stream
from cp_audit.models.base import Aspect, NodeKind
from cp_audit.reports.content import ch3_balances
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.content.option_lists import phase_options
from cp_audit.reports.model import Block, Figure, Paragraph, Sankey, SankeyLink, SankeyNode, Table

FOCUS_NODE = "__focus__"
UNACCOUNTED_NODE = "__unaccounted__"


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {
        "3.1": focus(ctx),
        "3.2": ch3_balances.balances(ctx),
        "3.3": causes(ctx),
        "3.4": no_low_options(ctx),
    }


def _focus_name(ctx: ReportContext) -> str:
    return ctx.results.performance.audit_focus_zh or _("审核重点")


def focus(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = [Paragraph(_test_text(ctx))]
    units = [n for n in ctx.rows(Node) if n.kind == NodeKind.unit_operation]
    if units:
        blocks.append(
            Paragraph(
                _("{0}由 {1} 个单元操作组成：{2}。").format(
                    _focus_name(ctx), len(units), _("→").join(f"{u.code} {u.name_zh}" for u in units)
                )
            )
        )
        blocks.append(
            Table(
                _("审核重点单元操作功能说明"),
                [
                    col.text(_("编号")),
                    col.text(_("单元操作")),
                    col.text(_("功能")),
                    col.text(_("设备")),
                    col.text(_("工艺参数")),
                ],
                [[u.code, u.name_zh, u.function_zh, u.equipment_zh, u.parameters_zh] for u in units],
            )
        )
    overview = _water_overview(ctx)
    if overview is not None:
        blocks.append(overview)
    return blocks


def _test_text(ctx: ReportContext) -> str:
    rows = ctx.data.rows(BalanceTest)
    test = rows[0] if rows else None
    text = _("本轮审核重点为{0}。").format(_focus_name(ctx))
    if test and test.dates:
        text += _("审核小组于 {0} 对审核重点进行了实测，共 {1} 天，每天运行 {2} h").format(
            col.joined(test.dates), test.days or len(test.dates), col.figure(test.hours_per_day, None)
        )
        text += _("，计算基准为{0}").format(test.basis_zh) if test.basis_zh else ""
        text += _("。")
    if test and test.instruments_zh:
        text += _("使用的计量器具：{0}。").format(test.instruments_zh)
    return text


def _water_overview(ctx: ReportContext) -> Figure | None:
    """Where the focus's water comes from and goes: sources → focus → sinks, with what is unaccounted."""
    balance = water_balance(ctx.results.assessment)
    if balance is None or balance.result is None:
        return None
    result = balance.result
    focus_label = _focus_name(ctx)
    nodes = [SankeyNode(FOCUS_NODE, focus_label)]
    links = []
    for code, value in result.by_source.items():
        nodes.append(SankeyNode(code, ctx.node_name(code)))
        links.append(SankeyLink(code, FOCUS_NODE, value))
    for code, value in result.by_sink.items():
        nodes.append(SankeyNode(code, ctx.node_name(code)))
        links.append(SankeyLink(FOCUS_NODE, code, value))
    if result.overall.difference > 0:
        nodes.append(SankeyNode(UNACCOUNTED_NODE, _("未计量损失"), loss=True))
        links.append(SankeyLink(FOCUS_NODE, UNACCOUNTED_NODE, result.overall.difference))
    return Figure(_("{0}水量输入输出示意图").format(focus_label), Sankey(nodes, links, balance.unit))


def causes(ctx: ReportContext) -> list[Block]:
    rows = ctx.rows(Cause)
    if not rows:
        return [Paragraph(_("废弃物产生原因分析尚未录入。"))]
    figures = ctx.results.assessment
    nodes = {n.id: n.code for n in ctx.rows(Node)}
    streams = {s.id: s.code for s in ctx.rows(Stream)}
    cause_nodes: dict[int, list[str]] = {}
    for link in ctx.data.rows(CauseNode):
        cause_nodes.setdefault(link.cause_id, []).append(nodes.get(link.node_id, ""))
    cause_streams: dict[int, list[str]] = {}
    for link in ctx.data.rows(CauseStream):
        cause_streams.setdefault(link.cause_id, []).append(streams.get(link.stream_id, ""))
    table_rows = []
    for aspect in Aspect:
        group = [c for c in rows if c.aspect == aspect]
        for index, cause in enumerate(group):
            where = cause.location_zh or "/".join(cause_nodes.get(cause.id, []))
            table_rows.append(
                [
                    _(aspect.label) if index == 0 else "",
                    cause.code,
                    where,
                    col.joined(cause_streams.get(cause.id, [])),
                    cause.cause_zh,
                ]
            )
    counts = col.joined(
        [
            _("{0} {1} 项").format(_(a.label), len(figures.causes_by_aspect.get(a.value, [])))
            for a in Aspect
            if figures.causes_by_aspect.get(a.value)
        ]
    )
    text = _("从八个方面分析废弃物产生的原因，共找出原因 {0} 项：{1}。").format(len(rows), counts)
    missing = [_(Aspect(a).label) for a in figures.aspects_without_causes]
    text += (
        _("以下方面未发现问题：{0}。").format(col.joined(missing))
        if missing
        else _("八个方面均已分析到具体原因。")
    )
    return [
        Paragraph(text),
        Table(
            _("废弃物产生原因分析"),
            [
                col.text(_("方面")),
                col.text(_("编号")),
                col.text(_("单元/位置")),
                col.text(_("相关物流")),
                col.text(_("原因")),
            ],
            table_rows,
        ),
    ]


def no_low_options(ctx: ReportContext) -> list[Block]:
    return phase_options(ctx, 3, _("评估阶段提出的无/低费方案"))
