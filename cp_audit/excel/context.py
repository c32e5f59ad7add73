"""What every worksheet builder reads: the audit's rows, the engine's results, the language and date,
and small helpers for labels, periods and inventory values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from sqlmodel import SQLModel

from cp_audit.calc.scoring import CostClass
from cp_audit.engine import AuditResults
from cp_audit.engine.context import Context
from cp_audit.excel.layout import SheetBuilder
from cp_audit.i18n import N_, translate
from cp_audit.models import AuditInfo, Enterprise, InventoryItem, InventoryValue, Period
from cp_audit.services import AuditData

COST_CLASS_LABELS = {
    CostClass.no_low.value: N_("无/低费"),
    CostClass.medium_high.value: N_("中/高费"),
    CostClass.medium.value: N_("中费"),
    CostClass.high.value: N_("高费"),
    CostClass.unclassified.value: N_("未分类"),
}


@dataclass
class ExportContext:
    data: AuditData
    results: AuditResults
    language: str = "zh_CN"
    today: date = field(default_factory=date.today)

    def __post_init__(self) -> None:
        self.engine = Context(self.data)  # the engine's indexes: coefficients, item names, values
        self.info = self.data.one(AuditInfo)
        self.enterprise = self.data.one(Enterprise)
        self.currency = self.info.base_currency or "CNY"
        self._raw_values = {(v.item_id, v.period_id): v for v in self.data.rows(InventoryValue)}
        self._groups: dict[tuple[str, str], dict[Any, list]] = {}

    def _(self, text: str) -> str:
        return translate(text, self.language)

    def sheet(self, number: str | None, name: str) -> SheetBuilder:
        """A new sheet titled 工作表<number> <name>, named "<number> <name>" in the tab."""
        title = f"{self._('工作表')}{number} {self._(name)}" if number else self._(name)
        tab = f"{number} {self._(name)}" if number else self._(name)
        return SheetBuilder(
            tab, title, enterprise=self.enterprise.name_zh or "", on=self.today, translate=self._
        )

    def label(self, value: Any) -> str:
        """The translated label of an enum member (or of a stored enum value), '' for None."""
        if value is None:
            return ""
        if isinstance(value, Enum) and hasattr(value, "label"):
            return self._(value.label)
        return str(value)

    def cost_class(self, value: str | None) -> str:
        return self._(COST_CLASS_LABELS.get(value or "", value or ""))

    def field_label(self, model: type[SQLModel], name: str) -> str:
        info = model.model_fields[name]
        return self._(info.title or name)

    def grouped(self, model: type[SQLModel], column: str) -> dict[Any, list]:
        """The rows of a table by the value of one column, each list in stored order. Built once per export:
        filtering the whole table for every option or unit operation made big exports quadratic."""
        key = (model.__tablename__, column)
        if key not in self._groups:
            found: dict[Any, list] = {}
            for row in self.data.rows(model):
                found.setdefault(getattr(row, column), []).append(row)
            self._groups[key] = found
        return self._groups[key]

    def periods(self) -> list[Period]:
        return sorted(self.data.rows(Period), key=lambda p: (p.position, p.id))

    def items(self, *categories) -> list[InventoryItem]:
        wanted = {c.value for c in categories}
        rows = [i for i in self.data.rows(InventoryItem) if i.category.value in wanted]
        order = {c.value: n for n, c in enumerate(categories)}
        return sorted(rows, key=lambda i: (order[i.category.value], i.position, i.id))

    def item_value(self, item: InventoryItem, period: Period) -> float | str | None:
        """The item's value in the period in its own unit (the engine's conversion); a value whose unit
        cannot be converted is shown as typed, with its unit."""
        name = self.engine.names.by_item_id.get(item.id)
        try:
            return self.engine.names.item_value(name, period) if name else None
        except Exception:  # noqa: BLE001 - a unit the engine cannot convert: show the value as typed
            raw = self._raw_values.get((item.id, period.id))
            return f"{raw.value:g} {raw.unit}" if raw is not None else None

    def item_name(self, item: InventoryItem) -> str:
        """The formula name of an item (ni_line.plated_area), as the engine keys its figures."""
        return self.engine.names.by_item_id.get(item.id, item.key)
