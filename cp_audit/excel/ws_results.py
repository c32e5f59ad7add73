"""Phases 6–7 and the summary: 已实施方案成果汇总, 实施前后对比及目标完成情况, 持续清洁生产计划 and
清洁生产审核绩效表. Effects, tce, tCO2 and actual results are the engine's; totals, changes and rates are
live formulas."""

from __future__ import annotations

from cp_audit.excel import styles
from cp_audit.excel.cells import Formula, Styled
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.excel.ws_options import options, two_way_class
from cp_audit.i18n import N_
from cp_audit.models import CpRule, InventoryItem, MonitoringRecord, NextRoundItem, Option
from cp_audit.models.base import Direction, OptionStatus
from cp_audit.units import convert


def _resource_names(ctx: ExportContext) -> dict[str, str]:
    """Names of the resources options save, as the report names them (电, 新鲜水, 镍 ...)."""
    from cp_audit.reports.content.context import RESOURCE_NAMES

    names = {}
    for item in ctx.data.rows(InventoryItem):
        names.setdefault(item.carrier_key or item.key, item.name_zh)
    names.update({key: ctx._(text) for key, text in RESOURCE_NAMES.items()})
    return names


def implemented_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("6-1", N_("已实施方案成果汇总"))
    done = [o for o in options(ctx) if o.status == OptionStatus.implemented]
    figures = ctx.results.options.options
    keys: dict[str, str] = {}
    for option in done:
        actual = figures[option.code].actual if option.code in figures else None
        for key, unit in actual.units.items() if actual else ():
            keys.setdefault(key, unit)
    names = _resource_names(ctx)
    columns = [
        Column(N_("编号"), "code"),
        Column(N_("方案名称")),
        Column(N_("费用类别"), "code"),
        Column(N_("开始日期"), "date"),
        Column(N_("完成日期"), "date"),
        Column(N_("实际投资"), "money", ctx.currency),
        Column(N_("实际年经济效益"), "money", f"{ctx.currency}/a"),
    ]
    columns += [Column(names.get(k, k), "qty", unit, literal=True) for k, unit in keys.items()]
    columns += [Column(N_("节能量"), "tce", "tce/a"), Column(N_("二氧化碳减排量"), "tco2", "tCO2/a")]
    sheet.table(columns)
    first = sheet.next_row
    for option in done:
        actual = figures[option.code].actual if option.code in figures else None
        values = [actual.values.get(k) if actual else None for k in keys]
        sheet.add(
            [
                option.code,
                option.title_zh,
                two_way_class(ctx, option),
                option.start_on,
                option.end_on,
                option.actual_investment,
                option.actual_savings,
            ]
            + values
            + [actual.tce if actual else None, actual.tco2 if actual else None]
        )
    if done:
        summed = range(6, len(columns) + 1)
        row = [ctx._("合计"), f"{len(done)} {ctx._('项')}", "", "", ""]
        row += [Formula(f"=SUM({sheet.span(c, first, sheet.next_row - 1)})") for c in summed]
        sheet.total(row)
    sheet.note(ctx._("正值为节约或削减，负值为增加；节能量和减排量按审核选用的系数折算。"))
    return [sheet]


def comparison_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Before/after monitoring with live change and change rate, then each target's attainment."""
    sheet = ctx.sheet("6-2", N_("实施前后对比及目标完成情况"))
    sheet.table(
        [
            Column(N_("方案")),
            Column(N_("监测指标")),
            Column(N_("单位"), "code"),
            Column(N_("方向"), "code"),
            Column(N_("实施前"), "qty"),
            Column(N_("实施后"), "qty"),
            Column(N_("变化量"), "qty"),
            Column(N_("变化率"), "ratio", "%"),
            Column(N_("实施前监测期")),
            Column(N_("实施后监测期")),
        ]
    )
    codes = {o.id: o.code for o in ctx.data.rows(Option)}
    for record in sorted(ctx.data.rows(MonitoringRecord), key=lambda m: (m.position, m.id)):
        at = sheet.next_row
        before = _monitored(record, "before")
        after = _monitored(record, "after")
        both = before is not None and after is not None
        sheet.add(
            [
                codes.get(record.option_id, ""),
                record.indicator_zh,
                record.unit,
                record.direction.symbol,
                before,
                after,
                Formula(f"=F{at}-E{at}") if both else None,
                Formula(f"=(F{at}-E{at})/E{at}") if both and before != 0 else None,
                record.before_period,
                record.after_period,
            ]
        )
    sheet.blank()
    _targets_table(ctx, sheet)
    return [sheet]


def _monitored(record: MonitoringRecord, side: str):
    """The value given, or numerator / denominator as a live formula (with the unit factor it needs)."""
    value = getattr(record, f"{side}_value")
    num, den = getattr(record, f"{side}_num"), getattr(record, f"{side}_den")
    if value is not None or num is None or not den:
        return value
    factor = 1.0
    if record.num_unit and record.den_unit:
        try:
            factor = convert(1.0, f"({record.num_unit})/({record.den_unit})", record.unit)
        except Exception:  # noqa: BLE001 - a unit pint cannot relate: num/den as written
            factor = 1.0
    factor = float(f"{factor:.12g}")  # 999.9999999999999 → 1000
    return Formula(f"={num!r}/{den!r}" + (f"*{factor:g}" if factor != 1 else ""))


