"""Writing the changes a template import planned, in the caller's transaction and in bulk: new rows of a
table that later rows refer to (periods, items, streams, options) are inserted as they come, each learning
its id; the new rows of every other table (values, factors, monitoring records) go in executemany batches
with the ids SQLite would have given them, and updates are batched by table and fields. Writing through the ORM, one flush per
row, took minutes for a template that adds years of monthly values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update

from cp_audit.excel.template_import import Change

BATCH = 500  # rows per statement: SQLite takes at most 32,766 parameters in one


def write_changes(session, changes: list[Change], *, keep_old: bool = False) -> dict[int, dict[str, Any]]:
    """Write `changes` through `session`'s connection (nothing is committed here); each added row's id is
    set as its Change's new_id. With keep_old, returns the stored values of the fields each update
    changes, by the update's index in `changes`."""
    conn = session.connection()
    # tables whose new rows other rows refer to: written one by one, as they come, each learning its id
    referred = {v.model for change in changes for v in change.values.values() if isinstance(v, Change)}
    updates = [(index, c) for index, c in enumerate(changes) if c.row_id is not None and c.values]
    added: dict[type, list[Change]] = {}
    for change in changes:
        if change.row_id is not None:
            continue
        if change.model in referred:
            table = change.model.__table__
            change.new_id = conn.execute(insert(table).values(_row(change))).inserted_primary_key[0]
        else:
            added.setdefault(change.model, []).append(change)
    old = _old_values(conn, updates) if keep_old else {}
    update_rows(conn, [(change.model, change.row_id, _resolved(change.values)) for _index, change in updates])
    for model, group in added.items():
        # the ids SQLite would give them one by one (the largest id + 1: no table is AUTOINCREMENT), given
        # here so the rows go in one executemany; no other writer runs inside the audit's unit of work
        table = model.__table__
        first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        rows = []
        for offset, change in enumerate(group):
            change.new_id = first + offset
            rows.append({**_row(change), "id": change.new_id})
        for start in range(0, len(rows), BATCH):
            conn.execute(insert(table), rows[start : start + BATCH])
    return old


def update_rows(conn, rows: list[tuple[type, int, dict[str, Any]]]) -> None:
    """Set the given fields of rows (model, id, values), batched by table and fields."""
    groups: dict[tuple[type, tuple[str, ...]], list[dict[str, Any]]] = {}
    for model, row_id, values in rows:
        if values:
            groups.setdefault((model, tuple(values)), []).append({"row_id_": row_id, **values})
    for (model, fields), params in groups.items():
        table = model.__table__
        statement = update(table).where(table.c.id == bindparam("row_id_"))
        statement = statement.values({name: bindparam(name) for name in fields})
        for start in range(0, len(params), BATCH):
            conn.execute(statement, params[start : start + BATCH])


def insert_rows(conn, model: type, rows: list[dict[str, Any]]) -> None:
    """New rows of one table, each with its id given, as the model makes them (defaults included)."""
    table = model.__table__
    full = [_full(model, values) for values in rows]
    for start in range(0, len(full), BATCH):
        conn.execute(insert(table), full[start : start + BATCH])


def delete_rows(conn, model: type, ids: list[int]) -> None:
    table = model.__table__
    for start in range(0, len(ids), BATCH):
        conn.execute(delete(table).where(table.c.id.in_(ids[start : start + BATCH])))


def _resolved(values: dict[str, Any]) -> dict[str, Any]:
    """The values with a reference to a row added by the same import replaced by that row's id."""
    return {k: (v.new_id if isinstance(v, Change) else v) for k, v in values.items()}


def _row(change: Change) -> dict[str, Any]:
    return _full(change.model, _resolved(change.values))


def _full(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """Every column of a new row as `model(**values)` makes it: a field left out takes its default (a
    default factory called for each row), a required one stays None; the id only when it is given. Without
    making the model instance, which took most of the time of writing ten thousand values."""
    row = {}
    for name, info in model.model_fields.items():
        if name in values:
            row[name] = values[name]
        elif name != "id":
            row[name] = None if info.is_required() else info.get_default(call_default_factory=True)
    return row


def _old_values(conn, updates: list[tuple[int, Change]]) -> dict[int, dict[str, Any]]:
    """The stored values of the fields each update changes, by the update's index (read in batches)."""
    groups: dict[tuple[type, tuple[str, ...]], list[tuple[int, Change]]] = {}
    for index, change in updates:
        groups.setdefault((change.model, tuple(change.values)), []).append((index, change))
    old: dict[int, dict[str, Any]] = {}
    for (model, fields), group in groups.items():
        table = model.__table__
        chosen = select(table.c.id, *(table.c[name] for name in fields))
        by_id: dict[int, dict[str, Any]] = {}
        ids = [change.row_id for _index, change in group]
        for start in range(0, len(ids), BATCH):
            for row in conn.execute(chosen.where(table.c.id.in_(ids[start : start + BATCH]))):
                by_id[row[0]] = dict(zip(fields, row[1:], strict=True))
        for index, change in group:
            old[index] = by_id[change.row_id]
    return old
