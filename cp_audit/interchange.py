"""The JSON interchange format of a whole audit: export, JSON Schema, and an all-or-nothing import.

A document is {"format", "schema_version", "program_version", "tables": {table: [row, ...]}} with every
column of every row; references between rows use their ids. The schema is generated from the data
model and kept in resources/schema/cp-audit.schema.json (a test keeps the file up to date).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.schema import Column

import cp_audit
from cp_audit import migrations
from cp_audit.database import AuditFile, AuditFileError, _disk_error, create_audit
from cp_audit.errors import AuditError
from cp_audit.fileio import atomic_write
from cp_audit.i18n import _, list_text
from cp_audit.models import SINGLETONS, TABLES, table_class
from cp_audit.resources import resource_path
from cp_audit.validation import Problem, column_kind, kind_problem, labelled, row_problems, table_problems

logger = logging.getLogger(__name__)

FORMAT = "cp-audit-workbench/audit"
SCHEMA_FILE = resource_path("schema", "cp-audit.schema.json")
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_kind = column_kind  # the name tools/convert_reference.py imports


class DocumentError(AuditError):
    """A JSON document that cannot be imported; `problems` lists every error with its JSON path."""

    def __init__(self, problems: list[str], source: str):
        head = _("{0} 不能导入：发现 {1} 个问题，未写入任何文件。").format(source, len(problems))
        super().__init__(head + "\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems


def _to_json(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if kind in ("date", "datetime"):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _from_json(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "bytes":
        return base64.b64decode(value, validate=True)  # not silently skipping what is not base64
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if kind == "float":
        return float(value)
    return value


def export_document(audit: AuditFile) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    with audit.reading() as session:
        for model in TABLES:
            table = model.__table__
            kinds = {c.name: column_kind(c) for c in table.columns}
            rows = session.connection().execute(select(table).order_by(table.c.id)).mappings()
            tables[table.name] = [{k: _to_json(v, kinds[k]) for k, v in row.items()} for row in rows]
    return {
        "format": FORMAT,
        "schema_version": migrations.SCHEMA_VERSION,
        "program_version": cp_audit.__version__,
        "tables": tables,
    }


def write_json(audit: AuditFile, target: Path | None = None) -> str:
    text = json.dumps(export_document(audit), ensure_ascii=False, indent=1)
    if target is not None:
        atomic_write(target, text.encode("utf-8"))
    return text


# ---- schema ---------------------------------------------------------------------------------


def _column_schema(model, column: Column) -> dict[str, Any]:
    kind = column_kind(column)
    schema: dict[str, Any] = {
        "bool": {"type": "boolean"},
        "int": {"type": "integer"},
        "float": {"type": "number"},
        "date": {"type": "string", "pattern": DATE_PATTERN},
        "datetime": {"type": "string"},
        "list": {"type": "array", "items": {"type": "string"}},
        "bytes": {"type": "string", "contentEncoding": "base64"},
        "str": {"type": "string"},
    }.get(kind, {"type": "string"})
    if kind == "enum":
        schema = {"enum": list(column.type.enums)}
    info = model.model_fields.get(column.name)
    if info is not None:
        if info.title:
            schema["title"] = info.title
        for constraint in info.metadata:
            for attr, key in (
                ("ge", "minimum"),
                ("le", "maximum"),
                ("gt", "exclusiveMinimum"),
                ("lt", "exclusiveMaximum"),
                ("max_length", "maxLength"),
            ):
                if hasattr(constraint, attr):
                    schema[key] = getattr(constraint, attr)
    if column.nullable and not column.primary_key:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def build_schema() -> dict[str, Any]:
    tables = {}
    for model in TABLES:
        table = model.__table__
        required = [
            c.name
            for c in table.columns
            if c.primary_key
            or (not c.nullable and c.default is None and model.model_fields[c.name].is_required())
        ]
        row = {
            "type": "object",
            "additionalProperties": False,
            "required": required,
            "properties": {c.name: _column_schema(model, c) for c in table.columns},
        }
        if model.__doc__:
            row["description"] = " ".join(model.__doc__.split())
        entry: dict[str, Any] = {"type": "array", "items": row}
        if model in SINGLETONS:
            entry["maxItems"] = 1
        tables[table.name] = entry
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cp-audit-workbench.example/schema/cp-audit.schema.json",
        "title": "CP Audit Workbench audit (清洁生产审核)",
        "description": "A whole cleaner production audit: every table of the audit file, rows keyed by id.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "schema_version", "tables"],
        "properties": {
            "format": {"const": FORMAT},
            "schema_version": {"type": "integer", "minimum": 1, "maximum": migrations.SCHEMA_VERSION},
            "program_version": {"type": "string"},
            "tables": {"type": "object", "additionalProperties": False, "properties": tables},
        },
    }


# ---- import ---------------------------------------------------------------------------------


def read_document(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AuditFileError(_("无法读取 {0}：{1}").format(path, exc.strerror or exc)) from exc
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [_("$: 文件不是 UTF-8 编码的文本（第 {0} 字节）。").format(exc.start)], path.name
        ) from exc
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [_("$: 不是有效的 JSON（第 {0} 行第 {1} 列：{2}）。").format(exc.lineno, exc.colno, exc.msg)],
            path.name,
        ) from exc
    if not isinstance(document, dict):
        raise DocumentError([_("$: 顶层应为一个 JSON 对象。")], path.name)
    return document


def document_problems(document: Mapping[str, Any]) -> list[str]:
    """Every problem of a document, each starting with its JSON path; empty when it can be imported."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    schema_errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    problems = [f"{e.json_path}: {_schema_message(e)}" for e in schema_errors]
    if problems:
        return problems
    tables = document["tables"]
    problems += _reference_problems(tables)
    for name, rows in tables.items():
        model = table_class(name)
        found: list[Problem] = []
        decoded = [_decode_row(model, row, found, index) for index, row in enumerate(rows)]
        for index, row in enumerate(decoded):
            found += row_problems(model, row, index)
        found += table_problems(model, decoded)
        problems += [f"$.tables.{name}[{p.row}].{p.field}: {p.message}" for p in found]
    return problems


