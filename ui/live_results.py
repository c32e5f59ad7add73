"""The engine's results of the open audit for pages that show derived figures (tallies, economics):
one IncrementalEngine per AppContext, made when a page first asks and closed with the audit.

Pages read `live_results(context).results()` when they refresh. A page that refreshes on
`data_changed` should wait for the event loop first (`RefreshSoon`): the engine hears of a change
through the audit's own notification, which may come after the context's for an edit made outside
an undo batch.
"""

from __future__ import annotations

import logging
import threading
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, QTimer, Signal

logger = logging.getLogger(__name__)

_ENGINES: WeakKeyDictionary = WeakKeyDictionary()


class LiveResults(QObject):
    """The IncrementalEngine of the context's open audit; None results while no audit is open.

    Making the engine computes everything once (seconds on a big audit). A page that can show itself
    without figures asks `results_or_start()`: the engine is then made on the task runner and `ready`
    is emitted when it is there; `results()` waits for such a build instead of starting another."""

    ready = Signal()

    def __init__(self, context):
        super().__init__(context)
        self.context = context
        self._engine = None
        self._audit = None
        self._building: _Build | None = None
        context.audit_closed.connect(self._close)

    def results(self):
        audit = self.context.audit
        if audit is None:
            return None
        if self._audit is not audit:
            self._adopt(audit)
        return self._engine.results()

    def results_or_start(self):
        """The results if the engine is there; otherwise None, and the engine is made in the background."""
        audit = self.context.audit
        if audit is None:
            return None
        if self._audit is audit:
            return self._engine.results()
        if self._building is not None and self._building.audit is audit:
            if not self._building.finished.is_set():
                return None
            return self.results()
        self._close()
        build = self._building = _Build(audit)
        self.context.runner.run_in_background(build.run, lambda _none: self._built(build), lambda error: self._built(build))
        return self.results() if self._audit is audit else None

    def _adopt(self, audit) -> None:
        """Take the engine of a finished (or finishing: wait for it) build of `audit`, or make one now."""
        build = self._building
        if build is not None and build.audit is audit:
            build.finished.wait()  # releases the GIL: the worker finishes
            self._building = None
            if build.error is not None:
                raise build.error
            self._engine, self._audit = build.engine, audit
            return
        self._close()
        from cp_audit.engine.incremental import IncrementalEngine

        self._engine, self._audit = IncrementalEngine(audit), audit

    def _built(self, build: _Build) -> None:
        """In the main thread, after a background build: adopt it unless the audit has gone meanwhile."""
        if build is self._building and build.audit is self.context.audit:
            try:
                self._adopt(build.audit)
            except Exception:  # the page shows no figures; the log says why
                logger.exception("computing the results of %s failed", build.audit.path)
                return
            self.ready.emit()
        elif build.engine is not None and build.engine is not self._engine:
            build.engine.close()

    def _close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self._engine, self._audit, self._building = None, None, None


class _Build:
    """An IncrementalEngine being made in a worker thread."""

    def __init__(self, audit):
        self.audit = audit
        self.engine = None
        self.error: Exception | None = None
        self.finished = threading.Event()

    def run(self, _state) -> None:
        try:
            from cp_audit.engine.incremental import IncrementalEngine

            self.engine = IncrementalEngine(self.audit)
        except Exception as error:  # noqa: BLE001 - handed to the main thread by _adopt
            self.error = error
        finally:
            self.finished.set()


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
