"""The language of the report being built: `_` translates a Simplified Chinese msgid into it.

The report's language is chosen per export and may differ from the window's, so `_` here reads a
context variable that `report_language()` sets for the duration of one build (nothing else changes it).
Strings are marked with `_`/`N_` so that tools/messages.py collects them into the catalogues.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cp_audit.i18n import DEFAULT_LANGUAGE, N_, translate

_LANGUAGE: ContextVar[str] = ContextVar("report_language", default=DEFAULT_LANGUAGE)

__all__ = ["N_", "_", "current", "report_language"]


@contextmanager
def report_language(language: str) -> Iterator[None]:
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current() -> str:
    return _LANGUAGE.get()


def _(text: str) -> str:
    return translate(text, _LANGUAGE.get())
