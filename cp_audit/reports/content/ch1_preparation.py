"""第一章 筹划与组织: leadership decision, the audit team (工作表1-1), the work plan (工作表1-2) with
each stage's duration, awareness raising and training, and the barriers met with their measures."""

from __future__ import annotations

from cp_audit.models import Barrier, LeadershipDecision, TeamMember, TrainingRecord, WorkPlanRow
from cp_audit.models.base import TeamGroup
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Paragraph, Table


def sections(ctx: ReportContext) -> dict[str, list[Block]]:
    return {
        "1.1": leadership(ctx),
        "1.2": team(ctx),
        "1.3": work_plan(ctx),
        "1.4": training(ctx),
        "1.5": barriers(ctx),
    }


def leadership(ctx: ReportContext) -> list[Block]:
    rows = ctx.data.rows(LeadershipDecision)
    decision = rows[0] if rows else None
    if decision is None or not (decision.title_zh or decision.summary_zh):
        return [Paragraph(_("领导决策文件尚未录入。"))]
    text = _("公司于 {0} 印发《{1}》（{2}），由{3}签发。").format(
        col.day(decision.issued_on) or "—",
        decision.title_zh or "",
        decision.doc_no or "—",
        decision.signed_by or "—",
    )
    blocks: list[Block] = [Paragraph(text)]
    if decision.summary_zh:
        blocks.append(Paragraph(decision.summary_zh))
    return blocks


def _team_table(caption: str, members: list[TeamMember]) -> Table:
    columns = [
        col.text(_("姓名")),
        col.text(_("审核小组职务")),
        col.text(_("来自部门及职务")),
        col.text(_("职称")),
        col.text(_("专业")),
        col.text(_("职责")),
        col.text(_("应投入的时间")),
    ]
    rows = [
        [m.name, m.team_role_zh, m.dept_and_post_zh, m.title_zh, m.specialty_zh, m.duties_zh, m.time_zh]
        for m in members
    ]
    return Table(caption, columns, rows)


def team(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.preparation
    members = ctx.rows(TeamMember)
    if not members:
        return [Paragraph(_("审核小组成员尚未录入。"))]
    blocks: list[Block] = [
        Paragraph(
            _("公司成立清洁生产审核小组，其中领导小组 {0} 人、工作小组 {1} 人，计划投入 {2} 人日。").format(
                figures.leading_group, figures.working_group, col.figure(figures.planned_person_days, 0)
            )
        )
    ]
    leading = [m for m in members if m.group == TeamGroup.leading]
    working = [m for m in members if m.group != TeamGroup.leading]
    if leading:
        blocks.append(_team_table(_("审核小组成员表（领导小组）"), leading))
    if working:
        blocks.append(_team_table(_("审核小组成员表（工作小组）"), working))
    return blocks


def work_plan(ctx: ReportContext) -> list[Block]:
    plan = ctx.results.preparation.plan
    rows = ctx.rows(WorkPlanRow)
    if not rows:
        return [Paragraph(_("审核工作计划尚未录入。"))]
    days = {stage.label: stage.days for stage in plan.stages} if plan else {}
    table = Table(
        _("审核工作计划表"),
        [
            col.text(_("阶段")),
            col.text(_("工作内容")),
            col.centered(_("起止时间")),
            col.count(_("天数")),
            col.text(_("责任部门及负责人")),
            col.text(_("考核部门及人员")),
            col.text(_("产出")),
        ],
        [
            [
                f"{r.stage_no} {r.stage_zh}",
                r.content_zh,
                col.span(r.start, r.end),
                days.get(f"{r.stage_no} {r.stage_zh}"),
                r.responsible_zh,
                r.assessor_zh,
                r.output_zh,
            ]
            for r in rows
        ],
    )
    blocks: list[Block] = []
    if plan:
        text = _("审核工作自 {0} 开始，至 {1} 结束，历时 {2} 天。").format(
            col.day(plan.first_start), col.day(plan.last_end), plan.span_days
        )
        due = ctx.results.deadlines
        if due is not None and plan.all_within_due is not None:
            verdict = _("均在") if plan.all_within_due else _("未全部在")
            text += _("各阶段{0}规定的完成期限（{1}）之前完成。").format(verdict, col.day(due.completion_due))
        blocks.append(Paragraph(text))
    return blocks + [table]


def training(ctx: ReportContext) -> list[Block]:
    figures = ctx.results.preparation
    records = ctx.rows(TrainingRecord)
    blocks: list[Block] = []
    if records:
        blocks.append(
            Paragraph(
                _("审核期间共开展宣传教育和培训 {0} 次，参加 {1} 人次，合计 {2} 人·学时。").format(
                    figures.training_sessions,
                    figures.training_participants,
                    col.figure(figures.training_person_hours, None),
                )
            )
        )
        blocks.append(
            Table(
                _("宣传教育和培训记录"),
                [
                    col.text(_("编号")),
                    col.centered(_("日期")),
                    col.text(_("内容")),
                    col.text(_("主讲")),
                    col.count(_("人数"), _("人")),
                    col.number(_("学时"), "h", 1),
                ],
                [
                    [r.code, col.day(r.held_on), r.topic_zh, r.trainer, r.participants, r.hours]
                    for r in records
                ],
                total_row=col.blank_total(
                    ctx.template.labels.total_row, 6, {4: figures.training_participants}
                ),
            )
        )
    else:
        blocks.append(Paragraph(_("宣传教育和培训记录尚未录入。")))
    if ctx.info.suggestions_collected is not None:
        blocks.append(
            Paragraph(
                _("通过合理化建议征集活动，共收集员工清洁生产建议 {0} 条。").format(
                    ctx.info.suggestions_collected
                )
            )
        )
    return blocks


def barriers(ctx: ReportContext) -> list[Block]:
    rows = ctx.rows(Barrier)
    if not rows:
        return [Paragraph(_("审核过程中未记录障碍。"))]
    return [
        Paragraph(_("审核过程中遇到的主要障碍及克服措施见下表。")),
        Table(
            _("审核障碍及克服措施"),
            [col.text(_("编号")), col.text(_("障碍类型")), col.text(_("障碍")), col.text(_("克服措施"))],
            [[b.code, b.type_zh, b.barrier_zh, b.measure_zh] for b in rows],
        ),
    ]
