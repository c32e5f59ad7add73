"""Every rule a stored value must satisfy, in one place: used by edits, the JSON import and the Excel
import, so nothing invalid is ever stored. Messages name the field and say how to fix the value."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import annotated_types as at
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary
from sqlalchemy import Enum as SAEnum
from sqlalchemy.schema import Column
from sqlmodel import SQLModel

from cp_audit.i18n import _, list_text

MAX_MAGNITUDE = 1e15  # no quantity of an audit is larger; 1e308 is a typo or an attack
MAX_TEXT = 200_000  # characters in one field: long enough for any description, small enough for reports
CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of one row (row is the row's index or id, None for the table)."""

    table: str
    row: int | None
    field: str | None
    message: str

    def where(self) -> str:
        parts = [self.table]
        if self.row is not None:
            parts.append(f"#{self.row}")
        if self.field:
            parts.append(self.field)
        return " ".join(parts)


#: Fields that identify a row and so cannot be empty.
REQUIRED_TEXT: dict[str, tuple[str, ...]] = {
    "source": ("tag",),
    "mandatory_trigger": ("name_zh",),
    "production_line": ("key", "name_zh"),
    "auditor": ("name",),
    "team_member": ("name",),
    "work_plan_row": ("stage_zh",),
    "training_record": ("topic_zh",),
    "barrier": ("barrier_zh",),
    "period": ("key", "label_zh"),
    "emission_point": ("key", "name_zh"),
    "inventory_item": ("key", "name_zh"),
    "item_property": ("key",),
    "discharge_standard": ("key", "name_zh"),
    "discharge_limit": ("param",),
    "equipment": ("name_zh",),
    "existing_measure": ("measure_zh",),
    "site_finding": ("finding_zh",),
    "criterion": ("key", "name_zh"),
    "focus_candidate": ("key", "name_zh"),
    "parameter": ("key",),
    "indicator": ("key", "name_zh", "formula"),
    "target": ("code", "name_zh"),
    "evaluation_system": ("key", "name_zh"),
    "evaluation_indicator": ("key", "name_zh"),
    "node": ("code", "name_zh"),
    "balance": ("key", "name_zh"),
    "stream": ("code", "name_zh"),
    "cause": ("code", "cause_zh"),
    "option": ("code", "title_zh", "currency"),
    "option_effect": ("resource_key",),
    "cash_item": ("item_zh", "currency"),
    "monitoring_record": ("indicator_zh",),
    "cp_rule": ("name_zh",),
    "next_round_item": ("item_zh",),
    "cppp_rule_set": ("key",),
    "cppp_project": ("key",),
    "coefficient_set": ("key", "name_zh"),
    "coefficient": ("carrier_key", "unit"),
    "price": ("key", "unit"),
    "attachment": ("file_name",),
    "result_note": ("about", "note_zh"),
}

#: Fields whose text must be a unit the calculations understand (labels elsewhere stay free text).
UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "inventory_item": ("unit",),
    "inventory_value": ("unit",),
    "item_property": ("unit",),
    "parameter": ("unit",),
    "indicator": ("unit",),
    "target": ("unit",),
    "balance": ("unit",),
    "stream": ("unit",),
    "stream_factor": ("unit",),
    "coefficient": ("unit",),
    "option_effect": ("unit",),
    "emission_point": ("flow_unit",),
    "monitoring_record": ("num_unit", "den_unit"),
    "audit_info": ("product_unit",),
}

#: Fields that hold "CURRENCY/unit" (a price) or a currency code.
PRICE_UNIT_FIELDS = {"inventory_item": ("price_unit",), "price": ("unit",)}
CURRENCY_FIELDS = {
    "option": ("currency",),
    "cash_item": ("currency", "original_currency"),
    "enterprise": ("registered_capital_currency",),
    "audit_info": ("base_currency",),
}

