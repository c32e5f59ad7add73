"""The engine on the bundled sample: no problems, and headline figures of the reference audit
(expected.json) reproduced. The figure-by-figure comparison lives in test_engine_reference.py."""

import json
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compute")
    audit = folder / "s.cpaudit"
    subprocess.run([sys.executable, "-m", "cp_audit", "new", str(audit), "--sample"], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "cp_audit", "compute", str(audit)], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout)


def test_the_sample_computes_without_problems(results):
    assert results["problems"] == []


def test_headline_figures(results, reference_expected):
    e = reference_expected
    assert results["periods"]["2025"]["tce_total"] == pytest.approx(e["phase2"]["energy_by_year"]["2025"]["tce_total"], abs=1e-4)
    assert results["periods"]["2025"]["tco2_total"] == pytest.approx(e["phase2"]["energy_by_year"]["2025"]["tco2_total"], abs=1e-4)
    t1 = next(t for t in results["targets"] if t["code"] == "T1")
    assert t1["baseline"] == pytest.approx(e["phase2"]["targets"][0]["baseline"], abs=1e-4)
    assert results["options"]["options"]["F7"]["economics"]["npv"] == pytest.approx(e["phase5"]["options"]["F7"]["NPV"], abs=1e-4)
    water = results["assessment"]["balances"]["water"]["result"]
    assert water["units_exceeding_tolerance"] == ["U5"]
    assert water["overall"]["closure_error_pct"] == pytest.approx(e["phase3"]["water_balance"]["overall"]["closure_error_pct"], abs=1e-4)
