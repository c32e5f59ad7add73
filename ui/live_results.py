"""The engine's results of the open audit for pages that show derived figures (tallies, economics):
one IncrementalEngine per AppContext, made when a page first asks and closed with the audit.

Pages read `live_results(context).results()` when they refresh. A page that refreshes on
`data_changed` should wait for the event loop first (`RefreshSoon`): the engine hears of a change
through the audit's own notification, which may come after the context's for an edit made outside
an undo batch.
"""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, QTimer, Signal

logger = logging.getLogger(__name__)

_ENGINES: WeakKeyDictionary = WeakKeyDictionary()


class LiveResults(QObject):
    """The IncrementalEngine of the context's open audit; None results while no audit is open."""

    def __init__(self, context):
        super().__init__(context)
        self.context = context
        self._engine = None
        self._audit = None
        context.audit_closed.connect(self._close)

    def results(self):
        audit = self.context.audit
        if audit is None:
            return None
        if self._audit is not audit:
            self._close()
            from cp_audit.engine.incremental import IncrementalEngine

            self._engine, self._audit = IncrementalEngine(audit), audit
        return self._engine.results()

    def _close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self._engine, self._audit = None, None


def live_results(context) -> LiveResults:
    found = _ENGINES.get(context)
    if found is None:
        found = _ENGINES[context] = LiveResults(context)
    return found


class RefreshSoon(QObject):
    """Calls `refresh` once, from the event loop, after any number of changes to the watched tables."""

    due = Signal()

    def __init__(self, context, tables: set[str] | None, refresh, parent: QObject | None = None):
        super().__init__(parent)
        self.tables = tables
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(refresh)
        context.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, tables: set[str]) -> None:
        if self.tables is None or tables & self.tables:
            self._timer.start()

    def is_pending(self) -> bool:
        return self._timer.isActive()
