"""Phase 1-2 data of a generated audit: monthly and annual periods, production lines, products, energy
carriers with their coefficients, raw materials (plant totals and per-line sub-meters), water, emissions
and wastes, with indicators, parameters and targets whose formulas evaluate on every period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bench.doc import Document, sig

LINE_NAMES = ("镀镍一线", "装饰铬线", "镀锌线", "滚镀镍线", "镀铜线", "化学镍线", "镀锡线", "阳极氧化线")
LINE_PRODUCTS = ("卫浴五金件", "汽车装饰件", "紧固件", "电子连接器", "锁具配件", "模具零件", "端子", "铝型材")

# carrier key, name, unit, tce coefficient (value, unit), CO2 factor (value, unit), use per 万m² per line
CARRIERS = (
    ("electricity", "电力", "kWh", (0.1229, "kgce/kWh"), (0.4419, "kgCO2/kWh"), 46000.0),
    ("natural_gas", "天然气", "m3", (1.2143, "kgce/m3"), (2.162, "kgCO2/m3"), 3100.0),
    ("diesel", "柴油", "t", (1.4571, "kgce/kg"), (3.096, "tCO2/t"), 0.08),
    ("gasoline", "汽油", "t", (1.4714, "kgce/kg"), (2.925, "tCO2/t"), 0.03),
    ("lpg", "液化石油气", "t", (1.7143, "kgce/kg"), (3.101, "tCO2/t"), 0.05),
    ("fuel_oil", "燃料油", "t", (1.4286, "kgce/kg"), (3.17, "tCO2/t"), 0.06),
    ("coal", "烟煤", "t", (0.7143, "kgce/kg"), (1.9, "tCO2/t"), 0.2),
    ("coke", "焦炭", "t", (0.9714, "kgce/kg"), (2.86, "tCO2/t"), 0.02),
    ("steam", "外购蒸汽", "t", (0.1286, "kgce/kg"), (0.3, "tCO2/t"), 4.0),
    ("heat", "外购热力", "GJ", (34.12, "kgce/GJ"), (0.11, "tCO2/GJ"), 6.0),
    ("kerosene", "煤油", "t", (1.4714, "kgce/kg"), (3.03, "tCO2/t"), 0.01),
    ("biomass", "生物质成型燃料", "t", (0.5, "kgce/kg"), (0.1, "tCO2/t"), 0.3),
)

PRICES = {
    "electricity": (0.78, "CNY/kWh"),
    "natural_gas": (4.2, "CNY/m3"),
    "diesel": (7800, "CNY/t"),
    "steam": (260, "CNY/t"),
}

# key, name, t per 万m² per line, price CNY/t, hazard; the first three carry nickel (ni_fraction)
MATERIALS = (
    ("ni_anode", "镍角（电解镍，Ni≥99.9%）", 0.0, 132000, "含镍"),
    ("niso4", "硫酸镍 NiSO4·6H2O", 0.0, 29500, "有毒有害（镍化合物）"),
    ("nicl2", "氯化镍 NiCl2·6H2O", 0.0, 33000, "有毒有害（镍化合物）"),
    ("cro3", "铬酐 CrO3", 0.05, 24500, "剧毒/致癌（六价铬）"),
    ("cuso4", "硫酸铜 CuSO4·5H2O", 0.12, 19800, "有毒（铜化合物）"),
    ("cu_anode", "磷铜角", 0.2, 78000, None),
    ("boric_acid", "硼酸", 0.08, 7500, None),
    ("naoh", "氢氧化钠（片碱 99%）", 0.6, 3400, "腐蚀性"),
    ("hcl", "盐酸 31%", 1.1, 420, "腐蚀性"),
    ("h2so4", "硫酸 98%", 0.7, 680, "腐蚀性"),
    ("degreaser", "除油粉（碱性除油剂）", 0.25, 9800, None),
    ("brightener", "镍光亮剂", 0.03, 36000, None),
    ("na2s2o5", "焦亚硫酸钠（破铬还原剂）", 0.15, 3100, None),
    ("zn_anode", "锌锭", 0.3, 23000, None),
    ("sn_anode", "锡锭", 0.02, 210000, None),
    ("pac", "聚合氯化铝", 0.4, 2100, None),
    ("pam", "聚丙烯酰胺", 0.02, 14000, None),
    ("lime", "石灰", 0.9, 600, None),
    ("activated_carbon", "活性炭", 0.05, 8000, None),
    ("wetting_agent", "润湿剂", 0.01, 26000, None),
    ("passivator", "三价铬钝化剂", 0.04, 18000, "有毒"),
    ("nitric_acid", "硝酸 68%", 0.1, 2300, "腐蚀性、氧化性"),
    ("sodium_cyanide", "氰化钠", 0.01, 16000, "剧毒"),
    ("rack_coating", "挂具绝缘胶", 0.02, 42000, None),
)

POLLUTANTS = (  # key, name, unit, point index, mean concentration
    ("COD", "化学需氧量", "mg/L", 0, 32.0),
    ("NH3N", "氨氮", "mg/L", 0, 3.1),
    ("SS", "悬浮物", "mg/L", 0, 18.0),
    ("Cu", "总铜", "mg/L", 0, 0.12),
    ("Ni", "总镍", "mg/L", 1, 0.07),
    ("Cr_total", "总铬", "mg/L", 2, 0.18),
    ("Cr6", "六价铬", "mg/L", 2, 0.03),
    ("pH", "pH", "", 0, 7.4),
    ("HCl", "氯化氢", "mg/m3", 3, 6.0),
    ("H2SO4_mist", "硫酸雾", "mg/m3", 4, 3.5),
    ("CrO3_mist", "铬酸雾", "mg/m3", 5, 0.02),
)

WASTES = (  # category, key, name, t per 万m², price CNY/t, code
    ("hazardous_waste", "hw17_sludge", "电镀污泥", 3.7, 2800, "HW17 (336-054-17)"),
    ("hazardous_waste", "hw17_strip", "退镀废液", 0.6, 3600, "HW17 (336-063-17)"),
    ("hazardous_waste", "hw49_filters", "废滤芯、阳极袋、废活性炭", 0.15, 4500, "HW49 (900-041-49)"),
    ("hazardous_waste", "hw34_acid", "废酸", 0.8, 1800, "HW34 (336-064-34)"),
    ("hazardous_waste", "hw08_oil", "废矿物油", 0.02, 3000, "HW08 (900-249-08)"),
    ("solid_waste", "scrap_metal", "废金属边角料", 0.5, None, None),
    ("solid_waste", "packaging", "废包装材料", 0.3, None, None),
)

INTENSIVE_UNITS = ("%", "um", "mg/L", "mg/m3", "")  # averaged over months, never summed
SEASON = (1.0, 0.62, 0.97, 1.02, 1.04, 1.03, 0.98, 1.0, 1.05, 1.06, 1.08, 1.1)  # Spring Festival in February


@dataclass
class Inventory:
    """What the other parts of the generator refer to."""

    months: list[tuple[int, int]] = field(default_factory=list)
    period_ids: dict[str, int] = field(default_factory=dict)
    line_ids: list[int] = field(default_factory=list)
    line_keys: list[str] = field(default_factory=list)
    indicator_ids: dict[str, int] = field(default_factory=dict)
    item_count: int = 0


def add_inventory(doc: Document) -> Inventory:
    inventory = Inventory()
    doc.clear(
        "period",
        "production_line",
        "inventory_item",
        "inventory_value",
        "item_property",
        "parameter",
        "indicator",
        "target",
        "coefficient",
    )
    _periods(doc, inventory)
    _lines(doc, inventory)
    _coefficients(doc)
    series = _items(doc, inventory)
    _values(doc, inventory, series)
    _parameters(doc, inventory)
    _indicators(doc, inventory)
    _targets(doc, inventory)
    _findings_and_equipment(doc)
    return inventory


def _periods(doc: Document, inventory: Inventory) -> None:
    first = 2026 - doc.size.years
    position = 0
    for year in range(first, 2026):
        for month in range(1, 13):
            inventory.months.append((year, month))
            days = doc.rng.randint(15, 18) if month == 2 else doc.rng.randint(23, 26)
            end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
            key = f"{year}-{month:02d}"
            inventory.period_ids[key] = doc.add(
                "period",
                key=key,
                label_zh=f"{year}年{month}月",
                kind="part_year",
                start=date(year, month, 1).isoformat(),
                end=date.fromordinal(end).isoformat(),
                operating_days=days,
                position=position,
            )
            position += 1
    for year in range(first, 2026):
        days = sum(r["operating_days"] for r in doc.rows("period") if r["key"].startswith(f"{year}-"))
        inventory.period_ids[str(year)] = doc.add(
            "period",
            key=str(year),
            label_zh=f"{year}年",
            kind="full_year",
            start=f"{year}-01-01",
            end=f"{year}-12-31",
            operating_days=days,
            position=position,
        )
        position += 1
    inventory.period_ids["post"] = doc.add(
        "period",
        key="post",
        label_zh="实施后监测期（2026年9–11月）",
        kind="part_year",
        start="2026-09-01",
        end="2026-11-30",
        operating_days=75,
        note="方案实施后核定期",
        position=position,
    )


def _lines(doc: Document, inventory: Inventory) -> None:
    for k in range(doc.size.lines):
        key = f"line_{k + 1:02d}"
        name = LINE_NAMES[k % len(LINE_NAMES)] + (
            "" if k < len(LINE_NAMES) else f"（{k // len(LINE_NAMES) + 1}）"
        )
        inventory.line_keys.append(key)
        inventory.line_ids.append(
            doc.add(
                "production_line",
                key=key,
                name_zh=name,
                name_en=f"line {k + 1}",
                type_zh="自动挂镀线",
                position=k,
            )
        )


def _coefficients(doc: Document) -> None:
    for position, (key, name, _unit, tce, co2, _use) in enumerate(CARRIERS[: doc.size.carriers]):
        doc.add(
            "coefficient",
            set_id=1,
            carrier_key=key,
            name_zh=name,
            value=tce[0],
            unit=tce[1],
            standard="GB/T 2589-2020",
            confidence="◐",
            position=position,
        )
        doc.add(
            "coefficient",
            set_id=2,
            carrier_key=key,
            name_zh=name,
            value=co2[0],
            unit=co2[1],
            confidence="◐",
            data_year=2023,
            position=position,
        )
    doc.add("coefficient", set_id=3, carrier_key="electricity", value=3.6, unit="MJ/kWh", source="definition")
    doc.add(
        "coefficient", set_id=3, carrier_key="natural_gas", value=35.544, unit="MJ/m3", source="GB/T 2589"
    )


@dataclass
class _Series:
    """How to make one item's monthly values: per line (× the line's area) or a fixed plant pattern."""

    item_id: int
    unit: str
    per_area: float = 0.0  # per 万m² of the line(s) it covers
    lines: tuple[int, ...] = ()  # line indexes it follows; empty: the whole plant
    level: float = 0.0  # a fixed monthly level (concentrations, rates)
    trend: float = -0.01  # change per year (cleaner production improves)
    noise: float = 0.04
    parts: list[int] = field(default_factory=list)  # ids of sub-meter items (the plant item is their sum)


def _item(doc: Document, inventory: Inventory, series: list[_Series], spec: _Series, **row) -> int:
    row.setdefault("position", inventory.item_count)
    inventory.item_count += 1
    spec.item_id = doc.add("inventory_item", **row)
    series.append(spec)
    return spec.item_id


def _items(doc: Document, inventory: Inventory) -> list[_Series]:
    series: list[_Series] = []
    rng = doc.rng
    all_lines = tuple(range(doc.size.lines))
    for k, line_id in enumerate(inventory.line_ids):
        product = LINE_PRODUCTS[k % len(LINE_PRODUCTS)]
        for key, name, unit, spec in (
            ("plated_area", "镀覆面积", "万m2", _Series(0, "万m2", 1.0, (k,), trend=0.03, noise=0.03)),
            ("parts", "工件", "t", _Series(0, "t", rng.uniform(90, 110), (k,), trend=0.03)),
            (
                "qualification_rate",
                "合格率",
                "%",
                _Series(0, "%", level=rng.uniform(94, 97), trend=0.002, noise=0.005),
            ),
            (
                "ni_thickness",
                "平均镍层厚度",
                "um",
                _Series(0, "um", level=rng.uniform(7.0, 8.0), trend=-0.01, noise=0.02),
            ),
        ):
            _item(
                doc,
                inventory,
                series,
                spec,
                category="product",
                key=key,
                name_zh=name,
                unit=unit,
                line_id=line_id,
                product_zh=product,
            )
    for key, name, unit, _tce, _co2, use in CARRIERS[: doc.size.carriers]:
        metered = key in ("electricity", "natural_gas")
        plant = (
            _Series(0, unit, use, all_lines) if metered else _Series(0, unit, level=use * 3 * doc.size.lines)
        )
        price = PRICES.get(key)
        _item(
            doc,
            inventory,
            series,
            plant,
            category="energy",
            key=key,
            name_zh=name,
            unit=unit,
            carrier_key=key,
            price=price[0] if price else None,
            price_unit=price[1] if price else None,
            price_period_key="2025" if price else None,
        )
        if key in ("electricity", "natural_gas"):
            for k, line_id in enumerate(inventory.line_ids):
                part = _Series(0, unit, use * rng.uniform(0.85, 1.1), (k,))
                plant.parts.append(
                    _item(
                        doc,
                        inventory,
                        series,
                        part,
                        category="energy",
                        key=key,
                        name_zh=f"{name}（分表）",
                        unit=unit,
                        carrier_key=key,
                        line_id=line_id,
                        part_of_id=plant.item_id,
                    )
                )
    _materials(doc, inventory, series)
    _water_and_emissions(doc, inventory, series)
    return series


def _materials(doc: Document, inventory: Inventory, series: list[_Series]) -> None:
    rng = doc.rng
    ni_per_area = 0.676 / 0.82  # t Ni per 万m² at 7.6 µm, fed at 82 % utilisation
    fractions = {"ni_anode": 0.999, "niso4": 0.223, "nicl2": 0.247}
    shares = {"ni_anode": 0.7, "niso4": 0.22, "nicl2": 0.08}
    for index in range(doc.size.materials):
        if index < len(MATERIALS):
            key, name, per_area, price, hazard = MATERIALS[index]
        else:
            key, name = f"aux_{index + 1:02d}", f"辅料{index + 1:02d}（添加剂）"
            per_area, price, hazard = rng.uniform(0.005, 0.2), rng.choice((5000, 12000, 28000)), None
        if key in fractions:
            per_area = ni_per_area * shares[key] / fractions[key]
        plant = _Series(0, "t", per_area * 1.03, tuple(range(doc.size.lines)))
        item_id = _item(
            doc,
            inventory,
            series,
            plant,
            category="raw_material",
            key=key,
            name_zh=name,
            unit="t",
            price=price,
            price_unit="CNY/t",
            price_period_key="2025",
            hazard_zh=hazard,
        )
        if key in fractions:
            doc.add(
                "item_property", item_id=item_id, key="ni_fraction", value=fractions[key], source="化学计量"
            )
        for k, line_id in enumerate(inventory.line_ids):
            part = _Series(0, "t", per_area * rng.uniform(0.9, 1.1), (k,))
            plant.parts.append(
                _item(
                    doc,
                    inventory,
                    series,
                    part,
                    category="raw_material",
                    key=key,
                    name_zh=f"{name}（{LINE_NAMES[k % len(LINE_NAMES)]}）",
                    unit="t",
                    line_id=line_id,
                    part_of_id=item_id,
                )
            )


def _water_and_emissions(doc: Document, inventory: Inventory, series: list[_Series]) -> None:
    rng = doc.rng
    lines = tuple(range(doc.size.lines))
    rinse_per_area = 24 * 4 * 10  # m³ per 万m²: 24 L/m² per rinse, 4 rinses
    tap = _Series(0, "m3", rinse_per_area * 1.3, lines)
    tap_id = _item(
        doc,
        inventory,
        series,
        tap,
        category="water",
        key="tap_water",
        name_zh="自来水",
        unit="m3",
        price=4.1,
        price_unit="CNY/m3",
        price_period_key="2025",
    )
    for k, line_id in enumerate(inventory.line_ids):
        part = _Series(0, "m3", rinse_per_area * rng.uniform(0.8, 1.2), (k,), trend=-0.04)
        tap.parts.append(
            _item(
                doc,
                inventory,
                series,
                part,
                category="water",
                key="rinse_water",
                name_zh="漂洗取水量（分水表）",
                unit="m3",
                line_id=line_id,
                part_of_id=tap_id,
            )
        )
    waste = _Series(0, "m3", rinse_per_area * 0.95, lines)
    waste_id = _item(
        doc,
        inventory,
        series,
        waste,
        category="wastewater",
        key="wastewater",
        name_zh="废水排放量",
        unit="m3",
    )
    for key, name, share in (
        ("ni_bearing_wastewater", "含镍废水", 0.35),
        ("cr_bearing_wastewater", "含铬废水", 0.25),
    ):
        _item(
            doc,
            inventory,
            series,
            _Series(0, "m3", rinse_per_area * 0.95 * share, lines),
            category="wastewater",
            key=key,
            name_zh=name,
            unit="m3",
            part_of_id=waste_id,
        )
    points = [r["id"] for r in doc.rows("emission_point")]
    for key, name, unit, point, mean in POLLUTANTS:
        _item(
            doc,
            inventory,
            series,
            _Series(0, unit, level=mean, trend=-0.02, noise=0.15),
            category="air_pollutant" if unit == "mg/m3" else "water_pollutant",
            key=key,
            name_zh=name,
            unit=unit,
            point_id=points[point % len(points)],
        )
    for category, key, name, per_area, price, code in WASTES:
        _item(
            doc,
            inventory,
            series,
            _Series(0, "t", per_area, lines, noise=0.08),
            category=category,
            key=key,
            name_zh=name,
            unit="t",
            price=price,
            price_unit="CNY/t" if price else None,
            price_period_key="2025" if price else None,
            waste_code=code,
        )
    sludge = next(r for r in doc.rows("inventory_item") if r["key"] == "hw17_sludge")
    doc.add("item_property", item_id=sludge["id"], key="moisture_pct", value=75, unit="%")


def _values(doc: Document, inventory: Inventory, series: list[_Series]) -> None:
    """Monthly values follow the lines' plated area (season, growth, noise); a year is the sum of its months
    (the mean for concentrations and rates); 'post' is three months after the options, with their savings."""
    rng = doc.rng
    first = inventory.months[0][0]
    areas = [
        [
            sig(rng.uniform(2.0, 4.0) * (1.03 ** (y - first)) * SEASON[m - 1] * (1 + rng.gauss(0, 0.03)))
            for (y, m) in inventory.months
        ]
        for _ in range(doc.size.lines)
    ]
    post_areas = [[a * 1.02 for a in line[-4:-1]] for line in areas]
    by_id = {s.item_id: s for s in series}
    monthly: dict[int, list[float]] = {}
    for spec in series:
        if spec.parts:
            continue
        monthly[spec.item_id] = [
            _month(rng, spec, areas, i, y - first) for i, (y, _m) in enumerate(inventory.months)
        ]
    for spec in series:  # a plant total is its sub-meters plus a few % not metered by line
        if spec.parts:
            overhead = 1 + rng.uniform(0.01, 0.05)
            monthly[spec.item_id] = [
                sig(sum(monthly[p][i] for p in spec.parts) * overhead) for i in range(len(inventory.months))
            ]
    plated = {s.item_id for s in series if s.unit == "万m2"}
    for item_id, values in monthly.items():
        spec = by_id[item_id]
        for (y, m), value in zip(inventory.months, values):
            doc.add(
                "inventory_value",
                item_id=item_id,
                period_id=inventory.period_ids[f"{y}-{m:02d}"],
                value=value,
            )
        for year in range(first, 2026):
            months = values[(year - first) * 12 : (year - first + 1) * 12]
            total = sum(months) / 12 if spec.unit in INTENSIVE_UNITS else sum(months)
            doc.add(
                "inventory_value",
                item_id=item_id,
                period_id=inventory.period_ids[str(year)],
                value=sig(total, 5),
            )
        last = values[-4:-1]  # September to November of the last year, after the options
        saving = 1.0 if spec.unit in INTENSIVE_UNITS or item_id in plated else 0.85
        post = sum(last) / 3 if spec.unit in INTENSIVE_UNITS else sum(last) * 1.02 * saving
        if spec.unit == "万m2":
            post = sum(post_areas[spec.lines[0]])
        doc.add(
            "inventory_value", item_id=item_id, period_id=inventory.period_ids["post"], value=sig(post, 5)
        )


def _month(rng, spec: _Series, areas: list[list[float]], index: int, years_in: int) -> float:
    trend = (1 + spec.trend) ** years_in
    if spec.per_area and spec.lines:
        base = spec.per_area * sum(areas[k][index] for k in spec.lines)
    else:
        base = spec.level * (
            SEASON[index % 12] if spec.per_area == 0 and spec.unit in ("t", "GJ", "m3") else 1.0
        )
    value = base * trend * (1 + rng.gauss(0, spec.noise))
    if spec.unit == "%":
        value = min(value, 99.9)
    return sig(max(value, 0.0))


def _parameters(doc: Document, inventory: Inventory) -> None:
    doc.add(
        "parameter",
        key="ni_density",
        name_zh="镍密度",
        value=8.9,
        unit="g/cm3",
        source="物理常数",
        position=0,
    )
    doc.add("parameter", key="ro_recovery", name_zh="纯水站 RO 回收率", value=0.7, position=1)
    for k, key in enumerate(inventory.line_keys):
        doc.add(
            "parameter",
            key=f"{key}.rinse_count",
            name_zh=f"{LINE_NAMES[k % len(LINE_NAMES)]}清洗次数",
            value=4 + k % 3,
            position=2 + k,
        )
    for position, (key, name, value, unit) in enumerate(
        (
            ("test.plated_area", "镀覆面积", 1240, "m2/d"),
            ("test.ni_thickness", "镍层厚度", 7.6, "um"),
            ("test.drag_out", "带出量", 0.22, "L/m2"),
            ("test.rinse_count", "清洗次数", 4, ""),
        )
    ):
        doc.add(
            "parameter", key=key, name_zh=name, value=value, unit=unit, scope="balance", position=position
        )


def _indicators(doc: Document, inventory: Inventory) -> None:
    keys = inventory.line_keys
    area = " + ".join(f"{k}.plated_area" for k in keys)
    rinses = " + ".join(f"{k}.plated_area * {k}.rinse_count" for k in keys)
    rows = [
        (
            "rinse_water_index_plant",
            "单位产品每次清洗取水量（全厂）",
            "L/m2",
            f"({' + '.join(f'{k}.rinse_water' for k in keys)}) / ({rinses})",
            "le",
            "rinse_water",
        ),
        (
            "qualification_rate",
            "面积加权合格率",
            "%",
            f"({' + '.join(f'{k}.plated_area * {k}.qualification_rate' for k in keys)}) / ({area})",
            "ge",
            None,
        ),
        (
            "ni_fed",
            "镍投入量",
            "kg",
            "ni_anode * ni_anode.ni_fraction + niso4 * niso4.ni_fraction + nicl2 * nicl2.ni_fraction",
            "info",
            None,
        ),
    ]
    for k in keys:
        rows.append(
            (
                f"ni_deposited_{k}",
                f"镍沉积量（{k}）",
                "kg",
                f"{k}.plated_area * {k}.ni_thickness * ni_density",
                "info",
                None,
            )
        )
    rows += [
        ("ni_deposited", "镍沉积量", "kg", " + ".join(f"ni_deposited_{k}" for k in keys), "info", None),
        ("ni_utilisation_plant", "镍利用率（全厂）", "%", "ni_deposited / ni_fed", "ge", "ni_utilisation"),
        (
            "tce_per_10k_m2",
            "单位镀覆面积综合能耗（当量值）",
            "tce/10k m2",
            f"tce_total / ({area})",
            "le",
            None,
        ),
        ("tap_water_per_m2", "单位镀覆面积新鲜水耗", "m3/m2", f"tap_water / ({area})", "le", None),
        (
            "hw17_sludge_per_10k_m2",
            "单位镀覆面积电镀污泥产生量",
            "t/10k m2",
            f"hw17_sludge / ({area})",
            "le",
            None,
        ),
    ]
    for k in keys:
        rows.append(
            (
                f"rinse_water_index_{k}",
                f"单位产品每次清洗取水量（{k}）",
                "L/m2",
                f"{k}.rinse_water / ({k}.plated_area * {k}.rinse_count)",
                "le",
                "rinse_water",
            )
        )
        rows.append(
            (
                f"electricity_per_m2_{k}",
                f"单位镀覆面积电耗（{k}）",
                "kWh/m2",
                f"{k}.electricity / {k}.plated_area",
                "le",
                None,
            )
        )
    for position, (key, name, unit, formula, direction, benchmark) in enumerate(rows):
        inventory.indicator_ids[key] = doc.add(
            "indicator",
            key=key,
            name_zh=name,
            unit=unit,
            formula=formula,
            scope="period",
            direction=direction,
            benchmark_key=benchmark,
            position=position,
        )


def add_balance_indicators(
    doc: Document, inventory: Inventory, intake_codes: list[str], ni_in: list[str], ni_deposit: list[str]
) -> None:
    """Balance-test indicators over stream codes of the focus (called once the streams exist)."""
    names = [c.replace("-", "_") for c in intake_codes]
    rows = [
        ("test_rinse_intake", "平衡测试漂洗取水量", "m3/d", " + ".join(names), "info", None),
        (
            "test_rinse_water_per_rinse",
            "平衡测试每次清洗取水量",
            "L/m2",
            "test_rinse_intake / (test.plated_area * test.rinse_count)",
            "le",
            "rinse_water",
        ),
    ]
    if ni_in and ni_deposit:
        deposit, fed = (" + ".join(c.replace("-", "_") for c in codes) for codes in (ni_deposit, ni_in))
        rows.append(
            ("test_ni_utilisation", "平衡测试镍利用率", "%", f"({deposit}) / ({fed})", "ge", "ni_utilisation")
        )
    start = len(doc.rows("indicator"))
    for position, (key, name, unit, formula, direction, benchmark) in enumerate(rows, start):
        inventory.indicator_ids[key] = doc.add(
            "indicator",
            key=key,
            name_zh=name,
            unit=unit,
            formula=formula,
            scope="balance",
            direction=direction,
            benchmark_key=benchmark,
            position=position,
        )


def _targets(doc: Document, inventory: Inventory) -> None:
    for position, (code, key, unit, direction, baseline, near, far) in enumerate(
        (
            ("T1", "rinse_water_index_plant", "L/m2", "le", 25.0, 22.0, 16.0),
            ("T2", "ni_utilisation_plant", "%", "ge", 81.0, 85.0, 88.0),
            ("T3", "tce_per_10k_m2", "tce/10k m2", "le", 9.5, 9.0, 8.5),
            ("T4", "tap_water_per_m2", "m3/m2", "le", 0.125, 0.115, 0.1),
            ("T5", "hw17_sludge_per_10k_m2", "t/10k m2", "le", 3.6, 3.3, 3.0),
        )
    ):
        name = next(r["name_zh"] for r in doc.rows("indicator") if r["key"] == key)
        doc.add(
            "target",
            code=code,
            name_zh=name,
            indicator_id=inventory.indicator_ids[key],
            unit=unit,
            direction=direction,
            baseline_period_key="2025",
            baseline_entered=baseline,
            near_value=near,
            near_by="2026-12-31",
            long_value=far,
            long_by="2028-12-31",
            position=position,
        )


def _findings_and_equipment(doc: Document) -> None:
    rng = doc.rng
    places = (
        "镀槽出槽位",
        "回收槽",
        "前处理水洗槽",
        "污水站",
        "空压机房",
        "锅炉房",
        "化学品仓库",
        "危废暂存间",
    )
    issues = (
        "阀门常开，无计量",
        "槽液带出明显",
        "管道跑冒滴漏",
        "设备空载运行",
        "保温层破损",
        "标识不清",
        "台账记录不全",
    )
    for index in range(len(doc.rows("site_finding")), doc.size.findings):
        doc.add(
            "site_finding",
            code=f"SF{index + 1}",
            location_zh=rng.choice(places),
            finding_zh=f"{rng.choice(places)}{rng.choice(issues)}（第 {index + 1} 项）",
            position=index,
        )
    kinds = ("高频开关电源", "循环过滤机", "冷水机组", "空压机", "废气喷淋塔风机", "纯水机", "烘干炉", "行车")
    for index in range(len(doc.rows("equipment")), doc.size.equipment):
        kind = rng.choice(kinds)
        doc.add(
            "equipment",
            code=f"E{index + 1:03d}",
            name_zh=kind,
            spec=f"{rng.randint(5, 300)} kW 级",
            quantity=rng.randint(1, 6),
            power_kw=sig(rng.uniform(2, 250), 3),
            installed_year=rng.randint(2005, 2024),
            location_zh=rng.choice(places),
            status_zh="正常",
            obsolete=rng.random() < 0.03,
            position=index,
        )
