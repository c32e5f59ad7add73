"""ExportDialog: what to export and where, before a deliverable is written. The report asks for its
edition (评估版 / 验收版); the report, the worksheets and the template ask for a language; every export
asks for a file name (typed, or chosen with 浏览…)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cp_audit.i18n import LANGUAGES, _
from ui import dialogs

ASSESSMENT = "assessment"  # the values cp_audit.reports.template uses for the two editions
ACCEPTANCE = "acceptance"


def edition_names() -> dict[str, str]:
    return {ASSESSMENT: _("评估版"), ACCEPTANCE: _("验收版")}


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    language: str
    edition: str | None = None  # the report only
    prefill: bool = False  # the template only: fill in the audit's periods, items, streams and options


class ExportDialog(QDialog):
    """Edition (optional), language, and file name; OK only with a file name in an existing folder.
    The suggested name follows the edition until the user types their own."""

    def __init__(
        self,
        title: str,
        folder: Path,
        stem: str,
        kind: str,
        *,
        language: str,
        editions: bool = False,
        prefill: bool | None = None,
        accept_text: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.folder, self.stem, self.kind = folder, stem, kind
        self._named_by_user = False
        self._confirmed: Path | None = None  # chosen with 浏览…, whose file dialog asked about replacing
        form = QFormLayout()
        self.edition_group = QButtonGroup(self)
        self.edition_buttons: dict[str, QRadioButton] = {}
        if editions:
            form.addRow(_("报告版本："), self._build_editions())
        self.language_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        form.addRow(_("语言(&L)："), self.language_combo)
        self.prefill_check = QCheckBox(_("预先填入本审核的年份、物料、物流、方案和监测项目"))
        self.prefill_check.setChecked(bool(prefill))
        if prefill is not None:
            form.addRow("", self.prefill_check)
        form.addRow(_("文件(&F)："), self._build_file_row())
        self.message = QLabel()
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setWordWrap(True)
        self.message.hide()  # takes room only when it has something to say
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(accept_text or _("导出"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._suggest_name()
        self.path_edit.textEdited.connect(self._on_name_typed)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def _build_editions(self) -> QWidget:
        """A radio button per edition, each with what it holds in a wrapped line below (long in English)."""
        box = QWidget()
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        hints = {
            ASSESSMENT: _("前言至第五章，送评估时提交"),
            ACCEPTANCE: _("全部章节、实施效果和绩效表，送验收时提交"),
        }
        for edition, name in edition_names().items():
            button = QRadioButton(name)
            hint = QLabel(hints[edition])
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            hint.setContentsMargins(button.iconSize().width() + 8, 0, 0, 4)
            self.edition_group.addButton(button)
            self.edition_buttons[edition] = button
            rows.addWidget(button)
            rows.addWidget(hint)
        self.edition_buttons[ASSESSMENT].setChecked(True)
        for button in self.edition_buttons.values():
            button.toggled.connect(self._suggest_name)
        return box

    def _build_file_row(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton(_("浏览(&B)…"))
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        return box

    # ---- the choice --------------------------------------------------------------------------------

    def edition(self) -> str | None:
        return next((e for e, b in self.edition_buttons.items() if b.isChecked()), None)

    def set_edition(self, edition: str) -> None:
        self.edition_buttons[edition].setChecked(True)

    def set_language(self, language: str) -> None:
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self._named_by_user = True

    def request(self) -> ExportRequest:
        return ExportRequest(
            path=Path(self.path_edit.text().strip()).expanduser(),
            language=self.language_combo.currentData(),
            edition=self.edition(),
            prefill=self.prefill_check.isChecked(),
        )

    def _suggested_path(self) -> Path:
        edition = self.edition()
        name = f"{self.stem}-{edition_names()[edition]}" if edition else self.stem
        return self.folder / (name + dialogs.SUFFIXES[self.kind])

    def _suggest_name(self, *_args) -> None:
        if not self._named_by_user:
            self.path_edit.setText(str(self._suggested_path()))

    def _on_name_typed(self, _text: str) -> None:
        self._named_by_user = True
        self.message.hide()

    def _browse(self) -> None:
        current = self.path_edit.text().strip()
        chosen = dialogs.choose_save_file(
            self, self.windowTitle(), Path(current) if current else self._suggested_path(), self.kind
        )
        if chosen is not None:
            self.set_path(chosen)
            self._confirmed = chosen

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def accept(self) -> None:
        """Refuse an empty name or a missing folder here, where the user can still fix it."""
        text = self.path_edit.text().strip()
        path = self.request().path
        if not text:
            self._say(_("请填写文件名。"))
        elif not path.parent.is_dir():
            self._say(_("文件夹 {0} 不存在；请选择一个已有的文件夹。").format(path.parent))
        elif path.is_dir():
            self._say(_("{0} 是一个文件夹；请填写文件名。").format(path))
        else:
            if path.suffix.lower() != dialogs.SUFFIXES[self.kind]:
                self.path_edit.setText(str(path.with_name(path.name + dialogs.SUFFIXES[self.kind])))
                path = self.request().path
            if (
                path.exists()
                and path != self._confirmed
                and not dialogs.confirm(self, _("{0} 已存在。要替换它吗？").format(path.name))
            ):
                return
            super().accept()
            return
        self.path_edit.setFocus()
