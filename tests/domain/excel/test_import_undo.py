"""A template import written as one undoable step: after revert_import the audit is exactly as before
(every table, as JSON), after reapply_import exactly as after the import, with the same ids."""

import shutil

import openpyxl
import pytest
from sqlalchemy.exc import IntegrityError

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.excel.import_undo import apply_changes, reapply_import, revert_import, summarize
from cp_audit.excel.template import write_template
from cp_audit.excel.template_import import check_template
from cp_audit.interchange import export_document
from cp_audit.models import InventoryItem, MonitoringRecord, Option


def codes(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[4] if cell.value}


def put(sheet, row: int, **values) -> None:
    columns = codes(sheet)
    for code, value in values.items():
        sheet.cell(row, columns[code], value)


def next_row(sheet) -> int:
    return max(c.row for c in sheet["A"] if c.value is not None) + 1


def fill(path) -> None:
    """A new year with a new item's figure, a new option with monitoring that refers to it, one
    option changed: new rows that refer to other new rows, and an update."""
    book = openpyxl.load_workbook(path)
    items = book["多年数据"]
    year = items.max_column + 1
    items.cell(3, year, "2026年")
    items.cell(4, year, "period:2026")
    row = next_row(items)
    put(items, row, key="ro_membrane", category="原辅材料", name_zh="反渗透膜", unit="kg", line="ni_line")
    items.cell(row, year, 120)
    options = book["方案登记表"]
    put(options, next_row(options), code="F21", title_zh="镀镍线增设回收槽", aspect="waste", investment=42000)
    f10 = next(
        r for r in range(5, options.max_row + 1) if options.cell(r, codes(options)["code"]).value == "F10"
    )
    put(options, f10, actual_savings=70000)
    monitoring = book["监测数据"]
    put(
        monitoring,
        next_row(monitoring),
        option="F21",
        indicator_zh="回收槽镍浓度",
        unit="g/L",
        after_value=1.8,
    )
    book.save(path)


@pytest.fixture
def audit_copy(sample_file, tmp_path):
    return shutil.copy(sample_file, tmp_path / "audit.cpaudit")


def tables(audit) -> dict:
    return export_document(audit)["tables"]


def test_an_import_is_reverted_and_reapplied_exactly(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        fill(template)
        before = tables(audit)
        changes = check_template(audit, template)
        summary = summarize(changes)
        assert summary.added == {"多年数据": 1, "方案登记表": 1, "监测数据": 1}
        assert summary.updated == {"方案登记表": 1}
        assert summary.periods_added == ["2026年"] and summary.values == 1
        heard: list[set[str]] = []
        audit.subscribe(heard.append)
        applied = apply_changes(audit, changes)
        after = tables(audit)
        option = next(o for o in services.rows(audit, Option) if o.code == "F21")
        record = next(m for m in services.rows(audit, MonitoringRecord) if m.indicator_zh == "回收槽镍浓度")
        assert record.option_id == option.id and record.after_value == 1.8
        f10 = next(o for o in services.rows(audit, Option) if o.code == "F10")
        assert f10.actual_savings == 70000
        assert any(i.key == "ro_membrane" for i in services.rows(audit, InventoryItem))
        revert_import(audit, applied)
        assert tables(audit) == before
        reapply_import(audit, applied)
        assert tables(audit) == after  # the same ids: later edits that refer to new rows still find them
        assert len(heard) == 3 and {"option", "monitoring_record", "period"} <= heard[0]


def test_a_refused_change_writes_nothing(audit_copy, tmp_path):
    """One transaction: if any write fails, the rows written before it are rolled back."""
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        fill(template)
        before = tables(audit)
        changes = check_template(audit, template)
        last = changes[-1]  # the monitoring record, written last: refer it to an option that is not there
        assert last.model is MonitoringRecord
        last.values["option_id"] = 10**9
        with pytest.raises(IntegrityError):
            apply_changes(audit, changes)
        assert tables(audit) == before
