"""Report tables as ReportLab flowables: value formatting from the column spec, widths from the content.

Style: thin grey grid, grey header, very light zebra rows, so it prints well in black and white.
"""

from __future__ import annotations

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
    if column.kind == "text":
        return 2 * size + 2 * PADDING  # two characters: CJK wrapping may break anywhere
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
    rows: list[list[Flowable]] = [[BoldParagraph(rich.markup(h), header_style, ratio) for h in headers]]
    for index, row in enumerate(body, start=1):
        make = (lambda t, s: BoldParagraph(t, s, ratio)) if index == total_index else Paragraph
        rows.append([make(rich.markup(text), cells[c.alignment]) for text, c in zip(row, table.columns)])
    widths = column_widths(natural, minimum, width)
    result = RLTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="CENTER")
    result.setStyle(_grid_style(len(rows), total_index))
    return result


def _column_extents(columns, headers, body, size: float, cap: float) -> tuple[list[float], list[float]]:
    natural, minimum = [], []
    for i, column in enumerate(columns):
        texts = [row[i] for row in body]
        natural.append(max(_measure(texts, size, cap), _measure([headers[i]], size, cap)))
        minimum.append(_minimum(column, texts, size, cap))
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


def _grid_style(row_count: int, total_index: int | None) -> TableStyle:
    commands = [
        FONT_COMMAND,
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    last_zebra = (total_index - 1) if total_index else row_count - 1
    if last_zebra >= 1:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, last_zebra), [colors.white, ZEBRA_FILL]))
    if total_index:
        commands.append(("BACKGROUND", (0, total_index), (-1, total_index), TOTAL_FILL))
        commands.append(("LINEABOVE", (0, total_index), (-1, total_index), 0.9, colors.black))
    return TableStyle(commands)


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
    # + 2: the label cells are padded by PADDING + 1 on each side
    label_width = min(_measure([label for label, _ in block.rows], size, width * 0.35) + 2 + 1, width * 0.35)
    value_column = Column("")
    rows = [
        [
            Paragraph(rich.markup(label), styles.cells["left"]),
            Paragraph(rich.markup(format_value(value, value_column)), styles.cells["left"]),
        ]
        for label, value in block.rows
    ]
    result = RLTable(rows, colWidths=[label_width, width - label_width], splitInRow=1, hAlign="CENTER")
    result.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BOX", (0, 0), (-1, -1), 0.9, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING + 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING + 1),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    flowables += [result, Spacer(1, styles.body.fontSize * 0.75)]
    return flowables
