"""The bundled sample audit (the reference audit of an electroplating plant in Dongguan)."""

from __future__ import annotations

from pathlib import Path

from cp_audit.interchange import import_json
from cp_audit.resources import sample_audit_path


def create_sample(target: Path) -> Path:
    """Write a new audit file at `target` holding the whole sample audit."""
    import_json(sample_audit_path(), Path(target))
    return Path(target)
