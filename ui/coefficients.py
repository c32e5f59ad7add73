"""CoefficientDialog: the coefficient sets of the open audit (standard coal 当量值/等价值, CO2 factors,
calorific values, each dated and with its source): which set the audit uses for each purpose, the
audit's own sets and their coefficients (editable), and the library shipped with the program, from
which a set or chosen factors are copied into the audit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cp_audit.errors import AuditError
from cp_audit.i18n import N_, _
from cp_audit.models import AuditInfo, Coefficient, CoefficientSet
from cp_audit.models.base import CoefficientKind
from ui.columns import ColumnEnum, ColumnSpec, Kind, typeset_unit
from ui.formatting import format_date, format_number
from ui.forms import RecordForm
from ui.pages.base import column, hint, section, side_by_side, tabs
from ui.table_editor import TableEditor
from ui.table_models import RowTableModel
from ui.undo import ServiceCommand

AUDIT_CHOICES = ["tce_set_id", "tce_equal_value_set_id", "co2_set_id", "energy_content_set_id"]


class CoefficientSetTableModel(RowTableModel):
    table = CoefficientSet
    code_prefix = "set"

    class Column(ColumnEnum):
        key = ColumnSpec("key", width_chars=14)
        kind = ColumnSpec("kind", width_chars=16)
        name = ColumnSpec("name_zh", width_chars=26)
        geography = ColumnSpec("geography")
        data_year = ColumnSpec("data_year")
        published_on = ColumnSpec("published_on")
        publisher = ColumnSpec("publisher")
        document = ColumnSpec("document", width_chars=18)
        source = ColumnSpec("source", width_chars=14)
        note = ColumnSpec("note", kind=Kind.long_text, width_chars=24)


class CoefficientTableModel(RowTableModel):
    """The coefficients of one set (a detail table: set_filters({'set_id': ...}))."""

    table = Coefficient

    class Column(ColumnEnum):
        carrier = ColumnSpec("carrier_key", width_chars=12)
        name = ColumnSpec("name_zh", width_chars=20)
        value = ColumnSpec("value")
        unit = ColumnSpec("unit", width_chars=10)
        data_year = ColumnSpec("data_year")
        standard = ColumnSpec("standard", width_chars=14)
        source = ColumnSpec("source", width_chars=16)
        confidence = ColumnSpec("confidence", width_chars=6)


class CopyLibraryCommand(ServiceCommand):
    """Copy library coefficients into the audit; undo takes the copies out again."""

    def __init__(self, audit, key: str, entries: list[int] | None, into: int | None):
        super().__init__(audit, _("从系数库复制"))
        self.table = Coefficient
        self.key, self.entries, self.into = key, entries, into
        self.copied = None
        self.removed = None

    def do(self) -> None:
        from cp_audit import services
        from cp_audit.coefficient_library import copy_library_set

        if self.removed is not None:
            services.restore(self.audit, self.removed)
        else:
            self.copied = copy_library_set(self.audit, self.key, self.entries, self.into)

    def revert(self) -> None:
        from cp_audit import services

        if self.copied.created_set:  # the set goes with its coefficients
            self.removed = services.delete_rows(self.audit, CoefficientSet, [self.copied.set_id])
        else:
            self.removed = services.delete_rows(self.audit, Coefficient, self.copied.coefficient_ids)


LIBRARY_HEADERS = (N_("系数集 / 能源品种"), N_("系数"), N_("单位"), N_("年份"), N_("来源"), N_("可信度"))


class LibraryTree(QTreeWidget):
    """The library's sets with their entries; an entry without a single value is greyed out."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from cp_audit.coefficient_library import library, usable

        self.setHeaderLabels([_(h) for h in LIBRARY_HEADERS])
        self.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        for key, source in library().items():
            dated = format_date(source.published_on) if source.published_on else ""
            top = QTreeWidgetItem(
                self,
                [
                    f"{source.name_zh} ({key})",
                    _(CoefficientKind(source.kind).label),
                    "",
                    str(source.data_year or dated),
                    source.standard or source.document or source.source,
                    source.confidence,
                ],
            )
            top.setData(0, Qt.ItemDataRole.UserRole, (key, None))
            for number, entry in enumerate(source.entries):
                value = format_number(entry.value) if entry.value is not None else _("需自行填写")
                child = QTreeWidgetItem(
                    top,
                    [
                        f"{entry.name_zh} ({entry.carrier_key})",
                        value,
                        typeset_unit(entry.unit),
                        str(entry.data_year or ""),
                        entry.source,
                        entry.confidence,
                    ],
                )
                child.setData(0, Qt.ItemDataRole.UserRole, (key, number))
                child.setDisabled(not usable(entry))
        self.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 44)

    def chosen(self) -> tuple[str, list[int] | None] | None:
        """(library set key, chosen entry positions or None for the whole set), or None."""
        picked = [i.data(0, Qt.ItemDataRole.UserRole) for i in self.selectedItems()]
        if not picked:
            return None
        key = picked[0][0]
        entries = sorted({n for k, n in picked if k == key and n is not None})
        return key, entries or None


