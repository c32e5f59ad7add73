"""A rotating log file in the user data folder, configured once per process."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from cp_audit.resources import user_home

_configured: Path | None = None


def log_path() -> Path:
    return user_home() / "logs" / "cp-audit.log"


def configure_logging(level: int = logging.INFO) -> Path:
    """Send log records to a rotating file (1 MB × 5) in the user data folder; returns its path."""
    global _configured
    path = log_path()
    if _configured == path:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    _configured = path
    return path
