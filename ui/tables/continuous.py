"""Table models of phase 7 持续清洁生产: the CP management rules and the next-round plan."""

from __future__ import annotations

from cp_audit.models import CpRule, NextRoundItem
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.table_models import RowTableModel


class CpRuleTableModel(RowTableModel):
    table = CpRule

    class Column(ColumnEnum):
        name = ColumnSpec("name_zh", width_chars=50)
        issued_on = ColumnSpec("issued_on")


class NextRoundTableModel(RowTableModel):
    table = NextRoundItem

    class Column(ColumnEnum):
        item = ColumnSpec("item_zh", kind=Kind.long_text, width_chars=40)
        when = ColumnSpec("when_zh", width_chars=14)
        responsible = ColumnSpec("responsible_zh", width_chars=18)
        expected = ColumnSpec("expected_zh", kind=Kind.long_text, width_chars=30)
