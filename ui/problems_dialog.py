"""ProblemsDialog: every problem an import found, one per row (for a workbook: sheet, row, column and
reason), with a button that copies them as tab-separated text to paste into an e-mail or a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cp_audit.i18n import _


class ProblemsDialog(QDialog):
    def __init__(
        self,
        summary: str,
        rows: Sequence[Sequence[object]],
        headers: Sequence[str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("发现问题"))
        self.headers = list(headers)
        self.rows = [["" if value is None else str(value) for value in row] for row in rows]
        label = QLabel(summary)
        label.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), len(self.headers))
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        for row, values in enumerate(self.rows):
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("关闭"))
        self.copy_button = QPushButton(_("复制全部问题(&C)"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)  # copies without closing the dialog
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 28)

    def text(self) -> str:
        lines = ["\t".join(self.headers)] + [
            "\t".join(v.replace("\t", " ") for v in row) for row in self.rows
        ]
        return "\n".join(lines) + "\n"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def show_problems(
    parent: QWidget | None, summary: str, rows: Sequence[Sequence[object]], headers: Sequence[str]
) -> None:
    ProblemsDialog(summary, rows, headers, parent).exec()
