"""Phase 2 multi-year worksheets: products, raw materials and energy, energy in standard coal and CO2, water
and wastewater, pollutants, hazardous waste and the main equipment. Values are the audit's data and the
engine's figures (tce, tCO2, costs, loads); totals are live SUM formulas."""

from __future__ import annotations

from cp_audit.excel.cells import Formula
from cp_audit.excel.context import ExportContext
from cp_audit.excel.layout import Column, SheetBuilder
from cp_audit.i18n import N_
from cp_audit.models import EmissionPoint, Equipment, InventoryItem, Period, ProductionLine
from cp_audit.models.base import ItemCategory


def _period_columns(periods: list[Period], kind: str = "qty") -> list[Column]:
    return [Column(p.label_zh or p.key, kind, literal=True) for p in periods]


def _sum_row(
    ctx: ExportContext,
    sheet: SheetBuilder,
    first: int,
    columns: list[int],
    width: int,
    label: str = N_("合计"),
) -> int:
    row: list = [ctx._(label)] + [""] * (width - 1)
    for column in columns:
        row[column - 1] = Formula(f"=SUM({sheet.span(column, first, sheet.next_row - 1)})")
    return sheet.total(row)


def _lines(ctx: ExportContext) -> dict[int, str]:
    return {line.id: line.name_zh for line in ctx.data.rows(ProductionLine)}


def products_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-2", N_("产品及产量"))
    periods = ctx.periods()
    sheet.table(
        [Column(N_("生产线")), Column(N_("产品")), Column(N_("指标")), Column(N_("单位"), "code")]
        + _period_columns(periods)
    )
    lines = _lines(ctx)
    for item in ctx.items(ItemCategory.product):
        sheet.add(
            [lines.get(item.line_id, ""), item.product_zh, item.name_zh, item.unit]
            + [ctx.item_value(item, p) for p in periods]
        )
    if ctx.results.product_output:
        output = [ctx.results.product_output.get(p.key) for p in periods]
        sheet.total(
            [ctx._("全厂"), ctx._("产品产量指标"), ctx.info.product_name_zh, ctx.info.product_unit]
            + [o.value if o is not None else None for o in output]
        )
    return [sheet]


def materials_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-3", N_("主要原辅材料和能源消耗"))
    periods = ctx.periods()
    columns = [
        Column(N_("类别")),
        Column(N_("名称")),
        Column(N_("单位"), "code"),
        Column(N_("危害特性/用途")),
    ]
    columns += _period_columns(periods)
    columns += [
        Column(N_("单价"), "money"),
        Column(N_("单价单位"), "code"),
        Column(N_("计价年份"), "code"),
        Column(N_("费用"), "money", ctx.currency),
    ]
    sheet.table(columns)
    first = sheet.next_row
    for item in ctx.items(ItemCategory.raw_material, ItemCategory.energy):
        sheet.add(
            [ctx.label(item.category), item.name_zh, item.unit, item.hazard_zh or item.use_zh]
            + [ctx.item_value(item, p) for p in periods]
            + [item.price, item.price_unit, item.price_period_key, _cost(ctx, item)]
        )
    if sheet.next_row > first:
        _sum_row(ctx, sheet, first, [len(columns)], len(columns))
    return [sheet]


def _cost(ctx: ExportContext, item: InventoryItem) -> float | None:
    figures = ctx.results.periods.get(item.price_period_key or "")
    if figures is None:
        return None
    return figures.costs.get(item.category.value, {}).get(ctx.item_name(item))


def energy_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Each carrier's quantity, standard coal (当量值) and CO2 per period, from the engine (REFERENCE.md §6)."""
    sheet = ctx.sheet("2-4", N_("能源消耗及折标煤"))
    periods = [p for p in ctx.periods() if p.key in ctx.results.periods]
    groups = [("", 6)] + [(p.label_zh or p.key, 3) for p in periods]
    columns = [
        Column(N_("能源品种")),
        Column(N_("计量单位"), "code"),
        Column(N_("折标准煤系数"), "factor"),
        Column(N_("系数单位"), "code"),
        Column(N_("二氧化碳排放因子"), "factor"),
        Column(N_("因子单位"), "code"),
    ]
    for _period in periods:
        columns += [
            Column(N_("实物量"), "qty"),
            Column(N_("折标准煤"), "tce", "tce"),
            Column(N_("二氧化碳排放量"), "tco2", "tCO2"),
        ]
    sheet.table(columns, group_headers=groups)
    by_name: dict[str, dict[str, object]] = {}
    for period in periods:
        for carrier in ctx.results.periods[period.key].energy:
            by_name.setdefault(carrier.name, {})[period.key] = carrier
    first = sheet.next_row
    for figures in by_name.values():
        some = next(iter(figures.values()))
        tce = (ctx.engine.tce or {}).get(some.carrier_key, (None, None))
        co2 = (ctx.engine.co2 or {}).get(some.carrier_key, (None, None))
        row = [some.name_zh, some.unit, tce[0], tce[1], co2[0], co2[1]]
        for period in periods:
            carrier = figures.get(period.key)
            row += [carrier.quantity, carrier.tce, carrier.tco2] if carrier else [None, None, None]
        sheet.add(row)
    if by_name:
        totals = [c for n in range(len(periods)) for c in (8 + 3 * n, 9 + 3 * n)]
        _sum_row(ctx, sheet, first, totals, len(columns))
    sheet.note(_coefficient_note(ctx))
    return [sheet]


