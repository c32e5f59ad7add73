"""One translation mechanism for the workbench and the reports: gettext catalogues read from .po files.

Source strings are Simplified Chinese (the method's official terms, REFERENCE.md §1.2), so the default
language needs no catalogue; `en` and `zh_HK` catalogues live in resources/translations/.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from cp_audit.resources import resource_path

LANGUAGES = {"zh_CN": "简体中文", "zh_HK": "繁體中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"

_lock = threading.Lock()
_catalogues: dict[str, dict[str, str]] = {}
_current = DEFAULT_LANGUAGE


def N_(text: str) -> str:
    """Mark a constant for translation where it is defined; translate it where it is shown."""
    return text


def catalogue_path(language: str) -> Path:
    return resource_path("translations", f"{language}.po")


def _load(language: str) -> dict[str, str]:
    with _lock:
        if language not in _catalogues:
            table: dict[str, str] = {}
            path = catalogue_path(language)
            if language != DEFAULT_LANGUAGE and path.exists():
                import polib  # only when a non-default language is chosen

                for entry in polib.pofile(str(path)):
                    if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                        table[entry.msgid] = entry.msgstr
            _catalogues[language] = table
        return _catalogues[language]


def unknown_language(language: str) -> str:
    """What is said of a language code that is not one of LANGUAGES, in the language in use."""
    return _("未知的语言 {0!r}；请选择以下之一：{1}").format(language, list_text(LANGUAGES))


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(unknown_language(language))
    _load(language)
    _current = language


def current_language() -> str:
    return _current


def translate(text: str, language: str | None = None) -> str:
    lang = language or _current
    if lang == DEFAULT_LANGUAGE or not text:
        return text
    return _load(lang).get(text, text)


def _(text: str) -> str:
    return translate(text)


def list_text(items: Iterable[object]) -> str:
    """Items as a list in the current language: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return _("、").join(str(item) for item in items)
