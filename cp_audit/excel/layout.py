"""One worksheet laid out in memory, then streamed into a write-only workbook: title and enterprise rows,
tables with header rows (units in the headers), body, total, section and note rows; column widths fitted
to the content, frozen header, and the print setup (A4, fit to width, repeated header, 制表/审核 footer)."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

from cp_audit.excel import sheet_xml, styles
from cp_audit.excel.cells import Formula, Styled, cell_value, looks_like_formula, text_width, value_width

MIN_WIDTH, MAX_WIDTH = 6, 48
HEADER_WIDTH_CAP = 16  # headers wrap: a long header does not widen its column beyond this
PORTRAIT_WIDTH = 100  # total column width (characters) that still fits an A4 portrait page
BORDER_ROWS = 3000  # larger sheets print grid lines instead of styling every cell with a border
PAPER_A4 = 9  # the paperSize code of A4 in SpreadsheetML
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """A column of a table: its header (a msgid), the kind of its values, the unit shown in the header."""

    header: str
    kind: str = "text"
    unit: str | None = None
    literal: bool = False  # the header is the user's text (a period, a candidate), not a msgid


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, not starting or ending with ', at most 31 characters."""
    title = name.translate(_BAD_SHEET_CHARS).strip().strip("'") or "Sheet"
    title = title[:31]
    candidate, number = title, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f"({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


class SheetBuilder:
    """Rows of one worksheet. Row numbers are known while building, so formulas can refer to cells."""

    def __init__(self, name: str, title: str, *, enterprise: str, on: date, translate):
        self.name = name
        self.title = title
        self._ = translate
        self.rows: list[list[Any]] = []
        self.merges: list[str] = []
        self.widths: dict[int, int] = {}
        self.columns: list[Column] = []
        self.header_rows: tuple[int, int] | None = None
        self.first_table_width = 1
        self.enterprise = enterprise
        self._append([Styled(title, styles.TITLE)])
        subtitle = (
            self._("{0}：{1}").format(self._("企业名称"), enterprise)
            + "    "
            + self._("{0}：{1}").format(self._("填表日期"), on.isoformat())
        )
        self._append([Styled(subtitle, styles.SUBTITLE)])

    # ---- building ------------------------------------------------------------------------------

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def table(self, columns: Sequence[Column], *, group_headers: Sequence[tuple[str, int]] = ()) -> int:
        """Start a table: an optional row of group headers (text as shown, span), then the column headers."""
        self.columns = list(columns)
        first = self.next_row
        if group_headers:
            row, column = [], 1
            for text, span in group_headers:
                row += [Styled(text, styles.HEADER)] + [Styled(None, styles.HEADER)] * (span - 1)
                if span > 1:
                    self.merges.append(
                        f"{get_column_letter(column)}{first}:{get_column_letter(column + span - 1)}{first}"
                    )
                column += span
            self._append(row)
        headers = [Styled(self.header_text(c), styles.HEADER) for c in self.columns]
        last = self._append(headers)
        for index, column in enumerate(self.columns, 1):
            self._widen(index, min(text_width(self.header_text(column)), HEADER_WIDTH_CAP))
        if self.header_rows is None:
            self.header_rows = (first, last)
            self.first_table_width = len(self.columns)
        return last

    def header_text(self, column: Column) -> str:
        text = column.header if column.literal else self._(column.header)
        return self._("{0}（{1}）").format(text, column.unit) if column.unit else text

    def add(self, values: Sequence[Any]) -> int:
        """A body row; each value takes its column's style unless it is Styled. Returns its row number."""
        return self._append([self._body(v, i) for i, v in enumerate(values)], measure=True)

    def total(self, values: Sequence[Any]) -> int:
        row = []
        for index, value in enumerate(values):
            kind = self.columns[index].kind if index < len(self.columns) else "text"
            row.append(
                value if isinstance(value, Styled) else Styled(value, styles.style_name(kind, total=True))
            )
        return self._append(row, measure=True)

    def section(self, text: str, span: int | None = None) -> int:
        span = span or max(len(self.columns), 1)
        row = self.next_row
        self._append([Styled(text, styles.SECTION)] + [Styled(None, styles.SECTION)] * (span - 1))
        if span > 1:
            self.merges.append(f"A{row}:{get_column_letter(span)}{row}")
        return row

    def note(self, text: str) -> int:
        return self._append([Styled(text, styles.NOTE)])

    def blank(self) -> int:
        return self._append([])

    @staticmethod
    def ref(column: int, row: int, *, absolute: bool = False) -> str:
        letter = get_column_letter(column)
        return f"${letter}${row}" if absolute else f"{letter}{row}"

    @staticmethod
    def span(column: int, first: int, last: int) -> str:
        letter = get_column_letter(column)
        return f"{letter}{first}:{letter}{last}"

    def _body(self, value: Any, index: int) -> Any:
        if isinstance(value, Styled):
            return value
        kind = self.columns[index].kind if index < len(self.columns) else "text"
        return (value, kind)

    def _append(self, row: list[Any], *, measure: bool = False) -> int:
        self.rows.append(row)
        if measure:
            for index, value in enumerate(row, 1):
                self._widen(index, value_width(value[0] if isinstance(value, tuple) else value))
        return len(self.rows)

    def _widen(self, column: int, width: int) -> None:
        if width > self.widths.get(column, 0):
            self.widths[column] = width

    # ---- writing -------------------------------------------------------------------------------

    def write(self, workbook, title: str) -> None:
        """Stream the rows into a new sheet of a write-only workbook (styles must be registered)."""
        worksheet = workbook.create_sheet(title=title)
        bordered = len(self.rows) <= BORDER_ROWS
        widths = {c: max(MIN_WIDTH, min(w + 2, MAX_WIDTH)) for c, w in self.widths.items()}
        for column, width in widths.items():
            worksheet.column_dimensions[get_column_letter(column)].width = width
        self._merge_title()
        # in one go: adding ranges one by one compares each with all before it (2,000 merges in a big export)
        worksheet.merged_cells = MultiCellRange([CellRange(merge) for merge in dict.fromkeys(self.merges)])
        self._print_setup(worksheet, sum(widths.values()), bordered)
        writer = _RowWriter(worksheet, bordered, widths)
        if sheet_xml.available():
            resolve = writer.resolve
            sheet_xml.write_rows(
                worksheet,
                ([resolve(value, index) for index, value in enumerate(row, 1)] for row in self.rows),
            )
            return
        for row in self.rows:
            worksheet.append([writer.cell(value, index) for index, value in enumerate(row, 1)])

    def _merge_title(self) -> None:
        width = max(self.first_table_width, 1)
        if width > 1:
            self.merges[:0] = [f"A1:{get_column_letter(width)}1", f"A2:{get_column_letter(width)}2"]

    def _print_setup(self, worksheet, total_width: int, bordered: bool) -> None:
        setup = worksheet.page_setup
        setup.paperSize = PAPER_A4
        setup.orientation = "landscape" if total_width > PORTRAIT_WIDTH else "portrait"
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        worksheet.print_options.gridLines = not bordered
        worksheet.print_options.horizontalCentered = True
        if self.header_rows is not None:
            first, last = self.header_rows
            worksheet.print_title_rows = f"{first}:{last}"
            worksheet.freeze_panes = f"A{last + 1}"
        footer = self._("制表：") + " " * 16 + self._("审核：") + " " * 16 + self._("第 &P 页 共 &N 页")
        worksheet.oddFooter.center.text = footer
        if self.enterprise:  # an empty header part is written as a bare "&R", which readers reject
            worksheet.oddHeader.right.text = self.enterprise[:80].replace("&", "&&")


