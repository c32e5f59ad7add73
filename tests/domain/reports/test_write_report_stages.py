"""write_report from an audit file that is already open (as the workbench has it), and cancelling it
before, between and during its stages: it stops with RenderCancelled and writes nothing."""

from __future__ import annotations

import pypdf
import pytest

from cp_audit.database import open_audit
from cp_audit.reports.build import write_report
from cp_audit.reports.pdf import RenderCancelled
from cp_audit.sample import create_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return create_sample(tmp_path_factory.mktemp("sample") / "sample.cpaudit")


def test_an_open_audit_is_reported_without_opening_it_again(sample, tmp_path):
    target = tmp_path / "report.pdf"
    with open_audit(sample) as audit:  # open for editing: holds the lock
        result = write_report(audit, target, edition="assessment")
    reader = pypdf.PdfReader(str(target))
    assert len(reader.pages) == result.pages
    assert "清洁生产审核报告" in reader.pages[0].extract_text()


@pytest.mark.parametrize("checks_before_cancel", [0, 1, 2, 3, 50])
def test_cancel_at_any_stage_writes_nothing(sample, tmp_path, checks_before_cancel):
    """The first three checks come after loading, computing and building; later ones during layout."""
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > checks_before_cancel

    with pytest.raises(RenderCancelled):
        write_report(sample, tmp_path / "report.pdf", cancel=cancel)
    assert len(asked) == checks_before_cancel + 1
    assert list(tmp_path.iterdir()) == []
