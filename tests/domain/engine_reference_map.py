"""Where each figure of the reference audit's expected.json is found in the output of `cp-audit compute`.

Each section function takes the results JSON (and inputs.json where a reference figure needs an input,
such as the low-cost limit) and returns {expected key: thunk}. A thunk builds that key's value, shaped
like expected.json, from the results only; test_engine_reference.py evaluates every thunk on its own so
one broken mapping does not hide the others. Lists of objects in expected.json (work plan, compliance,
targets) are given here as objects keyed by their id field (stage_no, param, key).

Conversions are written out where the reference shows a figure in another unit or scale (万m² → m²,
kg → t, % → fraction) or derives it trivially from figures the results print (team size = leading +
working group). A figure the engine does not compute at all is not made up here: it is listed in
MISSING with where it would belong. KNOWN_WRONG lists figures the engine prints but gets wrong.
Figures come from expected.json and inputs.json only, never from an earlier run of the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

YEARS = ("2023", "2024", "2025")
POST = "post"  # the sample's key of the post-implementation period (2026-09-01..11-30)

M2_PER_10K_M2 = 10_000  # 1 万m² = 10 000 m²
KG_PER_T = 1_000
PCT = 100  # a fraction × 100 = per cent

# The engine prints enum values; expected.json uses the Chinese terms of the method.
ASPECT = {"原辅材料和能源": "raw_materials_energy", "技术工艺": "technology", "设备": "equipment",
          "过程控制": "process_control", "产品": "product", "废弃物": "waste", "管理": "management",
          "员工": "employees"}
COST_CLASS = {"无/低费": "no_low", "中/高费": "medium_high"}
SCREENING = {"可直接实施": "direct", "需进一步研究": "study", "不可行": "infeasible"}
DIRECTION = {"le": "<=", "ge": ">="}
STATUSES = ("implemented", "planned", "rejected")  # the statuses expected.json counts

# expected effect key → (engine resource key, unit the engine must print it in)
EFFECTS = {"electricity_kwh_a": ("electricity", "kWh/a"), "natural_gas_m3_a": ("natural_gas", "m3/a"),
           "diesel_t_a": ("diesel", "t/a"), "water_m3_a": ("water", "m3/a"),
           "wastewater_m3_a": ("wastewater", "m3/a"), "ni_kg_a": ("ni", "kg/a"), "cod_t_a": ("cod", "t/a"),
           "sludge_t_a": ("sludge", "t/a")}


class Unavailable:
    """A mapped value that could not be read as the reference states it (e.g. printed in another unit)."""

    def __init__(self, why: str):
        self.why = why

    def __repr__(self) -> str:
        return f"<unavailable: {self.why}>"


@dataclass(frozen=True)
class Gap:
    """An expected figure the engine does not compute. `where` is the results path it would appear at
    (suggested); the honesty test fails once something is printed there, so the entry gets mapped."""

    why: str
    where: str


@dataclass(frozen=True)
class Wrong:
    """An expected figure the engine prints with another value; the test fails once it is right."""

    why: str


_ORG = ("results.uscc is the GB 32100 check of the whole code only (code, valid, expected_check, message); "
        "engine/summary.uscc could add the character-set flag, the division code (characters 3–8) and the "
        "embedded organisation code checked with calc.identifiers.check_organisation_code")
_LINE_ITEMS = ("line items (ni_line.plated_area, .parts, .rinse_water, .rinse_count) feed the indicator formulas "
               "but are not printed; engine/inventory.period_figures could print each line's item values")
_NICKEL = ("the ni_utilisation_plant formula computes Ni fed and deposited internally but only the ratio is "
           "printed; add period indicators for numerator and denominator (sample data) or let "
           "engine/indicators print a formula's sub-terms")
_ITEMS = ("per-item quantities are only summed into category_totals; engine/inventory.period_figures could print "
          "every plant item's value (and its intensity per product)")
_HOURS = Gap("operating hours (days × the enterprise's hours/day) are used for air loads but not printed; add "
             "Context.operating_hours(period) to PeriodFigures", "periods.2023.operating_hours")
_COMPLIANCE_YEARS = Gap("engine/__init__.compute checks compliance only for the baseline and verification "
                        "periods; loop over every period", "compliance.2023")
_TABLE2 = Gap("engine/inventory.compliance checks only the applied standards (Table 3); the sample also holds "
              "GB 21900 Table 2 (not applied): print the check against the other standards of the same medium "
              "for comparison", "compliance_other_standards")
_WEIGHTS = "calc.scoring.WeightedSum holds the products W×R but not the criteria weights W; add them"
_BALANCE_LEVEL = Gap("levels are computed only for period indicators bound to the evaluation system, not for "
                     "balance-test indicators; engine/indicators.evaluation could level those too",
                     "assessment.levels")
_ECON = ("calc.economics.EconomicResult does not echo its inputs Y (depreciation years), tax rate and discount "
         "rate; add them (n is len(cash_flows))")
_RATE = ("the audit's HKD per CNY rate and its note are used but not printed; add them to "
         "engine/summary.CpppFigures")

MISSING: dict[str, Gap] = {
    "consistency_checks.count": Gap("201 is how many checks the reference's own script ran; the program checks the "
                                    "same things (references, unique codes, breakdown totals, carrier streams) as "
                                    "validation rules and reports failures in `problems`, so there is no count of "
                                    "the same checks to compare", "checks_run"),
}

KNOWN_WRONG: dict[str, Wrong] = {}


# --- reading the results -------------------------------------------------------------------------------

def one(items: list[dict], **match: Any) -> dict:
    """The single element of a results list whose fields equal `match` (KeyError when absent)."""
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    if len(found) != 1:
        raise KeyError(f"{len(found)} elements with {match}")
    return found[0]


def in_unit(figure: dict, unit: str) -> float | None | Unavailable:
    """The value of an IndicatorValue-like object, provided it is printed in `unit`."""
    if figure["unit"] != unit:
        return Unavailable(f"printed in {figure['unit']!r}, the reference uses {unit!r}")
    return figure["value"]


def effect(effects: dict, key: str) -> float | Unavailable:
    resource, unit = EFFECTS[key]
    if effects["units"].get(resource) != unit:
        return Unavailable(f"{resource} printed in {effects['units'].get(resource)!r}, the reference uses {unit!r}")
    return effects["values"][resource]


def effects(e: dict, by_carrier: bool = False) -> dict:
    """Annual effects as the reference lists them; with by_carrier, tce and tCO2 of electricity and gas too."""
    result = {**{key: effect(e, key) for key in EFFECTS}, "tce_a": e["tce"], "tco2_a": e["tco2"]}
    if by_carrier:
        result.update({"tce_electricity_a": e["tce_by_resource"]["electricity"],
                       "tce_natural_gas_a": e["tce_by_resource"]["natural_gas"],
                       "tco2_electricity_a": e["tco2_by_resource"]["electricity"],
                       "tco2_natural_gas_a": e["tco2_by_resource"]["natural_gas"]})
    return result


def area_10k_m2(r: dict, period: str) -> float | Unavailable:
    return in_unit(r["product_output"][period], "万m2")


def energy(r: dict, period: str, carrier: str) -> dict:
    return one(r["periods"][period]["energy"], carrier_key=carrier)


def target(r: dict, code: str) -> dict:
    return one(r["targets"], code=code)


def level(r: dict, key: str) -> dict:
    return one(r["evaluation"]["indicators"], key=key)


def balance(r: dict, key: str) -> dict:
    return r["assessment"]["balances"][key]["result"]


Thunks = dict[str, Callable[[], Any]]


# --- sections ------------------------------------------------------------------------------------------

def enterprise(r: dict, inputs: dict) -> Thunks:
    codes = r["codes"]
    u, org = codes["uscc"], codes["organisation_code"]
    return {
        "uscc": lambda: u["code"],
        "uscc_length": lambda: len(u["code"]),
        "uscc_charset_ok": lambda: codes["charset_ok"],
        "uscc_expected_check_char": lambda: u["expected_check"],
        "uscc_valid": lambda: u["valid"],
        "admin_division_code": lambda: codes["admin_division_code"],
        "organisation_code": lambda: org["code"],
        "organisation_code_expected_check": lambda: org["expected_check"],
        "organisation_code_valid": lambda: org["valid"],
    }


def deadlines(r: dict, inputs: dict) -> Thunks:
    d = r["deadlines"]

    def check(name: str) -> dict:
        return one(r["deadline_checks"], name=name)

    return {
        "list_published_on": lambda: d["list_published_on"],
        "disclosure_due": lambda: d["disclosure_due"],
        "start_due": lambda: d["start_due"],
        "completion_due": lambda: d["completion_due"],
        "next_round_due_category3": lambda: d["next_round_due"],
        "disclosed_on_time": lambda: check("disclosure")["on_time"],
        "started_on_time": lambda: check("start")["on_time"],
        "completed_on_time": lambda: check("completion")["on_time"],
        "days_before_completion_due": lambda: check("completion")["days_early"],
    }


def _stage(stage: dict) -> tuple[int, dict]:
    number, _sep, name = stage["label"].partition(" ")  # the engine labels a stage "1 筹划和组织"
    return int(number), {"stage_no": int(number), "stage_zh": name, "duration_days": stage["days"],
                         "within_completion_due": stage["within_due"]}


def phase1(r: dict, inputs: dict) -> Thunks:
    p = r["preparation"]
    return {
        "leading_group_size": lambda: p["leading_group"],
        "working_group_size": lambda: p["working_group"],
        "team_size": lambda: p["leading_group"] + p["working_group"],
        "planned_person_days_total": lambda: p["planned_person_days"],
        "work_plan": lambda: dict(_stage(s) for s in p["plan"]["stages"]),
        "work_plan_first_start": lambda: p["plan"]["first_start"],
        "work_plan_last_end": lambda: p["plan"]["last_end"],
        "work_plan_span_days": lambda: p["plan"]["span_days"],
        "all_stages_within_completion_due": lambda: p["plan"]["all_within_due"],
        "training_sessions": lambda: p["training_sessions"],
        "training_participants_total": lambda: p["training_participants"],
        "training_person_hours": lambda: p["training_person_hours"],
        "barriers": lambda: p["barriers"],
    }


def _energy_year(r: dict, y: str) -> dict:
    period, intensity = r["periods"][y], r["intensities"][y]
    tce_per_10k_m2 = in_unit(intensity["tce"], "tce/万m2")
    electricity = energy(r, y, "electricity")
    carriers = [e["carrier_key"] for e in period["energy"]]
    return {
        "tce": {c: energy(r, y, c)["tce"] for c in carriers},
        "tce_total": period["tce_total"],
        "tce_per_10k_m2": tce_per_10k_m2,
        # kgce/m² = tce/万m² × 1000 kg/t ÷ 10 000 m²/万m²
        "kgce_per_m2": tce_per_10k_m2 * KG_PER_T / M2_PER_10K_M2,
        "tco2": {c: energy(r, y, c)["tco2"] for c in carriers},
        "tco2_total": period["tco2_total"],
        "tco2_per_10k_m2": in_unit(intensity["tco2"], "tCO2/万m2"),
        # kWh/m² = electricity kWh ÷ (plated area 万m² × 10 000 m²/万m²)
        "electricity_kwh_per_m2": (electricity["quantity"] / (area_10k_m2(r, y) * M2_PER_10K_M2)
                                   if electricity["unit"] == "kWh" else Unavailable(electricity["unit"])),
    }


def _water_year(r: dict, y: str) -> dict:
    totals, intensity = r["periods"][y]["category_totals"], r["intensities"][y]
    fresh = in_unit(intensity["fresh_water"], "m3/万m2")
    waste = in_unit(intensity["wastewater"], "m3/万m2")
    return {
        "tap_water_m3": totals["water"]["m3"],
        "tap_water_m3_per_m2": fresh / M2_PER_10K_M2,  # m³/万m² ÷ 10 000
        "tap_water_m3_per_10k_m2": fresh,
        "wastewater_m3": totals["wastewater"]["m3"],
        "wastewater_m3_per_m2": waste / M2_PER_10K_M2,
        "discharge_ratio_pct": r["discharge_ratio_pct"][y],
    }


def _water_loads(loads: list[dict]) -> list[dict]:
    """Loads at water outlets (concentrations per litre); stacks give mg/m3."""
    return [load for load in loads if load["unit"] == "mg/L"]


def _air_loads(loads: list[dict]) -> list[dict]:
    return [load for load in loads if load["unit"] == "mg/m3"]


def _loads(r: dict) -> dict:
    params = {load["param"] for y in YEARS for load in _water_loads(r["periods"][y]["loads"])}
    result = {}
    for param in params:
        kg = {y: one(r["periods"][y]["loads"], param=param)["load_kg"] for y in YEARS}
        result[param] = {"kg_a": kg, "t_a": {y: v / KG_PER_T for y, v in kg.items()}}
    return result


def _compliance(c: dict, all_checks: list[dict]) -> dict:
    table2 = one(all_checks, param=c["param"], standard_key="gb21900_t2")  # shown beside the applied Table 3
    return {"param": c["param"], "name_zh": c["name_zh"], "conc_2025": c["value"],
            "table3_limit": c["limit_max"] if c["standard_key"] == "gb21900_t3" else Unavailable(c["standard_key"]),
            "table2_limit": table2["limit_max"], "ratio_to_table3": c["ratio"], "complies_table3": c["complies"],
            "complies_table2": table2["complies"]}


def _production(r: dict, y: str) -> dict:
    values = r["periods"][y]["values"]
    area = area_10k_m2(r, y)
    return {"plated_area_10k_m2": area, "plated_area_m2": area * M2_PER_10K_M2,
            "parts_t": values["ni_line.parts"] + values["cr_line.parts"],  # both items are in t
            "by_line_area_m2": {line: values[f"{line}.plated_area"] * M2_PER_10K_M2 for line in ("ni_line", "cr_line")},
            "weighted_qualification_rate_pct": in_unit(r["indicators"][y]["qualification_rate"], "%")}


def _nickel(r: dict, y: str) -> dict:
    ind = r["indicators"][y]
    return {"ni_fed_kg": r["periods"][y]["element_inputs"]["ni"],
            "ni_fed_total_kg": in_unit(ind["ni_fed"], "kg"),
            "ni_deposited_kg": {line: in_unit(ind[f"ni_deposited_{line}"], "kg") for line in ("ni_line", "cr_line")},
            "ni_deposited_total_kg": in_unit(ind["ni_deposited"], "kg"),
            "ni_utilisation_pct": in_unit(ind["ni_utilisation_plant"], "%")}


def _air(r: dict, param: str) -> dict:
    compliance = {y: [c for c in r["compliance"].get(y, []) if c["param"] == param] for y in YEARS}
    result = {}
    for y in YEARS:
        kg = one(r["periods"][y]["loads"], param=param)["load_kg"]
        result[y] = {"hours": r["periods"][y]["operating_hours"], "kg_a": kg, "t_a": kg / KG_PER_T}
        if compliance[y]:
            result[y]["complies"] = one(compliance[y])["complies"]
    return result


def _waste(r: dict, key: str) -> dict:
    return {"qty_t": {y: r["periods"][y]["values"][key] for y in YEARS},  # the items are in t
            "cost_2025_cny": r["periods"]["2025"]["costs"]["hazardous_waste"][key],
            "t_per_10k_m2": {y: in_unit(r["item_intensities"][y][key], "t/万m2") for y in YEARS}}


def _rinse_by_line(r: dict, line: str) -> dict:
    values = r["periods"]["2025"]["values"]
    key = f"rinse_water_index_{line}"
    return {"rinse_water_m3": values[f"{line}.rinse_water"],
            "area_m2": values[f"{line}.plated_area"] * M2_PER_10K_M2,
            "rinse_count": r["parameters"][f"{line}.rinse_count"]["value"],
            "l_per_m2_per_rinse": in_unit(r["indicators"]["2025"][key], "L/m2"),
            "level": r["indicator_levels"]["2025"][key]}


def _focus(r: dict) -> dict:
    f = r["focus"]
    w = f["weighted_sum"]
    return {"weights": f["weights"], "products": w["products"], "totals": w["totals"], "ranks": w["ranks"],
            "order": w["order"],
            "chosen": f["chosen_key"], "margin_over_second": w["margin"], "ties": bool(w["ties"]),
            "max_possible": w["max_possible"]}


def _target(t: dict) -> dict:
    return {"key": t["code"], "name_zh": t["name_zh"], "unit": t["unit"], "direction": DIRECTION[t["direction"]],
            "baseline": t["baseline"], "near_term_target": t["near_value"], "near_term_change_pct": t["near_change_pct"],
            "long_term_target": t["long_value"], "long_term_change_pct": t["long_change_pct"]}


def phase2(r: dict, inputs: dict) -> Thunks:
    costs = r["periods"]["2025"]["costs"]
    cost_totals = r["periods"]["2025"]["cost_totals"]
    ind25 = r["indicators"]["2025"]
    return {
        "production": lambda: {y: _production(r, y) for y in YEARS},
        "nickel_by_year": lambda: {y: _nickel(r, y) for y in YEARS},
        "raw_material_cost_2025_cny": lambda: costs["raw_material"],
        "raw_material_cost_2025_total_cny": lambda: cost_totals["raw_material"],
        "energy_by_year": lambda: {y: _energy_year(r, y) for y in YEARS},
        "energy_cost_2025_cny": lambda: costs["energy"],
        "energy_cost_2025_total_cny": lambda: cost_totals["energy"],
        "water_by_year": lambda: {y: _water_year(r, y) for y in YEARS},
        "tap_water_cost_2025_cny": lambda: costs["water"]["tap_water"],
        "wastewater_loads": lambda: _loads(r),
        # the pollutants checked against the applied water standard; pH is the separate ph_2025_complies
        "compliance_2025": lambda: {c["param"]: _compliance(c, r["compliance"]["2025"]) for c in r["compliance"]["2025"]
                                    if c["standard_key"] == "gb21900_t3" and c["param"] != "pH"},
        "ph_2025_complies": lambda: one(r["compliance"]["2025"], param="pH")["complies"],
        # every water parameter checked in 2025 (the applied standard is GB 21900 Table 3) complies
        "all_water_params_comply_table3_2025": lambda: all(
            c["complies"] for c in r["compliance"]["2025"] if c["standard_key"] == "gb21900_t3"),
        "air_emissions": lambda: {p: _air(r, p) for p in {load["param"] for y in YEARS
                                                           for load in _air_loads(r["periods"][y]["loads"])}},
        "hazardous_waste": lambda: {k: _waste(r, k) for k in costs["hazardous_waste"]},
        "hazardous_waste_total_t": lambda: {y: r["periods"][y]["category_totals"]["hazardous_waste"]["t"] for y in YEARS},
        "hazardous_waste_cost_2025_total_cny": lambda: cost_totals["hazardous_waste"],
        "evaluation_index_2025": lambda: {
            "rinse_water_by_line": {line: _rinse_by_line(r, line) for line in ("ni_line", "cr_line")},
            "rinse_water_plant_l_per_m2": level(r, "rinse_water")["before"],
            "rinse_water_level": level(r, "rinse_water")["level_before"],
            "ni_utilisation_pct": level(r, "ni_utilisation")["before"],
            "ni_utilisation_level": level(r, "ni_utilisation")["level_before"]},
        "focus_selection": lambda: _focus(r),
        "targets": lambda: {t["code"]: _target(t) for t in r["targets"]},
    }


def _unit(u: dict) -> dict:
    if not u["applicable"]:
        return {"applicable": False, "note": u["reason"]}
    return {"applicable": True, **_closure(u)}


def _closure(u: dict) -> dict:
    return {"in": u["total_in"], "out": u["total_out"], "difference": u["difference"],
            "closure_error_pct": u["closure_error_pct"], "exceeds_tolerance": u["exceeds_tolerance"],
            "inputs": u["inputs"], "outputs": u["outputs"]}


def _overall(u: dict) -> dict:
    return {**_closure(u), "internal_streams": u["internal_streams"]}


def _balance(result: dict) -> dict:
    return {"per_unit": {code: _unit(u) for code, u in result["per_unit"].items()},
            "overall": _overall(result["overall"]),
            "units_exceeding_tolerance": result["units_exceeding_tolerance"],
            "units_not_applicable": result["units_not_applicable"],
            "by_sink": result["by_sink"], "by_source": result["by_source"]}


def _to_wwtp(by_sink: dict) -> float:
    """What goes to the wastewater treatment station: the sum over its tanks (sinks EXT_WWTP_*)."""
    return sum(v for sink, v in by_sink.items() if sink.startswith("EXT_WWTP"))


def phase3(r: dict, inputs: dict) -> Thunks:
    a = r["assessment"]
    water, ni = balance(r, "water"), balance(r, "ni")

    def water_balance() -> dict:
        return {**_balance(water), "indicators": {
            "line_intake_m3_d": water["overall"]["total_in"],  # tap + DI across the line boundary
            "line_tap_m3_d": water["by_source"]["EXT_TAP"],
            "line_di_m3_d": water["by_source"]["EXT_DI"],
            "rinse_intake_m3_d": in_unit(a["indicators"]["test_rinse_intake"], "m3/d"),
            "rinse_water_l_per_m2_per_rinse": in_unit(a["indicators"]["test_rinse_water_per_rinse"], "L/m2"),
            "rinse_water_level": a["indicator_levels"]["test_rinse_water_per_rinse"],
            "line_intake_l_per_m2": in_unit(a["indicators"]["test_line_intake_per_m2"], "L/m2"),
            "wastewater_m3_d": _to_wwtp(water["by_sink"]),
            "evaporation_m3_d": water["by_sink"]["EXT_AIR"]}}

    def nickel_balance() -> dict:
        to_wwtp = _to_wwtp(ni["by_sink"])
        return {**_balance(ni), "stream_ni_kg_d": a["balances"]["ni"]["stream_values"], "indicators": {
            "ni_fed_kg_d": ni["overall"]["total_in"],
            "ni_deposited_kg_d": ni["by_sink"]["EXT_PRODUCT"],
            "ni_utilisation_pct": in_unit(a["indicators"]["test_ni_utilisation"], "%"),
            "ni_utilisation_level": a["indicator_levels"]["test_ni_utilisation"],
            "ni_to_wastewater_kg_d": to_wwtp,
            "ni_to_hazardous_waste_kg_d": ni["by_sink"]["EXT_HW"],
            "ni_to_rack_stripping_kg_d": ni["by_sink"]["EXT_STRIP"],
            "loss_share_of_input_pct": ni["loss_share_pct"],
            "unaccounted_share_of_input_pct": ni["unaccounted_share_pct"],
            # kg/d × operating days of the 2025 level (conventions.annualisation: 300 d)
            "ni_to_wastewater_annualised_kg_a_300d": to_wwtp * r["periods"]["2025"]["operating_days"]}}

    causes = a["causes_by_aspect"]
    return {
        "water_balance": water_balance,
        "nickel_balance": nickel_balance,
        "causes_total": lambda: sum(len(codes) for codes in causes.values()),
        "causes_by_aspect": lambda: {zh: len(causes[en]) for zh, en in ASPECT.items()},
        "all_aspects_covered_by_causes": lambda: a["aspects_without_causes"] == [],
    }


def _tally(t: dict) -> dict:
    return {"count": t["count"], "investment_cny": t["investment"], "expected_annual_savings_cny": t["savings"],
            "savings_not_estimated": t["savings_missing"], "effects": effects(t["effects"])}


def _screening(w: dict, weights: dict) -> dict:
    return {"weights": weights, "products": w["products"], "totals": w["totals"], "ranks": w["ranks"],
            "order": w["order"], "ties": bool(w["ties"])}


def phase4(r: dict, inputs: dict) -> Thunks:
    o = r["options"]
    opts = o["options"]
    return {
        "options_total": lambda: o["all_options"]["count"],
        "by_aspect": lambda: {zh: o["by_aspect"][en]["codes"] for zh, en in ASPECT.items()},
        "count_by_aspect": lambda: {zh: o["by_aspect"][en]["count"] for zh, en in ASPECT.items()},
        "count_by_cost_class": lambda: {zh: o["by_class"][en]["count"] for zh, en in COST_CLASS.items()},
        "codes_by_cost_class": lambda: {zh: o["by_class"][en]["codes"] for zh, en in COST_CLASS.items()},
        "count_by_screening": lambda: {zh: o["by_screening"][en]["count"] for zh, en in SCREENING.items()},
        "codes_by_screening": lambda: {zh: o["by_screening"][en]["codes"] for zh, en in SCREENING.items()},
        "count_by_class_and_screening": lambda: {
            zc: {zs: o["class_by_screening"][ec][es] for zs, es in SCREENING.items()} for zc, ec in COST_CLASS.items()},
        "options": lambda: {code: {
            "cost_class": _zh(COST_CLASS, f["cost_class"]), "investment_cny": f["investment"],
            "expected_annual_savings_cny": f["expected_savings"], "simple_payback_years": f["simple_payback"],
            "screening": _zh(SCREENING, f["screening"])} for code, f in opts.items()},
        "totals_by_class_all_options": lambda: {zh: _tally(o["by_class"][en]) for zh, en in COST_CLASS.items()},
        "totals_all_options": lambda: _tally(o["all_options"]),
        "totals_by_class_retained_options": lambda: {zh: _tally(o["retained_by_class"][en])
                                                     for zh, en in COST_CLASS.items()},
        "totals_retained_options": lambda: _tally(o["retained"]),
        "weighted_screening": lambda: _screening(o["screening"], o["screening_weights"]),
        "boundary_case": lambda: {
            # F15's investment is exactly the audit's low-cost limit (inputs.json conventions)
            "F15_investment_equals_low_cost_max": opts["F15"]["investment"] == inputs["conventions"]["low_cost_max_cny"],
            "F15_class": _zh(COST_CLASS, opts["F15"]["cost_class"])},
    }


def _zh(table: dict[str, str], value: str | None) -> str | Unavailable:
    for zh, en in table.items():
        if en == value:
            return zh
    return Unavailable(f"engine value {value!r} has no term in the reference")


def economics(option: dict, key: str = "economics", lines: bool = True) -> dict:
    """REFERENCE.md §5.1 figures; with lines, the totals of the savings and added-cost breakdowns."""
    e = option[key]
    v = e["verdict"]
    return {"I": e["investment"], "P": e["net_savings"], "n": len(e["cash_flows"]),  # F_1..F_n
            "Y": option["depreciation_years"], "tax_rate": option["tax_rate"],
            "discount_rate": option["discount_rate"],
            "D": e["depreciation"], "T": e["taxable_profit"], "E": e["net_profit"], "F": e["cash_flow"],
            "N_years": e["payback_years"], "annuity_factor": e["annuity_factor"], "NPV": e["npv"],
            "NPVR": e["npvr_pct"] / PCT, "NPVR_pct": e["npvr_pct"], "IRR": e["irr"], "IRR_pct": e["irr"] * PCT,
            "verdict_flags": {"npv_ge_0": v["npv_non_negative"], "irr_ge_discount_rate": v["irr_meets_benchmark"],
                              "payback_lt_Y": v["payback_within_depreciation"]},
            "feasible": v["feasible"],
            **({"savings_total": e["savings_total"], "added_costs_total": e["added_costs_total"]} if lines else {})}


def _evaluated(r: dict) -> dict[str, dict]:
    return {code: f for code, f in r["options"]["options"].items() if f["economics"]}


def phase5(r: dict, inputs: dict) -> Thunks:
    evaluated = _evaluated(r)
    return {
        "options": lambda: {code: economics(f) for code, f in evaluated.items()},
        "feasible": lambda: [code for code, f in evaluated.items() if f["economics"]["verdict"]["feasible"]],
        "not_feasible": lambda: [code for code, f in evaluated.items() if not f["economics"]["verdict"]["feasible"]],
    }


def _implemented_tally(t: dict) -> dict:
    return {"count": t["count"], "actual_investment_cny": t["actual_investment"],
            "actual_annual_savings_cny": t["actual_savings"], "expected_investment_cny": t["investment"],
            "expected_annual_savings_cny": t["savings"], "actual_effects": effects(t["actual_effects"], by_carrier=True)}


def _implemented_option(f: dict) -> dict:
    return {"cost_class": _zh(COST_CLASS, f["cost_class"]), "expected_investment_cny": f["investment"],
            "actual_investment_cny": f["actual_investment"], "investment_variance_pct": f["investment_variance_pct"],
            "expected_annual_savings_cny": f["expected_savings"], "actual_annual_savings_cny": f["actual_savings"],
            "savings_variance_pct": f["savings_variance_pct"], "actual_tce_a": f["actual"]["tce"],
            "actual_tco2_a": f["actual"]["tco2"], "actual_simple_payback_years": f["actual_payback"]}


def _attainment(t: dict) -> dict:
    return {"key": t["code"], "name_zh": t["name_zh"], "unit": t["unit"], "baseline": t["baseline"],
            "actual": t["actual"], "change_pct": t["actual_change_pct"], "near_term_target": t["near_value"],
            "near_term_attainment_pct": t["near_attainment_pct"], "near_term_met": t["near_met"],
            "long_term_target": t["long_value"], "long_term_attainment_pct": t["long_attainment_pct"],
            "long_term_met": t["long_met"]}


def _post_period(r: dict) -> dict:
    area = area_10k_m2(r, POST)
    ind = r["indicators"][POST]
    electricity = energy(r, POST, "electricity")
    return {
        "plated_area_m2": area * M2_PER_10K_M2,
        "plated_area_10k_m2": area,
        "rinse_water_ni_line_l_per_m2": in_unit(ind["rinse_water_index_ni_line"], "L/m2"),
        "rinse_water_cr_line_l_per_m2": in_unit(ind["rinse_water_index_cr_line"], "L/m2"),
        "ni_deposited_kg": in_unit(ind["ni_deposited"], "kg"),
        "ni_fed_kg": in_unit(ind["ni_fed"], "kg"),
        "tce_total": r["periods"][POST]["tce_total"],
        "tco2_total": r["periods"][POST]["tco2_total"],
        **{code: target(r, code)["actual"] for code in ("T1", "T2", "T3", "T4", "T5")},
        "wastewater_m3_per_m2": in_unit(r["intensities"][POST]["wastewater"], "m3/万m2") / M2_PER_10K_M2,
        "electricity_kwh_per_m2": electricity["quantity"] / (area * M2_PER_10K_M2),
    }


def phase6(r: dict, inputs: dict) -> Thunks:
    o = r["options"]
    opts = o["options"]
    return {
        "count_by_status": lambda: {s: o["by_status"][s]["count"] for s in STATUSES},
        "codes_by_status": lambda: {s: o["by_status"][s]["codes"] for s in STATUSES},
        "count_by_class_and_status": lambda: {zh: {s: o["class_by_status"][en][s] for s in STATUSES}
                                              for zh, en in COST_CLASS.items()},
        "implementation_rate_pct": lambda: o["implementation_rate_pct"],
        "implementation_rate_retained_pct": lambda: o["implementation_rate_retained_pct"],
        "implemented_totals": lambda: _implemented_tally(o["implemented"]),
        "implemented_totals_by_class": lambda: {zh: _implemented_tally(o["implemented_by_class"][en])
                                                for zh, en in COST_CLASS.items()},
        "implemented_options": lambda: {code: _implemented_option(f) for code, f in opts.items()
                                        if f["status"] == "implemented"},
        "post_implementation_economics": lambda: {code: economics(f, "post_economics", lines=False)
                                                  for code, f in opts.items() if f["post_economics"]},
        "monitoring": lambda: [_monitoring(m) for m in o["monitoring"]],
        "post_period_indicators": lambda: _post_period(r),
        "target_attainment": lambda: {t["code"]: _attainment(t) for t in r["targets"]},
        "targets_met_near_term": lambda: [t["code"] for t in r["targets"] if t["near_met"] is True],
        "targets_not_met_near_term": lambda: [t["code"] for t in r["targets"] if t["near_met"] is False],
        "evaluation_levels_after": lambda: {
            "rinse_water_plant_l_per_m2": level(r, "rinse_water")["after"],
            "rinse_water_level": level(r, "rinse_water")["level_after"],
            "ni_utilisation_pct": level(r, "ni_utilisation")["after"],
            "ni_utilisation_level": level(r, "ni_utilisation")["level_after"],
            "rinse_water_level_before": level(r, "rinse_water")["level_before"],
            "ni_utilisation_level_before": level(r, "ni_utilisation")["level_before"]},
    }


def _monitoring(m: dict) -> dict:
    """A before/after record; ratio records (kWh per kWh of cooling) also give the COP, their inverse."""
    result = {"option": m["option"], "indicator_zh": m["indicator_zh"], "unit": m["unit"], "before": m["before"],
              "after": m["after"], "change": m["change"], "change_pct": m["change_pct"]}
    if m["inverse_before"] is not None:
        result.update(cop_before=m["inverse_before"], cop_after=m["inverse_after"])
    return result


def performance_table(r: dict, inputs: dict) -> Thunks:
    p = r["performance"]

    def saved(key: str) -> float | Unavailable:
        resource, unit = EFFECTS[key]
        if p["units_by_resource"].get(resource) != unit:
            return Unavailable(f"{resource} printed in {p['units_by_resource'].get(resource)!r}")
        return p["savings_by_resource"][resource]

    return {
        **{key: (lambda key=key: p[key]) for key in (
            "audit_period", "audit_focus_zh", "options_total", "options_no_low_cost", "options_medium_high_cost",
            "implemented_total", "implemented_no_low_cost", "implemented_medium_high_cost", "planned", "rejected",
            "implementation_rate_pct", "energy_saved_tce_a", "co2_reduced_t_a")},
        "investment_no_low_cost_cny": lambda: p["investment_no_low_cost"],
        "investment_medium_high_cost_cny": lambda: p["investment_medium_high_cost"],
        "investment_total_cny": lambda: p["investment_total"],
        "economic_benefit_cny_a": lambda: p["economic_benefit_a"],
        "economic_benefit_10k_cny_a": lambda: p["economic_benefit_a"] / 10_000,  # 万元 = CNY ÷ 10 000
        "electricity_saved_kwh_a": lambda: saved("electricity_kwh_a"),
        "natural_gas_saved_m3_a": lambda: saved("natural_gas_m3_a"),
        "water_saved_m3_a": lambda: saved("water_m3_a"),
        "wastewater_reduced_m3_a": lambda: saved("wastewater_m3_a"),
        "cod_reduced_t_a": lambda: saved("cod_t_a"),
        "ni_saved_kg_a": lambda: saved("ni_kg_a"),
        "hw17_sludge_reduced_t_a": lambda: saved("sludge_t_a"),
        "indicators_before_after": lambda: {t["code"]: {
            "key": t["code"], "name_zh": t["name_zh"], "unit": t["unit"], "before": t["baseline"],
            "after": t["actual"], "change_pct": t["actual_change_pct"]} for t in p["indicators"]},
        "evaluation_levels": lambda: {key: [level(r, key)["level_before"], level(r, key)["level_after"]]
                                      for key in ("rinse_water", "ni_utilisation")},
    }


def _funding(f: dict) -> dict:
    onsite, demo = one(f["projects"], key="onsite_assessment"), one(f["projects"], key="demonstration")
    return {"onsite_assessment_funding_hkd": onsite["funding_hkd"], "onsite_assessment_capped": onsite["capped"],
            "onsite_assessment_firm_share_hkd": onsite["firm_pays_hkd"],
            "demonstration_funding_hkd": demo["funding_hkd"], "demonstration_capped": demo["capped"],
            "demonstration_firm_share_hkd": demo["firm_pays_hkd"], "total_funding_hkd": f["total_funding_hkd"],
            "total_firm_share_hkd": f["firm_pays_hkd"], "funding_share_of_total_cost_pct": f["funded_pct"]}


def _benefits(b: dict, combined: bool = False) -> dict:
    if combined:  # the reference's combined row has no option list and no split of energy by carrier
        return {k: v for k, v in _benefits(b).items() if k in (
            "electricity_kwh_a", "natural_gas_m3_a", "tco2_a", "effluent_t_a", "energy_tj_a", "savings_cny_a",
            "savings_hkd_a")}
    return {"options": b["records"], "electricity_kwh_a": b["electricity_kwh_a"],
            "natural_gas_m3_a": b["natural_gas_m3_a"], "tco2_a": b["co2_t_a"], "effluent_t_a": b["effluent_t_a"],
            "energy_tj_a": b["energy_tj_a"], "energy_tj_electricity_a": b["energy_tj_electricity_a"],
            "energy_tj_natural_gas_a": b["energy_tj_natural_gas_a"],
            # the reference's cross-check with 1 TJ = 277 777.78 kWh: the same TJ to its 1e-4 tolerance
            "energy_tj_a_via_277777_78": b["energy_tj_a"],
            "savings_cny_a": b["savings_cny_a"], "savings_hkd_a": b["savings_hkd_a"]}


def hk_cppp(r: dict, inputs: dict) -> Thunks:
    c = r["cppp"]
    current = c["durations"]["current"]  # the rule set that sets the 3- and 12-month limits
    paybacks = c["paybacks"]["demonstration"]
    return {
        "exchange_rate_cny_to_hkd": lambda: c["hkd_per_cny"],
        "exchange_rate_status": lambda: c["hkd_per_cny_note"],
        "eligible": lambda: c["eligible"],
        "f8_investment_cny_equivalent_of_eligible_cost": lambda: c["eligible_cost_cny"]["demonstration"],
        "funding": lambda: {key: _funding(f) for key, f in c["funding"].items()},
        "durations": lambda: {
            "onsite_assessment_days": current["onsite_assessment"]["days"],
            "onsite_assessment_within_3_months": current["onsite_assessment"]["within"]
            if current["onsite_assessment"]["max_months"] == 3 else Unavailable("limit is not 3 months"),
            "demonstration_days": current["demonstration"]["days"],
            "demonstration_within_12_months": current["demonstration"]["within"]
            if current["demonstration"]["max_months"] == 12 else Unavailable("limit is not 12 months")},
        "benefits_demonstration": lambda: {
            **_benefits(c["benefits"]["demonstration"]),
            "simple_payback_on_eligible_cost_years": paybacks["before_funding"],
            "simple_payback_after_funding_years": {k: v for k, v in paybacks.items() if k != "before_funding"}},
        "benefits_onsite_assessment_measures": lambda: _benefits(c["benefits"]["onsite_assessment"]),
        "benefits_combined": lambda: _benefits(c["benefits"]["combined"], combined=True),
    }


def phase7(r: dict, inputs: dict) -> Thunks:
    return {"rules": lambda: r["continuous"]["rules"],
            "next_round_items": lambda: r["continuous"]["next_round_items"],
            "next_mandatory_round_due": lambda: r["continuous"]["next_mandatory_round_due"]}


def summary(r: dict, inputs: dict) -> Thunks:
    """The reference's headline figures, read from the same places as the sections they duplicate."""
    p2, p3, p4, p5, p6, cppp = (f(r, inputs) for f in (phase2, phase3, phase4, phase5, phase6, hk_cppp))
    d = deadlines(r, inputs)
    return {
        "deadlines": lambda: {k: d[k]() for k in ("disclosure_due", "start_due", "completion_due")},
        "tce_2025": lambda: p2["energy_by_year"]()["2025"]["tce_total"],
        "tce_per_10k_m2_2025": lambda: p2["energy_by_year"]()["2025"]["tce_per_10k_m2"],
        "tco2_2025": lambda: p2["energy_by_year"]()["2025"]["tco2_total"],
        "rinse_water_l_per_m2_2025_plant": lambda: p2["evaluation_index_2025"]()["rinse_water_plant_l_per_m2"],
        "ni_utilisation_pct_2025_plant": lambda: p2["evaluation_index_2025"]()["ni_utilisation_pct"],
        "focus_totals": lambda: p2["focus_selection"]()["totals"],
        "focus_chosen": lambda: p2["focus_selection"]()["chosen"],
        "water_balance_overall_error_pct": lambda: p3["water_balance"]()["overall"]["closure_error_pct"],
        "water_balance_units_flagged": lambda: p3["water_balance"]()["units_exceeding_tolerance"],
        "ni_balance_overall_error_pct": lambda: p3["nickel_balance"]()["overall"]["closure_error_pct"],
        "ni_balance_units_flagged": lambda: p3["nickel_balance"]()["units_exceeding_tolerance"],
        "ni_utilisation_pct_line_test": lambda: p3["nickel_balance"]()["indicators"]["ni_utilisation_pct"],
        "options_by_cost_class": p4["count_by_cost_class"],
        "option_screening_totals": lambda: p4["weighted_screening"]()["totals"],
        "option_screening_order": lambda: p4["weighted_screening"]()["order"],
        "feasibility": lambda: {code: {k: e[k] for k in ("NPV", "IRR_pct", "N_years", "feasible")}
                                for code, e in p5["options"]().items()},
        "achieved": lambda: {**{k: p6["implemented_totals"]()["actual_effects"][k]
                                for k in ("tce_a", "tco2_a", "water_m3_a", "ni_kg_a", "cod_t_a")},
                             "savings_cny_a": p6["implemented_totals"]()["actual_annual_savings_cny"]},
        "targets_near_term_met": p6["targets_met_near_term"],
        "cppp_funding_total_hkd": lambda: {k: f["total_funding_hkd"] for k, f in cppp["funding"]().items()},
    }


def consistency_checks(r: dict, inputs: dict) -> Thunks:
    # The engine's own checks (typed totals against their breakdowns, carrier streams against the
    # carrier's measured quantity, one basis per balance) report into `problems`, with every figure it
    # could not compute; none means all its checks passed.
    return {"all_ok": lambda: r["problems"] == [],
            "failed": lambda: [f"{p['section']}: {p['message']}" for p in r["problems"]]}


SECTIONS: dict[str, Callable[[dict, dict], Thunks]] = {
    "enterprise": enterprise, "deadlines": deadlines, "phase1": phase1, "phase2": phase2, "phase3": phase3,
    "phase4": phase4, "phase5": phase5, "phase6": phase6, "performance_table": performance_table,
    "hk_cppp": hk_cppp, "phase7": phase7, "summary": summary, "consistency_checks": consistency_checks,
}

#: Keys of expected.json that are not figures: its own metadata and the summary's explanatory note.
NOT_FIGURES = ("meta", "summary.note")
