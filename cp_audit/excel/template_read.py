"""Reading a filled template: each data sheet's rows as the cells' values keyed by column code. A formula
is read as the value Excel saved with it (never evaluated); a formula without one, or with an error
value, is a problem of its cell. Row and column limits keep a hostile sheet from exhausting memory."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import INLINE_STRING as _INLINE_STRING
from openpyxl.worksheet._reader import WorkSheetParser

from cp_audit.errors import AuditError
from cp_audit.excel import guard
from cp_audit.excel.guard import WorkbookRefused
from cp_audit.excel.template_spec import PERIOD_PREFIX, SHEETS, TemplateSheet, sheet_names
from cp_audit.i18n import _

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 10  # the row of column codes is row 4, unless rows above it were added or removed
CHECK_EVERY = 500  # rows between two looks at the cancel flag

CancelCheck = Callable[[], bool]
#: The value of a cell that could not be read (its problem is already reported; nothing more is said).
UNREADABLE = object()
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")  # <f>, <f t="shared" …/>, <x:f>
_ERROR_VALUE = re.compile(rb"""\st\s*=\s*["']e["']""")  # <c r="B7" t="e">
# Byte strings that every match of the pattern contains: a plain `in` over megabytes of XML is five times
# quicker than the regular expression, which then runs only where one of them occurs.
_HINTS = {_FORMULA: (b"<f", b":f"), _ERROR_VALUE: (b'"e"', b"'e'")}


@dataclass(frozen=True)
class CellProblem:
    """What is wrong where: sheet, row and column as Excel shows them, and why."""

    sheet: str
    row: int | None
    column: str | None  # the column letter
    header: str | None
    reason: str

    def __str__(self) -> str:
        place = [self.sheet]
        if self.row is not None:
            place.append(_("第 {0} 行").format(self.row))
        if self.column:
            place.append(
                _("{0} 列").format(self.column) + (_("（{0}）").format(self.header) if self.header else "")
            )
        return " ".join(place) + _("：") + self.reason


class TemplateImportError(AuditError):
    """The template was not imported because of `problems` (every one found); nothing was written."""

    SHOWN = 200  # problems listed in the message; all of them are in `problems`

    def __init__(self, file_name: str, problems: list[CellProblem]):
        lines = [str(p) for p in problems[: self.SHOWN]]
        if len(problems) > self.SHOWN:
            lines.append(_("……另有 {0} 处错误未列出。").format(len(problems) - self.SHOWN))
        heading = _("{0} 中有 {1} 处错误，没有导入任何数据；请改正后重新导入：").format(
            file_name, len(problems)
        )
        super().__init__("\n".join([heading, *lines]))
        self.problems = problems


class ImportCancelled(AuditError):
    """The user cancelled the import; nothing was written."""


@dataclass(frozen=True)
class SourceColumn:
    code: str
    index: int
    header: str

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)


@dataclass
class SheetRows:
    """One data sheet of the template: its columns by code and its non-empty data rows."""

    spec: TemplateSheet
    title: str
    columns: dict[str, SourceColumn] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def problem(self, row: int | None, code: str | None, reason: str) -> CellProblem:
        column = self.columns.get(code) if code else None
        return CellProblem(
            self.title, row, column.letter if column else None, column.header if column else None, reason
        )


def read_template(
    path: Path, problems: list[CellProblem], cancel: CancelCheck | None = None
) -> tuple[list[SheetRows], list[str]]:
    """The template's data sheets, in the order of the spec, and notes on what was ignored. Problems of
    single cells are added to `problems`; a file that cannot be read at all raises WorkbookRefused."""
    notes = guard.inspect_workbook(path).notes
    values_book, formulas_book = _open(path), None
    try:
        found = []
        for spec in SHEETS:
            title = next((t for t in values_book.sheetnames if t in sheet_names(spec)), None)
            if title is None:
                continue
            has_formulas, has_errors = _scan(values_book[title])
            formulas = None
            if has_formulas:  # the formulas themselves are read in a second pass
                formulas_book = formulas_book or _open(path, formulas=True)
                formulas = formulas_book[title]
            found.append(_read_sheet(spec, values_book[title], formulas, has_errors, problems, cancel))
        if not found:
            names = _("、").join(_(s.name) for s in SHEETS)
            raise WorkbookRefused(
                _("{0} 不是本程序的批量录入模板（没有以下任何一个工作表：{1}）；请先导出模板再填写。").format(
                    path.name, names
                )
            )
        return found, notes
    finally:
        values_book.close()
        if formulas_book is not None:
            formulas_book.close()


