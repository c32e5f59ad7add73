"""Charts: each type draws to PDF with Chinese labels; ticks, wrapping and empty data behave."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import String

from cp_audit.reports.charts import chart_drawing, nice_ticks, wrap
from cp_audit.reports.fonts import CJK, register_fonts
from cp_audit.reports.model import BarChart, LineChart, PieChart, Sankey, SankeyLink, SankeyNode, Series
from cp_audit.reports.text import width

WIDTH = 440


@pytest.fixture(autouse=True)
def fonts():
    register_fonts()


def strings(node):
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            yield child
        else:
            yield from strings(child)


CHARTS = [
    BarChart(
        ["2023年", "2024年", "2025年（预计）"],
        [Series("电力", [1, 2, 3]), Series("天然气", [2, None, -1])],
        "tce",
        "能耗",
    ),
    LineChart(["2021", "2022", "2023"], [Series("新鲜水", [5, None, 4]), Series("回用水", [1, 2, 3])], "m³"),
    PieChart(["电力", "天然气", "零"], [60, 40, 0], "tce"),
    Sankey(
        [SankeyNode("a", "自来水"), SankeyNode("b", "镀槽"), SankeyNode("c", "蒸发", loss=True)],
        [SankeyLink("a", "b", 10), SankeyLink("b", "c", 2), SankeyLink("b", "a", 1)],
        "m³/d",
    ),
]


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: type(c).__name__)
def test_each_chart_draws_at_page_width_with_chinese_labels(chart):
    drawing = chart_drawing(chart, WIDTH)
    assert drawing.width == WIDTH and 40 < drawing.height < 2 * WIDTH
    texts = list(strings(drawing))
    assert any(s.fontName == CJK and any("\u4e00" <= ch <= "\u9fff" for ch in s.text) for s in texts)
    assert renderPDF.drawToString(drawing).startswith(b"%PDF")


def test_pie_legend_shows_percentages_of_the_positive_shares():
    texts = " ".join(s.text for s in strings(chart_drawing(CHARTS[2], WIDTH)))
    assert "60.0%" in texts and "40.0%" in texts and "零" not in texts


def test_sankey_labels_carry_values_and_unit():
    texts = [s.text for s in strings(chart_drawing(CHARTS[3], WIDTH))]
    assert "10 m³/d" in texts and "2 m³/d" in texts


@pytest.mark.parametrize(
    "chart",
    [
        BarChart([], []),
        LineChart(["a"], [Series("s", [None])]),
        PieChart(["a"], [0]),
        Sankey([SankeyNode("a", "a")], []),
    ],
)
def test_empty_charts_say_there_is_no_data(chart):
    texts = [s.text for s in strings(chart_drawing(chart, WIDTH))]
    assert texts == ["无数据"]


def test_nice_ticks_cover_the_range_in_round_steps():
    assert nice_ticks(0, 130.5) == [0, 50, 100, 150]
    assert nice_ticks(-1, 3) == [-1, 0, 1, 2, 3]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_long_labels_wrap_and_are_cut_with_an_ellipsis():
    lines = wrap("清洁生产审核重点工段名称" * 5, 9, 60, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(width(line, 9) <= 60 for line in lines)


def test_an_unknown_chart_type_is_refused():
    with pytest.raises(TypeError):
        chart_drawing(object(), WIDTH)


numbers = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**20), 10**20))


@settings(max_examples=150, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=6), st.lists(numbers, min_size=1, max_size=6))
def test_any_numbers_draw(first, second):
    categories = [f"{i}年" for i in range(max(len(first), len(second)))]
    series = [Series("甲", first), Series("乙", second)]
    pie_values = [v for v in first if v is not None]
    for chart in (
        BarChart(categories, series),
        LineChart(categories, series),
        PieChart(categories, pie_values),
    ):
        renderPDF.drawToString(chart_drawing(chart, WIDTH))


def test_forty_three_years_are_labelled_every_few_years_on_one_line():
    years = [f"{y}年" for y in range(1983, 2026)]
    drawing = chart_drawing(
        LineChart(years, [Series("综合能耗", [1000.0 + i for i in range(43)])], "tce"), WIDTH
    )
    # a label is drawn as one String per font run: the digits and 年 are one CJK run
    labels = [s.text for s in strings(drawing) if s.text.endswith("年")]
    assert labels[0] == "1983年" and 5 <= len(labels) < len(years)
    assert all(label in years for label in labels)  # whole years, none broken into digits


def test_values_on_crowded_bars_are_left_out_rather_than_overlapping():
    codes = [f"T{i}" for i in range(60)]
    drawing = chart_drawing(BarChart(codes, [Series("完成率", [51.0 + i for i in range(60)])], "%"), WIDTH)
    texts = {s.text for s in strings(drawing)}
    assert not texts & {"51", "53", "57", "61"}  # no bar's value (the ticks are 0, 25, 50 …)


def test_a_sankey_of_a_hundred_units_labels_only_its_sources_and_sinks():
    units = [SankeyNode(f"U{i:03d}", f"U{i:03d}") for i in range(100)]
    nodes = [SankeyNode("tap", "自来水"), *units, SankeyNode("out", "污水处理站")]
    chain = ["tap", *[u.id for u in units], "out"]
    links = [SankeyLink(a, b, 10.0) for a, b in pairwise(chain)]
    texts = {s.text for s in strings(chart_drawing(Sankey(nodes, links, "m³/d"), WIDTH))}
    assert "自来水" in texts and "污水处理站" in texts
    assert not {u.id for u in units} & texts


def test_a_sankey_of_a_few_units_labels_every_node():
    nodes = [
        SankeyNode("tap", "自来水"),
        SankeyNode("U1", "U1"),
        SankeyNode("U2", "U2"),
        SankeyNode("out", "污水"),
    ]
    links = [SankeyLink("tap", "U1", 5.0), SankeyLink("U1", "U2", 5.0), SankeyLink("U2", "out", 5.0)]
    texts = {s.text for s in strings(chart_drawing(Sankey(nodes, links, "m³/d"), WIDTH))}
    assert {"自来水", "U1", "U2", "污水"} <= texts
