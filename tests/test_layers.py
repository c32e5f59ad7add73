"""The one layering rule: cp_audit never imports Qt (it is used headless and tested without a window)."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import cp_audit

ROOT = Path(__file__).resolve().parents[1]


def all_cp_audit_modules() -> list[str]:
    # __main__ modules run the program when imported; everything else is imported
    return [m.name for m in pkgutil.walk_packages(cp_audit.__path__, "cp_audit.") if not m.name.endswith("__main__")]


def test_cp_audit_imports_no_qt():
    modules = all_cp_audit_modules()
    assert len(modules) > 5, "the walk found too few modules to prove anything"
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'ui'))\n"
        "print('\\n'.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"cp_audit loaded Qt or ui modules:\n{result.stdout}{result.stderr}"


def test_ui_never_holds_a_database_session():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "ui").rglob("*.py")
        if "from sqlmodel import Session" in p.read_text(encoding="utf-8")
        or "sqlalchemy.orm import Session" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
