"""The sample audit and its worksheets, written once per module."""

from datetime import date

import openpyxl
import pytest

from cp_audit.database import open_audit
from cp_audit.sample import create_sample

EXPORT_DAY = date(2026, 12, 28)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    return create_sample(tmp_path_factory.mktemp("sample") / "sample.cpaudit")


@pytest.fixture(scope="module")
def sample_workbook(sample_file, tmp_path_factory):
    """The sample's worksheets, opened with their formulas (not cached values: openpyxl writes none)."""
    from cp_audit.excel.worksheets import export_worksheets

    target = tmp_path_factory.mktemp("workbook") / "worksheets.xlsx"
    with open_audit(sample_file, read_only=True) as audit:
        export_worksheets(audit, None, target, today=EXPORT_DAY)
    return openpyxl.load_workbook(target)
