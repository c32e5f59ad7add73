"""Attachments of a record through the panel: thumbnails (made by cp_audit.attachments without decoding
huge images at full size), files that only claim to be images kept as documents with a note, captions,
opening a copy, deleting, drag and drop, undo."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QPixmap

from cp_audit import services
from cp_audit.attachments import THUMBNAIL_PX
from cp_audit.models import Attachment, SiteFinding
from cp_audit.models.base import OwnerKind
from ui import dialogs
from ui.attachments import AttachmentsPanel


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


@pytest.fixture(scope="session")
def huge_png(tmp_path_factory) -> Path:
    """A real 20000×20000 grey PNG (400 MB once decoded, 2 MB on disk)."""
    width = height = 20000
    compressor = zlib.compressobj(1)
    block = (b"\x00" + b"\x80" * width) * 500
    data = b"".join(compressor.compress(block) for _ in range(height // 500)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path = tmp_path_factory.mktemp("images") / "huge.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )
    return path


@pytest.fixture
def photo(tmp_path) -> Path:
    image = QImage(1200, 800, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    path = tmp_path / "现场照片.jpg"
    assert image.save(str(path), "JPG")
    return path


@pytest.fixture
def panel(qtbot, context):
    finding = services.add(context.audit, SiteFinding, {"code": "SF1", "finding_zh": "滴漏"})
    widget = AttachmentsPanel(context, OwnerKind.site_finding)
    qtbot.addWidget(widget)
    widget.set_owner(finding.id)
    return widget


def test_a_photo_is_stored_with_a_small_thumbnail(panel, context, photo):
    assert panel.add_files([photo])
    row = services.rows(context.audit, Attachment)[0]
    assert (row.owner_kind, row.media_type, row.file_name) == (
        OwnerKind.site_finding,
        "image/jpeg",
        "现场照片.jpg",
    )
    assert (
        row.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
        and row.size_bytes == photo.stat().st_size
    )
    thumbnail = QPixmap()
    assert thumbnail.loadFromData(row.thumbnail, "PNG")
    assert thumbnail.width() == THUMBNAIL_PX and abs(thumbnail.height() - THUMBNAIL_PX * 2 / 3) <= 1
    assert not panel.list.item(0).icon().isNull()
    assert panel.list.count() == 1 and panel.note.isHidden()
    context.undo_stack.undo()
    assert services.rows(context.audit, Attachment) == [] and panel.list.count() == 0
    context.undo_stack.redo()
    assert services.rows(context.audit, Attachment)[0].data == photo.read_bytes()


def test_a_file_that_only_claims_to_be_an_image_is_kept_as_a_document(panel, context, tmp_path):
    fake = tmp_path / "照片.jpg"
    fake.write_text("这不是图片")
    assert panel.add_files([fake])
    row = services.rows(context.audit, Attachment)[0]
    assert not row.media_type.startswith("image/") and row.thumbnail is None
    assert "照片.jpg" in panel.note.text() and "文档" in panel.note.text() and not panel.note.isHidden()


def test_an_image_with_a_damaged_body_is_kept_as_a_document(panel, context, photo, tmp_path):
    broken = tmp_path / "坏照片.jpg"
    broken.write_bytes(photo.read_bytes()[:600])  # the header survives, the picture does not
    assert panel.add_files([broken])
    row = services.rows(context.audit, Attachment)[0]
    assert row.thumbnail is None and row.data == broken.read_bytes()
    assert not panel.note.isHidden()


def test_a_huge_image_is_stored_whole_without_a_thumbnail(panel, context, huge_png):
    assert panel.add_files([huge_png])
    row = services.rows(context.audit, Attachment)[0]
    assert (
        row.media_type == "image/png" and row.size_bytes == huge_png.stat().st_size and row.thumbnail is None
    )
    assert "太大" in panel.note.text()
    assert panel.list.count() == 1  # shown with the image icon instead of a thumbnail


def test_caption_open_and_delete(panel, context, photo, monkeypatch):
    panel.add_files([photo])
    item = panel.list.item(0)
    item.setText("挂具带液")
    assert services.rows(context.audit, Attachment)[0].caption == "挂具带液"
    opened = []
    monkeypatch.setattr(dialogs, "open_externally", lambda path: opened.append(path) or True)
    panel.list.setCurrentRow(0)
    copy = panel.open_selected()
    assert opened == [copy] and copy.read_bytes() == photo.read_bytes()
    panel.list.item(0).setSelected(True)
    panel.delete_selected()
    assert services.rows(context.audit, Attachment) == []
    context.undo_stack.undo()
    assert services.rows(context.audit, Attachment)[0].caption == "挂具带液"


def test_files_dropped_on_the_list_are_added(panel, context, photo):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    panel.list.dropEvent(event)
    assert [r.file_name for r in services.rows(context.audit, Attachment)] == ["现场照片.jpg"]


def test_attachments_go_and_come_back_with_their_finding(panel, context, photo):
    panel.add_files([photo])
    finding = services.rows(context.audit, SiteFinding)[0]
    removed = services.delete_rows(context.audit, SiteFinding, [finding.id])
    assert services.rows(context.audit, Attachment) == [] and panel.list.count() == 0
    services.restore(context.audit, removed)
    assert panel.list.count() == 1