#: Within each table, these field combinations must be unique.
UNIQUE: dict[str, tuple[tuple[str, ...], ...]] = {
    "source": (("tag",),),
    "production_line": (("key",),),
    "period": (("key",),),
    "emission_point": (("key",),),
    "inventory_item": (("line_id", "point_id", "key"),),
    "item_property": (("item_id", "key"),),
    "inventory_value": (("item_id", "period_id"),),
    "discharge_standard": (("key",),),
    "discharge_limit": (("standard_id", "param"),),
    "criterion": (("scope", "key"),),
    "focus_candidate": (("key",),),
    "focus_score": (("candidate_id", "criterion_id"),),
    "parameter": (("key",),),
    "indicator": (("key",),),
    "target": (("code",),),
    "evaluation_system": (("key",),),
    "evaluation_indicator": (("system_id", "key"),),
    "node": (("code",),),
    "balance": (("key",),),
    "stream": (("balance_id", "code"),),
    "stream_factor": (("stream_id", "role"),),
    "cause": (("code",),),
    "cause_node": (("cause_id", "node_id"),),
    "cause_stream": (("cause_id", "stream_id"),),
    "option": (("code",),),
    "option_cause": (("option_id", "cause_id"),),
    "option_effect": (("option_id", "basis", "resource_key"),),
    "cash_flow_year": (("option_id", "year"),),
    "option_score": (("option_id", "criterion_id"),),
    "cppp_rule_set": (("key",),),
    "cppp_project": (("key",),),
    "cppp_project_option": (("project_id", "option_id"),),
    "coefficient_set": (("key",),),
    "coefficient": (("set_id", "carrier_key"),),
    "price": (("key",),),
}

#: (start, end) pairs that must be in order.
DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "period": (("start", "end"),),
    "work_plan_row": (("start", "end"),),
    "option": (("start_on", "end_on"),),
    "cppp_project": (("start", "end"),),
    "cppp_rule_set": (("valid_from", "valid_to"),),
    "target": (("near_by", "long_by"),),
}


def label(model: type[SQLModel], field: str) -> str:
    info = model.model_fields.get(field)
    title = info.title if info is not None and info.title else field
    return _(title)


def labelled(model: type[SQLModel], field: str, message: str) -> str:
    """`message` about `field`, after the field's name and the language's colon (full-width in Chinese)."""
    return _("{0}：{1}").format(label(model, field), message)


def column_kind(column: Column) -> str:
    """What a column stores, by its SQL type: bool, int, float, datetime, date, enum, list, bytes or str."""
    sa_type = column.type
    sa_type = getattr(sa_type, "impl", sa_type)  # a TypeDecorator (SQLModel's UTC datetime) by what it stores
    kinds = (
        ("bool", Boolean),
        ("int", Integer),
        ("float", Float),
        ("datetime", DateTime),
        ("date", Date),
        ("enum", SAEnum),
        ("list", JSON),
        ("bytes", LargeBinary),
    )
    return next((kind for kind, types in kinds if isinstance(sa_type, types)), "str")


def kind_problem(column: Column, value: Any) -> str | None:
    """Why a value (not None) cannot be stored in `column`: text in a number field, 2.5 in a whole-number
    field, a choice that is not one of the column's, a date that is not a date. SQLite would store most
    of these as they are (and an unknown choice then breaks every later read of the row)."""
    kind, shown = column_kind(column), str(value)[:40]
    if kind == "enum":
        allowed = column.type.enums
        if isinstance(value, str) and str(value) in allowed:
            return None
        members = column.type.enum_class or ()
        choices = list_text(
            _("{0}（{1}）").format(m.value, _(m.label)) if hasattr(m, "label") else m.value for m in members
        )
        return _("“{0}”不是可选的取值；应为以下之一：{1}。").format(shown, choices or list_text(allowed))
    if kind == "bool":
        return None if isinstance(value, bool) else _("应为“是”或“否”，不能是“{0}”。").format(shown)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
            return _("“{0}”不是整数；请输入一个整数。").format(shown)
        return None
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _("“{0}”不是数值；请只输入数字，不带单位或千位分隔符。").format(shown)
        return None
    if kind == "datetime":
        return None if isinstance(value, datetime) else _("“{0}”不是有效的日期和时间。").format(shown)
    if kind == "date":
        return (
            None
            if isinstance(value, date)
            else _("“{0}”不是有效的日期；请输入 YYYY-MM-DD 格式的日期。").format(shown)
        )
    if kind == "list":
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return None
        return _("应为一组文字。")
    if kind == "bytes":
        return None if isinstance(value, (bytes, bytearray, memoryview)) else _("应为文件的内容。")
    return None if isinstance(value, str) else _("应为文字，不能是“{0}”。").format(shown)


