"""Phase 3 data of a generated audit: the unit operations of the focus (plating lines of ten steps each),
a water balance and a nickel balance that close exactly before measurement noise, a few gross errors
(a leaking valve, a wrong meter), and the causes by the eight aspects linked to nodes and streams."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.doc import Document, sig

# name, English name, heated (evaporates), intake source
STEPS = (
    ("除油", "degreasing", True, "EXT_TAP"),
    ("水洗", "rinse", False, "EXT_TAP"),
    ("酸洗活化", "pickling", False, "EXT_TAP"),
    ("水洗", "rinse", False, "EXT_TAP"),
    ("镀镍", "nickel plating", True, "EXT_DI"),
    ("回收槽", "drag-out recovery", False, "EXT_DI"),
    ("逆流漂洗", "counter-flow rinse", False, "EXT_DI"),
    ("热水洗", "hot rinse", True, "EXT_DI"),
    ("钝化", "passivation", False, "EXT_TAP"),
    ("烘干", "drying", True, "EXT_TAP"),
)
PLATING = 4
EXTERNAL = (
    ("EXT_TAP", "source", "自来水管网", False),
    ("EXT_DI", "source", "纯水站（RO）", False),
    ("EXT_STORE", "source", "原料仓库", False),
    ("EXT_WWTP", "sink", "污水处理站", False),
    ("EXT_HW", "sink", "危废暂存间（废槽液）", False),
    ("EXT_AIR", "sink", "大气（蒸发）", False),
    ("EXT_PRODUCT", "sink", "产品（镀层）", True),
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
CAUSE_TEXTS = {
    "raw_materials_energy": "镀液浓度凭经验补加，偏高运行",
    "technology": "水洗级数少，单位面积漂洗水量大",
    "equipment": "阀门内漏、保温层破损",
    "process_control": "出槽滴液时间短，补水无电导率控制",
    "product": "镀层厚度控制偏厚",
    "waste": "回收槽液未回用，定期整槽排放",
    "management": "用水用电未分车间考核",
    "employees": "操作工节水意识不足，交接班记录不全",
}
NOISE = {"measured": 0.01, "estimated": 0.03, "calculated": 0.02}
CONCENTRATION_FLOOR = 1e-6  # g/L (1 µg/L, the ICP detection limit): below it a rinse carries no nickel


@dataclass
class Focus:
    node_ids: dict[str, int] = field(default_factory=dict)
    unit_codes: list[str] = field(default_factory=list)
    stream_ids: list[int] = field(default_factory=list)
    intake_codes: list[str] = field(default_factory=list)
    ni_in_codes: list[str] = field(default_factory=list)
    ni_deposit_codes: list[str] = field(default_factory=list)
    cause_ids: list[int] = field(default_factory=list)
    gross_errors: list[str] = field(default_factory=list)


@dataclass
class _Flows:
    """True water flows of one unit (m³/d) and its nickel concentration (g/L)."""

    carry_in: float
    intake: float
    carry_out: float
    evaporation: float
    discharge: float
    drip: float = 0.0  # plating baths drip onto the floor trench
    concentration: float = 0.0
    carry_ni: bool = False  # its drag-out carries nickel to the next unit
    ni_input: float = 0.0  # kg/d of nickel fed to a plating bath (anodes and salts)
    area: float = 0.0  # m²/d plated, and the layer in µm (the nickel leaving as product)
    thickness: float = 0.0


def add_focus(doc: Document) -> Focus:
    doc.clear("node", "balance", "stream", "stream_factor", "cause", "cause_node", "cause_stream")
    focus = Focus()
    water = doc.add(
        "balance",
        key="water",
        kind="water",
        name_zh="水平衡",
        name_en="water balance",
        unit="m3/d",
        position=0,
    )
    nickel = doc.add(
        "balance",
        key="ni",
        kind="element",
        name_zh="镍平衡",
        name_en="nickel balance",
        substance="Ni",
        unit="kg/d",
        position=1,
    )
    _nodes(doc, focus)
    per_line = _split(doc.size.units, doc.size.lines)
    first = 0
    counters = {"W": 0, "N": 0}
    for line, count in enumerate(per_line):
        codes = focus.unit_codes[first : first + count]
        first += count
        flows = _water_flows(doc, count)
        _nickel(doc, flows)
        _line_streams(doc, focus, codes, flows, water, nickel, counters, line)
    _gross_errors(doc, focus)
    _causes(doc, focus)
    return focus


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _nodes(doc: Document, focus: Focus) -> None:
    per_line = _split(doc.size.units, doc.size.lines)
    position = 0
    for line, count in enumerate(per_line):
        for step in range(count):
            name, name_en, heated, _source = STEPS[step % len(STEPS)]
            code = f"U{position + 1:03d}"
            focus.unit_codes.append(code)
            focus.node_ids[code] = doc.add(
                "node",
                code=code,
                kind="unit_operation",
                name_zh=f"{line + 1}线{name}{step // len(STEPS) + 1}",
                name_en=f"line {line + 1} {name_en}",
                function_zh=f"{name}工序",
                equipment_zh=f"{name}槽 {1 + step % 3} 个",
                parameters_zh="常温" if not heated else "55–60 ℃",
                position=position,
            )
            position += 1
    for code, kind, name, is_product in EXTERNAL:
        focus.node_ids[code] = doc.add(
            "node", code=code, kind=kind, name_zh=name, is_product=is_product, position=position
        )
        position += 1


def _water_flows(doc: Document, count: int) -> list[_Flows]:
    rng = doc.rng
    flows, carry_in = [], 0.0
    for step in range(count):
        kind = step % len(STEPS)
        carry_out = rng.uniform(0.15, 0.35) if step < count - 1 else 0.0
        intake = rng.uniform(0.2, 0.6) if kind == PLATING else rng.uniform(2.0, 40.0)
        available = carry_in + intake - carry_out
        heated = STEPS[kind][2]
        share = rng.uniform(0.3, 0.6) if kind == PLATING else rng.uniform(0.02, 0.1) if heated else 0.0
        evaporation = available * share
        drip = (available - evaporation) * rng.uniform(0.05, 0.15) if kind == PLATING else 0.0
        flows.append(_Flows(carry_in, intake, carry_out, evaporation, available - evaporation - drip, drip))
        carry_in = carry_out
    return flows


def _nickel(doc: Document, flows: list[_Flows]) -> None:
    """Concentrations so that every unit's nickel closes: a plating bath at 60-80 g/L, rinses diluting it."""
    carried = 0.0  # kg/d of nickel entering with the drag-out
    for step, unit in enumerate(flows):
        if step % len(STEPS) == PLATING:
            unit.concentration = doc.rng.uniform(60, 80)
            unit.carry_ni = unit.carry_out > 0
            unit.area, unit.thickness = doc.rng.uniform(800, 1500), doc.rng.uniform(6.5, 8.5)
            deposit = unit.area * unit.thickness * 0.0089  # kg/d: m² × µm × 8.9 g/cm³
            unit.ni_input = (
                (unit.carry_out + unit.discharge + unit.drip) * unit.concentration + deposit - carried
            )
        elif carried > 0:
            unit.concentration = carried / (unit.carry_out + unit.discharge)
            unit.carry_ni = unit.carry_out > 0 and unit.concentration >= CONCENTRATION_FLOOR
            if not unit.carry_ni:
                unit.concentration = carried / unit.discharge
        carried = unit.carry_out * unit.concentration if unit.carry_ni else 0.0


