"""第二章 2.1–2.2: the enterprise profile (工作表2-1), production lines and products over the years, the
main equipment, and raw materials, energy (with tce and tCO2 per carrier and year) and water."""

from __future__ import annotations

from cp_audit.calc.identifiers import uscc_problem
from cp_audit.models import Equipment, ProductionLine
from cp_audit.models.base import ItemCategory
from cp_audit.reports.content import columns as col
from cp_audit.reports.content.context import ReportContext
from cp_audit.reports.content.language import _
from cp_audit.reports.model import Block, Figure, LineChart, Paragraph, Series, Table


def profile(ctx: ReportContext) -> list[Block]:
    e = ctx.enterprise
    uscc = ctx.results.codes.uscc if ctx.results.codes else None
    check = (
        ""
        if uscc is None
        else (
            _("（校验通过）") if uscc.valid else _("（校验未通过：{0}）").format(uscc_problem(uscc.code, _))
        )
    )
    rows = [
        (_("企业名称"), ctx.enterprise_name),
        (_("统一社会信用代码"), f"{e.uscc or ''}{check}" if e.uscc else ""),
        (_("企业类型"), e.enterprise_type_zh),
        (_("法定代表人"), e.legal_representative),
        (_("成立日期"), col.day(e.established_on)),
        (
            _("注册资本"),
            f"{col.figure(e.registered_capital, 0)} {e.registered_capital_currency or ''}"
            if e.registered_capital is not None
            else "",
        ),
        (
            _("所属行业"),
            col.nonempty(
                e.industry_name_zh,
                _("（{0}，{1}）").format(e.industry_code, e.industry_standard) if e.industry_code else "",
            ),
        ),
        (
            _("地址及邮政编码"),
            col.nonempty(e.address_zh, _("，{0}").format(e.postcode) if e.postcode else ""),
        ),
        (_("电话"), e.phone),
        (_("员工人数"), _("{0} 人").format(e.employees) if e.employees is not None else ""),
        (_("占地面积"), f"{col.figure(e.land_area_m2, 0)} m²" if e.land_area_m2 is not None else ""),
        (_("建筑面积"), f"{col.figure(e.building_area_m2, 0)} m²" if e.building_area_m2 is not None else ""),
        (_("班制"), e.shifts),
        (_("主要产品"), e.main_products_zh),
    ]
    if e.hk_owned:
        rows.append((_("香港母公司"), e.hk_parent_zh))
    filled = [[label, value] for label, value in rows if value]
    if not filled:
        return [Paragraph(_("企业基本情况尚未录入。"))]
    return [Table(_("企业简述"), [col.text(_("项目")), col.text(_("内容"))], filled)]


