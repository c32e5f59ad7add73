"""The bundled sample gives back every input of the reference audit.

Runs the command line as a user would (`cp-audit new s.cpaudit --sample`, then `cp-audit export-json
s.cpaudit`), rebuilds inputs.json from the exported document alone (tests/domain/reference_view.py,
written independently of tools/convert_reference.py) and compares it with
tests/data/reference-audit/inputs.json leaf by leaf: numbers with math.isclose, everything else
exactly, lists in order. Every difference is reported at once as "path: expected ..., got ...".

Reference paths that document the method rather than record an input are allow-listed below, each
with its reason; the allow-list is itself tested (each entry exists, is not given back by the export,
and its text is nowhere in the export). Inputs the program does not give back although it should
are KNOWN_GAPS: one strict xfail per path, so the gap stays visible and the test notices the fix.
Finally the export may hold no row the reference does not explain: rows are counted per table.
"""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from reference_view import reference_view  # tests/domain is on sys.path (pytest prepends the test folder)

from cp_audit.models.base import Aspect

ROOT = Path(__file__).resolve().parents[2]

#: Method documentation, not audit inputs, and not stored (the test checks the export holds none of it).
NOT_STORED = {
    "meta.schema": "names the reference file's own format; the audit file has format/schema_version",
    "meta.confidence_marks": "legend of the ✔/◐/✖ marks; the marks themselves are stored on each row",
    "coefficients.tj_per_kwh": "a unit conversion; the program derives it from the stored 3.6 MJ/kWh and the "
                               "SI prefix (cp_audit/calc/cppp.py)",
    "phase2_pre_assessment.wastewater.load_rule": "the load formula; its location -> volume links are "
                                                  "stored as EmissionPoint.volume_item_key",
    "phase2_pre_assessment.air_emissions.hours_rule": "the hours formula; its 20 h is "
                                                      "Enterprise.operating_hours_per_day",
    "phase3_assessment.nickel_balance.calc_rules": "the four stream formulas are the program's StreamCalc "
                                                   "rules; each stream's type and factors are stored",
    "phase4_options.effects_units.water_m3_a": "the stored unit m3/a is in the key; 'of tap (fresh) water' "
                                               "only explains the resource",
    "phase4_options.effects_units.sludge_t_a": "the stored unit t/a is in the key; 'of HW17 sludge' only "
                                               "explains the resource",
    "phase4_options.effects_note": "explains the sign of effects and what null means",
    "hk_cppp.benefit_units": "the units cp_audit/calc/cppp.py reports CPPP benefits in, not entered",
}
#: Not audit data: program constants or results the engine derives (the export may hold the same codes).
NOT_AUDIT_DATA = {
    "phase3_assessment.aspects": "the program's Aspect enumeration; compared with its labels below",
    "phase6_implementation.post_implementation_economics": "derived: the engine re-evaluates every "
                                                           "implemented option with a feasibility study",
}
ALLOW_LIST = NOT_STORED | NOT_AUDIT_DATA

#: Inputs the program does not give back; each is a strict xfail until it does.
KNOWN_GAPS: dict[str, str] = {}  # none at present: the English labels come from resources/translations/en.po

#: Indicators the sample defines beyond the five target baselines, each reproducing a reference convention.
EXTRA_INDICATORS = {
    "rinse_water_index_ni_line": "conventions.rinse_water_index for the nickel line alone",
    "rinse_water_index_cr_line": "conventions.rinse_water_index for the chromium line alone",
    "test_rinse_water_per_rinse": "conventions.rinse_water_index over the balance test's rinse intakes",
    "test_line_intake_per_m2": "water intake of the nickel line per m2 in the balance test",
    "test_ni_utilisation": "conventions.ni_utilisation over the nickel balance",
    "test_rinse_intake": "the rinse intakes W-05 + W-12 + W-21 + W-25 of the balance test (rinse_intake_streams)",
    "qualification_rate": "the qualification rate of both lines weighted by plated area",
    "ni_fed": "conventions.ni_utilisation: Ni fed (anodes + salts, as Ni)",
    "ni_deposited_ni_line": "conventions.ni_utilisation: Ni deposited on the nickel line",
    "ni_deposited_cr_line": "conventions.ni_utilisation: Ni deposited on the chromium line",
    "ni_deposited": "conventions.ni_utilisation: Ni deposited on both lines",
}