class CoefficientDialog(QDialog):
    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("系数集"))
        self.choices = RecordForm(context, AuditInfo, AUDIT_CHOICES, singleton=True)
        self.sets = TableEditor(CoefficientSetTableModel(context), visible_rows=4)
        self.coefficients_model = CoefficientTableModel(context)
        self.coefficients_model.set_filters(None)
        self.coefficients = TableEditor(self.coefficients_model, visible_rows=5)
        self.sets.current_row_changed.connect(self._show_set)
        self.sets.select_first()
        self.library = LibraryTree()
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            tabs(
                (_("本审核的系数集"), self._build_audit_sets()),
                (_("系数库"), self._build_library()),
            ),
            1,
        )
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * 40)

    def _build_audit_sets(self) -> QWidget:
        note = _("计算使用这里选定的系数集；系数集是本审核的副本，可以修改，修改后请在“来源”中说明。")
        return column(
            section(_("本审核使用的系数"), self.choices, note=note, stretch=False),
            side_by_side(
                section(_("系数集"), self.sets),
                section(_("所选系数集的系数"), self.coefficients),
                sizes=(1, 1),
            ),
            stretch_last=True,
        )

    def _build_library(self) -> QWidget:
        self.copy_new = QPushButton(_("复制为新的系数集"))
        self.copy_into = QPushButton(_("加入本审核所选的系数集"))
        self.copy_new.clicked.connect(lambda: self.copy_from_library(into_current=False))
        self.copy_into.clicked.connect(lambda: self.copy_from_library(into_current=True))
        row = QHBoxLayout()
        row.addWidget(self.copy_new)
        row.addWidget(self.copy_into)
        row.addWidget(self.message, 1)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.addWidget(
            hint(
                _(
                    "程序附带的系数（GB/T 2589-2020、生态环境部和国家统计局发布的电网排放因子、燃料排放因子）。"
                    "选择整个系数集或其中的几项，复制到本审核；电网因子每次只能选一个地区和口径。"
                )
            )
        )
        layout.addWidget(self.library, 1)
        layout.addLayout(row)
        return holder

    def _show_set(self, set_id: int | None) -> None:
        self.coefficients_model.set_filters({"set_id": set_id} if set_id is not None else None)

    def copy_from_library(self, into_current: bool) -> bool:
        chosen = self.library.chosen()
        if chosen is None:
            self.message.setText(_("请先在上面选择一个系数集或其中的系数。"))
            return False
        into = self.sets.current_row_id() if into_current else None
        if into_current and into is None:
            self.message.setText(_("请先在“本审核的系数集”中选择要加入的系数集。"))
            return False
        command = CopyLibraryCommand(self.context.audit, chosen[0], chosen[1], into)
        try:
            self.context.execute(command)
        except AuditError as exc:
            self.message.setText(exc.message)
            return False
        self.message.setText(_("已复制 {0} 个系数。").format(len(command.copied.coefficient_ids)))
        return True


def show_coefficient_dialog(parent: QWidget, context) -> None:
    """The dialog of the open audit's coefficient sets (nothing without an open audit)."""
    if context.audit is None:
        return
    dialog = CoefficientDialog(context, parent)
    dialog.exec()
    dialog.deleteLater()
