"""Choosing the audit focus and setting targets: 备选审核重点情况汇总, 备选审核重点权重总和计分排序 (R, W and
live R×W, Σ and rank formulas, REFERENCE.md §3.1–3.3) and 清洁生产目标."""

from __future__ import annotations

from cp_audit.excel.cells import Formula
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.i18n import N_
from cp_audit.models import Criterion, FocusCandidate, FocusScore, Target
from cp_audit.models.base import CriterionScope


def candidates_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-9", N_("备选审核重点情况汇总"))
    sheet.table(
        [
            Column(N_("代号"), "code"),
            Column(N_("备选审核重点")),
            Column(N_("用水"), "qty", "m³"),
            Column(N_("用电"), "qty", "kWh"),
            Column(N_("废水"), "qty", "m³"),
            Column(N_("危废"), "qty", "t"),
            Column(N_("主要污染物")),
            Column(N_("环保费用"), "money", ctx.currency),
        ]
    )
    for c in _candidates(ctx):
        sheet.add(
            [
                c.key,
                c.name_zh,
                c.water_m3,
                c.electricity_kwh,
                c.wastewater_m3,
                c.hazardous_waste_t,
                c.main_pollutants_zh,
                c.env_cost,
            ]
        )
    return [sheet]


def _candidates(ctx: ExportContext) -> list[FocusCandidate]:
    return sorted(ctx.data.rows(FocusCandidate), key=lambda c: (c.position, c.id))


def focus_scoring_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Criteria as rows (W), candidates as column pairs (R, R×W = W×R live), then Σ and rank rows."""
    sheet = ctx.sheet("2-10", N_("备选审核重点权重总和计分排序"))
    criteria = sorted(
        (c for c in ctx.data.rows(Criterion) if c.scope == CriterionScope.focus),
        key=lambda c: (c.position, c.id),
    )
    candidates = _candidates(ctx)
    scores = {(s.candidate_id, s.criterion_id): s.score for s in ctx.data.rows(FocusScore)}
    columns = [Column(N_("因素")), Column(N_("权重 W"), "score")]
    for _candidate in candidates:
        columns += [Column(N_("得分 R"), "score"), Column("R×W", "score", literal=True)]
    sheet.table(columns, group_headers=[("", 2)] + [(c.name_zh, 2) for c in candidates])
    first = sheet.next_row
    for criterion in criteria:
        at = sheet.next_row
        row = [criterion.name_zh, criterion.weight]
        for index, candidate in enumerate(candidates):
            r_column = 3 + 2 * index
            row += [
                scores.get((candidate.id, criterion.id)),
                Formula(f"={sheet.ref(2, at, absolute=True)}*{sheet.ref(r_column, at)}"),
            ]
        sheet.add(row)
    last = sheet.next_row - 1
    if criteria and candidates:
        _totals(ctx, sheet, candidates, first, last)
    _choice_note(ctx, sheet)
    return [sheet]


def _totals(ctx: ExportContext, sheet: SheetBuilder, candidates, first: int, last: int) -> None:
    total_row = sheet.next_row
    totals = [ctx._("总分 Σ R×W"), Formula(f"=SUM({sheet.span(2, first, last)})")]
    for index in range(len(candidates)):
        totals += ["", Formula(f"=SUM({sheet.span(4 + 2 * index, first, last)})")]
    sheet.total(totals)
    cells = [sheet.ref(4 + 2 * index, total_row) for index in range(len(candidates))]
    ranks = [ctx._("排序"), ""]
    for cell in cells:
        # 1 + the number of higher totals: competition ranking (1, 1, 3) as in the engine, and it needs
        # no union reference, which not every spreadsheet reads the same way.
        higher = "+".join(f"({other}>{cell})" for other in cells if other != cell)
        ranks += ["", Formula(f"=1+{higher}" if higher else "=1")]
    sheet.total(ranks)


def _choice_note(ctx: ExportContext, sheet: SheetBuilder) -> None:
    focus = ctx.results.focus
    names = {c.key: c.name_zh for c in _candidates(ctx)}
    leader = names.get(
        focus.chosen_key or "", ctx._("（并列第一，由审核小组决定）") if focus.weighted_sum else "—"
    )
    chosen = names.get(focus.chosen_by_team or "", "—")
    sheet.note(ctx._("权重总和计分最高：{0}；审核小组确定的审核重点：{1}").format(leader, chosen))
    if ctx.info.focus_score_scale:
        sheet.note(ctx._("评分标准：") + ctx.info.focus_score_scale)


def targets_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Baseline (the engine's value), near- and long-term targets, and their change as live formulas."""
    sheet = ctx.sheet("2-11", N_("清洁生产目标"))
    sheet.table(
        [
            Column(N_("编号"), "code"),
            Column(N_("指标")),
            Column(N_("单位"), "code"),
            Column(N_("方向"), "code"),
            Column(N_("基准年"), "code"),
            Column(N_("基准值"), "qty"),
            Column(N_("近期目标"), "qty"),
            Column(N_("近期目标期限"), "date"),
            Column(N_("较基准变化"), "ratio", "%"),
            Column(N_("中长期目标"), "qty"),
            Column(N_("中长期目标期限"), "date"),
            Column(N_("较基准变化"), "ratio", "%"),
        ]
    )
    results = {t.code: t for t in ctx.results.targets}
    for target in sorted(ctx.data.rows(Target), key=lambda t: (t.position, t.id)):
        at = sheet.next_row
        result = results.get(target.code)
        baseline = result.baseline if result else target.baseline_entered
        sheet.add(
            [
                target.code,
                target.name_zh,
                target.unit,
                target.direction.symbol,
                target.baseline_period_key,
                baseline,
                target.near_value,
                target.near_by,
                _change(at, "G", baseline, target.near_value),
                target.long_value,
                target.long_by,
                _change(at, "J", baseline, target.long_value),
            ]
        )
    return [sheet]


def _change(row: int, column: str, baseline: float | None, value: float | None):
    if not baseline or value is None:
        return None
    return Formula(f"=({column}{row}-F{row})/F{row}")
