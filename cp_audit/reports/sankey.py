"""Sankey layout: node boxes and link bands in abstract units, pure Python, shared by the PDF and the Qt UI.

Coordinates grow right and down; back-links (cycles) run in lanes below the diagram with rounded corners.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from cp_audit.models import Node, Stream
from cp_audit.models.base import NodeKind
from cp_audit.reports.model import SankeyLink, SankeyNode

LinkKind = Literal["forward", "back", "loss"]
# ("M", (x, y)), ("L", (x, y)), ("C", (x1, y1, x2, y2, x, y)), ("Z", ()): as SVG paths and QPainterPath
PathCommand = tuple[str, tuple[float, ...]]


@dataclass(frozen=True)
class NodeBox:
    id: str
    label: str
    column: int
    x: float
    y: float
    width: float
    height: float
    value: float
    loss: bool = False

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class LinkBand:
    """A band `width` thick from the source's right side (top edge at `source_y`) to the target's left side."""

    source: str
    target: str
    value: float
    kind: LinkKind
    width: float
    source_x: float
    source_y: float
    target_x: float
    target_y: float
    outline: tuple[PathCommand, ...]


@dataclass(frozen=True)
class SankeyLayout:
    nodes: tuple[NodeBox, ...]
    links: tuple[LinkBand, ...]
    width: float
    height: float
    scale: float  # units of length per unit of value

    def node(self, node_id: str) -> NodeBox:
        return next(n for n in self.nodes if n.id == node_id)


@dataclass
class _Node:
    spec: SankeyNode
    column: int = 0
    value: float = 0.0
    y: float = 0.0
    height: float = 0.0

    @property
    def centre(self) -> float:
        return self.y + self.height / 2


def layout_sankey(
    nodes: Sequence[SankeyNode],
    links: Sequence[SankeyLink],
    width: float,
    height: float,
    *,
    node_width: float | None = None,
    node_gap: float | None = None,
    iterations: int = 8,
) -> SankeyLayout:
    """Place nodes in columns (inferred by longest path from the sources) and route every link."""
    state = {n.id: _Node(n) for n in nodes}
    valid = _valid_links(state, links)
    forward, back = _split_back_links(state, valid)
    _assign_columns(state, forward)
    forward, back = _move_leftward_links(state, forward, back)
    _assign_values(state, valid)
    node_width = node_width if node_width is not None else max(width * 0.02, 1e-6)
    gap = node_gap if node_gap is not None else height * 0.04
    columns = _columns(state)
    gap = min(gap, height * 0.5 / max(len(c) for c in columns)) if columns else gap
    lane_gap = gap  # between the diagram and the first lane, and between lanes
    scale = _scale(columns, back, height, gap, lane_gap)
    content_height = height - sum(link.value * scale + lane_gap for link in back)
    for node in state.values():
        node.height = node.value * scale if scale > 0 else 0.0  # scale 0: sums overflowed to inf
    _place_vertically(columns, forward, content_height, gap, iterations)
    side = _side_margin(back, scale, lane_gap, gap)
    xs = _column_x(len(columns), width, node_width, side)
    boxes = tuple(_box(n, xs[n.column], node_width) for n in state.values())
    by_id = {b.id: b for b in boxes}
    bands = _route(by_id, forward, back, scale, content_height, lane_gap, gap)
    return SankeyLayout(boxes, bands, width, height, scale)


def _valid_links(state: dict[str, _Node], links: Sequence[SankeyLink]) -> list[SankeyLink]:
    valid = []
    for link in links:
        for end in (link.source, link.target):
            if end not in state:
                raise ValueError(
                    f"Sankey link {link.source!r} → {link.target!r} names an unknown node {end!r}"
                )
        value = float(link.value) if link.value is not None else 0.0
        if math.isfinite(value) and value > 0:  # zero, negative and NaN flows are not drawn
            valid.append(link)
    return valid


def _split_back_links(state: dict[str, _Node], links: list[SankeyLink]) -> tuple[list, list]:
    """Depth-first search from the sources; a link to a node still on the stack closes a cycle."""
    outgoing: dict[str, list[SankeyLink]] = defaultdict(list)
    has_incoming = {link.target for link in links if link.source != link.target}
    for link in links:
        outgoing[link.source].append(link)
    starts = [i for i in state if i not in has_incoming] + list(state)
    colour: dict[str, int] = {}  # 1 = on the stack, 2 = done
    back: list[SankeyLink] = []
    for start in starts:
        if start in colour:
            continue
        colour[start] = 1
        stack = [(start, iter(outgoing[start]))]
        while stack:
            node_id, edges = stack[-1]
            link = next(edges, None)
            if link is None:
                colour[node_id] = 2
                stack.pop()
            elif colour.get(link.target) == 1:
                back.append(link)
            elif link.target not in colour:
                colour[link.target] = 1
                stack.append((link.target, iter(outgoing[link.target])))
    back_ids = {id(link) for link in back}
    return [link for link in links if id(link) not in back_ids], back


def _assign_columns(state: dict[str, _Node], forward: list[SankeyLink]) -> None:
    """Longest path from the sources (Kahn order over the acyclic forward links); sinks go to the far right."""
    incoming: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[str]] = defaultdict(list)
    for link in forward:
        incoming[link.target].append(link.source)
        outgoing[link.source].append(link.target)
    pending = {i: len(incoming[i]) for i in state}
    ready = [i for i, count in pending.items() if count == 0]
    while ready:
        node_id = ready.pop(0)
        node = state[node_id]
        explicit = node.spec.column
        if explicit is not None and explicit < 0:
            raise ValueError(f"Sankey node {node_id!r} has a negative column {explicit}")
        inferred = max((state[s].column + 1 for s in incoming[node_id]), default=0)
        node.column = explicit if explicit is not None else inferred
        for target in outgoing[node_id]:
            pending[target] -= 1
            if pending[target] == 0:
                ready.append(target)
    last = max((n.column for n in state.values()), default=0)
    for node_id, node in state.items():
        is_sink = not outgoing[node_id] and incoming[node_id]
        if is_sink and node.spec.column is None and not node.spec.loss:
            node.column = last


def _move_leftward_links(state: dict[str, _Node], forward: list, back: list) -> tuple[list, list]:
    # Explicit columns may make a forward link point left or stay in one column: route it as a back-link.
    keep = [link for link in forward if state[link.target].column > state[link.source].column]
    moved = [link for link in forward if state[link.target].column <= state[link.source].column]
    return keep, back + moved


def _assign_values(state: dict[str, _Node], links: list[SankeyLink]) -> None:
    total_in: dict[str, float] = defaultdict(float)
    total_out: dict[str, float] = defaultdict(float)
    for link in links:
        total_out[link.source] += float(link.value)
        total_in[link.target] += float(link.value)
    for node_id, node in state.items():
        node.value = max(total_in[node_id], total_out[node_id])


def _columns(state: dict[str, _Node]) -> list[list[_Node]]:
    count = max((n.column for n in state.values()), default=-1) + 1
    columns: list[list[_Node]] = [[] for _ in range(count)]
    for node in state.values():
        columns[node.column].append(node)
    for column in columns:
        column.sort(key=lambda n: n.spec.loss)  # stable: input order, losses at the bottom
    return columns


def _scale(columns: list[list[_Node]], back: list, height: float, gap: float, lane_gap: float) -> float:
    back_total = sum(float(link.value) for link in back)
    usable = height - lane_gap * len(back)
    candidates = [
        (usable - gap * (len(column) - 1)) / (sum(n.value for n in column) + back_total)
        for column in columns
        if sum(n.value for n in column) + back_total > 0
    ]
    scale = min(candidates, default=0.0)
    # Flows of a few 1e-320 would overflow the scale to infinity: draw them flat instead.
    return scale if 0.0 < scale < math.inf else 0.0


def _place_vertically(columns, forward, content_height: float, gap: float, iterations: int) -> None:
    for column in columns:
        _resolve_collisions(column, content_height, gap)
    neighbours_left: dict[str, list] = defaultdict(list)
    neighbours_right: dict[str, list] = defaultdict(list)
    for link in forward:
        neighbours_left[link.target].append((link.source, float(link.value)))
        neighbours_right[link.source].append((link.target, float(link.value)))
    by_id = {n.spec.id: n for column in columns for n in column}
    for _ in range(iterations):
        for ordered, neighbours in ((columns[1:], neighbours_left), (columns[-2::-1], neighbours_right)):
            for column in ordered:
                _relax(column, neighbours, by_id)
                _resolve_collisions(column, content_height, gap)


def _relax(column: list[_Node], neighbours: dict[str, list], by_id: dict[str, _Node]) -> None:
    """Move each node toward the value-weighted centre of its neighbours (the barycentre heuristic)."""
    for node in column:
        pairs = neighbours.get(node.spec.id)
        if pairs:
            largest = max(v for _, v in pairs)  # weights relative to the largest: sums stay finite
            weights = [(other, v / largest) for other, v in pairs]
            target = sum(by_id[other].centre * w for other, w in weights) / sum(w for _, w in weights)
            node.y += (target - node.centre) * 0.5
    column.sort(key=lambda n: (n.spec.loss, n.centre))


def _resolve_collisions(column: list[_Node], content_height: float, gap: float) -> None:
    """Push overlapping nodes down, then back up if the column overflows the bottom."""
    y = 0.0
    for node in column:
        node.y = max(node.y, y)
        y = node.y + node.height + gap
    overflow = (y - gap) - content_height
    if overflow > 0:
        bottom = content_height
        for node in reversed(column):
            node.y = min(node.y, bottom - node.height)
            bottom = node.y - gap
    if column and column[0].y < 0:  # only when rounding left no room: restack from the top
        y = 0.0
        for node in column:
            node.y = y
            y += node.height + gap


def _side_margin(back: list, scale: float, lane_gap: float, gap: float) -> float:
    if not back:
        return 0.0
    return gap + sum(float(link.value) * scale + lane_gap for link in back)


def _column_x(count: int, width: float, node_width: float, side: float) -> list[float]:
    if count <= 1:
        return [(width - node_width) / 2] * max(count, 1)
    step = (width - 2 * side - node_width) / (count - 1)
    return [side + c * step for c in range(count)]


def _box(node: _Node, x: float, node_width: float) -> NodeBox:
    spec = node.spec
    return NodeBox(
        spec.id, spec.label, node.column, x, node.y, node_width, node.height, node.value, spec.loss
    )


def _route(by_id, forward, back, scale, content_height, lane_gap, gap) -> tuple[LinkBand, ...]:
    out_offset, in_offset = _band_offsets(by_id, forward, back, scale)
    bands = []
    for link in forward:
        kind: LinkKind = "loss" if by_id[link.target].loss else "forward"
        bands.append(_forward_band(link, kind, by_id, out_offset[id(link)], in_offset[id(link)], scale))
    lane_y = content_height + lane_gap
    extent = gap
    # Short loops take the inner lanes so that longer loops nest around them.
    for link in sorted(back, key=lambda k: by_id[k.source].column - by_id[k.target].column):
        w = float(link.value) * scale
        ends = (out_offset[id(link)], in_offset[id(link)])
        bands.append(_back_band(link, by_id, ends, w, lane_y, extent))
        lane_y += w + lane_gap
        extent += w + lane_gap
    return tuple(bands)


def _band_offsets(by_id, forward, back, scale) -> tuple[dict[int, float], dict[int, float]]:
    """Stack each node's bands from its top: forward by the far end's height, then losses, then back-links."""
    leaving: dict[str, list] = defaultdict(list)
    arriving: dict[str, list] = defaultdict(list)
    for link in forward + back:
        leaving[link.source].append(link)
        arriving[link.target].append(link)
    is_back = {id(link) for link in back}

    def out_key(link):
        target = by_id[link.target]
        return (id(link) in is_back, target.loss, target.y + target.height / 2)

    def in_key(link):
        source = by_id[link.source]
        return (id(link) in is_back, source.y + source.height / 2)

    out_offset = _stack(leaving, out_key, by_id, scale)
    in_offset = _stack(arriving, in_key, by_id, scale)
    return out_offset, in_offset


def _stack(groups: dict[str, list], key, by_id, scale) -> dict[int, float]:
    offsets: dict[int, float] = {}
    for node_id, group in groups.items():
        y = by_id[node_id].y
        for link in sorted(group, key=key):
            offsets[id(link)] = y
            y += float(link.value) * scale
    return offsets


def _forward_band(link, kind: LinkKind, by_id, y0: float, y1: float, scale: float) -> LinkBand:
    w = float(link.value) * scale
    x0, x1 = by_id[link.source].right, by_id[link.target].x
    xm = (x0 + x1) / 2
    outline = (
        ("M", (x0, y0)),
        ("C", (xm, y0, xm, y1, x1, y1)),
        ("L", (x1, y1 + w)),
        ("C", (xm, y1 + w, xm, y0 + w, x0, y0 + w)),
        ("Z", ()),
    )
    return LinkBand(link.source, link.target, float(link.value), kind, w, x0, y0, x1, y1, outline)


def _back_band(link, by_id, ends: tuple[float, float], w: float, lane_y: float, extent: float) -> LinkBand:
    """Right out of the source, down to a lane below the diagram, left, and up into the target's left side."""
    ys, yt = ends
    xs, xt = by_id[link.source].right, by_id[link.target].x
    xr, xl = xs + extent + w, xt - extent - w
    radius = max(0.0, min(extent, (lane_y - max(ys, yt) - w) / 2))
    outer = [(xs, ys), (xr, ys), (xr, lane_y + w), (xl, lane_y + w), (xl, yt), (xt, yt)]
    inner = [
        (xt, yt + w),
        (xl + w, yt + w),
        (xl + w, lane_y),
        (xr - w, lane_y),
        (xr - w, ys + w),
        (xs, ys + w),
    ]
    outline = (
        (("M", outer[0]),)
        + _rounded(outer, radius + w)
        + (("L", inner[0]),)
        + _rounded(inner, radius)
        + (("Z", ()),)
    )
    return LinkBand(link.source, link.target, float(link.value), "back", w, xs, ys, xt, yt, outline)