# ---- running the command line ----------------------------------------------------------------


def run_cli(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "cp_audit", *args], capture_output=True, check=False, cwd=ROOT,
                          env=env, timeout=300)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, f"cp-audit {' '.join(args)} exited {done.returncode}: {stderr}"
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("sample-reference")
    env = {**os.environ, "CP_AUDIT_HOME": str(tmp / "home")}
    run_cli("new", str(tmp / "s.cpaudit"), "--sample", env=env)
    return json.loads(run_cli("export-json", str(tmp / "s.cpaudit"), env=env))


@pytest.fixture(scope="module")
def view(exported) -> dict[str, Any]:
    return reference_view(exported)


# ---- comparing two JSON trees -----------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    path: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        return f"{self.path}: expected {self.expected!r}, got {self.got!r}"


class Missing:
    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


NOT_IN_VIEW = Missing("<nothing>")
NOT_IN_REFERENCE = Missing("<not in the reference>")


def leaves(tree: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, value) of every scalar and every empty list or object of a JSON tree."""
    if isinstance(tree, dict) and tree:
        for key, value in tree.items():
            yield from leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(tree, list) and tree:
        for index, value in enumerate(tree):
            yield from leaves(value, f"{path}[{index}]")
    else:
        yield path, tree


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def same(expected: Any, got: Any) -> bool:
    if is_number(expected) and is_number(got):
        return math.isclose(expected, got, rel_tol=1e-12, abs_tol=1e-9)
    return type(expected) is type(got) and expected == got


def under(path: str, entry: str) -> bool:
    return path == entry or path.startswith((entry + ".", entry + "["))


def allow_listed(path: str) -> bool:
    return any(under(path, entry) for entry in ALLOW_LIST)


def compared_leaves(reference: dict[str, Any]) -> dict[str, Any]:
    return {path: value for path, value in leaves(reference) if not allow_listed(path)}


def mismatches(reference: dict[str, Any], view: dict[str, Any]) -> list[Mismatch]:
    expected = compared_leaves(reference)
    got = {path: value for path, value in leaves(view) if not allow_listed(path)}
    found = [Mismatch(path, value, got.get(path, NOT_IN_VIEW)) for path, value in expected.items()
             if not same(value, got.get(path, NOT_IN_VIEW))]
    found += [Mismatch(path, NOT_IN_REFERENCE, value) for path, value in got.items() if path not in expected]
    return found


def report(found: list[Mismatch], compared: int) -> str:
    return f"{len(found)} of {compared} reference inputs differ:\n" + "\n".join(map(str, found))


# ---- the requirement ------------------------------------------------------------------------


def test_export_gives_back_every_reference_input(reference_inputs, view):
    found = [m for m in mismatches(reference_inputs, view) if m.path not in KNOWN_GAPS]
    assert not found, report(found, len(compared_leaves(reference_inputs)))


@pytest.mark.parametrize("path", [pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=reason))
                                  for path, reason in KNOWN_GAPS.items()])
def test_known_gap(reference_inputs, view, path):
    expected = dict(leaves(reference_inputs))[path]
    got = dict(leaves(view)).get(path, NOT_IN_VIEW)
    assert same(expected, got), Mismatch(path, expected, got)


def test_reference_aspects_are_the_program_aspects(reference_inputs):
    listed = [(a["key"], a["name_zh"]) for a in reference_inputs["phase3_assessment"]["aspects"]]
    assert listed == [(a.value, a.label) for a in Aspect]


# ---- the allow-list stays honest --------------------------------------------------------------


def exported_scalars(document: dict[str, Any]) -> tuple[list[str], list[float]]:
    values = [value for rows in document["tables"].values() for row in rows for _path, value in leaves(row)]
    return [v for v in values if isinstance(v, str)], [v for v in values if is_number(v)]


def stored_somewhere(value: Any, texts: list[str], numbers: list[float]) -> bool:
    """True when the export holds `value`: the same number, the same text, or a long text inside a text."""
    if is_number(value):
        return any(same(value, n) for n in numbers)
    if isinstance(value, str):
        return any(value == t or (len(value) >= 12 and value in t) for t in texts)
    return False


def test_allow_list_and_gaps_name_reference_paths(reference_inputs):
    paths = [path for path, _value in leaves(reference_inputs)]
    stale = [entry for entry in [*ALLOW_LIST, *KNOWN_GAPS] if not any(under(p, entry) for p in paths)]
    assert not stale, f"not in the reference: {stale}"
    assert not [gap for gap in KNOWN_GAPS if allow_listed(gap)], "a known gap is also allow-listed"


def test_allow_listed_paths_are_not_given_back(reference_inputs, view):
    got = dict(leaves(view))
    compared = [path for path, value in leaves(reference_inputs)
                if allow_listed(path) and path in got and same(value, got[path])]
    assert not compared, f"the export gives these back; compare them instead of allow-listing: {compared}"


def test_documentation_paths_are_not_stored(reference_inputs, exported):
    texts, numbers = exported_scalars(exported)
    stored = [f"{path} = {value!r}" for path, value in leaves(reference_inputs)
              if any(under(path, entry) for entry in NOT_STORED) and stored_somewhere(value, texts, numbers)]
    assert not stored, "allow-listed as not stored, but the export holds:\n" + "\n".join(stored)


# ---- no row the reference does not explain ----------------------------------------------------


def inventory_series(ref: dict[str, Any]) -> list[dict[str, Any]]:
    """One {period: value} series per inventory item of phase 2."""
    p2 = ref["phase2_pre_assessment"]
    metrics = ("plated_area_10k_m2", "parts_t", "qualification_rate_pct", "ni_thickness_um")
    wastewater = p2["wastewater"]
    return [
        *(line[m] for line in p2["production"]["lines"] for m in metrics),
        *(m["qty"] for m in p2["raw_materials"]), *(e["qty"] for e in p2["energy"]),
        p2["water"]["tap_water_m3"],
        *({"2025": v} for v in p2["water"]["rinse_water_submeters_2025_m3"].values()),  # one item per line
        *(wastewater[k] for k in ("total_m3", "ni_bearing_m3", "cr_bearing_m3")),
        *(m["conc"] for m in wastewater["monitoring"]), {"2025": wastewater["ph_2025"]},
        *(s["conc_mg_m3"] for s in p2["air_emissions"]["stacks"]),
        *(w["qty"] for w in p2["hazardous_waste"]),
    ]


def post_period_values(ref: dict[str, Any]) -> int:
    post = ref["phase6_implementation"]["post_period"]
    return sum(1 for path, value in leaves(post) if is_number(value) and path != "operating_days")


def cause_nodes(ref: dict[str, Any]) -> int:
    """A cause at unit operations (U3/U5) links each; one elsewhere ('公用工程') keeps a place text."""
    p3 = ref["phase3_assessment"]
    units = {u["id"] for u in p3["unit_operations"]}
    parts = [c["unit"].split("/") for c in p3["cause_analysis"]]
    return sum(len(codes) for codes in parts if set(codes) <= units)


def stream_factors(ref: dict[str, Any]) -> int:
    """Each number of a nickel stream's calc block is a factor, except a 'direct' stream's own value."""
    streams = ref["phase3_assessment"]["nickel_balance"]["streams"]
    return sum(sum(1 for v in s["calc"].values() if is_number(v)) for s in streams if s["calc"]["type"] != "direct")


def cash_items(ref: dict[str, Any]) -> int:
    kinds = ("investment_items", "savings_items", "added_cost_items")
    blocks = [*ref["phase5_feasibility"]["options"], *ref["phase6_implementation"]["actual_savings_breakdown"].values()]
    return sum(len(block.get(kind, [])) for block in blocks for kind in kinds)


def expected_row_counts(ref: dict[str, Any]) -> dict[str, int]:  # one line per table
    meta, ent, p1, p2 = ref["meta"], ref["enterprise"], ref["phase1_preparation"], ref["phase2_pre_assessment"]
    p3, p4, p6, hk = ref["phase3_assessment"], ref["phase4_options"], ref["phase6_implementation"], ref["hk_cppp"]
    coef, standards, focuses = ref["coefficients"], p2["discharge_standards"], p2["candidate_focuses"]
    options, records = p4["options"], p6["records"].values()
    test = p3["balance_test"]
    series = inventory_series(ref)
    return {
        "audit_info": 1,  # meta, mandatory_audit, numeric conventions, common economics, chosen focus
        "source": len(meta["source_tags"]),
        "mandatory_trigger": len(ref["mandatory_audit"]["triggers"]),
        "enterprise": 1,
        "production_line": len(ent["plating_lines"]),
        "consultancy": 1,
        "auditor": len(p1["consultancy"]["auditors"]),
        "leadership_decision": 1,
        "team_member": len(p1["audit_team"]["leading_group"]) + len(p1["audit_team"]["working_group"]),
        "work_plan_row": len(p1["work_plan"]),
        "training_record": len(p1["training"]),
        "barrier": len(p1["barriers"]),
        "period": len(p2["years"]) + 1,  # the full years and the post-implementation quarter
        "emission_point": len({m["location"] for m in p2["wastewater"]["monitoring"]})
        + len(p2["air_emissions"]["stacks"]),  # water monitoring locations and stacks
        "inventory_item": len(series),
        "item_property": sum("ni_fraction" in m for m in p2["raw_materials"])
        + sum("moisture_pct" in w for w in p2["hazardous_waste"]),
        "inventory_value": sum(len(s) for s in series) + post_period_values(ref),
        "discharge_standard": 2 + bool(standards["air"]),  # water table 2, water table 3, air table
        "discharge_limit": 2 * len(standards["water"]) + 1 + len(standards["air"]),  # + the pH range
        "equipment": len(p2["equipment"]),
        "existing_measure": len(p2["existing_cp_measures"]),
        "site_finding": len(p2["site_findings"]),
        "criterion": len(focuses["criteria"]) + len(p4["weighted_screening"]["criteria"]),
        "focus_candidate": len(focuses["candidates"]),
        "focus_score": sum(len(s) for s in focuses["scores"].values()),
        "parameter": 2 + len(ent["plating_lines"])  # Ni density, RO recovery, each line's rinse count
        + sum(is_number(v) for k, v in test.items() if k not in ("days", "hours_per_day")),  # balance test
        "indicator": len({t["baseline_rule"] for t in p2["targets"]}) + len(EXTRA_INDICATORS),
        "target": len(p2["targets"]),
        "evaluation_system": 1,
        "evaluation_indicator": len(p2["evaluation_index"]["indicators"]),
        "balance_test": 1,
        "node": len(p3["unit_operations"]) + len(p3["external_nodes"]),
        "balance": 2,  # water and nickel
        "stream": len(p3["water_balance"]["streams"]) + len(p3["nickel_balance"]["streams"]),
        "stream_factor": stream_factors(ref),
        "cause": len(p3["cause_analysis"]),
        "cause_node": cause_nodes(ref),
        "cause_stream": sum(len(c["streams"]) for c in p3["cause_analysis"]),
        "option": len(options),
        "option_cause": sum(len(o["linked_causes"]) for o in options),
        "option_effect": sum(len(o["expected_effects"]) for o in options)
        + sum(len(r["actual_effects"] or {}) for r in records),
        "cash_item": cash_items(ref),
        "cash_flow_year": 0,  # the reference gives no year-by-year cash flows
        "option_score": sum(len(s) for s in p4["weighted_screening"]["scores"].values()),
        "monitoring_record": len(p6["monitoring"]),
        "result_note": len(p6["result_notes"]),
        "cp_rule": len(ref["phase7_continuous"]["rules"]),
        "next_round_item": len(ref["phase7_continuous"]["next_round_plan"]),
        "cppp_profile": 1,
        "cppp_rule_set": len(hk["rule_sets"]),
        "cppp_project": len(hk["projects"]),
        "cppp_project_option": sum(len(p.get("recommended_options", [])) + ("linked_option" in p)
                                   for p in hk["projects"]),
        "coefficient_set": 3,  # tce, CO2 and energy content
        "coefficient": len(coef["tce"]) + len(coef["co2"]) + len(coef["energy_content"]),
        "price": sum(is_number(v) for v in ref["prices_2025"].values()),
        "attachment": 0,  # the reference attaches no files
    }


def test_export_holds_no_row_the_reference_does_not_explain(reference_inputs, exported):
    expected = expected_row_counts(reference_inputs)
    actual = {table: len(rows) for table, rows in exported["tables"].items()}
    differ = [f"{table}: expected {expected.get(table, 'no such table')}, got {actual.get(table, 'no such table')}"
              for table in sorted(expected.keys() | actual.keys()) if expected.get(table) != actual.get(table)]
    assert not differ, "row counts differ from what the reference explains:\n" + "\n".join(differ)


def test_extra_indicators_are_the_documented_ones(exported):
    tables = exported["tables"]
    by_id = {i["id"]: i["key"] for i in tables["indicator"]}
    baselines = {by_id[t["indicator_id"]] for t in tables["target"]}
    assert set(by_id.values()) == baselines | set(EXTRA_INDICATORS)


# ---- the comparison can fail -------------------------------------------------------------------


def row(document: dict[str, Any], table: str, **where: Any) -> dict[str, Any]:
    return next(r for r in document["tables"][table] if all(r[k] == v for k, v in where.items()))


def raise_f1_nickel_saving(document: dict[str, Any]) -> None:
    f1 = row(document, "option", code="F1")
    row(document, "option_effect", option_id=f1["id"], basis="expected", resource_key="ni")["value"] += 1


def store_post_area_in_10k_m2(document: dict[str, Any]) -> None:
    line = row(document, "production_line", key="ni_line")
    area = row(document, "inventory_item", key="plated_area", line_id=line["id"])
    post = row(document, "period", key="post")
    row(document, "inventory_value", item_id=area["id"], period_id=post["id"])["unit"] = "万m2"


def move_deposit_stream_to_u7(document: dict[str, Any]) -> None:
    row(document, "stream", code="N-05")["from_node_id"] = row(document, "node", code="U7")["id"]


@pytest.mark.parametrize("mutate, path", [
    (raise_f1_nickel_saving, "phase4_options.options[0].expected_effects.ni_kg_a"),
    (store_post_area_in_10k_m2, "phase6_implementation.post_period.ni_line_area_m2"),
    (move_deposit_stream_to_u7, "phase3_assessment.nickel_balance.streams[4].from"),
])
def test_comparison_reports_exactly_a_changed_value(reference_inputs, exported, mutate, path):
    changed = copy.deepcopy(exported)
    mutate(changed)
    found = [m.path for m in mismatches(reference_inputs, reference_view(changed)) if m.path not in KNOWN_GAPS]
    assert found == [path]
