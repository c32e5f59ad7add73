"""Older files are upgraded in place after a copy is kept; the frozen schema matches the model."""

import sqlite3
from pathlib import Path

import pytest

from cp_audit import migrations, services
from cp_audit.database import APPLICATION_ID, AuditFileError, open_audit
from cp_audit.models import Option

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English messages


def test_frozen_schema_of_this_version_is_todays_model():
    frozen = (migrations.SCHEMA_DIR / f"v{migrations.SCHEMA_VERSION}.sql").read_text(encoding="utf-8")
    assert frozen == migrations.current_schema_sql(), (
        "the data model changed: raise migrations.SCHEMA_VERSION and run "
        "`python -m cp_audit.migrations freeze` (add column renames to migrations.STEPS)"
    )


def _table_columns(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    names = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'file_meta'")
    ]
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
    older = today.replace(
        "\ttitle_en VARCHAR, \n\tdescription_zh VARCHAR, ", "\ttitle_en VARCHAR, \n\tsummary VARCHAR, ", 1
    ).replace("\tmarket_zh VARCHAR, \n", "", 1)
    assert older != today and "summary VARCHAR" in older
    (schema_dir / f"v{current}.sql").write_text(older, encoding="utf-8")
    (schema_dir / f"v{current + 1}.sql").write_text(today, encoding="utf-8")
    monkeypatch.setattr(migrations, "SCHEMA_DIR", schema_dir)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(
        migrations.STEPS, current + 1, migrations.Step(renames={"option": {"summary": "description_zh"}})
    )

    path = tmp_path / "old.cpaudit"
    conn = sqlite3.connect(path)
    conn.executescript(older)
    migrations.stamp(conn, current, "0.0.1", APPLICATION_ID)
    conn.execute(
        "INSERT INTO option (id, code, title_zh, summary, aspect, currency, status, position) "
        "VALUES (7, 'F1', '回收槽液回槽', '每班回补', 'waste', 'CNY', 'proposed', 0)"
    )
    conn.commit()
    conn.close()

    with open_audit(path) as audit:
        (option,) = services.rows(audit, Option)
        assert (option.id, option.code, option.description_zh, option.market_zh) == (
            7,
            "F1",
            "每班回补",
            None,
        )
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
    (schema_dir / f"v{current + 1}.sql").write_text(
        today + "CREATE TABLE broken (id INTEGER REFERENCES nowhere(id), x);\n"
        "CREATE TABLE broken (id INTEGER);\n",
        encoding="utf-8",
    )
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
        conn.execute(
            "INSERT INTO option (id, code, title_zh, aspect, currency, status, position, investment) "
            "VALUES (1, 'F7', '镍回收', 'waste', 'CNY', 'implemented', 0, 1280000.0)"
        )
        conn.execute(
            "INSERT INTO inventory_item (id, category, key, name_zh, unit, position) "
            "VALUES (1, 'energy', 'electricity', '电力', 'kWh', 0)"
        )
        conn.commit()
        conn.close()
        with open_audit(path) as audit:
            (option,) = services.rows(audit, Option)
            assert (option.code, option.investment) == ("F7", 1280000.0)
        assert _table_columns(path) == _table_columns(fresh), f"format {version}"


# ---- a realistic older file: the whole sample audit written in an earlier format ---------------------


def _older_sample(tmp_path: Path, version: int) -> Path:
    """The bundled sample as a file of `version`: its frozen schema, holding every row of the sample in
    the columns that version had (copied from a file of today's format: a downgrade by the frozen schema)."""
    from cp_audit.sample import create_sample

    today = create_sample(tmp_path / "today.cpaudit")
    path = tmp_path / f"sample-v{version}.cpaudit"
    conn = sqlite3.connect(path)
    conn.executescript((migrations.SCHEMA_DIR / f"v{version}.sql").read_text(encoding="utf-8"))
    migrations.stamp(conn, version, "0.0.1", APPLICATION_ID)
    conn.execute("ATTACH DATABASE ? AS today", (str(today),))
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'file_meta'")
    ]
    for table in tables:
        columns = ", ".join(f'"{r[1]}"' for r in conn.execute(f'PRAGMA main.table_info("{table}")'))
        conn.execute(f'INSERT INTO main."{table}" ({columns}) SELECT {columns} FROM today."{table}"')
    conn.commit()
    conn.execute("DETACH DATABASE today")
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    return path


