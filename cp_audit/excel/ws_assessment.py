"""Phase 3 评估 worksheets: 审核重点单元操作功能说明, one 物料平衡 sheet per balance (each unit operation's
input and output streams with live SUM, difference and closure-error formulas, then the focus boundary;
REFERENCE.md §4.1–4.2, §4.5) and 废弃物产生原因分析 by the eight aspects (§2.1)."""

from __future__ import annotations

from cp_audit.excel import styles
from cp_audit.excel.cells import Formula, Styled
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.i18n import N_
from cp_audit.models import Balance, Cause, CauseNode, CauseStream, Node, Stream
from cp_audit.models.base import Aspect, NodeKind

VALUE_COLUMN = 5  # column E of a balance sheet holds the quantities


def unit_operations_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("3-1", N_("审核重点单元操作功能说明"))
    sheet.table(
        [
            Column(N_("编号"), "code"),
            Column(N_("单元操作")),
            Column(N_("功能")),
            Column(N_("主要设备")),
            Column(N_("工艺参数")),
        ]
    )
    nodes = _nodes(ctx)
    for node in (n for n in nodes if n.kind == NodeKind.unit_operation):
        sheet.add([node.code, node.name_zh, node.function_zh, node.equipment_zh, node.parameters_zh])
    outside = [n for n in nodes if n.kind != NodeKind.unit_operation]
    if outside:
        sheet.blank()
        sheet.table(
            [
                Column(N_("编号"), "code"),
                Column(N_("边界外节点")),
                Column(N_("类型")),
                Column(N_("产品去向（不计为损失）"), "code"),
                Column(N_("说明")),
            ]
        )
        for node in outside:
            sheet.add([node.code, node.name_zh, ctx.label(node.kind), node.is_product, node.function_zh])
    return [sheet]


def _nodes(ctx: ExportContext) -> list[Node]:
    return sorted(ctx.data.rows(Node), key=lambda n: (n.position, n.id))


def balance_sheets(ctx: ExportContext) -> list[SheetBuilder]:
    balances = sorted(ctx.data.rows(Balance), key=lambda b: (b.position, b.id))
    return [_balance_sheet(ctx, balance) for balance in balances]


def _balance_sheet(ctx: ExportContext, balance: Balance) -> SheetBuilder:
    sheet = ctx.sheet("3-2", ctx._("{0}（{1}）").format(ctx._("物料平衡"), balance.name_zh))
    sheet.table(
        [
            Column(N_("方向"), "code"),
            Column(N_("编号"), "code"),
            Column(N_("物流")),
            Column(N_("来自/去向")),
            Column(N_("数量"), "qty", balance.unit),
            Column(N_("实测/估算"), "code"),
            Column(N_("方法")),
        ]
    )
    figures = ctx.results.assessment.balances.get(balance.key)
    values = figures.stream_values if figures else {}
    nodes = {n.id: n for n in ctx.data.rows(Node)}
    streams = sorted(ctx.grouped(Stream, "balance_id").get(balance.id, ()), key=lambda s: (s.position, s.id))
    inputs_of: dict[int, list[Stream]] = {}
    outputs_of: dict[int, list[Stream]] = {}
    for stream in streams:  # grouped once, in sheet order, instead of a scan per unit operation
        inputs_of.setdefault(stream.to_node_id, []).append(stream)
        outputs_of.setdefault(stream.from_node_id, []).append(stream)
    writer = _BalanceWriter(ctx, sheet, nodes, values)
    for node in (n for n in _nodes(ctx) if n.kind == NodeKind.unit_operation):
        inputs, outputs = inputs_of.get(node.id, []), outputs_of.get(node.id, [])
        writer.block(f"{node.code} {node.name_zh}", inputs, outputs)
    inputs, outputs = _boundary(streams, nodes, figures)
    writer.block(ctx._("审核重点整体（边界）"), inputs, outputs)
    _balance_notes(ctx, sheet, balance, figures)
    return sheet


def _boundary(streams: list[Stream], nodes: dict[int, Node], figures) -> tuple[list[Stream], list[Stream]]:
    """Streams crossing the focus boundary: the engine's lists when it closed the balance, else by node kind."""
    result = figures.result if figures else None
    if result is not None:
        by_code = {s.code: s for s in streams}
        return (
            [by_code[c] for c in result.overall.inputs if c in by_code],
            [by_code[c] for c in result.overall.outputs if c in by_code],
        )
    inside = NodeKind.unit_operation
    return (
        [s for s in streams if nodes[s.from_node_id].kind != inside and nodes[s.to_node_id].kind == inside],
        [s for s in streams if nodes[s.from_node_id].kind == inside and nodes[s.to_node_id].kind != inside],
    )


