"""Workbooks from outside: zip bombs, huge or lying sheets, XML entities, old .xls files, macros and
external links. Each is refused with a message that says what to do, or ignored and noted."""

import shutil
import zipfile

import openpyxl
import pytest

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.excel import guard
from cp_audit.excel.guard import WorkbookRefused, inspect_workbook
from cp_audit.excel.template import write_template
from cp_audit.excel.template_import import import_template
from cp_audit.excel.template_read import TemplateImportError
from cp_audit.models import Option


def rewrite(path, change) -> None:
    """Rewrite the members of a zip: change(contents) edits the dict name -> bytes in place."""
    with zipfile.ZipFile(path) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    change(contents)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in contents.items():
            target.writestr(name, content)


def sheet_member(path, title: str) -> str:
    return (
        f"xl/worksheets/sheet{openpyxl.load_workbook(path, read_only=True).sheetnames.index(title) + 1}.xml"
    )


@pytest.fixture
def template(tmp_path):
    return write_template(tmp_path / "template.xlsx")


@pytest.fixture
def audit(sample_file, tmp_path):
    with open_audit(shutil.copy(sample_file, tmp_path / "audit.cpaudit")) as opened:
        yield opened


def test_a_zip_bomb_is_refused_before_it_is_unpacked(template):
    rewrite(template, lambda c: c.update({"xl/worksheets/sheet9.xml": b" " * (20 * 1024 * 1024)}))
    with pytest.raises(WorkbookRefused, match="压缩炸弹"):
        inspect_workbook(template)


def test_more_than_the_uncompressed_limit_is_refused(template, monkeypatch):
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(WorkbookRefused, match="解压后"):
        inspect_workbook(template)


def test_a_file_over_the_size_limit_is_refused(template, monkeypatch):
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", 1000)
    with pytest.raises(WorkbookRefused, match="超过导入上限"):
        inspect_workbook(template)


def test_xml_entity_declarations_are_refused(template):
    def add_entity(contents):
        name = "xl/workbook.xml"
        contents[name] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + contents[name]

    rewrite(template, add_entity)
    with pytest.raises(WorkbookRefused, match="DOCTYPE"):
        inspect_workbook(template)


def test_old_xls_files_text_files_and_missing_files_are_refused_with_advice(tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(WorkbookRefused, match="另存为 .xlsx"):
        inspect_workbook(xls)
    text = tmp_path / "data.csv"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(WorkbookRefused, match="不是 Excel 工作簿"):
        inspect_workbook(text)
    with pytest.raises(WorkbookRefused, match="不存在"):
        inspect_workbook(tmp_path / "missing.xlsx")


def test_a_sheet_declaring_a_million_rows_is_refused(template, audit):
    member = sheet_member(template, "方案登记表")

    def declare(contents):
        xml = contents[member].decode()
        start = xml.index("<dimension ref=")
        end = xml.index("/>", start)
        contents[member] = (xml[:start] + '<dimension ref="A1:N1048576" ' + xml[end:]).encode()

    rewrite(template, declare)
    with pytest.raises(WorkbookRefused, match="1,048,576 行"):
        import_template(audit, template)


def test_rows_beyond_the_limit_are_counted_even_when_the_stated_size_lies(tmp_path, audit, monkeypatch):
    template = write_template(tmp_path / "template.xlsx", audit)  # 方案登记表 has 20 rows from row 5
    member = sheet_member(template, "方案登记表")

    def understate(contents):
        xml = contents[member].decode()
        start = xml.index("<dimension ref=")
        contents[member] = (xml[:start] + '<dimension ref="A1:A1" ' + xml[xml.index("/>", start) :]).encode()

    rewrite(template, understate)
    monkeypatch.setattr(guard, "MAX_ROWS", 30)
    with pytest.raises(WorkbookRefused, match="超过导入上限 30 行"):
        import_template(audit, template)
    monkeypatch.setattr(guard, "MAX_ROWS", 200_000)
    book = openpyxl.load_workbook(template)
    book["方案登记表"]["B24"] = "读到了最后一行"  # F20's title: data past the stated size is read, not cut
    book.save(template)
    rewrite(template, understate)
    import_template(audit, template)
    assert next(o for o in services.rows(audit, Option) if o.code == "F20").title_zh == "读到了最后一行"


def test_macros_and_external_links_are_ignored_and_noted(tmp_path, audit):
    template = write_template(tmp_path / "template.xlsm", audit)
    book = openpyxl.load_workbook(template)
    book["方案登记表"]["F5"] = 6500
    book.save(template)

    def add_parts(contents):
        contents["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 pretend macro"
        contents["xl/externalLinks/externalLink1.xml"] = b'<externalLink xmlns="x"/>'

    rewrite(template, add_parts)
    summary = import_template(audit, template)
    assert summary.updated == {"方案登记表": 1}
    assert any("宏" in note for note in summary.notes) and any("外部链接" in note for note in summary.notes)
    assert "宏" in str(summary)


def test_a_workbook_that_is_no_template_is_refused(tmp_path, audit):
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    book.save(path)
    with pytest.raises(WorkbookRefused, match="不是本程序的批量录入模板"):
        import_template(audit, path)


def test_a_template_whose_code_row_was_removed_says_so(template, audit):
    book = openpyxl.load_workbook(template)
    book["方案登记表"].delete_rows(4)
    book.save(template)
    with pytest.raises(TemplateImportError) as caught:
        import_template(audit, template)
    [problem] = caught.value.problems
    assert problem.sheet == "方案登记表" and "列代码" in problem.reason
