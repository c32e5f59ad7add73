"""Enter the reference audit (tests/data/reference-audit/inputs.json) as the bundled sample audit.

Writes resources/sample/lanfai-2026.cpaudit.json in the interchange format. Run it again after a
data-model change: `.venv/bin/python tools/convert_reference.py`. Where the reference states a rule
that the engine implements (calc_rules, load_rule, hours_rule ...) nothing is stored; where it states a
formula, it becomes an Indicator with that formula; everything an auditor enters is stored.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cp_audit import interchange, migrations  # noqa: E402
from cp_audit.interchange import _kind, _to_json  # noqa: E402
from cp_audit.models import TABLES, table_class  # noqa: E402
from cp_audit.models.base import Aspect  # noqa: E402

REFERENCE = ROOT / "tests" / "data" / "reference-audit" / "inputs.json"
TARGET = ROOT / "resources" / "sample" / "lanfai-2026.cpaudit.json"

ASPECT_BY_NAME = {a.label: a.value for a in Aspect}
DIRECTION = {"<=": "le", ">=": "ge", "info": "info"}
SCREENING = {"可直接实施": "direct", "需进一步研究": "study", "不可行": "infeasible"}
#: option effect keys of the reference -> (resource key, unit)
EFFECTS = {
    "electricity_kwh_a": ("electricity", "kWh/a"), "natural_gas_m3_a": ("natural_gas", "m3/a"),
    "diesel_t_a": ("diesel", "t/a"), "water_m3_a": ("water", "m3/a"), "wastewater_m3_a": ("wastewater", "m3/a"),
    "ni_kg_a": ("ni", "kg/a"), "cod_t_a": ("cod", "t/a"), "sludge_t_a": ("sludge", "t/a"),
}
PRODUCT_METRICS = {  # reference key -> (item key, name, unit)
    "plated_area_10k_m2": ("plated_area", "镀覆面积", "万m2"), "parts_t": ("parts", "工件", "t"),
    "qualification_rate_pct": ("qualification_rate", "合格率", "%"),
    "ni_thickness_um": ("ni_thickness", "平均镍层厚度", "um"),
}
MONITORING_POINTS = {  # reference location -> (name, volume item)
    "total_outlet": ("企业废水总排放口", "wastewater"),
    "ni_facility_outlet": ("含镍废水处理设施排放口", "ni_bearing_wastewater"),
    "cr_facility_outlet": ("含铬废水处理设施排放口", "cr_bearing_wastewater"),
}
WASTEWATER_ITEMS = {"total_m3": ("wastewater", "废水排放量"), "ni_bearing_m3": ("ni_bearing_wastewater", "含镍废水"),
                    "cr_bearing_m3": ("cr_bearing_wastewater", "含铬废水")}
CALC_FACTORS = {  # reference calc keys -> (role, unit key or fixed unit)
    "mass_fraction": [("carrier", "material_kg_d", "kg/d"), ("fraction", "ni_fraction", "")],
    "concentration": [("carrier", "volume_m3_d", "m3/d"), ("concentration", "conc", None)],
    "deposit": [("area", "area_m2_d", "m2/d"), ("thickness", "thickness_um", "um"),
                ("density", "density_g_cm3", "g/cm3")],
}
BASELINE_INDICATORS = {  # target baseline_rule -> indicator key (period 2025)
    "rinse_water_index_2025_plant": "rinse_water_index_plant", "ni_utilisation_2025_plant": "ni_utilisation_plant",
    "tce_per_10k_m2_2025": "tce_per_10k_m2", "tap_water_per_m2_2025": "tap_water_per_m2",
    "hw17_sludge_per_10k_m2_2025": "hw17_sludge_per_10k_m2",
}
AREA = "(ni_line.plated_area + cr_line.plated_area)"
INDICATORS = [  # key, name, unit, formula, direction, benchmark (period scope; later formulas may use earlier keys)
    ("rinse_water_index_plant", "单位产品每次清洗取水量（全厂）", "L/m2",
     "(ni_line.rinse_water + cr_line.rinse_water) / (ni_line.plated_area * ni_line.rinse_count"
     " + cr_line.plated_area * cr_line.rinse_count)", "le", "rinse_water"),
    ("rinse_water_index_ni_line", "单位产品每次清洗取水量（镀镍线）", "L/m2",
     "ni_line.rinse_water / (ni_line.plated_area * ni_line.rinse_count)", "le", "rinse_water"),
    ("rinse_water_index_cr_line", "单位产品每次清洗取水量（镀铬线）", "L/m2",
     "cr_line.rinse_water / (cr_line.plated_area * cr_line.rinse_count)", "le", "rinse_water"),
    ("qualification_rate", "面积加权合格率", "%",
     f"(ni_line.plated_area * ni_line.qualification_rate + cr_line.plated_area * cr_line.qualification_rate) / {AREA}",
     "ge", None),
    ("ni_fed", "镍投入量", "kg", "ni_anode * ni_anode.ni_fraction + niso4 * niso4.ni_fraction + nicl2 * nicl2.ni_fraction",
     "info", None),
    ("ni_deposited_ni_line", "镍沉积量（镀镍线）", "kg", "ni_line.plated_area * ni_line.ni_thickness * ni_density", "info", None),
    ("ni_deposited_cr_line", "镍沉积量（镀铬线）", "kg", "cr_line.plated_area * cr_line.ni_thickness * ni_density", "info", None),
    ("ni_deposited", "镍沉积量", "kg", "ni_deposited_ni_line + ni_deposited_cr_line", "info", None),
    ("ni_utilisation_plant", "镍利用率（全厂）", "%", "ni_deposited / ni_fed", "ge", "ni_utilisation"),
    ("tce_per_10k_m2", "单位镀覆面积综合能耗（当量值）", "tce/10k m2", f"tce_total / {AREA}", "le", None),
    ("tap_water_per_m2", "单位镀覆面积新鲜水耗", "m3/m2", f"tap_water / {AREA}", "le", None),
    ("hw17_sludge_per_10k_m2", "单位镀覆面积电镀污泥（HW17）产生量", "t/10k m2", f"hw17_sludge / {AREA}", "le", None),
]
BALANCE_INDICATORS = [  # balance-test scope: stream codes W-05 are written W_05
    ("test_rinse_intake", "平衡测试漂洗取水量（镀镍线）", "m3/d", "W_05 + W_12 + W_21 + W_25", "info", None),
    ("test_rinse_water_per_rinse", "平衡测试每次清洗取水量（镀镍线）", "L/m2",
     "test_rinse_intake / (test.plated_area * test.rinse_count)", "le", "rinse_water"),
    ("test_line_intake_per_m2", "平衡测试单位面积取水量（镀镍线）", "L/m2",
     "(W_01 + W_05 + W_08 + W_12 + W_15 + W_20 + W_21 + W_25) / test.plated_area", "le", None),
    ("test_ni_utilisation", "平衡测试镍利用率（镀镍线）", "%", "N_05 / (N_01 + N_02 + N_03)", "ge", "ni_utilisation"),
]
TEST_PARAMETERS = {  # balance_test key -> (parameter key, name, unit)
    "plated_area_m2_d": ("test.plated_area", "镀覆面积", "m2/d"), "ni_thickness_um": ("test.ni_thickness", "镍层厚度", "um"),
    "bath_ni_g_l": ("test.bath_ni", "镀液镍浓度", "g/L"), "recovery_tank_ni_g_l": ("test.recovery_tank_ni", "回收槽镍浓度", "g/L"),
    "drag_out_l_per_m2": ("test.drag_out", "带出量", "L/m2"), "rinse_count": ("test.rinse_count", "清洗次数", ""),
}
PRICES = {  # prices_2025 key -> (price key, name, unit)
    "electricity_cny_per_kwh": ("electricity", "电价", "CNY/kWh"), "natural_gas_cny_per_m3": ("natural_gas", "天然气价格", "CNY/m3"),
    "diesel_cny_per_t": ("diesel", "柴油价格", "CNY/t"), "tap_water_cny_per_m3": ("tap_water", "自来水价格", "CNY/m3"),
    "wastewater_treatment_cny_per_m3": ("wastewater_treatment", "污水处理费用", "CNY/m3"),
    "hw17_sludge_disposal_cny_per_t": ("hw17_sludge_disposal", "电镀污泥处置费", "CNY/t"),
    "nickel_value_cny_per_kg_ni": ("nickel_value", "回收镍价值", "CNY/kg"),
}


class Builder:
    """Collects rows table by table, filling every column with the model's default."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {m.__tablename__: [] for m in TABLES}
        self.ids: dict[tuple[str, str], int] = {}

    def add(self, table: str, ref: str | None = None, **values: Any) -> int:
        model = table_class(table)
        rows = self.tables[table]
        row_id = len(rows) + 1
        instance = model(id=row_id, **values)
        kinds = {c.name: _kind(c) for c in model.__table__.columns}
        rows.append({c: _to_json(getattr(instance, c), kinds[c]) for c in kinds})
        if ref is not None:
            self.ids[(table, ref)] = row_id
        return row_id

    def id(self, table: str, ref: str) -> int:
        return self.ids[(table, ref)]

    def document(self) -> dict[str, Any]:
        return {"format": interchange.FORMAT, "schema_version": migrations.SCHEMA_VERSION, "tables": self.tables}


