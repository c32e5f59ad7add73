"""第七章 持续清洁生产计划 (acceptance edition): the standing organisation, the management rules issued and
the plan for the next round, including the options not (yet) implemented."""

from __future__ import annotations

from cp_audit.models import CpRule, NextRoundItem
from cp_audit.models.base import OptionStatus, Screening
from cp_audit.reports.content import columns as col
from cp_audit.reports.content import option_lists
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Paragraph, Table

OPEN_STATUSES = (OptionStatus.proposed, OptionStatus.planned, OptionStatus.in_progress)


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {"7.1": organisation(ctx), "7.2": rules(ctx), "7.3": next_round(ctx)}


def organisation(ctx: ReportContext) -> list[Block]:
    if not ctx.info.cp_organisation_zh:
        return [Paragraph(_("持续清洁生产组织机构尚未录入。"))]
    return [Paragraph(ctx.info.cp_organisation_zh)]


def rules(ctx: ReportContext) -> list[Block]:
    rows = ctx.rows(CpRule)
    if not rows:
        return [Paragraph(_("清洁生产管理制度尚未录入。"))]
    return [
        Paragraph(_("为巩固审核成果，公司建立和完善了以下清洁生产管理制度。")),
        Table(
            _("清洁生产管理制度"),
            [col.count(_("序号")), col.text(_("制度名称")), col.centered(_("发布日期"))],
            [[i, r.name_zh, col.day(r.issued_on)] for i, r in enumerate(rows, start=1)],
        ),
    ]


def next_round(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    items = ctx.rows(NextRoundItem)
    if items:
        blocks.append(
            Table(
                _("持续清洁生产计划"),
                [
                    col.text(_("工作内容")),
                    col.centered(_("时间")),
                    col.text(_("责任部门及负责人")),
                    col.text(_("预期效果")),
                ],
                [[i.item_zh, i.when_zh, i.responsible_zh, i.expected_zh] for i in items],
            )
        )
    pending = [
        o
        for o in ctx.options
        if o.status in OPEN_STATUSES
        or (o.status == OptionStatus.rejected and o.screening != Screening.infeasible)
    ]
    if pending:
        blocks.append(Paragraph(_("本轮尚未实施的方案纳入持续清洁生产计划跟踪。")))
        blocks.append(
            Table(
                _("尚未实施的方案"),
                [col.text(_("编号")), col.text(_("方案名称")), col.centered(_("状态")), col.text(_("说明"))],
                [
                    [o.code, o.title_zh, option_lists.status_name(o.status.value), o.implementation_note_zh]
                    for o in pending
                ],
            )
        )
    return blocks or [Paragraph(_("持续清洁生产计划尚未录入。"))]
