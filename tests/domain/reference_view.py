"""Rebuild the reference audit's inputs.json from an exported audit document, and nothing else.

`reference_view(document)` reads the interchange document that `cp-audit export-json` prints and
returns a dict with the keys and nesting of tests/data/reference-audit/inputs.json. It is written
independently of tools/convert_reference.py: every mapping below is the reverse reading of the data
model ("reference field <- where the program keeps it"), so a mistake in the converter, the import
or the export shows up as a difference when the view is compared with the reference.

Where a reference key names a unit (ni_line_area_m2, material_kg_d, price_cny_per_t_2025 ...), the
view takes the stored value in the stored unit and converts it with `in_unit`; a unit it cannot
convert becomes a readable marker text, so the comparison reports it instead of crashing.
"""

from __future__ import annotations

from typing import Any

from cp_audit.i18n import translate
from cp_audit.models.base import Aspect, AuditType, CpppSector, Screening

#: Marker for a leaf the export does not hold where the view expected it.
ABSENT = "<not in the export>"
#: The reference spells comparators as text, the model as Direction codes.
DIRECTION = {"le": "<=", "ge": ">=", "info": "info"}
#: Unit conversions the reference needs (stored unit, unit named by the reference key) -> factor.
CONVERSIONS = {("万m2", "m2"): 1e4, ("t", "kg"): 1e3}
#: Resources of option effects that are a chemical element: their mass unit names the element.
ELEMENT_RESOURCES = {"ni": "Ni"}


# ---- reading the document ------------------------------------------------------------------


class Tables:
    """The rows of an exported document, by table, in the order the program shows them."""

    def __init__(self, document: dict[str, Any]):
        self._tables: dict[str, list[dict[str, Any]]] = document["tables"]
        self._by_id = {name: {row["id"]: row for row in rows} for name, rows in self._tables.items()}

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        found = [r for r in self._tables[table] if all(r.get(k) == v for k, v in where.items())]
        return sorted(found, key=lambda r: (r.get("position", 0), r["id"]))

    def one(self, table: str, **where: Any) -> dict[str, Any]:
        """The single matching row; an empty row (every field reads as ABSENT) when there is none or several."""
        found = self.rows(table, **where)
        return found[0] if len(found) == 1 else Row()

    def get(self, table: str, row_id: int | None) -> dict[str, Any]:
        return self._by_id[table].get(row_id, Row()) if row_id is not None else Row()


class Row(dict):
    """A row that is not in the export: each of its fields reads as ABSENT."""

    def __missing__(self, key: str) -> str:
        return ABSENT


def fields(row: dict[str, Any], *same: str, **renamed: str) -> dict[str, Any]:
    """Reference fields taken from `row`: `same` columns keep their name, `renamed` maps reference -> column."""
    picked = {name: row[name] for name in same}
    picked.update({ref_name: row[column] for ref_name, column in renamed.items()})
    return picked


def optional(row: dict[str, Any], *names: str) -> dict[str, Any]:
    """Fields the reference only writes when they have a value."""
    return {name: row[name] for name in names if row[name] is not None}


def in_unit(value: Any, unit: str | None, wanted: str) -> Any:
    if value is None or value == ABSENT or unit == wanted:
        return value
    factor = CONVERSIONS.get((unit, wanted))
    return value * factor if factor is not None else f"{value} {unit} (cannot be read as {wanted})"


def single(values: list[Any]) -> Any:
    """The one value several rows share (a note repeated on each row); a marker when they differ."""
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else f"rows disagree or are missing: {distinct}"


def label(enum: type, value: str | None) -> str | None:
    """The Chinese label of a stored enumeration code (the reference writes labels, the model codes)."""
    return enum(value).label if value is not None else None


def english(text: str | None) -> str | None:
    """The English label of an enumeration value, from the program's translation catalogue."""
    return translate(text, "en") if text is not None else None


def element_unit(unit: str, substance: str | None) -> str:
    """'kg/d' of nickel is written 'kg Ni/d' in the reference."""
    mass, _slash, per = unit.partition("/")
    return f"{mass} {substance}/{per}" if substance else unit


# ---- the audit's own records ---------------------------------------------------------------