class _Cell(Cell):
    """A styled cell for a write-only sheet. openpyxl's append first tries each value as a plain value and
    builds its error message from repr(cell), which computes the coordinate: for most cells of a big
    export that message cost more than writing the cell. Only the repr differs."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<styled cell>"


class _RowWriter:
    """Turns laid-out values into cells; plain text needs no cell object, which keeps big sheets fast."""

    def __init__(self, worksheet, bordered: bool, widths: dict[int, int]):
        self.worksheet = worksheet
        self.bordered = bordered
        self.widths = widths
        self._styles: dict[str, object] = {}

    def cell(self, value: Any, column: int) -> Any:
        """The openpyxl cell (or plain text) for a laid-out value."""
        resolved = self.resolve(value, column)
        if isinstance(resolved, str):
            if resolved in ERROR_CODES:  # openpyxl would write text such as "#N/A" as an error value
                cell = _Cell(self.worksheet, row=1, column=1, value=resolved)
                cell.data_type = "s"
                return cell
            return resolved
        value, style, formula = resolved
        return self._styled(value, style, formula=formula)

    def resolve(self, value: Any, column: int) -> sheet_xml.Resolved:
        """What a laid-out value is written as: plain text, or (value, named style, is a formula)."""
        if isinstance(value, Styled):
            if isinstance(value.value, Formula):
                return value.value.text, value.style, True
            return cell_value(value.value), value.style, False
        value, kind = value
        if isinstance(value, Formula):
            return value.text, styles.style_name(kind, bordered=self.bordered), True
        value = cell_value(value)
        wrap = isinstance(value, str) and text_width(value) > self.widths.get(column, MAX_WIDTH) - 2
        if (
            kind in styles.TEXT_KINDS
            and isinstance(value, str)
            and not self.bordered
            and not wrap
            and not looks_like_formula(value)
        ):
            return value  # the fast path: most cells of a large sheet
        if isinstance(value, date) and kind not in ("date",):
            kind = "date"
        if isinstance(value, str) and kind not in styles.TEXT_KINDS:
            kind = "text"  # a note such as "—" in a number column
        wrap = wrap and kind in styles.TEXT_KINDS
        return value, styles.style_name(kind, bordered=self.bordered, wrap=wrap), False

    def _styled(self, value: Any, style: str, *, formula: bool = False) -> _Cell:
        risky = isinstance(value, str) and not formula and looks_like_formula(value)
        array = self._style_array(style)
        cell = _Cell(
            self.worksheet, row=1, column=1, value=value, style_array=copy(array) if risky else array
        )
        if isinstance(value, str) and not formula:
            cell.data_type = "s"  # user text is text, even when it starts with "=" (never a formula)
            if risky:
                cell.quotePrefix = True  # and stays text when edited in Excel
        return cell

    def _style_array(self, style: str):
        """The cell format of a named style, looked up once per sheet: assigning `cell.style` by name
        costs a list scan of every named style for each cell."""
        if style not in self._styles:
            probe = WriteOnlyCell(self.worksheet)
            probe.style = style
            self._styles[style] = probe._style  # openpyxl's StyleArray; shared by the sheet's cells
        return self._styles[style]
