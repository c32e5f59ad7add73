"""Switching the interface language: our catalogues (cp_audit.i18n), Qt's own strings for standard
dialogs and buttons (qtbase_*.qm bundled with PySide6), and the locale numbers are formatted in."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from cp_audit import i18n
from ui.formatting import apply_language

logger = logging.getLogger(__name__)

QT_CATALOGUES = {"zh_CN": "qtbase_zh_CN", "zh_HK": "qtbase_zh_TW"}  # Qt's own source strings are English


class QtTranslations:
    """Holds the installed QTranslator so a language switch can replace it."""

    def __init__(self, app: QCoreApplication):
        self.app = app
        self.translator: QTranslator | None = None

    def apply(self, language: str) -> bool:
        if self.translator is not None:
            self.app.removeTranslator(self.translator)
            self.translator = None
        name = QT_CATALOGUES.get(language)
        if name is None:
            return False
        translator = QTranslator(self.app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(name, folder):
            logger.info("no Qt catalogue %s in %s", name, folder)
            return False
        self.app.installTranslator(translator)
        self.translator = translator
        return True


def switch_language(language: str, translations: QtTranslations | None) -> None:
    i18n.set_language(language)
    apply_language(language)
    if translations is not None:
        translations.apply(language)
