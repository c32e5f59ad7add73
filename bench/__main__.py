"""python -m bench [--scale 1] [--runs 5] [--only NAME,...] [--markdown]: run the benchmarks, print the table.

Each figure is the median of RUNS runs (with min and max) beside a floor measured in the same run: what no
implementation can beat (a bare window, one sparse LU, ReportLab laying out plain tables, openpyxl writing
the same cells ...). NAMES: startup, open, recompute, full, reconcile, pdf, excel, table, memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path

from bench import b_docs, b_engine, b_ui
from bench.generator import cached_audit, counts
from bench.harness import Row, Skipped, machine, notes, table

NAMES = ("startup", "open", "recompute", "full", "reconcile", "pdf", "excel", "table", "memory")
TITLES = {
    "pdf": "acceptance-edition PDF",
    "excel": "Excel export and import",
    "table": "edit in a 100,000-row table",
}
TABLE_LINES = 13  # production lines that give the 100,000-row value table at scale 1


def run(
    scale: float = 1.0, runs: int = 5, only: tuple[str, ...] = NAMES, seed: int = 1, log=print
) -> tuple[list[Row | Skipped], dict[str, int]]:
    """Every benchmark in `only`; a benchmark that fails is listed as not run, with its error."""
    log(f"preparing the audit (scale {scale:g}; generated once, then cached) …")
    audit = cached_audit(scale, seed)
    sizes = counts(audit)
    rows: list[Row | Skipped] = []
    with tempfile.TemporaryDirectory(prefix="cp-audit-bench-") as folder:
        work = Path(folder)
        steps = {
            "startup": lambda: [b_ui.startup(work, runs)],
            "open": lambda: [b_ui.open_register(audit, work, runs)],
            "recompute": lambda: b_engine.recompute(audit, work, runs),
            "full": lambda: [b_engine.full_compute(audit, runs)],
            "reconcile": lambda: [b_engine.reconciliation(audit, runs)],
            "pdf": lambda: [b_docs.pdf(audit, work, runs)],
            "excel": lambda: b_docs.excel(audit, work, runs),
            "table": lambda: b_ui.table_edit(_table_audit(scale, seed, log), work, runs),
            "memory": lambda: [b_ui.memory(audit, work, runs)],
        }
        for name in only:
            log(f"running {name} …")
            started = time.perf_counter()
            try:
                rows += steps[name]()
            except Exception as error:  # noqa: BLE001 - shown in the table, never as a number
                traceback.print_exc(file=sys.stderr)
                rows.append(
                    Skipped(
                        TITLES.get(name, name),
                        f"error: {type(error).__name__}: {str(error).splitlines()[0][:160]}",
                    )
                )
            log(f"  {name} took {time.perf_counter() - started:.0f} s")
    return rows, sizes


def _table_audit(scale: float, seed: int, log) -> Path:
    log("preparing the audit with the 100,000-row table (generated once, then cached) …")
    return cached_audit(
        scale,
        seed,
        lines=max(1, round(TABLE_LINES * min(scale, 1.0))),
        photos=0,
        options=max(12, round(50 * scale)),
    )


def heading(sizes: dict[str, int], scale: float) -> str:
    info = machine()
    audit = (
        f"{sum(sizes.values()):,} rows: {sizes.get('period', 0)} periods, {sizes.get('inventory_value', 0):,} "
        f"values, {sizes.get('node', 0)} nodes, {sizes.get('stream', 0):,} streams, "
        f"{sizes.get('option', 0):,} options, {sizes.get('attachment', 0)} photos"
    )
    return (
        f"CP Audit Workbench benchmarks, {date.today().isoformat()}\n"
        f"machine: {info['cpu']}, {info['cores']} cores, {info['system']}; Python {info['python']}, "
        f"PySide6 {info['pyside6']}, SQLite {info['sqlite']}\n"
        f"audit: scale {scale:g} ({audit})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", default=",".join(NAMES), help="comma-separated: " + ", ".join(NAMES))
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for the README)"
    )
    args = parser.parse_args(argv)
    only = tuple(n.strip() for n in args.only.split(",") if n.strip())
    unknown = set(only) - set(NAMES)
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}; choose from {', '.join(NAMES)}")
    rows, sizes = run(args.scale, args.runs, only, args.seed, log=lambda text: print(text, file=sys.stderr))
    print(heading(sizes, args.scale))
    print(f"median of {args.runs} runs each; ratio = median / floor median\n")
    print(table(rows, markdown=args.markdown))
    explained = notes(rows)
    if explained:
        print("\n" + "\n".join(explained))
    return 0


if __name__ == "__main__":
    sys.exit(main())
