"""The incremental engine gives the same results as a full compute after every kind of edit.

Random single edits go through cp_audit.services on the sample (changed values, references, codes that
formulas read, added and deleted rows, undo of a delete); after each one IncrementalEngine.results() must
equal compute(services.load(audit)), problems included and in the same order.
"""

from __future__ import annotations

import ast
import random
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer
from sqlalchemy import Enum as SAEnum

import cp_audit.engine as engine_package
from cp_audit import services
from cp_audit.database import open_audit
from cp_audit.engine import compute, to_plain
from cp_audit.engine.incremental import (
    ENGINE_TABLES,
    ENTERPRISE_LIVE,
    ENTERPRISE_PERIODS,
    INFO_COEFFICIENTS,
    INFO_FOCUS,
    INFO_LIVE,
    INFO_OPTIONS,
    INFO_PERIODS,
    IncrementalEngine,
)
from cp_audit.errors import AuditError
from cp_audit.models import AuditInfo, Enterprise, InventoryValue, Option, Stream, table_class
from cp_audit.sample import create_sample

UNITS = ("t", "kg", "kWh", "m3", "m3/d", "kg/d", "L", "%", "mg/L", "万m2", "g/L", "tce", "banana")


@pytest.fixture
def audit(tmp_path):
    with open_audit(create_sample(tmp_path / "sample.cpaudit")) as audit:
        yield audit


@pytest.fixture
def engine(audit):
    with IncrementalEngine(audit) as engine:
        yield engine


def assert_same(engine: IncrementalEngine, audit) -> None:
    full = to_plain(compute(services.load(audit)))
    incremental = to_plain(engine.results())
    assert incremental["problems"] == full["problems"]
    assert incremental == full


def new_value(rng: random.Random, audit, model, column, current):
    """Another value for a column, mostly valid (an invalid one is refused by the services)."""
    kind = getattr(column.type, "impl", column.type)
    if column.foreign_keys:
        target = table_class(next(iter(column.foreign_keys)).column.table.name)
        choices = [r.id for r in services.rows(audit, target)]
        return rng.choice(choices + [None]) if column.nullable else rng.choice(choices)
    if column.nullable and rng.random() < 0.15:
        return None
    if isinstance(kind, SAEnum):
        return rng.choice(list(kind.enum_class))
    if isinstance(kind, Boolean):
        return not current
    if isinstance(kind, Float):
        return round((current or 1.0) * rng.choice((0.5, 0.9, 1.1, 2.0)) + rng.choice((0, 0.25)), 6)
    if isinstance(kind, Integer):
        return (current or 0) + rng.choice((-1, 1, 2))
    if isinstance(kind, DateTime):
        return (current or datetime(2026, 1, 1)) + timedelta(hours=5)
    if isinstance(kind, Date):
        return (current or date(2026, 1, 1)) + timedelta(days=rng.choice((-40, 10, 400)))
    if isinstance(kind, JSON):
        return current
    if "unit" in column.name:
        return rng.choice(UNITS)
    if column.name == "formula":
        return rng.choice(("tce_total / 2", "tap_water * 2", "unknown_name + 1", "(", "ni_fed / ni_deposited"))
    return f"{current or ''}改"


def random_edit(rng: random.Random, audit) -> str:
    table = rng.choice(sorted(ENGINE_TABLES))
    model = table_class(table)
    rows = services.rows(audit, model)
    action = rng.random()
    try:
        if not rows:
            return f"nothing in {table}"
        if action < 0.08:  # a copy of a row under a new code
            template = {c.name: getattr(rows[0], c.name) for c in model.__table__.columns if c.name != "id"}
            for name in ("code", "key"):
                if name in template:
                    template[name] = f"{template[name]}-n{rng.randrange(10**6)}"
            services.add(audit, model, template)
            return f"add {table}"
        row = rng.choice(rows)
        if action < 0.14:
            removed = services.delete_rows(audit, model, [row.id])
            if rng.random() < 0.5:
                services.restore(audit, removed)
                return f"delete and restore {table} {row.id}"
            return f"delete {table} {row.id}"
        columns = [c for c in model.__table__.columns if c.name != "id"]
        column = rng.choice(columns)
        value = new_value(rng, audit, model, column, getattr(row, column.name))
        services.update_row(audit, model, row.id, {column.name: value})
        return f"update {table} {row.id} {column.name}={value!r}"
    except AuditError as refused:  # invalid values, rows still referred to: nothing changed
        return f"refused on {table}: {refused.message[:60]}"


def test_equal_to_a_full_compute_after_random_edits(audit, engine):
    rng = random.Random(20260101)
    assert_same(engine, audit)
    for _ in range(50):
        what = random_edit(rng, audit)
        try:
            assert_same(engine, audit)
        except AssertionError as error:
            raise AssertionError(f"after {what}") from error


