"""Column specs: how one field of a table is shown, edited, copied and pasted. Tables and forms share them.

A spec names a field and may override what is inferred from the data model (kind, header, decimals).
`resolve(spec, table)` fills in the rest from the field's type and title.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum, StrEnum
from typing import Any

from PySide6.QtCore import Qt
from sqlmodel import SQLModel

from cp_audit.i18n import _, translate
from cp_audit.models import table_class
from cp_audit.models.base import LabelledEnum
from ui import formatting

#: Fields that identify a row to a user, in order of preference (what a reference cell shows).
CODE_FIELDS = ("code", "key", "param", "tag", "name")
NAME_FIELDS = ("name_zh", "title_zh", "label_zh", "finding_zh", "measure_zh", "name")


class Kind(StrEnum):
    text = "text"
    long_text = "long_text"  # several lines: a plain-text box in forms
    int = "int"
    number = "number"
    percent = "percent"  # stored as a fraction (0.25), shown and typed as 25 %
    money = "money"  # two decimals
    date = "date"
    enum = "enum"
    bool = "bool"
    reference = "reference"  # the id of another row, chosen by its code
    unit = "unit"  # a unit of measure, typed as text (m3/h) and shown typeset (m³/h)
    computed = "computed"  # derived from the row by `compute`; never edited


NUMERIC = (Kind.int, Kind.number, Kind.percent, Kind.money)


@dataclass(frozen=True)
class Reference:
    """Another table that a reference column points at, and which of its fields name a row."""

    table: str
    code_field: str
    name_field: str | None


@dataclass(frozen=True)
class ColumnSpec:
    """One column (or form field). Only `field` is needed; everything else is inferred when None."""

    field: str
    header: str | None = None  # msgid; default: the field's title in the data model
    unit: str | None = None  # shown in the header: "投资 (元)"
    kind: Kind | None = None
    decimals: int | None = None  # None: as many as the value needs
    grouping: bool | None = None  # thousands separators; default off for years
    editable: bool = True
    alignment: Qt.AlignmentFlag | None = None
    reference: Reference | None = None
    compute: Callable[[Any], Any] | None = field(default=None, compare=False)
    enum_type: type[Enum] | None = None
    nullable: bool | None = None
    width_chars: int | None = None  # a starting width for the column, in characters
    options: tuple[tuple[Any, str], ...] | None = None  # fixed choices: (value, label msgid)

    @property
    def title(self) -> str:
        """The translated header text with its unit."""
        text = _(self.header or self.field)
        return f"{text} ({_(self.unit)})" if self.unit else text  # units such as 元 are msgids too


class ColumnEnum(Enum):
    """Base of the `Column` enum every table model declares; members hold ColumnSpecs in display order."""

    @property
    def spec(self) -> ColumnSpec:
        return self.value

    @property
    def index(self) -> int:
        return list(type(self)).index(self)


def _optional_type(annotation: Any) -> tuple[Any, bool]:
    """(the type inside `X | None`, whether None is allowed)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def _kind_of(base: Any, name: str, reference: Reference | None) -> Kind:
    if reference is not None:
        return Kind.reference
    if isinstance(base, type) and issubclass(base, Enum):
        return Kind.enum
    if base is bool:
        return Kind.bool
    if base is int:
        return Kind.int
    if base is float:
        return Kind.number
    if base is date:
        return Kind.date
    if name == "unit" or name.endswith("_unit"):
        return Kind.unit
    return Kind.text


def reference_of(table: type[SQLModel], name: str) -> Reference | None:
    column = table.__table__.columns.get(name)
    if column is None or not column.foreign_keys:
        return None
    target = next(iter(column.foreign_keys)).column.table.name
    fields = table_class(target).model_fields
    code = next((f for f in CODE_FIELDS if f in fields), "id")
    label = next((f for f in NAME_FIELDS if f in fields and f != code), None)
    return Reference(target, code, label)


def resolve(spec: ColumnSpec, table: type[SQLModel]) -> ColumnSpec:
    """The spec with kind, header, nullability and reference filled in from the data model."""
    if spec.compute is not None:
        return replace(
            spec,
            kind=Kind.computed,
            editable=False,
            nullable=True,
            alignment=spec.alignment or _alignment(spec.kind or Kind.text),
        )
    info = table.model_fields[spec.field]
    base, nullable = _optional_type(info.annotation)
    reference = spec.reference or reference_of(table, spec.field)
    kind = spec.kind or _kind_of(base, spec.field, reference)
    grouping = spec.grouping if spec.grouping is not None else not spec.field.endswith("year")
    return replace(
        spec,
        header=spec.header or info.title or spec.field,
        kind=kind,
        reference=reference,
        grouping=grouping,
        enum_type=spec.enum_type or (base if kind == Kind.enum else None),
        nullable=nullable if spec.nullable is None else spec.nullable,
        alignment=spec.alignment or _alignment(kind),
    )


def _alignment(kind: Kind) -> Qt.AlignmentFlag:
    if kind in NUMERIC:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    if kind == Kind.bool:
        return Qt.AlignmentFlag.AlignCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def choices_of(spec: ColumnSpec) -> list[tuple[Any, str]] | None:
    """Fixed choices of a column (its options, or an enumeration's members), or None."""
    empty = [(None, "")] if spec.nullable else []
    if spec.options:
        return empty + [(value, _(label)) for value, label in spec.options]
    if spec.kind == Kind.enum and spec.enum_type is not None:
        return empty + [(member, enum_label(member)) for member in spec.enum_type]
    return None


