"""Phase 5 可行性分析 worksheets for the options the engine evaluated: 投资费用统计表, 运行费用和收益统计表
and 经济评估指标汇总表, whose D, T, E, F, N, NPV, NPVR and IRR are live formulas over the engine's inputs
I, P, Y, n, tax and discount rate (REFERENCE.md §5.1)."""

from __future__ import annotations

from dataclasses import dataclass

from cp_audit.excel import styles
from cp_audit.excel.cells import Formula, Styled
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.excel.ws_options import options
from cp_audit.i18n import N_
from cp_audit.models import CashFlowYear, CashItem, Option
from cp_audit.models.base import CashKind, EffectBasis


@dataclass(frozen=True)
class Evaluation:
    option: Option
    basis: EffectBasis
    result: object  # cp_audit.calc.economics.EconomicResult

    @property
    def heading(self) -> str:
        return f"{self.option.code} {self.option.title_zh}"


def evaluations(ctx: ExportContext, *, actual: bool = True) -> list[Evaluation]:
    found = []
    for option in options(ctx):
        figures = ctx.results.options.options.get(option.code)
        if figures is None:
            continue
        if figures.economics is not None:
            found.append(Evaluation(option, EffectBasis.expected, figures.economics))
        if actual and figures.post_economics is not None:
            found.append(Evaluation(option, EffectBasis.actual, figures.post_economics))
    return found


def _lines(ctx: ExportContext, option: Option, basis: EffectBasis, *kinds: CashKind) -> list[CashItem]:
    rows = [
        c
        for c in ctx.grouped(CashItem, "option_id").get(option.id, ())
        if c.basis == basis and c.kind in kinds
    ]
    return sorted(rows, key=lambda c: (c.position, c.id))


def investment_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("5-1", N_("投资费用统计表"))
    sheet.table(
        [
            Column(N_("项目")),
            Column(N_("金额"), "money", ctx.currency),
            Column(N_("原币金额"), "money"),
            Column(N_("原币"), "code"),
        ]
    )
    for evaluation in evaluations(ctx, actual=False):
        sheet.section(evaluation.heading)
        lines = _lines(ctx, evaluation.option, evaluation.basis, CashKind.investment)
        first = sheet.next_row
        for line in lines:
            sheet.add([line.item_zh, _amount(line), line.original_amount, line.original_currency])
        if not lines:
            sheet.add([ctx._("总投资（未分项）"), evaluation.result.investment, None, ""])
        sheet.total(
            [ctx._("总投资 I"), Formula(f"=SUM({sheet.span(2, first, sheet.next_row - 1)})"), None, ""]
        )
    return [sheet]


def _amount(line: CashItem):
    """An investment line's amount: typed, or quantity × unit price as a live formula."""
    if line.amount is not None or line.quantity is None or line.unit_price is None:
        return line.amount
    return Formula(f"={line.quantity!r}*{line.unit_price!r}")


