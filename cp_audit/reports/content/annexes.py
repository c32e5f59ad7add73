"""附件: the performance table (重点企业清洁生产审核绩效表, acceptance edition), the management rules, the
photos attached to the audit's records (with captions) and a list of the other attached documents."""

from __future__ import annotations

from cp_audit.models import (
    Attachment,
    Cause,
    CpRule,
    Enterprise,
    Equipment,
    Node,
    Option,
    SiteFinding,
    Stream,
    TrainingRecord,
)
from cp_audit.models.base import OwnerKind
from cp_audit.reports.content import ch2_level
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Image, PageBreak, Paragraph, Table

PHOTO_MAX_PX = 2000  # photos are scaled down before they reach the renderer (which would do it again)
OWNER_MODELS = {
    OwnerKind.enterprise: Enterprise,
    OwnerKind.site_finding: SiteFinding,
    OwnerKind.equipment: Equipment,
    OwnerKind.node: Node,
    OwnerKind.stream: Stream,
    OwnerKind.cause: Cause,
    OwnerKind.option: Option,
    OwnerKind.training: TrainingRecord,
}


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    parts: list[tuple[str, list[Block]]] = []
    if ctx.acceptance:
        parts.append((_("重点企业清洁生产审核绩效表"), performance(ctx)))
    if ctx.rows(CpRule):
        parts.append((_("清洁生产管理制度清单"), rule_list(ctx)))
    photos, documents = _attachments(ctx)
    if photos:
        parts.append((_("照片"), photos))
    if documents:
        parts.append((_("其他附件清单"), documents))
    blocks: list[Block] = []
    if parts:
        blocks.append(
            Paragraph(
                _("本报告附件：{0}。").format(
                    _("；").join(
                        _("附件{0} {1}").format(i, title) for i, (title, _blocks) in enumerate(parts, start=1)
                    )
                )
            )
        )
    for index, (title, content) in enumerate(parts, start=1):
        if index > 1:  # each annex starts on a page of its own, as bound annexes do
            blocks.append(PageBreak())
        blocks.append(Paragraph(_("附件{0} {1}").format(index, title)))
        blocks += content
    return {"": blocks or [Paragraph(_("本报告无附件。"))]}


def _value(value: float | None, unit: str) -> str:
    """The 绩效表 mixes counts, money and quantities in one column: each row is rounded for its unit."""
    return col.figure(value, col.unit_decimals(unit, 2))


def performance(ctx: ReportContext) -> list[Block]:
    p = ctx.results.performance
    start, end = p.audit_period
    count, money, money_a = _("项"), _("元"), _("元/a")
    rows = [
        [_("企业名称"), ctx.enterprise_name, ""],
        [_("审核期间"), col.span(start, end), ""],
        [_("审核重点"), p.audit_focus_zh or "", ""],
        [_("方案总数"), _value(p.options_total, count), count],
        [_("其中：无/低费方案"), _value(p.options_no_low_cost, count), count],
        [_("其中：中/高费方案"), _value(p.options_medium_high_cost, count), count],
        [_("已实施方案"), _value(p.implemented_total, count), count],
        [_("其中：无/低费方案"), _value(p.implemented_no_low_cost, count), count],
        [_("其中：中/高费方案"), _value(p.implemented_medium_high_cost, count), count],
        [_("计划实施方案"), _value(p.planned, count), count],
        [_("不实施方案"), _value(p.rejected, count), count],
        [_("方案实施率"), _value(p.implementation_rate_pct, "%"), "%"],
        [_("无/低费方案投资"), col.figure(p.investment_no_low_cost, 2), money],
        [_("中/高费方案投资"), col.figure(p.investment_medium_high_cost, 2), money],
        [_("总投资"), col.figure(p.investment_total, 2), money],
        [_("经济效益"), _value(p.economic_benefit_a, money_a), money_a],
    ]
    for key, value in p.savings_by_resource.items():
        if value:
            unit = p.units_by_resource.get(key, "")
            rows.append([_("{0}节约（削减）量").format(ctx.resource_name(key)), _value(value, unit), unit])
    rows += [
        [_("节能量"), _value(p.energy_saved_tce_a, "tce"), "tce/a"],
        [_("二氧化碳减排量"), _value(p.co2_reduced_t_a, "tCO2"), "tCO2/a"],
    ]
    blocks: list[Block] = [
        Table(
            _("重点企业清洁生产审核绩效表"),
            [col.text(_("项目")), col.text(_("数值"), align="right"), col.centered(_("单位"))],
            rows,
            notes=[_("经济效益为节能降耗和减少污染物排放所节约费用之和（按已实施方案的实际效果核定）。")],
        )
    ]
    indicators = [t for t in p.indicators if t.actual is not None]
    if indicators:
        blocks.append(
            Table(
                _("主要清洁生产指标审核前后对比"),
                [
                    col.text(_("指标")),
                    col.centered(_("单位")),
                    col.number(_("审核前"), "", None),
                    col.number(_("审核后"), "", None),
                    col.percent(_("变化率")),
                ],
                [[t.name_zh, t.unit, t.baseline, t.actual, t.actual_change_pct] for t in indicators],
            )
        )
    evaluation = ctx.results.evaluation
    if evaluation is not None and evaluation.indicators:
        blocks.append(
            Paragraph(
                _("清洁生产水平：{0}。").format(
                    _("；").join(
                        _("{0} {1} → {2}").format(
                            i.name_zh,
                            ch2_level.level_name(i.level_before) or "—",
                            ch2_level.level_name(i.level_after) or "—",
                        )
                        for i in evaluation.indicators
                    )
                )
            )
        )
    return blocks


def rule_list(ctx: ReportContext) -> list[Block]:
    return [
        Table(
            _("清洁生产管理制度清单"),
            [col.count(_("序号")), col.text(_("制度名称")), col.centered(_("发布日期"))],
            [[i, r.name_zh, col.day(r.issued_on)] for i, r in enumerate(ctx.rows(CpRule), start=1)],
        )
    ]


def _owner_label(ctx: ReportContext, attachment: Attachment) -> str:
    model = OWNER_MODELS.get(attachment.owner_kind)
    row = next((r for r in ctx.data.rows(model) if r.id == attachment.owner_id), None) if model else None
    code = getattr(row, "code", None) or getattr(row, "name_zh", None) or ""
    return f"{_(attachment.owner_kind.label)} {code}".strip()


def _image_data(attachment: Attachment) -> bytes:
    """The photo scaled for the report (cp_audit.attachments), or as stored when it cannot be read: the
    renderer then prints its 'image could not be read' line instead of failing."""
    from cp_audit.attachments import image_for_report  # Pillow is loaded only when there is a photo

    return image_for_report(attachment, PHOTO_MAX_PX) or attachment.data


def _attachments(ctx: ReportContext) -> tuple[list[Block], list[Block]]:
    attachments = ctx.rows(Attachment)
    photos: list[Block] = []
    others = []
    for attachment in attachments:
        caption = attachment.caption or attachment.file_name
        owner = _owner_label(ctx, attachment)
        if attachment.media_type.startswith("image/"):
            photos.append(
                Image(_("{0}：{1}").format(owner, caption) if owner else caption, _image_data(attachment))
            )
        else:
            others.append([attachment.file_name, owner, attachment.media_type, attachment.caption])
    documents: list[Block] = []
    if others:
        documents.append(
            Table(
                _("其他附件"),
                [col.text(_("文件名")), col.text(_("所属")), col.text(_("类型")), col.text(_("说明"))],
                others,
            )
        )
    return photos, documents
