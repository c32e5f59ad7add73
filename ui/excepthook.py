"""The last safety net: an exception nobody caught is logged and shown once, and the program goes on."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.logs import log_path
from ui import dialogs

logger = logging.getLogger(__name__)


class ExceptionReporter:
    """Installed as sys.excepthook. A user-facing AuditError shows its message; anything else is
    logged with its traceback and shown in one dialog. While that dialog is open, or for a failure
    already shown, further reports only go to the log (a broken paint event must not flood dialogs)."""

    def __init__(self, parent: Callable[[], QWidget | None] = QApplication.activeWindow):
        self._parent = parent
        self._showing = False
        self._seen: set[tuple[str, str]] = set()
        self._previous = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous

    def handle(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, AuditError):
            logger.warning("user error reached the top: %s", error.message)
            self._show(lambda: dialogs.show_audit_error(self._parent(), error))
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        logger.error("unexpected error\n%s", details)
        where = traceback.extract_tb(tb)[-1] if tb else None
        signature = (kind.__name__, f"{where.filename}:{where.lineno}" if where else "")
        if signature in self._seen:
            return
        self._seen.add(signature)
        summary = _(
            "发生了意外错误：{0}\n已提交的修改都已保存，可以继续工作。详细信息已写入日志：{1}"
        ).format(f"{kind.__name__}: {error}", log_path())
        self._show(lambda: dialogs.show_exception(self._parent(), summary, details))

    def _show(self, show: Callable[[], None]) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            show()
        finally:
            self._showing = False