def operating_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Savings and added operating costs per option; P = savings − added costs (live)."""
    sheet = ctx.sheet("5-2", N_("运行费用和收益统计表"))
    sheet.table(
        [
            Column(N_("类别"), "code"),
            Column(N_("项目")),
            Column(N_("数量"), "qty"),
            Column(N_("单位"), "code"),
            Column(N_("单价"), "money"),
            Column(N_("年金额"), "money", f"{ctx.currency}/a"),
        ]
    )
    for evaluation in evaluations(ctx):
        suffix = ctx._("（实际）") if evaluation.basis == EffectBasis.actual else ""
        sheet.section(evaluation.heading + suffix)
        if _lines(ctx, evaluation.option, evaluation.basis, CashKind.saving, CashKind.added_cost):
            savings = _cash_block(ctx, sheet, evaluation, CashKind.saving)
            costs = _cash_block(ctx, sheet, evaluation, CashKind.added_cost)
            net = Formula(f"=F{savings}-F{costs}")
        else:
            net = evaluation.result.net_savings  # no breakdown: P is the figure entered on the option
        sheet.total([ctx._("年运行费用总节省金额 P"), "", "", "", "", net])
    return [sheet]


def _cash_block(ctx: ExportContext, sheet: SheetBuilder, evaluation: Evaluation, kind: CashKind) -> int:
    lines = _lines(ctx, evaluation.option, evaluation.basis, kind)
    first = sheet.next_row
    for line in lines:
        at = sheet.next_row
        amount = line.amount
        if amount is None and line.quantity is not None and line.unit_price is not None:
            amount = Formula(f"=C{at}*E{at}")
        sheet.add([ctx.label(kind), line.item_zh, line.quantity, line.unit, line.unit_price, amount])
    label = ctx._("年节约合计") if kind == CashKind.saving else ctx._("新增运行费用合计")
    total = Formula(f"=SUM({sheet.span(6, first, sheet.next_row - 1)})") if lines else 0
    return sheet.total([label, "", "", "", "", total])


# (symbol, label, kind, formula over the rows named by symbol; None = an input value)
INDICATORS = (
    ("I", N_("总投资费用"), "money", None),
    ("P", N_("年运行费用总节省金额"), "money", None),
    ("Y", N_("设备折旧期（年）"), "years", None),
    ("n", N_("经济寿命（年）"), "count", None),
    ("t", N_("所得税税率"), "ratio", None),
    ("i", N_("贴现率"), "ratio", None),
    ("D", N_("年折旧费 D = I / Y"), "money", "={I}/{Y}"),
    ("T", N_("应税利润 T = P − D"), "money", "={P}-{D}"),
    ("E", N_("净利润 E = T × (1 − 税率)"), "money", "={T}*(1-{t})"),
    ("F", N_("年增现金流量 F = E + D"), "money", "={E}+{D}"),
    ("N", N_("投资偿还期 N = I / F（年）"), "years", "={I}/{F}"),
    ("NPV", N_("净现值 NPV = F × (1 − (1 + i)^−n) / i − I"), "money", "={F}*(1-(1+{i})^(-{n}))/{i}-{I}"),
    ("NPVR", N_("净现值率 NPVR = NPV / I"), "ratio", "={NPV}/{I}"),
    ("IRR", N_("内部收益率 IRR（NPV = 0 时的 i）"), "ratio", "=RATE({n},{F},-{I})"),
)


def economics_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """One column per evaluation; rows are the inputs and the live formulas of REFERENCE.md §5.1."""
    sheet = ctx.sheet("5-3", N_("经济评估指标汇总表"))
    found = evaluations(ctx)
    headers = [e.heading + (ctx._("（实际）") if e.basis == EffectBasis.actual else "") for e in found]
    sheet.table(
        [Column(N_("符号"), "code"), Column(N_("指标"))] + [Column(h, "money", literal=True) for h in headers]
    )
    first = sheet.next_row
    rows = {symbol: first + n for n, (symbol, *_rest) in enumerate(INDICATORS)}
    for symbol, label, kind, formula in INDICATORS:
        cells = [_indicator_cell(ctx, e, 3 + n, symbol, kind, formula, rows) for n, e in enumerate(found)]
        sheet.add([symbol, ctx._(label)] + cells)
    verdicts = [ctx._("可行") if e.result.verdict.feasible else ctx._("不可行") for e in found]
    sheet.total(["", ctx._("经济可行性结论")] + verdicts)
    sheet.note(ctx._("可行的条件：NPV ≥ 0，IRR ≥ 贴现率，且投资偿还期短于折旧期（REFERENCE §5.2）。"))
    return [sheet]


def _indicator_cell(
    ctx: ExportContext,
    evaluation: Evaluation,
    column: int,
    symbol: str,
    kind: str,
    formula: str | None,
    rows: dict[str, int],
):
    style = styles.style_name(kind)
    if formula is None:
        return Styled(_input(ctx, evaluation, symbol), style)
    result = evaluation.result
    if _explicit_flows(ctx, evaluation) and symbol in ("N", "NPV", "NPVR", "IRR"):
        # year-by-year cash flows: the uniform-F formulas do not apply; show the engine's figures
        value = {
            "N": result.payback_years,
            "NPV": result.npv,
            "IRR": result.irr,
            "NPVR": None if result.npvr_pct is None else result.npvr_pct / 100,
        }[symbol]
        return Styled(value, style)
    if symbol == "NPV" and _input(ctx, evaluation, "i") == 0:
        formula = "={F}*{n}-{I}"
    refs = {key: SheetBuilder.ref(column, row) for key, row in rows.items()}
    return Styled(Formula(formula.format(**refs)), style)


def _input(ctx: ExportContext, evaluation: Evaluation, symbol: str) -> float | None:
    option, result = evaluation.option, evaluation.result
    if symbol == "I":
        return result.investment
    if symbol == "P":
        return result.net_savings
    if symbol == "Y":
        return option.depreciation_years
    if symbol == "n":
        return option.life_years
    if symbol == "t":
        return option.tax_rate if option.tax_rate is not None else ctx.info.tax_rate
    return option.discount_rate if option.discount_rate is not None else ctx.info.discount_rate


def _explicit_flows(ctx: ExportContext, evaluation: Evaluation) -> bool:
    return evaluation.basis == EffectBasis.expected and evaluation.option.id in ctx.grouped(
        CashFlowYear, "option_id"
    )