def _coefficient_note(ctx: ExportContext) -> str:
    sets = ctx.results.coefficient_sets
    return ctx._("折标准煤系数：{0}；二氧化碳排放因子：{1}").format(
        sets.get("tce") or "—", sets.get("co2") or "—"
    )


def water_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-5", N_("水耗及废水"))
    periods = ctx.periods()
    sheet.table(
        [
            Column(N_("类别")),
            Column(N_("名称")),
            Column(N_("生产线")),
            Column(N_("单位"), "code"),
            Column(N_("属于（分项计量）")),
        ]
        + _period_columns(periods)
    )
    lines = _lines(ctx)
    items = {i.id: i for i in ctx.data.rows(InventoryItem)}
    for item in ctx.items(ItemCategory.water, ItemCategory.wastewater):
        parent = items.get(item.part_of_id)
        sheet.add(
            [
                ctx.label(item.category),
                item.name_zh,
                lines.get(item.line_id, ""),
                item.unit,
                parent.name_zh if parent else "",
            ]
            + [ctx.item_value(item, p) for p in periods]
        )
    sheet.total(
        [ctx._("排水率"), "", "", "%", ""] + [ctx.results.discharge_ratio_pct.get(p.key) for p in periods]
    )
    sheet.note(ctx._("分项计量（属于另一项）的数值已包含在其所属项中，不再重复计入全厂合计。"))
    return [sheet]


def pollutants_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    """Concentrations per period, the engine's annual loads, and the baseline's compliance."""
    sheet = ctx.sheet("2-6", N_("污染物产生与排放"))
    periods = ctx.periods()
    groups = [("", 3)] + [(p.label_zh or p.key, 2) for p in periods] + [(ctx._("执行标准（基准年）"), 3)]
    columns = [Column(N_("排放口")), Column(N_("污染物")), Column(N_("浓度单位"), "code")]
    for _period in periods:
        columns += [Column(N_("浓度"), "qty"), Column(N_("排放量"), "qty", "kg")]
    columns += [Column(N_("限值"), "qty"), Column(N_("标准")), Column(N_("达标"), "code")]
    sheet.table(columns, group_headers=groups)
    points = {p.id: p.name_zh for p in ctx.data.rows(EmissionPoint)}
    loads = {key: {load.name: load for load in figures.loads} for key, figures in ctx.results.periods.items()}
    baseline = {c.name: c for c in ctx.results.compliance.get(ctx.info.baseline_period_key or "", [])}
    for item in ctx.items(ItemCategory.water_pollutant, ItemCategory.air_pollutant):
        name = ctx.item_name(item)
        row = [points.get(item.point_id, ""), item.name_zh, item.unit]
        for period in periods:
            load = loads.get(period.key, {}).get(name)
            row += [ctx.item_value(item, period), load.load_kg if load else None]
        check = baseline.get(name)
        row += (
            [check.limit_max, check.standard_key, ctx._("是") if check.complies else ctx._("否")]
            if check
            else [None, "", ""]
        )
        sheet.add(row)
    return [sheet]


def hazardous_waste_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-7", N_("危险废物"))
    periods = ctx.periods()
    columns = [Column(N_("名称")), Column(N_("废物代码")), Column(N_("危害特性")), Column(N_("单位"), "code")]
    columns += _period_columns(periods)
    columns += [
        Column(N_("处置单价"), "money"),
        Column(N_("单价单位"), "code"),
        Column(N_("处置费用"), "money", ctx.currency),
    ]
    sheet.table(columns)
    items = ctx.items(ItemCategory.hazardous_waste, ItemCategory.solid_waste)
    first = sheet.next_row
    for item in items:
        sheet.add(
            [item.name_zh, item.waste_code, item.hazard_zh or ctx.label(item.category), item.unit]
            + [ctx.item_value(item, p) for p in periods]
            + [item.price, item.price_unit, _cost(ctx, item)]
        )
    if items:
        same_unit = len({i.unit for i in items}) == 1
        summed = [5 + n for n in range(len(periods))] if same_unit else []
        _sum_row(ctx, sheet, first, summed + [len(columns)], len(columns))
    return [sheet]


def equipment_sheet(ctx: ExportContext) -> list[SheetBuilder]:
    sheet = ctx.sheet("2-8", N_("主要设备"))
    sheet.table(
        [
            Column(N_("编号"), "code"),
            Column(N_("设备名称")),
            Column(N_("规格型号")),
            Column(N_("数量"), "count"),
            Column(N_("单台功率"), "qty", "kW"),
            Column(N_("总功率"), "qty", "kW"),
            Column(N_("投用年份"), "code"),
            Column(N_("位置")),
            Column(N_("运行状况")),
            Column(N_("属淘汰类"), "code"),
        ]
    )
    rows = sorted(ctx.data.rows(Equipment), key=lambda e: (e.position, e.id))
    first = sheet.next_row
    for row in rows:
        at = sheet.next_row
        total = Formula(f"=D{at}*E{at}") if row.quantity is not None and row.power_kw is not None else None
        sheet.add(
            [
                row.code,
                row.name_zh,
                row.spec,
                row.quantity,
                row.power_kw,
                total,
                row.installed_year,
                row.location_zh,
                row.status_zh,
                row.obsolete,
            ]
        )
    if rows:
        _sum_row(ctx, sheet, first, [4, 6], 10)
    return [sheet]