def d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def convert(ref: dict[str, Any]) -> dict[str, Any]:
    b = Builder()
    sources(b, ref)
    coefficients(b, ref)
    enterprise(b, ref)
    preparation(b, ref["phase1_preparation"])
    periods(b, ref)
    inventory(b, ref["phase2_pre_assessment"], ref)
    focus_and_targets(b, ref)
    assessment(b, ref["phase3_assessment"])
    options(b, ref)
    implementation(b, ref["phase6_implementation"])
    continuous(b, ref["phase7_continuous"])
    cppp(b, ref["hk_cppp"])
    audit_info(b, ref)
    return b.document()


def sources(b: Builder, ref: dict) -> None:
    for tag, citation in ref["meta"]["source_tags"].items():
        b.add("source", tag, tag=tag, citation=citation)


def coefficients(b: Builder, ref: dict) -> None:
    coef = ref["coefficients"]
    sets = [("tce", "ref-tce", "折标准煤系数（当量值，GB/T 2589-2020）"), ("co2", "ref-co2", "二氧化碳排放因子（广东 2023）"),
            ("energy_content", "ref-energy-content", "低位发热量")]
    for kind, key, name in sets:
        set_id = b.add("coefficient_set", key, key=key, kind=kind, name_zh=name)
        for position, entry in enumerate(coef[kind]):
            b.add("coefficient", set_id=set_id, carrier_key=entry["key"], name_zh=entry.get("name_zh"),
                  value=entry["value"], unit=entry["unit"], standard=entry.get("standard"), source=entry.get("source"),
                  confidence=entry.get("confidence"), data_year=entry.get("data_year"), position=position)
    b.add("parameter", key="ni_density", name_zh="镍密度", value=coef["nickel"]["density_g_cm3"]["value"],
          unit="g/cm3", source=coef["nickel"]["density_g_cm3"]["source"])
    ro = coef["ro_recovery"]
    b.add("parameter", key="ro_recovery", name_zh="纯水站 RO 回收率", value=ro["value"], unit="", source=ro["source"],
          note=ro["note"])
    for position, (key, (price_key, name, unit)) in enumerate(PRICES.items()):
        note = ref["prices_2025"]["nickel_value_note"] if price_key == "nickel_value" else ref["prices_2025"]["note"]
        b.add("price", key=price_key, name_zh=name, value=ref["prices_2025"][key], unit=unit, year=2025, note=note,
              position=position)


