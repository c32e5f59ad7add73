"""AppContext: what every window and page needs (the open audit, its undo stack, settings, the task
runner), created once in ui.app and passed explicitly."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from cp_audit import services
from cp_audit.database import AuditFile
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.undo import AuditUndoStack

logger = logging.getLogger(__name__)


class AppContext(QObject):
    """`data_changed(tables)` is emitted after every committed change of the open audit."""

    data_changed = Signal(object)
    audit_opened = Signal(object)
    audit_closed = Signal()

    def __init__(self, settings: Settings, runner: TaskRunner | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.runner = runner or TaskRunner()
        self.undo_stack = AuditUndoStack(self)
        self.audit: AuditFile | None = None
        self._data: services.AuditData | None = None

    @property
    def read_only(self) -> bool:
        return self.audit is None or self.audit.read_only

    def open(self, audit: AuditFile) -> None:
        """Make `audit` the open audit (closing the previous one) with a fresh undo history."""
        self.close()
        self.audit = audit
        audit.subscribe(self._on_audit_notified)
        self.settings.add_recent(audit.path)
        self.audit_opened.emit(audit)

    def close(self) -> None:
        if self.audit is None:
            return
        audit, self.audit = self.audit, None
        audit.unsubscribe(self._on_audit_notified)
        self.undo_stack.clear()
        self._data = None
        try:
            audit.close()
        except Exception:  # closing must not keep the user in a broken file
            logger.exception("closing %s failed", audit.path)
        self.audit_closed.emit()

    def data(self) -> services.AuditData:
        """Every row of the open audit, loaded once per change (for completeness checks and summaries)."""
        if self._data is None:
            self._data = services.load(self.audit) if self.audit else services.AuditData()
        return self._data

    def _on_audit_notified(self, tables: set[str]) -> None:
        self._data = None
        self.data_changed.emit(set(tables))