def _scan(worksheet) -> tuple[bool, bool]:
    """Whether the sheet's XML holds a formula (an <f> element) and a cell with an error value (t="e").
    Most templates hold neither: their cells are then read once, as plain values. Reading every cell a
    second time to find formulas without a saved value doubled the time of an import."""
    formulas = errors = False
    get_source = getattr(worksheet, "_get_source", None)  # openpyxl's read-only sheet: its XML in the archive
    if get_source is None:  # another openpyxl: read as if both were there
        return True, True
    with get_source() as source:
        tail = b""
        while not (formulas and errors) and (chunk := source.read(1 << 20)):
            text = tail + chunk
            formulas = formulas or _found(_FORMULA, text)
            errors = errors or _found(_ERROR_VALUE, text)
            tail = chunk[-64:]  # an element cut by the chunk boundary
    return formulas, errors


def _found(pattern: re.Pattern[bytes], text: bytes) -> bool:
    return any(hint in text for hint in _HINTS[pattern]) and pattern.search(text) is not None


def _open(path: Path, *, formulas: bool = False):
    from openpyxl import load_workbook

    try:
        # keep_links=False: external links are dropped unread; VBA is never loaded (keep_vba defaults off)
        return load_workbook(path, read_only=True, data_only=not formulas, keep_links=False)
    except Exception as exc:  # any parser failure means the file cannot be read
        logger.info("cannot read %s as a workbook", path, exc_info=exc)
        raise WorkbookRefused(
            _("{0} 无法作为 Excel 工作簿读取（{1}）；请在 Excel 中另存为 .xlsx 后再导入。").format(
                path.name, exc
            )
        ) from exc


def _read_sheet(
    spec: TemplateSheet, values, formulas, has_errors: bool, problems: list[CellProblem], cancel
) -> SheetRows:
    """The sheet's rows; `formulas` is the same sheet read with its formulas, None when it has none."""
    sheet = SheetRows(spec, values.title)
    declared = values.max_row or 0
    if declared > guard.MAX_ROWS:
        raise WorkbookRefused(_too_many_rows(values.title, declared))
    for worksheet in (values, formulas):
        if worksheet is not None:
            worksheet.reset_dimensions()  # a stated size may be wrong either way; read what is there
    code_row = _find_columns(sheet, values, problems)
    if code_row is None:
        return sheet
    width = max(c.index for c in sheet.columns.values())
    plain = formulas is None and not has_errors
    if plain:
        rows = ((number, cells, ()) for number, cells in _value_rows(values, code_row + 1, width))
    else:
        cells = values.iter_rows(min_row=code_row + 1, max_col=width)
        raw = formulas.iter_rows(min_row=code_row + 1, max_col=width) if formulas is not None else repeat(())
        rows = ((number, *pair) for number, pair in enumerate(zip(cells, raw, strict=False), code_row + 1))
    places = [(code, column.index - 1) for code, column in sheet.columns.items()]
    for count, (number, cells, raw) in enumerate(rows, 1):
        if number > guard.MAX_ROWS:
            raise WorkbookRefused(_too_many_rows(values.title, number))
        if cancel is not None and count % CHECK_EVERY == 0 and cancel():
            raise ImportCancelled(_("导入已取消，没有写入任何数据。"))
        row = _plain_values(places, cells) if plain else _row_values(sheet, number, cells, raw, problems)
        if row:
            sheet.rows.append((number, row))
    return sheet


