"""The workbench's start: the QApplication with the bundled Chinese font, logging, the exception hook,
the interface language (ours and Qt's), the AppContext, and the main window on a file or the sample."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from cp_audit import __version__
from cp_audit.logs import configure_logging
from cp_audit.resources import resource_path
from ui.context import AppContext
from ui.excepthook import ExceptionReporter
from ui.main_window import MainWindow, sample_target
from ui.settings import Settings
from ui.translation import QtTranslations, switch_language

logger = logging.getLogger(__name__)

# Chinese glyphs even where the system has no CJK font: file -> the family it holds
FONTS = {"wqy-microhei.ttc": "WenQuanYi Micro Hei"}


def register_fonts() -> list[str]:
    """The bundled fonts' families, each loaded unless the system has it already (loading the 5 MB
    file costs 2 ms of the cold start; many Linux systems have this very font)."""
    families = []
    for name, family in FONTS.items():
        if QFontDatabase.hasFamily(family):
            families.append(family)
            continue
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id < 0:
            logger.warning("could not load the bundled font %s", name)
        else:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def application() -> QApplication:
    # Background work (the completeness check, live results, exports) runs Python in worker threads; the
    # main thread gives up the GIL for every SQLite call and by default waits up to 5 ms to get it back
    # each time. An edit makes a dozen such calls: hand the GIL over within 1 ms so typing stays smooth.
    sys.setswitchinterval(0.001)
    existing = QApplication.instance()
    if existing is not None:
        return existing
    # Fractional scaling (125 %, 150 %) as the system asks is Qt 6's default (rounding policy PassThrough);
    # the `Qt` namespace it was set with costs 20 ms to create in PySide, before the first window.
    app = QApplication(sys.argv[:1])
    app.setApplicationName("CP Audit Workbench")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("cp-audit-workbench")
    return app


def build_workbench(
    file: Path | None = None,
    sample: bool = False,
    language: str | None = None,
    context: AppContext | None = None,
) -> MainWindow:
    """Everything run_workbench sets up, without entering the event loop (tests use this)."""
    app = application()
    register_fonts()
    context = context or AppContext(Settings())
    translations = QtTranslations(app)
    switch_language(language or context.settings.language, translations)
    window = MainWindow(context, translations)
    window.show()
    if sample:
        window.new_from_sample(sample_target())
    elif file is not None:
        window.open_path(Path(file))
    return window


def run_workbench(file: Path | None = None, sample: bool = False, language: str | None = None) -> int:
    log_file = configure_logging()
    logger.info("CP Audit Workbench %s starting; log in %s", __version__, log_file)
    reporter = ExceptionReporter()
    reporter.install()
    window = build_workbench(file, sample, language)
    try:
        return QApplication.instance().exec()
    finally:
        reporter.uninstall()
        del window
