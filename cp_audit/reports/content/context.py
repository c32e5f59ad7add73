"""What every chapter builder reads: the audit's rows, its computed results, the edition and template,
and small look-ups (rows in their on-screen order, periods, options, nodes, resource names)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from sqlmodel import SQLModel

from cp_audit.engine import AuditResults
from cp_audit.engine.names import AuditNames
from cp_audit.errors import AuditError
from cp_audit.models import AuditInfo, Consultancy, Enterprise, InventoryItem, Node, Option, Period
from cp_audit.models.base import ItemCategory, PeriodKind
from cp_audit.reports.content.language import N_, _
from cp_audit.reports.template import ACCEPTANCE, ReportTemplate
from cp_audit.services import AuditData

M = TypeVar("M", bound=SQLModel)

#: Names of the resource keys that option effects use (REFERENCE.md §2.2); other keys fall back to the
#: inventory item of the same key, then to the key itself.
RESOURCE_NAMES = {
    "electricity": N_("电"),
    "natural_gas": N_("天然气"),
    "diesel": N_("柴油"),
    "water": N_("新鲜水"),
    "wastewater": N_("废水"),
    "ni": N_("镍"),
    "cod": N_("化学需氧量"),
    "sludge": N_("电镀污泥"),
    "coal": N_("煤"),
    "steam": N_("蒸汽"),
}


@dataclass
class ReportContext:
    data: AuditData
    results: AuditResults
    edition: str
    template: ReportTemplate

    @property
    def acceptance(self) -> bool:
        return self.edition == ACCEPTANCE

    @property
    def language(self) -> str:
        return self.template.language

    def rows(self, model: type[M]) -> list[M]:
        """Rows in the order the auditor put them (position, then id); a new list each time."""
        return list(self._ordered(model))

    def _ordered(self, model: type[M]) -> list[M]:
        # Sorted once per table: the chapters ask for the same tables hundreds of times on a large audit.
        cache = self.__dict__.setdefault("_ordered_rows", {})
        if model not in cache:
            rows = self.data.rows(model)
            if rows and hasattr(rows[0], "position"):
                rows = sorted(rows, key=lambda r: (r.position, r.id or 0))
            cache[model] = list(rows)
        return cache[model]

    @cached_property
    def info(self) -> AuditInfo:
        return self.data.one(AuditInfo)

    @cached_property
    def enterprise(self) -> Enterprise:
        return self.data.one(Enterprise)

    @cached_property
    def consultancy(self) -> Consultancy | None:
        rows = self.data.rows(Consultancy)
        return rows[0] if rows and rows[0].name_zh else None

    @cached_property
    def full_years(self) -> list[Period]:
        """The full-year periods (the multi-year tables); part years are never set beside them."""
        return [p for p in self.rows(Period) if p.kind == PeriodKind.full_year]

    def period_label(self, period: Period) -> str:
        return period.label_zh or period.key

    @cached_property
    def baseline(self) -> Period | None:
        return self.names.periods.get(self.info.baseline_period_key or "")

    @cached_property
    def verification(self) -> Period | None:
        return self.names.periods.get(self.info.verification_period_key or "")

    @cached_property
    def names(self) -> AuditNames:
        return AuditNames(self.data)

    def items(self, *categories: ItemCategory) -> list[InventoryItem]:
        return [i for i in self.rows(InventoryItem) if i.category in categories]

    def item_name(self, item: InventoryItem) -> str:
        """The item's formula name (ni_line.plated_area), the key of its figures in the results."""
        return self.names.by_item_id.get(item.id, item.key)

    def item_value(self, item: InventoryItem, period: Period) -> float | None:
        """The stored value of an item in a period, in the item's unit (None when not entered)."""
        try:
            return self.names.item_value(self.item_name(item), period)
        except AuditError:  # a value in an unknown unit: the engine lists it under problems
            return None

    def item_values(self, item: InventoryItem) -> list[float | None]:
        return [self.item_value(item, p) for p in self.full_years]

    @cached_property
    def options(self) -> list[Option]:
        return self.rows(Option)

    def option(self, code: str) -> Option | None:
        return self._options_by_code.get(code)

    @cached_property
    def _options_by_code(self) -> dict[str, Option]:
        found: dict[str, Option] = {}
        for option in self.options:
            found.setdefault(option.code, option)  # the first, as a search in order finds it
        return found

    @cached_property
    def nodes(self) -> dict[int, Node]:
        return {n.id: n for n in self.rows(Node)}

    def node_code(self, node_id: int) -> str:
        node = self.nodes.get(node_id)
        return node.code if node else ""

    def node_name(self, code: str) -> str:
        node = self._nodes_by_code.get(code)
        return node.name_zh if node and node.name_zh else code

    @cached_property
    def _nodes_by_code(self) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for node in self.nodes.values():
            found.setdefault(node.code, node)
        return found

    def resource_name(self, key: str) -> str:
        if key in RESOURCE_NAMES:
            return _(RESOURCE_NAMES[key])
        item = next((i for i in self.data.rows(InventoryItem) if i.key == key), None)
        return item.name_zh if item and item.name_zh else key

    @property
    def enterprise_name(self) -> str:
        english = self.language == "en" and self.enterprise.name_en
        return (self.enterprise.name_en if english else self.enterprise.name_zh) or ""
