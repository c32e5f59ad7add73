"""The template import reads what it checks by SQL and writes in batches: the same plan as from the whole
audit loaded (services.load), new rows as the model makes them, every value back after a bulk import (in
batches smaller than the import, so several are written), and that import reverted and written again."""

import io
import shutil
import sqlite3
from datetime import date

import openpyxl
import pytest

from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.excel import template_write
from cp_audit.excel.import_undo import apply_changes, reapply_import, revert_import
from cp_audit.excel.template import write_template
from cp_audit.excel.template_import import Change, check_template, import_template
from cp_audit.excel.template_read import TemplateImportError, _scan
from cp_audit.interchange import export_document
from cp_audit.models import (
    InventoryItem,
    InventoryValue,
    MonitoringRecord,
    Option,
    Period,
    Stream,
    StreamFactor,
)
from cp_audit.models.base import Aspect, FactorRole, StreamCalc
from tests.domain.excel.test_template import _fill


@pytest.fixture
def audit_copy(sample_file, tmp_path):
    return shutil.copy(sample_file, tmp_path / "audit.cpaudit")


def _plan(changes: list[Change]) -> list[tuple]:
    """A plan as plain data: a reference to a row the import adds is shown by that row's place in the plan."""
    place = {id(change): n for n, change in enumerate(changes)}

    def plain(value):
        return ("new", place[id(value)]) if isinstance(value, Change) else value

    return [
        (c.model.__name__, c.row_id, c.sheet, {k: plain(v) for k, v in c.values.items()}) for c in changes
    ]


def test_the_plan_read_by_sql_equals_the_plan_from_the_loaded_audit(audit_copy, tmp_path):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        _fill(template)
        from_sql = check_template(audit, template)
        from_loaded = check_template(services.load(audit), template)
    assert len(from_sql) == 11  # a period, an item and 3 values, 2 options, monitoring, a stream, 2 factors
    assert _plan(from_sql) == _plan(from_loaded)


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (InventoryValue, {"item_id": 3, "period_id": 2, "value": 1.5}),
        (StreamFactor, {"stream_id": 4, "role": FactorRole.concentration, "value": 2.0}),
        (MonitoringRecord, {"indicator_zh": "镍浓度", "option_id": None}),
        (Period, {"key": "2026", "label_zh": "2026年", "position": 9}),
        (InventoryItem, {"key": "ro", "name_zh": "膜", "unit": "kg"}),
        (Stream, {"balance_id": 1, "code": "N-9", "calc": StreamCalc.concentration}),
        (Option, {"code": "F9", "title_zh": "回收", "aspect": Aspect.waste, "start_on": date(2027, 1, 5)}),
        (Option, {"id": 77, "code": "F9", "title_zh": "回收"}),
    ],
)
def test_a_new_row_has_every_column_as_the_model_makes_it(model, values):
    record = model(**values)
    made = {
        c.name: getattr(record, c.name) for c in model.__table__.columns if c.name != "id" or "id" in values
    }
    assert template_write._full(model, values) == made


def _values(audit) -> list[tuple]:
    rows = services.load(audit).rows(InventoryValue)
    return sorted((v.item_id, v.period_id, v.value, v.unit or "") for v in rows)


def test_every_value_is_written_back_in_batches_and_the_import_undone_and_redone(
    audit_copy, tmp_path, monkeypatch
):
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
        original = _values(audit)
    assert len(original) > 60
    with sqlite3.connect(audit_copy) as conn:  # an audit that lost its figures: the template has them all
        conn.execute("DELETE FROM inventory_value")
    monkeypatch.setattr(template_write, "BATCH", 7)
    with open_audit(audit_copy) as audit:
        before = export_document(audit)["tables"]
        summary = import_template(audit, template)
        assert summary.values == len(original)
        assert _values(audit) == original
        ids = sorted(v.id for v in services.load(audit).rows(InventoryValue))
        with sqlite3.connect(audit_copy) as conn:
            conn.execute("DELETE FROM inventory_value")
        applied = apply_changes(audit, check_template(audit, template))
        # numbered as SQLite numbers rows added one by one, in the order of the template
        assert [row.id for row in applied.added] == list(range(1, len(original) + 1))
        assert sorted(row.id for row in applied.added) == sorted(
            v.id for v in services.load(audit).rows(InventoryValue)
        )
        after = export_document(audit)["tables"]
        assert _values(audit) == original and len(ids) == len(original)
        revert_import(audit, applied)
        assert export_document(audit)["tables"]["inventory_value"] == before["inventory_value"] == []
        reapply_import(audit, applied)
        assert export_document(audit)["tables"] == after


def test_an_unchanged_row_imports_again_even_when_a_stored_value_breaks_a_rule(audit_copy, tmp_path):
    """A row as stored is not checked again (the workbench checked it when it was entered); a row the
    template changes is checked whole, its stored fields too."""
    template = tmp_path / "template.xlsx"
    with open_audit(audit_copy) as audit:
        write_template(template, audit)
    with sqlite3.connect(audit_copy) as conn:  # stored by an older version, before the rule
        conn.execute("UPDATE option SET description_zh = ? WHERE code = 'F1'", ("x\x00y",))
    book = openpyxl.load_workbook(template)
    options = book["方案登记表"]
    columns = {cell.value: cell.column for cell in options[4] if cell.value}
    f1 = next(r for r in range(5, options.max_row + 1) if options.cell(r, columns["code"]).value == "F1")
    options.cell(f1, columns["description_zh"]).value = None  # blank: the stored text is kept
    book.save(template)
    with open_audit(audit_copy) as audit:
        assert check_template(audit, template) == []
        options.cell(f1, columns["investment"], 1234)
        book.save(template)
        with pytest.raises(TemplateImportError) as caught:
            check_template(audit, template)
    assert "NUL" in str(caught.value)


@pytest.mark.parametrize(
    ("xml", "formulas", "errors"),
    [
        (b'<c r="A5" t="inlineStr"><is><t>=1+1</t></is></c><formula1>"a,b"</formula1><font/>', False, False),
        (b'<c r="A5"><f>1+1</f><v>2</v></c>', True, False),
        (b'<c r="A5"><f t="shared" si="0"/><v>2</v></c>', True, False),
        (b'<x:c r="A5"><x:f>A1</x:f></x:c>', True, False),
        (b'<c r="A5" s="1" t="e"><v>#DIV/0!</v></c>', False, True),
        (b"<c r='A5' t = 'e'><v>#N/A</v></c>", False, True),
        # what the quick look for <f and "e" finds, but neither a formula nor an error value
        (b'<c r="A5" t="inlineStr"><is><t>say "e" or \'e\' &lt;f x:f</t></is></c>', False, False),
        (
            b'<c r="A5" t="inlineStr"><is><t>&lt;f&gt;</t></is></c><c r="B5" t="e"><v>#REF!</v></c>',
            False,
            True,
        ),
    ],
)
def test_a_sheet_is_read_twice_only_with_formulas_and_with_cells_only_with_error_values(
    xml, formulas, errors
):
    class Sheet:  # openpyxl's read-only sheet gives its XML so
        def _get_source(self):
            return io.BytesIO(b"<worksheet><sheetData><row r='5'>" + xml + b"</row></sheetData></worksheet>")

    assert _scan(Sheet()) == (formulas, errors)
