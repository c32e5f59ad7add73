"""Photos and scans for the PDF: checked with Pillow, turned upright, downscaled when huge, and made into
ReportLab flowables.

Anything over MAX_PIXELS on its long side is resized and re-encoded: a 50 MB photo must not bloat the PDF.
A JPEG or PNG that needs neither is embedded as it is.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image as RLImage

logger = logging.getLogger(__name__)

MAX_PIXELS = 2000
JPEG_QUALITY = 85
PASS_THROUGH_FORMATS = {"JPEG", "PNG"}


@dataclass(frozen=True)
class PreparedImage:
    data: bytes
    width_px: int
    height_px: int


def prepare_image(data: bytes) -> PreparedImage | None:
    """The image ready to embed, or None when Pillow cannot read it (the report then says so)."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            size, changed = image.size, _rotated(image)
            as_it_is = not changed and max(size) <= MAX_PIXELS and image.format in PASS_THROUGH_FORMATS
            if as_it_is and image.format == "JPEG":
                # its pixels are not needed, only the proof that it decodes: the whole stream is read at
                # an eighth of the size (a third of the time for the benchmark audit's photos)
                image.draft(image.mode, (max(1, size[0] // 8), max(1, size[1] // 8)))
            image.load()
        if as_it_is:
            return PreparedImage(data, *size)
        upright = ImageOps.exif_transpose(image) if changed else image
        if max(upright.size) > MAX_PIXELS:
            upright.thumbnail((MAX_PIXELS, MAX_PIXELS), Image.Resampling.LANCZOS)
        return PreparedImage(_encode(upright), *upright.size)
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        logger.warning("image not embedded: %s", error)
        return None


def _rotated(image) -> bool:
    orientation = image.getexif().get(0x0112, 1)  # EXIF Orientation; 1 is upright
    return orientation not in (1, None)


def _encode(image) -> bytes:
    out = io.BytesIO()
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
    else:
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def image_flowable(image: PreparedImage, width: float, height: float) -> RLImage:
    """The image drawn `width` × `height` points; a JPEG is embedded as it is, without being decoded."""
    flowable = RLImage(io.BytesIO(image.data), width, height)
    if image.data[:3] == b"\xff\xd8\xff":
        flowable._img = _NamedJpeg(image.data)  # instead of the plain reader ReportLab would make
    return flowable


class _NamedJpeg(ImageReader):
    """A JPEG for canvas.drawImage, which names every image by hashing what getRGBData returns: for a
    plain reader its decoded pixels (several MB per photo, decoded and kept only for the name). The JPEG
    itself goes into the PDF as it is (DCTDecode, through jpeg_fh), so a digest of its bytes names it."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self._name = hashlib.sha256(data).digest()
        self._dataA = None  # no alpha channel: drawImage reads it after getRGBData

    def getRGBData(self) -> bytes:
        return self._name
