"""Use cases on an open audit: read rows, add, change, delete and restore them. Each call is one
transaction that is committed before it returns; nothing invalid is stored (cp_audit.validation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, literal, true, update
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, select

from cp_audit.database import AuditFile
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.models import SINGLETONS, TABLES, Attachment, table_class
from cp_audit.models.base import OwnerKind
from cp_audit.validation import UNIQUE, Problem, label, row_problems, table_problems

M = TypeVar("M", bound=SQLModel)

#: Which attachment owner kind each table's rows are.
OWNER_TABLES = {
    OwnerKind.enterprise: "enterprise", OwnerKind.site_finding: "site_finding", OwnerKind.equipment: "equipment",
    OwnerKind.node: "node", OwnerKind.stream: "stream", OwnerKind.cause: "cause", OwnerKind.option: "option",
    OwnerKind.training: "training_record",
}


class ValidationError(AuditError):
    """A change was refused; `problems` says which field is wrong and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.message for p in problems))
        self.problems = problems


@dataclass
class AuditData:
    """Every row of an audit, loaded at once: the plain input of the calculation engine."""

    tables: dict[str, list[Any]] = field(default_factory=dict)

    def rows(self, model: type[M]) -> list[M]:
        return self.tables.get(model.__tablename__, [])

    def one(self, model: type[M]) -> M:
        rows = self.rows(model)
        return rows[0] if rows else model()


def load(audit: AuditFile, light: bool = False, columns: Mapping[str, Sequence[str]] | None = None) -> AuditData:
    """Every row, read in one transaction (a consistent snapshot). It does not take the audit's lock: in WAL
    mode a reader never blocks a writer, and the workbench's background check of a big audit reads for
    seconds after every edit, which held the next edit back until it was done.

    light=True gives read-only rows (SQLAlchemy Row: the same attribute names and Python values, enums
    and dates included) instead of SQLModel instances: four to five times faster to read and smaller, for
    readers that only look, such as the completeness check (cp_audit.phases). With light rows, `columns`
    narrows some tables to the columns named (the check needs three of a big audit's 100,000 values)."""
    return _read(audit, AuditData(), TABLES, light, columns)


def reload(audit: AuditFile, data: AuditData, tables: Iterable[str], light: bool = False,
           columns: Mapping[str, Sequence[str]] | None = None) -> AuditData:
    """A copy of `data` with `tables` read again (the others shared): after an edit only the tables it
    touched need reading, and a big audit's 100,000 monthly values need not be read when an option changes.
    The caller vouches that no other table changed since `data` was read."""
    names = set(tables)
    return _read(audit, AuditData(dict(data.tables)), [m for m in TABLES if m.__tablename__ in names], light,
                 columns)


def _read(audit: AuditFile, data: AuditData, models: Iterable[type[SQLModel]], light: bool,
          columns: Mapping[str, Sequence[str]] | None = None) -> AuditData:
    columns = columns or {}
    with audit.engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")  # the driver starts no transaction for reads; one snapshot for all tables
        with Session(bind=conn) as session:
            for model in models:
                table = model.__table__
                if light:
                    picked = [table.c[name] for name in columns.get(table.name, table.c.keys())]
                    data.tables[table.name] = conn.execute(core_select(*picked).order_by(table.c.id)).all()
                else:
                    data.tables[table.name] = list(session.exec(select(model).order_by(model.id)).all())
    return data


def rows(audit: AuditFile, model: type[M], **equal: Any) -> list[M]:
    statement = select(model)
    for name, value in equal.items():
        statement = statement.where(getattr(model, name) == value)
    order = (model.position, model.id) if "position" in model.model_fields else (model.id,)
    with audit.reading() as session:
        return list(session.exec(statement.order_by(*order)).all())


def row_ids(audit: AuditFile, model: type[M], **equal: Any) -> list[int]:
    """The ids of the rows `rows` would return, in the same order (cheap: no records are made)."""
    statement = select(model.id)
    for name, value in equal.items():
        statement = statement.where(getattr(model, name) == value)
    order = (model.position, model.id) if "position" in model.model_fields else (model.id,)
    with audit.reading() as session:
        return list(session.exec(statement.order_by(*order)).all())