def production(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    lines = ctx.rows(ProductionLine)
    if lines:
        blocks.append(
            Table(
                _("主要生产线"),
                [col.text(_("生产线")), col.text(_("类型")), col.text(_("说明"))],
                [[line.name_zh, line.type_zh, line.description] for line in lines],
            )
        )
    days = [p.operating_days for p in ctx.full_years]
    if ctx.full_years and any(d is not None for d in days):
        blocks.append(
            Paragraph(
                _("{0}各年运行天数分别为 {1} 天。").format(
                    col.joined([ctx.period_label(p) for p in ctx.full_years]),
                    col.joined([col.figure(d, None) for d in days]),
                )
            )
        )
    items = ctx.items(ItemCategory.product)
    if not items:
        return blocks or [Paragraph(_("主要产品数据尚未录入。"))]
    line_names = {line.id: line.name_zh for line in lines}
    rows = [
        [line_names.get(i.line_id, ""), i.product_zh, i.name_zh, i.unit, *ctx.item_values(i)] for i in items
    ]
    decimals = col.fitting_decimals([v for row in rows for v in row[4:]])
    total = None
    outputs = ctx.results.product_output
    if outputs:
        first = next(iter(outputs.values()))
        values = [outputs[p.key].value if p.key in outputs else None for p in ctx.full_years]
        total = [ctx.template.labels.total_row, "", first.name_zh, first.unit, *values]
    columns = [
        col.text(_("生产线")),
        col.text(_("产品")),
        col.text(_("指标")),
        col.centered(_("单位")),
        *col.per_period(ctx.full_years, decimals=decimals),
    ]
    blocks.append(Table(_("主要产品产量"), columns, rows, total_row=total, key_columns=4))
    return blocks


def equipment(ctx: ReportContext) -> list[Block]:
    rows = ctx.rows(Equipment)
    if not rows:
        return [Paragraph(_("主要设备尚未录入。"))]
    table = Table(
        _("主要生产设备"),
        [
            col.text(_("编号")),
            col.text(_("设备名称")),
            col.text(_("规格型号")),
            col.count(_("数量")),
            col.number(_("功率"), "kW", None),
            col.centered(_("投用年份")),
            col.text(_("位置")),
            col.text(_("运行状况")),
        ],
        [
            [
                r.code,
                r.name_zh,
                r.spec,
                r.quantity,
                r.power_kw,
                str(r.installed_year) if r.installed_year else "",
                r.location_zh,
                r.status_zh,
            ]
            for r in rows
        ],
    )
    return [Paragraph(_("企业主要生产设备及公用工程设备见下表。")), table]


def materials_and_energy(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    blocks += _raw_materials(ctx)
    blocks += _energy(ctx)
    blocks += _water(ctx)
    return blocks or [Paragraph(_("原辅材料、能源和水的消耗数据尚未录入。"))]


def _price_columns(ctx: ReportContext, items) -> tuple[list, str | None]:
    baseline = ctx.baseline
    units = {i.price_unit for i in items if i.price is not None}
    unit = units.pop().replace("CNY", _("元")) if len(units) == 1 else ""
    if baseline is None:
        return [col.number(_("单价"), unit, None)], None
    return [
        col.number(_("单价"), unit, None),
        col.Column(_("{0}费用").format(ctx.period_label(baseline)), _("元"), "money", 0),
    ], baseline.key


def _raw_materials(ctx: ReportContext) -> list[Block]:
    items = ctx.items(ItemCategory.raw_material)
    if not items:
        return []
    prices, period_key = _price_columns(ctx, items)
    figures = ctx.results.periods.get(period_key or "")
    costs = figures.costs.get(ItemCategory.raw_material.value, {}) if figures else {}
    decimals = col.fitting_decimals([v for i in items for v in ctx.item_values(i)])
    columns = [
        col.text(_("名称")),
        col.centered(_("单位")),
        *col.per_period(ctx.full_years, decimals=decimals),
        *prices,
        col.text(_("危害特性")),
    ]
    rows = [
        [
            i.name_zh,
            i.unit,
            *ctx.item_values(i),
            i.price,
            *([costs.get(ctx.item_name(i))] if period_key else []),
            i.hazard_zh,
        ]
        for i in items
    ]
    total = None
    if figures and ItemCategory.raw_material.value in figures.cost_totals:
        total = col.blank_total(
            ctx.template.labels.total_row,
            len(columns),
            {len(columns) - 2: figures.cost_totals[ItemCategory.raw_material.value]},
        )
    return [Table(_("主要原辅材料消耗"), columns, rows, total_row=total, key_columns=2)]


def _energy(ctx: ReportContext) -> list[Block]:
    items = [i for i in ctx.items(ItemCategory.energy)]
    if not items:
        return []
    periods = ctx.full_years
    decimals = col.fitting_decimals([v for i in items for v in ctx.item_values(i)])
    consumption = Table(
        _("主要能源消耗"),
        [
            col.text(_("能源")),
            col.centered(_("单位")),
            *col.per_period(periods, decimals=decimals),
            col.text(_("用途")),
        ],
        [[i.name_zh, i.unit, *ctx.item_values(i), i.use_zh] for i in items],
        key_columns=2,
    )
    return [consumption, _energy_conversion(ctx), *_trend_charts(ctx)]


def _energy_conversion(ctx: ReportContext) -> Table:
    periods = ctx.full_years
    figures = [ctx.results.periods.get(p.key) for p in periods]
    carriers = next((f.energy for f in figures if f is not None), [])
    rows = []
    for label, total_label, unit, attribute, total in (
        (_("折标准煤"), _("综合能耗合计"), "tce", "tce", "tce_total"),
        (_("二氧化碳排放"), _("二氧化碳排放合计"), "tCO2", "tco2", "tco2_total"),
    ):
        for carrier in carriers:
            values = [_carrier_value(f, carrier.name, attribute) for f in figures]
            rows.append([f"{carrier.name_zh}{label}", unit, *values])
        rows.append([total_label, unit, *[getattr(f, total) if f else None for f in figures]])
    for key in ("tce", "tco2"):
        values = [ctx.results.intensities.get(p.key, {}).get(key) for p in periods]
        first = next((v for v in values if v is not None), None)
        if first is not None:
            rows.append([_(first.name_zh), first.unit, *[v.value if v else None for v in values]])
    sets = ctx.results.coefficient_sets
    notes = [
        _("折标准煤系数：{0}；二氧化碳排放因子：{1}。").format(sets.get("tce") or "—", sets.get("co2") or "—")
    ]
    return Table(
        _("能源消耗折标准煤及二氧化碳排放"),
        [col.text(_("项目")), col.centered(_("单位")), *col.per_period(periods, decimals=2)],
        rows,
        notes=notes,
        key_columns=2,
    )


def _carrier_value(figures, name: str, attribute: str) -> float | None:
    if figures is None:
        return None
    carrier = next((c for c in figures.energy if c.name == name), None)
    return getattr(carrier, attribute) if carrier else None


def _trend_charts(ctx: ReportContext) -> list[Block]:
    periods = ctx.full_years
    if len(periods) < 2:
        return []
    labels = [ctx.period_label(p) for p in periods]
    tce = [ctx.results.periods[p.key].tce_total if p.key in ctx.results.periods else None for p in periods]
    blocks: list[Block] = [
        Figure(
            _("近年综合能耗变化趋势"), LineChart(labels, [Series(_("综合能耗"), tce)], "tce", _("综合能耗"))
        )
    ]
    series = []
    for category, name in ((ItemCategory.water, _("新鲜水用量")), (ItemCategory.wastewater, _("废水排放量"))):
        values = [_category_total(ctx, p.key, category) for p in periods]
        if any(v is not None for v in values):
            series.append(Series(name, values))
    if series:
        blocks.append(Figure(_("近年用水量及废水排放量变化趋势"), LineChart(labels, series, "m³", _("水量"))))
    return blocks


def _category_total(ctx: ReportContext, period_key: str, category: ItemCategory) -> float | None:
    figures = ctx.results.periods.get(period_key)
    totals = figures.category_totals.get(category.value, {}) if figures else {}
    return next(iter(totals.values())) if len(totals) == 1 else None


def _water(ctx: ReportContext) -> list[Block]:
    table = volume_table(ctx, ItemCategory.water, _("新鲜水用量"))
    return [table] if table else []


def volume_table(ctx: ReportContext, category: ItemCategory, caption: str) -> Table | None:
    """Water or wastewater volumes over the years; sub-meters are shown as 其中 under their total."""
    items = ctx.items(category)
    if not items:
        return None
    by_id = {i.id: i for i in items}
    lines = {line.id: line.name_zh for line in ctx.rows(ProductionLine)}
    rows = []
    for item in items:
        name = _("其中：{0}").format(item.name_zh) if item.part_of_id in by_id else item.name_zh
        line = lines.get(item.line_id, "")
        rows.append([_("{0}（{1}）").format(name, line) if line else name, item.unit, *ctx.item_values(item)])
    return Table(
        caption,
        [col.text(_("项目")), col.centered(_("单位")), *col.per_period(ctx.full_years, decimals=0)],
        rows,
        key_columns=2,
    )
