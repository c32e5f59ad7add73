"""Attachments from files nobody checked: a safe stored name, the media type read from the bytes (never
from the name), a size limit, and a small PNG thumbnail made without decoding a huge image in full.

Images are opened through Pillow's format plugins directly, which read only the header; JPEGs are then
decoded at 1/2 to 1/8 scale (draft), and any image whose decoded size would still exceed
decode_limit() pixels is stored whole but without a thumbnail. Pillow's own Image.open check would
refuse a 20000 × 20000 JPEG before draft could shrink it, and only warns between 1× and 2× its limit.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PIL import Image, ImageOps

from cp_audit import services
from cp_audit.database import AuditFile
from cp_audit.errors import AuditError
from cp_audit.i18n import _
from cp_audit.models import Attachment, table_class
from cp_audit.models.base import OwnerKind

logger = logging.getLogger(__name__)

MAX_BYTES = 200 * 1024 * 1024
THUMBNAIL_PX = 256
EXIF_ORIENTATION = 0x0112  # the EXIF tag; 1 is upright
MAX_DECODE_PIXELS = 50_000_000  # ~150 MB as RGB: a 50-megapixel photo still gets a thumbnail
DEFAULT_NAME = "attachment"
_NAME_BYTES = 255  # the longest file name most file systems accept, in UTF-8 bytes
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"),
}
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_BIDI_AND_BOM = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic")
_OFFICE = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class AttachmentError(AuditError):
    """A file that cannot be attached (too large, empty, or its record does not exist)."""


@dataclass
class PreparedAttachment:
    """The values to store, and what the user should be told about the file."""

    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def add_attachment(
    audit: AuditFile,
    owner_kind: OwnerKind | str,
    owner_id: int,
    file_name: str,
    data: bytes,
    caption: str | None = None,
) -> Attachment:
    """Store `data` as an attachment of one record (through services.add, so it is validated)."""
    owner_kind = OwnerKind(owner_kind)
    services.get(audit, table_class(services.OWNER_TABLES[owner_kind]), owner_id)  # AuditError if missing
    prepared = prepare_attachment(owner_kind, owner_id, file_name, data, caption)
    for note in prepared.notes:
        logger.info("attachment %s: %s", prepared.values["file_name"], note)
    return services.add(audit, Attachment, prepared.values)


def prepare_attachment(
    owner_kind: OwnerKind, owner_id: int, file_name: str, data: bytes, caption: str | None = None
) -> PreparedAttachment:
    """The stored values of a file (for callers that add them themselves, e.g. with undo)."""
    name = safe_file_name(file_name)
    if len(data) > MAX_BYTES:
        raise AttachmentError(
            _("“{0}”有 {1:.0f} MB，超过 {2} MB 的附件上限；请压缩或拆分后再添加。").format(
                name, len(data) / 1024 / 1024, MAX_BYTES // 1024 // 1024
            )
        )
    if not data:
        raise AttachmentError(
            _("“{0}”是空文件（0 字节），没有可添加的内容；请检查文件是否复制完整。").format(name)
        )
    media_type = sniff_media_type(data)
    thumbnail, media_type, notes = _preview(name, data, media_type)
    values = {
        "owner_kind": owner_kind,
        "owner_id": owner_id,
        "file_name": name,
        "media_type": media_type,
        "caption": caption,
        "data": data,
        "thumbnail": thumbnail,
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "added_at": datetime.now(UTC),
    }
    return PreparedAttachment(values, notes)


def _preview(name: str, data: bytes, media_type: str) -> tuple[bytes | None, str, list[str]]:
    """(thumbnail, media type, notes): an image that cannot be read is stored as a document."""
    claims_image = name.lower().endswith(_IMAGE_SUFFIXES)
    if not media_type.startswith("image/"):
        note = _("“{0}”不是图片（内容为 {1}），已作为文档保存。").format(name, media_type)
        return None, media_type, [note] if claims_image else []
    try:
        return reduced_image(data, THUMBNAIL_PX, "PNG"), media_type, []
    except ImageTooLarge as exc:
        return (
            None,
            media_type,
            [_("“{0}”有 {1} × {2} 像素，太大，无法生成缩略图；文件已完整保存。").format(name, *exc.size)],
        )
    except UnreadableImage as exc:
        logger.info("%s is not a readable image: %s", name, exc)
        return (
            None,
            "application/octet-stream",
            [_("“{0}”不是可读取的图片，已作为文档保存（没有缩略图）。").format(name)],
        )


def image_for_report(attachment: Attachment, max_px: int) -> bytes | None:
    """The image scaled to at most `max_px` on its longer side, as JPEG (PNG when it has transparency);
    a photo that is already an upright colour or grey JPEG that size comes as it is (encoding it again
    would only cost time and quality). None when the attachment is not an image that can be read."""
    if not (attachment.media_type or "").startswith("image/"):
        return None
    try:
        if _fitting_jpeg(attachment.data, max_px):
            return attachment.data
        return reduced_image(attachment.data, max_px, None)
    except (ImageTooLarge, UnreadableImage) as exc:
        logger.info("no report image for %s: %s", attachment.file_name, exc)
        return None


# ---- names and media types ---------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """The base name of `name` as a file name safe to write on Windows, macOS and Linux: no folders,
    no control or direction-override characters, no reserved device names, at most 255 bytes."""
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]  # whichever separator the sender's system used
    name = "".join(ch for ch in name if not _invisible(ch))
    name = _FORBIDDEN.sub("_", name).strip().rstrip(". ")  # Windows drops trailing dots and spaces
    if not name.strip("."):
        return DEFAULT_NAME
    if name.split(".")[0].strip().upper() in _RESERVED:  # CON, nul.txt ... name devices on Windows
        name = "_" + name
    return _shorten(name)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI_AND_BOM


def _shorten(name: str) -> str:
    if len(name.encode("utf-8")) <= _NAME_BYTES:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 16:
        stem, suffix = name, ""
    tail = f".{suffix}" if suffix else ""
    budget = _NAME_BYTES - len(tail.encode("utf-8"))
    return stem.encode("utf-8")[:budget].decode("utf-8", "ignore") + tail


def sniff_media_type(data: bytes) -> str:
    """The media type the content shows (magic numbers), whatever the file is called."""
    head = data[:16]
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "image/heic"
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if _is_text(data[:8192]):
        return "text/plain"
    return "application/octet-stream"


_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"%PDF-", "application/pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
]


def _zip_type(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())  # reads the directory only
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "application/zip"
    return next((kind for member, kind in _OFFICE.items() if member in names), "application/zip")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut at the end of the sample
    return True


# ---- images ---------------------------------------------------------------------------------------


class ImageTooLarge(Exception):
    def __init__(self, size: tuple[int, int]):
        super().__init__(f"{size[0]} × {size[1]} pixels")
        self.size = size


class UnreadableImage(Exception):
    """The bytes claim an image format but cannot be decoded."""


def decode_limit() -> int:
    """Pixels we decode at most: ours, or Pillow's MAX_IMAGE_PIXELS when someone set it lower."""
    return min(MAX_DECODE_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_DECODE_PIXELS)


