"""Cold start: the workbench's start path shows its first window without importing the heavy libraries
(reportlab, openpyxl, numpy, scipy, pint, nor the data model's sqlalchemy); they load when a report, a workbook or a calculation first needs
them. Checked in a fresh interpreter, the way `cp-audit` starts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "numpy", "scipy", "pint")
# the data model (0.7 s of imports) is needed once an audit is opened, not for the start page
DATABASE = ("sqlalchemy", "sqlmodel")
# not heavy, but imported only when first used so that the first window shows sooner
LATER = ("logging.handlers", "ui.export_dialog", "ui.problems_dialog")

# ui.launcher.main([]) exactly as `cp-audit` runs it; at the first paint of the main window the interpreter
# prints which heavy modules it holds and exits (the event loop would otherwise run until the window closes)
CODE = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print("painted; heavy:", sorted(m for m in {HEAVY + DATABASE!r} if m in sys.modules), flush=True)
            print("later:", sorted(m for m in {LATER!r} if m in sys.modules), flush=True)
            print("Qt namespace created:", "Qt" in vars(sys.modules["PySide6.QtCore"]), flush=True)
            widgets = vars(sys.modules["PySide6.QtWidgets"])
            print("dialog types:", [n for n in ("QMessageBox", "QFileDialog") if n in widgets], flush=True)
            os._exit(0)
        return False

# the main window's paints watched (a filter on the whole application would itself make PySide create the
# types of the Qt classes it meets)
watcher, show = FirstPaint(), QMainWindow.show

def watched_show(window):
    window.installEventFilter(watcher)
    show(window)

QMainWindow.show = watched_show
from ui.launcher import main
main([])
"""


def run_fresh(code: str, tmp_path) -> str:
    """What `code` prints in a fresh interpreter (offscreen Qt, settings and logs under `tmp_path`)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CP_AUDIT_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_first_window_paints_without_heavy_modules(tmp_path):
    printed = run_fresh(CODE, tmp_path)
    assert "painted; heavy: []" in printed
    assert "later: []" in printed
    # PySide creates a class's Python types when it is first touched; for the `Qt` namespace that is 90
    # enum types, 20 ms: nothing on the way to the first window may use it (ui.start_page says how)
    assert "Qt namespace created: False" in printed
    assert "dialog types: []" in printed  # ui.dialogs names them when a dialog is shown


def test_finding_the_step_pages_imports_no_heavy_module(tmp_path):
    """The first step shown imports every page module (to find which page shows which step); the IRR's
    scipy import at the top of calc.economics made that cost 1.4 s of opening a big audit."""
    code = (
        "import sys, ui.pages\n"
        "assert len(ui.pages.pages()) >= 35\n"
        f"print('heavy:', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    assert "heavy: []" in run_fresh(code, tmp_path)
