"""User text of every kind reaches the workbook exactly as typed, and never as a formula."""

import shutil

import openpyxl

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.excel.cells import EXCEL_MAX_TEXT, REPLACEMENT, TRUNCATED, safe_text
from cp_audit.excel.worksheets import export_worksheets
from cp_audit.models import Enterprise, Option, TeamMember

HOSTILE = {
    "markup": "<b>镀镍</b> & <script>alert('x')</script> \"引号\" &amp; &#x41;",
    "long": "镀镍漂洗水回收" * 714 + "末尾",  # 5,000 characters
    "emoji": "节水 💧🏭 达标 ✅ 👩🏽‍🔬",
    "arabic": "مصنع الطلاء الكهربائي — mixed 混合 text",
    "equals": '=HYPERLINK("http://example.invalid","点击")',
    "plus": "+86 769 8000 0000",
    "minus": "-5% 废水",
    "at": "@SUM(A1:A9)",
}


def test_hostile_text_reopens_exact_and_never_as_a_formula(sample_file, tmp_path):
    assert len(HOSTILE["long"]) == 5000
    path = shutil.copy(sample_file, tmp_path / "hostile.cpaudit")
    with open_audit(path) as audit:
        enterprise = services.singleton(audit, Enterprise)
        services.update_row(audit, Enterprise, enterprise.id, {"name_zh": HOSTILE["markup"]})
        services.add(audit, TeamMember, {"name": "新成员"})  # the sample has 7 members, one fewer than texts
        members = services.rows(audit, TeamMember)
        for member, text in zip(members, HOSTILE.values(), strict=False):
            services.update_row(audit, TeamMember, member.id, {"name": text, "duties_zh": text})
        options = services.rows(audit, Option)
        for option, text in zip(options, HOSTILE.values(), strict=False):
            services.update_row(audit, Option, option.id, {"title_zh": text, "description_zh": text})
        target = export_worksheets(audit, None, tmp_path / "hostile.xlsx")

    workbook = openpyxl.load_workbook(target)
    team = workbook["1-1 审核小组成员表"]
    names = {c.value: c for c in team["B"] if c.value in HOSTILE.values()}
    options = workbook["4-1 方案汇总表"]
    titles = {c.value: c for c in options["B"] if c.value in HOSTILE.values()}
    for found in (names, titles):
        assert set(found) == set(HOSTILE.values())  # every text came back character for character
        for text, cell in found.items():
            assert cell.data_type == "s", text
            if text[0] in "=+-@":
                assert cell.quotePrefix, text  # stays text when the cell is edited in Excel
    assert workbook["2-1 企业简述"]["B4"].value == HOSTILE["markup"]
    assert HOSTILE["markup"] in workbook["4-1 方案汇总表"]["A2"].value
    formulas = [c for s in workbook.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert not [c for c in formulas if "HYPERLINK" in str(c.value) or "@SUM" in str(c.value)]


def test_text_a_cell_cannot_hold_is_marked_not_lost_silently():
    assert safe_text("a\x01b\x1fc") == f"a{REPLACEMENT}b{REPLACEMENT}c"
    assert safe_text("tab\tand\nnewline") == "tab\tand\nnewline"
    cut = safe_text("水" * 40_000)
    assert len(cut) == EXCEL_MAX_TEXT and cut.endswith(TRUNCATED)
