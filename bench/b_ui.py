"""The workbench, each measurement in fresh processes (bench.child): cold start, opening the large audit at
its option register, an edit in a 100,000-row table reaching the screen, and peak memory."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.harness import Row, Target, run_child


def _copy(audit_path: Path, home: Path) -> str:
    """A fresh copy for one child: it opens the file for writing and exits without closing it."""
    target = home / "child.cpaudit"
    for leftover in home.glob("child.cpaudit*"):
        leftover.unlink()
    shutil.copyfile(audit_path, target)
    return str(target)


def startup(home: Path, runs: int) -> Row:
    """Cold start to the first painted window, alternating with a bare PySide6 window (the floor)."""
    samples, floor, heavy = [], [], set()
    for _ in range(runs + 1):  # the first pair only warms the page cache
        workbench = run_child(["startup", "workbench"], home)
        bare = run_child(["startup", "bare"], home)
        samples.append(workbench["seconds"])
        floor.append(bare["seconds"])
        heavy = set(workbench["heavy"])
    eager = sorted(heavy & {"reportlab", "openpyxl", "numpy", "scipy", "pint"})
    return Row(
        "cold start to the first painted window",
        samples[1:],
        floor[1:],
        "bare QMainWindow",
        Target(ratio=1.5),
        note="heavy modules at first paint: "
        + (", ".join(eager) or "none of reportlab, openpyxl, numpy, scipy, pint"),
    )


def open_register(audit_path: Path, home: Path, runs: int) -> Row:
    samples, floor, rows = [], [], 0
    for _ in range(runs):
        done = run_child(["open", "workbench", _copy(audit_path, home)], home)
        samples.append(done["seconds"])
        rows = done["rows"]
        floor.append(run_child(["open", "floor", _copy(audit_path, home)], home)["seconds"])
    return Row(
        f"open the large audit at the option register ({rows:,} options)",
        samples,
        floor,
        "open file, read options, plain view",
        Target(),
        note="no target: the issue sets none (the 1 s once set here is less than the floor takes); "
        "the window is already up",
    )


def table_edit(table_audit: Path, home: Path, runs: int) -> list[Row]:
    """`runs` fresh processes of each kind, each opening the table once and editing it 3 times (the first
    edit warms caches and is not counted)."""
    done = [run_child(["table", "workbench", _copy(table_audit, home), "3"], home) for _ in range(runs)]
    floor = [run_child(["table", "floor", _copy(table_audit, home), "3"], home) for _ in range(runs)]
    rows = done[0]["rows"]
    return [
        Row(
            f"open a {rows:,}-row table, until painted",
            [d["opened"] for d in done],
            [f["opened"] for f in floor],
            "read every row into a list, plain view",
            Target(),
            note="the page's model reads the ids, then the records of the rows shown (ui.lazy_rows)",
        ),
        Row(
            f"edit in a {rows:,}-row table, until repainted",
            [s for d in done for s in d["samples"][1:]],
            [s for f in floor for s in f["samples"][1:]],
            "minimal QAbstractTableModel over a list",
            Target(limit=0.016),
            note="setData → undo command → services.update_row → dataChanged → repaint of the visible rows; "
            "timed once the one-off completeness check after opening has finished",
        ),
    ]


def memory(audit_path: Path, home: Path, runs: int) -> Row:
    samples = [run_child(["memory", "workbench", _copy(audit_path, home)], home)["mb"] for _ in range(runs)]
    floor = [run_child(["memory", "bare", str(audit_path)], home)["mb"] for _ in range(runs)]
    return Row(
        "peak memory, large audit open",
        samples,
        floor,
        "bare QApplication + window",
        Target(limit=400),
        unit="MB",
        note="VmHWM after opening, the register shown, the completeness check done, 3 pages",
    )
