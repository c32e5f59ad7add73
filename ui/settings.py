"""Typed settings of the workbench (window state, recent files, folders, language), kept in an INI file
in the user data folder. Audit data never goes here. Every key is declared once, below."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from cp_audit.i18n import DEFAULT_LANGUAGE, LANGUAGES
from cp_audit.resources import user_home

MAX_RECENT = 10


@dataclass(frozen=True)
class Key:
    name: str
    default: Any


LANGUAGE = Key("ui/language", "")
GEOMETRY = Key("window/geometry", QByteArray())
RECENT_FILES = Key("files/recent", [])
LAST_FOLDER = Key("files/last_folder", "")


class Settings:
    """Accessors over one QSettings file; tests give each run its own folder (CP_AUDIT_HOME)."""

    def __init__(self, path: Path | None = None):
        self.path = path or user_home() / "settings.ini"
        self._store = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _get(self, key: Key) -> Any:
        return self._store.value(key.name, key.default)

    def _set(self, key: Key, value: Any) -> None:
        self._store.setValue(key.name, value)
        self._store.sync()

    @property
    def language(self) -> str:
        value = str(self._get(LANGUAGE) or "")
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        self._set(LANGUAGE, value)

    @property
    def geometry(self) -> QByteArray:
        return QByteArray(self._get(GEOMETRY) or QByteArray())

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set(GEOMETRY, value)

    @property
    def recent_files(self) -> list[Path]:
        value = self._get(RECENT_FILES) or []
        if isinstance(value, str):  # QSettings gives one item back as a plain string
            value = [value]
        return [Path(p) for p in value if p]

    def add_recent(self, path: Path) -> None:
        path = Path(path).resolve()
        others = [p for p in self.recent_files if p != path]
        self._set(RECENT_FILES, [str(p) for p in [path, *others][:MAX_RECENT]])

    def forget_recent(self, path: Path) -> None:
        self._set(RECENT_FILES, [str(p) for p in self.recent_files if p != Path(path)])

    @property
    def last_folder(self) -> Path:
        value = str(self._get(LAST_FOLDER) or "")
        return Path(value) if value and Path(value).is_dir() else Path.home()

    @last_folder.setter
    def last_folder(self, value: Path) -> None:
        self._set(LAST_FOLDER, str(value))
