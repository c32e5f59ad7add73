"""Every figure of the reference audit (tests/data/reference-audit/expected.json) against `cp-audit compute`.

The bundled sample is the reference audit. The command line is run as a user runs it (`cp-audit new
--sample`, then `cp-audit compute`), its JSON parsed, and each section of expected.json compared figure
by figure with the results, mapped by engine_reference_map.py. Numbers agree to 1e-4 absolute on the
unit shown (expected.json meta.comparison_tolerance); text, booleans, dates and lists of codes exactly.

Each section is its own test and lists all its mismatches at once. Figures the engine does not compute
are listed in MISSING (and must stay missing: test_missing_figures_are_still_missing), figures it prints
wrongly in KNOWN_WRONG (the section test fails once such a figure comes out right, so the list shrinks).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

import engine_reference_map as ref  # tests/domain is on sys.path (pytest prepends the test folder)
import pytest

TOLERANCE = 1e-4  # expected.json meta.comparison_tolerance: "1e-4 absolute on the unit shown"
ABSENT = object()
ID_FIELDS = ("stage_no", "param", "key")  # how expected.json identifies the objects of its lists


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    audit = tmp_path_factory.mktemp("reference") / "reference.cpaudit"
    subprocess.run([sys.executable, "-m", "cp_audit", "new", str(audit), "--sample"], check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, "-m", "cp_audit", "compute", str(audit)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


# --- paths ---------------------------------------------------------------------------------------------

Path = tuple[str, ...]  # ("phase3", "water_balance", "per_unit", "U5", "closure_error_pct"); list ids as "[T1]"


def parse(text: str) -> Path:
    return tuple(re.findall(r"\[[^\]]*\]|[^.\[\]]+", text))


def show(path: Path) -> str:
    return "".join(p if p.startswith("[") or i == 0 else "." + p for i, p in enumerate(path))


def _matches(pattern: Path, path: Path) -> bool:
    """pattern is path or a prefix of it; '*' stands for any key and '[*]' for any list element."""
    if len(pattern) > len(path):
        return False
    return all(p == q or (p == "*" and not q.startswith("[")) or (p == "[*]" and q.startswith("["))
               for p, q in zip(pattern, path))


def listed(table: dict, path: Path) -> str | None:
    return next((key for key in table if _matches(parse(key), path)), None)


def list_ids(items: list[dict]) -> list[Any]:
    for name in ID_FIELDS:
        ids = [item.get(name) for item in items]
        if None not in ids and len(set(ids)) == len(ids):
            return ids
    return list(range(len(items)))


def is_object_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def leaves(value: Any, path: Path = ()) -> list[Path]:
    """Every figure under value: scalars and lists of scalars (a list of codes is one figure)."""
    if isinstance(value, dict) and value:
        return [leaf for k, v in value.items() for leaf in leaves(v, (*path, str(k)))]
    if is_object_list(value):
        return [leaf for i, v in zip(list_ids(value), value) for leaf in leaves(v, (*path, f"[{i}]"))]
    return [path]


# --- comparison ----------------------------------------------------------------------------------------

@dataclass
class Comparison:
    passed: int = 0
    missing: int = 0
    known_wrong: int = 0
    mismatches: list[str] = field(default_factory=list)

    def fail(self, path: Path, message: str) -> None:
        self.mismatches.append(f"{show(path)}: {message}")

    def walk(self, path: Path, expected: Any, got: Any) -> None:
        if listed(ref.MISSING, path):
            self.missing += len(leaves(expected, path))
            return
        if isinstance(expected, dict) and expected:
            self._object(path, expected, got)
        elif is_object_list(expected):
            self._object_list(path, expected, got)
        else:
            self._leaf(path, expected, got)

    def _object(self, path: Path, expected: dict, got: Any) -> None:
        if not isinstance(got, dict):
            self.fail(path, f"expected an object, got {_short(got)}")
            return
        for key, value in expected.items():
            self.walk((*path, str(key)), value, got.get(key, got.get(str(key), ABSENT)))
        extra = sorted(str(k) for k in got if k not in expected and str(k) not in expected)
        if extra:
            self.fail(path, f"the results have more entries than the reference: {', '.join(extra)}")

    def _object_list(self, path: Path, expected: list[dict], got: Any) -> None:
        ids = list_ids(expected)
        if isinstance(got, list):
            got = dict(enumerate(got))
        if not isinstance(got, dict):
            self.fail(path, f"expected a list of {len(expected)} objects, got {_short(got)}")
            return
        for i, value in zip(ids, expected):
            self.walk((*path, f"[{i}]"), value, got.get(i, ABSENT))
        extra = sorted(str(k) for k in got if k not in ids)
        if extra:
            self.fail(path, f"the results have more entries than the reference: {', '.join(extra)}")

    def _leaf(self, path: Path, expected: Any, got: Any) -> None:
        problem = _differs(expected, got)
        wrong = listed(ref.KNOWN_WRONG, path)
        if wrong and problem is None:
            self.fail(path, f"now matches the reference ({_short(got)}): remove it from KNOWN_WRONG")
        elif wrong:
            self.known_wrong += 1
        elif problem:
            self.fail(path, problem)
        else:
            self.passed += 1


def _differs(expected: Any, got: Any) -> str | None:
    """None when got reproduces expected, else a message 'expected X, got Y'."""
    if got is ABSENT:
        return f"expected {expected!r}, but no result is mapped to it (map it or list it in MISSING)"
    if isinstance(got, ref.Unavailable):
        return f"expected {expected!r}, got {got.why}"
    message = f"expected {expected!r}, got {_short(got)}"
    if isinstance(expected, list):
        if not isinstance(got, (list, tuple)) or len(got) != len(expected):
            return message
        return message if any(_differs(e, g) for e, g in zip(expected, got)) else None
    if expected is None or isinstance(expected, (bool, str)) or isinstance(got, bool):
        return None if type(got) is type(expected) and got == expected else message
    if isinstance(expected, (int, float)):
        ok = isinstance(got, (int, float)) and math.isfinite(got) and abs(got - expected) <= TOLERANCE
        return None if ok else message
    return None if got == expected else message


def _short(value: Any) -> str:
    if value is ABSENT:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def compare_section(name: str, expected: dict, inputs: dict, results: dict) -> Comparison:
    comparison = Comparison()
    try:
        thunks = ref.SECTIONS[name](results, inputs)
    except Exception as exc:  # noqa: BLE001 - a section that cannot be mapped at all is one mismatch
        comparison.fail((name,), f"could not be read from the results: {exc!r}")
        return comparison
    section = {k: v for k, v in expected[name].items() if (name, k) != parse("summary.note")}
    for key, value in section.items():
        if key not in thunks:
            comparison.walk((name, key), value, ABSENT)
            continue
        try:
            got = thunks[key]()
        except Exception as exc:  # noqa: BLE001 - one unreadable part must not hide the others
            if listed(ref.MISSING, (name, key)):
                comparison.walk((name, key), value, ABSENT)
            else:  # reported once for the part, not once per figure inside it
                comparison.fail((name, key), f"could not be read from the results: {exc!r}")
            continue
        comparison.walk((name, key), value, got)
    extra = sorted(set(thunks) - set(section))
    if extra:
        comparison.fail((name,), f"mapped keys the reference does not have: {', '.join(extra)}")
    return comparison


def check(name: str, reference_expected: dict, reference_inputs: dict, results: dict) -> None:
    comparison = compare_section(name, reference_expected, reference_inputs, results)
    if comparison.mismatches:
        pytest.fail(f"{len(comparison.mismatches)} figure(s) of {name} differ from the reference "
                    f"({comparison.passed} agree):\n" + "\n".join(comparison.mismatches), pytrace=False)


# --- one test per section ------------------------------------------------------------------------------

def test_enterprise(reference_expected, reference_inputs, results):
    check("enterprise", reference_expected, reference_inputs, results)


def test_deadlines(reference_expected, reference_inputs, results):
    check("deadlines", reference_expected, reference_inputs, results)


def test_phase1_preparation(reference_expected, reference_inputs, results):
    check("phase1", reference_expected, reference_inputs, results)


def test_phase2_pre_assessment(reference_expected, reference_inputs, results):
    check("phase2", reference_expected, reference_inputs, results)


def test_phase3_balances(reference_expected, reference_inputs, results):
    check("phase3", reference_expected, reference_inputs, results)


def test_phase4_options(reference_expected, reference_inputs, results):
    check("phase4", reference_expected, reference_inputs, results)


def test_phase5_feasibility(reference_expected, reference_inputs, results):
    check("phase5", reference_expected, reference_inputs, results)


def test_phase6_implementation(reference_expected, reference_inputs, results):
    check("phase6", reference_expected, reference_inputs, results)


def test_phase7_continuous(reference_expected, reference_inputs, results):
    check("phase7", reference_expected, reference_inputs, results)


def test_performance_table(reference_expected, reference_inputs, results):
    check("performance_table", reference_expected, reference_inputs, results)


def test_hk_cppp(reference_expected, reference_inputs, results):
    check("hk_cppp", reference_expected, reference_inputs, results)


def test_summary(reference_expected, reference_inputs, results):
    check("summary", reference_expected, reference_inputs, results)


def test_consistency_checks(reference_expected, reference_inputs, results):
    check("consistency_checks", reference_expected, reference_inputs, results)


# --- the bookkeeping stays honest ----------------------------------------------------------------------

def test_every_section_of_the_reference_is_compared(reference_expected):
    sections = {key for key in reference_expected if key not in ref.NOT_FIGURES}
    assert sections == set(ref.SECTIONS)


def test_missing_figures_are_still_missing(reference_expected, reference_inputs, results):
    """A MISSING entry names figures of expected.json that the engine does not print: each must exist in
    expected.json, must not be mapped, and nothing may be printed yet where it would belong."""
    figures = [leaf for key, value in reference_expected.items() if key not in ref.NOT_FIGURES
               for leaf in leaves(value, (key,))]
    problems = []
    for key, gap in ref.MISSING.items():
        if not any(_matches(parse(key), leaf) for leaf in figures):
            problems.append(f"{key}: no such figure in expected.json; remove the entry")
        found = _lookup(results, parse(gap.where))
        if found is not ABSENT and found is not None:
            problems.append(f"{key}: the results now have {gap.where} = {_short(found)}; map it and remove "
                            "the entry from MISSING")
        section, part = parse(key)[:2]
        thunks = ref.SECTIONS[section](results, reference_inputs)
        if part in thunks and _mapped(thunks[part], parse(key)[2:]):
            problems.append(f"{key}: is both mapped and listed as missing")
    assert not problems, "\n".join(problems)


def _lookup(value: Any, path: Path) -> Any:
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return ABSENT
        value = value[part]
    return value


def _mapped(thunk, rest: Path) -> bool:
    """Whether the mapped value has anything at rest ('*' matching any key)."""
    try:
        values = [thunk()]
    except Exception:  # noqa: BLE001 - an unreadable part maps nothing
        return False
    for part in rest:
        nxt = []
        for value in values:
            if isinstance(value, dict):
                if part in ("*", "[*]"):
                    nxt.extend(value.values())
                elif part.strip("[]") in value or part in value:
                    nxt.append(value.get(part, value.get(part.strip("[]"))))
        values = nxt
    return bool(values)


def test_known_wrong_figures_exist(reference_expected):
    figures = [leaf for key, value in reference_expected.items() if key not in ref.NOT_FIGURES
               for leaf in leaves(value, (key,))]
    stale = [key for key in ref.KNOWN_WRONG if not any(_matches(parse(key), leaf) for leaf in figures)]
    assert not stale, f"KNOWN_WRONG entries that are not figures of expected.json: {stale}"


def test_the_reference_files_are_the_shipped_reference(reference_expected, reference_inputs):
    """expected.json says it was computed from inputs.json; the copies in the repository belong together."""
    import hashlib
    from pathlib import Path as FilePath

    inputs = FilePath(__file__).parents[1] / "data" / "reference-audit" / "inputs.json"
    assert hashlib.sha256(inputs.read_bytes()).hexdigest() == reference_expected["meta"]["inputs_sha256"]
