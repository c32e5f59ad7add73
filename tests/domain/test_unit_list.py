"""One rule for units (cp_audit.unit_list): editing in the workbench refuses what the Excel template import
refuses, with the same message, while free labels (a monitoring record's unit text) stay free."""

import pytest

from cp_audit import services
from cp_audit.database import create_audit
from cp_audit.excel.template_units import AUDIT_UNITS, UnitVocabulary
from cp_audit.models import InventoryItem, MonitoringRecord, ProductionLine
from cp_audit.services import ValidationError
from cp_audit.validation import unit_problem


@pytest.fixture
def audit(tmp_path):
    with create_audit(tmp_path / "u.cpaudit") as audit:
        yield audit


@pytest.fixture
def line(audit):
    return services.add(audit, ProductionLine, {"key": "ni", "name_zh": "镀镍线"})


def item(line, key, unit):
    return {"line_id": line.id, "key": key, "name_zh": "物料", "unit": unit, "category": "raw_material"}


@pytest.mark.parametrize("unit", ["furlong/fortnight", "acre", "gallon/d", "pH", "万furlong"])
def test_a_unit_pint_knows_but_no_audit_uses_is_refused_when_added(audit, line, unit):
    with pytest.raises(ValidationError) as caught:
        services.add(audit, InventoryItem, item(line, "x", unit))
    [problem] = caught.value.problems
    assert problem.field == "unit"
    assert problem.message.startswith("单位：") and unit in problem.message
    assert "清洁生产审核使用的单位" in problem.message
    assert services.rows(audit, InventoryItem) == []


@pytest.mark.parametrize(
    "unit", ["t/a", "万m2", "mg/L", "kgce", "tCO2", "m3/d", "kWh", "GJ", "万kWh", "t CO2"]
)
def test_audit_units_are_accepted(audit, line, unit):
    added = services.add(audit, InventoryItem, item(line, "x", unit))
    assert services.get(audit, InventoryItem, added.id).unit == unit


@pytest.mark.parametrize("unit", ["furlong/fortnight", "kgs", "万m2", "kgce/kWh", "acre"])
def test_the_template_import_and_the_workbench_give_the_same_answer(unit):
    assert AUDIT_UNITS.problem(unit) == unit_problem(unit)


def test_a_unit_the_audit_already_holds_still_imports_from_a_template():
    assert UnitVocabulary({"acre"}).problem("acre") is None


def test_a_monitoring_label_stays_free_text(audit):
    record = services.add(audit, MonitoringRecord, {"indicator_zh": "供冷量", "unit": "kWh cooling"})
    assert services.get(audit, MonitoringRecord, record.id).unit == "kWh cooling"


def test_the_json_import_refuses_the_same_units(tmp_path, audit, line):
    from cp_audit.interchange import DocumentError, export_document, import_document

    services.add(audit, InventoryItem, item(line, "x", "t/a"))
    document = export_document(audit)
    document["tables"]["inventory_item"][0]["unit"] = "furlong/fortnight"
    with pytest.raises(DocumentError) as caught:
        import_document(document, tmp_path / "never.cpaudit")
    [problem] = caught.value.problems
    assert problem.startswith("$.tables.inventory_item[0].unit: 单位：") and "furlong/fortnight" in problem
    assert not (tmp_path / "never.cpaudit").exists()
