"""The rows an audit pre-fills in the template: its inventory items with their values per period, its
streams and factors, options and monitoring records, in the columns of cp_audit.excel.template_spec."""

from __future__ import annotations

from typing import Any

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
)
from cp_audit.services import AuditData


def prefilled_rows(spec: TemplateSheet, data: AuditData, periods: list[Period], _) -> list[list[Any]]:
    return {
        "items": _items,
        "streams": _streams,
        "factors": _factors,
        "options": _options,
        "monitoring": _monitoring,
    }[spec.code](spec, data, periods, _)


def _ordered(rows: list) -> list:
    return sorted(rows, key=lambda r: (getattr(r, "position", 0), r.id))


def _row(spec: TemplateSheet, record, refs: dict[str, Any], _) -> list[Any]:
    """Values in column order: a reference from `refs`, an enum as its label, other fields as stored."""
    row = []
    for column in spec.columns:
        if column.code in refs:
            row.append(refs[column.code])
            continue
        value = getattr(record, column.field) if column.field else None
        row.append(_(value.label) if column.enum is not None and value is not None else value)
    return row


def _items(spec: TemplateSheet, data: AuditData, periods: list[Period], _) -> list[list[Any]]:
    lines = {line.id: line.key for line in data.rows(ProductionLine)}
    points = {point.id: point.key for point in data.rows(EmissionPoint)}
    values = {(v.item_id, v.period_id): v for v in data.rows(InventoryValue)}
    rows = []
    for item in _ordered(data.rows(InventoryItem)):
        row = _row(spec, item, {"line": lines.get(item.line_id), "point": points.get(item.point_id)}, _)
        for period in periods:
            value = values.get((item.id, period.id))
            # a value kept in another unit than the item's is shown as text; the importer reads it back
            # only if it is replaced by a number
            row.append(
                None
                if value is None
                else value.value
                if not value.unit or value.unit == item.unit
                else f"{value.value:g} {value.unit}"
            )
        rows.append(row)
    return rows


def _streams(spec: TemplateSheet, data: AuditData, periods, _) -> list[list[Any]]:
    balances = {b.id: b.key for b in data.rows(Balance)}
    nodes = {n.id: n.code for n in data.rows(Node)}
    return [
        _row(
            spec,
            s,
            {
                "balance": balances.get(s.balance_id),
                "from": nodes.get(s.from_node_id),
                "to": nodes.get(s.to_node_id),
            },
            _,
        )
        for s in _ordered(data.rows(Stream))
    ]


def _factors(spec: TemplateSheet, data: AuditData, periods, _) -> list[list[Any]]:
    balances = {b.id: b.key for b in data.rows(Balance)}
    streams = {s.id: s for s in data.rows(Stream)}
    rows = []
    for factor in sorted(data.rows(StreamFactor), key=lambda f: f.id):
        stream = streams.get(factor.stream_id)
        if stream is not None:
            rows.append(
                _row(spec, factor, {"balance": balances.get(stream.balance_id), "stream": stream.code}, _)
            )
    return rows


def _options(spec: TemplateSheet, data: AuditData, periods, _) -> list[list[Any]]:
    return [_row(spec, option, {}, _) for option in _ordered(data.rows(Option))]


def _monitoring(spec: TemplateSheet, data: AuditData, periods, _) -> list[list[Any]]:
    codes = {o.id: o.code for o in data.rows(Option)}
    return [
        _row(spec, record, {"option": codes.get(record.option_id)}, _)
        for record in _ordered(data.rows(MonitoringRecord))
    ]
