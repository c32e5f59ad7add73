"""Older files are upgraded in place after a copy is kept; the frozen schema matches the model."""

import sqlite3
from pathlib import Path

import pytest

from cp_audit import migrations
from cp_audit.database import APPLICATION_ID, AuditFileError, open_audit
from cp_audit.models import Option
from cp_audit import services


def test_frozen_schema_of_this_version_is_todays_model():
    frozen = (migrations.SCHEMA_DIR / f"v{migrations.SCHEMA_VERSION}.sql").read_text(encoding="utf-8")
    assert frozen == migrations.current_schema_sql(), (
        "the data model changed: raise migrations.SCHEMA_VERSION and run "
        "`python -m cp_audit.migrations freeze` (add column renames to migrations.STEPS)")


def _table_columns(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'file_meta'")]
    shape = {n: [tuple(r[1:]) for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}
    conn.close()
    return shape


def test_upgrade_of_a_file_written_by_an_earlier_schema(tmp_path, monkeypatch):
    """The test writes an earlier schema itself: today's frozen schema minus a column and with a column
    under an old name; the upgrade must add the column, carry the renamed data and keep a copy."""
    current = migrations.SCHEMA_VERSION
    schema_dir = tmp_path / "schema"
    schema_dir.mkdir()
    today = (migrations.SCHEMA_DIR / f"v{current}.sql").read_text(encoding="utf-8")
    older = (today.replace("\ttitle_en VARCHAR, \n\tdescription_zh VARCHAR, ", "\ttitle_en VARCHAR, \n\tsummary VARCHAR, ", 1)
             .replace("\tmarket_zh VARCHAR, \n", "", 1))
    assert older != today and "summary VARCHAR" in older
    (schema_dir / f"v{current}.sql").write_text(older, encoding="utf-8")
    (schema_dir / f"v{current + 1}.sql").write_text(today, encoding="utf-8")
    monkeypatch.setattr(migrations, "SCHEMA_DIR", schema_dir)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.STEPS, current + 1,
                        migrations.Step(renames={"option": {"summary": "description_zh"}}))

    path = tmp_path / "old.cpaudit"
    conn = sqlite3.connect(path)
    conn.executescript(older)
    migrations.stamp(conn, current, "0.0.1", APPLICATION_ID)
    conn.execute("INSERT INTO option (id, code, title_zh, summary, aspect, currency, status, position) "
                 "VALUES (7, 'F1', '回收槽液回槽', '每班回补', 'waste', 'CNY', 'proposed', 0)")
    conn.commit()
    conn.close()

    with open_audit(path) as audit:
        (option,) = services.rows(audit, Option)
        assert (option.id, option.code, option.description_zh, option.market_zh) == (7, "F1", "每班回补", None)
    kept = list(tmp_path.glob("old.format*.cpaudit.bak"))
    assert len(kept) == 1
    assert "summary" in [r[1] for r in sqlite3.connect(kept[0]).execute("PRAGMA table_info(option)")]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == current + 1


def test_failed_upgrade_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    current = migrations.SCHEMA_VERSION
    schema_dir = tmp_path / "schema"
    schema_dir.mkdir()
    today = (migrations.SCHEMA_DIR / f"v{current}.sql").read_text(encoding="utf-8")
    (schema_dir / f"v{current}.sql").write_text(today, encoding="utf-8")
    (schema_dir / f"v{current + 1}.sql").write_text(today + "CREATE TABLE broken (id INTEGER REFERENCES nowhere(id), x);\n"
                                                    "CREATE TABLE broken (id INTEGER);\n", encoding="utf-8")
    monkeypatch.setattr(migrations, "SCHEMA_DIR", schema_dir)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    path = tmp_path / "old.cpaudit"
    conn = sqlite3.connect(path)
    conn.executescript(today)
    migrations.stamp(conn, current, "0.0.1", APPLICATION_ID)
    conn.commit()
    conn.close()
    with pytest.raises(AuditFileError, match="could not be upgraded"):
        open_audit(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == current


def test_every_released_format_upgrades_to_todays_schema(tmp_path):
    """A file of each earlier format, holding data, upgrades to exactly the shape of a new file."""
    from cp_audit.database import create_audit

    fresh = tmp_path / "fresh.cpaudit"
    create_audit(fresh).close()
    for version in range(1, migrations.SCHEMA_VERSION):
        path = tmp_path / f"v{version}.cpaudit"
        conn = sqlite3.connect(path)
        conn.executescript((migrations.SCHEMA_DIR / f"v{version}.sql").read_text(encoding="utf-8"))
        migrations.stamp(conn, version, "0.0.1", APPLICATION_ID)
        conn.execute("INSERT INTO option (id, code, title_zh, aspect, currency, status, position, investment) "
                     "VALUES (1, 'F7', '镍回收', 'waste', 'CNY', 'implemented', 0, 1280000.0)")
        conn.execute("INSERT INTO inventory_item (id, category, key, name_zh, unit, position) "
                     "VALUES (1, 'energy', 'electricity', '电力', 'kWh', 0)")
        conn.commit()
        conn.close()
        with open_audit(path) as audit:
            (option,) = services.rows(audit, Option)
            assert (option.code, option.investment) == ("F7", 1280000.0)
        assert _table_columns(path) == _table_columns(fresh), f"format {version}"
