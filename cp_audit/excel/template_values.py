"""Turning a template cell into a stored value by the kind of its column: text, number, whole number,
date, an enumeration (its code or its label in any language), or a number with a unit ("92250 m2").
Each function returns the value or raises CellValueError with the reason a user can act on."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime
from typing import Any

from cp_audit.excel.template_spec import enum_texts
from cp_audit.excel.template_units import AUDIT_UNITS, UnitVocabulary
from cp_audit.i18n import _
from cp_audit.models.base import LabelledEnum
from cp_audit.validation import MAX_MAGNITUDE, unit_problem

_NUMBER_WITH_UNIT = re.compile(r"^\s*([-+]?[\d,]*\.?\d+(?:[eE][-+]?\d+)?)\s*(\S.*?)\s*$")


class CellValueError(ValueError):
    """The cell's value does not fit its column; the message says why."""


def as_text(value: Any, *, code: bool = False) -> str:
    """Text as typed; a number typed into a text column reads as Excel shows it (2025, not 2025.0).
    Codes and keys lose surrounding spaces, which nobody sees in a cell."""
    if isinstance(value, bool):
        text = _("是") if value else _("否")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, float):
        text = f"{value:.15g}"
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    return text.strip() if code else text


def as_number(value: Any) -> float:
    if isinstance(value, (bool, date, datetime)):
        raise CellValueError(_("应填写数值，而不是“{0}”。").format(as_text(value)))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", ""))
        except ValueError:
            raise CellValueError(_("“{0}”不是数值；请只填写数字（单位见表头）。").format(value)) from None
    if not math.isfinite(number):
        raise CellValueError(_("不是有效数字（NaN 或无穷大）；请输入一个数值。"))
    if abs(number) > MAX_MAGNITUDE:
        raise CellValueError(_("数值超出合理范围（绝对值应不大于 10¹⁵）；请检查单位或小数点。"))
    return number


def as_whole_number(value: Any) -> int:
    number = as_number(value)
    if not number.is_integer():
        raise CellValueError(_("应填写整数，而不是 {0:g}。").format(number))
    return int(number)


def as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CellValueError(_("“{0}”不是日期；请填写日期，例如 2026-05-12。").format(as_text(value)))


@functools.lru_cache(maxsize=64)
def _members(enum: type[LabelledEnum]) -> dict[str, LabelledEnum]:
    return {text.casefold(): member for text, member in enum_texts(enum).items()}


def as_member(value: Any, enum: type[LabelledEnum]) -> LabelledEnum:
    member = _members(enum).get(as_text(value, code=True).casefold())
    if member is None:
        allowed = _("、").join(_(m.label) for m in enum)
        raise CellValueError(
            _("“{0}”不是可选的值；请从下拉列表中选择：{1}。").format(as_text(value), allowed)
        )
    return member


def as_unit(value: Any, vocabulary: UnitVocabulary = AUDIT_UNITS) -> str:
    """A unit column's text: a unit of the audit (blank allowed)."""
    text = as_text(value, code=True)
    problem = vocabulary.problem(text)
    if problem:
        raise CellValueError(problem)
    return text


def as_quantity(value: Any, unit: str, vocabulary: UnitVocabulary = AUDIT_UNITS) -> tuple[float, str | None]:
    """A period's value: a number in the item's `unit`, or "number unit" in another unit of the same kind."""
    if not isinstance(value, str):
        return as_number(value), None
    try:
        return as_number(value), None
    except CellValueError:
        pass
    match = _NUMBER_WITH_UNIT.match(value)
    if match is None:
        raise CellValueError(
            _("“{0}”不是数值；请填写数字（按项目的单位），或“数值 单位”如 92250 m2。").format(value)
        )
    number, given = as_number(match.group(1)), match.group(2)
    problem = vocabulary.problem(given)
    if problem:
        raise CellValueError(problem)
    if unit and not unit_problem(unit):
        from cp_audit.units import same_dimension

        if not same_dimension(given, unit):
            raise CellValueError(_("单位“{0}”不能换算为项目的单位“{1}”。").format(given, unit))
    return number, (None if given == unit else given)
