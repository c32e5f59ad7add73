"""Undo commands: each edit of an audit is a small command holding old and new values whose
redo()/undo() call cp_audit.services. One AuditUndoStack per open audit runs them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from cp_audit.errors import AuditError
from cp_audit.i18n import _

if TYPE_CHECKING:  # the domain loads with the first audit, not when the window starts
    from sqlmodel import SQLModel

    from cp_audit import services
    from cp_audit.database import AuditFile

logger = logging.getLogger(__name__)


class ServiceCommand(QUndoCommand):
    """Base of the commands. `apply()` runs the edit once before the command is pushed, so a refused
    edit raises to the caller and never reaches the stack; later redo()/undo() calls repeat or revert it."""

    table: type[SQLModel]

    def __init__(self, audit: AuditFile, text: str):
        super().__init__(text)
        self.audit = audit
        self.failure: str | None = None
        self._applied = False
        self.report = None  # set by the stack: shows a failure of a later undo or redo
        self.note_rows: Callable[[str, set[int] | None], None] | None = None  # set by the stack

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def rows(self) -> set[int] | None:
        """The ids of the rows this command changes in place; None when it adds or deletes rows."""
        return None

    def _touching(self, action) -> None:
        """Tell the views which rows change (so a 100,000-row table refreshes one row, not all)."""
        if self.note_rows is not None:
            self.note_rows(self.table.__tablename__, self.rows())
        try:
            action()
        except Exception:
            if self.note_rows is not None:
                self.note_rows(self.table.__tablename__, None)  # unsure what changed: reload it all
            raise

    def apply(self) -> None:
        self._touching(self.do)
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # the edit already ran in apply()
            self._applied = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action) -> None:
        # Qt calls redo()/undo() from C++: an exception would be lost there, so report it instead.
        try:
            self._touching(action)
        except AuditError as exc:
            logger.warning("%s failed: %s", self.text(), exc.message)
            self.failure = exc.message
            if self.report is not None:
                self.report(exc.message)


class UpdateFieldsCommand(ServiceCommand):
    """Change some fields of one row; undo puts the old values back."""

    def __init__(
        self,
        audit: AuditFile,
        table: type[SQLModel],
        row_id: int,
        changes: Mapping[str, Any],
        text: str | None = None,
    ):
        super().__init__(audit, text or _("修改"))
        self.table, self.row_id = table, row_id
        self.changes = dict(changes)
        self.old: dict[str, Any] | None = None

    def rows(self) -> set[int] | None:
        return {self.row_id}

    def do(self) -> None:
        old = _services().update_row(self.audit, self.table, self.row_id, self.changes)
        if self.old is None:
            self.old = old

    def revert(self) -> None:
        _services().update_row(self.audit, self.table, self.row_id, self.old or {})


class AddRowCommand(ServiceCommand):
    """Add a row; undo deletes it (and keeps what it took), redo puts it back with the same id."""

    def __init__(
        self, audit: AuditFile, table: type[SQLModel], values: Mapping[str, Any], text: str | None = None
    ):
        super().__init__(audit, text or _("添加行"))
        self.table = table
        self.values = dict(values)
        self.row_id: int | None = None
        self.removed: services.Removed | None = None

    def do(self) -> None:
        if self.removed is None:
            self.row_id = _services().add(self.audit, self.table, self.values).id
        else:
            _services().restore(self.audit, self.removed)

    def revert(self) -> None:
        self.removed = _services().delete_rows(self.audit, self.table, [self.row_id])


class DeleteRowsCommand(ServiceCommand):
    """Delete rows with what they own; undo restores the services' Removed snapshot."""

    def __init__(self, audit: AuditFile, table: type[SQLModel], ids: Sequence[int], text: str | None = None):
        super().__init__(audit, text or _("删除 {0} 行").format(len(ids)))
        self.table = table
        self.ids = list(ids)
        self.removed: services.Removed | None = None

    def do(self) -> None:
        self.removed = _services().delete_rows(self.audit, self.table, self.ids)

    def revert(self) -> None:
        _services().restore(self.audit, self.removed)


class AuditUndoStack(QUndoStack):
    """The audit's single undo stack. `execute` runs a command (raising AuditError if refused) and
    pushes it; `execute_all` runs several as one undo step, all or nothing. `note_rows(table, ids)`
    is told which rows each command changes (AppContext uses it to refresh views cheaply)."""

    command_failed = Signal(str)

    def __init__(self, parent=None, note_rows: Callable[[str, set[int] | None], None] | None = None):
        super().__init__(parent)
        self.note_rows = note_rows

    def _adopt(self, command: ServiceCommand) -> ServiceCommand:
        command.report = self.command_failed.emit
        command.note_rows = self.note_rows
        return command

    def execute(self, command: ServiceCommand) -> None:
        self._adopt(command).apply()
        self.push(command)

    def execute_all(self, text: str, commands: Sequence[ServiceCommand]) -> None:
        done: list[ServiceCommand] = []
        try:
            for command in commands:
                self._adopt(command).apply()
                done.append(command)
        except AuditError:
            for command in reversed(done):  # roll back so nothing of the group stays
                command.undo()
            raise
        if len(done) == 1:
            self.push(done[0])
            return
        self.beginMacro(text)
        for command in done:
            self.push(command)
        self.endMacro()


def _services():
    from cp_audit import services

    return services