def enterprise(b: Builder, ref: dict) -> None:
    e = ref["enterprise"]
    b.add("enterprise", name_zh=e["name_zh"], name_en=e["name_en"], uscc=e["uscc"], uscc_note=e["uscc_note"],
          enterprise_type_zh=e["enterprise_type_zh"], enterprise_type_en=e["enterprise_type_en"], hk_owned=True,
          hk_parent_zh=e["hk_parent_zh"], hk_parent_en=e["hk_parent_en"], hk_ownership_pct=e["hk_ownership_pct"],
          legal_representative=e["legal_representative"], established_on=d(e["established_on"]),
          registered_capital=e["registered_capital"]["amount"],
          registered_capital_currency=e["registered_capital"]["currency"], industry_code=e["industry_code"],
          industry_name_zh=e["industry_name_zh"], industry_standard=e["industry_standard"],
          cppp_sector="metal_products", address_zh=e["address_zh"], address_en=e["address_en"],
          postcode=e["postcode"], postcode_note=e["postcode_note"], phone=e["phone"], employees=e["employees"],
          land_area_m2=e["land_area_m2"], building_area_m2=e["building_area_m2"], shifts=e["shifts"],
          operating_hours_per_day=e["operating_hours_per_day"], main_products_zh=e["main_products_zh"])
    for position, line in enumerate(e["plating_lines"]):
        b.add("production_line", line["key"], key=line["key"], name_zh=line["name_zh"], name_en=line["name_en"],
              type_zh=line["type_zh"], description=line["layers"], position=position)
        b.add("parameter", key=f"{line['key']}.rinse_count", name_zh=f"{line['name_zh']}清洗次数",
              value=line["rinse_count"], unit="", note=ref["conventions"]["rinse_count_rule"])
    for trigger in ref["mandatory_audit"]["triggers"]:
        b.add("mandatory_trigger", kind="toxic_hazardous", article=trigger["article"], name_zh=trigger["name_zh"],
              detail_zh=trigger["detail_zh"])


def preparation(b: Builder, p1: dict) -> None:
    dec = p1["leadership_decision"]
    b.add("leadership_decision", doc_no=dec["doc_no"], title_zh=dec["title_zh"], issued_on=d(dec["issued_on"]),
          signed_by=dec["signed_by"], summary_zh=dec["summary_zh"])
    c = p1["consultancy"]
    b.add("consultancy", name_zh=c["name_zh"], name_en=c["name_en"])
    for position, a in enumerate(c["auditors"]):
        b.add("auditor", name=a["name"], role_zh=a["role_zh"], certificate_no=a["certificate_no"], position=position)
    position = 0
    for group, key in (("leading", "leading_group"), ("working", "working_group")):
        for m in p1["audit_team"][key]:
            b.add("team_member", group=group, name=m["name"], team_role_zh=m["team_role_zh"],
                  dept_and_post_zh=m["dept_and_post_zh"], title_zh=m["title_zh"], specialty_zh=m["specialty_zh"],
                  duties_zh=m["duties_zh"], time_zh=m["time_zh"], planned_person_days=m["planned_person_days"],
                  position=position)
            position += 1
    for position, w in enumerate(p1["work_plan"]):
        b.add("work_plan_row", stage_no=w["stage_no"], stage_zh=w["stage_zh"], content_zh=w["content_zh"],
              start=d(w["start"]), end=d(w["end"]), responsible_zh=w["responsible_zh"],
              assessor_zh=w["assessor_zh"], output_zh=w["output_zh"], position=position)
    for position, t in enumerate(p1["training"]):
        b.add("training_record", code=t["id"], held_on=d(t["date"]), topic_zh=t["topic_zh"], trainer=t["trainer"],
              participants=t["participants"], hours=t["hours"], position=position)
    for position, x in enumerate(p1["barriers"]):
        b.add("barrier", code=x["id"], type_zh=x["type_zh"], barrier_zh=x["barrier_zh"], measure_zh=x["measure_zh"],
              position=position)


