"""The calculation engine on the large audit: recomputing after one edit (incremental), a full compute, and
the reconciliation of the focus; each beside its floor."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from bench.harness import Row, Target, timed

EDITS = (  # (label, model name, field): the edits an assessor makes most
    ("a monthly value", "InventoryValue", "value"),
    ("an option's investment", "Option", "investment"),
    ("a measured stream", "Stream", "value"),
)


def _scan_seconds(path: Path, table: str) -> float:
    """SQLite reading every value of `table` once, in C: what any recompute told only "this table changed"
    must at least do to find the changed row."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        query = (
            f'SELECT {", ".join(f"count({c!r})".replace(chr(39), chr(34)) for c in columns)} FROM "{table}"'
        )
        conn.execute(query).fetchall()  # warm, as the engine's copy is
        started = time.perf_counter()
        conn.execute(query).fetchall()
        return time.perf_counter() - started
    finally:
        conn.close()


def recompute(audit_path: Path, work: Path, runs: int) -> list[Row]:
    from cp_audit import models, services
    from cp_audit.database import open_audit
    from cp_audit.engine.incremental import IncrementalEngine

    path = work / "recompute.cpaudit"
    path.write_bytes(audit_path.read_bytes())
    rng = random.Random(5)
    rows = []
    with open_audit(path) as audit, IncrementalEngine(audit) as engine:
        for label, model_name, field in EDITS:
            model = getattr(models, model_name)
            records = [r for r in services.rows(audit, model) if getattr(r, field)]
            samples, floor = [], []
            for run in range(runs + 1):  # the first edit warms caches and is not counted
                record = rng.choice(records)
                services.update_row(
                    audit, model, record.id, {field: getattr(record, field) * (1.01 + run / 100)}
                )
                started = time.perf_counter()
                engine.results()
                seconds = time.perf_counter() - started
                if run:
                    samples.append(seconds)
                    floor.append(_scan_seconds(path, model.__tablename__))
            rows.append(
                Row(
                    f"recompute after editing {label}",
                    samples,
                    floor,
                    "read the edited table",
                    Target(limit=0.100),
                    note=f"recomputed {engine.last.scope}",
                )
            )
    return rows


def full_compute(audit_path: Path, runs: int) -> Row:
    from cp_audit import services
    from cp_audit.database import open_audit
    from cp_audit.engine import compute

    with open_audit(audit_path, read_only=True) as audit:
        loads = timed(lambda: services.load(audit), runs)
        data = services.load(audit)
        computes = timed(lambda: compute(data), runs)
    total = [a + b for a, b in zip(loads, computes)]
    return Row(
        "full recompute (load + compute)",
        total,
        loads,
        "load AuditData",
        Target(),
        note=f"compute() alone {sorted(computes)[len(computes) // 2]:.2f} s; what an edit would cost "
        "without the incremental engine, and what opening an audit costs to get its results",
    )


def _reconciliation_inputs(audit_path: Path):
    """Per balance of the focus: the nodes and streams the engine hands to reconcile()."""
    from cp_audit import services
    from cp_audit.calc.balances import BalanceNode, BalanceStream
    from cp_audit.calc.reconciliation import ReconciliationStream
    from cp_audit.database import open_audit
    from cp_audit.engine import compute
    from cp_audit.models import Balance, Node, Stream

    with open_audit(audit_path, read_only=True) as audit:
        data = services.load(audit)
    results = compute(data)
    nodes = {n.id: n for n in data.rows(Node)}
    inputs = []
    for balance in data.rows(Balance):
        streams = [s for s in data.rows(Stream) if s.balance_id == balance.id]
        values = results.assessment.balances[balance.key].stream_values
        used = {s.from_node_id for s in streams} | {s.to_node_id for s in streams}
        calc_nodes = [
            BalanceNode(n.code, n.kind.value)
            for n in nodes.values()
            if n.id in used or n.kind.value == "unit_operation"
        ]
        calc = [
            BalanceStream(s.code, nodes[s.from_node_id].code, nodes[s.to_node_id].code, values[s.code])
            for s in streams
        ]
        by_code = {s.code: s for s in streams}
        inputs.append(
            (
                calc_nodes,
                [
                    ReconciliationStream(
                        s.code,
                        s.from_code,
                        s.to_code,
                        s.value,
                        status=by_code[s.code].status.value,
                        uncertainty_pct=by_code[s.code].uncertainty_pct,
                    )
                    for s in calc
                ],
            )
        )
    return inputs


def reconciliation(audit_path: Path, runs: int) -> Row:
    from scipy.sparse import bmat, diags
    from scipy.sparse.linalg import splu

    from cp_audit.calc import reconciliation as rec

    inputs = _reconciliation_inputs(audit_path)
    systems = []
    for nodes, streams in inputs:  # the same-size system reconcile() factorises, built untimed
        network = rec._network(nodes, streams, rec.DEFAULT_UNCERTAINTY_PCT, "balance")
        kept = rec._kept_rows(network, "balance")
        a_m, a_u = network.matrix(network.adjustable, kept), network.matrix(network.unmeasured, kept)
        variance = network.sd[network.adjustable] ** 2
        systems.append(bmat([[a_m @ diags(variance) @ a_m.T, -a_u], [-a_u.T, None]], format="csc"))
    samples = timed(lambda: [rec.reconcile(nodes, streams) for nodes, streams in inputs], runs + 1)[1:]
    floor = timed(lambda: [splu(system) for system in systems], runs + 1)[1:]
    count = sum(len(streams) for _nodes, streams in inputs)
    units = max(len([n for n in nodes if n.kind == "unit_operation"]) for nodes, _streams in inputs)
    return Row(
        f"reconcile the focus ({count:,} streams, {units} units)",
        samples,
        floor,
        "one sparse LU of each system",
        Target(limit=0.050),
    )
