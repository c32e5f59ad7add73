"""Data pages for the steps of phases 3–7 that have no dedicated page yet: each shows and edits the step's
own data with the generic building blocks (tables of chosen fields, forms, a checklist of the steps a
report needs). A page module that names the step in its STEPS takes it over."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from sqlmodel import SQLModel

from cp_audit.i18n import _
from cp_audit.models import (
    Option,
)
from cp_audit.models.base import Phase, Screening
from cp_audit.phases import Step
from ui.columns import ColumnEnum, ColumnSpec, Kind
from ui.forms import RecordForm
from ui.icons import Icon, icon
from ui.navigator import missing_text
from ui.pages.base import StepPage, column, scrolled, section, stacked
from ui.table_editor import TableEditor
from ui.table_models import RowTableModel
from ui.tables.options import OptionTableModel

LONG = Kind.long_text
PERCENT = Kind.percent


@dataclass(frozen=True)
class Table:
    """A table of some fields of one table (optionally filtered) on a generic page."""

    title: str  # msgid
    table: type[SQLModel]
    fields: tuple[Any, ...]
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Form:
    title: str
    table: type[SQLModel]
    fields: tuple[Any, ...]


@dataclass(frozen=True)
class Checklist:
    phases: tuple[Phase, ...]


def spec(name: str, kind: Kind | None = None) -> ColumnSpec:
    return ColumnSpec(name, kind=kind)


def model_class(table: type[SQLModel], fields: tuple[Any, ...]) -> type[RowTableModel]:
    """A table model of the given fields, built on the table's own model class when there is one."""
    base = OptionTableModel if table is Option else RowTableModel
    specs = {}
    for item in fields:
        if item == "cost_class":
            specs[item] = OptionTableModel.Column.cost_class.spec
        else:
            specs[item.field if isinstance(item, ColumnSpec) else item] = (
                item if isinstance(item, ColumnSpec) else ColumnSpec(item)
            )
    columns = ColumnEnum(f"{table.__name__}Column", specs)
    return type(f"{table.__name__}StepTableModel", (base,), {"table": table, "Column": columns})


OPTION_STUDY = {"screening": Screening.study}
STEP_DATA: dict[str, tuple[Any, ...]] = {}


class WrappedCellDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the column's width: a tree's own delegate measures text
    on one unbounded line, so a long 资料情况 (English especially) was cut to "Still missing: • Enter th…"."""

    def sizeHint(self, option, index):
        view = self.parent()
        # the style wraps only within a valid rect (a height too), and measures one line otherwise
        option.rect = QRect(0, 0, view.header().sectionSize(index.column()), 1 << 16)
        hint = super().sizeHint(option, index)
        return hint.grownBy(QMargins(0, 2, 0, 2))  # a gap, so that rows of two lines stay apart

    def natural_width(self, index) -> int:
        """The width the cell's text takes on one line (an invalid rect means no width to wrap at)."""
        option = QStyleOptionViewItem()
        option.initFrom(self.parent())
        option.rect = QRect()
        return super().sizeHint(option, index).width()


class ChecklistTree(QTreeWidget):
    """The steps of some phases, each complete or with what it still lacks (one missing item a line)."""

    STEP_SHARE = 0.5  # the step column gets at most this share of the width; both columns wrap

    def __init__(self, context, phases: tuple[Phase, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.phases = context, phases
        self.setHeaderLabels([_("步骤"), _("资料情况")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setItemDelegate(WrappedCellDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.header().setStretchLastSection(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        # row heights depend on the column widths: lay the rows out again when a column changes
        self.header().sectionResized.connect(lambda *_args: self.scheduleDelayedItemsLayout())
        context.states_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for state in self.context.states():
            if state.step.phase in self.phases:
                item = QTreeWidgetItem(
                    self, [f"{state.step.number}  {_(state.step.name)}", missing_text(state)]
                )
                item.setIcon(0, icon(Icon.complete if state.complete else Icon.incomplete))
        self._fit_columns()

    def _fit_columns(self) -> None:
        delegate, count = self.itemDelegate(), self.topLevelItemCount()
        natural = max(
            (delegate.natural_width(self.indexFromItem(self.topLevelItem(i), 0)) for i in range(count)),
            default=0,
        )
        self.setColumnWidth(0, min(natural, int(self.viewport().width() * self.STEP_SHARE)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()
        self.scheduleDelayedItemsLayout()


class StepDataPage(StepPage):
    """A page built from the blocks STEP_DATA lists for its step."""

    guidance = ""

    def build(self) -> QWidget:
        widgets = [self._block(block) for block in STEP_DATA.get(self.step.number, ())]
        return widgets[0] if len(widgets) == 1 else stacked(*widgets)

    def _block(self, block: Any) -> QWidget:
        if isinstance(block, Table):
            model = model_class(block.table, block.fields)(self.context, block.filters)
            return section(_(block.title), TableEditor(model, visible_rows=5))
        if isinstance(block, Form):
            form = RecordForm(self.context, block.table, block.fields, singleton=True)
            return scrolled(column(section(_(block.title), form, stretch=False)))
        return section(_("各步骤资料情况"), ChecklistTree(self.context, block.phases))


def generic_page(context, step: Step) -> StepPage:
    return StepDataPage(context, step)
