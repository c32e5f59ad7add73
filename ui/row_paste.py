"""How a block of pasted (or cleared) cells becomes undo commands for a RowTableModel: every text is
parsed and every row checked first, so a paste with one bad cell changes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cp_audit.i18n import _
from cp_audit.validation import row_problems, table_problems
from ui.cells import CellErrors, CellProblem, row_values
from ui.columns import parse_text
from ui.undo import AddRowCommand, ServiceCommand, UpdateFieldsCommand


def paste_commands(model, cells: Mapping[tuple[int, int], str]) -> list[ServiceCommand]:
    """The commands that put `cells` (row, column) -> text into the model's rows; rows past the last
    one are new rows. Raises CellErrors naming every cell that cannot take its text."""
    problems: list[CellProblem] = []
    changes = _parse_cells(model, cells, problems)
    rows = model._rows
    count = len(rows)
    taken: set[str] = set()
    planned: dict[int, dict[str, Any]] = {}
    for row in sorted(changes):
        base = row_values(rows[row]) if row < count else model.new_row_values(taken)
        planned[row] = {**base, **changes[row]}
    first_column = {row: min(c for (r, c) in cells if r == row) for row in changes}
    for row, merged in planned.items():
        for p in row_problems(model.table, merged, row):
            if row >= count or p.field in changes[row]:
                problems.append(CellProblem(row, _column_of(model, p.field, first_column[row]), p.message))
    everything = [planned.get(r) or row_values(record) for r, record in enumerate(rows)]
    everything += [planned[r] for r in sorted(planned) if r >= count]
    for p in table_problems(model.table, everything):
        if p.row in planned:
            problems.append(CellProblem(p.row, _column_of(model, p.field, first_column[p.row]), p.message))
    if problems:
        raise CellErrors(problems, model.headers(), _("没有粘贴任何内容：下列单元格的值无效，表格未作修改。"))
    return _commands(model, planned, changes, count)


def _parse_cells(model, cells: Mapping[tuple[int, int], str], problems: list[CellProblem]) -> dict[int, dict]:
    changes: dict[int, dict[str, Any]] = {}
    for (row, column), text in sorted(cells.items()):
        if column >= len(model.specs):
            problems.append(CellProblem(row, column, _("超出表格的最后一列。")))
            continue
        if not model.is_editable(column):
            problems.append(CellProblem(row, column, _("这一列不能修改。")))
            continue
        spec = model.specs[column]
        try:
            changes.setdefault(row, {})[spec.field] = parse_text(spec, text, model.reference_codes(column))
        except ValueError as exc:
            problems.append(CellProblem(row, column, str(exc)))
    return changes


def _column_of(model, field: str | None, fallback: int) -> int:
    return next((i for i, s in enumerate(model.specs) if s.field == field), fallback)


def _commands(model, planned: dict[int, dict], changes: dict[int, dict], count: int) -> list[ServiceCommand]:
    audit, commands = model.context.audit, []
    for row in sorted(planned):
        if row >= count:
            commands.append(AddRowCommand(audit, model.table, planned[row]))
            continue
        record = model._rows[row]
        diff = {k: v for k, v in changes[row].items() if getattr(record, k) != v}
        if diff:
            commands.append(UpdateFieldsCommand(audit, model.table, record.id, diff))
    return commands
