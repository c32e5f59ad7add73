"""AttachmentsPanel: photos and documents of one record (a finding, a training, equipment ...), stored in
the audit file. Add by file dialog or drag and drop, see thumbnails, edit captions, open, delete."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cp_audit import services
from cp_audit.attachments import MAX_BYTES, prepare_attachment
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.models import Attachment
from cp_audit.models.base import OwnerKind
from ui import dialogs
from ui.formatting import format_number
from ui.icons import Icon, icon
from ui.undo import AddRowCommand, DeleteRowsCommand, UpdateFieldsCommand

logger = logging.getLogger(__name__)


def read_attachment(path: Path, owner_kind: OwnerKind, owner_id: int) -> tuple[dict[str, Any], list[str]]:
    """The values to store for a file (cp_audit.attachments: media type from the bytes, a safe name, a
    thumbnail made without decoding a huge image in full) and notes for the user."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # enough to be refused as too large, never a whole huge file
    prepared = prepare_attachment(owner_kind, owner_id, path.name, data)
    return prepared.values, prepared.notes


class AttachmentList(QListWidget):
    """Thumbnails with captions; files dropped here are added."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        line = self.fontMetrics().height()
        self.setIconSize(QSize(line * 6, line * 6))
        self.setGridSize(QSize(line * 9, line * 9))
        self.setMinimumHeight(line * 10)

    def _local_files(self, event) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and Path(u.toLocalFile()).is_file()]

    def dragEnterEvent(self, event) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)


class AttachmentsPanel(QWidget):
    """Attachments of the record set with set_owner(); every change is an undo command."""

    def __init__(self, context, owner_kind: OwnerKind, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.owner_kind = context, owner_kind
        self.owner_id: int | None = None
        self.rows: list[Attachment] = []
        self._filling = False
        self._build()
        context.data_changed.connect(self._on_data_changed)
        self.set_owner(None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(icon(Icon.attach), _("添加附件…"))
        self.open_button = QPushButton(icon(Icon.view), _("打开"))
        self.delete_button = QPushButton(icon(Icon.remove), _("删除"))
        for button in (self.add_button, self.open_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list = AttachmentList(self)
        layout.addWidget(self.list, 1)
        self.hint = QLabel(_("可把照片或文件拖到这里；双击打开，按 F2 修改说明。"))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #b71c1c;")
        self.note.hide()
        layout.addWidget(self.note)
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.list.files_dropped.connect(self.add_files)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemChanged.connect(self._on_caption_edited)

    def set_owner(self, owner_id: int | None) -> None:
        self.owner_id = owner_id
        self.note.hide()
        self.reload()

    def _on_data_changed(self, tables: set[str]) -> None:
        if "attachment" in tables:
            self.reload()

    def reload(self) -> None:
        audit = self.context.audit
        self.rows = (
            []
            if audit is None or self.owner_id is None
            else services.rows(audit, Attachment, owner_kind=self.owner_kind, owner_id=self.owner_id)
        )
        self._filling = True
        self.list.clear()
        for row in self.rows:
            self.list.addItem(self._item(row))
        self._filling = False
        writable = self.owner_id is not None and not self.context.read_only
        for widget in (self.add_button, self.delete_button):
            widget.setEnabled(writable)
        self.list.setAcceptDrops(writable)
        self.open_button.setEnabled(bool(self.rows))

    def _item(self, row: Attachment) -> QListWidgetItem:
        item = QListWidgetItem(self._icon(row), row.caption or row.file_name)
        item.setData(Qt.ItemDataRole.UserRole, row.id)
        item.setToolTip(
            _("{0}\n{1}，{2} KB").format(
                row.file_name, row.media_type, format_number(row.size_bytes / 1024, 1)
            )
        )
        if not self.context.read_only:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    @staticmethod
    def _icon(row: Attachment) -> QIcon:
        if row.thumbnail:
            pixmap = QPixmap()
            if pixmap.loadFromData(row.thumbnail, "PNG"):
                return QIcon(pixmap)
        return icon(Icon.image if row.media_type.startswith("image/") else Icon.document)

    def selected_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    def choose_files(self) -> None:
        files = dialogs.choose_open_files(self, _("添加附件"), self.context.settings.last_folder)
        if files:
            self.context.settings.last_folder = files[0].parent
            self.add_files(files)

    def add_files(self, files: list[Path]) -> bool:
        """Add files as one undo step; notes (not an image, too large to preview) are shown below."""
        if self.owner_id is None or self.context.read_only:
            return False
        commands, notes = [], []
        try:
            for path in files:
                values, found = read_attachment(Path(path), self.owner_kind, self.owner_id)
                commands.append(AddRowCommand(self.context.audit, Attachment, values, _("添加附件")))
                notes += found
            self.context.execute_all(_("添加 {0} 个附件").format(len(commands)), commands)
        except (AuditError, OSError) as exc:
            notes.append(exc.message if isinstance(exc, AuditError) else str(exc))
            self._show_note(notes)
            return False
        self._show_note(notes)
        return True

    def _show_note(self, notes: list[str]) -> None:
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))

    def _on_caption_edited(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        row = next((r for r in self.rows if r.id == item.data(Qt.ItemDataRole.UserRole)), None)
        if row is None:
            return
        text = item.text().strip()
        caption = None if text in ("", row.file_name) else text  # the file name is shown when there is none
        if caption == row.caption:
            return
        command = UpdateFieldsCommand(
            self.context.audit, Attachment, row.id, {"caption": caption}, _("修改附件说明")
        )
        try:
            self.context.execute(command)
        except AuditError as exc:
            self._show_note([exc.message])

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and not self.context.read_only:
            command = DeleteRowsCommand(
                self.context.audit, Attachment, ids, _("删除 {0} 个附件").format(len(ids))
            )
            self.context.execute(command)

    def open_selected(self) -> Path | None:
        """Open a copy of the attachment with the system's viewer (the stored file stays untouched)."""
        ids = self.selected_ids() or ([self.rows[0].id] if len(self.rows) == 1 else [])
        row = next((r for r in self.rows if ids and r.id == ids[0]), None)
        if row is None:
            return None
        folder = Path(tempfile.gettempdir()) / "cp-audit-attachments" / str(row.id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / Path(row.file_name).name
        target.write_bytes(row.data)
        if not dialogs.open_externally(target):
            dialogs.show_error(
                self, _("没有找到可以打开“{0}”的程序。文件副本在：{1}").format(row.file_name, target)
            )
        return target