def _value_rows(worksheet, first: int, width: int):
    """(row number, values of its first `width` columns) of each row from `first` on that is in the
    sheet's XML: what openpyxl's read-only iter_rows(values_only=True) gives, read with _InlineTextParser."""
    get_source, strings = getattr(worksheet, "_get_source", None), getattr(worksheet, "_shared_strings", None)
    if get_source is None or strings is None:  # another openpyxl
        yield from enumerate(worksheet.iter_rows(min_row=first, max_col=width, values_only=True), first)
        return
    book = worksheet.parent
    with get_source() as source:
        parser = _InlineTextParser(
            source,
            strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number < first:
                continue
            values = [None] * width
            for cell in cells:
                if cell["column"] <= width:
                    values[cell["column"] - 1] = cell["value"]
            yield number, values


class _InlineTextParser(WorkSheetParser):
    """openpyxl's sheet parser, with an inline string's text (<c t="inlineStr"><is><t>…, how this program
    writes the template's text cells) taken from its elements directly: openpyxl builds rich-text objects
    for each one only to join their text, a quarter of the time of an import."""

    def parse_cell(self, element):
        text = element.find(_INLINE_STRING) if element.get("t") == "inlineStr" else None
        if text is None or self.rich_text:
            return super().parse_cell(element)
        cell = super().parse_cell(Element(element.tag, element.attrib))  # place and style, no value
        cell["value"], cell["data_type"] = _inline_text(text), "s"
        return cell


def _inline_text(element) -> str:
    """What openpyxl's Text.content gives: the last plain <t>, then the <t> of each run (<r>); phonetic
    runs (<rPh>) are not part of the text."""
    plain, runs = None, []
    for child in element:
        name = child.tag.rpartition("}")[2]
        if name == "t":
            plain = child.text
        elif name == "r":
            texts = [t.text for t in child if t.tag.rpartition("}")[2] == "t"]
            if texts and texts[-1] is not None:
                runs.append(texts[-1])
    return "".join(runs if plain is None else [plain, *runs])


def _too_many_rows(title: str, rows: int) -> str:
    return _("工作表“{0}”有 {1:,} 行，超过导入上限 {2:,} 行；请分成几个模板分别导入。").format(
        title, rows, guard.MAX_ROWS
    )


def _find_columns(sheet: SheetRows, worksheet, problems: list[CellProblem]) -> int | None:
    """Find the row of column codes (the one holding the sheet's first code) and map its columns."""
    key = sheet.spec.columns[0].code
    head = list(
        worksheet.iter_rows(
            min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=guard.MAX_COLUMNS, values_only=True
        )
    )
    code_row = next((n for n, row in enumerate(head, 1) if key in [_code(v) for v in row]), None)
    if code_row is None:
        problems.append(
            CellProblem(
                sheet.title,
                None,
                None,
                None,
                _("找不到列代码行（第 4 行，含“{0}”）；请勿修改模板的第 1–4 行。").format(key),
            )
        )
        return None
    headers = head[code_row - 2] if code_row > 1 else ()
    for index, value in enumerate(head[code_row - 1], 1):
        code = _code(value)
        if not code:
            continue
        header = str(headers[index - 1]) if index <= len(headers) and headers[index - 1] is not None else ""
        column = SourceColumn(code, index, header)
        known = sheet.spec.column(code) is not None or (
            sheet.spec.code == "items" and code.startswith(PERIOD_PREFIX)
        )
        if not known:
            problems.append(
                sheet.problem(
                    code_row, None, _("{0} 列的列代码“{1}”不是本表的列。").format(column.letter, code)
                )
            )
        elif code in sheet.columns:
            problems.append(sheet.problem(code_row, None, _("列代码“{0}”出现了两次。").format(code)))
        else:
            sheet.columns[code] = column
    for column in sheet.spec.columns:
        if column.required and column.code not in sheet.columns:
            problems.append(
                sheet.problem(
                    code_row, None, _("缺少必填列“{0}”（列代码 {1}）。").format(_(column.header), column.code)
                )
            )
    return code_row


def _code(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _plain_values(places: list[tuple[str, int]], values: tuple) -> dict[str, Any]:
    """_row_values of a row read as plain values (its sheet has no formula and no error value)."""
    row: dict[str, Any] = {}
    for code, index in places:
        value = values[index] if index < len(values) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        row[code] = value
    return row


def _row_values(sheet: SheetRows, number: int, cells, raw, problems: list[CellProblem]) -> dict[str, Any]:
    """The row's values by column code ({} for an empty row); a formula gives its saved result."""
    row: dict[str, Any] = {}
    for code, column in sheet.columns.items():
        cell = cells[column.index - 1] if column.index <= len(cells) else None
        value = getattr(cell, "value", None)
        source = raw[column.index - 1] if column.index <= len(raw) else None
        is_formula = getattr(source, "data_type", None) == "f"
        if getattr(cell, "data_type", None) == "e":
            problems.append(
                sheet.problem(number, code, _("单元格是错误值 {0}；请改正公式或填写数值。").format(value))
            )
            row[code] = UNREADABLE
            continue
        if is_formula and value is None:
            problems.append(
                sheet.problem(
                    number, code, _("公式没有保存的计算结果；请在 Excel 中打开并保存后再导入，或改填数值。")
                )
            )
            row[code] = UNREADABLE
            continue
        if isinstance(value, str) and not value.strip():
            value = None
        if value is not None:
            row[code] = value
    return row