def periods(b: Builder, ref: dict) -> None:
    p2 = ref["phase2_pre_assessment"]
    for position, year in enumerate(p2["years"]):
        b.add("period", str(year), key=str(year), label_zh=f"{year}年", kind="full_year", start=date(year, 1, 1),
              end=date(year, 12, 31), operating_days=p2["operating_days"][str(year)], position=position)
    post = ref["phase6_implementation"]["post_period"]
    b.add("period", "post", key="post", label_zh="实施后监测期（2026年9–11月）", kind="part_year",
          start=d(post["period"][0]), end=d(post["period"][1]), operating_days=post["operating_days"],
          note=post["note"], position=len(p2["years"]))


def item(b: Builder, ref_key: str, values: dict[str, float], **fields: Any) -> int:
    """An inventory item with its values per period ({'2023': 1.0, ...})."""
    item_id = b.add("inventory_item", ref_key, **fields)
    for period, value in values.items():
        b.add("inventory_value", item_id=item_id, period_id=b.id("period", period), value=value)
    return item_id


def inventory(b: Builder, p2: dict, ref: dict) -> None:
    position = 0

    def next_position() -> int:
        nonlocal position
        position += 1
        return position

    for line in p2["production"]["lines"]:
        for ref_key, (key, name, unit) in PRODUCT_METRICS.items():
            note = p2["production"]["thickness_note"] if key == "ni_thickness" else None
            item(b, f"{line['line']}.{key}", line[ref_key], category="product", key=key, name_zh=name, unit=unit,
                 line_id=b.id("production_line", line["line"]), product_zh=line["product_zh"], note=note,
                 position=next_position())
    for m in p2["raw_materials"]:
        item_id = item(b, m["key"], m["qty"], category="raw_material", key=m["key"], name_zh=m["name_zh"],
                       unit=m["unit"], price=m["price_cny_per_t_2025"], price_unit="CNY/t", price_period_key="2025",
                       hazard_zh=m.get("hazard") or None, position=next_position())
        if "ni_fraction" in m:
            source_key = {"ni_anode": "ni_fraction_anode", "niso4": "ni_fraction_niso4_6h2o",
                          "nicl2": "ni_fraction_nicl2_6h2o"}[m["key"]]
            source = ref["coefficients"]["nickel"][source_key]
            assert source["value"] == m["ni_fraction"]
            b.add("item_property", item_id=item_id, key="ni_fraction", value=m["ni_fraction"], unit="",
                  source=source["source"])
    for e in p2["energy"]:
        currency, _sep, per = e["price_unit"].partition("/")
        item(b, e["key"], e["qty"], category="energy", key=e["key"], name_zh=e["name_zh"], unit=e["unit"],
             carrier_key=e["key"], price=e["price_2025"], price_unit=e["price_unit"], price_period_key="2025",
             use_zh=e["use_zh"], position=next_position())
    water = p2["water"]
    tap = item(b, "tap_water", water["tap_water_m3"], category="water", key="tap_water", name_zh="自来水", unit="m3",
               price=water["price_2025_cny_per_m3"], price_unit="CNY/m3", price_period_key="2025",
               position=next_position())
    for line_key, value in water["rinse_water_submeters_2025_m3"].items():
        item(b, f"{line_key}.rinse_water", {"2025": value}, category="water", key="rinse_water",
             name_zh="漂洗取水量（分水表）", unit="m3", line_id=b.id("production_line", line_key), part_of_id=tap,
             note=water["rinse_water_note"], position=next_position())
    wastewater = p2["wastewater"]
    total = None
    for ref_key, (key, name) in WASTEWATER_ITEMS.items():
        item_id = item(b, key, wastewater[ref_key], category="wastewater", key=key, name_zh=name, unit="m3",
                       part_of_id=total, note=wastewater["wwtp_note"] if key == "wastewater" else None,
                       position=next_position())
        total = total or item_id
    point_position = 0
    for location, (name, volume_key) in MONITORING_POINTS.items():
        b.add("emission_point", location, key=location, kind="water_outlet", name_zh=name, volume_item_key=volume_key,
              position=point_position)
        point_position += 1
    for mon in wastewater["monitoring"]:
        item(b, f"{mon['location']}.{mon['param']}", mon["conc"], category="water_pollutant", key=mon["param"],
             name_zh=mon["name_zh"], unit=mon["unit"], point_id=b.id("emission_point", mon["location"]),
             position=next_position())
    item(b, "total_outlet.pH", {"2025": wastewater["ph_2025"]}, category="water_pollutant", key="pH", name_zh="pH",
         unit="", point_id=b.id("emission_point", "total_outlet"), position=next_position())
    air_names = {a["param"]: a["name_zh"] for a in p2["discharge_standards"]["air"]}
    for stack in p2["air_emissions"]["stacks"]:
        b.add("emission_point", stack["id"], key=stack["id"], kind="stack", code=stack["id"], name_zh=stack["name_zh"],
              flow_value=stack["flow_m3_h"], flow_unit="m3/h", position=point_position)
        point_position += 1
        item(b, f"{stack['id']}.{stack['param']}", stack["conc_mg_m3"], category="air_pollutant", key=stack["param"],
             name_zh=air_names[stack["param"]], unit="mg/m3", point_id=b.id("emission_point", stack["id"]),
             position=next_position())
    for w in p2["hazardous_waste"]:
        item_id = item(b, w["key"], w["qty"], category="hazardous_waste", key=w["key"], name_zh=w["name_zh"],
                       unit=w["unit"], waste_code=w["code"], price=w["disposal_cny_per_t_2025"], price_unit="CNY/t",
                       price_period_key="2025", position=next_position())
        if "moisture_pct" in w:
            b.add("item_property", item_id=item_id, key="moisture_pct", value=w["moisture_pct"], unit="%")
    standards(b, p2["discharge_standards"])
    for position_eq, e in enumerate(p2["equipment"]):
        b.add("equipment", code=e["id"], name_zh=e["name_zh"], spec=e["spec"], quantity=e["qty"],
              power_kw=e["power_kw"], installed_year=e["installed"], location_zh=e["location_zh"],
              status_zh=e["status_zh"], position=position_eq)
    for position_m, m in enumerate(p2["existing_cp_measures"]):
        b.add("existing_measure", year=m["year"], measure_zh=m["measure_zh"], position=position_m)
    for position_f, f in enumerate(p2["site_findings"]):
        b.add("site_finding", code=f["id"], location_zh=f["location_zh"], finding_zh=f["finding_zh"],
              position=position_f)