def reduced_image(data: bytes, max_px: int, image_format: str | None) -> bytes:
    """The image scaled to fit max_px × max_px, encoded as `image_format` (None: JPEG, or PNG when it
    has transparency). Raises ImageTooLarge or UnreadableImage."""
    try:
        image = _open_header(data)
        if image.format == "JPEG":
            image.draft(image.mode, (max_px, max_px))  # decode at 1/2 .. 1/8 scale when that is enough
        if image.size[0] * image.size[1] > decode_limit():
            raise ImageTooLarge(image.size)
        image.thumbnail((max_px, max_px))
        image = _displayable(_upright(image))
        out = io.BytesIO()
        image_format = image_format or ("PNG" if image.mode == "RGBA" else "JPEG")
        image.save(out, image_format, **({"quality": 85} if image_format == "JPEG" else {"optimize": True}))
        return out.getvalue()
    except ImageTooLarge:
        raise
    except Exception as exc:  # a damaged file can make any decoder fail in any way: never a crash
        raise UnreadableImage(f"{type(exc).__name__}: {exc}") from exc


def _fitting_jpeg(data: bytes, max_px: int) -> bool:
    """Whether `data` is an upright RGB or grey JPEG within max_px × max_px that decodes (checked at an
    eighth of its size: the whole stream is read, its pixels are not needed)."""
    try:
        image = _open_header(data)
        if image.format != "JPEG" or image.mode not in ("RGB", "L") or max(image.size) > max_px:
            return False
        if image.getexif().get(EXIF_ORIENTATION, 1) != 1:
            return False
        image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
        return True
    except Exception:  # damaged: reduced_image says how
        return False


def _open_header(data: bytes) -> Image.Image:
    """The image with only its header read, through the plugin of the format its bytes show."""
    from PIL import BmpImagePlugin, GifImagePlugin, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

    plugins = {
        "image/png": PngImagePlugin.PngImageFile,
        "image/jpeg": JpegImagePlugin.JpegImageFile,
        "image/gif": GifImagePlugin.GifImageFile,
        "image/bmp": BmpImagePlugin.BmpImageFile,
        "image/tiff": TiffImagePlugin.TiffImageFile,
    }
    media_type = sniff_media_type(data)
    if media_type == "image/webp":
        from PIL import WebPImagePlugin

        return WebPImagePlugin.WebPImageFile(io.BytesIO(data))
    if media_type not in plugins:
        raise UnreadableImage(f"no decoder for {media_type}")
    return plugins[media_type](io.BytesIO(data))


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)  # phone photos are stored sideways with an orientation tag
    except Exception:  # a damaged EXIF block only costs the rotation
        return image


def _displayable(image: Image.Image) -> Image.Image:
    if image.mode in (
        "I;16",
        "I;16B",
        "I;16L",
        "I",
        "F",
    ):  # 16-bit scans: stretch to 8 bits or they show white
        low, high = image.getextrema()
        scale = 255 / (high - low) if high > low else 0
        return image.convert("F").point(lambda v: (v - low) * scale).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")