KAPPA = 0.5523  # cubic Bézier control distance for a quarter circle, as a fraction of the radius


def _rounded(points: list[tuple[float, float]], radius: float) -> tuple[PathCommand, ...]:
    """Line segments through `points` (after the first) with each inner corner cut by a quarter circle."""
    commands: list[PathCommand] = []
    for before, corner, after in zip(points, points[1:], points[2:]):
        start = _towards(corner, before, radius)
        end = _towards(corner, after, radius)
        first = _towards(start, corner, radius * KAPPA)
        second = _towards(end, corner, radius * KAPPA)
        commands += [("L", start), ("C", (*first, *second, *end))]
    commands.append(("L", points[-1]))
    return tuple(commands)


def _towards(
    origin: tuple[float, float], target: tuple[float, float], distance: float
) -> tuple[float, float]:
    dx, dy = target[0] - origin[0], target[1] - origin[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return origin
    return origin[0] + dx / length * distance, origin[1] + dy / length * distance


def balance_diagram(
    nodes: Sequence[Node], streams: Sequence[Stream], stream_values: dict[str, float]
) -> tuple[list[SankeyNode], list[SankeyLink]]:
    """Nodes and links of one balance's diagram, for the report and the workbench alike: sources in the
    first column, unit operations in their process order (the auditor's order, not the layout's guess),
    sinks last; a sink that is not product is a loss. Only streams with a value are drawn."""
    by_id = {n.id: n for n in nodes}
    drawn = [s for s in streams if s.code in stream_values]
    used = {s.from_node_id for s in drawn} | {s.to_node_id for s in drawn}
    placed = [n for n in nodes if n.id in used]
    # Positions by object identity: `in` and index() on model rows compare every field of every row.
    units = {id(n): index for index, n in enumerate(n for n in placed if n.kind == NodeKind.unit_operation)}

    def column(node: Node) -> int:
        if id(node) in units:
            return 1 + units[id(node)]
        return 0 if node.kind == NodeKind.source else len(units) + 1

    # Unit operations are labelled by code (their names are in the tables): the columns are too narrow.
    specs = [
        SankeyNode(
            n.code,
            n.code if id(n) in units else (n.name_zh or n.code),
            column(n),
            loss=n.kind == NodeKind.sink and not n.is_product,
        )
        for n in placed
    ]
    links = [
        SankeyLink(by_id[s.from_node_id].code, by_id[s.to_node_id].code, stream_values[s.code]) for s in drawn
    ]
    return specs, links
