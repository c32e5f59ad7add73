"""The rows of a write-only worksheet written as SpreadsheetML text. openpyxl builds an ElementTree element for
each cell and serialises it in pure Python, which took most of a large export's time; here each cell is one
formatted string, the same <c> element openpyxl writes for the same cell: an inline string (never a formula),
a number, a date as its serial number, a formula with an empty cached value, a styled empty cell. The style
ids come from openpyxl (a probe cell per style), so styles.xml is what openpyxl writes.

openpyxl streams a write-only sheet through its WorksheetWriter; RowsWriter is that writer with its stream
opened on a handle this module shares, so the rows go between <sheetData> and </sheetData> and everything
else (columns, panes, merges, print setup) is still written by openpyxl. With lxml installed openpyxl
serialises through lxml, whose buffered writer cannot share a handle: `available()` is then False and the
rows are written as openpyxl cells (layout._RowWriter), the same content more slowly."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

import openpyxl
from et_xmlfile import xmlfile
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS

from cp_audit.excel.cells import looks_like_formula

#: A laid-out cell: plain text (unstyled), or (value, named style, is a formula).
Resolved = str | tuple[Any, str, bool]
_DATES = (datetime, date, time, timedelta)


def available() -> bool:
    return not openpyxl.LXML


def write_rows(worksheet, rows: Iterable[list[Resolved]]) -> None:
    """Write `rows` as the sheet's data and close it; the sheet's settings must be made before."""
    text = _RowText(worksheet)
    worksheet._writer = RowsWriter(worksheet, lambda write: text.write_all(rows, write))
    worksheet._writer.write_top()
    worksheet.close()


class RowsWriter(WorksheetWriter):
    """openpyxl's writer of a write-only sheet, with the sheet data written by `rows(write)`."""

    def __init__(self, worksheet, rows: Callable[[Callable[[str], Any]], None]):
        self._sheet_data = rows
        self._write: Callable[[str], Any] | None = None
        super().__init__(worksheet)

    def get_stream(self):
        # openpyxl's get_stream, with the file opened here (as et_xmlfile opens a file name) so that the
        # rows can be written to the same text handle between the elements openpyxl writes
        with open(self.out, "w", encoding="utf-8", errors="xmlcharrefreplace") as handle:
            self._write = handle.write
            with xmlfile(handle, encoding="unicode") as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        element = yield
                        if element is True:
                            yield xf
                        elif element is not None:
                            xf.write(element)
                except GeneratorExit:
                    pass

    def write_rows(self) -> None:
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            self._sheet_data(self._write)
        self.xf.send(None)


class _RowText:
    """Formats the rows; style ids are asked from openpyxl once per style."""

    def __init__(self, worksheet):
        self.worksheet = worksheet
        self.epoch = worksheet.parent.epoch
        self.letters: list[str] = []
        self._styles: dict[tuple, str | None] = {}

    def write_all(self, rows: Iterable[list[Resolved]], write: Callable[[str], Any]) -> None:
        chunk: list[str] = []
        for number, row in enumerate(rows, 1):
            chunk.append(self.row(number, row))
            if len(chunk) >= 200:
                write("".join(chunk))
                chunk.clear()
        write("".join(chunk))

    def row(self, number: int, row: list[Resolved]) -> str:
        if len(row) > len(self.letters):
            self.letters += [get_column_letter(c) for c in range(len(self.letters) + 1, len(row) + 1)]
        parts = [f'<row r="{number}">']
        for letter, cell in zip(self.letters, row, strict=False):
            ref = f"{letter}{number}"
            if isinstance(cell, str):
                parts.append(_text_cell(ref, "", cell))
                continue
            value, style, formula = cell
            if formula and len(value) > 1:
                parts.append(
                    f'<c r="{ref}"{self._s(style, False, None)}><f>{_escape(value[1:])}</f><v /></c>'
                )
            elif isinstance(value, str):
                quoted = not formula and looks_like_formula(value)
                parts.append(_text_cell(ref, self._s(style, quoted, None), value))
            elif value is None:
                s = self._s(style, False, None)
                if s:  # openpyxl leaves out an empty cell without a style
                    parts.append(f'<c r="{ref}"{s} t="n" />')
            elif isinstance(value, _DATES):
                serial = safe_string(to_excel(value, self.epoch))
                parts.append(f'<c r="{ref}"{self._s(style, False, type(value))} t="n"><v>{serial}</v></c>')
            else:
                parts.append(
                    f'<c r="{ref}"{self._s(style, False, None)} t="n"><v>{safe_string(value)}</v></c>'
                )
        parts.append("</row>")
        return "".join(parts)

    def _s(self, style: str, quoted: bool, date_type: type | None) -> str:
        """The s="…" attribute of a cell in `style` (quote-prefixed, holding a date), '' for no style."""
        key = (style, quoted, date_type)
        found = self._styles.get(key)
        if found is None:
            probe = WriteOnlyCell(self.worksheet)
            probe.style = style
            if quoted:
                probe.quotePrefix = True
            if date_type is not None:  # openpyxl gives a date a date format when its style has none
                probe.value = date_type.min if date_type is not timedelta else timedelta(0)
            found = self._styles[key] = f' s="{probe.style_id}"' if probe.has_style else ""
        return found


def _text_cell(ref: str, style: str, text: str) -> str:
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr" />'
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text
