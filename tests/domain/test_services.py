"""Edits through the services: validated, committed at once, reversible for undo."""

import math

import pytest

from cp_audit import services
from cp_audit.database import create_audit
from cp_audit.errors import AuditError
from cp_audit.models import (
    Attachment,
    AuditInfo,
    Balance,
    FocusCandidate,
    InventoryItem,
    Node,
    Option,
    OptionEffect,
    Stream,
)
from cp_audit.models.base import Aspect, ItemCategory, NodeKind, OwnerKind
from cp_audit.services import ValidationError


@pytest.fixture
def audit(tmp_path):
    with create_audit(tmp_path / "s.cpaudit") as audit:
        yield audit


def option(audit, code="F1", **extra):
    return services.add(
        audit, Option, {"code": code, "title_zh": "方案" + code, "aspect": Aspect.waste, **extra}
    )


def test_update_returns_old_values_and_notifies(audit):
    seen = []
    audit.subscribe(seen.append)
    row = option(audit, investment=6000.0)
    old = services.update_row(audit, Option, row.id, {"investment": 5800.0, "title_zh": "新名称"})
    assert old == {"investment": 6000.0, "title_zh": "方案F1"}
    assert services.get(audit, Option, row.id).investment == 5800.0
    assert seen == [{"option"}, {"option"}]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"investment": -1.0}, "investment"),
        ({"investment": math.nan}, "investment"),
        ({"investment": math.inf}, "investment"),
        ({"investment": 1e308}, "investment"),
        ({"code": ""}, "code"),
        ({"title_zh": "   "}, "title_zh"),
        ({"currency": "rmb"}, "currency"),
        ({"life_years": 0}, "life_years"),
    ],
)
def test_invalid_values_are_refused_and_nothing_changes(audit, changes, field):
    row = option(audit, investment=6000.0)
    with pytest.raises(ValidationError) as caught:
        services.update_row(audit, Option, row.id, changes)
    assert [p.field for p in caught.value.problems] == [field]
    assert services.get(audit, Option, row.id).investment == 6000.0


def test_duplicate_option_codes_are_refused(audit):
    option(audit, "F1")
    with pytest.raises(ValidationError, match="重复"):
        option(audit, "F1")
    second = option(audit, "F2")
    with pytest.raises(ValidationError, match="重复"):
        services.update_row(audit, Option, second.id, {"code": "F1"})


def test_duplicate_is_named_by_its_row_and_keys_with_empty_parts_count(audit):
    """Only the rows holding the key are read now; the message still names the holder's row (here the
    second of the other rows: F1 is row 1, F2 row 2) and a key whose first parts are empty still clashes."""
    option(audit, "F1")
    option(audit, "F2")
    third = option(audit, "F3")
    with pytest.raises(ValidationError, match="第 2 行") as caught:
        services.update_row(audit, Option, third.id, {"code": "F2"})
    assert [(p.row, p.field) for p in caught.value.problems] == [(third.id, "code")]
    services.update_row(
        audit, Option, third.id, {"code": "F3", "title_zh": "改名"}
    )  # its own code is no clash
    item = {"category": ItemCategory.raw_material, "key": "niso4", "name_zh": "硫酸镍", "unit": "t"}
    services.add(audit, InventoryItem, item)  # no line, no point: NULL parts of the key
    with pytest.raises(ValidationError, match="重复"):
        services.add(audit, InventoryItem, item)
    services.add(audit, InventoryItem, {**item, "key": "nicl2"})


def test_dates_out_of_order_are_refused(audit):
    from datetime import date

    row = option(audit)
    with pytest.raises(ValidationError, match="不能早于"):
        services.update_row(audit, Option, row.id, {"start_on": date(2026, 5, 2), "end_on": date(2026, 5, 1)})


def test_long_and_unusual_text_is_stored_exactly(audit):
    text = "镍<回收>&" + "é" * 10_000 + "😀 مرحبا =SUM(A1)"
    row = option(audit, description_zh=text)
    assert services.get(audit, Option, row.id).description_zh == text


def test_delete_takes_owned_rows_and_restore_brings_them_back(audit):
    row = option(audit)
    services.add(
        audit,
        OptionEffect,
        {"option_id": row.id, "resource_key": "electricity", "value": 1.0, "unit": "kWh/a"},
    )
    services.add(
        audit,
        Attachment,
        {"owner_kind": OwnerKind.option, "owner_id": row.id, "file_name": "p.jpg", "data": b"x"},
    )
    removed = services.delete_rows(audit, Option, [row.id])
    assert services.rows(audit, Option) == [] and services.rows(audit, OptionEffect) == []
    assert services.rows(audit, Attachment) == []
    services.restore(audit, removed)
    assert [o.id for o in services.rows(audit, Option)] == [row.id]
    assert [e.option_id for e in services.rows(audit, OptionEffect)] == [row.id]
    assert [a.file_name for a in services.rows(audit, Attachment)] == ["p.jpg"]


def test_delete_restores_nulled_references(audit):
    focus = services.add(audit, FocusCandidate, {"key": "ni_line", "name_zh": "镀镍线"})
    info = services.singleton(audit, AuditInfo)
    services.update_row(audit, AuditInfo, info.id, {"chosen_focus_id": focus.id})
    removed = services.delete_rows(audit, FocusCandidate, [focus.id])
    assert services.singleton(audit, AuditInfo).chosen_focus_id is None
    services.restore(audit, removed)
    assert services.singleton(audit, AuditInfo).chosen_focus_id == focus.id


def test_a_unit_operation_with_streams_cannot_be_deleted(audit):
    u1 = services.add(audit, Node, {"code": "U1", "name_zh": "除油"})
    tap = services.add(audit, Node, {"code": "EXT_TAP", "name_zh": "自来水", "kind": NodeKind.source})
    water = services.add(audit, Balance, {"key": "water", "name_zh": "水平衡", "unit": "m3/d"})
    services.add(
        audit,
        Stream,
        {
            "balance_id": water.id,
            "code": "W-01",
            "name_zh": "补水",
            "from_node_id": tap.id,
            "to_node_id": u1.id,
            "value": 0.91,
            "unit": "m3/d",
        },
    )
    with pytest.raises(AuditError, match="W-01"):
        services.delete_rows(audit, Node, [u1.id])
    assert len(services.rows(audit, Node)) == 2


def test_singleton_rows(audit):
    first = services.singleton(audit, AuditInfo)
    assert services.singleton(audit, AuditInfo).id == first.id
    with pytest.raises(AuditError):
        services.add(audit, AuditInfo, {})

