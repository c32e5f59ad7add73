"""TableEditor: a table view with its toolbar (add, delete, copy, paste) and an inline message line.
It works with any model that offers `set_cells` (RowTableModel, the grids) and, optionally,
`add_row`/`delete_rows`."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cp_audit.errors import AuditError
from cp_audit.i18n import _
from ui import clipboard
from ui.cells import RowIdRole
from ui.editors import CellDelegate
from ui.icons import Icon, icon

MAX_COLUMN_CHARS = 36


FIT_ROWS = 100  # rows measured when columns are fitted to their content

class RecordTableView(QTableView):
    """A table view where Ctrl+C, Ctrl+V and Delete act on cell blocks, as in a spreadsheet."""

    def __init__(self, owner: TableEditor):
        super().__init__(owner)
        self._owner = owner

    def setSortingEnabled(self, enable: bool) -> None:
        super().setSortingEnabled(enable)
        self._owner._fit_columns()  # a sortable header needs room for its arrow

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self._owner.copy()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self._owner.paste()
        elif (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != self.State.EditingState
        ):
            self._owner.clear_selected()
        else:
            super().keyPressEvent(event)


class TableEditor(QWidget):
    """`current_row_changed(row_id or None)` follows the selected row (for detail panels)."""

    current_row_changed = Signal(object)

    def __init__(
        self,
        model,
        parent: QWidget | None = None,
        *,
        can_add: bool = True,
        can_delete: bool = True,
        visible_rows: int = 6,
        stretch_last: bool = True,
    ):
        super().__init__(parent)
        self.model = model
        if model.parent() is None:
            model.setParent(self)  # the model (and its audit subscription) goes when the editor goes
        self._can_add = can_add and hasattr(model, "add_row")
        self._can_delete = can_delete and hasattr(model, "delete_rows")
        self._visible_rows = visible_rows
        self._stretch_last = stretch_last
        self._kept: tuple[int | None, int] = (None, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self._build_view())
        layout.addWidget(self._build_message())
        self._connect_model()
        self._fit_columns()
        self._update_actions()

    # ---- building ----------------------------------------------------------------------------

    def _tool(self, name: Icon, text: str, slot, visible: bool = True) -> QToolButton:
        action = QAction(icon(name), text, self)
        action.triggered.connect(lambda _checked=False: slot())
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setVisible(visible)
        return button

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.add_button = self._tool(Icon.add, _("添加行"), self.add_row, self._can_add)
        self.delete_button = self._tool(Icon.remove, _("删除行"), self.delete_selected, self._can_delete)
        self.copy_button = self._tool(Icon.copy, _("复制"), self.copy)
        self.paste_button = self._tool(Icon.paste, _("粘贴"), self.paste)
        for button in (self.add_button, self.delete_button, self.copy_button, self.paste_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.count_label = QLabel(self)
        bar.addWidget(self.count_label)
        return bar

    def _build_view(self) -> QTableView:
        view = RecordTableView(self)
        view.setModel(self.model)
        view.setItemDelegate(CellDelegate(view))
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setWordWrap(False)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._show_menu)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(self._stretch_last)
        # fit columns to the first 100 rows, not Qt's 1,000: each row measured is a record read (lazy_rows)
        view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        view.verticalHeader().setDefaultSectionSize(
            view.fontMetrics().height() + view.fontMetrics().height() // 2
        )
        view.setMinimumHeight(view.fontMetrics().height() * (self._visible_rows + 2))
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view = view
        return view

    def _build_message(self) -> QLabel:
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        return self.message

    def _connect_model(self) -> None:
        model = self.model
        if hasattr(model, "problem_found"):
            model.problem_found.connect(self.show_message)
        model.modelAboutToBeReset.connect(self._keep_current)
        model.modelReset.connect(self._restore_current)
        model.modelReset.connect(self._fit_columns)
        model.modelReset.connect(self._update_count)
        model.rowsInserted.connect(self._update_count)
        model.dataChanged.connect(lambda *args: self.message.hide())
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self._update_count()

    # ---- actions -------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        writable = not self.model.context.read_only if hasattr(self.model, "context") else True
        for button in (self.add_button, self.delete_button, self.paste_button):
            button.setEnabled(writable)

    def _update_count(self, *args) -> None:
        total = self.model.total_rows() if hasattr(self.model, "total_rows") else self.model.rowCount()
        self.count_label.setText(_("共 {0} 行").format(total))

    def add_row(self, values: dict | None = None) -> None:
        """Add a row (with `values`) and put the cursor on its first editable cell."""
        row = self.model.add_row(values)
        if row is not None:
            self.select_cell(row, self._first_editable_column())
            self.view.setFocus()

    def _first_editable_column(self) -> int:
        for column in range(self.model.columnCount()):
            if self.model.flags(self.model.index(0, column)) & Qt.ItemFlag.ItemIsEditable:
                return column
        return 0

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return sorted(rows)

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.delete_rows(rows)

    def copy(self) -> str:
        return clipboard.copy_selection(self.view)

    def paste(self, text: str | None = None) -> bool:
        """Paste a block (the clipboard's by default); False, with the reason shown, if refused."""
        cells = clipboard.paste_cells(self.view, clipboard.clipboard_text() if text is None else text)
        if not cells:
            return False
        count = len(cells)
        return self._set_cells(cells, _("粘贴 {0} 个单元格").format(count), select=True)

    def clear_selected(self) -> bool:
        indexes = [
            i
            for i in self.view.selectionModel().selectedIndexes()
            if self.model.flags(i) & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
        ]
        if not indexes:
            return False
        cells = {(i.row(), i.column()): "" for i in indexes}
        return self._set_cells(cells, _("清除 {0} 个单元格").format(len(cells)))

    def _set_cells(self, cells: dict[tuple[int, int], str], text: str, select: bool = False) -> bool:
        try:
            self.model.set_cells(cells, text)
        except AuditError as exc:
            self.show_message(exc.message)
            return False
        self.message.hide()
        if select:
            clipboard.select_block(self.view, cells)
        return True

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show_menu(self, position) -> None:
        menu = QMenu(self)
        for button in (self.add_button, self.delete_button, self.copy_button, self.paste_button):
            if button.isVisible():
                menu.addAction(button.defaultAction())
        menu.exec(self.view.viewport().mapToGlobal(position))

    # ---- keeping the place across reloads --------------------------------------------------------

    def _keep_current(self) -> None:
        current = self.view.currentIndex()
        self._kept = (current.data(RowIdRole) if current.isValid() else None, max(current.column(), 0))

    def _restore_current(self) -> None:
        row_id, column = self._kept
        row = (
            self.model.row_of_id(row_id) if row_id is not None and hasattr(self.model, "row_of_id") else None
        )
        if row is not None and row < self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        else:
            self.current_row_changed.emit(None)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_row_changed.emit(current.data(RowIdRole) if current.isValid() else None)

    def select_cell(self, row: int, column: int) -> None:
        """Make one cell current and the only one selected (as a click does)."""
        index = self.model.index(row, column)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)

    def select_first(self) -> None:
        """Select the first row, so a detail panel beside the table has something to show."""
        if self.model.rowCount() and not self.view.currentIndex().isValid():
            self.select_cell(0, 0)

    def hide_columns(self, columns) -> None:
        for number in columns:
            self.view.setColumnHidden(number, True)

    def current_row_id(self) -> int | None:
        current = self.view.currentIndex()
        return current.data(RowIdRole) if current.isValid() else None

    def _fit_columns(self) -> None:
        """Columns as wide as their content, but never wider than about 36 characters."""
        self.view.resizeColumnsToContents()
        limit = self.view.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            spec = self.model.column_spec(column) if hasattr(self.model, "column_spec") else None
            width = min(header.sectionSize(column), limit)
            if spec is not None and spec.width_chars:
                chosen = self.view.fontMetrics().averageCharWidth() * spec.width_chars
                # never narrower than the header: English headers are longer than the Chinese ones
                width = max(chosen, min(header.sectionSizeHint(column), limit))
            header.resizeSection(column, width)