def _line_streams(
    doc: Document,
    focus: Focus,
    codes: list[str],
    flows: list[_Flows],
    water: int,
    nickel: int,
    counters: dict[str, int],
    line: int,
) -> None:
    for step, (code, unit) in enumerate(zip(codes, flows)):
        kind = step % len(STEPS)
        node = focus.node_ids[code]
        name = STEPS[kind][0]
        source = focus.node_ids[STEPS[kind][3]]
        intake = _water(
            doc, focus, water, counters, source, node, unit.intake, "measured", f"{name}补水", step
        )
        if line == 0 and kind in (1, 3) and len(focus.intake_codes) < 4:
            focus.intake_codes.append(_code(doc, intake))
        sink = focus.node_ids["EXT_HW" if kind == PLATING else "EXT_WWTP"]
        discharge = _water(
            doc, focus, water, counters, node, sink, unit.discharge, "measured", f"{name}排水", step
        )
        if unit.evaporation > 0:
            _water(
                doc,
                focus,
                water,
                counters,
                node,
                focus.node_ids["EXT_AIR"],
                unit.evaporation,
                "estimated",
                f"{name}蒸发",
                step,
            )
        drip = None
        if unit.drip > 0:
            drip = _water(
                doc,
                focus,
                water,
                counters,
                node,
                focus.node_ids["EXT_WWTP"],
                unit.drip,
                "estimated",
                f"{name}槽边滴漏",
                step,
            )
        carry = None
        if unit.carry_out > 0:
            carry = _water(
                doc,
                focus,
                water,
                counters,
                node,
                focus.node_ids[codes[step + 1]],
                unit.carry_out,
                "estimated",
                f"{name}带出液",
                step,
            )
        if unit.concentration > 0:
            _nickel_streams(doc, focus, nickel, counters, node, unit, (discharge, carry, drip), name, kind)


def _water(
    doc: Document,
    focus: Focus,
    balance: int,
    counters: dict[str, int],
    origin: int,
    target: int,
    true_value: float,
    status: str,
    name: str,
    step: int,
) -> int:
    counters["W"] += 1
    measured = sig(doc.noisy(true_value, NOISE[status]))
    stream_id = doc.add(
        "stream",
        balance_id=balance,
        code=f"W-{counters['W']:04d}",
        name_zh=name,
        from_node_id=origin,
        to_node_id=target,
        calc="direct",
        value=measured,
        unit="m3/d",
        basis="day",
        status=status,
        method_zh="分水表读数，3 天平均" if status == "measured" else "估算",
        position=counters["W"],
    )
    focus.stream_ids.append(stream_id)
    return stream_id


