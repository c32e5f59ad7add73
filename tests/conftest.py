"""Test set-up shared by every test: Qt offscreen, isolated user folders, the reference audit."""

import json
import os
from pathlib import Path

import pytest

# Before pytest-qt creates the QApplication: no display here, and without this Qt aborts the run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep settings, logs and backups of every test out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CP_AUDIT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def reference_inputs() -> dict:
    return json.loads((DATA / "reference-audit" / "inputs.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def reference_expected() -> dict:
    return json.loads((DATA / "reference-audit" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def english():
    """User messages in English (their msgids are Chinese), for tests that read the English wording."""
    from cp_audit import i18n

    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)
