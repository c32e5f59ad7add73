"""Phase 1 and the enterprise: 工作表1-1 审核小组成员表, 1-2 审核工作计划表 and 2-1 企业简述 (REFERENCE.md §1.4)."""

from __future__ import annotations

from cp_audit.excel import styles
from cp_audit.excel.cells import Formula, Styled
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.i18n import N_
from cp_audit.models import AuditInfo, Consultancy, Enterprise, TeamMember, WorkPlanRow
from cp_audit.models.base import TeamGroup

TEAM_COLUMNS = [
    Column(N_("序号"), "count"),
    Column(N_("姓名")),
    Column(N_("审核小组职务")),
    Column(N_("来自部门及职务")),
    Column(N_("职称")),
    Column(N_("专业")),
    Column(N_("职责")),
    Column(N_("应投入的时间")),
    Column(N_("计划人日"), "qty"),
]

PLAN_COLUMNS = [
    Column(N_("阶段"), "count"),
    Column(N_("阶段名称")),
    Column(N_("工作内容")),
    Column(N_("开始时间"), "date"),
    Column(N_("完成时间"), "date"),
    Column(N_("天数（含首尾）"), "count"),
    Column(N_("责任部门及负责人")),
    Column(N_("考核部门及人员")),
    Column(N_("产出")),
]

ENTERPRISE_FIELDS = (
    "name_zh",
    "uscc",
    "industry_name_zh",
    "industry_code",
    "enterprise_type_zh",
    "size",
    "legal_representative",
    "established_on",
    "registered_capital",
    "registered_capital_currency",
    "address_zh",
    "postcode",
    "phone",
    "employees",
    "land_area_m2",
    "building_area_m2",
    "shifts",
    "operating_hours_per_day",
    "main_products_zh",
)
AUDIT_FIELDS = (
    "audit_type",
    "audit_year",
    "baseline_period_key",
    "verification_period_key",
    "audit_started_on",
    "report_submitted_on",
)


def team_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("1-1", N_("审核小组成员表"))
    sheet.table(TEAM_COLUMNS)
    members = sorted(ctx.data.rows(TeamMember), key=lambda m: (m.position, m.id))
    first = sheet.next_row
    number = 0
    for group in TeamGroup:
        in_group = [m for m in members if m.group == group]
        if not in_group:
            continue
        sheet.section(ctx.label(group))
        for member in in_group:
            number += 1
            sheet.add(
                [
                    number,
                    member.name,
                    member.team_role_zh,
                    member.dept_and_post_zh,
                    member.title_zh,
                    member.specialty_zh,
                    member.duties_zh,
                    member.time_zh,
                    member.planned_person_days,
                ]
            )
    if members:
        days = Formula(f"=SUM({sheet.span(9, first, sheet.next_row - 1)})")
        sheet.total([ctx._("合计"), f"{len(members)} {ctx._('人')}", "", "", "", "", "", "", days])
    return [sheet]


def plan_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("1-2", N_("审核工作计划表"))
    sheet.table(PLAN_COLUMNS)
    rows = sorted(ctx.data.rows(WorkPlanRow), key=lambda r: (r.position, r.id))
    first = sheet.next_row
    for row in rows:
        at = sheet.next_row
        days = Formula(f"=E{at}-D{at}+1") if row.start and row.end else None
        sheet.add(
            [
                row.stage_no,
                row.stage_zh,
                row.content_zh,
                row.start,
                row.end,
                days,
                row.responsible_zh,
                row.assessor_zh,
                row.output_zh,
            ]
        )
    if any(r.start and r.end for r in rows):
        last = sheet.next_row - 1
        span = Formula(f"=MAX({sheet.span(5, first, last)})-MIN({sheet.span(4, first, last)})+1")
        sheet.total(
            [
                ctx._("审核周期"),
                "",
                "",
                Formula(f"=MIN({sheet.span(4, first, last)})"),
                Formula(f"=MAX({sheet.span(5, first, last)})"),
                span,
                "",
                "",
                "",
            ]
        )
    return [sheet]


def enterprise_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-1", N_("企业简述"))
    sheet.table([Column(N_("项目")), Column(N_("内容"))])
    for name in ENTERPRISE_FIELDS:
        _form_row(ctx, sheet, Enterprise, name, getattr(ctx.enterprise, name))
    for name in AUDIT_FIELDS:
        _form_row(ctx, sheet, AuditInfo, name, getattr(ctx.info, name))
    consultancy = ctx.data.rows(Consultancy)
    if consultancy:
        _form_row(ctx, sheet, Consultancy, "name_zh", consultancy[0].name_zh)
    return [sheet]


def _form_row(ctx: ExportContext, sheet: SheetBuilder, model, name: str, value) -> None:
    if hasattr(value, "label"):
        value = ctx.label(value)
    cell = Styled(value, styles.style_name(_kind(value), bordered=True, wrap=isinstance(value, str)))
    sheet.add([Styled(ctx.field_label(model, name), styles.LABEL), cell])


def _kind(value) -> str:
    if isinstance(value, (bool, str)) or value is None:
        return "text"
    if isinstance(value, int):
        return "count"
    if isinstance(value, float):
        return "qty"
    return "date"
