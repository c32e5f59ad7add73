"""第二章 2.5: cleaner production level — measures already taken, the comparison with the industry
evaluation index system (benchmarks Ⅰ/Ⅱ/Ⅲ, the firm's value and level) and the potential analysis."""

from __future__ import annotations

from cp_audit.models import EvaluationIndicator, EvaluationSystem, ExistingMeasure, SiteFinding
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import N_, _
from cp_audit.reports.model import Block, Paragraph, Table

LEVELS = {"I": N_("Ⅰ级"), "II": N_("Ⅱ级"), "III": N_("Ⅲ级"), "below_III": N_("未达Ⅲ级")}


def level_name(level: str | None) -> str | None:
    return _(LEVELS[level]) if level in LEVELS else level


def existing_measures(ctx: ReportContext) -> list[Block]:
    rows = ctx.rows(ExistingMeasure)
    if not rows:
        return [Paragraph(_("企业此前未记录已实施的节能减排及清洁生产措施。"))]
    return [
        Paragraph(_("审核前企业已实施的节能减排及清洁生产措施见下表。")),
        Table(
            _("已实施的节能减排及清洁生产措施"),
            [col.centered(_("年份")), col.text(_("措施"))],
            [[str(m.year) if m.year else "", m.measure_zh] for m in rows],
        ),
    ]


def _system(ctx: ReportContext) -> EvaluationSystem | None:
    return next((s for s in ctx.data.rows(EvaluationSystem) if s.id == ctx.info.evaluation_system_id), None)


def benchmark_comparison(ctx: ReportContext) -> list[Block]:
    summary, system = ctx.results.evaluation, _system(ctx)
    if summary is None or system is None:
        return [Paragraph(_("本行业尚未选定清洁生产评价指标体系，未进行对照。"))]
    rows_by_key = {r.key: r for r in ctx.data.rows(EvaluationIndicator) if r.system_id == system.id}
    baseline = ctx.period_label(ctx.baseline) if ctx.baseline else ""
    rows = []
    for level in summary.indicators:
        row = rows_by_key.get(level.key)
        rows.append(
            [
                level.name_zh,
                level.unit,
                col.yes_no(level.limiting),
                row.level_1 if row else None,
                row.level_2 if row else None,
                row.level_3 if row else None,
                level.before,
                level_name(level.level_before),
            ]
        )
    notes = (
        [_("指标体系仅录入部分指标，本表只对照已录入的指标，不能据此判定企业综合清洁生产水平。")]
        if summary.partial
        else []
    )
    if system.note:
        notes.append(system.note)
    blocks: list[Block] = [
        Paragraph(
            _("对照《{0}》{1}，企业{2}主要指标的清洁生产水平见下表。").format(
                summary.name_zh, _("（来源：{0}）").format(system.source) if system.source else "", baseline
            )
        )
    ]
    blocks.append(
        Table(
            _("与行业清洁生产评价指标体系对照"),
            [
                col.text(_("指标")),
                col.centered(_("单位")),
                col.centered(_("限定性指标")),
                col.number(_("Ⅰ级基准值"), "", None),
                col.number(_("Ⅱ级基准值"), "", None),
                col.number(_("Ⅲ级基准值"), "", None),
                col.number(_("企业现状值"), "", 2),
                col.centered(_("水平")),
            ],
            rows,
            notes=notes,
        )
    )
    if summary.level_before:
        blocks.append(
            Paragraph(
                _("按综合评价指数，企业审核前清洁生产水平为{0}。").format(level_name(summary.level_before))
            )
        )
    return blocks


def potential(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    findings = ctx.rows(SiteFinding)
    if findings:
        blocks.append(Paragraph(_("审核小组对生产现场进行了考察，发现的主要问题见下表。")))
        blocks.append(
            Table(
                _("现场考察发现的问题"),
                [col.text(_("编号")), col.text(_("位置")), col.text(_("问题"))],
                [[f.code, f.location_zh, f.finding_zh] for f in findings],
            )
        )
    blocks += _intensity_table(ctx)
    if not blocks:
        return [Paragraph(_("清洁生产潜力分析资料尚未录入。"))]
    blocks.append(
        Paragraph(
            _(
                "结合现场考察、产排污分析和与行业指标的对照，企业在节水、节约原辅材料、节能和减少危险废物方面"
                "具有清洁生产潜力，具体原因分析见第三章。"
            )
        )
    )
    return blocks


def _intensity_table(ctx: ReportContext) -> list[Block]:
    periods = ctx.full_years
    rows = []
    keys: list[str] = []
    for period in periods:
        keys += [k for k in ctx.results.intensities.get(period.key, {}) if k not in keys]
    for key in keys:
        values = [ctx.results.intensities.get(p.key, {}).get(key) for p in periods]
        first = next(v for v in values if v is not None)
        rows.append([_(first.name_zh), first.unit, *[v.value if v else None for v in values]])
    indicator_keys: list[str] = []
    for period in periods:
        indicator_keys += [k for k in ctx.results.indicators.get(period.key, {}) if k not in indicator_keys]
    for key in indicator_keys:
        values = [ctx.results.indicators.get(p.key, {}).get(key) for p in periods]
        first = next(v for v in values if v is not None)
        rows.append([first.name_zh, first.unit, *[v.value if v else None for v in values]])
    if not rows:
        return []
    product = next(iter(ctx.results.product_output.values()), None)
    notes = [_("单位产品指标按{0}（{1}）计。").format(product.name_zh, product.unit)] if product else []
    return [
        Table(
            _("主要消耗及排放强度指标"),
            [col.text(_("指标")), col.centered(_("单位")), *col.per_period(periods)],
            rows,
            notes=notes,
            key_columns=2,
        )
    ]
