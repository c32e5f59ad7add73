"""What every benchmark shares: timing, a measured floor beside each figure, child processes for the Qt
and cold-start measurements, the machine's description and the printed table."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def collector_paused() -> Iterator[None]:
    """A floor runs with Python's cycle collector off, as our report and Excel jobs do (cp_audit.gc_pause):
    with it on, the floor's time swung by 40 % with whatever else the benchmark process held (the loaded
    audit), and a floor that any implementation can beat by pausing the collector is no floor."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Target:
    """A ratio to the floor (`ratio`), or an absolute limit (`limit`, in the row's unit)."""

    ratio: float | None = None
    limit: float | None = None

    def met(self, value: float, floor: float | None) -> bool | None:
        if self.limit is not None:
            return value <= self.limit
        if self.ratio is not None and floor:
            return value / floor <= self.ratio
        return None

    def text(self, unit: str) -> str:
        if self.limit is not None:
            return f"≤ {_format(self.limit, unit)}"
        return f"≤ {self.ratio:g}× floor" if self.ratio is not None else "—"


@dataclass
class Row:
    """One line of the table: the samples of a measurement and of its floor (same unit)."""

    name: str
    samples: list[float]
    floor: list[float] = field(default_factory=list)
    floor_name: str = ""
    target: Target = field(default_factory=Target)
    unit: str = "s"  # "s" or "MB"
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        floor = self.floor_median
        return self.median / floor if floor else None

    def verdict(self) -> str:
        met = self.target.met(self.median, self.floor_median)
        return "—" if met is None else ("met" if met else "MISSED")


@dataclass
class Skipped:
    """A benchmark that could not run here, and why (never a made-up number)."""

    name: str
    reason: str


def timed(action: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> list[float]:
    """Seconds of `action` over `runs` runs (after `setup`, which is not timed)."""
    samples = []
    for _ in range(runs):
        if setup is not None:
            setup()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def child_env(home: Path) -> dict[str, str]:
    """A child's environment: Qt offscreen, settings, logs and backups in `home`, this checkout importable."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        CP_AUDIT_HOME=str(home / "cp-audit-home"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    env.pop("PYTHONSTARTUP", None)
    # Python caches compiled modules unless told not to (as this sandbox's shell does): a user's second
    # start, and every start after the benchmark's discarded first one, imports bytecode, not source
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(args: list[str], home: Path, timeout: float = 900) -> dict:
    """Run `python -m bench.child ARGS` and return the JSON it prints last; BENCH_SPAWN is the wall clock
    just before the process is created (cold-start measurements count from it)."""
    env = child_env(home)
    env["BENCH_SPAWN"] = repr(time.time())
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"bench.child {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def machine() -> dict[str, str]:
    import sqlite3

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        qt = version("PySide6-Essentials")
    except Exception:  # noqa: BLE001 - only for the heading
        qt = "?"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "pyside6": qt,
        "sqlite": sqlite3.sqlite_version,
    }


def _format(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:,.0f} MB"
    if value < 0.001:
        return f"{value * 1000:.2f} ms"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def table(rows: list[Row | Skipped], markdown: bool = False) -> str:
    head = ["benchmark", "median", "min", "max", "floor (median)", "ratio", "target", "result"]
    lines = []
    for row in rows:
        if isinstance(row, Skipped):
            lines.append([row.name, "—", "—", "—", "—", "—", "—", "not run (below)"])
            continue
        floor = row.floor_median
        lines.append(
            [
                row.name,
                _format(row.median, row.unit),
                _format(min(row.samples), row.unit),
                _format(max(row.samples), row.unit),
                f"{_format(floor, row.unit)} ({row.floor_name})" if floor is not None else "—",
                f"{row.ratio:.2f}×" if row.ratio is not None else "—",
                row.target.text(row.unit),
                row.verdict(),
            ]
        )
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(str(c)) for c in column) for column in zip(head, *lines)]
    rule = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)), rule]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(cells, widths)) for cells in lines]
    return "\n".join(out)


def notes(rows: list[Row | Skipped]) -> list[str]:
    return [
        f"- {row.name}: {row.note if isinstance(row, Row) else 'not run: ' + row.reason}"
        for row in rows
        if isinstance(row, Skipped) or row.note
    ]
