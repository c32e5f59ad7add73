"""前言: 0.1 the enterprise in a few sentences and the audit's basis; 0.2 adds, after the template's
fixed text, why this enterprise audits (mandatory triggers) and its statutory deadlines."""

from __future__ import annotations

from cp_audit.models import MandatoryTrigger, ProductionLine
from cp_audit.models.base import AuditType
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import N_, _
from cp_audit.reports.model import Block, Paragraph, Table

DEADLINE_NAMES = {
    "disclosure": N_("信息公开"),
    "start": N_("启动审核"),
    "completion": N_("完成审核并提交报告"),
}


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {"0.1": enterprise_intro(ctx), "0.2": necessity(ctx)}


def enterprise_intro(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(_profile_sentence(ctx) if ctx.enterprise_name else _("企业基本情况尚未录入。"))
    ]
    lines = ctx.rows(ProductionLine)
    if lines:
        names = col.joined(
            [
                _("{0}（{1}）").format(line.name_zh, line.type_zh) if line.type_zh else line.name_zh
                for line in lines
            ]
        )
        blocks.append(Paragraph(_("企业现有生产线 {0} 条：{1}。").format(len(lines), names)))
    blocks.append(Paragraph(_audit_sentence(ctx)))
    return blocks


def _profile_sentence(ctx: ReportContext) -> str:
    e = ctx.enterprise
    parts = [ctx.enterprise_name]
    if e.uscc:
        parts.append(_("（统一社会信用代码 {0}）").format(e.uscc))
    facts = [
        _("成立于{0}").format(col.day(e.established_on)) if e.established_on else "",
        _("企业类型为{0}").format(e.enterprise_type_zh) if e.enterprise_type_zh else "",
        _("法定代表人{0}").format(e.legal_representative) if e.legal_representative else "",
        _("注册资本 {0} {1}").format(col.figure(e.registered_capital, 0), e.registered_capital_currency or "")
        if e.registered_capital is not None
        else "",
        _("位于{0}").format(e.address_zh) if e.address_zh else "",
        _("所属行业为{0}（{1}）").format(e.industry_name_zh, e.industry_code or "")
        if e.industry_name_zh
        else "",
        _("现有员工 {0} 人").format(e.employees) if e.employees is not None else "",
        _("占地面积 {0} m²").format(col.figure(e.land_area_m2, 0)) if e.land_area_m2 is not None else "",
        _("建筑面积 {0} m²").format(col.figure(e.building_area_m2, 0))
        if e.building_area_m2 is not None
        else "",
        _("实行{0}生产").format(e.shifts) if e.shifts else "",
        _("主要产品为{0}").format(e.main_products_zh) if e.main_products_zh else "",
    ]
    sentence = "".join(parts) + _("，").join(f for f in facts if f) + _("。")
    if e.hk_owned and e.hk_parent_zh:
        share = col.figure(e.hk_ownership_pct, None) if e.hk_ownership_pct is not None else "—"
        sentence += _("企业为港资企业，香港母公司为{0}（持股 {1}%）。").format(e.hk_parent_zh, share)
    return sentence


def _audit_sentence(ctx: ReportContext) -> str:
    info = ctx.info
    if info.audit_type == AuditType.mandatory:
        text = _("企业被列入《{0}》（{1}发布），须开展强制性清洁生产审核").format(
            info.list_name_zh or _("强制性清洁生产审核名单"), col.day(info.list_published_on)
        )
        if info.mandatory_category:
            text += _("（第 {0} 类）").format(info.mandatory_category)
        text += _("。")
    else:
        text = _("企业自愿开展清洁生产审核。")
    if info.leadership_decision_on or info.audit_started_on:
        text += _("公司于 {0} 作出开展审核的决定，审核于 {1} 启动").format(
            col.day(info.leadership_decision_on) or "—", col.day(info.audit_started_on) or "—"
        )
        if info.report_submitted_on:
            text += _("，审核报告于 {0} 完成").format(col.day(info.report_submitted_on))
        text += _("。")
    focus = ctx.results.performance.audit_focus_zh
    if focus:
        text += _("本轮审核的审核重点为{0}。").format(focus)
    return text


def necessity(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    triggers = ctx.rows(MandatoryTrigger)
    if ctx.info.audit_type == AuditType.mandatory and triggers:
        reasons = _("；").join(
            _(t.kind.label) + (_("（{0}）").format(t.detail_zh) if t.detail_zh else "") for t in triggers
        )
        blocks.append(Paragraph(_("企业实施强制性清洁生产审核的依据：{0}。").format(reasons)))
    checks = ctx.results.deadline_checks
    if checks:
        rows = [
            [
                _(DEADLINE_NAMES.get(c.name, c.name)),
                col.day(c.due),
                col.day(c.actual),
                col.yes_no(c.on_time),
                c.days_early,
            ]
            for c in checks
        ]
        due = ctx.results.deadlines
        notes = (
            [_("下一轮审核最迟应于 {0} 前完成。").format(col.day(due.next_round_due))]
            if due is not None and due.next_round_due
            else []
        )
        blocks.append(
            Table(
                _("强制性清洁生产审核时限及完成情况"),
                [
                    col.text(_("事项")),
                    col.centered(_("规定期限")),
                    col.centered(_("实际日期")),
                    col.centered(_("是否按期")),
                    col.count(_("提前天数"), _("天")),
                ],
                rows,
                notes=notes,
            )
        )
    return blocks