class _BalanceWriter:
    def __init__(
        self, ctx: ExportContext, sheet: SheetBuilder, nodes: dict[int, Node], values: dict[str, float]
    ):
        self.ctx, self.sheet, self.nodes, self.values = ctx, sheet, nodes, values

    def block(self, title: str, inputs: list[Stream], outputs: list[Stream]) -> None:
        _ = self.ctx._
        self.sheet.section(title)
        if not inputs and not outputs:
            self.sheet.note(_("本平衡中此单元没有物流，不计算平衡偏差。"))
            return
        total_in = self._side(_("输入"), inputs, _("输入合计"), self.nodes_from)
        total_out = self._side(_("输出"), outputs, _("输出合计"), self.nodes_to)
        e = "E"
        self.sheet.total([_("差值"), "", "", "", Formula(f"={e}{total_in}-{e}{total_out}"), "", ""])
        closure = Formula(f"=({e}{total_in}-{e}{total_out})/{e}{total_in}") if inputs else _("无输入")
        self.sheet.total(
            [
                _("平衡偏差"),
                "",
                "",
                "",
                Styled(closure, styles.style_name("ratio", total=True)),
                "",
                _("(Σ输入 − Σ输出) / Σ输入"),
            ]
        )

    def _side(self, label: str, streams: list[Stream], total_label: str, other_end) -> int:
        first = self.sheet.next_row
        for stream in streams:
            self.sheet.add(
                [
                    label,
                    stream.code,
                    stream.name_zh,
                    other_end(stream),
                    self.values.get(stream.code),
                    self.ctx.label(stream.status),
                    stream.method_zh,
                ]
            )
        total = (
            Formula(f"=SUM({self.sheet.span(VALUE_COLUMN, first, self.sheet.next_row - 1)})")
            if streams
            else 0
        )
        return self.sheet.total([total_label, "", "", "", total, "", ""])

    def nodes_from(self, stream: Stream) -> str:
        node = self.nodes[stream.from_node_id]
        return f"{self.ctx._('来自')} {node.code} {node.name_zh}"

    def nodes_to(self, stream: Stream) -> str:
        node = self.nodes[stream.to_node_id]
        return f"{self.ctx._('去向')} {node.code} {node.name_zh}"


def _balance_notes(ctx: ExportContext, sheet: SheetBuilder, balance: Balance, figures) -> None:
    tolerance = (
        figures.tolerance_pct if figures else (balance.tolerance_pct or ctx.info.balance_tolerance_pct)
    )
    exceeding = (
        ctx._("、").join(figures.result.units_exceeding_tolerance) if figures and figures.result else ""
    )
    sheet.note(ctx._("容许偏差 {0:g}%；超出容许偏差的单元：{1}").format(tolerance, exceeding or ctx._("无")))
    missing = [
        s
        for s in ctx.grouped(Stream, "balance_id").get(balance.id, ())
        if s.code not in (figures.stream_values if figures else {})
    ]
    if missing:
        sheet.note(ctx._("无法计算数量的物流（见计算问题）：") + ctx._("、").join(s.code for s in missing))


def causes_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Causes grouped by the eight aspects, each with its unit operations and streams, and a count per aspect."""
    sheet = ctx.sheet("3-3", N_("废弃物产生原因分析"))
    sheet.table(
        [
            Column(N_("方面")),
            Column(N_("编号"), "code"),
            Column(N_("原因")),
            Column(N_("位置")),
            Column(N_("相关单元操作"), "code"),
            Column(N_("相关物流"), "code"),
        ]
    )
    node_codes = {n.id: n.code for n in ctx.data.rows(Node)}
    stream_codes = {s.id: s.code for s in ctx.data.rows(Stream)}
    links_n = _links(ctx.data.rows(CauseNode), "node_id", node_codes)
    links_s = _links(ctx.data.rows(CauseStream), "stream_id", stream_codes)
    causes = sorted(ctx.data.rows(Cause), key=lambda c: (list(Aspect).index(c.aspect), c.position, c.id))
    first = sheet.next_row
    for cause in causes:
        sheet.add(
            [
                ctx.label(cause.aspect),
                cause.code,
                cause.cause_zh,
                cause.location_zh,
                ctx._("、").join(links_n.get(cause.id, [])),
                ctx._("、").join(links_s.get(cause.id, [])),
            ]
        )
    last = sheet.next_row - 1
    sheet.blank()
    sheet.table([Column(N_("方面")), Column(N_("原因数"), "count")])
    for aspect in Aspect:
        label = ctx.label(aspect)
        count = Formula(f'=COUNTIF({sheet.span(1, first, last)},"{label}")') if causes else 0
        sheet.add([label, count])
    missing = ctx.results.assessment.aspects_without_causes
    if missing:
        sheet.note(ctx._("未分析出原因的方面：") + ctx._("、").join(ctx.label(Aspect(a)) for a in missing))
    return [sheet]


def _links(rows, column: str, codes: dict[int, str]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in rows:
        found.setdefault(row.cause_id, []).append(codes.get(getattr(row, column), "?"))
    return found
