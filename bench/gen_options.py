"""Phases 4-6 of a generated audit: the option register over every aspect, cost class, screening result
and status, with effects, cash lines whose totals agree with the typed figures, explicit cash flows,
screening scores, before/after monitoring, links to causes and the CPPP projects."""

from __future__ import annotations

import math
from datetime import date, timedelta

from bench.doc import Document, sig

VERBS = ("加装", "更换", "改造", "优化", "回收", "建立", "推广", "淘汰", "升级", "整治")
OBJECTS = (
    "电导率控制补水阀",
    "逆流漂洗系统",
    "槽体保温层",
    "蒸汽冷凝水回收",
    "LED 照明",
    "永磁变频空压机",
    "磁悬浮冷水机组",
    "镍回收离子交换装置",
    "三价铬工艺",
    "挂具绝缘层",
    "滴液导流板",
    "喷淋塔风机变频",
    "分车间计量表",
    "化学品领用台账",
    "交接班巡检制度",
    "员工节水培训",
    "污泥压滤机",
    "废酸回收装置",
)
RESOURCES = (
    ("electricity", "kWh/a", 20000, 0.78),
    ("natural_gas", "m3/a", 3000, 4.2),
    ("diesel", "t/a", 1, 7800),
    ("water", "m3/a", 2000, 4.1),
    ("wastewater", "m3/a", 1500, 9.5),
    ("ni", "kg/a", 200, 132.0),
    ("cod", "t/a", 0.5, 0),
    ("sludge", "t/a", 3, 2800),
)
ASPECTS = (
    "raw_materials_energy",
    "technology",
    "equipment",
    "process_control",
    "product",
    "waste",
    "management",
    "employees",
)
LOW_COST_MAX = 50000.0


def add_options(doc: Document, cause_ids: list[int]) -> list[int]:
    """The option register; returns the ids of the implemented options."""
    doc.clear(
        "option",
        "option_cause",
        "option_effect",
        "cash_item",
        "cash_flow_year",
        "option_score",
        "monitoring_record",
        "cppp_project_option",
    )
    rng = doc.rng
    criteria = [r["id"] for r in doc.rows("criterion") if r["scope"] == "option"]
    implemented = []
    for index in range(doc.size.options):
        option = _option(doc, index)
        option_id = doc.add("option", **option)
        if option["status"] == "implemented":
            implemented.append(option_id)
        for cause in rng.sample(cause_ids, min(len(cause_ids), rng.randint(1, 2))):
            doc.add("option_cause", option_id=option_id, cause_id=cause)
        _effects(doc, option_id, option)
        if option["screening"] == "study":
            _cash_lines(doc, option_id, option)
            for criterion in criteria:
                doc.add("option_score", option_id=option_id, criterion_id=criterion, score=rng.randint(4, 10))
            if rng.random() < 0.05:
                for year in range(1, option["life_years"] + 1):
                    doc.add(
                        "cash_flow_year",
                        option_id=option_id,
                        year=year,
                        amount=round(option["expected_savings"] * rng.uniform(0.6, 0.8), 2),
                    )
        if option["status"] == "implemented" and rng.random() < 0.2:
            _monitoring(doc, option_id, index)
    _cppp_links(doc, implemented)
    return implemented


def _option(doc: Document, index: int) -> dict:
    rng = doc.rng
    aspect = ASPECTS[index % len(ASPECTS)] if rng.random() < 0.8 else rng.choice(ASPECTS)
    screening = rng.choices(("direct", "study", "infeasible"), (0.5, 0.35, 0.15))[0]
    if screening == "direct":
        investment = round(rng.choice((0.0, rng.uniform(500, LOW_COST_MAX))), 2)
    else:
        investment = round(math.exp(rng.uniform(math.log(LOW_COST_MAX * 1.1), math.log(3_000_000))), 2)
    savings = round(investment / rng.uniform(0.3, 6.0) if investment else rng.uniform(2000, 50000), 2)
    if screening == "infeasible":
        status = "rejected"
    else:
        weights = (0.1, 0.2, 0.1, 0.6, 0.0) if screening == "direct" else (0.1, 0.3, 0.2, 0.3, 0.1)
        status = rng.choices(("proposed", "planned", "in_progress", "implemented", "rejected"), weights)[0]
    title = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（{index % 8 + 1}线）"
    option = {
        "code": f"F{index + 1}",
        "title_zh": title,
        "title_en": f"Option {index + 1}" if index % 3 == 0 else None,
        "description_zh": f"{title}：在现有设备基础上实施，预计年节约 {savings:,.0f} 元；施工期间不影响生产。",
        "aspect": aspect,
        "source_zh": rng.choice(("现场考察", "平衡分析", "专家", "员工建议")),
        "proposed_in_phase": rng.choice((2, 3, 4)),
        "investment": investment,
        "expected_savings": savings,
        "screening": screening,
        "screening_reason_zh": {
            "direct": "投资小，可直接实施",
            "study": "投资较大，需可行性分析",
            "infeasible": "技术条件不具备",
        }[screening],
        "status": status,
        "position": index,
    }
    if status in ("implemented", "in_progress"):
        start = date(2026, 3, 1) + timedelta(days=rng.randint(0, 150))
        option["start_on"] = start.isoformat()
        if status == "implemented":
            option["end_on"] = (start + timedelta(days=rng.randint(5, 90))).isoformat()
            option["actual_investment"] = round(investment * rng.uniform(0.9, 1.15), 2)
            option["actual_savings"] = round(savings * rng.uniform(0.7, 1.1), 2)
            option["implementation_note_zh"] = "已按计划实施并验收"
    if screening == "study":
        option.update(
            depreciation_years=rng.choice((5.0, 8.0, 10.0)),
            life_years=rng.choice((8, 10, 15)),
            discount_rate=rng.choice((None, None, 0.1)),
            market_zh="不改变产品和产能，无需市场调查。",
            technical_zh="技术在电镀行业应用成熟，" * rng.randint(2, 6) + "供应商提供安装调试和培训。",
            environmental_zh="减少新鲜水用量和废水排放，不产生新的污染物种类。" * rng.randint(1, 3),
        )
    elif investment > 0 and rng.random() < 0.2:
        option.update(depreciation_years=5.0, life_years=5)
    return option