def standards(b: Builder, ds: dict) -> None:
    t3 = b.add("discharge_standard", key="gb21900_t3", name_zh=ds["applied_table"], medium="water", applied=True,
               note=ds["applied_note"], position=0)
    t2 = b.add("discharge_standard", key="gb21900_t2", name_zh="GB 21900-2008 表2 新建企业水污染物排放限值",
               medium="water", applied=False, position=1)
    for position, w in enumerate(ds["water"]):
        for standard_id, value in ((t3, w["table3"]), (t2, w["table2"])):
            b.add("discharge_limit", standard_id=standard_id, param=w["param"], name_zh=w["name_zh"], unit=w["unit"],
                  limit_max=value, location_zh=w["location_zh"], source=w["source"], confidence=w["confidence"],
                  position=position)
    low, high = ds["ph_range"]
    b.add("discharge_limit", standard_id=t3, param="pH", name_zh="pH", unit="", limit_min=low, limit_max=high,
          position=len(ds["water"]))
    t5 = b.add("discharge_standard", key="gb21900_t5", name_zh="GB 21900-2008 表5 大气污染物排放限值", medium="air",
               applied=True, position=2)
    for position, a in enumerate(ds["air"]):
        b.add("discharge_limit", standard_id=t5, param=a["param"], name_zh=a["name_zh"], unit=a["unit"],
              limit_max=a["limit"], source=a["source"], confidence=a["confidence"], position=position)


def focus_and_targets(b: Builder, ref: dict) -> None:
    cf = ref["phase2_pre_assessment"]["candidate_focuses"]
    for position, c in enumerate(cf["candidates"]):
        data = c["basic_data_2025"]
        b.add("focus_candidate", c["key"], key=c["key"], name_zh=c["name_zh"], name_en=c["name_en"],
              water_m3=data["water_m3"], electricity_kwh=data["electricity_kwh"], wastewater_m3=data["wastewater_m3"],
              hazardous_waste_t=data["hazardous_waste_t"], main_pollutants_zh=data["main_pollutants_zh"],
              env_cost=data["env_cost_cny"], position=position)
    for position, c in enumerate(cf["criteria"]):
        b.add("criterion", f"focus.{c['key']}", scope="focus", key=c["key"], name_zh=c["name_zh"],
              name_en=c["name_en"], weight=c["weight"], position=position)
    for candidate, scores in cf["scores"].items():
        for criterion, score in scores.items():
            b.add("focus_score", candidate_id=b.id("focus_candidate", candidate),
                  criterion_id=b.id("criterion", f"focus.{criterion}"), score=score)
    for position, (key, name, unit, formula, direction, benchmark) in enumerate(INDICATORS):
        b.add("indicator", key, key=key, name_zh=name, unit=unit, formula=formula, scope="period",
              direction=direction, benchmark_key=benchmark, position=position)
    for offset, (key, name, unit, formula, direction, benchmark) in enumerate(BALANCE_INDICATORS):
        b.add("indicator", key, key=key, name_zh=name, unit=unit, formula=formula, scope="balance",
              direction=direction, benchmark_key=benchmark, position=len(INDICATORS) + offset)
    ev = ref["phase2_pre_assessment"]["evaluation_index"]
    system = b.add("evaluation_system", "system", key="electroplating-2015", name_zh=ev["system_zh"],
                   source=ev["source"], partial=True, note=ev["note"])
    binding = {"rinse_water": "rinse_water_index_plant", "ni_utilisation": "ni_utilisation_plant"}
    for position, i in enumerate(ev["indicators"]):
        b.add("evaluation_indicator", system_id=system, key=i["key"], name_zh=i["name_zh"], unit=i["unit"],
              direction=DIRECTION[i["direction"]], limiting=i["limiting"], level_1=i["levels"]["I"],
              level_2=i["levels"]["II"], level_3=i["levels"]["III"], indicator_key=binding[i["key"]],
              confidence=i["confidence"], position=position)
    for position, t in enumerate(ref["phase2_pre_assessment"]["targets"]):
        b.add("target", code=t["key"], name_zh=t["name_zh"], unit=t["unit"], direction=DIRECTION[t["direction"]],
              indicator_id=b.id("indicator", BASELINE_INDICATORS[t["baseline_rule"]]), baseline_period_key="2025",
              baseline_entered=t["baseline_entered"], near_value=t["near_term"]["value"],
              near_by=d(t["near_term"]["by"]), long_value=t["long_term"]["value"], long_by=d(t["long_term"]["by"]),
              position=position)


