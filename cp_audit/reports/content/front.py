"""Front matter: the cover, the consultancy's credentials (咨询机构资质证明) and the audit management
information (审核管理信息); their wording comes from the report template, their values from the audit."""

from __future__ import annotations

from datetime import date

from cp_audit.models import Auditor
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import CoverPage, FrontMatterPage, Paragraph, Table
from cp_audit.reports.template import management_info_page


def cover(ctx: ReportContext) -> CoverPage:
    consultancy = ctx.consultancy.name_zh if ctx.consultancy else ""
    return CoverPage(ctx.enterprise_name, consultancy, _month(ctx.info.report_submitted_on))


def front_matter(ctx: ReportContext) -> list[FrontMatterPage]:
    return [credentials_page(ctx), management_page(ctx)]


def _month(day: date | None) -> str:
    return _("{0}年{1}月").format(day.year, day.month) if day else ""


def credentials_page(ctx: ReportContext) -> FrontMatterPage:
    blocks: list = []
    if ctx.consultancy is None:
        blocks.append(Paragraph(_("本轮清洁生产审核由企业自行组织开展，未聘请咨询机构。")))
    else:
        blocks.append(Paragraph(_("咨询机构：{0}").format(ctx.consultancy.name_zh)))
        if ctx.consultancy.recommendation_doc:
            blocks.append(Paragraph(_("推荐文件：{0}").format(ctx.consultancy.recommendation_doc)))
    auditors = ctx.rows(Auditor)
    if auditors:
        blocks.append(
            Table(
                _("清洁生产审核人员及证书"),
                [col.text(_("姓名")), col.text(_("职务")), col.text(_("证书编号"))],
                [[a.name, a.role_zh, a.certificate_no] for a in auditors],
            )
        )
    else:
        blocks.append(Paragraph(_("审核人员证书信息尚未录入。")))
    return FrontMatterPage(ctx.template.credentials_title, blocks)


def management_page(ctx: ReportContext) -> FrontMatterPage:
    info, consultancy = ctx.info, ctx.consultancy
    values = {
        "enterprise_name": ctx.enterprise_name,
        "report_authors": info.report_authors or "",
        "report_reviewers": info.report_reviewers or "",
        "report_approver": info.report_approver or "",
        "consultancy_name": consultancy.name_zh if consultancy else "",
        "auditors": _auditors(ctx),
        "consultancy_approver": (consultancy.approver or "") if consultancy else "",
        "date": col.day(info.report_submitted_on),
    }
    page = management_info_page(ctx.template, values)
    if info.fictional and info.disclaimer_zh:
        page.blocks.append(Paragraph(info.disclaimer_zh))
    return page


def _auditors(ctx: ReportContext) -> str:
    parts = []
    for auditor in ctx.rows(Auditor):
        certificate = _("（证书编号：{0}）").format(auditor.certificate_no) if auditor.certificate_no else ""
        parts.append(f"{auditor.name}{certificate}")
    return _("；").join(parts)
