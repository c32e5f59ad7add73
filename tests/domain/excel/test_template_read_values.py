"""The import reads a sheet's values with its own inline-string parsing (cp_audit.excel.template_read): the
values must be exactly what openpyxl's read-only iter_rows gives for every kind of cell."""

from __future__ import annotations

import datetime as dt
import zipfile

from openpyxl import Workbook, load_workbook

from cp_audit.excel.template_read import _value_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Cells openpyxl itself never writes: inline strings plain, rich (runs), with phonetic runs, empty,
# with preserved spaces and escaped characters, and one without a cell reference.
ROWS = """
<row r="5"><c r="A5" t="inlineStr"><is><t>焊接车间</t></is></c><c r="B5"><v>12.5</v></c>
  <c r="C5" t="inlineStr"><is><r><t>电</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 力 </t></r></is></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>东京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></is></c>
  <c r="B6" t="inlineStr"><is><t/></is></c><c r="C6" t="inlineStr"><is><t>a &amp; b &lt;c&gt;</t></is></c></row>
<row r="9"><c r="A9" t="b"><v>1</v></c><c t="inlineStr"><is><t>no reference</t></is></c>
  <c r="C9" s="1"><v>45000</v></c><c r="D9" t="inlineStr"><is><t>beyond the width</t></is></c></row>
"""


def workbook_with_inline_strings(path):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "代码"  # a shared string
    sheet["C9"] = dt.datetime(2023, 3, 15)  # gives style 1 a date format
    sheet["A10"] = 7
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    head, rest = xml.split("<sheetData>")
    data, tail = rest.split("</sheetData>")
    row_one = data[: data.index("</row>") + len("</row>")]
    row_ten = data[data.index('<row r="10"') :]
    assert f'xmlns="{MAIN}"' in head
    parts["xl/worksheets/sheet1.xml"] = (
        head + "<sheetData>" + row_one + ROWS + row_ten + "</sheetData>" + tail
    ).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_values_are_what_openpyxl_reads(tmp_path):
    path = tmp_path / "inline.xlsx"
    workbook_with_inline_strings(path)
    book = load_workbook(path, read_only=True, data_only=True)
    sheet = book.active
    sheet.reset_dimensions()
    theirs = {
        number: list(values)
        for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=3, values_only=True), 2)
        if any(v is not None for v in values)
    }
    ours = dict(_value_rows(sheet, 2, 3))
    book.close()
    assert ours == theirs
    # written out by hand, so that openpyxl and this reader cannot agree on a wrong reading
    assert ours == {
        5: ["焊接车间", 12.5, "电 力 "],
        6: ["东京", "", "a & b <c>"],
        9: [True, "no reference", dt.datetime(2023, 3, 15)],
        10: [7, None, None],
    }
