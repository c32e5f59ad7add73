"""The bundled sample rendered in both editions (once per session), and `cp-audit compute` on it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property

import pypdf
import pytest

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.reports.build import build_report, write_report
from cp_audit.reports.model import Report
from cp_audit.reports.pdf import RenderResult
from cp_audit.sample import create_sample


@dataclass
class Rendered:
    edition: str
    report: Report
    result: RenderResult
    reader: pypdf.PdfReader

    @cached_property
    def lines(self) -> list[str]:
        """Body lines of every page (running header and footer left out), read once."""
        from .pdf_text import body_lines

        enterprise = self.report.cover.enterprise
        title = f"{self.report.title}（{self.report.edition}）"
        return body_lines(self.reader, {enterprise, title, f"{enterprise} {title}"})

    @cached_property
    def page_lines(self) -> list[list[str]]:
        from .pdf_text import page_lines

        return [page_lines(page) for page in self.reader.pages]


@pytest.fixture(scope="session")
def sample_audit(tmp_path_factory):
    return create_sample(tmp_path_factory.mktemp("sample") / "sample.cpaudit")


@pytest.fixture(scope="session")
def computed(sample_audit) -> dict:
    """The results as a user gets them: `cp-audit compute` run as a separate program."""
    out = subprocess.run(
        [sys.executable, "-m", "cp_audit", "compute", str(sample_audit)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="session")
def sample_data(sample_audit):
    with open_audit(sample_audit, read_only=True) as audit:
        return services.load(audit)


def render(audit_path, data, edition: str, folder) -> Rendered:
    from cp_audit.engine import compute

    target = folder / f"{edition}.pdf"
    result = write_report(audit_path, target, edition=edition)
    report = build_report(data, compute(data), edition=edition)
    return Rendered(edition, report, result, pypdf.PdfReader(str(target)))


@pytest.fixture(scope="session")
def acceptance(sample_audit, sample_data, tmp_path_factory) -> Rendered:
    return render(sample_audit, sample_data, "acceptance", tmp_path_factory.mktemp("acceptance"))


@pytest.fixture(scope="session")
def assessment(sample_audit, sample_data, tmp_path_factory) -> Rendered:
    return render(sample_audit, sample_data, "assessment", tmp_path_factory.mktemp("assessment"))


@pytest.fixture(params=["assessment", "acceptance"])
def edition(request) -> Rendered:
    return request.getfixturevalue(request.param)