def field_problems(model: type[SQLModel], field: str, value: Any) -> list[str]:
    """Messages for one value of one field, judged on its own (an empty value is judged by row_problems)."""
    info = model.model_fields[field]
    if value is None:
        return []
    column = model.__table__.columns.get(field)
    kind_message = kind_problem(column, value) if column is not None else None
    if kind_message:
        return [kind_message]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_MAGNITUDE:
        return [_("数值超出合理范围（绝对值应不大于 10¹⁵）；请检查单位或小数点。")]
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return [_("不是有效数字（NaN 或无穷大）；请输入一个数值。")]
        if abs(value) > MAX_MAGNITUDE:
            return [_("数值超出合理范围（绝对值应不大于 10¹⁵）；请检查单位或小数点。")]
    if isinstance(value, str):
        if "\x00" in value:
            return [_("含有不可见的空字符（NUL）；请删除后重新输入。")]
        if len(value) > MAX_TEXT:
            return [_("文字过长（超过 200,000 个字符）；请缩短或改为附件。")]
    messages = []
    for constraint in info.metadata:
        messages += _constraint_problems(constraint, value)
    return messages


def _constraint_problems(constraint: Any, value: Any) -> list[str]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(constraint, at.Ge) and value < constraint.ge:
            return [_("不能小于 {0}。").format(_number(constraint.ge))]
        if isinstance(constraint, at.Gt) and value <= constraint.gt:
            return [_("必须大于 {0}。").format(_number(constraint.gt))]
        if isinstance(constraint, at.Le) and value > constraint.le:
            return [_("不能大于 {0}。").format(_number(constraint.le))]
        if isinstance(constraint, at.Lt) and value >= constraint.lt:
            return [_("必须小于 {0}。").format(_number(constraint.lt))]
    if isinstance(value, str) and isinstance(constraint, at.MaxLen) and len(value) > constraint.max_length:
        return [_("不能超过 {0} 个字符。").format(constraint.max_length)]
    return []


def _number(value: float) -> str:
    return f"{value:g}"


def row_problems(model: type[SQLModel], row: Mapping[str, Any], row_ref: int | None = None) -> list[Problem]:
    """Every rule that concerns one row alone (value ranges, required text, units, date order)."""
    table = model.__tablename__
    problems = []

    def add(field: str, message: str) -> None:
        problems.append(Problem(table, row_ref, field, labelled(model, field, message)))

    columns = model.__table__.columns
    wrong = set()
    for field, value in row.items():
        if field not in model.model_fields:
            continue
        column = columns.get(field)
        if value is None and column is not None and not column.nullable and not column.primary_key:
            add(field, _("不能为空。"))
            wrong.add(field)
        for message in field_problems(model, field, value):
            add(field, message)
            wrong.add(field)
    row = {
        k: v for k, v in row.items() if k not in wrong
    }  # the rules below see only values of the right kind
    for field in REQUIRED_TEXT.get(table, ()):
        if field in row and not str(row[field] or "").strip():
            add(field, _("不能为空。"))
    for field in UNIT_FIELDS.get(table, ()):
        if row.get(field):
            message = unit_problem(row[field])
            if message:
                add(field, message)
    for field in PRICE_UNIT_FIELDS.get(table, ()):
        if row.get(field):
            message = price_unit_problem(row[field])
            if message:
                add(field, message)
    for field in CURRENCY_FIELDS.get(table, ()):
        if row.get(field) and not CURRENCY.match(row[field]):
            add(field, _("币种应为三个大写字母的代码，例如 CNY、HKD。"))
    for start, end in DATE_ORDER.get(table, ()):
        first, last = row.get(start), row.get(end)
        if first and last and _as_date(first) > _as_date(last):
            add(end, _("不能早于“{0}”。").format(label(model, start)))
    _special_rules(model, row, add)
    return problems


