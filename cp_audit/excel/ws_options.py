"""Phase 4 方案产生和筛选 worksheets: 方案汇总表 (with the engine's cost class and live tallies by aspect and
class), 方案初步筛选 (with a live class × result count) and 方案权重总和计分排序 (R, W, live R×W, Σ and rank;
REFERENCE.md §2.2, §3.4)."""

from __future__ import annotations

from cp_audit.excel.cells import Formula
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.i18n import N_
from cp_audit.models import Criterion, Option, OptionScore
from cp_audit.models.base import Aspect, CriterionScope, Screening

TWO_WAY_CLASSES = ("no_low", "medium_high")


def options(ctx: ExportContext) -> list[Option]:
    return sorted(ctx.data.rows(Option), key=lambda o: (o.position, o.id))


def two_way_class(ctx: ExportContext, option: Option) -> str:
    """无/低费 or 中/高费 as the report tables count them (中费 and 高费 are both 中/高费)."""
    figures = ctx.results.options.options.get(option.code)
    value = figures.cost_class if figures else "unclassified"
    return ctx.cost_class("medium_high" if value in ("medium", "high") else value)


def summary_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("4-1", N_("方案汇总表"))
    sheet.table(
        [
            Column(N_("编号"), "code"),
            Column(N_("方案名称")),
            Column(N_("方面")),
            Column(N_("来源")),
            Column(N_("提出阶段"), "count"),
            Column(N_("投资"), "money", ctx.currency),
            Column(N_("预期年经济效益"), "money", f"{ctx.currency}/a"),
            Column(N_("费用类别"), "code"),
            Column(N_("初步筛选"), "code"),
            Column(N_("状态"), "code"),
            Column(N_("币种"), "code"),
            Column(N_("方案简介")),
        ]
    )
    rows = options(ctx)
    first = sheet.next_row
    for option in rows:
        figures = ctx.results.options.options.get(option.code)
        sheet.add(
            [
                option.code,
                option.title_zh,
                ctx.label(option.aspect),
                option.source_zh,
                option.proposed_in_phase,
                option.investment,
                option.expected_savings,
                ctx.cost_class(figures.cost_class if figures else None),
                ctx.label(option.screening),
                ctx.label(option.status),
                option.currency,
                option.description_zh,
            ]
        )
    last = sheet.next_row - 1
    if not rows:
        return [sheet]
    sheet.total(
        [
            ctx._("合计"),
            f"{len(rows)} {ctx._('项')}",
            "",
            "",
            "",
            Formula(f"=SUM({sheet.span(6, first, last)})"),
            Formula(f"=SUM({sheet.span(7, first, last)})"),
            "",
            "",
            "",
            "",
            "",
        ]
    )
    sheet.blank()
    _tally(ctx, sheet, N_("方面"), [ctx.label(a) for a in Aspect], 3, first, last)
    sheet.blank()
    classes = sorted({ctx.cost_class(f.cost_class) for f in ctx.results.options.options.values()})
    _tally(ctx, sheet, N_("费用类别"), classes, 8, first, last)
    return [sheet]


def _tally(
    ctx: ExportContext,
    sheet: SheetBuilder,
    header: str,
    labels: list[str],
    column: int,
    first: int,
    last: int,
) -> None:
    """Count, investment and expected savings per label, as live COUNTIF/SUMIF formulas over the register."""
    sheet.table(
        [
            Column(header),
            Column(N_("方案数"), "count"),
            Column(N_("投资"), "money", ctx.currency),
            Column(N_("预期年经济效益"), "money", f"{ctx.currency}/a"),
        ]
    )
    keys = sheet.span(column, first, last)
    for label in labels:
        criterion = '"' + label.replace('"', '""') + '"'
        sheet.add(
            [
                label,
                Formula(f"=COUNTIF({keys},{criterion})"),
                Formula(f"=SUMIF({keys},{criterion},{sheet.span(6, first, last)})"),
                Formula(f"=SUMIF({keys},{criterion},{sheet.span(7, first, last)})"),
            ]
        )


def screening_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("4-2", N_("方案初步筛选"))
    sheet.table(
        [
            Column(N_("编号"), "code"),
            Column(N_("方案名称")),
            Column(N_("费用类别"), "code"),
            Column(N_("初步筛选"), "code"),
            Column(N_("筛选理由")),
        ]
    )
    rows = options(ctx)
    first = sheet.next_row
    for option in rows:
        sheet.add(
            [
                option.code,
                option.title_zh,
                two_way_class(ctx, option),
                ctx.label(option.screening),
                option.screening_reason_zh,
            ]
        )
    last = sheet.next_row - 1
    if rows:
        sheet.blank()
        results = [ctx.label(s) for s in Screening]
        sheet.table(
            [Column(N_("费用类别"))]
            + [Column(r, "count", literal=True) for r in results]
            + [Column(N_("合计"), "count")]
        )
        for value in TWO_WAY_CLASSES:
            label = ctx.cost_class(value)
            at = sheet.next_row
            counts = [
                Formula(
                    f'=COUNTIFS({sheet.span(3, first, last)},"{label}",{sheet.span(4, first, last)},"{r}")'
                )
                for r in results
            ]
            sheet.add([label] + counts + [Formula(f"=SUM(B{at}:{sheet.ref(len(results) + 1, at)})")])
    if ctx.info.option_screening_decision_zh:
        sheet.note(ctx._("筛选结论：") + ctx.info.option_screening_decision_zh)
    return [sheet]


def option_scoring_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Options as rows; R per criterion, R×W = R × the weight row (live), Σ and RANK (REFERENCE.md §3.4)."""
    sheet = ctx.sheet("4-3", N_("方案权重总和计分排序"))
    criteria = sorted(
        (c for c in ctx.data.rows(Criterion) if c.scope == CriterionScope.option),
        key=lambda c: (c.position, c.id),
    )
    scores = {(s.option_id, s.criterion_id): s.score for s in ctx.data.rows(OptionScore)}
    scored = [o for o in options(ctx) if any((o.id, c.id) in scores for c in criteria)]
    k = len(criteria)
    named = [Column(c.name_zh, "score", literal=True) for c in criteria]
    sheet.table(
        [Column(N_("编号"), "code"), Column(N_("方案名称"))]
        + named
        + named
        + [Column(N_("总分 Σ R×W"), "score"), Column(N_("排序"), "count")],
        group_headers=[("", 2), (ctx._("得分 R"), k), ("R×W", k), ("", 2)] if k else (),
    )
    if not criteria:
        return [sheet]
    weight_row = sheet.total([ctx._("权重 W"), ""] + [c.weight for c in criteria] + [""] * (k + 2))
    first = sheet.next_row
    last = first + len(scored) - 1
    for option in scored:
        at = sheet.next_row
        products = [
            Formula(f"={sheet.ref(3 + i, at)}*{sheet.ref(3 + i, weight_row, absolute=True)}")
            for i in range(k)
        ]
        total = Formula(f"=SUM({sheet.ref(3 + k, at)}:{sheet.ref(2 + 2 * k, at)})")
        rank = Formula(
            f"=RANK({sheet.ref(3 + 2 * k, at)},{sheet.ref(3 + 2 * k, first, absolute=True)}:"
            f"{sheet.ref(3 + 2 * k, last, absolute=True)})"
        )
        sheet.add(
            [option.code, option.title_zh]
            + [scores.get((option.id, c.id)) for c in criteria]
            + products
            + [total, rank]
        )
    return [sheet]
