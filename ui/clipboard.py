"""Cell blocks on the clipboard as Excel writes and reads them: tab-separated rows, cells quoted when
they hold a tab, a line break or a quote."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView

from ui.cells import CopyRole


def to_tsv(rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        if any(ch in text for ch in '\t\n\r"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(c) for c in row) + "\r\n" for row in rows)


def from_tsv(text: str) -> list[list[str]]:
    """Rows of cells; the trailing line break Excel adds does not make an extra row."""
    if not text:
        return []
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"'))
    while rows and rows[-1] in ([], [""]):
        rows.pop()
    return rows


def selected_block(view: QAbstractItemView) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) around the selected cells, or the current cell alone."""
    indexes = view.selectionModel().selectedIndexes() if view.selectionModel() else []
    if not indexes:
        current = view.currentIndex()
        if not current.isValid():
            return None
        indexes = [current]
    rows = [i.row() for i in indexes]
    columns = [i.column() for i in indexes]
    return min(rows), min(columns), max(rows), max(columns)


def copy_selection(view: QAbstractItemView) -> str:
    """Put the selected block on the clipboard (exact values: no thousands separators); returns it."""
    block = selected_block(view)
    if block is None:
        return ""
    top, left, bottom, right = block
    model = view.model()
    selection = view.selectionModel()
    rows = []
    for row in range(top, bottom + 1):
        cells = []
        for column in range(left, right + 1):
            index = model.index(row, column)
            chosen = selection is None or selection.isSelected(index) or index == view.currentIndex()
            value = model.data(index, CopyRole) if chosen else ""
            cells.append("" if value is None else str(value))
        rows.append(cells)
    text = to_tsv(rows)
    QGuiApplication.clipboard().setText(text)
    return text


def paste_cells(view: QAbstractItemView, text: str) -> dict[tuple[int, int], str]:
    """The cells a paste of `text` fills, from the top-left selected cell. A single value pasted on a
    larger selection fills every selected cell, as in Excel."""
    block = selected_block(view)
    rows = from_tsv(text)
    if block is None or not rows:
        return {}
    top, left, bottom, right = block
    if len(rows) == 1 and len(rows[0]) == 1 and (bottom > top or right > left):
        selection = view.selectionModel()
        return {
            (r, c): rows[0][0]
            for r in range(top, bottom + 1)
            for c in range(left, right + 1)
            if selection.isSelected(view.model().index(r, c))
        }
    return {(top + r, left + c): value for r, row in enumerate(rows) for c, value in enumerate(row)}


def select_block(view: QAbstractItemView, cells: dict[tuple[int, int], str]) -> None:
    """Select what was just pasted, so the user sees where it went."""
    model = view.model()
    selection = view.selectionModel()
    selection.clearSelection()
    for row, column in cells:
        index = model.index(row, column)
        if index.isValid():
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
    first = min(cells, default=None)
    if first is not None:
        index = model.index(*first)
        if index.isValid():
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)


def clipboard_text() -> str:
    return QGuiApplication.clipboard().text()


__all__ = [
    "to_tsv",
    "from_tsv",
    "copy_selection",
    "paste_cells",
    "select_block",
    "clipboard_text",
    "QModelIndex",
]