def assessment(b: Builder, p3: dict) -> None:
    test = p3["balance_test"]
    b.add("balance_test", dates=test["dates"], days=test["days"], hours_per_day=test["hours_per_day"],
          basis_zh=test["basis"], instruments_zh=test["instruments_zh"])
    for position, (key, (param, name, unit)) in enumerate(TEST_PARAMETERS.items()):
        b.add("parameter", key=param, name_zh=name, value=test[key], unit=unit, scope="balance", position=position)
    position = 0
    for u in p3["unit_operations"]:
        b.add("node", u["id"], code=u["id"], kind="unit_operation", name_zh=u["name_zh"], name_en=u["name_en"],
              function_zh=u["function_zh"], equipment_zh=u["equipment_zh"], parameters_zh=u["parameters_zh"],
              position=position)
        position += 1
    for n in p3["external_nodes"]:
        b.add("node", n["id"], code=n["id"], kind=n["kind"], name_zh=n["name_zh"], name_en=n["name_en"],
              is_product=n["id"] == "EXT_PRODUCT", position=position)
        position += 1
    water = b.add("balance", key="water", kind="water", name_zh="水平衡", name_en="water balance",
                  unit=p3["water_balance"]["unit"], position=0)
    rinse = set(test["rinse_intake_streams"])
    for position, s in enumerate(p3["water_balance"]["streams"]):
        b.add("stream", s["id"], balance_id=water, code=s["id"], name_zh=s["name_zh"], name_en=s["name_en"],
              from_node_id=b.id("node", s["from"]), to_node_id=b.id("node", s["to"]), calc="direct",
              value=s["value"], unit=s["unit"], basis="day", status=s["status"], method_zh=s["method_zh"],
              tags=["rinse_intake"] if s["id"] in rinse else [], position=position)
    nickel = b.add("balance", key="ni", kind="element", substance="Ni", name_zh="镍平衡", name_en="nickel balance",
                   unit="kg/d", position=1)
    for position, s in enumerate(p3["nickel_balance"]["streams"]):
        calc = s["calc"]
        stream_id = b.add("stream", s["id"], balance_id=nickel, code=s["id"], name_zh=s["name_zh"],
                          name_en=s["name_en"], from_node_id=b.id("node", s["from"]), to_node_id=b.id("node", s["to"]),
                          calc=calc["type"], value=calc.get("ni_kg_d"), unit="kg/d", basis="day", status=s["status"],
                          method_zh=s["method_zh"],
                          carrier_stream_id=b.id("stream", s["water_stream"]) if s["water_stream"] else None,
                          position=position)
        for role, key, unit in CALC_FACTORS.get(calc["type"], []):
            b.add("stream_factor", stream_id=stream_id, role=role, value=calc[key], unit=calc["conc_unit"] if unit is None else unit)
    for position, c in enumerate(p3["cause_analysis"]):
        codes = c["unit"].split("/")
        nodes = [code for code in codes if ("node", code) in b.ids]
        cause = b.add("cause", c["id"], code=c["id"], aspect=ASPECT_BY_NAME[c["aspect"]],
                      location_zh=None if len(nodes) == len(codes) else c["unit"], cause_zh=c["cause_zh"],
                      cause_en=c["cause_en"], position=position)
        if len(nodes) == len(codes):
            for code in nodes:
                b.add("cause_node", cause_id=cause, node_id=b.id("node", code))
        for code in c["streams"]:
            b.add("cause_stream", cause_id=cause, stream_id=b.id("stream", code))


