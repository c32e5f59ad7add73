"""Where the bundled resources (fonts, translations, the sample audit, data tables) are on disk."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


def sample_audit_path() -> Path:
    return resource_path("sample", "lanfai-2026.cpaudit.json")


def user_home() -> Path:
    """Per-user data folder (settings, logs, backups); tests point CP_AUDIT_HOME elsewhere."""
    override = os.environ.get("CP_AUDIT_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("cp-audit-workbench", appauthor=False)