def _code(doc: Document, stream_id: int) -> str:
    return doc.rows("stream")[stream_id - 1]["code"]


def _nickel_streams(
    doc: Document,
    focus: Focus,
    balance: int,
    counters: dict[str, int],
    node: int,
    unit: _Flows,
    water_ids: tuple[int, int | None, int | None],
    name: str,
    kind: int,
) -> None:
    streams = doc.rows("stream")
    if kind == PLATING:
        for share, fraction, label in ((0.7, 0.999, "镍角溶解"), (0.3, 0.223, "补加硫酸镍")):
            code = _ni_stream(
                doc,
                focus,
                balance,
                counters,
                focus.node_ids["EXT_STORE"],
                node,
                "mass_fraction",
                [
                    ("carrier", sig(doc.noisy(unit.ni_input * share / fraction, 0.01)), "kg/d"),
                    ("fraction", fraction, ""),
                ],
                f"{name}{label}",
                None,
            )
            if len(focus.ni_in_codes) < 2:
                focus.ni_in_codes.append(code)
        code = _ni_stream(
            doc,
            focus,
            balance,
            counters,
            node,
            focus.node_ids["EXT_PRODUCT"],
            "deposit",
            [
                ("area", sig(unit.area), "m2/d"),
                ("thickness", sig(unit.thickness, 3), "um"),
                ("density", 8.9, "g/cm3"),
            ],
            f"{name}镀层镍（产品）",
            None,
        )
        if not focus.ni_deposit_codes:
            focus.ni_deposit_codes.append(code)
    discharge, carry, drip = water_ids
    for water_id, label in ((discharge, "排水带出镍"), (carry, "带出液带出镍"), (drip, "滴漏带出镍")):
        if water_id is None or (water_id == carry and not unit.carry_ni):
            continue
        water_value = streams[water_id - 1]["value"]
        concentration = sig(doc.noisy(unit.concentration, 0.02))
        target = streams[water_id - 1]["to_node_id"]
        _ni_stream(
            doc,
            focus,
            balance,
            counters,
            node,
            target,
            "concentration",
            [("carrier", water_value, "m3/d"), ("concentration", concentration, "g/L")],
            f"{name}{label}",
            water_id,
        )


def _ni_stream(
    doc: Document,
    focus: Focus,
    balance: int,
    counters: dict[str, int],
    origin: int,
    target: int,
    calc: str,
    factors: list[tuple[str, float, str]],
    name: str,
    carrier: int | None,
) -> str:
    counters["N"] += 1
    code = f"N-{counters['N']:04d}"
    stream_id = doc.add(
        "stream",
        balance_id=balance,
        code=code,
        name_zh=name,
        from_node_id=origin,
        to_node_id=target,
        calc=calc,
        unit="kg/d",
        basis="day",
        status="measured" if calc != "deposit" else "calculated",
        method_zh="流量 × 镍浓度（ICP）" if calc == "concentration" else "称重/测厚",
        carrier_stream_id=carrier,
        position=counters["N"],
    )
    for role, value, unit in factors:
        doc.add("stream_factor", stream_id=stream_id, role=role, value=value, unit=unit)
    focus.stream_ids.append(stream_id)
    return code


def _gross_errors(doc: Document, focus: Focus) -> None:
    """A leaking valve and a wrong meter: a few measured water streams off by 25-40 %."""
    rng = doc.rng
    carriers = {r.get("carrier_stream_id") for r in doc.rows("stream")}
    measured = [
        r
        for r in doc.rows("stream")
        if r["calc"] == "direct" and r["status"] == "measured" and r["id"] not in carriers
    ]
    for row in rng.sample(measured, min(len(measured), max(1, doc.size.units // 80))):
        row["value"] = sig(row["value"] * rng.choice((0.65, 0.75, 1.3, 1.4)))
        row["method_zh"] += "（复核：疑似计量异常）"
        focus.gross_errors.append(row["code"])


def _causes(doc: Document, focus: Focus) -> None:
    rng = doc.rng
    units = [focus.node_ids[c] for c in focus.unit_codes]
    for index in range(doc.size.causes):
        aspect = ASPECTS[index % len(ASPECTS)]
        node = rng.choice(units)
        cause = doc.add(
            "cause",
            code=f"C{index + 1:03d}",
            aspect=aspect,
            location_zh=f"单元 U{units.index(node) + 1:03d}",
            cause_zh=f"{CAUSE_TEXTS[aspect]}（第 {index + 1} 条）",
            position=index,
        )
        focus.cause_ids.append(cause)
        doc.add("cause_node", cause_id=cause, node_id=node)
        for stream in rng.sample(focus.stream_ids, 2):
            doc.add("cause_stream", cause_id=cause, stream_id=stream)
