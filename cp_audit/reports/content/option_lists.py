"""Pieces the option chapters share: cost-class, screening and status names, effect summaries and the
short option list used for the no/low-cost options of phases 2 and 3."""

from __future__ import annotations

from cp_audit.engine.options import Effects, OptionFigures
from cp_audit.models import Cause, OptionCause
from cp_audit.models.base import Aspect, OptionStatus, Screening
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import N_, _
from cp_audit.reports.model import Block, Paragraph, Table

COST_CLASSES = {
    "no_low": N_("无/低费"),
    "medium_high": N_("中/高费"),
    "medium": N_("中费"),
    "high": N_("高费"),
    "unclassified": N_("未分类"),
}
TWO_WAY = ("no_low", "medium_high")


def class_name(key: str | None) -> str:
    return _(COST_CLASSES.get(key or "", key or "")) if key else ""


def aspect_name(key: str | None) -> str:
    return _(Aspect(key).label) if key in Aspect.__members__ else (key or "")


def screening_name(key: str | None) -> str:
    return _(Screening(key).label) if key in Screening.__members__ else (key or "")


def status_name(key: str | None) -> str:
    return _(OptionStatus(key).label) if key in OptionStatus.__members__ else (key or "")


def effects_text(ctx: ReportContext, effects: Effects | None) -> str:
    """'电 37,100 kWh/a；镍 420 kg/a': the non-zero effects, negatives marked as increases."""
    if effects is None:
        return ""
    parts = []
    for key, value in effects.values.items():
        if not value:
            continue
        unit = effects.units.get(key, "")
        shown = col.amount(abs(value), unit)
        parts.append(
            _("{0}增加 {1}").format(ctx.resource_name(key), shown)
            if value < 0
            else f"{ctx.resource_name(key)} {shown}"
        )
    return _("；").join(parts)


def cause_codes(ctx: ReportContext) -> dict[int, list[str]]:
    """Option id -> codes of the causes it answers."""
    causes = {c.id: c.code for c in ctx.data.rows(Cause)}
    found: dict[int, list[str]] = {}
    for link in ctx.data.rows(OptionCause):
        if link.cause_id in causes:
            found.setdefault(link.option_id, []).append(causes[link.cause_id])
    return {k: sorted(v) for k, v in found.items()}


def figures(ctx: ReportContext, code: str) -> OptionFigures | None:
    return ctx.results.options.options.get(code)


def phase_options(ctx: ReportContext, phase: int, caption: str) -> list[Block]:
    """The no/low-cost options proposed in `phase`, with cause, expected figures and what became of them."""
    causes = cause_codes(ctx)
    chosen = [(o, figures(ctx, o.code)) for o in ctx.options if o.proposed_in_phase == phase]
    chosen = [(o, f) for o, f in chosen if f is not None and f.cost_class == "no_low"]
    if not chosen:
        return [Paragraph(_("本阶段未提出无/低费方案。"))]
    rows = [
        [
            o.code,
            o.title_zh,
            aspect_name(f.aspect),
            col.joined(causes.get(o.id, [])),
            f.investment,
            f.expected_savings,
            effects_text(ctx, f.expected),
            status_name(f.status),
        ]
        for o, f in chosen
    ]
    return [
        Paragraph(_("本阶段提出无/低费方案 {0} 项，边审核边实施，实施效果见 4.5 节。").format(len(chosen))),
        Table(
            caption,
            [
                col.text(_("编号")),
                col.text(_("方案名称")),
                col.text(_("方面")),
                col.text(_("针对原因")),
                col.investment(_("投资")),
                col.annual_money(_("预期年效益")),
                col.text(_("预期环境效果")),
                col.centered(_("状态")),
            ],
            rows,
        ),
    ]


def _effect_columns(effects: list[Effects], energy: bool) -> list[str]:
    """Resource keys that are non-zero somewhere; energy carriers (those with a tce figure) or the rest."""
    keys: list[str] = []
    for bucket in effects:
        for key, value in bucket.values.items():
            is_energy = key in bucket.tce_by_resource
            if value and is_energy == energy and key not in keys:
                keys.append(key)
    return keys


def effects_tables(
    ctx: ReportContext,
    caption: str,
    rows: list[tuple[str, Effects | None]],
    total: tuple[str, Effects | None] | None = None,
) -> list[Block]:
    """Two tables of annual effects per row (an option class, an option): energy with tce and tCO2, then
    water and pollutants. Each column is one resource, rounded for its unit."""
    buckets = [e for _label, e in rows + ([total] if total else []) if e is not None]
    blocks: list[Block] = []
    for energy, suffix in ((True, _("能源")), (False, _("水及污染物"))):
        keys = _effect_columns(buckets, energy)
        if not keys and not energy:
            continue
        units = {}
        for bucket in buckets:
            units.update({k: v for k, v in bucket.units.items() if k in keys})
        columns = [col.text(_("项目"))] + [col.quantity(ctx.resource_name(k), units.get(k, "")) for k in keys]
        if energy:
            columns += [col.number(_("节能量"), "tce/a", 2), col.number(_("二氧化碳减排量"), "tCO2/a", 2)]
        blocks.append(
            Table(
                _("{0}（{1}）").format(caption, suffix),
                columns,
                [_effect_row(label, e, keys, energy) for label, e in rows],
                total_row=_effect_row(*total, keys, energy) if total else None,
            )
        )
    return blocks


def _effect_row(label: str, bucket: Effects | None, keys: list[str], energy: bool) -> list:
    values = [bucket.values.get(k) if bucket else None for k in keys]
    extra = [bucket.tce if bucket else None, bucket.tco2 if bucket else None] if energy else []
    return [label, *values, *extra]