@pytest.mark.parametrize("model", [AuditInfo, Enterprise])
def test_equal_after_each_column_of_the_audit_settings(audit, engine, model):
    rng = random.Random(7)
    row = services.singleton(audit, model)
    for column in model.__table__.columns:
        if column.name == "id":
            continue
        try:
            services.update_row(audit, model, row.id,
                                {column.name: new_value(rng, audit, model, column, getattr(row, column.name))})
        except AuditError:
            continue
        assert_same(engine, audit)


def test_an_edit_recomputes_only_what_reads_it(audit, engine):
    value = services.rows(audit, InventoryValue)[0]
    services.update_row(audit, InventoryValue, value.id, {"value": value.value * 1.5})
    engine.results()
    assert engine.last.tables == {"inventory_value"} and engine.last.scope == "periods: 1"
    option = services.rows(audit, Option)[3]
    services.update_row(audit, Option, option.id, {"investment": (option.investment or 0) + 100})
    engine.results()
    assert engine.last.scope == "options: 1"
    stream = services.rows(audit, Stream)[2]
    services.update_row(audit, Stream, stream.id, {"value": (stream.value or 1) * 1.1})
    engine.results()
    assert engine.last.scope == "balances: 1"
    assert_same(engine, audit)


def test_changes_made_elsewhere_are_found_by_check_all(audit, tmp_path):
    with IncrementalEngine(audit, listen=False) as engine:
        value = services.rows(audit, InventoryValue)[5]
        services.update_row(audit, InventoryValue, value.id, {"value": value.value + 1})
        engine.check_all()
        assert engine.last.tables == {"inventory_value"}
        assert_same(engine, audit)


def _attributes_read(name: str) -> set[str]:
    """Attributes of `ctx.info` / `ctx.enterprise` (or a local `info`) read anywhere in the engine."""
    found = set()
    for path in Path(engine_package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Attribute, ast.Name)):
                owner = node.value.attr if isinstance(node.value, ast.Attribute) else node.value.id
                if owner == name:
                    found.add(node.attr)
    return found


def test_every_setting_the_engine_reads_is_classified():
    """A new use of an AuditInfo or Enterprise field must say what it makes stale (incremental.py)."""
    info_fields = {c.name for c in AuditInfo.__table__.columns}
    classified = INFO_PERIODS | INFO_COEFFICIENTS | INFO_OPTIONS | INFO_FOCUS | INFO_LIVE
    assert (_attributes_read("info") & info_fields) - classified == set()
    enterprise_fields = {c.name for c in Enterprise.__table__.columns}
    assert (_attributes_read("enterprise") & enterprise_fields) - (ENTERPRISE_PERIODS | ENTERPRISE_LIVE) == set()


def test_every_table_the_engine_reads_is_watched():
    read = set()
    for path in Path(engine_package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("rows", "one") and node.args and isinstance(node.args[0], ast.Name):
                read.add(node.args[0].id)
    from cp_audit import models

    tables = {getattr(models, name).__tablename__ for name in read if hasattr(models, name)}
    assert tables and tables - ENGINE_TABLES == set()


def test_enums_for_new_values_are_members():
    assert isinstance(new_value(random.Random(1), None, Option, Option.__table__.c.aspect, None), Enum)


def test_equal_with_more_options_than_one_run_of_the_tallies(audit, engine):
    """Tallies add up the options' effects 32 at a time and keep each run; with 100 options (four runs)
    an edit of one option, of one effect, an added and a deleted option must still give the full figures."""
    from cp_audit.models import OptionEffect

    effects = services.rows(audit, OptionEffect)
    assert effects, "the sample has option effects"
    template = services.rows(audit, Option)[0]
    columns = [c.name for c in Option.__table__.columns if c.name not in ("id", "code")]
    added = []
    for n in range(100):
        option = services.add(audit, Option, {**{c: getattr(template, c) for c in columns}, "code": f"X{n:03d}"})
        effect = effects[n % len(effects)]
        services.add(audit, OptionEffect, {"option_id": option.id, "basis": effect.basis,
                                           "resource_key": effect.resource_key, "value": effect.value + n,
                                           "unit": effect.unit})
        added.append(option)
    assert_same(engine, audit)
    services.update_row(audit, Option, added[40].id, {"investment": 123456.0})
    assert_same(engine, audit)
    mine = [e for e in services.rows(audit, OptionEffect) if e.option_id == added[70].id]
    services.update_row(audit, OptionEffect, mine[0].id, {"value": mine[0].value * 3 + 0.1})
    assert_same(engine, audit)
    services.delete_rows(audit, Option, [added[5].id])
    assert_same(engine, audit)
