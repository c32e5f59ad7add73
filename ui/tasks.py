"""Background work: run_in_background(fn, on_done, on_error, progress, cancel, on_cancelled). The only
module that touches QThreadPool; tests use ImmediateTaskRunner, which runs the same calls synchronously."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from cp_audit.i18n import _

logger = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Raised by a task that noticed `state.cancelled`; neither on_done nor on_error is called, but
    on_cancelled is. Any error a task raises after it was cancelled counts the same: domain functions
    stop with their own exceptions (RenderCancelled, ExportCancelled) when their cancel check says so."""


class TaskState:
    """Handed to the task function: report progress, and notice cancellation."""

    def __init__(self, on_progress: Callable[[float], None] | None = None):
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self._percent = -1

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, fraction: float) -> None:
        if self.cancelled:
            raise TaskCancelled()
        percent = int(max(0.0, min(1.0, fraction)) * 100)
        # report only whole-percent steps: a tight loop must not flood the main thread with signals
        if self._on_progress is not None and percent != self._percent:
            self._percent = percent
            self._on_progress(percent / 100)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(float)


def _emit(signal, value: Any) -> None:
    """Send `value` to the main thread, unless the receiving side is gone: a job still running when the
    program quits (or its window closes) ends after Qt deleted its signals, and has no one to tell."""
    try:
        signal.emit(value)
    except RuntimeError:  # "Signal source has been deleted"
        logger.debug("a background job ended after its receiver was deleted")


class _Job(QRunnable):
    def __init__(self, fn: Callable[[TaskState], Any], signals: _Signals):
        super().__init__()
        self.fn, self.signals = fn, signals
        self.state = TaskState(lambda fraction: _emit(signals.progressed, fraction))

    def run(self) -> None:
        try:
            result = self.fn(self.state)
        except Exception as exc:  # noqa: BLE001 - handed to on_error (or on_cancelled) in the main thread
            _emit(self.signals.failed, TaskCancelled() if self.state.cancelled else exc)
        else:
            _emit(self.signals.done, result)


def _progress_dialog(parent: QWidget | None, label: str, cancel: bool, state: TaskState) -> QProgressDialog:
    from PySide6.QtCore import Qt  # not at the top: creating the namespace costs 20 ms of the cold start

    dialog = QProgressDialog(label, _("取消") if cancel else None, 0, 100, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # quick tasks finish before a dialog flashes up
    dialog.setAutoClose(False)
    # A lambda, not the bound method state.cancel: PySide disconnects a bound method's connection when its
    # object dies, and the job (with its state) may die in the worker thread; that disconnect takes the
    # dialog's lock and then waits for the GIL, while the main thread, closing the dialog, holds the GIL and
    # waits for that lock (a deadlock seen in CI). The lambda keeps the state alive until the dialog goes.
    dialog.canceled.connect(lambda: state.cancel())
    return dialog


class TaskRunner:
    """Runs functions on the global thread pool and calls back in the main thread."""

    def __init__(self):
        self._running: dict[int, tuple[_Signals, _Job]] = {}  # keeps each job alive until it ends

    def run_in_background(
        self,
        fn: Callable[[TaskState], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        progress: str | None = None,
        cancel: bool = False,
        parent: QWidget | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskState:
        """Run `fn(state)` on the pool. With `progress`, a window-modal progress dialog with that label
        (and a Cancel button when `cancel`) follows `state.progress`; the event loop keeps running."""
        signals = _Signals()
        job = _Job(fn, signals)
        dialog = _progress_dialog(parent, progress, cancel, job.state) if progress else None
        if dialog is not None:
            signals.progressed.connect(lambda f: dialog.setValue(int(f * 100)))

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            # let the worker return from run() before the last reference to its job and signals goes, so
            # they are destroyed here, in the main thread, not there (see _progress_dialog)
            QTimer.singleShot(0, lambda: self._running.pop(id(signals), None))
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            if isinstance(value, TaskCancelled):
                if on_cancelled is not None:
                    on_cancelled()
            elif callback is not None:
                callback(value)

        signals.done.connect(lambda result: finish(on_done, result))
        signals.failed.connect(lambda exc: finish(on_error, exc))
        self._running[id(signals)] = (signals, job)
        QThreadPool.globalInstance().start(job)
        return job.state

    def wait(self) -> None:
        QThreadPool.globalInstance().waitForDone()


class ImmediateTaskRunner(TaskRunner):
    """Runs the task at once in the calling thread: deterministic tests, same callbacks."""

    def run_in_background(
        self, fn, on_done, on_error, progress=None, cancel=False, parent=None, on_cancelled=None
    ) -> TaskState:
        state = TaskState()
        try:
            result = fn(state)
        except Exception as exc:  # noqa: BLE001 - the same hand-over as the pool runner
            if isinstance(exc, TaskCancelled) or state.cancelled:
                if on_cancelled is not None:
                    on_cancelled()
            else:
                on_error(exc)
            return state
        on_done(result)
        return state
