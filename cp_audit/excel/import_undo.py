"""A template import that can be taken back as one step: the changes check_template planned are written
in one transaction (as import_template writes them), remembering the id each new row got and the values
each updated row had, so the import can be reverted and written again with the same ids."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from cp_audit.database import AuditFile
from cp_audit.excel.template_import import Change, ImportSummary
from cp_audit.excel.template_write import delete_rows, insert_rows, update_rows, write_changes
from cp_audit.gc_pause import cycle_collection_paused
from cp_audit.models import InventoryValue, Period

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AddedRow:
    model: type
    id: int
    values: dict[str, Any]


@dataclass(frozen=True)
class UpdatedRow:
    model: type
    id: int
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass
class AppliedImport:
    added: list[AddedRow] = field(default_factory=list)
    updated: list[UpdatedRow] = field(default_factory=list)

    @property
    def tables(self) -> set[str]:
        return {row.model.__tablename__ for row in [*self.added, *self.updated]}


def summarize(changes: list[Change]) -> ImportSummary:
    """What the changes will write, per sheet, in the words import_template uses."""
    summary = ImportSummary()
    for change in changes:
        if change.model is Period:
            summary.periods_added.append(change.values.get("label_zh") or change.values.get("key", ""))
        elif change.model is InventoryValue:
            summary.values += 1
        else:
            counts = summary.updated if change.row_id is not None else summary.added
            counts[change.sheet] = counts.get(change.sheet, 0) + 1
    return summary


def apply_changes(audit: AuditFile, changes: list[Change]) -> AppliedImport:
    """Write every change in one transaction (all or nothing) and tell the audit's listeners once."""
    applied = AppliedImport()
    with cycle_collection_paused(), audit.unit_of_work() as session:
        old = write_changes(session, changes, keep_old=True)
    for index, change in enumerate(changes):
        values = {k: (v.new_id if isinstance(v, Change) else v) for k, v in change.values.items()}
        if change.row_id is None:
            applied.added.append(AddedRow(change.model, change.new_id, values))
        elif values:
            applied.updated.append(UpdatedRow(change.model, change.row_id, old[index], values))
    _notify(audit, applied)
    return applied


def revert_import(audit: AuditFile, applied: AppliedImport) -> None:
    """Put updated rows back as they were, then delete the added rows, newest first (a row added by the
    import may refer to an earlier one, and an updated row to an added one)."""
    with audit.unit_of_work() as session:
        conn = session.connection()
        update_rows(conn, [(row.model, row.id, row.old) for row in reversed(applied.updated)])
        # a table's rows refer only to tables whose first added row came earlier: delete tables in the
        # reverse order of their first added row
        for model, ids in reversed(_by_table(applied.added).items()):
            delete_rows(conn, model, [added.id for added in ids])
    _notify(audit, applied)


def reapply_import(audit: AuditFile, applied: AppliedImport) -> None:
    """Write the import again after a revert: new rows get their former ids, so later edits that refer
    to them (redone after this) still find them."""
    with audit.unit_of_work() as session:
        conn = session.connection()
        for model, rows in _by_table(applied.added).items():
            insert_rows(conn, model, [{"id": row.id, **row.values} for row in rows])
        update_rows(conn, [(row.model, row.id, row.new) for row in applied.updated])
    _notify(audit, applied)


def _by_table(rows: list[AddedRow]) -> dict[type, list[AddedRow]]:
    """The added rows by table, tables in the order of their first row, rows in the order added."""
    tables: dict[type, list[AddedRow]] = {}
    for row in rows:
        tables.setdefault(row.model, []).append(row)
    return tables


def _notify(audit: AuditFile, applied: AppliedImport) -> None:
    if applied.tables:
        audit.notify(applied.tables)
