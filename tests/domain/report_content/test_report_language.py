"""Texts of the report follow the report's language even where the engine worded them in the window's."""

from __future__ import annotations

from cp_audit import i18n
from cp_audit.engine import compute
from cp_audit.models import Enterprise
from cp_audit.reports.build import build_report
from cp_audit.reports.model import Table
from cp_audit.services import AuditData

SAMPLE_USCC = "91441900CPAUDT0042"  # the bundled sample's code (valid: check character 2)
USCC_LABELS = {"zh_CN": "统一社会信用代码", "en": "Unified social credit code"}


def uscc_cell(sample_data: AuditData, code: str, window: str, report: str) -> str:
    """The 统一社会信用代码 row of the enterprise profile (2.1), the engine run in the `window` language."""
    (enterprise,) = sample_data.rows(Enterprise)
    assert enterprise.uscc == SAMPLE_USCC
    data = AuditData(
        {**sample_data.tables, Enterprise.__tablename__: [enterprise.model_copy(update={"uscc": code})]}
    )
    before = i18n.current_language()
    i18n.set_language(window)  # the engine words its check messages when it computes
    try:
        results = compute(data)
    finally:
        i18n.set_language(before)
    built = build_report(data, results, language=report)
    tables = [b for c in built.chapters for s in c.sections for b in s.blocks if isinstance(b, Table)]
    rows = [row for table in tables for row in table.rows if row and row[0] == USCC_LABELS[report]]
    assert len(rows) == 1
    return rows[0][1]


def test_the_uscc_warning_is_in_the_report_language_not_the_window_language(sample_data):
    code = SAMPLE_USCC[:-1] + "1"
    assert uscc_cell(sample_data, code, window="zh_CN", report="en") == (
        f"{code}(check failed: Unified social credit code {code}: check character is 1, should be 2; "
        "a character was probably mistyped)"
    )
    assert uscc_cell(sample_data, code, window="en", report="zh_CN") == (
        f"{code}（校验未通过：统一社会信用代码 {code}：校验位是 1，应为 2；可能有一位输错了）"
    )


def test_a_code_of_the_wrong_length_or_with_letters_never_used_is_worded_in_the_report_language(sample_data):
    short = SAMPLE_USCC[:-1]
    assert "has 17 characters, needs 18" in uscc_cell(sample_data, short, window="zh_CN", report="en")
    letters = SAMPLE_USCC[:-2] + "O2"
    assert uscc_cell(sample_data, letters, window="zh_CN", report="en").endswith(
        "characters not allowed: O; I, O, S, V and Z are never used)"
    )