def rows_where_in(audit: AuditFile, model: type[M], name: str, values: Iterable[Any]) -> list[M]:
    """The rows whose `name` is one of `values`, in id order (a grid reading the cells of its own rows,
    not the 100,000 of every category)."""
    values = list(dict.fromkeys(values))
    found: list[M] = []
    with audit.reading() as session:
        for first in range(0, len(values), 500):  # well under SQLite's limit of bound parameters
            chunk = values[first:first + 500]
            found += session.exec(select(model).where(getattr(model, name).in_(chunk))).all()
    return sorted(found, key=lambda r: r.id)


def rows_with_ids(audit: AuditFile, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """Records by id, for a few hundred ids at a time (a table model reading the rows it shows)."""
    with audit.reading() as session:
        return {r.id: r for r in session.exec(select(model).where(model.id.in_(list(ids)))).all()}


def get(audit: AuditFile, model: type[M], row_id: int) -> M:
    with audit.reading() as session:
        row = session.get(model, row_id)
    if row is None:
        raise AuditError(_("{0} 中没有 id 为 {1} 的记录。").format(model.__tablename__, row_id))
    return row


def singleton(audit: AuditFile, model: type[M]) -> M:
    """The one row of a singleton table (created with defaults the first time it is asked for)."""
    with audit.reading() as session:
        row = session.exec(select(model).order_by(model.id)).first()
    if row is not None or audit.read_only:
        return row or model()
    return add(audit, model, {})


def _values(row: SQLModel) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in row.__table__.columns}


def _check(session, model: type[SQLModel], values: Mapping[str, Any], row_id: int | None) -> None:
    problems = row_problems(model, values, row_id) + _duplicates(session, model, values, row_id)
    if problems:
        raise ValidationError([Problem(p.table, row_id, p.field, p.message) for p in problems])


def _duplicates(session, model: type[SQLModel], values: Mapping[str, Any], row_id: int | None) -> list[Problem]:
    """validation.table_problems for one candidate row, reading only the rows that already hold one of its
    unique keys (one query per key, on indexed columns where there are any) instead of the whole table:
    reading 100,000 rows made each edit of a big table take seconds."""
    table = model.__table__
    problems: list[Problem] = []
    conn = session.connection()
    for fields in UNIQUE.get(table.name, ()):
        key = [_plain_value(values.get(f)) for f in fields]
        if key[-1] in (None, ""):
            continue
        same = [table.c[f].is_(None) if k is None else table.c[f] == literal(k) for f, k in zip(fields, key)]
        others = table.c.id != row_id if row_id is not None else true()
        first = conn.execute(core_select(table.c.id).where(*same, others).order_by(table.c.id).limit(1)).scalar()
        if first is None:
            continue
        # table_problems words the problem; rows without a key stand for the rows before the holder, so
        # the message names the same row as when the whole table was checked (rare: only on a duplicate)
        before = conn.execute(core_select(func.count()).select_from(table).where(table.c.id < first, others))
        holder = dict(zip(fields, key))
        problems += table_problems(model, [*([{}] * before.scalar()), holder, dict(values)])
    return problems


def add(audit: AuditFile, model: type[M], values: Mapping[str, Any]) -> M:
    # read, check and write in one connection: opening one costs milliseconds, a big part of an edit
    with audit.unit_of_work() as session:
        if model in SINGLETONS and session.exec(select(model.id)).first() is not None:
            raise AuditError(_("{0} 只能有一条记录。").format(model.__tablename__))
        if "position" in model.model_fields and "position" not in values:
            highest = session.exec(select(func.max(model.position))).one()
            values = {**values, "position": 0 if highest is None else highest + 1}
        row = model(**values)
        _check(session, model, _values(row), None)
        session.add(row)
    audit.notify({model.__tablename__}, {model.__tablename__: {row.id}})
    return row