class View:
    """Builds each section of inputs.json from the tables."""

    def __init__(self, document: dict[str, Any]):
        self.t = Tables(document)
        self.info = self.t.one("audit_info")
        self.periods = {p["id"]: p for p in self.t.rows("period")}
        self.values: dict[int, list[dict[str, Any]]] = {}
        for value in self.t.rows("inventory_value"):
            self.values.setdefault(value["item_id"], []).append(value)

    def build(self) -> dict[str, Any]:
        return {
            "meta": self.meta(), "conventions": self.conventions(), "coefficients": self.coefficients(),
            "prices_2025": self.prices(), "enterprise": self.enterprise(), "mandatory_audit": self.mandatory_audit(),
            "phase1_preparation": self.phase1(), "phase2_pre_assessment": self.phase2(),
            "phase3_assessment": self.phase3(), "phase4_options": self.phase4(),
            "phase5_feasibility": self.phase5(), "phase6_implementation": self.phase6(),
            "phase7_continuous": self.phase7(), "hk_cppp": self.hk_cppp(),
        }

    # -- helpers over several tables --

    def parameter(self, key: str) -> dict[str, Any]:
        return self.t.one("parameter", key=key)

    def item(self, name: str) -> dict[str, Any]:
        """An inventory item by its formula name: 'tap_water', 'ni_line.plated_area', 'total_outlet.COD'."""
        owner_key, _dot, key = name.rpartition(".")
        if not owner_key:
            return self.t.one("inventory_item", key=key, line_id=None, point_id=None)
        line = self.t.rows("production_line", key=owner_key)
        if line:
            return self.t.one("inventory_item", key=key, line_id=line[0]["id"])
        return self.t.one("inventory_item", key=key, point_id=self.t.one("emission_point", key=owner_key)["id"])

    def year_values(self, item: dict[str, Any]) -> dict[str, Any]:
        """{'2023': value, ...} over the full-year periods, in the item's unit."""
        found = {}
        for value in self.values.get(item["id"], []):
            period = self.periods[value["period_id"]]
            if period["kind"] == "full_year":
                found[period["key"]] = in_unit(value["value"], value["unit"] or item["unit"], item["unit"])
        return found

    def period_value(self, name: str, period_key: str, wanted: str | None = None) -> Any:
        item = self.item(name)
        for value in self.values.get(item["id"], []):
            if self.periods[value["period_id"]]["key"] == period_key:
                return in_unit(value["value"], value["unit"] or item["unit"], wanted or item["unit"])
        return ABSENT

    def priced_2025(self, item: dict[str, Any], wanted: str) -> Any:
        if item["price_period_key"] != "2025":
            return f"price of period {item['price_period_key']}"
        return in_unit(item["price"], item["price_unit"], wanted)

    def option_code(self, option_id: int) -> str:
        return self.t.get("option", option_id)["code"]

    def node_code(self, node_id: int | None) -> str | None:
        return self.t.get("node", node_id)["code"] if node_id is not None else None

    def stream_code(self, stream_id: int | None) -> str | None:
        return self.t.get("stream", stream_id)["code"] if stream_id is not None else None

    # -- meta, conventions, coefficients, prices --

    def meta(self) -> dict[str, Any]:
        info = self.info
        return {
            **fields(info, "title_zh", "title_en", "fictional", "disclaimer_zh", "disclaimer_en", "base_currency",
                     "audit_year"),
            "baseline_year": int(info["baseline_period_key"]),
            "source_tags": {s["tag"]: s["citation"] for s in self.t.rows("source")},
        }

    def conventions(self) -> dict[str, Any]:
        """Text rules are kept as 'key: value' lines of AuditInfo.notes; numbers have their own columns."""
        rules = {}
        for line in (self.info["notes"] or "").splitlines():
            key, _sep, value = line.partition(": ")
            rules[key] = value
        rinse_notes = [self.parameter(f"{line['key']}.rinse_count")["note"] for line in self.t.rows("production_line")]
        currency = self.info["base_currency"].lower()
        return {
            **rules,
            "balance_tolerance_pct": self.info["balance_tolerance_pct"],
            f"low_cost_max_{currency}": self.info["low_cost_max"],
            "rinse_count_rule": single(rinse_notes),  # the note of each line's rinse-count parameter
        }

    def coefficients(self) -> dict[str, Any]:
        sets = {"tce": "tce_set_id", "co2": "co2_set_id", "energy_content": "energy_content_set_id"}
        view: dict[str, Any] = {kind: self.coefficient_list(self.info[column]) for kind, column in sets.items()}
        density = self.parameter("ni_density")
        ro = self.parameter("ro_recovery")
        view["nickel"] = {
            "density_g_cm3": {"value": in_unit(density["value"], density["unit"], "g/cm3"),
                              "source": density["source"]},
            **self.ni_fractions(),
        }
        view["exchange_rate"] = {"cny_to_hkd": self.info["hkd_per_cny"], "status": self.info["exchange_rate_note"]}
        view["ro_recovery"] = fields(ro, "value", "note", "source")
        return view

    def coefficient_list(self, set_id: int) -> list[dict[str, Any]]:
        return [
            {"key": c["carrier_key"], **optional(c, "name_zh"), **fields(c, "value", "unit", "source"),
             **optional(c, "standard", "data_year"), "confidence": c["confidence"]}
            for c in self.t.rows("coefficient", set_id=set_id)
        ]

    def ni_fractions(self) -> dict[str, Any]:
        """Ni mass fractions live on the raw materials they belong to (ItemProperty 'ni_fraction')."""
        names = {"ni_anode": "ni_fraction_anode", "niso4": "ni_fraction_niso4_6h2o", "nicl2": "ni_fraction_nicl2_6h2o"}
        view = {}
        for material, ref_key in names.items():
            prop = self.t.one("item_property", item_id=self.item(material)["id"], key="ni_fraction")
            view[ref_key] = fields(prop, "value", "source")
        return view

    def prices(self) -> dict[str, Any]:
        names = {  # (price key, unit) -> reference key
            ("electricity", "CNY/kWh"): "electricity_cny_per_kwh", ("natural_gas", "CNY/m3"): "natural_gas_cny_per_m3",
            ("diesel", "CNY/t"): "diesel_cny_per_t", ("tap_water", "CNY/m3"): "tap_water_cny_per_m3",
            ("wastewater_treatment", "CNY/m3"): "wastewater_treatment_cny_per_m3",
            ("hw17_sludge_disposal", "CNY/t"): "hw17_sludge_disposal_cny_per_t",
            ("nickel_value", "CNY/kg"): "nickel_value_cny_per_kg_ni",
        }
        prices = [p for p in self.t.rows("price") if p["year"] == 2025]
        view = {names.get((p["key"], p["unit"]), f"{p['key']} in {p['unit']}"): p["value"] for p in prices}
        view["note"] = single([p["note"] for p in prices if p["key"] != "nickel_value"])
        view["nickel_value_note"] = self.t.one("price", key="nickel_value")["note"]
        return view

    # -- enterprise and the mandatory audit --

    def enterprise(self) -> dict[str, Any]:
        e = self.t.one("enterprise")
        sector = label(CpppSector, e["cppp_sector"])
        return {
            **fields(e, "name_zh", "name_en", "uscc", "uscc_note", "enterprise_type_zh", "enterprise_type_en",
                     "hk_parent_zh", "hk_parent_en", "hk_ownership_pct", "legal_representative", "established_on",
                     "industry_code", "industry_name_zh", "industry_standard", "address_zh", "address_en", "postcode",
                     "postcode_note", "phone", "employees", "land_area_m2", "building_area_m2", "shifts",
                     "operating_hours_per_day", "main_products_zh"),
            "fictional": self.info["fictional"],  # the model records fiction once, for the whole audit
            "registered_capital": {"amount": e["registered_capital"], "currency": e["registered_capital_currency"]},
            "cppp_sector_zh": sector,
            "cppp_sector_en": english(sector),
            "plating_lines": [self.plating_line(line) for line in self.t.rows("production_line")],
        }

    def plating_line(self, line: dict[str, Any]) -> dict[str, Any]:
        return {**fields(line, "key", "name_zh", "name_en", "type_zh", layers="description"),
                "rinse_count": self.parameter(f"{line['key']}.rinse_count")["value"]}

    def mandatory_audit(self) -> dict[str, Any]:
        info = self.info
        audit_type = label(AuditType, info["audit_type"])
        return {
            "audit_type_zh": audit_type,
            "audit_type_en": english(audit_type),
            "triggers": [fields(t, "article", "name_zh", "detail_zh") for t in self.t.rows("mandatory_trigger")],
            "category": info["mandatory_category"],
            **fields(info, "list_name_zh", "list_published_on"),
            "actual": fields(info, "leadership_decision_on", "audit_started_on", "disclosed_on", "report_submitted_on"),
        }

    # -- phase 1 --

    def phase1(self) -> dict[str, Any]:
        consultancy = self.t.one("consultancy")
        return {
            "leadership_decision": fields(self.t.one("leadership_decision"), "doc_no", "title_zh", "issued_on",
                                          "signed_by", "summary_zh"),
            "consultancy": {
                **fields(consultancy, "name_zh", "name_en"),
                "auditors": [fields(a, "name", "role_zh", "certificate_no") for a in self.t.rows("auditor")],
            },
            "audit_team": {"leading_group": self.team("leading"), "working_group": self.team("working")},
            "work_plan": [fields(w, "stage_no", "stage_zh", "content_zh", "start", "end", "responsible_zh",
                                 "assessor_zh", "output_zh") for w in self.t.rows("work_plan_row")],
            "training": [fields(t, "topic_zh", "trainer", "participants", "hours", id="code", date="held_on")
                         for t in self.t.rows("training_record")],
            "suggestions_collected": self.info["suggestions_collected"],
            "barriers": [fields(b, "type_zh", "barrier_zh", "measure_zh", id="code") for b in self.t.rows("barrier")],
        }

    def team(self, group: str) -> list[dict[str, Any]]:
        return [fields(m, "name", "team_role_zh", "dept_and_post_zh", "title_zh", "specialty_zh", "duties_zh",
                       "time_zh", "planned_person_days") for m in self.t.rows("team_member", group=group)]

    # -- phase 2 --

    def phase2(self) -> dict[str, Any]:
        years = [p for p in self.periods.values() if p["kind"] == "full_year"]
        return {
            "years": [int(p["key"]) for p in years],
            "operating_days": {p["key"]: p["operating_days"] for p in years},
            "production": self.production(),
            "raw_materials": [self.raw_material(i) for i in self.t.rows("inventory_item", category="raw_material")],
            "energy": [self.energy(i) for i in self.t.rows("inventory_item", category="energy")],
            "water": self.water(),
            "wastewater": self.wastewater(),
            "discharge_standards": self.discharge_standards(),
            "air_emissions": {"stacks": [self.stack(p) for p in self.t.rows("emission_point", kind="stack")]},
            "hazardous_waste": [self.hazardous_waste(i)
                                for i in self.t.rows("inventory_item", category="hazardous_waste")],
            "equipment": [fields(e, "name_zh", "spec", "power_kw", "location_zh", "status_zh", id="code",
                                 qty="quantity", installed="installed_year") for e in self.t.rows("equipment")],
            "equipment_obsolescence_note_zh": self.info["equipment_obsolescence_note_zh"],
            "existing_cp_measures": [fields(m, "year", "measure_zh") for m in self.t.rows("existing_measure")],
            "site_findings": [fields(f, "location_zh", "finding_zh", id="code") for f in self.t.rows("site_finding")],
            "candidate_focuses": self.candidate_focuses(),
            "evaluation_index": self.evaluation_index(),
            "targets": [self.target(t) for t in self.t.rows("target")],
        }

    def production(self) -> dict[str, Any]:
        metrics = {  # (item key, unit) -> reference key
            ("plated_area", "万m2"): "plated_area_10k_m2", ("parts", "t"): "parts_t",
            ("qualification_rate", "%"): "qualification_rate_pct", ("ni_thickness", "um"): "ni_thickness_um",
        }
        lines = []
        for line in self.t.rows("production_line"):
            items = self.t.rows("inventory_item", category="product", line_id=line["id"])
            view = {"line": line["key"], "name_zh": line["name_zh"],
                    "product_zh": single([i["product_zh"] for i in items])}
            view.update({metrics.get((i["key"], i["unit"]), f"{i['key']} in {i['unit']}"): self.year_values(i)
                         for i in items})
            lines.append(view)
        thickness = self.t.rows("inventory_item", category="product", key="ni_thickness")
        return {"lines": lines, "thickness_note": single([i["note"] for i in thickness])}

    def raw_material(self, item: dict[str, Any]) -> dict[str, Any]:
        view = {**fields(item, "key", "name_zh", "unit"), "qty": self.year_values(item),
                "price_cny_per_t_2025": self.priced_2025(item, "CNY/t")}
        fraction = self.t.rows("item_property", item_id=item["id"], key="ni_fraction")
        if fraction:
            view["ni_fraction"] = fraction[0]["value"]
        if item["hazard_zh"] is not None:
            view["hazard"] = item["hazard_zh"]
        return view

    def energy(self, item: dict[str, Any]) -> dict[str, Any]:
        return {**fields(item, "key", "name_zh", "unit", "price_unit", "use_zh", price_2025="price"),
                "qty": self.year_values(item)}

    def water(self) -> dict[str, Any]:
        tap = self.item("tap_water")
        rinse = self.t.rows("inventory_item", category="water", key="rinse_water")
        lines = [self.t.get("production_line", i["line_id"])["key"] for i in rinse]
        return {
            "tap_water_m3": {k: in_unit(v, tap["unit"], "m3") for k, v in self.year_values(tap).items()},
            "price_2025_cny_per_m3": self.priced_2025(tap, "CNY/m3"),
            "rinse_water_submeters_2025_m3": {line: self.period_value(f"{line}.rinse_water", "2025", "m3")
                                              for line in lines},
            "rinse_water_note": single([i["note"] for i in rinse]),
        }

    def wastewater(self) -> dict[str, Any]:
        volumes = {"total_m3": "wastewater", "ni_bearing_m3": "ni_bearing_wastewater",
                   "cr_bearing_m3": "cr_bearing_wastewater"}
        view: dict[str, Any] = {ref_key: self.m3_per_year(self.item(key)) for ref_key, key in volumes.items()}
        view["wwtp_note"] = self.item("wastewater")["note"]
        pollutants = self.t.rows("inventory_item", category="water_pollutant")
        # pH has no load, so the reference keeps its one 2025 value apart from the monitored pollutants
        view["monitoring"] = [self.water_pollutant(i) for i in pollutants if i["key"] != "pH"]
        view["ph_2025"] = self.period_value("total_outlet.pH", "2025")
        return view

    def m3_per_year(self, item: dict[str, Any]) -> dict[str, Any]:
        return {k: in_unit(v, item["unit"], "m3") for k, v in self.year_values(item).items()}

    def water_pollutant(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"param": item["key"], **fields(item, "name_zh", "unit"),
                "location": self.t.get("emission_point", item["point_id"])["key"], "conc": self.year_values(item)}

    def discharge_standards(self) -> dict[str, Any]:
        table3 = self.t.one("discharge_standard", key="gb21900_t3")
        table2 = self.t.one("discharge_standard", key="gb21900_t2")
        limits3 = self.t.rows("discharge_limit", standard_id=table3["id"])
        ph = next((lim for lim in limits3 if lim["param"] == "pH"), Row())
        air = [lim for s in self.t.rows("discharge_standard", medium="air")
               for lim in self.t.rows("discharge_limit", standard_id=s["id"])]
        return {
            "applied_table": table3["name_zh"] if table3["applied"] else f"not applied: {table3['name_zh']}",
            "applied_note": table3["note"],
            "water": [self.water_limit(lim, table2) for lim in limits3 if lim["param"] != "pH"],
            "ph_range": [ph["limit_min"], ph["limit_max"]],
            "air": [fields(lim, "param", "name_zh", "unit", "source", "confidence", limit="limit_max") for lim in air],
        }

    def water_limit(self, limit3: dict[str, Any], table2: dict[str, Any]) -> dict[str, Any]:
        limit2 = self.t.one("discharge_limit", standard_id=table2["id"], param=limit3["param"])
        shared = {name: single([limit3[name], limit2[name]])
                  for name in ("name_zh", "unit", "location_zh", "source", "confidence")}
        return {"param": limit3["param"], **shared, "table2": limit2["limit_max"], "table3": limit3["limit_max"]}

    def stack(self, point: dict[str, Any]) -> dict[str, Any]:
        item = self.t.one("inventory_item", point_id=point["id"])
        return {"id": point["code"], "param": item["key"], "name_zh": point["name_zh"],
                "flow_m3_h": in_unit(point["flow_value"], point["flow_unit"], "m3/h"),
                "conc_mg_m3": {k: in_unit(v, item["unit"], "mg/m3") for k, v in self.year_values(item).items()}}

    def hazardous_waste(self, item: dict[str, Any]) -> dict[str, Any]:
        view = {**fields(item, "key", "name_zh", "unit", code="waste_code"), "qty": self.year_values(item),
                "disposal_cny_per_t_2025": self.priced_2025(item, "CNY/t")}
        moisture = self.t.rows("item_property", item_id=item["id"], key="moisture_pct")
        if moisture:
            view["moisture_pct"] = in_unit(moisture[0]["value"], moisture[0]["unit"], "%")
        return view

    def candidate_focuses(self) -> dict[str, Any]:
        candidates = self.t.rows("focus_candidate")
        criteria = {c["id"]: c for c in self.t.rows("criterion", scope="focus")}
        scores: dict[str, dict[str, float]] = {c["key"]: {} for c in candidates}
        for s in self.t.rows("focus_score"):
            scores[self.t.get("focus_candidate", s["candidate_id"])["key"]][criteria[s["criterion_id"]]["key"]] = s["score"]
        return {
            "candidates": [{**fields(c, "key", "name_zh", "name_en"), "basic_data_2025": fields(
                c, "water_m3", "electricity_kwh", "wastewater_m3", "hazardous_waste_t", "main_pollutants_zh",
                env_cost_cny="env_cost")} for c in candidates],
            "criteria": [fields(c, "key", "name_zh", "name_en", "weight") for c in criteria.values()],
            "scores": scores,
            "score_scale": self.info["focus_score_scale"],
        }

    def evaluation_index(self) -> dict[str, Any]:
        system = self.t.get("evaluation_system", self.info["evaluation_system_id"])
        return {
            "system_zh": system["name_zh"], "source": system["source"],
            "indicators": [{**fields(i, "key", "name_zh", "unit", "limiting", "confidence"),
                            "direction": DIRECTION[i["direction"]],
                            "levels": {"I": i["level_1"], "II": i["level_2"], "III": i["level_3"]}}
                           for i in self.t.rows("evaluation_indicator", system_id=system["id"])],
            "note": system["note"],
        }

    def target(self, target: dict[str, Any]) -> dict[str, Any]:
        return {
            **fields(target, "name_zh", "unit", "baseline_entered", key="code"),
            "direction": DIRECTION[target["direction"]],
            "baseline_rule": self.baseline_rule(target),
            "near_term": fields(target, by="near_by", value="near_value"),
            "long_term": fields(target, by="long_by", value="long_value"),
        }

    def baseline_rule(self, target: dict[str, Any]) -> str:
        """The reference names a baseline '<indicator>_<year>', keeping a '_plant' scope suffix last."""
        indicator = self.t.get("indicator", target["indicator_id"])["key"]
        year = target["baseline_period_key"]
        if indicator.endswith("_plant"):
            return f"{indicator.removesuffix('_plant')}_{year}_plant"
        return f"{indicator}_{year}"

    # -- phase 3 --

    def phase3(self) -> dict[str, Any]:
        focus = self.t.get("focus_candidate", self.info["chosen_focus_id"])
        return {
            "focus_key": focus["key"], "focus_name_zh": focus["name_zh"],
            "balance_test": self.balance_test(),
            "unit_operations": [fields(n, "name_zh", "name_en", "function_zh", "equipment_zh", "parameters_zh",
                                       id="code") for n in self.t.rows("node", kind="unit_operation")],
            "external_nodes": [fields(n, "name_zh", "name_en", "kind", id="code") for n in self.t.rows("node")
                               if n["kind"] != "unit_operation"],
            "water_balance": self.water_balance(),
            "nickel_balance": self.nickel_balance(),
            "cause_analysis": [self.cause(c) for c in self.t.rows("cause")],
        }

    def balance_test(self) -> dict[str, Any]:
        test = self.t.one("balance_test")
        parameters = {  # reference key -> (parameter key, unit)
            "plated_area_m2_d": ("test.plated_area", "m2/d"), "ni_thickness_um": ("test.ni_thickness", "um"),
            "bath_ni_g_l": ("test.bath_ni", "g/L"), "recovery_tank_ni_g_l": ("test.recovery_tank_ni", "g/L"),
            "drag_out_l_per_m2": ("test.drag_out", "L/m2"), "rinse_count": ("test.rinse_count", ""),
        }
        view = {**fields(test, "dates", "days", "hours_per_day", "instruments_zh", basis="basis_zh")}
        for ref_key, (key, unit) in parameters.items():
            p = self.parameter(key)
            view[ref_key] = in_unit(p["value"], p["unit"], unit)
        view["rinse_intake_streams"] = [s["code"] for s in self.t.rows("stream") if "rinse_intake" in s["tags"]]
        return view

    def water_balance(self) -> dict[str, Any]:
        balance = self.t.one("balance", kind="water")
        return {"unit": balance["unit"],
                "streams": [{**self.stream_head(s), "value": s["value"], "unit": s["unit"], **self.stream_tail(s)}
                            for s in self.t.rows("stream", balance_id=balance["id"])]}

    def nickel_balance(self) -> dict[str, Any]:
        balance = self.t.one("balance", kind="element", substance="Ni")
        substance = balance["substance"]
        return {"unit": element_unit(balance["unit"], substance),
                "streams": [{**self.stream_head(s), "calc": self.calc(s, substance),
                             "unit": element_unit(s["unit"], substance), **self.stream_tail(s),
                             "water_stream": self.stream_code(s["carrier_stream_id"])}
                            for s in self.t.rows("stream", balance_id=balance["id"])]}

    def stream_head(self, s: dict[str, Any]) -> dict[str, Any]:
        return {**fields(s, "name_zh", "name_en", id="code"),
                "from": self.node_code(s["from_node_id"]), "to": self.node_code(s["to_node_id"])}

    @staticmethod
    def stream_tail(s: dict[str, Any]) -> dict[str, Any]:
        return fields(s, "status", "method_zh")

    def calc(self, stream: dict[str, Any], substance: str) -> dict[str, Any]:
        """A nickel stream's calc block from Stream.calc and its StreamFactor rows."""
        element = substance.lower()
        names = {  # (calc, role) -> (reference key, unit the key names; None: unit kept as conc_unit)
            ("mass_fraction", "carrier"): ("material_kg_d", "kg/d"),
            ("mass_fraction", "fraction"): (f"{element}_fraction", ""),
            ("concentration", "carrier"): ("volume_m3_d", "m3/d"), ("concentration", "concentration"): ("conc", None),
            ("deposit", "area"): ("area_m2_d", "m2/d"), ("deposit", "thickness"): ("thickness_um", "um"),
            ("deposit", "density"): ("density_g_cm3", "g/cm3"),
        }
        calc: dict[str, Any] = {"type": stream["calc"]}
        if stream["calc"] == "direct":
            calc[f"{element}_{stream['unit'].replace('/', '_')}"] = stream["value"]
        for factor in self.t.rows("stream_factor", stream_id=stream["id"]):
            ref_key, unit = names.get((stream["calc"], factor["role"]), (f"{factor['role']}?", factor["unit"]))
            if unit is None:
                calc[ref_key], calc["conc_unit"] = factor["value"], factor["unit"]
            else:
                calc[ref_key] = in_unit(factor["value"], factor["unit"], unit)
        return calc

    def cause(self, cause: dict[str, Any]) -> dict[str, Any]:
        nodes = [self.node_code(link["node_id"]) for link in self.t.rows("cause_node", cause_id=cause["id"])]
        return {
            **fields(cause, "cause_zh", "cause_en", id="code"),
            "aspect": label(Aspect, cause["aspect"]),
            "unit": "/".join(nodes) if nodes else cause["location_zh"],
            "streams": [self.stream_code(link["stream_id"]) for link in self.t.rows("cause_stream", cause_id=cause["id"])],
        }

    # -- phases 4 and 5 --

    def effects(self, option: dict[str, Any], basis: str) -> dict[str, Any] | None:
        """{'electricity_kwh_a': 0, ...}: the reference key is the resource and its unit."""
        rows = self.t.rows("option_effect", option_id=option["id"], basis=basis)
        if not rows:
            return None
        return {f"{e['resource_key']}_{e['unit'].lower().replace('/', '_')}": e["value"] for e in rows}

    def phase4(self) -> dict[str, Any]:
        options = self.t.rows("option")
        units: dict[str, str] = {}
        for e in self.t.rows("option_effect"):
            key = f"{e['resource_key']}_{e['unit'].lower().replace('/', '_')}"
            units[key] = element_unit(e["unit"], ELEMENT_RESOURCES.get(e["resource_key"]))
        return {
            "effects_units": units,
            "options": [self.option(o) for o in options],
            "weighted_screening": self.weighted_screening(options),
        }

    def option(self, o: dict[str, Any]) -> dict[str, Any]:
        currency = o["currency"].lower()
        causes = [self.t.get("cause", link["cause_id"])["code"] for link in self.t.rows("option_cause", option_id=o["id"])]
        return {
            **fields(o, "code", "title_zh", "title_en", "description_zh", "source_zh", "proposed_in_phase"),
            "aspect": label(Aspect, o["aspect"]),
            "linked_causes": causes,
            f"investment_{currency}": o["investment"],
            f"expected_annual_savings_{currency}": o["expected_savings"],
            "expected_effects": self.effects(o, "expected"),
            "screening": {"result": label(Screening, o["screening"]), "reason_zh": o["screening_reason_zh"]},
        }

    def weighted_screening(self, options: list[dict[str, Any]]) -> dict[str, Any]:
        criteria = {c["id"]: c for c in self.t.rows("criterion", scope="option")}
        scores = {o["code"]: {criteria[s["criterion_id"]]["key"]: s["score"]
                              for s in self.t.rows("option_score", option_id=o["id"])} for o in options}
        return {
            "applies_to": [code for code, found in scores.items() if found],
            "criteria": [{**fields(c, "key", "name_zh"), **optional(c, "name_en"), "weight": c["weight"]}
                         for c in criteria.values()],
            "scores": {code: found for code, found in scores.items() if found},
            "decision_zh": self.info["option_screening_decision_zh"],
        }

    def phase5(self) -> dict[str, Any]:
        studied = [o for o in self.t.rows("option") if o["depreciation_years"] is not None]
        return {"common": {"tax_rate": self.info["tax_rate"], "discount_rate": self.info["discount_rate"]},
                "options": [self.feasibility(o) for o in studied]}

    def feasibility(self, o: dict[str, Any]) -> dict[str, Any]:
        return {
            **fields(o, "code", "market_zh", "technical_zh", "environmental_zh",
                     depreciation_years_Y="depreciation_years", economic_life_years_n="life_years"),
            **self.cash_items(o, "expected"),
        }

    def cash_items(self, option: dict[str, Any], basis: str) -> dict[str, Any]:
        rows = self.t.rows("cash_item", option_id=option["id"], basis=basis)
        view: dict[str, Any] = {}
        investments = [self.investment_item(c) for c in rows if c["kind"] == "investment"]
        if investments:
            view["investment_items"] = investments
        for kind, ref_key in (("saving", "savings_items"), ("added_cost", "added_cost_items")):
            view[ref_key] = [fields(c, "item_zh", "unit", "unit_price", qty="quantity") for c in rows if c["kind"] == kind]
        return view

    @staticmethod
    def investment_item(c: dict[str, Any]) -> dict[str, Any]:
        item = {"item_zh": c["item_zh"], c["currency"].lower(): c["amount"]}
        if c["original_currency"] is not None:
            item[c["original_currency"].lower()] = c["original_amount"]
        return item

    # -- phases 6 and 7 --

    def phase6(self) -> dict[str, Any]:
        options = self.t.rows("option")
        with_actual_cash = [o for o in options if self.t.rows("cash_item", option_id=o["id"], basis="actual")]
        return {
            "records": {o["code"]: self.record(o) for o in options if o["status"] != "proposed"},
            "actual_savings_breakdown": {o["code"]: self.cash_items(o, "actual") for o in with_actual_cash},
            "monitoring": [self.monitoring(m) for m in self.t.rows("monitoring_record")],
            "post_period": self.post_period(),
            "result_notes": [fields(n, "about", "note_zh", "note_en") for n in self.t.rows("result_note")],
        }

    def record(self, o: dict[str, Any]) -> dict[str, Any]:
        currency = o["currency"].lower()
        return {
            **fields(o, "status", start="start_on", end="end_on", note_zh="implementation_note_zh"),
            f"actual_investment_{currency}": o["actual_investment"],
            f"actual_annual_savings_{currency}": o["actual_savings"],
            "actual_effects": self.effects(o, "actual"),
        }

    def monitoring(self, m: dict[str, Any]) -> dict[str, Any]:
        view = {"option": self.option_code(m["option_id"]), **fields(m, "indicator_zh", "unit"),
                "before": self.monitored(m, "before"), "after": self.monitored(m, "after"),
                **fields(m, "before_period", "after_period"), "direction": DIRECTION[m["direction"]]}
        if m["computed_note"] is not None:
            view["computed"] = m["computed_note"]
        return view

    @staticmethod
    def monitored(m: dict[str, Any], side: str) -> Any:
        """A plain value, or a ratio {num, den}; a per-area ratio names its parts by unit."""
        if m[f"{side}_value"] is not None:
            return m[f"{side}_value"]
        names = {(None, None): ("num", "den"), ("m3/d", "m2/d"): ("num_m3_d", "area_m2_d")}
        num, den = names.get((m["num_unit"], m["den_unit"]), (f"num in {m['num_unit']}", f"den in {m['den_unit']}"))
        return {num: m[f"{side}_num"], den: m[f"{side}_den"]}

    def post_period(self) -> dict[str, Any]:
        key = self.info["verification_period_key"]
        period = self.t.one("period", key=key)
        values = {  # reference key -> (item formula name, unit the key names)
            "ni_line_area_m2": ("ni_line.plated_area", "m2"), "cr_line_area_m2": ("cr_line.plated_area", "m2"),
            "ni_line_ni_thickness_um": ("ni_line.ni_thickness", "um"),
            "cr_line_ni_thickness_um": ("cr_line.ni_thickness", "um"),
            "ni_anode_kg": ("ni_anode", "kg"), "niso4_kg": ("niso4", "kg"), "nicl2_kg": ("nicl2", "kg"),
            "tap_water_m3": ("tap_water", "m3"), "electricity_kwh": ("electricity", "kWh"),
            "natural_gas_m3": ("natural_gas", "m3"), "diesel_t": ("diesel", "t"), "hw17_sludge_t": ("hw17_sludge", "t"),
            "wastewater_m3": ("wastewater", "m3"), "cod_mg_l": ("total_outlet.COD", "mg/L"),
            "ni_facility_outlet_mg_l": ("ni_facility_outlet.Ni", "mg/L"),
            "cr6_facility_outlet_mg_l": ("cr_facility_outlet.Cr6", "mg/L"),
        }
        view: dict[str, Any] = {"period": [period["start"], period["end"]], "operating_days": period["operating_days"]}
        view.update({ref_key: self.period_value(name, key, unit) for ref_key, (name, unit) in values.items()})
        view["rinse_water_m3"] = {line["key"]: self.period_value(f"{line['key']}.rinse_water", key, "m3")
                                  for line in self.t.rows("production_line")}
        view["note"] = period["note"]
        return view

    def phase7(self) -> dict[str, Any]:
        return {
            "organisation_zh": self.info["cp_organisation_zh"],
            "rules": [fields(r, "name_zh", "issued_on") for r in self.t.rows("cp_rule")],
            "next_round_plan": [fields(n, "item_zh", "responsible_zh", "expected_zh", when="when_zh")
                                for n in self.t.rows("next_round_item")],
        }

    # -- HK CPPP --

    def hk_cppp(self) -> dict[str, Any]:
        profile = self.t.one("cppp_profile")
        return {
            **fields(profile, "programme_zh", "programme_en", "et_service_provider"),
            "eligibility": fields(profile, "hk_registered_business", "factory_relation", "sector_in_original_eight",
                                  "sector", "source"),
            "rule_sets": [self.rule_set(r) for r in self.t.rows("cppp_rule_set")],
            "projects": [self.project(p) for p in self.t.rows("cppp_project")],
        }

    @staticmethod
    def rule_set(r: dict[str, Any]) -> dict[str, Any]:
        caps = {"onsite_assessment": r["cap_onsite_assessment"], "demonstration_installation":
                r["cap_demonstration_installation"], "demonstration_rnd": r["cap_demonstration_rnd"],
                "verification": r["cap_verification"]}
        months = {"onsite_assessment": r["max_months_onsite"], "demonstration": r["max_months_demonstration"]}
        view = {**fields(r, "key", "name", "share", "source"),
                "caps_hkd": {k: v for k, v in caps.items() if v is not None}}
        if any(v is not None for v in months.values()):
            view["max_duration_months"] = {k: v for k, v in months.items() if v is not None}
        return view

    def project(self, p: dict[str, Any]) -> dict[str, Any]:
        codes = [self.option_code(link["option_id"]) for link in self.t.rows("cppp_project_option", project_id=p["id"])]
        onsite = p["kind"] == "onsite_assessment"
        view = {**fields(p, "key", "type_zh", "type_en", "start", "end", "benefit_basis"), **optional(p, "technology_zh")}
        if p["kind"] != p["key"]:
            view["funding_category"] = p["kind"]
        # an on-site assessment costs what it costs; a demonstration is funded on its eligible cost
        view["cost_hkd" if onsite else "eligible_cost_hkd"] = p["cost_hkd"]
        # an assessment recommends several options; a demonstration project is one option
        if onsite:
            view["recommended_options"] = codes
        else:
            view["linked_option"] = single(codes)
        return view


def reference_view(document: dict[str, Any]) -> dict[str, Any]:
    """inputs.json as the exported audit document holds it."""
    return View(document).build()
