"""第二章 2.3–2.4: wastewater, waste gas, noise and solid waste (monitoring over the years, annual loads,
compliance with the applied discharge standards) and the state of environmental management."""

from __future__ import annotations

from cp_audit.models import DischargeLimit, DischargeStandard, EmissionPoint, Equipment, InventoryItem
from cp_audit.models.base import ItemCategory, Medium, PointKind
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.ch2_survey import volume_table
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Paragraph, Table


def wastewater(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = [Paragraph(i.note) for i in ctx.items(ItemCategory.wastewater) if i.note]
    volumes = volume_table(ctx, ItemCategory.wastewater, _("废水排放量"))
    if volumes is not None:
        blocks.append(volumes)
    ratios = [ctx.results.discharge_ratio_pct.get(p.key) for p in ctx.full_years]
    if any(r is not None for r in ratios):
        blocks.append(
            Paragraph(
                _("{0}各年排水率（废水排放量/新鲜水用量）分别为 {1}%。").format(
                    col.joined([ctx.period_label(p) for p in ctx.full_years]),
                    col.joined([col.figure(r) for r in ratios]),
                )
            )
        )
    blocks += _monitoring(ctx, ItemCategory.water_pollutant, _("废水污染物监测浓度（年均值）"))
    blocks += _loads(ctx, ItemCategory.water_pollutant, _("废水污染物年排放量"))
    blocks += _compliance(ctx, ItemCategory.water_pollutant, _("废水污染物排放达标情况"))
    return blocks or [Paragraph(_("废水监测数据尚未录入。"))]


def waste_gas(ctx: ReportContext) -> list[Block]:
    stacks = [p for p in ctx.rows(EmissionPoint) if p.kind == PointKind.stack]
    blocks: list[Block] = []
    if stacks:
        blocks.append(
            Table(
                _("废气排气筒"),
                [
                    col.text(_("编号")),
                    col.text(_("名称")),
                    col.number(_("风量"), "", None),
                    col.centered(_("风量单位")),
                ],
                [[p.code or p.key, p.name_zh, p.flow_value, p.flow_unit] for p in stacks],
            )
        )
    blocks += _monitoring(ctx, ItemCategory.air_pollutant, _("废气污染物监测浓度"))
    blocks += _loads(ctx, ItemCategory.air_pollutant, _("废气污染物年排放量"))
    blocks += _compliance(ctx, ItemCategory.air_pollutant, _("废气污染物排放达标情况"))
    return blocks or [Paragraph(_("废气监测数据尚未录入。"))]


def noise(ctx: ReportContext) -> list[Block]:
    items = ctx.items(ItemCategory.noise)
    if not items:
        return [Paragraph(_("本轮审核未开展厂界噪声监测，未收集到噪声监测数据。"))]
    return [
        Table(
            _("噪声监测结果"),
            [col.text(_("监测点位")), col.centered(_("单位")), *col.per_period(ctx.full_years)],
            [[i.name_zh, i.unit, *ctx.item_values(i)] for i in items],
            key_columns=2,
        )
    ]


def solid_waste(ctx: ReportContext) -> list[Block]:
    items = ctx.items(ItemCategory.hazardous_waste, ItemCategory.solid_waste)
    if not items:
        return [Paragraph(_("固体废物产生数据尚未录入。"))]
    baseline = ctx.baseline
    figures = ctx.results.periods.get(baseline.key) if baseline else None
    costs = {}
    if figures:
        for category in (ItemCategory.hazardous_waste, ItemCategory.solid_waste):
            costs.update(figures.costs.get(category.value, {}))
    columns = [
        col.text(_("名称")),
        col.text(_("类别及代码")),
        col.centered(_("单位")),
        *col.per_period(ctx.full_years, decimals=2),
        col.number(_("处置单价"), _("元/t"), None),
        col.Column(
            _("{0}处置费用").format(ctx.period_label(baseline)) if baseline else _("处置费用"),
            _("元"),
            "money",
            0,
        ),
        col.text(_("去向及说明")),
    ]
    rows = [
        [
            i.name_zh,
            _waste_class(i),
            i.unit,
            *ctx.item_values(i),
            i.price,
            costs.get(ctx.item_name(i)),
            i.use_zh or i.note,
        ]
        for i in items
    ]
    columns, rows = col.without_empty(columns, rows, {len(columns) - 1})
    return [
        Paragraph(_("企业产生的固体废物及其处置情况见下表。")),
        Table(_("固体废物产生及处置情况"), columns, rows, key_columns=3),
    ]


def _waste_class(item: InventoryItem) -> str:
    kind = _("危险废物") if item.category == ItemCategory.hazardous_waste else _("一般固体废物")
    return f"{kind} {item.waste_code}" if item.waste_code else kind


def _points(ctx: ReportContext) -> dict[int, EmissionPoint]:
    return {p.id: p for p in ctx.rows(EmissionPoint)}


def _monitoring(ctx: ReportContext, category: ItemCategory, caption: str) -> list[Block]:
    items = [i for i in ctx.items(category) if i.point_id is not None]
    if not items:
        return []
    points = _points(ctx)
    decimals = col.fitting_decimals([v for i in items for v in ctx.item_values(i)], cap=3)
    return [
        Table(
            caption,
            [
                col.text(_("污染物")),
                col.text(_("监测位置")),
                col.centered(_("单位")),
                *col.per_period(ctx.full_years, decimals=decimals),
            ],
            [[i.name_zh, points[i.point_id].name_zh, i.unit, *ctx.item_values(i)] for i in items],
            key_columns=3,
        )
    ]


def _loads(ctx: ReportContext, category: ItemCategory, caption: str) -> list[Block]:
    names = {ctx.item_name(i): i for i in ctx.items(category)}
    periods = ctx.full_years
    by_name: dict[str, dict[str, float | None]] = {}
    for period in periods:
        figures = ctx.results.periods.get(period.key)
        for load in figures.loads if figures else []:
            if load.name in names:
                by_name.setdefault(load.name, {})[period.key] = load.load_kg
    if not by_name:
        return []
    points = {p.key: p.name_zh for p in ctx.rows(EmissionPoint)}
    rows = []
    for name, values in by_name.items():
        item = names[name]
        point = next((p for p in ctx.rows(EmissionPoint) if p.id == item.point_id), None)
        rows.append(
            [item.name_zh, points.get(point.key, "") if point else "", *[values.get(p.key) for p in periods]]
        )
    return [
        Table(
            caption,
            [col.text(_("污染物")), col.text(_("监测位置")), *col.per_period(periods, "kg/a", 2)],
            rows,
            notes=[_("年排放量 = 年均浓度 × 对应排放量（废气按风量 × 运行小时数计）。")],
            key_columns=2,
        )
    ]


def _compliance(ctx: ReportContext, category: ItemCategory, caption: str) -> list[Block]:
    baseline = ctx.baseline
    checks = ctx.results.compliance.get(baseline.key, []) if baseline else []
    items = {ctx.item_name(i): i for i in ctx.items(category)}
    compared = [c for c in checks if c.name in items and not c.applied]
    checks = [c for c in checks if c.name in items and c.applied]
    if not checks:
        return []
    points = _points(ctx)
    standards = {s.key: s.name_zh for s in ctx.rows(DischargeStandard)}
    notes = [
        _("执行标准：{0}。").format(
            col.joined(sorted({standards.get(c.standard_key, c.standard_key) for c in checks}))
        )
    ]
    notes += _comparison_notes(compared, standards)
    rows = [
        [
            c.name_zh,
            points[items[c.name].point_id].name_zh if items[c.name].point_id in points else "",
            c.unit,
            c.value,
            _limit(c.limit_min, c.limit_max),
            c.ratio if c.limit_min is None else None,
            col.yes_no(c.complies),
        ]
        for c in checks
    ]
    return [
        Table(
            _("{0}（{1}）").format(caption, ctx.period_label(baseline)),
            [
                col.text(_("污染物")),
                col.text(_("监测位置")),
                col.centered(_("单位")),
                col.number(_("实测值"), "", None),
                col.number(_("标准限值"), "", None),
                col.share(_("占标率")),
                col.centered(_("是否达标")),
            ],
            rows,
            notes=notes,
        )
    ]


def _comparison_notes(compared: list, standards: dict[str, str]) -> list[str]:
    """For each standard shown only for comparison: which pollutants would exceed it, if any."""
    notes = []
    for key in dict.fromkeys(c.standard_key for c in compared):
        exceeding = [c.name_zh for c in compared if c.standard_key == key and not c.complies]
        name = standards.get(key, key)
        notes.append(
            _("对照{0}：{1}。").format(
                name, _("超标污染物 {0}").format(col.joined(exceeding)) if exceeding else _("全部达标")
            )
        )
    return notes


def _limit(low: float | None, high: float | None) -> float | str | None:
    if low is not None and high is not None:
        return f"{col.figure(low, None)}～{col.figure(high, None)}"
    return high if high is not None else low


def environmental_management(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    standards = ctx.rows(DischargeStandard)
    if standards:
        blocks.append(Paragraph(_("企业执行的污染物排放标准见下表。")))
        blocks.append(
            Table(
                _("污染物排放标准"),
                [
                    col.text(_("标准")),
                    col.centered(_("类别")),
                    col.centered(_("是否执行")),
                    col.text(_("说明")),
                ],
                [[s.name_zh, _(s.medium.label), col.yes_no(s.applied), s.note] for s in standards],
            )
        )
        blocks += _applied_limits(ctx, [s for s in standards if s.applied])
    blocks += _obsolescence(ctx)
    return blocks or [Paragraph(_("企业环境管理资料尚未录入。"))]


def _applied_limits(ctx: ReportContext, applied: list[DischargeStandard]) -> list[Block]:
    ids = {s.id: s for s in applied}
    limits = [limit for limit in ctx.rows(DischargeLimit) if limit.standard_id in ids]
    if not limits:
        return []
    rows = [
        [
            ids[limit.standard_id].name_zh,
            limit.name_zh,
            limit.unit,
            _limit(limit.limit_min, limit.limit_max),
            limit.location_zh,
            col.nonempty(limit.source, _("（{0}）").format(limit.confidence) if limit.confidence else ""),
        ]
        for limit in sorted(limits, key=lambda x: (ids[x.standard_id].position, x.position, x.id))
    ]
    noise = [s for s in applied if s.medium == Medium.noise]
    notes = [] if noise else [_("未录入噪声排放标准。")]
    return [
        Table(
            _("执行标准的排放限值"),
            [
                col.text(_("标准")),
                col.text(_("污染物")),
                col.centered(_("单位")),
                col.number(_("限值"), "", None),
                col.text(_("监控位置")),
                col.text(_("来源及可信度")),
            ],
            rows,
            notes=notes,
        )
    ]


def _obsolescence(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    if ctx.info.equipment_obsolescence_note_zh:
        blocks.append(Paragraph(_("淘汰设备核查：{0}").format(ctx.info.equipment_obsolescence_note_zh)))
    obsolete = [e for e in ctx.rows(Equipment) if e.obsolete]
    if obsolete:
        blocks.append(
            Paragraph(
                _("属于淘汰类的设备：{0}。").format(col.joined([f"{e.code} {e.name_zh}" for e in obsolete]))
            )
        )
    return blocks
