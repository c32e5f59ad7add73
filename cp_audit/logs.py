"""A rotating log file in the user data folder, configured once per process."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cp_audit.resources import user_home

MAX_BYTES = 1_000_000
BACKUPS = 5

_configured: Path | None = None


def log_path() -> Path:
    return user_home() / "logs" / "cp-audit.log"


class RotatingFile(logging.FileHandler):
    """Size-based rotation as logging.handlers.RotatingFileHandler does it (`path` becomes `path.1`, `.1`
    becomes `.2` …, at most `backups` kept). That module imports socket, pickle and queue for its other
    handlers: 11 ms of the workbench's cold start, for a feature of twenty lines."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS):
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() + len(self.format(record)) + 1 >= self.max_bytes:
                self.rotate()
        except Exception:  # logging must never break the program (as the standard handlers do)
            self.handleError(record)
            return
        super().emit(record)  # (re)opens the file if rotate() closed it

    def rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for n in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


def configure_logging(level: int = logging.INFO) -> Path:
    """Send log records to a rotating file (1 MB × 5) in the user data folder; returns its path."""
    global _configured
    path = log_path()
    if _configured == path:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    _configured = path
    return path