def _targets_table(ctx: ExportContext, sheet: SheetBuilder) -> None:
    sheet.table(
        [
            Column(N_("目标")),
            Column(N_("指标")),
            Column(N_("单位"), "code"),
            Column(N_("方向"), "code"),
            Column(N_("基准值"), "qty"),
            Column(N_("近期目标"), "qty"),
            Column(N_("实施后"), "qty"),
            Column(N_("变化率"), "ratio", "%"),
            Column(N_("目标完成率"), "ratio", "%"),
            Column(N_("达到目标"), "code"),
        ]
    )
    for target in ctx.results.targets:
        at = sheet.next_row
        known = target.baseline is not None and target.actual is not None
        direction = Direction(target.direction)
        rate = attained = None
        if known and target.baseline:
            rate = Formula(f"=(G{at}-E{at})/E{at}")
        if known and target.near_value is not None and direction != Direction.info:
            planned, achieved = (
                ("E{0}-F{0}", "E{0}-G{0}") if direction == Direction.le else ("F{0}-E{0}", "G{0}-E{0}")
            )
            if target.near_value != target.baseline:
                attained = Formula(f"=({achieved.format(at)})/({planned.format(at)})")
            test = "<=" if direction == Direction.le else ">="
            met = Formula(f'=IF(G{at}{test}F{at},"{ctx._("是")}","{ctx._("否")}")')
        else:
            met = None
        sheet.add(
            [
                target.code,
                target.name_zh,
                target.unit,
                direction.symbol,
                target.baseline,
                target.near_value,
                target.actual,
                rate,
                attained,
                met,
            ]
        )


def continuous_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("7-1", N_("持续清洁生产计划"))
    sheet.table(
        [
            Column(N_("序号"), "count"),
            Column(N_("工作内容")),
            Column(N_("时间")),
            Column(N_("责任部门及负责人")),
            Column(N_("预期效果")),
        ]
    )
    for number, item in enumerate(sorted(ctx.data.rows(NextRoundItem), key=lambda i: (i.position, i.id)), 1):
        sheet.add([number, item.item_zh, item.when_zh, item.responsible_zh, item.expected_zh])
    rules = sorted(ctx.data.rows(CpRule), key=lambda r: (r.position, r.id))
    if rules:
        sheet.blank()
        sheet.table(
            [Column(N_("序号"), "count"), Column(N_("清洁生产管理制度")), Column(N_("发布日期"), "date")]
        )
        for number, rule in enumerate(rules, 1):
            sheet.add([number, rule.name_zh, rule.issued_on])
    if ctx.info.cp_organisation_zh:
        sheet.note(ctx._("清洁生产组织：") + ctx.info.cp_organisation_zh)
    return [sheet]


def performance_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """重点企业清洁生产审核绩效表 from the engine's performance table; sums and the rate are live."""
    sheet = ctx.sheet(None, N_("清洁生产审核绩效表"))
    table = ctx.results.performance
    sheet.table([Column(N_("项目")), Column(N_("数值"), "count"), Column(N_("单位"), "code")])
    label = lambda text: Styled(ctx._(text), styles.LABEL)
    money = lambda value: Styled(value, styles.style_name("money"))
    start = sheet.next_row
    sheet.add([label(N_("审核起止日期")), " — ".join(d or "" for d in table.audit_period), ""])
    sheet.add([label(N_("审核重点")), table.audit_focus_zh, ""])
    for text, value in (
        (N_("方案总数"), table.options_total),
        (N_("其中无/低费方案"), table.options_no_low_cost),
        (N_("其中中/高费方案"), table.options_medium_high_cost),
        (N_("已实施方案数"), table.implemented_total),
        (N_("其中无/低费方案"), table.implemented_no_low_cost),
        (N_("其中中/高费方案"), table.implemented_medium_high_cost),
        (N_("计划实施方案数"), table.planned),
        (N_("不实施方案数"), table.rejected),
    ):
        sheet.add([label(text), value, ctx._("项")])
    total_row, done_row = start + 2, start + 5
    sheet.add(
        [
            label(N_("方案实施率")),
            Styled(Formula(f"=B{done_row}/B{total_row}"), styles.style_name("ratio"))
            if table.options_total
            else None,
            "%",
        ]
    )
    low = sheet.add([label(N_("无/低费方案投资")), money(table.investment_no_low_cost), ctx.currency])
    high = sheet.add([label(N_("中/高费方案投资")), money(table.investment_medium_high_cost), ctx.currency])
    sheet.add(
        [label(N_("总投资")), Styled(Formula(f"=B{low}+B{high}"), styles.style_name("money")), ctx.currency]
    )
    sheet.add([label(N_("经济效益")), money(table.economic_benefit_a), f"{ctx.currency}/a"])
    names = _resource_names(ctx)
    for key, value in table.savings_by_resource.items():
        sheet.add(
            [
                Styled(ctx._("削减/节约：") + names.get(key, key), styles.LABEL),
                Styled(value, styles.style_name("qty")),
                table.units_by_resource.get(key, ""),
            ]
        )
    sheet.add([label(N_("节能量")), Styled(table.energy_saved_tce_a, styles.style_name("tce")), "tce/a"])
    sheet.add(
        [label(N_("二氧化碳减排量")), Styled(table.co2_reduced_t_a, styles.style_name("tco2")), "tCO2/a"]
    )
    return [sheet]
