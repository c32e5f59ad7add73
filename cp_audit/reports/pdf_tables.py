"""Report tables as ReportLab flowables: value formatting from the column spec, widths from the content.

Style: thin grey grid, grey header, very light zebra rows, so it prints well in black and white.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from cp_audit.reports import text as rich
from cp_audit.reports.fonts import CJK
from cp_audit.reports.formatting import format_value
from cp_audit.reports.model import Column, KeyValueTable, Table
from cp_audit.reports.pdf_styles import BoldParagraph, Styles
from cp_audit.reports.template import Labels

PADDING = 3.0
GRID = colors.Color(0.45, 0.45, 0.45)
HEADER_FILL = colors.Color(0.87, 0.87, 0.87)
ZEBRA_FILL = colors.Color(0.95, 0.95, 0.95)
TOTAL_FILL = colors.Color(0.91, 0.91, 0.91)
MAX_COLUMN_SHARE = 0.6  # no column's natural width may claim more than this share of the frame
SHRINK_FACTORS = (1.0, 0.9, 0.8, 0.7)
# Taller cells continue in extra rows of the same logical row. ReportLab's own in-row splitting
# (splitInRow) repeated header rows in a loop and left empty giant rows when a 5,000-character cell
# followed another split row, so rows are cut here and ReportLab only ever splits between rows.
MAX_ROW_HEIGHT = 200.0
# Cells are Paragraphs, but ReportLab still selects each cell style's font (Helvetica by default) before
# drawing a cell, which would put a non-embedded font into the PDF.
FONT_COMMAND = ("FONT", (0, 0), (-1, -1), CJK)


def column_widths(natural: list[float], minimum: list[float], total: float) -> list[float]:
    """Fill `total`: grow natural widths in proportion, or shrink toward the minimums when too wide."""
    natural = [max(n, m) for n, m in zip(natural, minimum)]
    if sum(natural) <= total:
        return [n * total / sum(natural) for n in natural]
    if sum(minimum) >= total:
        return [m * total / sum(minimum) for m in minimum]
    spare = total - sum(minimum)
    flexible = [n - m for n, m in zip(natural, minimum)]
    return [m + spare * f / sum(flexible) for m, f in zip(minimum, flexible)]


def _measure(texts: list[str], size: float, cap: float) -> float:
    return min(max((rich.width(t, size) for t in texts), default=0.0) + 2 * PADDING, cap)


def _minimum(column: Column, texts: list[str], size: float, cap: float) -> float:
    if column.kind == "text":  # CJK wrapping may break anywhere, but under 4 characters a line reads badly
        return min(_measure(texts, size, cap), 4 * size + 2 * PADDING)
    return _measure(texts, size, cap)  # numbers are not broken when the table can avoid it


def table_flowables(table: Table, label: str, styles: Styles, labels: Labels, width: float) -> list[Flowable]:
    """Caption above ("表3-2 …"), the table with its header repeated on every page, then the notes."""
    caption = Paragraph(rich.markup(f"{label} {rich.single_line(table.caption)}".strip()), styles.caption)
    caption.keepWithNext = 1
    flowables: list[Flowable] = [caption]
    if table.columns:
        flowables.append(_data_table(table, styles, labels, width))
    else:
        flowables.append(Paragraph(rich.markup(labels.no_data), styles.cells["center"]))
    for note in table.notes:
        flowables.append(Paragraph(rich.markup(labels.notes_prefix + note), styles.note))
    flowables.append(Spacer(1, styles.body.fontSize * 0.5))
    return flowables


def _rows_as_text(table: Table) -> list[list[str]]:
    count = len(table.columns)
    rows = list(table.rows) + ([table.total_row] if table.total_row is not None else [])
    result = []
    for index, row in enumerate(rows):
        if len(row) > count:
            raise ValueError(
                f"Table {table.caption!r}: row {index + 1} has {len(row)} cells for {count} columns"
            )
        cells = list(row) + [None] * (count - len(row))
        result.append([format_value(v, c) for v, c in zip(cells, table.columns)])
    return result


def _header_text(column: Column, labels: Labels) -> str:
    if not column.unit:
        return column.header
    return f"{column.header}\n{labels.unit_format.format(unit=column.unit)}"


def _data_table(table: Table, styles: Styles, labels: Labels, width: float) -> RLTable:
    headers = [_header_text(c, labels) for c in table.columns]
    body = _rows_as_text(table)
    for factor in SHRINK_FACTORS:  # a wide table gets a smaller font before its numbers must wrap
        size = styles.cells["left"].fontSize * factor
        natural, minimum = _column_extents(table.columns, headers, body, size, width * MAX_COLUMN_SHARE)
        if sum(minimum) <= width:
            break
    cells = {align: _scaled(style, factor) for align, style in styles.cells.items()}
    header_style = _scaled(styles.header_cell, factor)
    ratio = styles.bold_stroke_ratio
    total_index = len(table.rows) + 1 if table.total_row is not None else None
    logical: list[list[Flowable]] = [[BoldParagraph(rich.markup(h), header_style, ratio) for h in headers]]
    for index, row in enumerate(body, start=1):
        make = (lambda t, s: BoldParagraph(t, s, ratio)) if index == total_index else Paragraph
        logical.append([make(rich.markup(text), cells[c.alignment]) for text, c in zip(row, table.columns)])
    widths = column_widths(natural, minimum, width)
    grid = split_tall_rows(logical, widths)
    header_rows = grid.spans[0][1] + 1
    repeat = header_rows if header_rows <= 2 else 0  # a header that tall is not worth repeating
    result = RLTable(grid.rows, colWidths=widths, repeatRows=repeat, hAlign="CENTER")
    result.setStyle(_grid_style(grid, total_index, zebra=True))
    return result


def _column_extents(columns, headers, body, size: float, cap: float) -> tuple[list[float], list[float]]:
    natural, minimum = [], []
    for i, column in enumerate(columns):
        texts = [row[i] for row in body]
        natural.append(max(_measure(texts, size, cap), _measure([headers[i]], size, cap)))
        minimum.append(_minimum(column, texts + [headers[i]] if column.kind == "text" else texts, size, cap))
    return natural, minimum


def _scaled(style: ParagraphStyle, factor: float) -> ParagraphStyle:
    if factor == 1:
        return style
    return ParagraphStyle(
        f"{style.name}-{factor}",
        parent=style,
        fontSize=style.fontSize * factor,
        leading=style.leading * factor,
    )


@dataclass
class Grid:
    rows: list[list]  # physical table rows
    spans: list[tuple[int, int]]  # first and last physical row of each logical row


def split_tall_rows(
    logical: list[list[Flowable]], widths: list[float], limit: float = MAX_ROW_HEIGHT
) -> Grid:
    """Cut cells taller than `limit` into pieces laid out in continuation rows below their row."""
    rows: list[list] = []
    spans: list[tuple[int, int]] = []
    for row in logical:
        pieces = [_pieces(cell, w - 2 * PADDING, limit) for cell, w in zip(row, widths)]
        depth = max(len(p) for p in pieces)
        spans.append((len(rows), len(rows) + depth - 1))
        rows += [[p[i] if i < len(p) else "" for p in pieces] for i in range(depth)]
    return Grid(rows, spans)


def _pieces(cell: Flowable, width: float, limit: float) -> list[Flowable]:
    pieces = []
    while True:
        _, height = cell.wrap(width, limit)
        parts = cell.split(width, limit) if height > limit else []
        if len(parts) < 2:  # fits, or cannot be cut (ReportLab then reports the layout problem)
            return pieces + [cell]
        pieces.append(parts[0])
        cell = parts[1]


def _grid_style(grid: Grid, total_index: int | None, zebra: bool, label_column: bool = False) -> TableStyle:
    commands: list[tuple] = [
        FONT_COMMAND,
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, (first, last) in enumerate(grid.spans):
        commands += _logical_row_commands(index, first, last, zebra and index % 2 == 0)
    if label_column:
        commands.append(("BACKGROUND", (0, 0), (0, -1), HEADER_FILL))
    else:
        header_last = grid.spans[0][1]
        commands.append(("BACKGROUND", (0, 0), (-1, header_last), HEADER_FILL))
        commands.append(("LINEBELOW", (0, header_last), (-1, header_last), 0.9, colors.black))
    if total_index is not None:
        first, last = grid.spans[total_index]
        commands.append(("BACKGROUND", (0, first), (-1, last), TOTAL_FILL))
        commands.append(("LINEABOVE", (0, first), (-1, first), 0.9, colors.black))
    return TableStyle(commands)


def _logical_row_commands(index: int, first: int, last: int, shaded: bool) -> list[tuple]:
    commands: list[tuple] = []
    if index:
        commands.append(("LINEABOVE", (0, first), (-1, first), 0.4, GRID))
    if shaded and index:
        commands.append(("BACKGROUND", (0, first), (-1, last), ZEBRA_FILL))
    if last > first:  # continuation rows read as one row: top-aligned, no gaps between the pieces
        commands.append(("VALIGN", (0, first), (-1, last), "TOP"))
        commands.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
        commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
    return commands


def key_value_flowables(block: KeyValueTable, styles: Styles, width: float) -> list[Flowable]:
    """A two-column label/value table, labels on grey; its optional title above, unnumbered."""
    flowables: list[Flowable] = []
    if block.title:
        title = BoldParagraph(rich.markup(block.title), styles.cells["left"], styles.bold_stroke_ratio)
        title.keepWithNext = 1
        flowables += [title, Spacer(1, 3)]
    if not block.rows:
        return flowables
    size = styles.cells["left"].fontSize
    label_width = min(_measure([label for label, _ in block.rows], size, width * 0.35) + 1, width * 0.35)
    widths = [label_width, width - label_width]
    value_column = Column("")
    logical = [
        [
            Paragraph(rich.markup(label), styles.cells["left"]),
            Paragraph(rich.markup(format_value(value, value_column)), styles.cells["left"]),
        ]
        for label, value in block.rows
    ]
    grid = split_tall_rows(logical, widths)
    result = RLTable(grid.rows, colWidths=widths, hAlign="CENTER")
    result.setStyle(_grid_style(grid, None, zebra=False, label_column=True))
    flowables += [result, Spacer(1, styles.body.fontSize * 0.75)]
    return flowables
