"""Fixtures of the UI tests: an AppContext on a blank audit or on a copy of the bundled sample, with
background tasks run synchronously."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cp_audit import i18n
from cp_audit.database import create_audit, open_audit
from ui.context import AppContext
from ui.formatting import apply_language
from ui.settings import Settings
from ui.tasks import ImmediateTaskRunner


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory) -> Path:
    """The sample audit built once per test session; each test gets its own copy."""
    from cp_audit.sample import create_sample

    return create_sample(tmp_path_factory.mktemp("template") / "sample.cpaudit")


@pytest.fixture(autouse=True)
def _chinese(qapp):
    i18n.set_language("zh_CN")
    apply_language("zh_CN")
    yield
    i18n.set_language("zh_CN")
    apply_language("zh_CN")


def make_context(tmp_path: Path) -> AppContext:
    return AppContext(Settings(tmp_path / "settings.ini"), ImmediateTaskRunner())


@pytest.fixture
def context(qapp, tmp_path):
    """An AppContext with a new, empty audit open."""
    ctx = make_context(tmp_path)
    ctx.open(create_audit(tmp_path / "blank.cpaudit"))
    yield ctx
    ctx.close()


@pytest.fixture
def sample_path(sample_template, tmp_path) -> Path:
    target = tmp_path / "sample.cpaudit"
    shutil.copy(sample_template, target)
    return target


@pytest.fixture
def sample_context(qapp, tmp_path, sample_path):
    ctx = make_context(tmp_path)
    ctx.open(open_audit(sample_path))
    yield ctx
    ctx.close()
