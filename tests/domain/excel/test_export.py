"""Exporting the worksheets: progress, cancelling, an empty audit, and openpyxl loaded only when used."""

import gc
import subprocess
import sys

import openpyxl
import pytest

from cp_audit.database import create_audit, open_audit
from cp_audit.excel.worksheets import BUILDERS, ExportCancelled, export_worksheets


def test_progress_is_reported_and_cancel_leaves_no_file(sample_file, tmp_path):
    from cp_audit.database import open_audit

    seen = []
    with open_audit(sample_file, read_only=True) as audit:
        export_worksheets(
            audit, None, tmp_path / "a.xlsx", progress=lambda done, total: seen.append((done, total))
        )
        assert seen[-1] == (len(BUILDERS) + 1, len(BUILDERS) + 1)
        assert [done for done, _total in seen] == list(range(1, len(BUILDERS) + 2))
        with pytest.raises(ExportCancelled):
            export_worksheets(audit, None, tmp_path / "b.xlsx", cancel=lambda: len(seen) > 3)
    assert not (tmp_path / "b.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.xlsx"]  # no temporary file left behind


def test_an_empty_audit_exports_every_sheet(tmp_path):
    audit = create_audit(tmp_path / "empty.cpaudit")
    try:
        export_worksheets(audit, None, tmp_path / "empty.xlsx")
    finally:
        audit.close()
    workbook = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert "1-1 审核小组成员表" in workbook.sheetnames
    assert "清洁生产审核绩效表" in workbook.sheetnames


def test_the_command_line_starts_without_openpyxl():
    code = "import sys, cp_audit.cli; print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("language", ["zh_HK", "en"])
def test_the_worksheets_in_another_language(sample_file, tmp_path, language):
    from cp_audit.database import open_audit

    with open_audit(sample_file, read_only=True) as audit:
        export_worksheets(audit, None, tmp_path / "w.xlsx", language=language)
    workbook = openpyxl.load_workbook(tmp_path / "w.xlsx", read_only=True)
    assert len(workbook.sheetnames) == 27 and all(len(name) <= 31 for name in workbook.sheetnames)


def test_a_saved_workbook_gets_the_permissions_of_any_new_file(tmp_path):
    from cp_audit.excel.template import write_template

    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    saved = write_template(tmp_path / "t.xlsx")
    assert saved.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_the_cycle_collector_is_paused_during_an_export_and_runs_again_after(sample_file, tmp_path):
    seen = []
    with open_audit(sample_file, read_only=True) as audit:
        export_worksheets(audit, None, tmp_path / "a.xlsx", progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and not any(seen[:-1])  # the last report comes after the file is saved
    assert gc.isenabled()
