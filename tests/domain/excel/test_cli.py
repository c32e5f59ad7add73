"""The Excel commands of `cp-audit`, run through cli.main as a user would."""

import hashlib
import shutil

import openpyxl

from cp_audit import cli
from tests.domain.excel.test_template import _fill, _ten_errors


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_export_xlsx_writes_the_worksheets(sample_file, tmp_path, capsys, english):
    out = tmp_path / "worksheets.xlsx"
    assert cli.main(["export-xlsx", str(sample_file), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert "5-3 经济评估指标汇总表" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_template_then_import_round_trip(sample_file, tmp_path, capsys):
    audit = shutil.copy(sample_file, tmp_path / "audit.cpaudit")
    template = tmp_path / "template.xlsx"
    assert cli.main(["template-xlsx", "-o", str(template), "--audit", str(audit)]) == 0
    _fill(template)
    assert cli.main(["import-xlsx", str(audit), str(template)]) == 0
    out = capsys.readouterr().out
    assert "方案登记表：新增 1 行，更新 1 行" in out and "新增统计期：2026年" in out
    blank = tmp_path / "blank.xlsx"
    assert cli.main(["template-xlsx", "-o", str(blank)]) == 0
    assert openpyxl.load_workbook(blank, read_only=True).sheetnames[2] == "多年数据"


def test_import_with_ten_errors_lists_them_and_leaves_the_file_byte_for_byte(sample_file, tmp_path, capsys):
    audit = shutil.copy(sample_file, tmp_path / "audit.cpaudit")
    template = tmp_path / "template.xlsx"
    assert cli.main(["template-xlsx", "-o", str(template), "--audit", str(audit)]) == 0
    _ten_errors(template)
    before = digest(audit)
    assert cli.main(["import-xlsx", str(audit), str(template)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("cp-audit: template.xlsx 中有 10 处错误")
    assert len(err) == 11 and all("第" in line and "列" in line for line in err[1:])
    assert digest(audit) == before


def test_bad_input_prints_one_line_and_fails(sample_file, tmp_path, capsys):
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("just text", encoding="utf-8")
    audit = shutil.copy(sample_file, tmp_path / "audit.cpaudit")
    before = digest(audit)
    cases = [
        ["import-xlsx", str(audit), str(not_a_workbook)],
        ["import-xlsx", str(audit), str(tmp_path / "missing.xlsx")],
        ["export-xlsx", str(tmp_path / "missing.cpaudit"), "-o", str(tmp_path / "x.xlsx")],
        ["export-xlsx", str(audit), "-o", str(tmp_path / "no_such_folder" / "x.xlsx")],
        ["template-xlsx", "-o", str(tmp_path / "no_such_folder" / "t.xlsx")],
    ]
    for argv in cases:
        assert cli.main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith("cp-audit: ") and len(err.strip().splitlines()) == 1, (argv, err)
    assert digest(audit) == before
