"""The rows of a worksheet written as text (cp_audit.excel.sheet_xml) are the XML openpyxl writes for the
same cells: the same sheet laid out once is written both ways and the files compared byte for byte."""

import os
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.worksheet import _writer as openpyxl_writer

from cp_audit.excel import layout, sheet_xml
from cp_audit.excel.cells import Formula, Styled
from cp_audit.excel.layout import BORDER_ROWS, Column, SheetBuilder
from cp_audit.excel.styles import HEADER, NOTE, register_styles, style_name

TEXTS = [
    "镀镍漂洗水", " leading space", "trailing space ", "\u00a0no-break", "a & <b> > c", "", "two\nlines",
    "=SUM(A1:A2)", "+86 769", "-5%", "@A1", "\ttab first", "a\x01b", "💧🏭 ✅", "\ud800lone", "#N/A", "x" * 40_000,
]  # fmt: skip
NUMBERS = [0, 1, -2.5, 1 / 3, 1e-9, 12345678901234567, 1.5e300, float("nan"), float("inf")]


def _sheet(rows: int) -> SheetBuilder:
    sheet = SheetBuilder("表", "标题 & <测试>", enterprise="某 & 公司", on=date(2026, 12, 28), translate=str)
    columns = [Column("文字"), Column("编号", "code"), Column("数量", "qty", "t"), Column("日期", "date")]
    sheet.table(columns, group_headers=[("组", 2), ("另一组", 2)])
    first = sheet.next_row
    for n in range(rows):
        sheet.add(
            [
                TEXTS[n % len(TEXTS)],
                None if n % 7 == 0 else f"C{n}",
                NUMBERS[n % len(NUMBERS)] if n % 5 else "—",
                date(2026, 1, 1 + n % 28) if n % 3 else datetime(2026, 5, 12, 8, 30),
            ]
        )
    sheet.total(["合计", Styled(None, HEADER), Formula(f"=SUM(C{first}:C{sheet.next_row - 1})"), True])
    sheet.section("小节 & 说明")
    sheet.add([Styled(date(2026, 3, 4), style_name("text")), Styled("=1+1", NOTE), Formula("="), 7])
    sheet.blank()
    sheet.note("注：<说明>")
    return sheet


def _written(tmp_path, sheet: SheetBuilder, name: str) -> dict[str, bytes]:
    workbook = Workbook(write_only=True)
    register_styles(workbook)
    sheet.write(workbook, "表")
    workbook.save(tmp_path / name)
    with zipfile.ZipFile(tmp_path / name) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}  # core: the time


@pytest.mark.parametrize("rows", [40, BORDER_ROWS + 1], ids=["bordered", "large"])
def test_rows_written_as_text_equal_openpyxl_cells(tmp_path, monkeypatch, rows):
    assert sheet_xml.available()  # otherwise the export runs openpyxl's own cell writer
    as_text = _written(tmp_path, _sheet(rows), "text.xlsx")
    monkeypatch.setattr(sheet_xml, "available", lambda: False)
    as_cells = _written(tmp_path, _sheet(rows), "cells.xlsx")
    assert as_text.keys() == as_cells.keys()
    for name in as_text:
        assert as_text[name] == as_cells[name], name


@pytest.mark.parametrize("fast", [True, False], ids=["text", "cells"])
def test_text_that_reads_like_an_error_value_stays_text(tmp_path, monkeypatch, fast):
    monkeypatch.setattr(sheet_xml, "available", lambda: fast)
    sheet = SheetBuilder("表", "标题", enterprise="", on=date(2026, 12, 28), translate=str)
    sheet.table([Column("文字")])
    for _n in range(BORDER_ROWS + 1):  # a large sheet, where plain text needs no cell object
        sheet.add(["#N/A"])
    workbook = Workbook(write_only=True)
    register_styles(workbook)
    sheet.write(workbook, "表")
    workbook.save(tmp_path / "e.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "e.xlsx")["表"]["A5"]
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_a_sheet_that_fails_half_way_leaves_no_temporary_file(tmp_path, monkeypatch):
    from cp_audit.excel.worksheets import _discard

    class Broken(Exception):
        pass

    def fail(self, value, column):
        if value == ("boom", "text"):  # a body value and its kind
            raise Broken
        return original(self, value, column)

    original = layout._RowWriter.resolve
    monkeypatch.setattr(layout._RowWriter, "resolve", fail)
    before = set(openpyxl_writer.ALL_TEMP_FILES)
    workbook = Workbook(write_only=True)
    register_styles(workbook)
    _sheet(10).write(workbook, "一")
    broken = _sheet(10)
    broken.add(["boom"])
    with pytest.raises(Broken):
        broken.write(workbook, "二")
    made = set(openpyxl_writer.ALL_TEMP_FILES) - before
    assert len(made) == 2
    _discard(workbook)
    assert not any(os.path.exists(path) for path in made)