def options(b: Builder, ref: dict) -> None:
    p4 = ref["phase4_options"]
    for position, o in enumerate(p4["options"]):
        option = b.add("option", o["code"], code=o["code"], title_zh=o["title_zh"], title_en=o["title_en"],
                       description_zh=o["description_zh"], aspect=ASPECT_BY_NAME[o["aspect"]], source_zh=o["source_zh"],
                       proposed_in_phase=o["proposed_in_phase"], currency="CNY", investment=o["investment_cny"],
                       expected_savings=o["expected_annual_savings_cny"],
                       screening=SCREENING[o["screening"]["result"]], screening_reason_zh=o["screening"]["reason_zh"],
                       position=position)
        for cause in o["linked_causes"]:
            b.add("option_cause", option_id=option, cause_id=b.id("cause", cause))
        effects(b, option, "expected", o["expected_effects"])
    ws = p4["weighted_screening"]
    for position, c in enumerate(ws["criteria"]):
        b.add("criterion", f"option.{c['key']}", scope="option", key=c["key"], name_zh=c["name_zh"],
              name_en=c.get("name_en"), weight=c["weight"], position=position)
    for code in ws["applies_to"]:
        for criterion, score in ws["scores"][code].items():
            b.add("option_score", option_id=b.id("option", code), criterion_id=b.id("criterion", f"option.{criterion}"),
                  score=score)
    for f in ref["phase5_feasibility"]["options"]:
        option = b.id("option", f["code"])
        row = b.tables["option"][option - 1]
        row.update(depreciation_years=float(f["depreciation_years_Y"]), life_years=f["economic_life_years_n"],
                   market_zh=f["market_zh"], technical_zh=f["technical_zh"], environmental_zh=f["environmental_zh"])
        cash_items(b, option, "expected", f)


def effects(b: Builder, option: int, basis: str, values: dict | None) -> None:
    for key, value in (values or {}).items():
        resource, unit = EFFECTS[key]
        b.add("option_effect", option_id=option, basis=basis, resource_key=resource, value=value, unit=unit)


def cash_items(b: Builder, option: int, basis: str, block: dict) -> None:
    position = 0
    for item_ in block.get("investment_items", []):
        b.add("cash_item", option_id=option, basis=basis, kind="investment", item_zh=item_["item_zh"],
              amount=item_["cny"], original_amount=item_.get("hkd"), original_currency="HKD" if "hkd" in item_ else None,
              position=position)
        position += 1
    for kind, key in (("saving", "savings_items"), ("added_cost", "added_cost_items")):
        for item_ in block.get(key, []):
            b.add("cash_item", option_id=option, basis=basis, kind=kind, item_zh=item_["item_zh"],
                  quantity=item_["qty"], unit=item_["unit"], unit_price=item_["unit_price"], position=position)
            position += 1


def implementation(b: Builder, p6: dict) -> None:
    for code, r in p6["records"].items():
        option = b.id("option", code)
        b.tables["option"][option - 1].update(
            status=r["status"], start_on=r["start"], end_on=r["end"], actual_investment=r["actual_investment_cny"],
            actual_savings=r["actual_annual_savings_cny"], implementation_note_zh=r["note_zh"])
        effects(b, option, "actual", r["actual_effects"])
    for code, block in p6["actual_savings_breakdown"].items():
        cash_items(b, b.id("option", code), "actual", block)
    for position, m in enumerate(p6["monitoring"]):
        fields: dict[str, Any] = {}
        for side in ("before", "after"):
            value = m[side]
            if isinstance(value, dict):
                numerator = value.get("num", value.get("num_m3_d"))
                denominator = value.get("den", value.get("area_m2_d"))
                fields.update({f"{side}_num": numerator, f"{side}_den": denominator})
                if "num_m3_d" in value:
                    fields.update(num_unit="m3/d", den_unit="m2/d")
            else:
                fields[f"{side}_value"] = value
        b.add("monitoring_record", option_id=b.id("option", m["option"]), indicator_zh=m["indicator_zh"],
              unit=m["unit"], direction=DIRECTION[m["direction"]], before_period=m["before_period"],
              after_period=m["after_period"], computed_note=m.get("computed"), position=position, **fields)
    post = p6["post_period"]
    values = {
        "ni_line.plated_area": (post["ni_line_area_m2"], "m2"), "cr_line.plated_area": (post["cr_line_area_m2"], "m2"),
        "ni_line.ni_thickness": (post["ni_line_ni_thickness_um"], None),
        "cr_line.ni_thickness": (post["cr_line_ni_thickness_um"], None),
        "ni_anode": (post["ni_anode_kg"], "kg"), "niso4": (post["niso4_kg"], "kg"), "nicl2": (post["nicl2_kg"], "kg"),
        "ni_line.rinse_water": (post["rinse_water_m3"]["ni_line"], None),
        "cr_line.rinse_water": (post["rinse_water_m3"]["cr_line"], None),
        "tap_water": (post["tap_water_m3"], None), "electricity": (post["electricity_kwh"], None),
        "natural_gas": (post["natural_gas_m3"], None), "diesel": (post["diesel_t"], None),
        "hw17_sludge": (post["hw17_sludge_t"], None), "wastewater": (post["wastewater_m3"], None),
        "total_outlet.COD": (post["cod_mg_l"], None), "ni_facility_outlet.Ni": (post["ni_facility_outlet_mg_l"], None),
        "cr_facility_outlet.Cr6": (post["cr6_facility_outlet_mg_l"], None),
    }
    for ref_key, (value, unit) in values.items():
        b.add("inventory_value", item_id=b.id("inventory_item", ref_key), period_id=b.id("period", "post"),
              value=value, unit=unit)
    for position, n in enumerate(p6["result_notes"]):
        b.add("result_note", about=n["about"], note_zh=n["note_zh"], note_en=n["note_en"], position=position)


