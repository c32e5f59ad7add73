"""Measurements that need a process of their own (cold start, Qt, peak memory). The parent runs
`python -m bench.child MODE ...` and reads the one JSON line it prints.

    startup workbench|bare          one cold start to the first painted main window
    open workbench|floor AUDIT      open an audit and paint the option register (step 4.1)
    table workbench|floor AUDIT N   N edits of visible cells of a 100,000-row table, each until painted
    memory workbench|bare AUDIT     peak RSS with the audit open and its register shown
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time

HEAVY = ("reportlab", "openpyxl", "numpy", "scipy", "pint", "jsonschema", "PIL", "sqlalchemy", "sqlmodel")


def _report(**values) -> None:
    print(json.dumps(values), flush=True)


def _peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- cold start ---------------------------------------------------------------------------------------


def startup(kind: str) -> None:
    """Seconds from the parent's spawn to the first paint of a QMainWindow, then exit at once.

    The paint is watched by a filter on the main window only, installed just before it is shown, in the
    same way for both kinds. A filter on the whole application converted every event of every object to
    Python, and made PySide create the Python types of the Qt-internal classes it met (a central widget
    brings an animation timer): 20 ms more for a QMainWindow with an empty central widget, which neither
    a real start nor the bare window pays."""
    spawn = float(os.environ["BENCH_SPAWN"])
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    paint = QEvent.Type.Paint

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == paint:
                _report(
                    seconds=time.time() - spawn,
                    heavy=[m for m in HEAVY if m in sys.modules],
                    modules=len(sys.modules),
                )
                os._exit(0)
            return False

    watcher = FirstPaint()
    show = QMainWindow.show

    def watched_show(window):
        window.installEventFilter(watcher)
        show(window)

    QMainWindow.show = watched_show  # the launcher's own path, with the main window's paint watched
    if kind == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.show()
        app.exec()
        return
    from ui.launcher import main

    main([])


# ---- helpers for the Qt measurements --------------------------------------------------------------------


def _paint_waiter(widget):
    """A function that processes events until `widget` has been painted again (returns the seconds)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class Painted(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = Painted()
    widget.installEventFilter(painted)

    def wait(since: int, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while painted.count <= since and time.perf_counter() < deadline:
            QApplication.processEvents()
        if painted.count <= since:
            raise RuntimeError("the widget was never painted")

    return painted, wait


def _workbench():
    from ui.app import build_workbench

    window = build_workbench()
    window.resize(1366, 768)
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    return window


# ---- opening an audit -------------------------------------------------------------------------------------


def open_audit(kind: str, path: str) -> None:
    """Open the audit and paint the option register (the window already up, not timed)."""
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    if kind == "floor":
        from PySide6.QtWidgets import QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1366, 768)
        window.show()
        for _ in range(5):
            app.processEvents()
        started = time.perf_counter()
        _floor_register(window, Path(path))
        _report(seconds=time.perf_counter() - started)
        return
    from PySide6.QtWidgets import QTableView

    window = _workbench()
    started = time.perf_counter()
    window.open_path(Path(path))
    page = window.workspace.show_step("4.1")
    view = page.findChildren(QTableView)[0]
    _painted, wait = _paint_waiter(view.viewport())
    wait(0)
    seconds = time.perf_counter() - started
    _report(seconds=seconds, rows=view.model().total_rows())


def _floor_register(window, path) -> None:
    """The least that shows the register: open the file, read the options, a plain view of them, painted."""
    from PySide6.QtCore import QAbstractTableModel, Qt
    from PySide6.QtWidgets import QTableView

    from cp_audit import services
    from cp_audit.database import open_audit as open_file
    from cp_audit.models import Option

    audit = open_file(path)
    fields = ("code", "title_zh", "aspect", "investment", "expected_savings", "screening", "status")
    rows = [[getattr(o, f) for f in fields] for o in services.rows(audit, Option)]

    class Plain(QAbstractTableModel):
        def rowCount(self, parent=None):
            return len(rows)

        def columnCount(self, parent=None):
            return len(fields)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return str(rows[index.row()][index.column()]) if role == Qt.ItemDataRole.DisplayRole else None

    view = QTableView()
    view.setModel(Plain(view))
    window.setCentralWidget(view)
    _painted, wait = _paint_waiter(view.viewport())
    wait(0)
    audit.close()


# ---- an edit in a big table --------------------------------------------------------------------------------


def table_edit(kind: str, path: str, runs: int) -> None:
    """setData on a visible cell, then events until the view has repainted; `runs` edits, each timed."""
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    if kind == "floor":
        app = QApplication.instance() or QApplication(sys.argv[:1])
    else:  # the workbench's own application object, with its settings
        from ui.app import application

        app = application()
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    context = _open_context(Path(path)) if kind != "floor" else None
    for module in ("ui.pages.generic", "ui.table_editor"):  # imported before the clock, as in the workbench
        importlib.import_module(module)

    for _ in range(5):
        app.processEvents()
    started = time.perf_counter()  # opening: the table read, shown and painted
    if kind == "floor":
        model = _plain_model(Path(path))
        view = QTableView()
        view.setModel(model)
        window.setCentralWidget(view)
    else:
        model, editor = _row_model(context)
        window.setCentralWidget(editor)
        view = editor.findChild(QTableView)
    painted, wait = _paint_waiter(view.viewport())
    wait(0)
    opened = time.perf_counter() - started
    for _ in range(10):
        app.processEvents()
    if context is not None:  # the one-off check after opening reads the whole audit; typing starts after it
        _wait_for_check(context)
    column = model.columnCount() - 3 if kind != "floor" else 2  # the value column
    samples = []
    for run in range(runs):
        index = model.index(3 + run % 10, column)
        text = f"{1000.5 + run:.1f}"
        before = painted.count
        started = time.perf_counter()
        if not model.setData(index, text, Qt.ItemDataRole.EditRole):
            raise RuntimeError("the edit was refused")
        wait(before)
        samples.append(time.perf_counter() - started)
        if str(model.data(index)).replace(",", "") not in (text, text.rstrip("0").rstrip(".")):
            raise RuntimeError(f"the cell shows {model.data(index)!r}, not {text}")
    _report(samples=samples, opened=opened, rows=model.rowCount() if kind == "floor" else model.total_rows())


def _wait_for_check(context, timeout: float = 120.0) -> None:
    """Process events until the background completeness check of the open audit has finished."""
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        QApplication.processEvents()
        if context._states is not None and not context._states_running:
            return
        time.sleep(0.01)


def _open_context(path):
    """The audit open in an AppContext, as the workbench has it before a page shows a table (not timed)."""
    from cp_audit.database import open_audit as open_file
    from ui.app import application
    from ui.context import AppContext
    from ui.settings import Settings

    application()
    context = AppContext(Settings())
    context.open(open_file(path))
    return context


def _row_model(context):
    from cp_audit.models import InventoryValue
    from ui.pages.generic import model_class
    from ui.table_editor import TableEditor

    model = model_class(InventoryValue, ("item_id", "period_id", "value", "unit", "note"))(context)
    return model, TableEditor(model, visible_rows=30)


def _plain_model(path):
    """A minimal QAbstractTableModel over a Python list of the same rows: what any table must cost."""
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, Qt

    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    rows = [
        list(r) for r in conn.execute("SELECT item_id, period_id, value, unit, note FROM inventory_value")
    ]
    conn.close()

    class Plain(QAbstractTableModel):
        def rowCount(self, parent=None):
            return len(rows)

        def columnCount(self, parent=None):
            return 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                value = rows[index.row()][index.column()]
                return "" if value is None else str(value)
            return None

        def flags(self, index):
            return super().flags(index) | Qt.ItemFlag.ItemIsEditable

        def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
            rows[index.row()][index.column()] = float(value)
            self.dataChanged.emit(index, index)
            return True

    return Plain()


# ---- peak memory ----------------------------------------------------------------------------------------------


def memory(kind: str, path: str) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    if kind == "bare":
        from PySide6.QtWidgets import QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.show()
        for _ in range(20):
            app.processEvents()
        _report(mb=_peak_rss_mb())
        return
    window = _workbench()
    window.open_path(Path(path))
    window.workspace.show_step("4.1")
    _wait_for_check(window.context)
    for step in ("2.3", "3.2", "4.1"):
        window.workspace.show_step(step)
        QApplication.processEvents()
    _report(mb=_peak_rss_mb())


def main(argv: list[str]) -> None:
    mode, *rest = argv
    if mode == "startup":
        startup(rest[0])
    elif mode == "open":
        open_audit(rest[0], rest[1])
    elif mode == "table":
        table_edit(rest[0], rest[1], int(rest[2]))
    elif mode == "memory":
        memory(rest[0], rest[1])
    else:
        raise SystemExit(f"unknown mode {mode}")
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: it is not part of any measurement


if __name__ == "__main__":
    main(sys.argv[1:])