def enum_label(member: Enum | None) -> str:
    if member is None:
        return ""
    return _(member.label) if isinstance(member, LabelledEnum) else str(member.value)


def typeset_unit(text: str) -> str:
    """m3/h as m³/h, um as µm; a unit the calculations do not know is shown as typed."""
    from cp_audit.errors import AuditError
    from cp_audit.units import format_unit

    try:
        return format_unit(text) if text else ""
    except (AuditError, ValueError):
        return text


def display_text(spec: ColumnSpec, value: Any, names: dict[int, str] | None = None) -> str:
    """What a cell shows: locale numbers, ISO dates, translated enum labels, the code of a reference."""
    if value is None:
        return ""
    kind = spec.kind
    if kind in (Kind.number, Kind.int) and isinstance(value, (int, float)):
        return formatting.format_number(value, spec.decimals, bool(spec.grouping))
    if kind == Kind.money:
        return formatting.format_number(value, 2 if spec.decimals is None else spec.decimals)
    if kind == Kind.percent:
        return formatting.format_number(value * 100, spec.decimals) + " %"
    if kind == Kind.date:
        return formatting.format_date(value)
    if kind == Kind.enum:
        return enum_label(value)
    if kind == Kind.bool:
        return _("是") if value else _("否")
    if kind == Kind.unit:
        return typeset_unit(value)
    if kind == Kind.reference:
        return (names or {}).get(value, str(value))
    if spec.options:
        return next((_(label) for option, label in spec.options if option == value), str(value))
    if kind == Kind.computed and isinstance(value, (int, float)) and not isinstance(value, bool):
        return formatting.format_number(value, spec.decimals)
    return str(value)


def edit_text(spec: ColumnSpec, value: Any, codes: dict[int, str] | None = None) -> str:
    """The text an editor starts from and the clipboard receives: exact numbers without separators."""
    if value is None:
        return ""
    if spec.kind in (Kind.int, Kind.number, Kind.money):
        return formatting.format_plain(value)
    if spec.kind == Kind.percent:
        return formatting.format_plain(round(value * 100, 12))
    if spec.kind == Kind.reference:
        return (codes or {}).get(value, str(value))
    if spec.kind == Kind.unit:
        return str(value)
    return display_text(spec, value)


def parse_text(spec: ColumnSpec, text: str, codes: dict[str, int] | None = None) -> Any:
    """A typed or pasted text as the field's value. Raises ValueError with a message for the user."""
    kind = spec.kind
    if spec.options and formatting.normalise(text):
        cleaned = formatting.normalise(text)
        match = [v for v, label in spec.options if cleaned in (_(label), label, str(v))]
        if match:
            return match[0]
    if kind in (Kind.number, Kind.money):
        value = formatting.parse_number(text)
    elif kind == Kind.int:
        value = formatting.parse_int(text)
    elif kind == Kind.percent:
        value = formatting.parse_percent(text)
    elif kind == Kind.date:
        value = formatting.parse_date(text)
    elif kind == Kind.enum:
        value = parse_enum(spec.enum_type, text)
    elif kind == Kind.bool:
        return parse_bool(text)
    elif kind == Kind.reference:
        value = parse_reference(text, codes or {})
    else:
        value = text.strip("\r\n") if spec.nullable is False else (text.strip("\r\n") or None)
    if value is None and spec.nullable is False:
        raise ValueError(_("不能为空。"))
    return value


def parse_enum(enum_type: type[Enum] | None, text: str) -> Enum | None:
    cleaned = formatting.normalise(text)
    if not cleaned or enum_type is None:
        return None
    for member in enum_type:
        names = {str(member.value), enum_label(member)}
        if isinstance(member, LabelledEnum):
            names |= {member.label, translate(member.label, "en"), translate(member.label, "zh_HK")}
        if cleaned in names or cleaned.lower() in {n.lower() for n in names}:
            return member
    choices = _("、").join(enum_label(m) for m in enum_type)
    raise ValueError(_("“{0}”不是可选的值；可选：{1}。").format(cleaned, choices))


_TRUE = {"是", "true", "yes", "y", "1", "√", "✓", "✔", "x", "是的", "對", "对"}
_FALSE = {"否", "false", "no", "n", "0", "", "×", "✗", "不是"}


def parse_bool(text: str) -> bool:
    cleaned = formatting.normalise(text).lower()
    if cleaned in _TRUE or cleaned == _("是").lower():
        return True
    if cleaned in _FALSE or cleaned == _("否").lower():
        return False
    raise ValueError(_("“{0}”不是“是”或“否”。").format(text.strip()))


def parse_reference(text: str, codes: dict[str, int]) -> int | None:
    cleaned = formatting.normalise(text)
    if not cleaned:
        return None
    if cleaned in codes:
        return codes[cleaned]
    first = cleaned.split()[0]  # "ni_line 镀镍线" as shown in a list
    if first in codes:
        return codes[first]
    raise ValueError(_("找不到代号为“{0}”的记录；请先添加它，或从列表中选择。").format(cleaned))
