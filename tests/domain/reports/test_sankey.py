"""Geometry of the Sankey layout: conservation at nodes, no overlaps, cycles and losses routed."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cp_audit.reports.model import SankeyLink, SankeyNode
from cp_audit.reports.sankey import layout_sankey

EPS = 1e-6


def plating_line():
    """The W-16 shape: tap water into the bath (U6), a recovery tank (U7) returning part of it to the bath."""
    nodes = [
        SankeyNode("tap", "自来水"),
        SankeyNode("u6", "镀槽"),
        SankeyNode("u7", "回收槽"),
        SankeyNode("wwt", "废水处理"),
        SankeyNode("evap", "蒸发", loss=True),
        SankeyNode("product", "产品带出"),
    ]
    links = [
        SankeyLink("tap", "u6", 100),
        SankeyLink("u6", "u7", 60),
        SankeyLink("u7", "u6", 20),
        SankeyLink("u6", "evap", 10),
        SankeyLink("u7", "wwt", 40),
        SankeyLink("u6", "product", 50),
    ]
    return nodes, links


def assert_geometry(layout):
    """Conservation at every node, bands inside their nodes, no overlaps within a column."""
    by_id = {n.id: n for n in layout.nodes}
    for node in layout.nodes:
        leaving = [b for b in layout.links if b.source == node.id]
        arriving = [b for b in layout.links if b.target == node.id]
        if leaving or arriving:
            sides = [sum(b.width for b in leaving), sum(b.width for b in arriving)]
            assert max(sides) == pytest.approx(node.height, abs=1e-6)
        for band in leaving:
            assert node.y - EPS <= band.source_y and band.source_y + band.width <= node.bottom + EPS
        for band in arriving:
            assert node.y - EPS <= band.target_y and band.target_y + band.width <= node.bottom + EPS
    columns = {}
    for node in layout.nodes:
        columns.setdefault(node.column, []).append(node)
    for column in columns.values():
        column.sort(key=lambda n: n.y)
        for upper, lower in itertools.pairwise(column):
            assert upper.bottom <= lower.y + EPS, f"{upper.id} overlaps {lower.id}"
        assert column[0].y >= -EPS and column[-1].bottom <= layout.height + EPS
    for band in layout.links:
        assert band.width == pytest.approx(band.value * layout.scale)
        assert by_id[band.source].right == pytest.approx(band.source_x)


def test_a_cycle_is_laid_out_with_a_back_link():
    layout = layout_sankey(*plating_line(), width=400, height=200)
    assert_geometry(layout)
    back = [b for b in layout.links if b.kind == "back"]
    assert [(b.source, b.target) for b in back] == [("u7", "u6")]
    lowest_node = max(n.bottom for n in layout.nodes)
    lane_top = min(y for command, args in back[0].outline if command == "L" for y in args[1::2])
    assert lane_top <= lowest_node  # it starts at the node
    lane_ys = [args[1] for command, args in back[0].outline if command in ("M", "L")]
    assert max(lane_ys) > lowest_node  # and runs in a lane below the diagram
    assert max(lane_ys) <= 200 + EPS


def test_columns_follow_the_longest_path_and_sinks_go_right():
    nodes = [SankeyNode(i, i) for i in "abcd"]
    links = [
        SankeyLink("a", "b", 5),
        SankeyLink("b", "c", 5),
        SankeyLink("a", "c", 2),
        SankeyLink("a", "d", 1),
    ]
    layout = layout_sankey(nodes, links, 300, 100)
    assert {n.id: n.column for n in layout.nodes} == {"a": 0, "b": 1, "c": 2, "d": 2}
    assert_geometry(layout)


def test_explicit_columns_are_kept_and_a_leftward_link_becomes_a_back_link():
    nodes = [SankeyNode("a", "a", column=0), SankeyNode("b", "b", column=3), SankeyNode("c", "c", column=1)]
    links = [SankeyLink("a", "b", 4), SankeyLink("b", "c", 2)]
    layout = layout_sankey(nodes, links, 300, 100)
    assert {n.id: n.column for n in layout.nodes} == {"a": 0, "b": 3, "c": 1}
    assert {(b.source, b.kind) for b in layout.links} == {("a", "forward"), ("b", "back")}


def test_losses_sit_at_the_bottom_of_their_column_and_are_loss_bands():
    layout = layout_sankey(*plating_line(), width=400, height=200)
    evaporation = layout.node("evap")
    same_column = [n for n in layout.nodes if n.column == evaporation.column]
    assert evaporation.y == max(n.y for n in same_column)
    assert [b.kind for b in layout.links if b.target == "evap"] == ["loss"]


def test_zero_negative_and_nan_links_are_skipped():
    nodes = [SankeyNode("a", "a"), SankeyNode("b", "b")]
    links = [
        SankeyLink("a", "b", 3),
        SankeyLink("a", "b", 0),
        SankeyLink("b", "a", -1),
        SankeyLink("a", "b", math.nan),
    ]
    layout = layout_sankey(nodes, links, 200, 100)
    assert [b.value for b in layout.links] == [3]


def test_a_self_loop_and_an_unlinked_node_do_not_break_the_layout():
    nodes = [SankeyNode("a", "a"), SankeyNode("b", "b"), SankeyNode("lonely", "孤立")]
    links = [SankeyLink("a", "b", 3), SankeyLink("b", "b", 1)]
    layout = layout_sankey(nodes, links, 200, 100)
    assert layout.node("lonely").height == 0
    assert [b.kind for b in layout.links if b.source == b.target] == ["back"]
    assert_geometry(layout)


def test_an_unknown_node_is_named():
    with pytest.raises(ValueError, match="'ghost'"):
        layout_sankey([SankeyNode("a", "a")], [SankeyLink("a", "ghost", 1)], 100, 100)


def test_forward_bands_are_closed_bezier_outlines_between_the_nodes():
    layout = layout_sankey(*plating_line(), width=400, height=200)
    band = next(b for b in layout.links if (b.source, b.target) == ("tap", "u6"))
    commands = [command for command, _ in band.outline]
    assert commands == ["M", "C", "L", "C", "Z"]
    assert band.outline[0][1] == (band.source_x, band.source_y)
    assert band.outline[1][1][-2:] == (band.target_x, band.target_y)


graphs = st.integers(min_value=2, max_value=9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.one_of(st.floats(0, 1000), st.floats(-1, 1.7e308), st.just(math.nan)),
            ),
            max_size=20,
        ),
        st.lists(st.booleans(), min_size=n, max_size=n),
    )
)


@settings(max_examples=150, deadline=None)
@given(graphs)
def test_any_graph_keeps_the_geometry(graph):
    count, edges, losses = graph
    nodes = [SankeyNode(str(i), f"节点{i}", loss=losses[i]) for i in range(count)]
    links = [SankeyLink(str(s), str(t), v) for s, t, v in edges]
    layout = layout_sankey(nodes, links, 500, 300)
    assert_geometry(layout)