def continuous(b: Builder, p7: dict) -> None:
    for position, r in enumerate(p7["rules"]):
        b.add("cp_rule", name_zh=r["name_zh"], issued_on=d(r["issued_on"]), position=position)
    for position, n in enumerate(p7["next_round_plan"]):
        b.add("next_round_item", item_zh=n["item_zh"], when_zh=n["when"], responsible_zh=n["responsible_zh"],
              expected_zh=n["expected_zh"], position=position)


def cppp(b: Builder, hk: dict) -> None:
    el = hk["eligibility"]
    b.add("cppp_profile", programme_zh=hk["programme_zh"], programme_en=hk["programme_en"],
          hk_registered_business=el["hk_registered_business"], factory_relation=el["factory_relation"],
          sector_in_original_eight=el["sector_in_original_eight"], sector=el["sector"], source=el["source"],
          et_service_provider=hk["et_service_provider"])
    for position, r in enumerate(hk["rule_sets"]):
        caps, months = r["caps_hkd"], r.get("max_duration_months", {})
        b.add("cppp_rule_set", key=r["key"], name=r["name"], share=r["share"],
              cap_onsite_assessment=caps.get("onsite_assessment"),
              cap_demonstration_installation=caps.get("demonstration_installation"),
              cap_demonstration_rnd=caps.get("demonstration_rnd"), max_months_onsite=months.get("onsite_assessment"),
              max_months_demonstration=months.get("demonstration"), source=r["source"], position=position)
    for position, p in enumerate(hk["projects"]):
        kind = p.get("funding_category", p["key"])
        project = b.add("cppp_project", key=p["key"], kind=kind, type_zh=p["type_zh"], type_en=p["type_en"],
                        cost_hkd=p.get("cost_hkd", p.get("eligible_cost_hkd")), start=d(p["start"]), end=d(p["end"]),
                        technology_zh=p.get("technology_zh"), benefit_basis=p["benefit_basis"], position=position)
        for code in p.get("recommended_options", []) + ([p["linked_option"]] if "linked_option" in p else []):
            b.add("cppp_project_option", project_id=project, option_id=b.id("option", code))


NUMERIC_CONVENTIONS = {"balance_tolerance_pct", "low_cost_max_cny"}


def audit_info(b: Builder, ref: dict) -> None:
    meta, mandatory = ref["meta"], ref["mandatory_audit"]
    p2, p4 = ref["phase2_pre_assessment"], ref["phase4_options"]
    conventions = "\n".join(f"{k}: {v}" for k, v in ref["conventions"].items()
                            if k not in NUMERIC_CONVENTIONS | {"rinse_count_rule"})
    b.add("audit_info", title_zh=meta["title_zh"], title_en=meta["title_en"], fictional=meta["fictional"],
          disclaimer_zh=meta["disclaimer_zh"], disclaimer_en=meta["disclaimer_en"], base_currency=meta["base_currency"],
          audit_year=meta["audit_year"], baseline_period_key=str(meta["baseline_year"]), verification_period_key="post",
          audit_type="mandatory", mandatory_category=mandatory["category"], list_name_zh=mandatory["list_name_zh"],
          list_published_on=d(mandatory["list_published_on"]),
          leadership_decision_on=d(mandatory["actual"]["leadership_decision_on"]),
          audit_started_on=d(mandatory["actual"]["audit_started_on"]), disclosed_on=d(mandatory["actual"]["disclosed_on"]),
          report_submitted_on=d(mandatory["actual"]["report_submitted_on"]),
          balance_tolerance_pct=ref["conventions"]["balance_tolerance_pct"],
          low_cost_max=ref["conventions"]["low_cost_max_cny"],
          tax_rate=ref["phase5_feasibility"]["common"]["tax_rate"],
          discount_rate=ref["phase5_feasibility"]["common"]["discount_rate"],
          hkd_per_cny=ref["coefficients"]["exchange_rate"]["cny_to_hkd"],
          exchange_rate_note=ref["coefficients"]["exchange_rate"]["status"],
          tce_set_id=b.id("coefficient_set", "ref-tce"), co2_set_id=b.id("coefficient_set", "ref-co2"),
          energy_content_set_id=b.id("coefficient_set", "ref-energy-content"),
          product_name_zh="镀覆面积", product_formula="ni_line.plated_area + cr_line.plated_area", product_unit="万m2",
          evaluation_system_id=b.id("evaluation_system", "system"),
          chosen_focus_id=b.id("focus_candidate", ref["phase3_assessment"]["focus_key"]),
          focus_score_scale=p2["candidate_focuses"]["score_scale"],
          option_screening_decision_zh=p4["weighted_screening"]["decision_zh"],
          suggestions_collected=ref["phase1_preparation"]["suggestions_collected"],
          equipment_obsolescence_note_zh=p2["equipment_obsolescence_note_zh"],
          cp_organisation_zh=ref["phase7_continuous"]["organisation_zh"], notes=conventions)


def main() -> None:
    document = convert(json.loads(REFERENCE.read_text(encoding="utf-8")))
    problems = interchange.document_problems(document)
    if problems:
        raise SystemExit("the converted sample is invalid:\n" + "\n".join(problems))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
