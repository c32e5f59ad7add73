"""A template import that can be taken back as one step: the changes check_template planned are written
in one transaction (as import_template writes them), remembering the id each new row got and the values
each updated row had, so the import can be reverted and written again with the same ids."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from cp_audit.database import AuditFile
from cp_audit.excel.template_import import Change, ImportSummary
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
    with audit.unit_of_work() as session:
        for change in changes:
            values = {k: (v.new_id if isinstance(v, Change) else v) for k, v in change.values.items()}
            if change.row_id is not None:
                row = session.get(change.model, change.row_id)
                old = {name: getattr(row, name) for name in values}
                for name, value in values.items():
                    setattr(row, name, value)
                session.add(row)
                applied.updated.append(UpdatedRow(change.model, change.row_id, old, values))
            else:
                row = change.model(**values)
                session.add(row)
                session.flush()  # the id, for the rows of this import that refer to it
                change.new_id = row.id
                applied.added.append(AddedRow(change.model, row.id, values))
    _notify(audit, applied)
    return applied


def revert_import(audit: AuditFile, applied: AppliedImport) -> None:
    """Put updated rows back as they were, then delete the added rows, newest first (a row added by the
    import may refer to an earlier one, and an updated row to an added one)."""
    with audit.unit_of_work() as session:
        for row in reversed(applied.updated):
            record = session.get(row.model, row.id)
            for name, value in row.old.items():
                setattr(record, name, value)
            session.add(record)
        session.flush()
        for row in reversed(applied.added):
            record = session.get(row.model, row.id)
            if record is not None:
                session.delete(record)
                session.flush()
    _notify(audit, applied)


def reapply_import(audit: AuditFile, applied: AppliedImport) -> None:
    """Write the import again after a revert: new rows get their former ids, so later edits that refer
    to them (redone after this) still find them."""
    with audit.unit_of_work() as session:
        for row in applied.added:
            session.add(row.model(id=row.id, **row.values))
            session.flush()
        for row in applied.updated:
            record = session.get(row.model, row.id)
            for name, value in row.new.items():
                setattr(record, name, value)
            session.add(record)
    _notify(audit, applied)


def _notify(audit: AuditFile, applied: AppliedImport) -> None:
    if applied.tables:
        audit.notify(applied.tables)