def _columns_of(version: int) -> dict[str, set[str]]:
    conn = sqlite3.connect(":memory:")
    conn.executescript((migrations.SCHEMA_DIR / f"v{version}.sql").read_text(encoding="utf-8"))
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: {r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')} for t in tables}


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION))
def test_the_sample_written_in_an_earlier_format_upgrades_intact(tmp_path, version):
    """Every row and every value the older format could hold comes through the upgrade unchanged; the
    columns added since hold their defaults, and every reference still points at its row."""
    import json

    from cp_audit.interchange import export_document
    from cp_audit.models import table_class
    from cp_audit.resources import sample_audit_path

    sample = json.loads(sample_audit_path().read_text(encoding="utf-8"))["tables"]
    path = _older_sample(tmp_path, version)
    had = _columns_of(version)
    with open_audit(path) as audit:
        upgraded = export_document(audit)["tables"]
        with audit.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    for table, rows in sample.items():
        fields = table_class(table).model_fields
        assert len(upgraded[table]) == len(rows), table
        for given, back in zip(rows, upgraded[table]):
            for column, value in given.items():
                if column not in had[table]:  # added since: the model's default (written out in JSON form)
                    value = fields[column].get_default(call_default_factory=True)
                assert back[column] == value, f"{table}.{column} of row {given['id']}"
    assert _table_columns(path) == _table_columns(tmp_path / "today.cpaudit")


def test_every_new_not_null_column_has_a_value_for_existing_rows():
    """A column added NOT NULL without a default in SQL cannot be filled from the old rows: its step in
    migrations.STEPS must give the value, or the upgrade of any file holding such rows fails."""
    missing = []
    for version in range(2, migrations.SCHEMA_VERSION + 1):
        conn = sqlite3.connect(":memory:")
        conn.executescript((migrations.SCHEMA_DIR / f"v{version}.sql").read_text(encoding="utf-8"))
        before = _columns_of(version - 1)
        step = migrations.STEPS.get(version, migrations.Step())
        renamed = {t: set(r.values()) for t, r in step.renames.items()}
        for table, columns in before.items():
            for _cid, name, _type, not_null, default, _pk in conn.execute(f'PRAGMA table_info("{table}")'):
                added = name not in columns and name not in renamed.get(table, set())
                if added and not_null and default is None and name not in step.defaults.get(table, {}):
                    missing.append(f"v{version} {table}.{name}")
        conn.close()
    assert missing == []


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.iterdir()}


def test_an_older_file_opened_read_only_is_read_through_an_upgraded_copy(tmp_path):
    """Commands that only read (compute, report, export-json), a file another instance holds, a file on
    read-only media: the older file is read as upgraded, and neither it nor its folder changes."""
    path = _older_sample(tmp_path, 3)
    (tmp_path / "today.cpaudit").unlink()
    before = _folder(tmp_path)
    with open_audit(path, read_only=True) as audit:
        assert audit.path == path and audit.read_only
        options = services.rows(audit, Option)
        scratch = audit.scratch
        assert (scratch / path.name).exists() and scratch != tmp_path
    assert [o.code for o in options][:3] == ["F1", "F2", "F3"]
    assert not scratch.exists()  # the private copy is gone with its folder
    assert _folder(tmp_path) == before


def test_the_command_line_reads_an_older_file_without_changing_it(tmp_path):
    import json
    import subprocess
    import sys

    path = _older_sample(tmp_path, 2)
    (tmp_path / "today.cpaudit").unlink()
    before = _folder(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "cp_audit", "export-json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    exported = json.loads(result.stdout)
    assert exported["schema_version"] == migrations.SCHEMA_VERSION
    assert [o["code"] for o in exported["tables"]["option"]][:3] == ["F1", "F2", "F3"]
    assert _folder(tmp_path) == before
