"""Raw table values become text per the column spec; column widths fill the frame."""

import math
import subprocess
import sys

import pytest

from cp_audit.reports.formatting import format_number, format_value
from cp_audit.reports.model import Chapter, Column, chapter_number_from_label


@pytest.mark.parametrize(
    ("value", "column", "shown"),
    [
        (None, Column("x", kind="number"), "—"),
        (math.nan, Column("x", kind="number"), "—"),
        (math.inf, Column("x", kind="number"), "∞"),
        (1234567, Column("x", kind="number"), "1,234,567"),
        (1234.5, Column("x", kind="number", decimals=2), "1,234.50"),
        (12.3456, Column("x", kind="number"), "12.35"),
        (0.0032456, Column("x", kind="number"), "0.003246"),
        (0.125, Column("x", kind="percent"), "12.5%"),
        (0.5, Column("x", kind="percent", decimals=0), "50%"),
        (1500, Column("x", kind="money"), "1,500.00"),
        (-2.5, Column("x", kind="money", decimals=1), "-2.5"),
        ("=SUM(A1)", Column("x", kind="number"), "=SUM(A1)"),
        (True, Column("x"), "True"),
    ],
)
def test_values_are_formatted_from_the_column(value, column, shown):
    assert format_value(value, column) == shown


def test_format_number_never_fails():
    assert format_number(0.0) == "0"
    assert format_number(1e-300) == "0"
    assert format_number(-math.inf) == "-∞"


def test_alignment_defaults_by_kind():
    assert Column("a").alignment == "left"
    assert Column("a", kind="money").alignment == "right"
    assert Column("a", kind="number", align="center").alignment == "center"


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("第一章", 1),
        ("第十章", 10),
        ("第十二章", 12),
        ("第二十三章", 23),
        ("第3章", 3),
        ("Chapter 4", 4),
        ("", None),
        ("附件", None),
    ],
)
def test_chapter_numbers_are_read_from_labels(label, number):
    assert chapter_number_from_label(label) == number


def test_an_explicit_chapter_number_wins():
    assert Chapter("", "前言", number=0).caption_number == 0
    assert Chapter("第五章", "可行性分析").caption_number == 5


def test_column_widths_fill_the_frame_and_respect_minimums():
    from cp_audit.reports.pdf_tables import column_widths

    assert column_widths([10, 30], [5, 5], 80) == [20, 60]
    widths = column_widths([300, 300, 20], [20, 20, 20], 200)
    assert sum(widths) == pytest.approx(200) and widths[2] == pytest.approx(20)
    assert sum(column_widths([100] * 10, [50] * 10, 200)) == pytest.approx(200)


def test_the_model_imports_without_reportlab():
    code = "import sys, cp_audit.reports.model, cp_audit.reports.template, cp_audit.reports.sankey; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_wide_numeric_table_gets_a_smaller_font_instead_of_broken_numbers():
    from reportlab.platypus import Table as RLTable

    from cp_audit.reports.fonts import register_fonts
    from cp_audit.reports.model import Table
    from cp_audit.reports.pdf_styles import make_styles
    from cp_audit.reports.pdf_tables import table_flowables
    from cp_audit.reports.template import load_template

    register_fonts()
    template = load_template()
    styles = make_styles(template.layout)
    columns = [Column(f"{year}年", "万元", "money") for year in range(2018, 2026)]
    table = Table("历年投资", columns, [[1234567.89] * len(columns)])
    flowables = table_flowables(table, "表5-1", styles, template.labels, 440)
    grid = next(f for f in flowables if isinstance(f, RLTable))
    cell = grid._cellvalues[1][0]
    assert cell.style.fontSize < styles.cells["right"].fontSize
    assert sum(grid._colWidths) == pytest.approx(440)
