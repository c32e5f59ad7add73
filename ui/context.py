"""AppContext: what every window and page needs (the open audit, its undo stack, settings, the task
runner), created once in ui.app and passed explicitly. It turns the audit's change notifications into
one Qt signal per user action, and keeps the steps' completeness up to date in the background."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from cp_audit.errors import AuditError
from cp_audit.i18n import _
from ui.settings import Settings
from ui.tasks import TaskRunner
from ui.undo import AuditUndoStack, ServiceCommand

if TYPE_CHECKING:  # the domain (SQLAlchemy, the data model) loads with the first audit, not at start
    from cp_audit import phases, services
    from cp_audit.database import AuditFile

logger = logging.getLogger(__name__)

BACKUP_CHECK_MS = 60_000  # cp_audit.backups decides whether a backup is due (every 10 minutes of editing)
#: The completeness check reloads the whole audit (seconds on a big one): it waits for typing to pause.
STATES_PAUSE_MS = 600


class AppContext(QObject):
    """`data_changed(tables)` follows every committed change (once per batch: a paste, an undo of a
    paste); while it is emitted, `changed_rows(table)` says which rows changed in place, if known.
    `states_changed` follows each recomputation of the steps' completeness."""

    data_changed = Signal(object)
    states_changed = Signal()
    backup_note = Signal(str)  # a backup was made, or failed: for the status bar
    audit_opened = Signal(object)
    audit_closed = Signal()

    def __init__(self, settings: Settings, runner: TaskRunner | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.runner = runner or TaskRunner()
        self.undo_stack = AuditUndoStack(self, note_rows=self._note_rows)
        self.audit: AuditFile | None = None
        self._data: services.AuditData | None = None
        self._states: list[phases.StepState] | None = None
        self._batch_depth = 0
        self._pending: set[str] = set()
        self._hints: dict[str, set[int] | None] = {}
        self._emitting: dict[str, set[int] | None] = {}
        self._states_timer = QTimer(self, singleShot=True, interval=STATES_PAUSE_MS)
        self._states_timer.timeout.connect(self._refresh_states)
        self._states_running = False
        self._states_again = False
        self._stale: set[str] = set()  # tables changed since the last check began reading
        self._backup_timer = QTimer(self, interval=BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(lambda: self._backup(_backups().maybe_backup))

    @property
    def read_only(self) -> bool:
        return self.audit is None or self.audit.read_only

    # ---- opening and closing -----------------------------------------------------------------

    def open(self, audit: AuditFile) -> None:
        """Make `audit` the open audit (closing the previous one) with a fresh undo history."""
        self.close()
        self.audit = audit
        audit.subscribe(self._on_audit_notified)
        self.settings.add_recent(audit.path)
        self._refresh_states()  # off the main thread: the window shows before the check is done
        if not audit.read_only:
            self._backup(_backups().backup_on_open)
            self._backup_timer.start()
        self.audit_opened.emit(audit)

    def close(self) -> None:
        if self.audit is None:
            return
        audit, self.audit = self.audit, None
        self._backup_timer.stop()
        self._states_timer.stop()
        audit.unsubscribe(self._on_audit_notified)
        self.undo_stack.clear()
        self._data, self._states, self._stale = None, None, set()
        try:
            audit.close()
        except Exception:  # closing must not keep the user in a broken file
            logger.exception("closing %s failed", audit.path)
        self.audit_closed.emit()

    def _backup(self, action) -> None:
        """Back the open audit up in the background (the copy is consistent even while editing)."""
        audit = self.audit

        def done(path) -> None:
            if path is not None:
                self.backup_note.emit(_("已自动备份（{0}）").format(path.name))

        def failed(error: Exception) -> None:
            logger.warning("backup of %s failed: %s", audit.path, error)
            message = error.message if isinstance(error, AuditError) else str(error)
            self.backup_note.emit(_("自动备份失败：{0}").format(message))

        self.runner.run_in_background(lambda _state: action(audit), done, failed)

    # ---- edits ----------------------------------------------------------------------------------

    def execute(self, command: ServiceCommand) -> None:
        """Run one edit as an undo command (raises AuditError if refused)."""
        with self.batch():
            self.undo_stack.execute(command)

    def execute_all(self, text: str, commands: Sequence[ServiceCommand]) -> None:
        """Run edits as ONE undo step, all or nothing; views hear of them once."""
        with self.batch():
            self.undo_stack.execute_all(text, commands)

    def undo(self) -> None:
        with self.batch():
            self.undo_stack.undo()

    def redo(self) -> None:
        with self.batch():
            self.undo_stack.redo()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold change notifications back until the block ends, then send them as one."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0 and self._pending:
                self._emit()

    def _note_rows(self, table: str, ids: set[int] | None) -> None:
        if ids is None or (table in self._hints and self._hints[table] is None):
            self._hints[table] = None
        else:
            self._hints[table] = self._hints.get(table, set()) | ids

    def changed_rows(self, table: str) -> set[int] | None:
        """During data_changed: the ids changed in place in `table`; None when unknown (reload all)."""
        return self._emitting.get(table)

    def _on_audit_notified(self, tables: set[str]) -> None:
        self._pending |= set(tables)
        if self._batch_depth == 0:
            self._emit()

    def _emit(self) -> None:
        tables, self._pending = self._pending, set()
        self._stale |= tables
        self._emitting, self._hints = self._hints, {}
        try:
            self.data_changed.emit(tables)
        finally:
            self._emitting = {}
        self._states_timer.start()  # (re)started by each edit: one check once the edits pause

    # ---- completeness of the steps ----------------------------------------------------------------

    def data(self) -> services.AuditData:
        """Every row of the open audit, as of the last completeness check (loaded now if there is none;
        empty while the first check is still loading it)."""
        if self._data is None:
            from cp_audit import services

            if self._states_running:
                return services.AuditData()
            from cp_audit import phases

            self._data = services.load(self.audit, True, phases.COLUMNS) if self.audit else services.AuditData()
        return self._data

    def states(self) -> list[phases.StepState]:
        if self._states is None:
            if self._states_running:  # the first check after opening: states_changed follows
                return []
            from cp_audit import phases

            self._states = phases.states(self.data()) if self.audit else []
        return self._states

    def state(self, number: str) -> phases.StepState | None:
        return next((s for s in self.states() if s.step.number == number), None)

    def _refresh_states(self) -> None:
        """Read what changed and check every step, off the main thread (a big audit takes seconds). Rows
        are read light (services.load), and after the first check only the tables edited since the last
        one: a Python thread reading 100,000 rows holds the GIL the edits on the main thread wait for."""
        if self.audit is None:
            return
        if self._states_running:
            self._states_again = True
            return
        self._states_running = True
        audit, previous, stale, self._stale = self.audit, self._data, self._stale, set()

        from cp_audit import phases, services

        def check(_state) -> tuple[services.AuditData, list[phases.StepState]]:
            audit.checkpoint()  # the user paused: the file alone holds every edit again (cp_audit.database)
            if previous is None:
                data = services.load(audit, True, phases.COLUMNS)
            else:
                data = services.reload(audit, previous, stale, True, phases.COLUMNS)
            return data, phases.states(data)

        def done(result) -> None:
            self._states_running = False
            if self.audit is audit:
                self._data, self._states = result
                self.states_changed.emit()
            if self._states_again:
                self._states_again = False
                self._refresh_states()

        def failed(error: Exception) -> None:
            self._states_running = False
            self._stale |= stale  # read them again next time
            logger.error("checking the steps failed: %s", error)

        self.runner.run_in_background(check, done, failed)


def _backups():
    from cp_audit import backups

    return backups
