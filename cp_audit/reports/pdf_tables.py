"""Report tables as ReportLab flowables: value formatting from the column spec, widths from the content.

Style: thin grey grid, grey header, very light zebra rows, so it prints well in black and white.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from cp_audit.reports import text as rich
from cp_audit.reports.fonts import CJK
from cp_audit.reports.formatting import format_value
from cp_audit.reports.line_breaks import longest_word
from cp_audit.reports.model import Column, KeyValueTable, Table
from cp_audit.reports.pdf_styles import BoldParagraph, CachedParagraph, Styles, table_cell
from cp_audit.reports.template import Labels

PADDING = 3.0
GRID = colors.Color(0.45, 0.45, 0.45)
HEADER_FILL = colors.Color(0.87, 0.87, 0.87)
ZEBRA_FILL = colors.Color(0.95, 0.95, 0.95)
TOTAL_FILL = colors.Color(0.91, 0.91, 0.91)
MAX_COLUMN_SHARE = 0.6  # no column's natural width may claim more than this share of the frame
MAX_KEY_SHARE = 0.4  # the key columns repeated in each part of a wide table: at most this share
MAX_PART_COLUMNS = 12  # columns in one part of a table too wide for the page, key columns included
SHRINK_FACTORS = (1.0, 0.9, 0.8, 0.7)
MAX_WORD_CHARS = 12  # em widths: the widest word a column's minimum width keeps whole
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


def _minimum(column: Column, texts: list[str], header: str, size: float, cap: float) -> float:
    # Room for the longest word too (header and text cells), so that "Quantity" is not cut as "Quantit/y";
    # a word longer than MAX_WORD_CHARS may still be cut rather than widen its column further.
    words = [header, *texts] if column.kind == "text" else [header]
    word = _measure([longest_word(t) for t in words], size, min(cap, MAX_WORD_CHARS * size + 2 * PADDING))
    if column.kind == "text":  # CJK wrapping may break anywhere, but under 4 characters a line reads badly
        return max(min(_measure(texts + [header], size, cap), 4 * size + 2 * PADDING), word)
    return max(_measure(texts, size, cap), word)  # numbers are not broken when the table can avoid it


def table_flowables(table: Table, label: str, styles: Styles, labels: Labels, width: float) -> list[Flowable]:
    """Caption above ("表3-2 …"), the table with its header repeated on every page, then the notes.

    A table too wide for the page even in the smallest font comes in parts of whole column groups, each
    under its own caption ("续表3-2 …") and repeating the key columns."""
    title = rich.single_line(table.caption)
    flowables: list[Flowable] = [_caption(f"{label} {title}", styles)]
    if table.columns:
        text = TableText.of(table, labels)
        for index, part in enumerate(column_parts(table, text, styles, width)):
            if index:
                continued = labels.table_continued.format(label=label) if label else ""
                flowables += [Spacer(1, styles.body.fontSize * 0.5), _caption(f"{continued} {title}", styles)]
            flowables.append(_data_table(text.part(part), styles, width))
    else:
        flowables.append(CachedParagraph(rich.markup(labels.no_data), styles.cells["center"]))
    for note in table.notes:
        flowables.append(CachedParagraph(rich.markup(labels.notes_prefix + note), styles.note))
    flowables.append(Spacer(1, styles.body.fontSize * 0.5))
    return flowables


def _caption(text: str, styles: Styles) -> CachedParagraph:
    caption = CachedParagraph(rich.markup(text.strip()), styles.caption)
    caption.keepWithNext = 1
    return caption


@dataclass
class TableText:
    """A table as the texts it shows: column specs, header texts, formatted body rows (total row last),
    and the measured column widths per font size (each column's own, so parts reuse them)."""

    columns: list[Column]
    headers: list[str]
    body: list[list[str]]
    total_index: int | None  # index of the total row in the physical table (the header is row 0)
    measured: dict[tuple[float, float], tuple[list[float], list[float]]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: Table, labels: Labels) -> TableText:
        total_index = len(table.rows) + 1 if table.total_row is not None else None
        headers = [_header_text(c, labels) for c in table.columns]
        return cls(list(table.columns), headers, _rows_as_text(table), total_index)

    def extents(self, size: float, cap: float) -> tuple[list[float], list[float]]:
        """Natural and minimum width of each column at font `size`, none wider than `cap`."""
        if (size, cap) not in self.measured:
            self.measured[size, cap] = _column_extents(self, size, cap)
        return self.measured[size, cap]

    def part(self, indexes: list[int]) -> TableText:
        if len(indexes) == len(self.columns):
            return self
        measured = {
            key: ([natural[i] for i in indexes], [minimum[i] for i in indexes])
            for key, (natural, minimum) in self.measured.items()
        }
        return TableText(
            [self.columns[i] for i in indexes],
            [self.headers[i] for i in indexes],
            [[row[i] for i in indexes] for row in self.body],
            self.total_index,
            measured,
        )


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


def column_parts(table: Table, text: TableText, styles: Styles, width: float) -> list[list[int]]:
    """Column indexes of each part: all columns when there are at most MAX_PART_COLUMNS and they fit in the
    smallest font; otherwise the key columns plus as many whole groups as fit in the normal font (at most
    MAX_PART_COLUMNS in all), spread evenly."""
    count, cap, size = len(text.columns), width * MAX_COLUMN_SHARE, styles.cells["left"].fontSize
    minimum = text.extents(size, cap)[1]
    if count <= MAX_PART_COLUMNS and (
        sum(minimum) <= width or sum(text.extents(size * SHRINK_FACTORS[-1], cap)[1]) <= width
    ):
        return [list(range(count))]
    keys = min(max(table.key_columns, 0), count - 1)
    while keys and sum(minimum[:keys]) > width * MAX_KEY_SHARE:  # keys must leave room for the data
        keys -= 1
    group = max(table.column_group, 1) if keys == table.key_columns else 1
    rest = list(range(keys, count))
    groups = [rest[i : i + group] for i in range(0, len(rest), group)]
    room = width - sum(minimum[:keys])

    def fits(part: list[int]) -> bool:
        return len(part) + keys <= MAX_PART_COLUMNS and sum(minimum[i] for i in part) <= room

    if not all(fits(g) for g in groups):  # a group wider than the page: its columns go separately
        groups = [[i] for i in rest]
    parts = _packed(groups, fits)
    return [list(range(keys)) + part for part in parts]


def _packed(groups: list[list[int]], fits) -> list[list[int]]:
    """Groups in order, in as few parts as greedy packing needs, then as evenly spread as still fits."""
    greedy: list[list[int]] = [[]]
    for group in groups:
        if greedy[-1] and not fits(greedy[-1] + group):
            greedy.append([])
        greedy[-1] += group
    count, extra = divmod(len(groups), len(greedy))  # the first `extra` parts take one group more
    bounds = [i * count + min(i, extra) for i in range(len(greedy) + 1)]
    even = [[c for g in groups[a:b] for c in g] for a, b in pairwise(bounds)]
    return even if all(fits(p) for p in even) else greedy


def _data_table(text: TableText, styles: Styles, width: float) -> RLTable:
    cap = width * MAX_COLUMN_SHARE
    for factor in SHRINK_FACTORS:  # a wide table gets a smaller font before its numbers must wrap
        natural, minimum = text.extents(styles.cells["left"].fontSize * factor, cap)
        if sum(minimum) <= width:
            break
    cells = {align: _scaled(style, factor) for align, style in styles.cells.items()}
    header_style = _scaled(styles.header_cell, factor)
    ratio = styles.bold_stroke_ratio
    logical: list[list[Flowable]] = [
        [BoldParagraph(rich.markup(h), header_style, ratio) for h in text.headers]
    ]
    for index, row in enumerate(text.body, start=1):
        make = (lambda t, s: BoldParagraph(t, s, ratio)) if index == text.total_index else table_cell
        logical.append([make(rich.markup(cell), cells[c.alignment]) for cell, c in zip(row, text.columns)])
    widths = column_widths(natural, minimum, width)
    grid = split_tall_rows(logical, widths)
    header_rows = grid.spans[0][1] + 1
    repeat = header_rows if header_rows <= 2 else 0  # a header that tall is not worth repeating
    result = GridTable(grid.rows, colWidths=widths, repeatRows=repeat, hAlign="CENTER")
    result.setStyle(_grid_style(grid, text.total_index))
    result.shade(_zebra_rows(grid))
    return result


def _column_extents(text: TableText, size: float, cap: float) -> tuple[list[float], list[float]]:
    natural, minimum = [], []
    for i, column in enumerate(text.columns):
        texts = [row[i] for row in text.body]
        header = text.headers[i]
        natural.append(max(_measure(texts, size, cap), _measure([header], size, cap)))
        minimum.append(_minimum(column, texts, header, size, cap))
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


class GridTable(RLTable):
    """A table that measures its rows once. ReportLab measures them again on every wrap (several per page
    and pass), and with its long-table shortcut only as many as fill the page; the parts of a split
    get the heights measured here."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["longTableOptimize"] = 0  # the parts of a split are made with ReportLab's arguments
        super().__init__(*args, **kwargs)

    def _calc_height(self, availHeight, availWidth, H=None, W=None):
        if None in self._argH:
            super()._calc_height(availHeight, availWidth, H, W)
            if None not in self._rowHeights:
                self._argH = self._rowHeights  # the cells' heights depend only on the fixed column widths
            return
        # Heights known: the row positions, bottom up, summed in C. ReportLab sums them in Python on every
        # wrap, and the remainder of a table split over 50 pages is wrapped about three times a page.
        heights = self._argH
        positions = list(accumulate(reversed(heights), initial=0.0))
        positions.reverse()
        self._rowpositions, self._height, self._hmax = positions, positions[0], len(heights)

    def shade(self, rows: Iterable[int]) -> None:
        """Zebra `rows`, marked on the style of their first cell, which the parts of a split take along.
        As BACKGROUND commands (one per row) ReportLab copied them into every part: rows × pages."""
        for row in rows:
            self._cellStyles[row][0].zebra = True

    def _drawBkgrnd(self):
        shaded = [row for row, styles in enumerate(self._cellStyles) if getattr(styles[0], "zebra", False)]
        left, rows = self._colpositions[0], self._rowpositions
        width = self._colpositions[-1] - left
        for first, last in _runs(shaded):  # a logical row's continuation rows in one rectangle
            self.canv.setFillColor(ZEBRA_FILL)
            self.canv.rect(left, rows[first], width, rows[last + 1] - rows[first], stroke=0, fill=1)
        super()._drawBkgrnd()  # the header's and the total row's fills, over the zebra


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """First and last of each run of consecutive numbers in `rows` (sorted)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


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


def _grid_style(grid: Grid, total_index: int | None, label_column: bool = False) -> TableStyle:
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
        commands += _logical_row_commands(first, last)
    commands += _row_rules(grid)
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


def _zebra_rows(grid: Grid) -> list[int]:
    """Physical rows of every second logical row (the second, fourth … after the header)."""
    return [
        row
        for index, (first, last) in enumerate(grid.spans)
        if index and index % 2 == 0
        for row in range(first, last + 1)
    ]


def _logical_row_commands(first: int, last: int) -> list[tuple]:
    commands: list[tuple] = []
    if last > first:  # continuation rows read as one row: top-aligned, no gaps between the pieces
        commands.append(("VALIGN", (0, first), (-1, last), "TOP"))
        commands.append(("BOTTOMPADDING", (0, first), (-1, last - 1), 0))
        commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0))
    return commands


def _row_rules(grid: Grid) -> list[tuple]:
    """A thin rule above each logical row but the header, one command per run of adjacent rows: ReportLab
    copies the line commands into each part of a table split across pages, so a command per row cost
    rows × pages for a long table."""
    starts = [first for first, _ in grid.spans[1:]]
    return [("LINEABOVE", (0, first), (-1, last), 0.4, GRID) for first, last in _runs(starts)]


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
            table_cell(rich.markup(label), styles.cells["left"]),
            table_cell(rich.markup(format_value(value, value_column)), styles.cells["left"]),
        ]
        for label, value in block.rows
    ]
    grid = split_tall_rows(logical, widths)
    result = GridTable(grid.rows, colWidths=widths, hAlign="CENTER")
    result.setStyle(_grid_style(grid, None, label_column=True))
    flowables += [result, Spacer(1, styles.body.fontSize * 0.75)]
    return flowables
