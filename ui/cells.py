"""What table and grid models share about cells: the extra data roles, and the error that names the
cells a paste or an edit could not fill."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from sqlmodel import SQLModel

from cp_audit.errors import AuditError
from cp_audit.i18n import _

CopyRole = Qt.ItemDataRole.UserRole + 1  # the text a cell gives the clipboard (exact, no separators)
RowIdRole = Qt.ItemDataRole.UserRole + 2


class CellProblem(NamedTuple):
    row: int
    column: int
    message: str


class CellErrors(AuditError):
    """Cells that cannot take the values given; nothing was changed."""

    def __init__(self, problems: list[CellProblem], headers: list[str], head: str | None = None):
        self.problems = sorted(problems)
        lines = [
            _("第 {0} 行“{1}”：{2}").format(
                p.row + 1, headers[p.column] if p.column < len(headers) else p.column + 1, p.message
            )
            for p in self.problems[:6]
        ]
        if len(self.problems) > 6:
            lines.append(_("…… 另有 {0} 个问题").format(len(self.problems) - 6))
        super().__init__("\n".join([head, *lines] if head else lines))


def row_values(row: SQLModel) -> dict[str, Any]:
    """Every column of a row, as the validation rules take it."""
    return {c.name: getattr(row, c.name) for c in row.__table__.columns}