def _special_rules(model: type[SQLModel], row: Mapping[str, Any], add: Callable[[str, str], None]) -> None:
    table = model.__tablename__
    if (
        table == "stream"
        and row.get("from_node_id") is not None
        and row.get("from_node_id") == row.get("to_node_id")
    ):
        add("to_node_id", _("物流的来源和去向不能是同一个节点。"))
    if table == "audit_info" and row.get("product_formula"):
        message = formula_problem(row["product_formula"], "product_formula")
        if message:
            add("product_formula", message)
    if (
        table == "inventory_item"
        and row.get("part_of_id") is not None
        and row.get("part_of_id") == row.get("id")
    ):
        add("part_of_id", _("不能属于它自己。"))
    if table == "indicator" and row.get("formula"):
        message = formula_problem(row["formula"], row.get("key") or "")
        if message:
            add("formula", message)
    if table == "attachment" and row.get("file_name"):
        message = file_name_problem(row["file_name"])
        if message:
            add("file_name", message)
    if table == "balance_test":
        for value in row.get("dates") or []:
            try:
                _as_date(value)
            except (TypeError, ValueError):
                add("dates", _("“{0}”不是日期（YYYY-MM-DD）。").format(value))


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def unit_problem(text: str) -> str | None:
    """Why `text` cannot be an audit's unit, or None: the one rule in cp_audit.unit_list."""
    from cp_audit import unit_list

    return unit_list.unit_problem(text)


def file_name_problem(name: str) -> str | None:
    """An attachment's name is written to disk when it is opened or exported: no folders ("../"), no
    control or direction-override characters, no device names such as CON (cp_audit.attachments)."""
    from cp_audit.attachments import safe_file_name

    safe = safe_file_name(name)
    if safe == name:
        return None
    return _("不能含有文件夹、控制字符或系统保留的名称；可改为“{0}”。").format(safe)


def price_unit_problem(text: str) -> str | None:
    currency, _sep, unit = text.partition("/")
    if not CURRENCY.match(currency.strip()) or not unit.strip():
        return _("单价单位应写作“币种/单位”，例如 CNY/t、CNY/kWh。")
    return unit_problem(unit.strip())


def formula_problem(formula: str, owner: str) -> str | None:
    from cp_audit.calc.formula import parse_formula
    from cp_audit.errors import CalculationError

    try:
        parse_formula(formula, owner)
    except CalculationError as exc:
        return exc.message
    return None


def table_problems(model: type[SQLModel], rows: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """Rules across the rows of one table: unique codes and keys."""
    table = model.__tablename__
    rows = list(rows)
    problems = []
    for fields in UNIQUE.get(table, ()):
        seen: dict[tuple, int] = {}
        for index, row in enumerate(rows):
            key = tuple(_plain(row.get(f)) for f in fields)
            if any(k in (None, "") for k in key[-1:]):
                continue
            if key in seen:
                shown = " / ".join(str(k) for k in key if k is not None)
                names = list_text(label(model, f) for f in fields if not f.endswith("_id"))
                problems.append(
                    Problem(
                        table,
                        index,
                        fields[-1],
                        _("{0}：{1}").format(
                            names,
                            _("“{0}”重复（第 {1} 行已使用）；每行必须不同。").format(shown, seen[key] + 1),
                        ),
                    )
                )
            else:
                seen[key] = index
    return problems


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value