def _schema_message(error) -> str:
    if error.validator == "anyOf" and error.context:  # a nullable column: explain the non-null branch
        inner = [e for e in error.context if e.schema.get("type") != "null"]
        if inner:
            return _schema_message(inner[0])
    value = json.dumps(error.instance, ensure_ascii=False)[:80]
    schema = error.schema
    if error.validator == "additionalProperties":
        return _("未知的字段（{0}）。").format(error.message.split("(")[-1].rstrip(")"))
    if error.validator == "required":
        return _("缺少必填字段：{0}").format(error.message.split("'")[1])
    if error.validator == "enum":
        return _("{0} 不是允许的取值；可选：{1}").format(value, list_text(schema["enum"]))
    if error.validator == "type":
        return _("{0} 的类型不对，应为 {1}。").format(value, schema["type"])
    if error.validator == "pattern":
        return _("{0} 不是 YYYY-MM-DD 格式的日期。").format(value)
    if error.validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return _("{0} 超出允许范围（{1} {2}）。").format(value, error.validator, schema[error.validator])
    if error.validator == "maxLength":
        return _("文字过长（最多 {0} 个字符）。").format(schema["maxLength"])
    if error.validator == "maxItems":
        return _("此表只能有一行。")
    if error.validator == "const":
        return _("应为 {0}。").format(json.dumps(schema["const"]))
    return error.message


def _decode_row(
    model, row: Mapping[str, Any], problems: list[Problem] | None = None, index: int | None = None
) -> dict[str, Any]:
    """A full row: the document's values decoded, every column it leaves out at the model's default. A
    value of the right JSON type that still cannot be decoded (2026-13-45, bad base64) is added to
    `problems` and left out of the row."""
    columns = model.__table__.columns
    full = {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if name != "id"
    }
    for name, value in row.items():
        kind = column_kind(columns[name])
        try:
            full[name] = _from_json(value, kind)
        except ValueError as exc:  # binascii.Error is one too
            if problems is None:
                raise
            full.pop(name, None)
            message = _("不是有效的 base64 编码。") if kind == "bytes" else kind_problem(columns[name], value)
            message = message or str(exc)
            problems.append(Problem(model.__tablename__, index, name, labelled(model, name, message)))
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in full.items()}


def _reference_problems(tables: Mapping[str, list[Mapping[str, Any]]]) -> list[str]:
    ids: dict[str, set[int]] = {}
    problems = []
    for name, rows in tables.items():
        seen: set[int] = set()
        for index, row in enumerate(rows):
            if row["id"] in seen:
                problems.append(f"$.tables.{name}[{index}].id: " + _("id {0} 重复。").format(row["id"]))
            seen.add(row["id"])
        ids[name] = seen
    for name, rows in tables.items():
        for column in table_class(name).__table__.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                for index, row in enumerate(rows):
                    value = row.get(column.name)
                    if value is not None and value not in ids.get(target, set()):
                        problems.append(
                            f"$.tables.{name}[{index}].{column.name}: "
                            + _("引用的 {0} id {1} 不存在。").format(target, value)
                        )
    return problems


def import_document(document: Mapping[str, Any], target: Path, *, source: str = "JSON") -> None:
    """Write `document` as a new audit file at `target`; if anything is wrong nothing is written."""
    target = Path(target)
    if target.exists():
        raise AuditFileError(_("{0} 已存在；请换一个文件名或先删除它。").format(target))
    problems = document_problems(document)
    if problems:
        raise DocumentError(problems, source)
    # written under a temporary name and renamed when complete, so no half-written audit ever has the name
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()
    audit = None
    try:
        audit = create_audit(tmp)
        _insert_rows(audit, document)
        audit.close()
        os.replace(tmp, target)
    except (OperationalError, sqlite3.Error) as exc:
        _discard(audit, tmp)
        raise _disk_error(target, getattr(exc, "orig", None) or exc) from exc
    except BaseException:
        _discard(audit, tmp)
        raise


def _insert_rows(audit: AuditFile, document: Mapping[str, Any]) -> None:
    with audit.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for model in TABLES:
            rows = document["tables"].get(model.__tablename__) or []
            if rows:
                conn.execute(insert(model.__table__), [_decode_row(model, r) for r in rows])


def _discard(audit: AuditFile | None, tmp: Path) -> None:
    """Close and remove a temporary audit whose import failed: its lock, log and the file itself."""
    if audit is not None:
        try:
            audit.close()
        except Exception:  # the import's own error is the one to report
            logger.warning("could not close the temporary audit %s", tmp, exc_info=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)


def import_json(path: Path, target: Path) -> None:
    import_document(read_document(path), target, source=path.name)


if __name__ == "__main__":  # pragma: no cover - developer tool: python -m cp_audit.interchange schema
    import sys

    if sys.argv[1:] == ["schema"]:
        SCHEMA_FILE.write_text(
            json.dumps(build_schema(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {SCHEMA_FILE}")
    else:
        print("usage: python -m cp_audit.interchange schema")
