"""The units a filled template may use: those of a cleaner production audit (the one rule in
cp_audit.unit_list, the same the workbench applies when a row is edited), or a text the audit already holds.
A template is typed offline without the workbench's checks, so a slip such as furlong/fortnight must stop
the import."""

from __future__ import annotations

from collections.abc import Iterable

from cp_audit.i18n import current_language
from cp_audit.unit_list import unit_problem


class UnitVocabulary:
    """Decides whether a unit typed in a template is one the audit may hold: an audit unit, or a text
    the audit already holds (entered in the workbench, so a template written from it imports again)."""

    def __init__(self, known: Iterable[str] = ()):
        self.known = frozenset(known)
        self._problems: dict[tuple[str, str], str | None] = {}  # the same few units on thousands of rows

    def problem(self, text: str) -> str | None:
        """Why `text` cannot be used as a unit, or None."""
        if not text or text in self.known:
            return None
        key = (text, current_language())  # the reason is worded in the language of the moment
        if key not in self._problems:
            self._problems[key] = unit_problem(text)
        return self._problems[key]


AUDIT_UNITS = UnitVocabulary()
