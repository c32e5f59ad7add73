"""The benchmarks (bench/, `./dev bench`) run here once each on a tiny generated audit, so they cannot rot.
Nothing here judges a time: the figures depend on the machine; only that every benchmark measures
something, beside its floor, and that the generator is deterministic and sized as the issue asks."""

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import __main__ as bench_main
from bench.doc import Size, size_for
from bench.generator import build_document
from bench.harness import Row, Skipped, table


def test_full_size_is_the_issues_audit():
    size = size_for(1.0)
    assert size == Size()
    assert (size.years, size.materials + size.carriers, size.units) == (10, 60, 400)
    assert (size.options, size.photos) == (1000, 200)


def test_generator_is_deterministic_and_sized_by_the_scale():
    first = build_document(0.01, seed=7)
    again = build_document(0.01, seed=7)
    other = build_document(0.01, seed=8)

    def digest(document):
        return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()

    assert digest(first) == digest(again)
    assert digest(first) != digest(other)
    size, tables = size_for(0.01), first["tables"]
    assert len(tables["option"]) == size.options
    assert len(tables["attachment"]) == size.photos
    assert len([n for n in tables["node"] if n["kind"] == "unit_operation"]) == size.units
    months = [p for p in tables["period"] if p["key"][:4].isdigit() and len(p["key"]) == 7]
    assert len(months) == 12 * size.years
    carriers = {i["carrier_key"] for i in tables["inventory_item"] if i["category"] == "energy"}
    materials = {i["key"] for i in tables["inventory_item"] if i["category"] == "raw_material"}
    assert (len(carriers), len(materials)) == (size.carriers, size.materials)


def test_every_benchmark_runs_once_on_a_tiny_audit(tmp_path, monkeypatch):
    monkeypatch.setenv("CP_AUDIT_BENCH_CACHE", str(tmp_path / "cache"))
    rows, sizes = bench_main.run(scale=0.01, runs=1, log=lambda _text: None)
    failed = [r for r in rows if isinstance(r, Skipped) and not r.reason.startswith("not in this checkout")]
    assert failed == []
    measured = [r for r in rows if isinstance(r, Row)]
    assert len(measured) >= len(bench_main.NAMES)  # recompute gives one row per kind of edit
    for row in measured:
        assert row.samples and all(s > 0 for s in row.samples), row.name
        assert row.floor and all(f > 0 for f in row.floor), row.name
    printed = bench_main.heading(sizes, 0.01) + "\n" + table(rows)
    assert all(r.name in printed for r in rows)
    assert "Python" in printed and "periods" in printed
