"""Tables wider than the page: printed in parts (续表) of whole column groups, each repeating the key
columns, in the normal font; a table that fits once its font is smaller stays whole."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.platypus import Table as RLTable

from cp_audit.reports import model as m
from cp_audit.reports.fonts import register_fonts
from cp_audit.reports.pdf import render_pdf
from cp_audit.reports.pdf_styles import make_styles
from cp_audit.reports.pdf_tables import MAX_PART_COLUMNS, PADDING, table_flowables
from cp_audit.reports.template import load_template

WIDTH = 440


@pytest.fixture(scope="module")
def layout():
    register_fonts()
    template = load_template()
    return make_styles(template.layout), template.labels


def parts(table: m.Table, layout, label: str = "表2-3"):
    styles, labels = layout
    flowables = table_flowables(table, label, styles, labels, WIDTH)
    grids = [f for f in flowables if isinstance(f, RLTable)]
    captions = [f.text for f in flowables if getattr(f, "keepWithNext", 0)]
    return grids, captions, styles


def headers(grid: RLTable) -> list[str]:
    return [cell.text.replace("<br/>", "\n").split("\n")[0] for cell in grid._cellvalues[0]]


def test_forty_years_come_in_parts_that_repeat_the_key_columns(layout):
    years = [f"{y}年" for y in range(1986, 2026)]
    columns = [m.Column("指标"), m.Column("单位", align="center")] + [
        m.Column(y, "", "number", 2) for y in years
    ]
    rows = [[f"指标{i}", "t", *[1234.5 + i for _ in years]] for i in range(3)]
    grids, captions, styles = parts(m.Table("主要原辅材料消耗", columns, rows, key_columns=2), layout)
    assert len(grids) > 1
    assert captions == ["表2-3 主要原辅材料消耗"] + ["续表2-3 主要原辅材料消耗"] * (len(grids) - 1)
    shown = []
    for grid in grids:
        names = headers(grid)
        assert names[:2] == ["指标", "单位"] and len(names) <= MAX_PART_COLUMNS
        shown += names[2:]
        assert sum(grid._colWidths) == pytest.approx(WIDTH)
        assert min(grid._colWidths) > 2 * PADDING
        assert grid._cellvalues[1][2].style.fontSize == styles.cells["right"].fontSize  # normal size
        assert len(grid._cellvalues) == 1 + len(rows)  # every row in every part
    assert shown == years  # each year once, in order
    sizes = [len(g._colWidths) for g in grids]
    assert max(sizes) - min(sizes) <= 1  # spread evenly, no stub of a last part


def test_column_groups_stay_together(layout):
    columns = [m.Column("因素"), m.Column("权重 W", kind="number")]
    for n in range(1, 16):
        columns += [m.Column(f"重点{n} R", kind="number"), m.Column(f"重点{n} R×W", kind="number")]
    rows = [[f"因素{i}", 10, *[8, 80] * 15] for i in range(4)]
    table = m.Table("审核重点权重总和计分排序", columns, rows, key_columns=2, column_group=2)
    grids, _captions, _styles = parts(table, layout)
    assert len(grids) > 1
    for grid in grids:
        names = headers(grid)
        assert names[:2] == ["因素", "权重 W"]
        pairs = names[2:]
        assert len(pairs) % 2 == 0
        assert all(r.endswith(" R") and rw == r + "×W" for r, rw in zip(pairs[::2], pairs[1::2]))


def test_a_table_that_fits_in_a_smaller_font_stays_whole(layout):
    columns = [m.Column("项目")] + [m.Column(f"{y}年", "万元", "money") for y in range(2019, 2026)]
    grids, captions, styles = parts(m.Table("历年投资", columns, [["投资", *[1234567.89] * 7]]), layout)
    assert len(grids) == 1 and len(captions) == 1
    assert grids[0]._cellvalues[1][1].style.fontSize < styles.cells["right"].fontSize


def test_four_hundred_columns_render_and_every_header_is_printed():
    columns = [m.Column("因素")] + [m.Column(f"方案{n}", kind="number") for n in range(1, 401)]
    rows = [[f"因素{i}", *range(i, i + 400)] for i in range(1, 4)]
    table = m.Table("中/高费方案权重总和计分排序", columns, rows)
    section = m.Section("1.1", "筛选", [table])
    report = m.Report(
        "清洁生产审核报告", "验收版", m.CoverPage("企业"), [m.Chapter("第一章", "方案", [section])]
    )
    out = io.BytesIO()
    result = render_pdf(report, out)
    assert [t.label for t in result.tables] == ["表1-1"]  # one numbered table, however many parts
    text = "".join("".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert text.count("续表1-1中/高费方案权重总和计分排序") >= 400 // MAX_PART_COLUMNS
    assert all(f"方案{n}" in text for n in range(1, 401))
