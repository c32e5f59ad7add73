"""File format versions and the upgrade of older audit files.

Each format version N has its schema frozen in cp_audit/schema/vN.sql (written by
`python -m cp_audit.migrations freeze` when SCHEMA_VERSION is raised). Upgrading N-1 → N compares
the two frozen schemas: new tables are created, dropped tables removed, and every table whose
definition changed is rebuilt from the vN definition with the data of the columns both share
(renamed columns, and the value of a new NOT NULL column in existing rows, are listed in STEPS). A test
checks that vN.sql equals today's model, so a model change cannot ship without a new version.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

SCHEMA_VERSION = 4
SCHEMA_DIR = Path(__file__).parent / "schema"
META_TABLE = "file_meta"


@dataclass(frozen=True)
class Step:
    """What the automatic upgrade to a version cannot guess: renamed columns (table -> {old: new}), the
    value existing rows get in a new NOT NULL column (table -> {column: value}), and data fix-ups."""

    renames: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, dict[str, object]] = field(default_factory=dict)
    fixup: Callable[[sqlite3.Connection], None] | None = None


STEPS: dict[int, Step] = {
    3: Step(defaults={"node": {"is_product": False}}),
}


def frozen_schema(version: int) -> dict[str, list[str]]:
    """table name -> [CREATE TABLE ..., CREATE INDEX ...] of a frozen version."""
    text = (SCHEMA_DIR / f"v{version}.sql").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    for statement in (s.strip() for s in text.split(";\n") if s.strip()):
        name = re.search(r"(?:TABLE|ON) (\w+)", statement).group(1)
        tables.setdefault(name, []).append(statement)
    return tables


def current_schema_sql() -> str:
    """Today's model as SQL, in a stable order (what `freeze` writes)."""
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateIndex, CreateTable

    from cp_audit.models import TABLES

    dialect = sqlite.dialect()
    statements = []
    for model in TABLES:
        table = model.__table__
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: i.name):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    return ";\n".join(statements) + ";\n"


def upgrade(conn: sqlite3.Connection, from_version: int) -> None:
    """Bring a file of format `from_version` to SCHEMA_VERSION inside the caller's transaction, which must
    have foreign keys off (SQLite ignores the pragma inside a transaction, so set it before BEGIN):
    dropping a rebuilt table would otherwise cascade its deletes into the rows that refer to it."""
    if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
        raise RuntimeError("upgrade() needs PRAGMA foreign_keys=OFF, set before the transaction begins")
    for version in range(from_version + 1, SCHEMA_VERSION + 1):
        _upgrade_one(conn, frozen_schema(version - 1), frozen_schema(version), STEPS.get(version, Step()))


def _upgrade_one(
    conn: sqlite3.Connection, old: dict[str, list[str]], new: dict[str, list[str]], step: Step
) -> None:
    for table in old.keys() - new.keys():
        conn.execute(f'DROP TABLE "{table}"')
    for table, statements in new.items():
        if table not in old:
            for statement in statements:
                conn.execute(statement)
        elif statements != old[table]:
            _rebuild(conn, table, statements, step.renames.get(table, {}), step.defaults.get(table, {}))
    if step.fixup:
        step.fixup(conn)


def _rebuild(
    conn: sqlite3.Connection,
    table: str,
    statements: list[str],
    renames: dict[str, str],
    defaults: dict[str, object],
) -> None:
    """Rebuild `table` as SQLite documents it (lang_altertable.html, "other kinds of table schema
    changes"): create the new table under another name, copy, drop the old one, rename the new one.
    Renaming the old table out of the way instead makes SQLite (3.26+) point every foreign key that
    refers to it at the renamed copy, which is then dropped: the references break."""
    create, *indexes = statements  # frozen order: the table, then its indexes
    head = f"CREATE TABLE {table} ("
    if not create.startswith(head):
        raise ValueError(f"unexpected frozen definition of {table}: {create[:60]}")
    temporary = f"{table}__new"
    conn.execute(f'CREATE TABLE "{temporary}" (' + create[len(head) :])
    old_columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    new_columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{temporary}")')]
    pairs = [(renames.get(c, c), c) for c in old_columns if renames.get(c, c) in new_columns]
    filled = {new for new, _old in pairs}
    given = {c: v for c, v in defaults.items() if c in new_columns and c not in filled}
    targets = ", ".join([f'"{new}"' for new, _old in pairs] + [f'"{c}"' for c in given])
    sources = ", ".join([f'"{old}"' for _new, old in pairs] + ["?"] * len(given))
    conn.execute(
        f'INSERT INTO "{temporary}" ({targets}) SELECT {sources} FROM "{table}"', tuple(given.values())
    )
    conn.execute(f'DROP TABLE "{table}"')
    conn.execute(f'ALTER TABLE "{temporary}" RENAME TO "{table}"')
    for statement in indexes:
        conn.execute(statement)


def stamp(conn, version: int, program_version: str, application_id: int) -> None:
    """Record the format version (PRAGMA user_version) and the program that wrote the file."""
    conn.execute(f"PRAGMA application_id={application_id}")
    conn.execute(f"PRAGMA user_version={version}")
    conn.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT)")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = {
        "format": "cp-audit-workbench",
        "schema_version": str(version),
        "last_written_by": program_version,
        "upgraded_at": now,
    }
    for key, value in rows.items():
        conn.execute(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES (?, ?)", (key, value))
    conn.execute(
        f"INSERT OR IGNORE INTO {META_TABLE} (key, value) VALUES ('created_by', ?)", (program_version,)
    )
    conn.execute(f"INSERT OR IGNORE INTO {META_TABLE} (key, value) VALUES ('created_at', ?)", (now,))


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (META_TABLE,)
    ).fetchone()
    if not exists:
        return {}
    return dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())


def freeze() -> Path:
    """Write today's model as the frozen schema of SCHEMA_VERSION (run when raising the version)."""
    target = SCHEMA_DIR / f"v{SCHEMA_VERSION}.sql"
    SCHEMA_DIR.mkdir(exist_ok=True)
    target.write_text(current_schema_sql(), encoding="utf-8")
    return target


if __name__ == "__main__":  # pragma: no cover - developer tool
    if sys.argv[1:] == ["freeze"]:
        print(f"wrote {freeze()}")
    else:
        print("usage: python -m cp_audit.migrations freeze")
