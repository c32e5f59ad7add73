"""BalanceChooser: which balance of the focus (water, total mass, an element) a phase-3 view shows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from cp_audit import services
from cp_audit.i18n import _
from cp_audit.models import Balance
from ui.columns import enum_label, typeset_unit


class BalanceChooser(QWidget):
    """A labelled list of the balances; `balance_changed(Balance or None)` follows the choice, also when
    the chosen balance is edited or deleted."""

    balance_changed = Signal(object)

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.balances: list[Balance] = []
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("平衡：")))
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.currentIndexChanged.connect(lambda _index: self.balance_changed.emit(self.current()))
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    def _on_data_changed(self, tables: set[str]) -> None:
        if "balance" in tables:
            self.reload()

    def reload(self) -> None:
        chosen = self.current()
        self.balances = services.rows(self.context.audit, Balance) if self.context.audit else []
        self.combo.blockSignals(True)
        self.combo.clear()
        for balance in self.balances:
            text = _("{0}（{1}，{2}）").format(
                balance.name_zh, enum_label(balance.kind), typeset_unit(balance.unit)
            )
            self.combo.addItem(text, balance.id)
        position = next((i for i, b in enumerate(self.balances) if chosen and b.id == chosen.id), 0)
        self.combo.setCurrentIndex(position if self.balances else -1)
        self.combo.blockSignals(False)
        self.balance_changed.emit(self.current())

    def current(self) -> Balance | None:
        index = self.combo.currentIndex() if hasattr(self, "combo") else -1
        return self.balances[index] if 0 <= index < len(self.balances) else None

    def choose(self, key: str) -> None:
        index = next((i for i, b in enumerate(self.balances) if b.key == key), -1)
        if index >= 0:
            self.combo.setCurrentIndex(index)
