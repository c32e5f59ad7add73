"""ShownRefresh: refresh a view of engine figures after changes to the audit, but only while it is on
screen. Pages stay alive after the user leaves them; recomputing their figures after every edit
elsewhere would slow typing down on a big audit, so a hidden view only notes that it is stale and
catches up when it is shown again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class ShownRefresh(QObject):
    """Calls `refresh` from the event loop after changes to `tables` (None: any table), at once while
    `widget` is visible (or when there is no widget), else when it is next shown."""

    def __init__(
        self,
        context,
        tables: set[str] | None,
        refresh: Callable[[], None],
        widget: QWidget | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.tables, self.refresh, self.widget = tables, refresh, None
        self.stale = False
        # the engine hears of a change through the audit's own notification, which may come after the
        # context's: wait for the event loop before reading the figures
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._due)
        context.data_changed.connect(self._on_data_changed)
        if widget is not None:
            self.follow(widget)

    def follow(self, widget: QWidget) -> None:
        self.widget = widget
        widget.installEventFilter(self)

    def _on_data_changed(self, tables: set[str]) -> None:
        if self.tables is None or tables & self.tables:
            self._timer.start()

    def _due(self) -> None:
        if self.widget is not None and not self.widget.isVisible():
            self.stale = True
            return
        self.stale = False
        self.refresh()

    def is_pending(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt may still deliver events while the Python side is being torn down
        if getattr(self, "widget", None) is None or watched is not self.widget:
            return False
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False
