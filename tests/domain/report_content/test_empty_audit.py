"""A new, empty audit still gives a whole report in both editions: every section says what is missing."""

from __future__ import annotations

import pypdf
import pytest

from cp_audit.database import create_audit
from cp_audit.reports.build import write_report

from .pdf_text import page_lines


@pytest.mark.parametrize("edition", ["assessment", "acceptance"])
def test_an_empty_audit_renders_with_every_heading(tmp_path, edition):
    path = tmp_path / "empty.cpaudit"
    create_audit(path).close()
    target = tmp_path / "empty.pdf"
    result = write_report(path, target, edition=edition)
    lines = [line for page in pypdf.PdfReader(str(target)).pages for line in page_lines(page)]
    assert result.pages > 10 and "第五章 可行性分析" in lines
    assert "本节无相关数据。" not in lines  # each section explains what has not been entered yet
    assert "企业基本情况尚未录入。" in lines
