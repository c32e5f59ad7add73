"""What a template import needs to know of the audit, and no more: for the sheets the template has, the
records their rows may name or update (keys and codes, stored values), and every unit text the audit holds.
Read by SQL in one snapshot, as plain rows (attribute access like the models', the same values), instead of
the whole audit as model instances (services.load): on a large audit that took longer than reading the
template's cells."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from cp_audit import services
from cp_audit.database import AuditFile
from cp_audit.excel.template_spec import TemplateSheet
from cp_audit.models import (
    Balance,
    EmissionPoint,
    InventoryItem,
    InventoryValue,
    MonitoringRecord,
    Node,
    Option,
    Period,
    ProductionLine,
    Stream,
    StreamFactor,
    table_class,
)
from cp_audit.validation import UNIT_FIELDS

#: The tables each sheet's rows are checked against (references, the records they update, stream units).
NEEDED: dict[str, tuple[type, ...]] = {
    "items": (
        ProductionLine,
        EmissionPoint,
        Period,
        InventoryItem,
    ),  # and the values, as StoredRecords.values
    "streams": (Balance, Node, Stream, StreamFactor),
    "factors": (Balance, Stream, StreamFactor),
    "options": (Option,),
    "monitoring": (Option, MonitoringRecord),
}


class StoredRecords:
    """Stored rows by table; a table none of the template's sheets needs reads as empty."""

    def __init__(self, tables: dict[str, list[Any]], units: set[str], values: dict[tuple[int, int], tuple]):
        self.tables = tables
        self.units = units  # every unit text the audit holds
        # the inventory's values: (item id, period id) -> (item id, period id, id, value, unit)
        self.values = values

    def rows(self, model: type) -> list[Any]:
        return self.tables.get(model.__tablename__, [])


def stored_records(
    audit_or_data: AuditFile | services.AuditData, sheets: Iterable[TemplateSheet]
) -> StoredRecords:
    """The records the template's `sheets` are checked against, in the order of their ids."""
    if isinstance(audit_or_data, services.AuditData):
        values = {
            (v.item_id, v.period_id): (v.item_id, v.period_id, v.id, v.value, v.unit)
            for v in audit_or_data.rows(InventoryValue)
        }
        return StoredRecords(audit_or_data.tables, _units_in(audit_or_data), values)
    codes = [sheet.code for sheet in sheets]
    models = dict.fromkeys(model for code in codes for model in NEEDED[code])
    tables: dict[str, list[Any]] = {}
    values = {}
    with audit_or_data.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")  # one snapshot for every table, as services.load reads
        for model in models:
            table = model.__table__
            tables[table.name] = list(conn.execute(select(table).order_by(table.c.id)).all())
        if "items" in codes:
            # tens of thousands of plain numbers: read through the driver (in the same snapshot), as
            # SQLAlchemy's rows took four times as long to make
            cursor = conn.connection.driver_connection.execute(
                "SELECT item_id, period_id, id, value, unit FROM inventory_value"
            )
            values = {(row[0], row[1]): row for row in cursor}
        units = set()
        for name, fields in UNIT_FIELDS.items():
            table = table_class(name).__table__
            for field in fields:
                units.update(conn.execute(select(table.c[field]).distinct()).scalars())
        conn.rollback()
    return StoredRecords(tables, {unit for unit in units if unit}, values)


def _units_in(data: services.AuditData) -> set[str]:
    return {
        getattr(row, name)
        for table, names in UNIT_FIELDS.items()
        for row in data.tables.get(table, ())
        for name in names
        if getattr(row, name, None)
    }