def update_row(audit: AuditFile, model: type[M], row_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Change some fields of one row; returns their old values (what undo needs)."""
    if audit.read_only:
        get(audit, model, row_id)  # a missing row is named before the read-only file
    with audit.unit_of_work() as session:  # one connection for reading, checking and writing
        current = session.get(model, row_id)
        if current is None:
            raise AuditError(_("{0} 中没有 id 为 {1} 的记录。").format(model.__tablename__, row_id))
        unknown = set(changes) - set(model.model_fields) - {"id"}
        if unknown or "id" in changes:
            raise AuditError(_("不能修改字段：{0}").format(", ".join(sorted(unknown | ({"id"} & set(changes))))))
        merged = {**_values(current), **changes}
        _check(session, model, merged, row_id)
        old = {name: getattr(current, name) for name in changes}
        table = model.__table__
        session.connection().execute(update(table).where(table.c.id == row_id).values(**_plain(changes)))
    audit.notify({model.__tablename__}, {model.__tablename__: {row_id}})
    return old


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain_value(v) for k, v in values.items()}


def _plain_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


@dataclass
class Removed:
    """Rows taken out by a delete (the row, what it owned, references it nulled), for undo."""

    deleted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[str, int, str, Any]] = field(default_factory=list)


def delete_rows(audit: AuditFile, model: type[SQLModel], ids: Iterable[int]) -> Removed:
    """Delete rows with everything they own; refuse when other rows still refer to them."""
    ids = list(ids)
    removed = Removed()
    with audit.unit_of_work() as session:
        _blockers(session, model, ids)
        _collect(session, model.__table__, ids, removed)
        for table_name, values in reversed(removed.deleted):
            table = table_class(table_name).__table__
            session.connection().execute(delete(table).where(table.c.id == values["id"]))
    _notify_removed(audit, removed)
    return removed


def _notify_removed(audit: AuditFile, removed: Removed) -> None:
    """Tell listeners about a delete or its undo: every row taken out (or put back) and every reference
    nulled (or restored); the foreign keys act through delete_rows, never by themselves."""
    rows: dict[str, set[int]] = {}
    for name, values in removed.deleted:
        rows.setdefault(name, set()).add(values["id"])
    for name, row_id, *_rest in removed.nulled:
        rows.setdefault(name, set()).add(row_id)
    audit.notify(set(rows), rows)


def _blockers(session, model: type[SQLModel], ids: list[int]) -> None:
    for other in TABLES:
        for column in other.__table__.columns:
            for fk in column.foreign_keys:
                if fk.column.table is model.__table__ and fk.ondelete == "RESTRICT":
                    found = session.connection().execute(core_select(other.__table__).where(column.in_(ids))).mappings().all()
                    if found:
                        names = _("、").join(str(r.get("code") or r.get("key") or r["id"]) for r in found[:8])
                        raise AuditError(_("仍有 {0} 条“{1}”记录（{2}）引用它；请先删除或修改这些记录。").format(
                            len(found), label(other, column.name), names))


def _collect(session, table, ids: list[int], removed: Removed) -> None:
    if not ids:
        return
    for values in session.connection().execute(core_select(table).where(table.c.id.in_(ids))).mappings():
        removed.deleted.append((table.name, dict(values)))
    owner = next((kind for kind, name in OWNER_TABLES.items() if name == table.name), None)
    if owner is not None:
        attachments = Attachment.__table__
        found = session.connection().execute(core_select(attachments.c.id).where(
            attachments.c.owner_kind == owner.value, attachments.c.owner_id.in_(ids))).scalars().all()
        _collect(session, attachments, list(found), removed)
    for other in TABLES:
        for column in other.__table__.columns:
            for fk in column.foreign_keys:
                if fk.column.table is not table:
                    continue
                refs = session.connection().execute(core_select(other.__table__.c.id, column).where(column.in_(ids))).all()
                if fk.ondelete == "CASCADE":
                    _collect(session, other.__table__, [r[0] for r in refs if (other.__tablename__, r[0]) not in
                                                        {(n, v["id"]) for n, v in removed.deleted}], removed)
                elif fk.ondelete == "SET NULL":
                    for ref_id, value in refs:
                        removed.nulled.append((other.__tablename__, ref_id, column.name, value))
                        session.connection().execute(update(other.__table__).where(other.__table__.c.id == ref_id)
                                        .values({column.name: None}))


def restore(audit: AuditFile, removed: Removed) -> None:
    """Put back what delete_rows took out, with the same ids (undo of a delete)."""
    with audit.unit_of_work() as session:
        session.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for table_name, values in removed.deleted:
            session.connection().execute(insert(table_class(table_name).__table__).values(**values))
        for table_name, row_id, column, value in removed.nulled:
            table = table_class(table_name).__table__
            session.connection().execute(update(table).where(table.c.id == row_id).values({column: value}))
    _notify_removed(audit, removed)
