"""Report charts as ReportLab vector drawings: grouped bars, multi-year lines, pie shares and Sankey flows.

Labels use the font fallback of `text`; series differ in lightness, markers and dashes for B/W printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
    Wedge,
)
from reportlab.lib import colors

from cp_audit.reports import text as rich
from cp_audit.reports.fonts import CJK
from cp_audit.reports.formatting import finite, format_number
from cp_audit.reports.line_breaks import line_spans, longest_word
from cp_audit.reports.model import BarChart, Chart, LineChart, PieChart, Sankey, Series
from cp_audit.reports.sankey import layout_sankey

FONT_SIZE = 9.0
SMALL_SIZE = 7.5
LINE_HEIGHT = 11.0
PALETTE = [
    colors.HexColor(c)
    for c in ("#1f3f73", "#e8a33d", "#5b8f3a", "#9e9e9e", "#b0413e", "#8fb4de", "#5c3c1e", "#d9d9d9")
]
DASHES = (None, (4, 2), (1, 2), (6, 2, 1, 2))
GRID_COLOR = colors.Color(0.82, 0.82, 0.82)
SANKEY_LABEL_SPACING = 30.0  # points between Sankey columns below which inner nodes go unlabelled
MIN_LABEL_SCALE = 0.8  # category labels may be set this much smaller to keep their words whole
MAX_LABEL_CHARS = 200  # longer labels are cut before wrapping: a label is not a paragraph


@dataclass(frozen=True)
class ChartLabels:
    no_data: str = "无数据"
    unit_format: str = "（{unit}）"


def chart_drawing(chart: Chart, width: float, labels: ChartLabels = ChartLabels()) -> Drawing:
    """A drawing `width` points wide (height chosen per chart type) for any chart of the report model."""
    if isinstance(chart, BarChart):
        return bar_chart(chart, width, labels)
    if isinstance(chart, LineChart):
        return line_chart(chart, width, labels)
    if isinstance(chart, PieChart):
        return pie_chart(chart, width, labels)
    if isinstance(chart, Sankey):
        return sankey_chart(chart, width, labels)
    raise TypeError(f"not a chart of the report model: {type(chart).__name__}")


def new_drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    # The renderer starts every drawing in its initial font; the default (Helvetica) would be a
    # non-embedded font in the PDF even though no text uses it.
    drawing.initialFontName = CJK
    return drawing


# -- text ------------------------------------------------------------------------------------------


def label(
    x: float, y: float, value: object, size: float = FONT_SIZE, anchor: str = "start", color=colors.black
) -> Group:
    """One line of text at baseline `y`, drawn as one String per font run."""
    group = Group()
    pieces = rich.sized_runs(rich.single_line(value)[:MAX_LABEL_CHARS], size)
    total = sum(w for _, _, w in pieces)
    start = {"end": x - total, "middle": x - total / 2}.get(anchor, x)
    for run, run_size, run_width in pieces:
        fill = colors.HexColor(rich.FALLBACK_COLOR) if run.fallback else color
        group.add(String(start, y, run.text, fontName=run.font, fontSize=run_size, fillColor=fill))
        start += run_width
    return group


def wrap(value: object, size: float, max_width: float, max_lines: int = 3) -> list[str]:
    """Break a label into lines no wider than `max_width` (as paragraphs: Latin between words), "…" if cut."""
    text = rich.single_line(value)[:MAX_LABEL_CHARS].strip()
    spans = line_spans(text, [rich.width(ch, size) for ch in text], [max_width])
    lines = [text[start:stop] for start, stop, _ in spans] or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and rich.width(last + "…", size) > max_width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines


def _no_data(width: float, message: str) -> Drawing:
    drawing = new_drawing(width, 40)
    drawing.add(Rect(0, 0, width, 40, strokeColor=GRID_COLOR, fillColor=None))
    drawing.add(label(width / 2, 16, message, anchor="middle", color=colors.grey))
    return drawing


# -- axes ------------------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] in steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not math.isfinite(high - low):
        return [low, high]  # magnitudes near the float limit have no round steps: just the ends
    if high - low < 1e-300:  # equal values, or a range too small to have round steps
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    start, end = float(math.floor(low / step)) * step, float(math.ceil(high / step)) * step
    if not math.isfinite(end - start):
        return [low, high]
    digits = 3 - math.floor(math.log10(step))  # 0.6, not 0.6000000000000001; tiny steps keep their digits
    return [round(start + i * step, digits) for i in range(round((end - start) / step) + 1)]


@dataclass
class _Plot:
    """The plotting rectangle of a bar or line chart, with its value scale."""

    x: float
    y: float
    width: float
    height: float
    ticks: list[float]

    def y_of(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.y + (value - low) / (high - low) * self.height


def _values(series: list[Series]) -> list[float]:
    return [v for s in series for v in map(finite, s.values) if v is not None]


def _axis_title(value_label: str, unit: str, labels: ChartLabels) -> str:
    return value_label + (labels.unit_format.format(unit=unit) if unit else "")


def _category_chart_frame(categories, series, unit, value_label, width, labels):
    """Axes, grid, tick labels, category labels and legend; returns the drawing and the plot area."""
    values = _values(series)
    ticks = nice_ticks(min(values + [0.0]), max(values + [0.0]))
    tick_width = max(rich.width(format_number(t), FONT_SIZE) for t in ticks) + 6
    slot = (width - tick_width - 4) / max(len(categories), 1)
    step = _label_step(categories, slot)
    size = _category_size(categories, step * slot - 4)
    category_lines = [
        wrap(c, size, step * slot - 4) if index % step == 0 else [] for index, c in enumerate(categories)
    ]
    label_height = max((len(lines) for lines in category_lines), default=1) * LINE_HEIGHT + 4
    legend, legend_height = _legend([s.name for s in series], width)
    plot_height = width * 0.42
    height = 16 + plot_height + label_height + legend_height
    plot = _Plot(tick_width, legend_height + label_height, width - tick_width - 4, plot_height, ticks)
    drawing = new_drawing(width, height)
    drawing.add(label(0, height - 10, _axis_title(value_label, unit, labels), SMALL_SIZE))
    for tick in ticks:
        y = plot.y_of(tick)
        drawing.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=GRID_COLOR, strokeWidth=0.5))
        drawing.add(label(plot.x - 4, y - 3, format_number(tick), SMALL_SIZE, anchor="end"))
    drawing.add(Line(plot.x, plot.y_of(0.0), plot.x + plot.width, plot.y_of(0.0), strokeWidth=0.8))
    drawing.add(Line(plot.x, plot.y, plot.x, plot.y + plot.height, strokeWidth=0.8))
    for index, lines in enumerate(category_lines):
        centre = plot.x + slot * (index + 0.5)
        for row, line in enumerate(lines):
            drawing.add(label(centre, plot.y - 11 - row * LINE_HEIGHT, line, size, anchor="middle"))
    legend.translate(0, 2)
    drawing.add(legend)
    return drawing, plot, slot


def _label_step(categories: list, slot: float) -> int:
    """Label every category when two characters fit under each; otherwise every `step`-th one, so that
    43 years read as 1983年, 1987年 … instead of a digit per line."""
    if slot - 4 >= 2.5 * FONT_SIZE or len(categories) < 2:
        return 1
    widest = max(rich.width(rich.single_line(c)[:MAX_LABEL_CHARS], FONT_SIZE) for c in categories)
    return max(1, min(len(categories), math.ceil((min(widest, 6 * FONT_SIZE) + 4) / slot)))


def _category_size(categories: list, room: float) -> float:
    """The font size of the category labels: smaller (down to MIN_LABEL_SCALE) when that keeps the
    longest word of a label whole ("Management" rather than "Manageme / nt")."""
    longest = max((rich.width(longest_word(rich.single_line(c)), FONT_SIZE) for c in categories), default=0.0)
    if longest <= room:
        return FONT_SIZE
    return FONT_SIZE * max(MIN_LABEL_SCALE, room / longest)


def _legend(names: list[str], width: float) -> tuple[Group, float]:
    """Swatch-and-name items flowing in rows, centred; returns the group and its height."""
    group, rows, row, used = Group(), [], [], 0.0
    for index, name in enumerate(names):
        text = wrap(name, FONT_SIZE, width * 0.8, max_lines=1)[0]
        item_width = 14 + rich.width(text, FONT_SIZE) + 14
        if row and used + item_width > width:
            rows.append((row, used))
            row, used = [], 0.0
        row.append((index, text, item_width))
        used += item_width
    if row:
        rows.append((row, used))
    for line, (items, used) in enumerate(reversed(rows)):
        x, y = (width - used) / 2, line * 13
        for index, text, item_width in items:
            group.add(_swatch(x, y, index))
            group.add(label(x + 14, y + 1, text, FONT_SIZE))
            x += item_width
    return group, len(rows) * 13 + 6


def _swatch(x: float, y: float, index: int) -> Group:
    group = Group(
        Rect(x, y, 10, 8, fillColor=PALETTE[index % len(PALETTE)], strokeColor=colors.black, strokeWidth=0.3)
    )
    return group


# -- bar and line charts ---------------------------------------------------------------------------


def bar_chart(chart: BarChart, width: float, labels: ChartLabels = ChartLabels()) -> Drawing:
    """Grouped vertical bars: one group per category, one bar per series, values printed when room allows."""
    if not chart.categories or not _values(chart.series):
        return _no_data(width, labels.no_data)
    drawing, plot, slot = _category_chart_frame(
        chart.categories, chart.series, chart.unit, chart.value_label, width, labels
    )
    count = max(len(chart.series), 1)
    bar = slot * 0.72 / count
    zero = plot.y_of(0.0)
    for s_index, series in enumerate(chart.series):
        for c_index, value in enumerate(series.values[: len(chart.categories)]):
            value = finite(value)
            if value is None:
                continue
            x = plot.x + slot * c_index + slot * 0.14 + bar * s_index
            top = plot.y_of(value)
            fill = PALETTE[s_index % len(PALETTE)]
            drawing.add(
                Rect(
                    x,
                    min(zero, top),
                    bar,
                    abs(top - zero),
                    fillColor=fill,
                    strokeColor=colors.black,
                    strokeWidth=0.3,
                )
            )
            _bar_value(drawing, x + bar / 2, top, value, min(bar + 6, slot - 2), value < 0)
    return drawing


def _bar_value(drawing: Drawing, centre: float, top: float, value: float, room: float, below: bool) -> None:
    text = format_number(value)
    if rich.width(text, SMALL_SIZE) <= room:  # no wider than the bar and a little, nor than its category
        drawing.add(label(centre, top - 9 if below else top + 2, text, SMALL_SIZE, anchor="middle"))


def line_chart(chart: LineChart, width: float, labels: ChartLabels = ChartLabels()) -> Drawing:
    """One line per series over the x labels (years); gaps where a value is missing."""
    if not chart.x_labels or not _values(chart.series):
        return _no_data(width, labels.no_data)
    drawing, plot, slot = _category_chart_frame(
        chart.x_labels, chart.series, chart.unit, chart.value_label, width, labels
    )
    few_points = len(chart.x_labels) * len(chart.series) <= 24
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        points = [
            (plot.x + slot * (i + 0.5), plot.y_of(v)) if v is not None else None
            for i, v in enumerate(map(finite, series.values[: len(chart.x_labels)]))
        ]
        for segment in _segments(points):
            flat = [c for point in segment for c in point]
            drawing.add(
                PolyLine(
                    flat, strokeColor=colour, strokeWidth=1.4, strokeDashArray=DASHES[s_index % len(DASHES)]
                )
            )
        for index, point in enumerate(points):
            if point is not None:
                drawing.add(_marker(point, s_index, colour))
                if few_points:
                    value = series.values[index]
                    drawing.add(
                        label(point[0], point[1] + 5, format_number(value), SMALL_SIZE, anchor="middle")
                    )
    return drawing


def _segments(points: list) -> list[list[tuple[float, float]]]:
    segments, current = [], []
    for point in points + [None]:
        if point is None:
            if len(current) > 1:
                segments.append(current)
            current = []
        else:
            current.append(point)
    return segments


def _marker(point: tuple[float, float], index: int, colour) -> object:
    x, y, r = point[0], point[1], 2.6
    style = {"fillColor": colour, "strokeColor": colors.black, "strokeWidth": 0.4}
    shape = index % 4
    if shape == 0:
        return Circle(x, y, r, **style)
    if shape == 1:
        return Rect(x - r, y - r, 2 * r, 2 * r, **style)
    if shape == 2:
        return Polygon([x, y + r * 1.2, x - r * 1.1, y - r, x + r * 1.1, y - r], **style)
    return Polygon([x, y + r * 1.3, x + r * 1.3, y, x, y - r * 1.3, x - r * 1.3, y], **style)


# -- pie -------------------------------------------------------------------------------------------


def pie_chart(chart: PieChart, width: float, labels: ChartLabels = ChartLabels()) -> Drawing:
    """Shares of a whole: the pie on the left, a legend with value, unit and percentage on the right."""
    shares = [(n, v) for n, v in zip(chart.labels, map(finite, chart.values)) if v is not None and v > 0]
    if not shares:
        return _no_data(width, labels.no_data)
    largest = max(v for _, v in shares)  # shares of scaled values: 1e308 + 1e308 must not overflow
    weight = sum(v / largest for _, v in shares)
    fractions = [v / largest / weight for _, v in shares]
    diameter = min(width * 0.42, 210.0)
    legend_x = diameter + 30
    entries = [
        wrap(
            f"{name}  {format_number(value)}{' ' + chart.unit if chart.unit else ''}  ({fraction:.1%})",
            FONT_SIZE,
            width - legend_x - 16,
            max_lines=2,
        )
        for (name, value), fraction in zip(shares, fractions)
    ]
    legend_height = sum(len(lines) * LINE_HEIGHT + 4 for lines in entries)
    height = max(diameter + 20, legend_height + 10)
    drawing = new_drawing(width, height)
    cx, cy, radius = 10 + diameter / 2, height / 2, diameter / 2
    _draw_wedges(drawing, fractions, cx, cy, radius)
    y = height / 2 + legend_height / 2
    for index, lines in enumerate(entries):
        y -= LINE_HEIGHT
        drawing.add(_swatch(legend_x, y - 1, index))
        for row, line in enumerate(lines):
            drawing.add(label(legend_x + 14, y - row * LINE_HEIGHT, line, FONT_SIZE))
        y -= (len(lines) - 1) * LINE_HEIGHT + 4
    return drawing


def _draw_wedges(drawing: Drawing, fractions: list[float], cx: float, cy: float, radius: float) -> None:
    angle = 90.0  # clockwise from twelve o'clock, as reports usually draw pies
    for index, fraction in enumerate(fractions):
        sweep = 360.0 * fraction
        fill = PALETTE[index % len(PALETTE)]
        style = {"fillColor": fill, "strokeColor": colors.white, "strokeWidth": 0.8}
        if sweep >= 359.99:
            drawing.add(Circle(cx, cy, radius, **style))
        elif sweep >= 0.01:  # ReportLab divides by zero on an empty arc; such a sliver is invisible anyway
            drawing.add(Wedge(cx, cy, radius, angle - sweep, angle, **style))
        if sweep >= 14:  # about 4 %: smaller wedges have their percentage in the legend only
            middle = math.radians(angle - sweep / 2)
            x, y = cx + radius * 0.66 * math.cos(middle), cy + radius * 0.66 * math.sin(middle)
            drawing.add(label(x, y - 3, f"{fraction:.1%}", SMALL_SIZE, anchor="middle", color=_ink_on(fill)))
        angle -= sweep


def _ink_on(fill) -> object:
    luminance = 0.299 * fill.red + 0.587 * fill.green + 0.114 * fill.blue
    return colors.white if luminance < 0.5 else colors.black


# -- Sankey ----------------------------------------------------------------------------------------

BAND_STYLES = {"forward": ("#8fb4de", 0.75), "loss": ("#e8a33d", 0.75), "back": ("#7fb069", 0.5)}
NODE_COLOR = colors.HexColor("#333333")


def sankey_chart(chart: Sankey, width: float, labels: ChartLabels = ChartLabels()) -> Drawing:
    """Nodes as dark bars in columns, links as translucent bands, each node labelled with its value."""
    node_text = {n.id: n.label for n in chart.nodes}
    if not any(link.value and link.value > 0 for link in chart.links):
        return _no_data(width, labels.no_data)
    unit = f" {chart.unit}" if chart.unit else ""
    probe = layout_sankey(chart.nodes, chart.links, width, 100)
    last_column = max(n.column for n in probe.nodes)
    label_space = max(
        (rich.width(node_text[n.id], FONT_SIZE) for n in probe.nodes if n.column == last_column), default=0.0
    )
    label_space = min(max(label_space + 8, 60.0), width * 0.3)
    tallest = max(sum(1 for n in probe.nodes if n.column == c) for c in range(last_column + 1))
    height = max(width * 0.55, tallest * 34.0)
    layout = layout_sankey(chart.nodes, chart.links, width - label_space, height - 8, node_width=7)
    # With a hundred unit operations the columns are a few points apart: their labels would pile up
    # unreadably, so only the sources and sinks keep theirs (the tables list every unit).
    crowded = (width - label_space) / max(last_column, 1) < SANKEY_LABEL_SPACING
    drawing = new_drawing(width, height)
    flip = lambda y: height - 4 - y
    # Back-links first, so that the forward flow stays on top where a loop crosses it.
    for band in sorted(layout.links, key=lambda b: b.kind != "back"):
        drawing.add(_band_path(band.outline, flip, band.kind))
    for node in layout.nodes:
        bar = Rect(
            node.x,
            flip(node.bottom),
            node.width,
            max(node.height, 0.6),
            fillColor=NODE_COLOR,
            strokeColor=None,
        )
        drawing.add(bar)
        if crowded and 0 < node.column < last_column:
            continue
        name = wrap(node.label, FONT_SIZE, label_space - 6, 1)[0]
        _node_label(
            drawing,
            node.right + 3,
            flip(node.y + node.height / 2),
            name,
            f"{format_number(node.value)}{unit}",
        )
    return drawing


def _node_label(drawing: Drawing, x: float, centre: float, name: str, value: str) -> None:
    """Name over value, on a translucent white backing so that it reads over the bands."""
    backing = max(rich.width(name, FONT_SIZE), rich.width(value, SMALL_SIZE)) + 3
    drawing.add(
        Rect(x - 1, centre - 10, backing, 21, fillColor=colors.white, fillOpacity=0.6, strokeColor=None)
    )
    drawing.add(label(x, centre + 1, name, FONT_SIZE))
    drawing.add(label(x, centre - 8, value, SMALL_SIZE))


def _band_path(outline, flip, kind: str) -> Path:
    colour, opacity = BAND_STYLES[kind]
    path = Path(fillColor=colors.HexColor(colour), strokeColor=None, fillOpacity=opacity)
    for command, args in outline:
        if command == "M":
            path.moveTo(args[0], flip(args[1]))
        elif command == "L":
            path.lineTo(args[0], flip(args[1]))
        elif command == "C":
            path.curveTo(args[0], flip(args[1]), args[2], flip(args[3]), args[4], flip(args[5]))
        else:
            path.closePath()
    return path