def _effects(doc: Document, option_id: int, option: dict) -> None:
    """Every resource on each basis, like the sample's effect table: most are zero, one to three are not."""
    rng = doc.rng
    active = set(rng.sample(range(len(RESOURCES)), rng.randint(1, 3)))
    scale = max(option["investment"], 20000) / 100000
    expected = {
        key: (sig(base * scale * rng.uniform(0.3, 3)) if i in active else 0.0, unit)
        for i, (key, unit, base, _price) in enumerate(RESOURCES)
    }
    for key, (value, unit) in expected.items():
        doc.add(
            "option_effect", option_id=option_id, basis="expected", resource_key=key, value=value, unit=unit
        )
    if option["status"] == "implemented":
        ratio = option["actual_savings"] / option["expected_savings"] if option["expected_savings"] else 1.0
        for key, (value, unit) in expected.items():
            doc.add(
                "option_effect",
                option_id=option_id,
                basis="actual",
                resource_key=key,
                value=sig(value * ratio),
                unit=unit,
            )


def _cash_lines(doc: Document, option_id: int, option: dict) -> None:
    """Investment lines that add up to the investment; savings (quantity × price) less added costs that
    give the expected savings, so the typed totals and the breakdown agree."""
    rng = doc.rng
    parts = rng.randint(2, 5)
    shares = [rng.uniform(1, 3) for _ in range(parts)]
    amounts = [round(option["investment"] * s / sum(shares), 2) for s in shares[:-1]]
    amounts.append(round(option["investment"] - sum(amounts), 2))
    labels = ("设备购置", "安装工程", "土建及管路", "设计及调试", "人员培训及试运行")
    position = 0
    for label, amount in zip(labels, amounts):
        doc.add(
            "cash_item",
            option_id=option_id,
            basis="expected",
            kind="investment",
            item_zh=label,
            amount=amount,
            position=position,
        )
        position += 1
    option["investment"] = round(sum(amounts), 2)
    savings, added = [], []
    for key, unit, _base, price in rng.sample([r for r in RESOURCES if r[3]], rng.randint(2, 4)):
        savings.append((f"节约{key}", rng.randint(10, 5000), unit, price))
    target = option["expected_savings"]
    total = sum(q * p for _l, q, _u, p in savings)
    savings = [(label, max(1, round(q * target / total)), unit, price) for label, q, unit, price in savings]
    if rng.random() < 0.5:
        added.append(("新增电耗", rng.randint(100, 20000), "kWh/a", 0.78))
    for kind, lines in (("saving", savings), ("added_cost", added)):
        for label, quantity, unit, price in lines:
            doc.add(
                "cash_item",
                option_id=option_id,
                basis="expected",
                kind=kind,
                item_zh=label,
                quantity=quantity,
                unit=unit,
                unit_price=price,
                position=position,
            )
            position += 1
    net = math.fsum(q * p for _l, q, _u, p in savings) - math.fsum(q * p for _l, q, _u, p in added)
    if net <= 0:
        doc.add(
            "cash_item",
            option_id=option_id,
            basis="expected",
            kind="saving",
            item_zh="其他节约",
            amount=round(1 - net + target, 2),
            position=position,
        )
        net += round(1 - net + target, 2)
    option["expected_savings"] = round(net, 2)
    row = doc.rows("option")[option_id - 1]
    row.update(investment=option["investment"], expected_savings=option["expected_savings"])


def _monitoring(doc: Document, option_id: int, index: int) -> None:
    rng = doc.rng
    before = sig(rng.uniform(20, 80))
    after = sig(before * rng.uniform(0.5, 0.9))
    doc.add(
        "monitoring_record",
        option_id=option_id,
        indicator_zh=f"方案 F{index + 1} 漂洗新水量",
        unit="m3/d",
        direction="le",
        before_value=before,
        after_value=after,
        before_period="2026-05-12..14",
        after_period="2026-09-15..17",
        position=index * 2,
    )
    area = rng.randint(900, 1500)
    doc.add(
        "monitoring_record",
        option_id=option_id,
        indicator_zh=f"方案 F{index + 1} 单位面积用水",
        unit="L/m2",
        direction="le",
        before_num=before,
        before_den=area,
        after_num=after,
        after_den=area,
        num_unit="m3/d",
        den_unit="m2/d",
        before_period="2026-05-12..14",
        after_period="2026-09-15..17",
        computed_note="num × 1000 / den",
        position=index * 2 + 1,
    )


def _cppp_links(doc: Document, implemented: list[int]) -> None:
    projects = [r["id"] for r in doc.rows("cppp_project")]
    for number, option_id in enumerate(implemented[:8]):
        doc.add("cppp_project_option", project_id=projects[number % len(projects)], option_id=option_id)
